"""Evidence shared by the claim checks of Naghizadeh & Liu (2014) over random draws.

Shares of draws in words, tallies of draws for :func:`replication.ledger.verdicts.verdict`,
the certificates of the game's Nash equilibria and optima a claim uses, the tolerance a
calibrated number must meet against the paper's, and the per-draw tests that Examples 1
and 2 have in common (so that each example's claim can run on the other example's draws
as its contrast case).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from replication.core.seeds import all_per_draw
from replication.ledger import ClaimResult
from replication.ledger.results import CrossCheck
from replication.ledger.verdicts import Tally, tally, verdict
from replication.naghizadeh2014.model.game import KKT_TOL, best_response, nash_equilibrium, social_optimum
from replication.naghizadeh2014.model.risk import IDSModel

#: A user's gain from its best reply above this, relative to its cost, refutes a Nash equilibrium.
BEST_REPLY_TOL = 1e-9
#: Tolerance of a number the paper prints as "close to" a value (relative): its savings.
CLOSE_TO = 0.10
#: Tolerance of a premium against the paper's (USD million): 1% of the loss L = 50, the
#: size below which the examples call a payment negligible.
PREMIUM_TOL = 0.5


def share_text(holds: NDArray[np.bool_]) -> str:
    """ "k of n draws (p%)" for a boolean array of draws."""
    return f"{int(holds.sum())} of {holds.size} draws ({holds.mean():.0%})"


def draws_tally(name: str, holds: ArrayLike, seeds: ArrayLike | None = None) -> Tally:
    """A :class:`~replication.ledger.verdicts.Tally` of boolean per-draw results, the
    counterexamples labelled by seed (by position when ``seeds`` is None)."""
    flags = np.asarray(holds, dtype=bool).ravel()
    labels = np.arange(flags.size) if seeds is None else np.asarray(seeds).ravel()
    if labels.size != flags.size:
        raise ValueError(f"seeds: need one per draw ({flags.size}), got {labels.size}")
    return tally(name, zip(labels.tolist(), flags.tolist()), lambda d: d[1], lambda d: f"seed {d[0]}")


#: Relative change of an expected loss below which it counts as unchanged (neither falls nor rises).
LOSS_TOL = 1e-9


def losses_fall(ne_losses: NDArray[np.float64], so_losses: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Per draw: every user's expected loss is strictly lower at the optimum than at the
    equilibrium (by more than :data:`LOSS_TOL`, relative): an unchanged loss is not reduced."""
    return all_per_draw(so_losses < ne_losses - LOSS_TOL * np.maximum(1.0, np.abs(ne_losses)))


def losses_rise(ne_losses: NDArray[np.float64], so_losses: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Per draw: some user's expected loss is higher at the optimum than at the equilibrium
    (by more than :data:`LOSS_TOL`, relative; footnote 4)."""
    return ~all_per_draw(so_losses <= ne_losses + LOSS_TOL * np.maximum(1.0, np.abs(ne_losses)))


def componentwise_result(
    draws: NDArray[np.bool_], design: str, checked_over: str, seeds: NDArray[np.int64] | None = None
) -> ClaimResult:
    """Every user's cost falls, ``C_i(x*) + t_i* < C_i(x^NE)``, in a typical draw (quantifier
    "share": the paper shows one draw; shared with Example 2)."""
    return verdict(
        "share",
        [draws_tally("draws", draws, seeds)],
        what=f"every user's cost falls ({design})",
        checked_over=checked_over,
        unit="draws",
        note="in the others at least one user pays more in the mechanism than without insurance"
        if (~draws).any()
        else "",
        share=float(np.mean(draws)),
    )


# -- certificates of the game's equilibria and optima ------------------------------------
def best_reply_gain(model: IDSModel, x: NDArray[np.float64]) -> float:
    """The largest saving any user finds by its global best reply to ``x`` (the others held),
    relative to ``1 +`` its cost.  A user's cost is convex in its own effort, so
    :func:`~replication.naghizadeh2014.model.game.best_response` is its global best
    reply over ``x_i >= 0``: a gain of 0 (to rounding) certifies a Nash equilibrium."""
    before = model.costs(x)
    worst = 0.0
    for k in range(model.N):
        z = np.array(x, dtype=float)
        z[k] = best_response(model, k, z)
        worst = max(worst, float((before[k] - model.costs(z)[k]) / (1.0 + abs(before[k]))))
    return worst


@dataclass(frozen=True)
class Certified:
    """A Nash equilibrium and the social optimum of one model, each certified.

    ``best_reply_gain`` is :func:`best_reply_gain` at ``x_ne``; ``optimum_residual`` the
    optimum's KKT residual in the model's own units (problem (2) is convex for the paper's
    risk models, so a KKT point is the global optimum).
    """

    x_ne: NDArray[np.float64]
    x_so: NDArray[np.float64]
    best_reply_gain: float
    optimum_residual: float


def certified(model: IDSModel) -> Certified:
    """The model's Nash equilibrium (Lemke or Newton) and social optimum, each certified.

    Raises ``ValueError`` naming the user's gain when the equilibrium fails the global
    best-reply check, or the residual when the optimum fails its KKT conditions.
    """
    x_ne = nash_equilibrium(model).x
    optimum = social_optimum(model, x0=x_ne)
    gain = best_reply_gain(model, x_ne)
    if gain > BEST_REPLY_TOL:
        raise ValueError(f"the Nash equilibrium candidate is not one: a user gains {gain:.3g} (relative) by deviating")
    if not optimum.scaled_residual <= KKT_TOL:
        raise ValueError(f"the social optimum fails its KKT conditions: scaled residual {optimum.scaled_residual:.3g}")
    return Certified(x_ne, optimum.x, gain, float(optimum.scaled_residual))


def certificate_record(items: Iterable[Certified]) -> dict[str, float | int]:
    """The evidence of the certificates: how many, the largest best-reply gain and KKT residual."""
    rows = list(items)
    return {
        "certified_points": len(rows),
        "largest_best_reply_gain": max((c.best_reply_gain for c in rows), default=0.0),
        "largest_optimum_kkt_residual": max((c.optimum_residual for c in rows), default=0.0),
    }


# -- calibrated numbers ------------------------------------------------------------------
def matches_paper(name: str, value: float, paper: float, *, close_to: bool = False) -> CrossCheck:
    """The cross-check of a calibrated ``value`` against the paper's number: within
    :data:`CLOSE_TO` (relative) where the paper says "close to" (the savings), else within
    :data:`PREMIUM_TOL` (absolute, USD million: the premiums, one of which is zero)."""
    if close_to:
        return CrossCheck(name, value, paper, CLOSE_TO, relative=True)
    return CrossCheck(name, value, paper, PREMIUM_TOL)
