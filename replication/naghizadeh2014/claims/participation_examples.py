"""Claims of Naghizadeh & Liu (2014), the examples of Sections V-B and VI-B: the negative example
(IR without VP) over its grid and its range, and the positive example (chapter *Will users
join voluntarily?*)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from replication.core.cache import cached
from replication.core.numbers import bound
from replication.ledger import ClaimResult, claim
from replication.ledger.results import CrossCheck
from replication.ledger.verdicts import tally, verdict
from replication.naghizadeh2014.claims.participation import CHAPTER, Point, _fmt, _solve
from replication.naghizadeh2014.model.participation import (
    COST_TOL,
    Participation,
    mechanism_domain,
)
from replication.naghizadeh2014.model.total_effort import (
    budget_slack,
    paper_compatibility,
    paper_positive_conditions,
    paper_positive_region,
    positive_example_vp,
)


def _strict_vp(result: Participation) -> bool:
    """Every user strictly prefers joining (beyond the comparison tolerance)."""
    return bool((result.vp_margin > COST_TOL).all())


#: A numerical VP budget slack and a closed form must agree to this (costs of order 1).
SLACK_TOL = 1e-9


def outside_domain(points: Iterable[Point]) -> dict[str, int]:
    """Per reason
    (:func:`~replication.naghizadeh2014.model.participation.mechanism_domain`), how
    many of ``points`` run the mechanism on fewer than three users: ``N = 2``, or a
    loner's coalition of two when ``N = 3``."""
    counts: dict[str, int] = {}
    for n, _, _ in points:
        reason = mechanism_domain(n)
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def domain_note(points: Iterable[Point], kept: bool) -> str:
    """The sentence saying how many points lie outside the mechanism's domain and what was done."""
    counts = outside_domain(points)
    if not counts:
        return ""
    what = (
        "kept in the tally (the paper's own range; its loner game assumes the coalition's optimum)"
        if kept
        else ("reported apart, outside the tally")
    )
    return "outside the mechanism's domain, " + what + ": " + "; ".join(f"{k} ({v} points)" for k, v in counts.items())


# -- Section V-B ---------------------------------------------------------------------------
NEGATIVE_USERS = (3, 4, 5, 10)
NEGATIVE_COSTS = np.linspace(0.05, 0.95, 13)


def negative_grid() -> list[Point]:
    """The paper's range: ``c1 < c2 < 1``, ``c1 > c2/(N-1)``, ``N >= 3``.

    Points on ``c1 = c2/(N-1)`` (up to rounding) are left out: there loner 1 and the
    coalition want the same level and the loner game has a continuum of equilibria.
    """
    return [
        (n, float(a), float(b))
        for n in NEGATIVE_USERS
        for a in NEGATIVE_COSTS
        for b in NEGATIVE_COSTS
        if a < b and a > b / (n - 1) + 1e-9
    ]


def positive_contrast_grid() -> list[Point]:
    """Points inside our positive region (R-11), outside the paper's negative range."""
    return [(n, c1 * n, c1 * n * 1.2) for n in (3, 4, 5) for c1 in (0.8, 0.9, 0.95)]


@claim(
    "naghizadeh2014:negative_example",
    quantifier="all",
    failure_kind="substantive",
    label="Section V-B (negative example)",
    statement="Total effort, $L = 1$, $c_1 < c_2 < 1$, $c_1 > c_2/(N-1)$, $N \\ge 3$: the participation "
    "conditions (20) of user 1 and (22) of the others cannot hold together, so no budget-balanced "
    "contracts make every user join, however they are designed.",
    location="Section V-B; Section VI (the counterexample does not depend on the contracts)",
    contrast="costs outside the paper's range, $N e^{-1/(N-1)} < c_1 < N$, $c_2 = 1.2\\,c_1$ (our positive "
    "region, R-11)",
    chapter=CHAPTER,
)
def negative_example(contrast: bool = False) -> ClaimResult:
    """VP budget slack (R-10) < 0 at every grid point, solved numerically; it needs no
    contract design, since any budget-balanced transfers cancel in the sum."""
    solved = _solve(positive_contrast_grid() if contrast else negative_grid())
    slack = np.array([result.budget_slack for _, result in solved])
    closed = np.array([budget_slack(*point) for point, _ in solved])
    paper = np.array([paper_compatibility(*point) for point, _ in solved])
    cross_checks = [
        CrossCheck("numerical VP budget slack against our closed form", abs(slack - closed).max(), 0.0, SLACK_TOL)
    ]
    if not contrast:
        cross_checks.append(
            CrossCheck(
                "numerical VP budget slack against the paper's $c_1 \\ln(c_1/N) + c_2/(N-1)$",
                abs(slack - paper).max(),
                0.0,
                SLACK_TOL,
            )
        )
    points = [point for point, _ in solved]
    return verdict(
        "all",
        [
            tally(
                "grid points", zip(points, slack), lambda ps: ps[1] < 0, lambda ps: f"{_fmt(ps[0])}: slack {ps[1]:.3g}"
            )
        ],
        what=f"the VP budget slack is negative (largest {slack.max():.3f}); the numerical slack matches our closed "
        f"form (largest difference {bound(abs(slack - closed).max())})"
        + ("" if contrast else f" and the paper's expression (largest difference {bound(abs(slack - paper).max())})"),
        checked_over=(
            f"{len(slack)} points with N in 3-5 inside our positive region"
            if contrast
            else f"{len(slack)} grid points: N in {NEGATIVE_USERS}, c1 and c2 on a 13-step grid in (0.05, 0.95)"
        ),
        unit="grid points",
        cross_checks=cross_checks,
        note=domain_note(points, kept=True),
        max_slack=float(slack.max()),
        max_gap_closed_form=float(abs(slack - closed).max()),
        max_gap_paper_expression=float(abs(slack - paper).max()),
        outside_mechanism_domain=outside_domain(points),
    )


E2_USERS = (3, 4, 5)
E2_STEPS = 14


def range_grid() -> list[Point]:
    """The paper's case ``c2/(N-1) < c1 < c2`` without the bound ``c2 < 1``, up to ``c1 = 1.2 N``."""
    points = []
    for n in E2_USERS:
        for c1 in np.linspace(0.1, 1.2 * n, E2_STEPS):
            for ratio in np.linspace(1.0, n - 1.0, E2_STEPS)[1:-1]:
                points.append((n, float(c1), float(c1 * ratio)))
    return points


@claim(
    "naghizadeh2014:negative_example_range",
    quantifier="all",
    failure_kind="domain",
    label="Section V-B (compatibility test)",
    statement="For $c_2/(N-1) < c_1 < c_2$, contracts giving every user voluntary participation exist iff "
    "$c_1 \\ln(N/c_1) \\le c_2/(N-1)$, the compatibility of (20) and (22).",
    location="Section V-B, compatibility of (20) and (22)",
    reading="the compatibility test as a criterion on its whole case $c_2/(N-1) < c_1 < c_2$, beyond the "
    "paper's range $c_2 < 1$",
    contrast="the part of the grid with $c_2 < N - 1$, where the coalition left by user 1 still invests",
    chapter=CHAPTER,
)
def negative_example_range(contrast: bool = False) -> ClaimResult:
    """Sign of the paper's test against the numerical VP budget slack (R-10)."""
    grid = [p for p in range_grid() if p[2] < p[0] - 1] if contrast else range_grid()
    solved = _solve(grid)
    wrong = [
        (point, result.budget_slack, paper_compatibility(*point))
        for point, result in solved
        if (result.budget_slack >= -COST_TOL) != (paper_compatibility(*point) >= 0)
    ]
    outside = [w for w in wrong if w[0][2] >= w[0][0] - 1]
    rows = [(point, result.budget_slack, paper_compatibility(*point)) for point, result in solved]
    return verdict(
        "all",
        [
            tally(
                "grid points",
                rows,
                lambda r: (r[1] >= -COST_TOL) == (r[2] >= 0),
                lambda r: f"{_fmt(r[0])}: slack {r[1]:.4f}, paper's test {r[2]:.4f}",
            )
        ],
        what=f"the test's verdict agrees with the numerical VP budget slack ($N$ in {E2_USERS})",
        checked_over=f"{len(solved)} grid points: N in {E2_USERS}, c1 from 0.1 to 1.2 N, c2/c1 strictly between 1 "
        "and N - 1" + (", c2 < N - 1" if contrast else ""),
        unit="grid points",
        note=(
            f"{len(outside)} of the {len(wrong)} disagreements have $c_2 \\ge N - 1$, where the coalition would not "
            "invest and loner 1 bears risk 1 rather than $c_2/(N-1)$; the paper's own range $c_2 < 1$ is unaffected; "
            if wrong
            else ""
        )
        + domain_note(grid, kept=True),
        disagreements=len(wrong),
        with_c2_at_least_N_minus_1=len(outside),
        outside_mechanism_domain=outside_domain(grid),
    )


# -- Section VI-B ---------------------------------------------------------------------------
POSITIVE_USERS = (2, 3, 4, 5, 10)


def positive_grid() -> list[Point]:
    """Per N: c1 across (0.6 N, 1.2 N), c2 from just above c1 to beyond (N-1) c1 (no point on a boundary)."""
    points = []
    for n in POSITIVE_USERS:
        for c1 in np.linspace(0.61, 1.19, 15) * n:
            for ratio in np.geomspace(1.03, 1.6 * max(n - 1, 2), 12):
                points.append((n, float(c1), float(c1 * ratio)))
    return points


def positive_grid_vp() -> list[tuple[Point, bool]]:
    """Strict VP, solved numerically, at every point of :func:`positive_grid` (cached: shared
    by the claim and its contrast case)."""
    return cached(
        "naghizadeh2014:positive_grid_vp",
        {},
        lambda: [(point, _strict_vp(result)) for point, result in _solve(positive_grid())],
    )


def _disagreements(solved: list[tuple[Point, bool]], predicate: Callable[[int, float, float], bool]) -> list[Point]:
    return [point for point, strict in solved if predicate(*point) != strict]


@claim(
    "naghizadeh2014:positive_example",
    quantifier="all",
    failure_kind="substantive",
    label="Section VI-B (positive example)",
    statement="Total effort, $L = 1$: every user prefers joining iff $N = 2$, $2/e < c_1 < e/2$, $c_2 > c_1$, "
    "or $c_1 > N e^{-1/(N-1)}$, $c_1 < c_2 < (N-1) c_1$.",
    location="Section VI-B",
    contrast="our region (R-11), $N e^{-1/(N-1)} < c_1 < N$ and $c_2 > c_1$, tested the same way",
    chapter=CHAPTER,
)
def positive_example(contrast: bool = False) -> ClaimResult:
    """The stated regions (contrast: our region R-11) against numerical strict VP on a grid."""
    solved = positive_grid_vp()
    inside = [(point, strict) for point, strict in solved if not mechanism_domain(point[0])]
    outside = [(point, strict) for point, strict in solved if mechanism_domain(point[0])]
    predicate = positive_example_vp if contrast else paper_positive_region
    literal = _disagreements(inside, paper_positive_conditions)
    region = "our region (R-11)" if contrast else "the stated regions"
    users = tuple(n for n in POSITIVE_USERS if not mechanism_domain(n))
    return verdict(
        "all",
        [
            tally(
                "grid points",
                inside,
                lambda ps: predicate(*ps[0]) == ps[1],
                lambda ps: f"{_fmt(ps[0])} (numerical VP {'holds' if ps[1] else 'fails'})",
            )
        ],
        what=f"{region} agree with the numerical VP test where the mechanism works ($N \\ge 4$: $N$ and a loner's "
        f"coalition both have at least three users); the paper's conditions read literally disagree at {len(literal)}",
        checked_over=f"{len(inside)} grid points with N in {users}, "
        "c1 in (0.6 N, 1.2 N) on 15 steps, c2/c1 on 12 steps from 1.03 to 1.6 max(N - 1, 2); "
        f"{len(outside)} more with N = 2 or 3 reported apart",
        unit="grid points",
        note=domain_note([p for p, _ in outside], kept=False)
        + f", where {region} disagree with the numerical test at {len(_disagreements(outside, predicate))} of "
        f"{len(outside)}"
        + (
            ""
            if contrast
            else " (e.g. $N=2$, $c_1=1.5$, $c_2=1.6$: VP holds outside the stated region; $N=3$, $c_1=2$, "
            "$c_2=4.5$: VP holds, case a with $N = 3$)"
        ),
        wrong=len(_disagreements(inside, predicate)),
        literal_conditions_wrong=len(literal),
        outside_mechanism_domain={
            "points": len(outside),
            "disagreements": len(_disagreements(outside, predicate)),
            "examples": [_fmt(p) for p in _disagreements(outside, predicate)[:4]],
        },
    )
