"""What the claim checks of Shim (2012) share: counting points, the status rule, and the
sets of equilibria the claims are checked on.

A check counts the points of its domain where the statement fails and lets
:func:`~replication.ledger.results.status_by_rule` decide the status; :func:`result` builds the
:class:`~replication.ledger.results.ClaimResult` with the counterexamples and what was checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import product
from typing import Any, TypeVar

from scipy.optimize import minimize_scalar

from replication.ledger import ClaimResult, status_by_rule
from replication.ledger.results import CrossCheck
from replication.ledger.verdicts import Tally, tally, verdict
from replication.security import ExponentialBreach
from replication.security.cara import expected_utility as cara_utility
from replication.shim2012.model.game import (
    CASES,
    Equilibrium,
    equilibria,
)
from replication.shim2012.studies.grid import (
    FAMILIES,
    LAM_VALUES,
    LOSS,
    Q_VALUES,
    R_VALUES,
    Point,
    points,
    uncertified_points,
)

INSURANCE = "book/shim2012/insurance"
NO_INSURANCE = "book/shim2012/no_insurance"
FRAMEWORKS = "book/shim2012/frameworks"
TOL = 1e-9

#: What the 459-point grid is, for ``checked_over``.
GRID = (
    f"the grid of {len(FAMILIES)} breach families (9 exponential $p_0e^{{-az}}$, 8 power "
    f"$p_0(1+az)^{{-b}}$) x $r\\in\\{{{', '.join(map(str, R_VALUES))}\\}}$ x "
    f"$\\lambda\\in\\{{{', '.join(map(str, LAM_VALUES))}\\}}$ x $q\\in\\{{{', '.join(map(str, Q_VALUES))}\\}}$, "
    f"$L={LOSS:g}$"
)

#: High-risk untargeted instances where the insured game has several symmetric roots
#: (for exponential families p0 <= 1/(2q) rules this out, so p0 is large here).
STABILITY_FAMILIES = tuple(ExponentialBreach(p0, a) for p0, a in product((0.7, 0.8, 0.9, 0.95), (4.0, 8.0, 12.0)))
STABILITY_Q = (0.8, 1.0)
STABILITY_LAM = (0.0, 0.2)
STABILITY_R = 0.5
HIGH_RISK = (
    f"{len(STABILITY_FAMILIES) * len(STABILITY_Q) * len(STABILITY_LAM)} high-risk untargeted "
    f"instances ($p_0\\in\\{{0.7, 0.8, 0.9, 0.95\\}}$, $a\\in\\{{4, 8, 12\\}}$, $q\\in\\{{0.8, 1\\}}$, "
    f"$\\lambda\\in\\{{0, 0.2\\}}$, $r={STABILITY_R}$)"
)

T = TypeVar("T")


def count(items: Iterable[T], holds: Callable[[T], bool], label: Callable[[T], str]) -> tuple[int, list[str]]:
    """Number of items checked and the labels of those where ``holds`` is False
    (:func:`replication.ledger.verdicts.tally` without a name)."""
    found = tally("", items, holds, label)
    return found.checked, list(found.counterexamples)


def uncertified_note() -> str:
    """The grid points left out because a case's roots all fail the global best-reply check."""
    return (
        f"grid points where a Nash case has roots of its first-order conditions but none is an "
        f"equilibrium (the global best-reply check finds a profitable deviation) are left out: "
        f"{uncertified_points(False)} without insurance, {uncertified_points(True)} with (all targeted)"
    )


def result(
    what: str,
    checked: int,
    failed: list[str],
    checked_over: str,
    *,
    repair: str = "",
    note: str = "",
    unit: str = "points",
    cross_checks: Sequence[CrossCheck] = (),
    informative: int | None = None,
    **evidence: Any,
) -> ClaimResult:
    """The claim's result by the written status rule under the paper's universal quantifier
    (every Shim claim but the instability remark says "for every point"), through the one
    claims toolkit :func:`replication.ledger.verdicts.verdict`.  Where the domain is the
    grid, ``checked_over`` also says how many points had no equilibrium.  ``cross_checks``
    (a closed form against the solver, ...) lower the status when they fail; ``informative``
    is the number of points at which the check could fail."""
    if GRID in checked_over:
        checked_over = f"{checked_over}; {uncertified_note()}"
    return verdict(
        "all",
        [Tally(what, checked, tuple(failed), informative)],
        what=what,
        checked_over=checked_over,
        unit=unit,
        repair=repair,
        note=note,
        cross_checks=cross_checks,
        **evidence,
    )


def eq_label(eq: Equilibrium) -> str:
    """A readable name of the instance an equilibrium belongs to, with its z."""
    i = eq.inputs
    text = f"{i.case}, $p={i.breach.label}$, $r={i.r:g}$, $\\lambda={i.lam:g}$"
    if i.case == "untargeted":
        text += f", $q={i.q:g}$"
    return text + f" ($z={eq.z:.4f}${'' if eq.stable else ', unstable'})"


def _instances() -> Iterator[tuple[str, Any, float, float, float]]:
    """(case, breach, r, q, lam) of the grid, each once (q enters the untargeted case only)."""
    for breach, r, lam, q in product(FAMILIES, R_VALUES, LAM_VALUES, Q_VALUES):
        for case in CASES:
            if case != "untargeted" and q != Q_VALUES[0]:
                continue
            yield case, breach, r, q, lam
    for breach, q, lam in product(STABILITY_FAMILIES, STABILITY_Q, STABILITY_LAM):
        yield "untargeted", breach, STABILITY_R, q, lam


def insured_candidates(*, unstable: bool, lam_positive: bool | None = None) -> list[Equilibrium]:
    """Every symmetric root of the insured investment condition (eqs 9, 11, 13) with interior
    cover 0 < I <= L, on the grid and the high-risk instances, certified or not; unstable
    roots only if asked."""
    out = []
    for case, breach, r, q, lam in _instances():
        if lam_positive is not None and (lam > 0) != lam_positive:
            continue
        for eq in equilibria(breach, case=case, insured=True, L=LOSS, r=r, q=q, lam=lam):
            if eq.corner is None and (eq.stable or unstable) and 0.0 < eq.I <= LOSS:
                out.append(eq)
    return out


def insured_roots(*, unstable: bool, lam_positive: bool | None = None) -> list[Equilibrium]:
    """The roots of :func:`insured_candidates` that are equilibria (``nash``: they pass the
    global best-reply check); claims are evaluated on these only."""
    return [eq for eq in insured_candidates(unstable=unstable, lam_positive=lam_positive) if eq.nash]


def roots_over(unstable: bool) -> str:
    """``checked_over`` text for :func:`insured_roots`, with the number of roots left out
    because they are not equilibria."""
    kind = "every symmetric equilibrium (stable and unstable)" if unstable else "the stable symmetric equilibria"
    dropped = sum(not eq.nash for eq in insured_candidates(unstable=unstable))
    return (
        f"{kind} of the insured conditions with interior cover, three cases, on {GRID}, and on {HIGH_RISK}; "
        f"{dropped} roots of the first-order conditions that fail the global best-reply check (not "
        "equilibria) are left out"
    )


def point_label(pt: Point) -> str:
    """A grid point in the paper's notation, for counterexamples in claim summaries."""
    return f"$p={pt.breach.label}$, $r={pt.r:g}$, $\\lambda={pt.lam:g}$, $q={pt.q:g}$"


def _z(pt: Point, case: str, insured: bool) -> float:
    return pt.solution(case, insured).z


# -- Proposition 2 -----------------------------------------------------------------


def _cover(pt: Point, case: str) -> float:
    return pt.solution(case, True).I


def _with_repair(found: ClaimResult, repair: str) -> ClaimResult:
    """``found`` re-ruled with a stated repair (the domain the check was restricted to)."""
    status = status_by_rule(found.evidence["failures"], found.evidence["points"], repair=repair)
    return ClaimResult(
        status,
        found.summary,
        found.evidence,
        checked_over=found.checked_over,
        repair=repair if status != "not reproduced" else "",
    )


def _symbol(parameter: str) -> str:
    return {"lam": "\\lambda", "p0": "p_0"}.get(parameter, parameter)


def _exact_cover(P: float, r: float, lam: float) -> float:
    """Cover maximising exact CARA expected utility at breach probability P (direct maximisation)."""
    found = minimize_scalar(
        lambda I: -cara_utility(P, 0.0, I, W=0.0, L=LOSS, r=r, lam=lam),
        bounds=(0.0, LOSS),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return float(found.x)


def _P(pt: Point, case: str, insured: bool) -> float:
    return pt.solution(case, insured).P


def _both_regimes(
    holds: Callable[[Point, bool], bool], describe: Callable[[Point, bool], str], what: str, over: str
) -> ClaimResult:
    """Check ``holds(pt, insured)`` at the points complete in each regime."""
    items = [(pt, insured) for insured in (False, True) for pt in points(insured=insured)]
    checked, failed = count(
        items,
        lambda it: holds(*it),
        lambda it: f"{point_label(it[0])}, {'insured' if it[1] else 'uninsured'}: {describe(*it)}",
    )
    return result(what, checked, failed, over)


_COMPLETE = (
    f"the points of {GRID} where all three cases have an interior stable equilibrium, with and without insurance"
)
