"""The social planner under exact CARA utility, along the symmetric line (our derivation).

The Taylor-step planners (Shim 2012, Section 3; Ogut et al. 2005, eqs 13-15) weigh the
total effect of one firm's investment on every firm's breach probability.  Here the same
planner is solved with the exact utility U(w) = -exp(-r w) of :mod:`replication.security.cara`.

**Welfare criterion.**  The planner chooses one investment z and one cover I for every
firm and maximises the sum of the firms' certainty equivalents.  On the symmetric line
every firm has the same expected utility, so this is the same plan as maximising the sum
of expected utilities, or any symmetric welfare function increasing in each firm's
utility: the criterion does not have to weigh one firm against another.  Certainty
equivalents are used because they are money, comparable with the Taylor planner's cost
and with the tolerance of the best-reply checks.  As in the Taylor planners, the price of
cover is the market's, (1 + lam) B with B the breach probability every firm then has, and
the insurer's margin is not counted in welfare.

Each firm's certainty-equivalent loss of wealth when all invest z and buy I is

    CE(z, I) = z + (1/r) ln[B A + 1 - B] + (1 + lam) B I,     A = exp(r (L - I)),

B = B(z) on the symmetric line.  The best cover at a given z is the closed form of
:func:`~replication.security.cara.chosen_cover` (corner I = 0 included), and by the
envelope theorem dCE/dz = 1 + D dB/dz with D = dCE/dB = (1 + lam) I + (A - 1)/(r (B A + 1 - B)) > 0,
so the planner's first-order condition is the firm's exact condition with the planner's
total effect dB/dz in place of the firm's own (:func:`planner_residual`).  Since
0 < D <= M = (1 + lam) L + (exp(r L) - 1)/r and |dB/dz| <= K |p'(z)| (the structure's
``envelope``), CE rises for good past the z where K M |p'(z)| < 1: the global optimum lies
below it, at z = 0, at a root of the residual, or at a point of the scan.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize_scalar

from replication.core import validate
from replication.numerics.solvers import expanding_bound
from replication.security.best_reply import GAIN_TOL, BestReply, certainty_loss
from replication.security.breach import BreachFunction, Value
from replication.security.cara import ExactSymmetricSolution, chosen_cover, exact_roots, investment_residual
from replication.security.interdependence import Structure
from replication.security.taylor import bound_for, check_model, check_parameters

#: Points of the geometric scan of the planner's residual and loss.
SCAN = 2000


def _cover(P: Value, *, insured: bool, L: float, r: float, lam: float) -> Value:
    return chosen_cover(P, L=L, r=r, lam=lam)[0] if insured else 0.0 * np.asarray(P, dtype=float)


def planner_loss(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> Callable[[Value], Value]:
    """Each firm's certainty-equivalent loss of wealth when every firm invests z (float or array)
    and buys its best cover (none when not ``insured``): the planner's objective per firm
    (module docstring; our derivation).  Money units, relative to initial wealth.  Expects
    validated inputs (see :func:`exact_planner_solutions`).
    """

    def f(z: Value) -> Value:
        P = np.asarray(structure.P_sym(breach, z), dtype=float)
        return certainty_loss(P, z, _cover(P, insured=insured, L=L, r=r, lam=lam), L=L, r=r, lam=lam)

    return f


def planner_residual(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> Callable[[Value], Value]:
    """dB/dz + 1/D on the symmetric line, the planner's exact first-order residual (our derivation).

    :func:`~replication.security.cara.investment_residual` with the planner's total effect
    ``structure.dP_total_sym`` in place of the firm's own; the derivative of
    :func:`planner_loss` is D times it, D > 0, so both change sign together.  Expects
    validated inputs.
    """

    def g(z: Value) -> Value:
        P = structure.P_sym(breach, z)
        return investment_residual(
            structure.dP_total_sym(breach, z), P, _cover(P, insured=insured, L=L, r=r, lam=lam), L=L, r=r, lam=lam
        )

    return g


def planner_bound(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> float:
    """An investment past which the planner's loss rises for good (module docstring), and past
    which the Taylor-step residuals have no root either (:func:`~replication.security.taylor.bound_for`).
    Expects validated inputs; ``ValueError`` when no float is large enough."""
    K = float(structure.envelope())
    M = (1.0 + lam) * L + float(np.expm1(r * L)) / r
    rising = expanding_bound(
        lambda z: K * M * abs(float(breach.dp(z))) < 0.5, breach.scale, f"the planner's bound for p(z) = {breach.label}"
    )
    return max(rising, bound_for(breach, structure, insured=insured, L=L, r=r, lam=lam))


def exact_planner_solutions(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> list[ExactSymmetricSolution]:
    """Every root z > 0 of the planner's exact residual on the symmetric line, sorted by z (our derivation).

    The residual (:func:`planner_residual`) is scanned on a geometric grid up to
    :func:`planner_bound` and every sign change refined by Brent's method.  ``stable``
    (and ``own_soc``, the planner's own second-order condition along the line) is a
    positive slope: a local minimum of the planner's loss.  ``I`` is the cover bought,
    ``corner`` True where the best cover is I = 0.  An empty list means no interior
    root.  L is the loss (money), r the absolute risk aversion (per unit of money), lam
    the loading.  Raises ``ValueError`` for L <= 0, r <= 0, lam < 0 or a breach family
    that violates 0 < p < 1, p' < 0 < p'', and ``TypeError`` naming ``breach``,
    ``structure`` or ``insured`` for an object of the wrong kind.
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    breach, structure = check_model(breach, structure)
    insured = validate.flag("insured", insured)
    z_max = planner_bound(breach, structure, insured=insured, L=L, r=r, lam=lam)
    g = planner_residual(breach, structure, insured=insured, L=L, r=r, lam=lam)
    return exact_roots(
        g,
        breach,
        structure,
        z_max=z_max,
        grid=SCAN,
        insured=insured,
        L=L,
        r=r,
        lam=lam,
        own_soc=lambda z, slope: bool(slope > 0),
    )


def cara_planner_best(
    breach: BreachFunction,
    structure: Structure,
    *,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    z: float,
    stationary: tuple[float, ...] = (),
) -> BestReply:
    """The planner's best symmetric plan against the candidate z under exact CARA: global on z >= 0.

    Compares the closed-form loss :func:`planner_loss` at z = 0, at the candidate, at
    ``stationary`` (the roots of :func:`exact_planner_solutions`) and at every local
    minimum of a geometric scan up to :func:`planner_bound`, refined by a bounded search
    (our derivation).  Costs are each firm's certainty-equivalent wealth loss; the plan
    is optimal (``nash``) when nothing gains more than ``GAIN_TOL`` L.  Asymmetric plans
    are not searched.  Expects validated inputs.
    """
    f = planner_loss(breach, structure, insured=insured, L=L, r=r, lam=lam)
    loss = lambda x: float(f(x))  # noqa: E731
    z_max = planner_bound(breach, structure, insured=insured, L=L, r=r, lam=lam)
    low = 1e-9 * min(max(z, breach.scale), z_max)
    zs = np.unique(np.concatenate(([0.0, z, z_max], np.geomspace(low, z_max, SCAN))))
    losses = np.asarray(f(zs), dtype=float)
    candidates = {0.0, float(z), *map(float, stationary)}
    for i in range(1, len(zs) - 1):
        if losses[i] < losses[i - 1] and losses[i] <= losses[i + 1]:
            found = minimize_scalar(
                loss,
                bounds=(float(zs[i - 1]), float(zs[i + 1])),
                method="bounded",
                options={"xatol": 1e-12 * max(float(zs[i]), breach.scale)},
            )
            candidates.add(float(found.x))
    best = min(candidates, key=loss)
    here = loss(float(z))
    gain = here - loss(best)
    P_best = float(structure.P_sym(breach, best))
    return BestReply(
        z=best,
        I=float(_cover(P_best, insured=insured, L=L, r=r, lam=lam)),
        cost=loss(best),
        candidate_cost=here,
        gain=gain,
        nash=bool(gain <= GAIN_TOL * L),
        objective="cara (planner, symmetric line)",
    )
