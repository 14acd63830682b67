"""Claims of Naghizadeh & Liu (2014), Section III: the three places where the mechanism needs a
repair (the number of users, the own coordinate of eq. 10, the plain average), each with its
counterexample (chapter *An insurance mechanism for the social optimum*)."""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from replication.core.numbers import at_least, bound
from replication.ledger import ClaimResult, claim
from replication.ledger.results import CrossCheck
from replication.ledger.verdicts import tally, verdict
from replication.naghizadeh2014.claims.mechanism import CHAPTER, GAIN_TOL, theorem_instances
from replication.naghizadeh2014.model.deviations import (
    SEARCH_BOX,
    best_deviation,
    reduced_deviation_gain,
)
from replication.naghizadeh2014.model.game import social_optimum
from replication.naghizadeh2014.model.instances import weighted_total_effort_instance
from replication.naghizadeh2014.model.mechanism import (
    equilibrium_messages,
    payment_formula,
    personalised_prices,
    social_multiplier,
)
from replication.naghizadeh2014.model.risk import IDSModel


# -- the three repairs ---------------------------------------------------------------------
class _PriceRise(TypedDict):
    """How user 1's payment changes when it raises its own prices, for ``N`` users."""

    N: int
    payment_changes: list[float]
    slope: float
    sum_x_hat: float


@claim(
    "naghizadeh2014:repair_n_at_least_3",
    quantifier="all",
    failure_kind="substantive",
    label="Section III-A (number of users)",
    statement="The third term of $\\hat t_i$ does not depend on user $i$'s message, so the mechanism and "
    "Theorems 1-2 apply to any number of users (the paper states no lower bound).",
    location="Section III-A, third term of eq. (7)",
    contrast="only $N \\ge 3$ users, where the indices $i$, $i+1$, $i+2$ are distinct",
    chapter=CHAPTER,
)
def repair_n_at_least_3(contrast: bool = False) -> ClaimResult:
    """Raising one's own price vector by ``d`` must leave one's payment unchanged; for N = 2
    it lowers it by ``d sum_j x_hat_j``."""
    rises = np.array([1.0, 10.0, 100.0, 1000.0])
    evidence: list[_PriceRise] = []
    unbounded = 0
    for N in (3, 5, 10) if contrast else (2, 3, 5):
        model = weighted_total_effort_instance(7, N=N)
        x_star = social_optimum(model).x
        proposals, prices = np.tile(x_star, (N, 1)), np.ones((N, N))
        base = payment_formula(proposals, prices, x_star)[0]
        changes = []
        for d in rises:
            raised = prices.copy()
            raised[0] += d
            changes.append(float(payment_formula(proposals, raised, x_star)[0] - base))
        slope = np.polyfit(rises, changes, 1)[0]
        unbounded += int(slope < -1e-9)
        evidence.append({"N": N, "payment_changes": changes, "slope": float(slope), "sum_x_hat": float(x_star.sum())})
    worst = min(evidence, key=lambda e: e["slope"])
    bounded = [e for e in evidence if e["slope"] >= -1e-9]
    # the slope of the payment in one's own price rise is -sum_j x_hat_j for N = 2 (our derivation), 0 for N >= 3
    slope_checks = [
        CrossCheck(
            f"payment slope for N = {e['N']} against {'-sum_j x_hat_j' if e['N'] == 2 else '0'}",
            e["slope"],
            -e["sum_x_hat"] if e["N"] == 2 else 0.0,
            1e-9 * (1.0 + e["sum_x_hat"]),
        )
        for e in evidence
    ]
    return verdict(
        "all",
        [tally("N", evidence, lambda e: e["slope"] >= -1e-9, lambda e: f"N = {e['N']} (slope {e['slope']:.4g})")],
        what="raising one's own prices leaves one's payment unchanged",
        checked_over=f"N = {', '.join(str(e['N']) for e in evidence)}, one user's prices raised by 1-1000",
        unit="values of N",
        cross_checks=slope_checks,
        note=(
            f"for $N = 2$ (weighted total effort, seed 7) user 1 lowers its payment by "
            f"{-worst['payment_changes'][-1]:.4g} when it raises its own prices by 1000: the payment falls with "
            f"slope {worst['slope']:.4g} $= -\\sum_j \\hat x_j$, without bound, so no equilibrium exists; "
            if unbounded
            else ""
        )
        + (
            f"for $N$ = {', '.join(str(e['N']) for e in bounded)} the same change leaves the payment unchanged "
            f"(change {bound(max(abs(c) for e in bounded for c in e['payment_changes']))})"
            if bounded
            else ""
        ),
        cases=evidence,
        price_rises=rises.tolist(),
    )


def paper_prices(model: IDSModel, x: np.ndarray, *, own_cost: bool = False) -> np.ndarray:
    """Eq. (10) as printed, ``l_ij = -L_i d f_i / d x_j`` for every ``j``; with ``own_cost``
    the own coordinate also carries ``-h_i'(x_i) = -c_i`` (as eq. 25 implies)."""
    prices = -model.L[:, None] * model.risk_jacobian(x)
    return prices - np.diag(model.c) if own_cost else prices


class _Equation10Gaps(TypedDict):
    """Equilibrium prices against eq. (10) on one instance (see :func:`equation_10_gaps`)."""

    off_diagonal_gap: float
    own_mismatches: int
    own_coordinates: int
    own_gap_minus_c: float
    paper_sum_on_support: float
    gain_with_paper_prices: float
    own_gap_with_cost: float
    price_scale: float
    own_gaps: list[float]
    support: list[int]


class _Equation10Row(_Equation10Gaps):
    """The gaps of one named instance of the theorem grid."""

    instance: str


def equation_10_gaps(model: IDSModel, own_cost: bool) -> _Equation10Gaps:
    """Equilibrium prices ``l_i = pi^{i+1} - pi^{i+2}`` of m* against eq. (10) on the support of x*."""
    x_star = social_optimum(model).x
    prices = equilibrium_messages(model, x_star).prices
    l_true = np.roll(prices, -1, axis=0) - np.roll(prices, -2, axis=0)
    l_paper = paper_prices(model, x_star, own_cost=own_cost)
    own = np.flatnonzero(x_star > 0)
    gap = np.abs(l_true - l_paper)[:, own]
    own_gap = gap[own, np.arange(own.size)].copy()
    gap[own, np.arange(own.size)] = 0.0
    return {
        "off_diagonal_gap": float(gap.max()),
        "own_mismatches": int((own_gap > 1e-9).sum()),
        "own_coordinates": int(own.size),
        "own_gap_minus_c": float(np.abs(own_gap - model.c[own]).max()),
        "paper_sum_on_support": float(np.abs(l_paper.sum(axis=0)[own]).max()),
        "gain_with_paper_prices": max(reduced_deviation_gain(model, l_paper, x_star, int(i), 0.0) for i in own),
        "own_gap_with_cost": float(
            np.abs((l_true - paper_prices(model, x_star, own_cost=True))[own, own]).max(initial=0.0)
        ),
        "price_scale": float(max(1.0, np.abs(l_true).max())),
        "own_gaps": own_gap.tolist(),
        "support": own.tolist(),
    }


@claim(
    "naghizadeh2014:repair_equation_10",
    quantifier="all",
    failure_kind="misprint",
    label="Eq. (10)",
    statement="At an equilibrium the prices are $l^*_{ij} = -L_i\\,\\partial f_i/\\partial x_j$ for every "
    "coordinate $j$ with $\\hat x_j > 0$ (eq. 10), the own coordinate $j = i$ included: each user "
    "finances others in proportion to the externality they create.",
    location="Section III-A, eqs. (9)-(10)",
    contrast="eq. (10) with the own-cost term, $l^*_{ii} = -L_i\\,\\partial f_i/\\partial x_i - h_i'(x_i)$",
    chapter=CHAPTER,
)
def repair_equation_10(contrast: bool = False) -> ClaimResult:
    """Compare the equilibrium prices of m* with eq. (10) (contrast: with the own cost) on the support."""
    rows: list[_Equation10Row] = [
        {"instance": name, **equation_10_gaps(model, contrast)} for name, model in theorem_instances()
    ]
    mismatch = sum(r["own_mismatches"] for r in rows)
    total = sum(r["own_coordinates"] for r in rows)
    printed = "as printed" if not contrast else "with the own-cost term"
    scale = max(r["price_scale"] for r in rows)
    cross_checks = [
        CrossCheck(
            "off-diagonal equilibrium prices against eq. (10)",
            max(r["off_diagonal_gap"] for r in rows),
            0.0,
            1e-9 * scale,
        ),
        CrossCheck(
            "own equilibrium prices against eq. (10) with the own cost $h_i'$",
            max(r["own_gap_with_cost"] for r in rows),
            0.0,
            1e-9 * scale,
        ),
    ]
    coordinates = [(r["instance"], i, gap) for r in rows for i, gap in zip(r["support"], r["own_gaps"])]
    return verdict(
        "all",
        [
            tally(
                "own coordinates",
                coordinates,
                lambda c: c[2] <= 1e-9,
                lambda c: f"{c[0]}, user {c[1] + 1}: off by {c[2]:.3g}",
            )
        ],
        what=f"the equilibrium prices agree with eq. (10) {printed} on the own coordinates with $x_i > 0$ (off "
        f"the diagonal they agree to {bound(max(r['off_diagonal_gap'] for r in rows))})",
        checked_over=f"{len(rows)} instances of the theorem grid, {total} own coordinates on the support of $x^*$",
        unit="own coordinates",
        cross_checks=cross_checks,
        note=(
            f"each differs by $h_i'(x_i) = c_i$ (to {max(r['own_gap_minus_c'] for r in rows):.1g}): the own price is "
            "$-L_i\\,\\partial f_i/\\partial x_i - h_i'(x_i)$. Prices as printed do not sum to zero over users (up "
            f"to {max(r['paper_sum_on_support'] for r in rows):.3g}) and let an investor gain up to "
            f"{max(r['gain_with_paper_prices'] for r in rows):.3g} by moving the outcome"
            if mismatch
            else ""
        ),
        instances=rows,
        own_coordinate_mismatches=mismatch,
    )


class _DeviationRow(TypedDict):
    """User 1's best deviation from m* on one instance (see :func:`repair_nonnegative_average`)."""

    instance: str
    binding_zero_coordinates: int
    gain_user_1: float
    search_at_box_edge: bool
    gain_if_x_hat_ge_minus_1: float


def _user_1_gain(row: _DeviationRow) -> str:
    """User 1's gain in words: without bound where the search stops at the edge of its box (its
    number is then only where the search stopped), else the lower bound it found."""
    if row["search_at_box_edge"]:
        return "without bound (the search stops at the edge of its box)"
    return f"at least {at_least(row['gain_user_1'])}"


def _largest(rows: list[_DeviationRow]) -> str:
    """The largest gain in words: unbounded if any search stopped at its box."""
    if any(r["search_at_box_edge"] and r["gain_user_1"] > GAIN_TOL for r in rows):
        return "the gain grows without bound"
    return f"largest gain at least {at_least(max(r['gain_user_1'] for r in rows))}"


@claim(
    "naghizadeh2014:repair_nonnegative_average",
    quantifier="all",
    failure_kind="substantive",
    label="Section III, eq. (6) (message space)",
    statement="With proposals $x^i \\in \\mathbb{R}^N$ and the plain average (6) as the outcome, the message "
    "profile $m^*$ of Theorem 2 is a Nash equilibrium.",
    location="Section III, eq. (6) and the message space",
    contrast="the average projected onto $x \\ge 0$, $\\hat x = \\max(0, \\frac1N \\sum_i x^i)$",
    chapter=CHAPTER,
)
def repair_nonnegative_average(contrast: bool = False) -> ClaimResult:
    """User 1's best deviation from m* with the plain (contrast: projected) average."""
    rows: list[_DeviationRow] = []
    for name, model in theorem_instances():
        x_star = social_optimum(model).x
        messages = equilibrium_messages(model, x_star)
        deviation = best_deviation(model, messages, 0, project=contrast, starts=1)
        l = personalised_prices(model, x_star)
        rows.append(
            {
                "instance": name,
                "binding_zero_coordinates": int((social_multiplier(model, x_star) > 1e-9).sum()),
                "gain_user_1": deviation.gain,
                "search_at_box_edge": bool(
                    (np.abs(deviation.message[0] - messages.proposals[0]) >= SEARCH_BOX * (1 - 1e-9)).any()
                ),
                "gain_if_x_hat_ge_minus_1": max(
                    reduced_deviation_gain(model, l, x_star, i, -1.0) for i in range(model.N)
                ),
            }
        )
    broken = sum(r["gain_user_1"] > GAIN_TOL for r in rows)
    worst = max(r["gain_user_1"] for r in rows)
    with_binding = sum(r["binding_zero_coordinates"] > 0 for r in rows)
    edge = sum(r["search_at_box_edge"] for r in rows)
    average = "projected average" if contrast else "plain average"
    return verdict(
        "all",
        [
            tally(
                "instances",
                rows,
                lambda r: r["gain_user_1"] <= GAIN_TOL,
                lambda r: f"{r['instance']}: user 1 gains {_user_1_gain(r)}",
            )
        ],
        what=f"with the {average}, no deviation from $m^*$ pays user 1 ({with_binding} instances have some "
        f"$x^*_j = 0$ with a positive multiplier; "
        + (_largest(rows) + ")" if broken else f"largest gain {bound(worst, floor=GAIN_TOL)})"),
        checked_over=f"{len(rows)} instances of the theorem grid (N >= 3), user 1's whole message searched (L-BFGS-B)",
        unit="instances",
        note=(
            f"{edge} searches stop only at the edge of the box {SEARCH_BOX:g} around the message: the gain is "
            f"unbounded, and up to {max(r['gain_if_x_hat_ge_minus_1'] for r in rows):.3g} even if "
            "$\\hat x \\ge -1$ were imposed"
            if broken
            else ""
        ),
        instances=rows,
        projected_average=contrast,
    )
