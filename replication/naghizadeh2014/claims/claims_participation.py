"""Claims of Naghizadeh & Liu (2014), Sections V-VI: voluntary participation.

Every check solves the games numerically (social optimum, Nash equilibrium, loner games
with the package's solvers) on a grid of instances and compares with the paper's
statement; the closed forms of :mod:`replication.naghizadeh2014.participation.total_effort` are
checked against the same numbers.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from replication.core import CAVEAT, NOT_REPRODUCED, REPRODUCED, ClaimResult, claim
from replication.naghizadeh2014.participation.voluntary import (
    CLAIM_DRAWS, COST_TOL, SHOWCASE_SCALE, SHOWCASE_SEED, STUDY_SCALES, Participation, ParticipationStudy,
    example_instance, matches_paper_pattern, participation, participation_study,
)
from replication.naghizadeh2014.participation.total_effort import (
    budget_slack, example_model, paper_compatibility, paper_positive_conditions, paper_positive_region,
    positive_example_vp,
)

CHAPTER = "book/naghizadeh2014/participation"
Point = tuple[int, float, float]


def _solve(points: Iterable[Point]) -> list[tuple[Point, Participation]]:
    return [((n, c1, c2), participation(example_model(n, c1, c2))) for n, c1, c2 in points]


def _strict_vp(result: Participation) -> bool:
    """Every user strictly prefers joining (beyond the comparison tolerance)."""
    return bool((result.vp_margin > COST_TOL).all())


def _fmt(point: Point) -> str:
    n, c1, c2 = point
    return f"N={n}, c1={c1:.4g}, c2={c2:.4g}"


# -- Section V-B ---------------------------------------------------------------------------
NEGATIVE_USERS = (3, 4, 5, 10)
NEGATIVE_COSTS = np.linspace(0.05, 0.95, 13)


def negative_grid() -> list[Point]:
    """The paper's range: ``c1 < c2 < 1``, ``c1 > c2/(N-1)``, ``N >= 3``.

    Points on ``c1 = c2/(N-1)`` (up to rounding) are left out: there loner 1 and the
    coalition want the same level and the loner game has a continuum of equilibria.
    """
    return [(n, float(a), float(b)) for n in NEGATIVE_USERS for a in NEGATIVE_COSTS for b in NEGATIVE_COSTS
            if a < b and a > b / (n - 1) + 1e-9]


@claim("naghizadeh2014:negative_example", label="Section V-B (negative example)",
       statement="Total effort, L = 1, c1 < c2 < 1, c1 > c2/(N-1), N >= 3: the VP conditions (20) of user 1 "
                 "and (22) of the others cannot hold together, so no budget-balanced contracts make every "
                 "user join.",
       chapter=CHAPTER)
def negative_example() -> ClaimResult:
    """VP budget slack (R-10) < 0 at every grid point, solved numerically."""
    solved = _solve(negative_grid())
    slack = np.array([result.budget_slack for _, result in solved])
    closed = np.array([budget_slack(*point) for point, _ in solved])
    paper = np.array([paper_compatibility(*point) for point, _ in solved])
    feasible = [_fmt(point) for (point, _), s in zip(solved, slack) if s >= 0]
    status = REPRODUCED if not feasible else NOT_REPRODUCED
    return ClaimResult(
        status,
        f"VP budget slack is negative at {int((slack < 0).sum())} of {len(slack)} grid points "
        f"(N in {NEGATIVE_USERS}, max slack {slack.max():.3f}); the numerical slack matches our closed "
        f"form and the paper's expression c1 ln(c1/N) + c2/(N-1) to {max(abs(slack - closed).max(), abs(slack - paper).max()):.1e}.",
        {"points": len(slack), "max_slack": float(slack.max()), "feasible_points": feasible,
         "max_gap_closed_form": float(abs(slack - closed).max()),
         "max_gap_paper_expression": float(abs(slack - paper).max())})


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


@claim("naghizadeh2014:negative_example_range", label="Section V-B (compatibility test)",
       statement="For c2/(N-1) < c1 < c2, contracts giving every user VP exist iff "
                 "c1 ln(N/c1) <= c2/(N-1), the compatibility of (20) and (22).",
       chapter=CHAPTER)
def negative_example_range() -> ClaimResult:
    """Sign of the paper's test against the numerical VP budget slack (R-10); erratum E2."""
    solved = _solve(range_grid())
    wrong = [(point, result.budget_slack, paper_compatibility(*point)) for point, result in solved
             if (result.budget_slack >= -COST_TOL) != (paper_compatibility(*point) >= 0)]
    outside = [w for w in wrong if w[0][2] >= w[0][0] - 1]
    if not wrong:
        status = REPRODUCED
    elif len(outside) == len(wrong):
        status = CAVEAT
    else:
        status = NOT_REPRODUCED
    return ClaimResult(
        status,
        f"The test's verdict differs from the numerical VP budget slack at {len(wrong)} of {len(solved)} "
        f"grid points (N in {E2_USERS}), {len(outside)} of them with c2 >= N - 1, where the coalition "
        "would not invest and loner 1 bears risk 1 rather than c2/(N-1) (erratum E2); the paper's own "
        "range c2 < 1 is unaffected.",
        {"points": len(solved), "disagreements": len(wrong), "with_c2_at_least_N_minus_1": len(outside),
         "examples": [f"{_fmt(p)}: slack {s:.4f}, paper's test {t:.4f}" for p, s, t in wrong[:5]]})


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


def _disagreements(solved: list[tuple[Point, Participation]], predicate: Callable[[int, float, float], bool]
                   ) -> list[Point]:
    return [point for point, result in solved if predicate(*point) != _strict_vp(result)]


@claim("naghizadeh2014:positive_example", label="Section VI-B (positive example)",
       statement="Total effort, L = 1: every user prefers joining iff N = 2, 2/e < c1 < e/2, c2 > c1, "
                 "or c1 > N exp(-1/(N-1)), c1 < c2 < (N-1) c1.",
       chapter=CHAPTER)
def positive_example() -> ClaimResult:
    """The stated regions, the literal conditions and our region (R-11) against numerical strict VP."""
    solved = _solve(positive_grid())
    paper = _disagreements(solved, paper_positive_region)
    literal = _disagreements(solved, paper_positive_conditions)
    ours = _disagreements(solved, positive_example_vp)
    status = REPRODUCED if not paper else NOT_REPRODUCED
    return ClaimResult(
        status,
        f"The stated regions disagree with the numerical VP test at {len(paper)} of {len(solved)} grid points "
        f"(N in {POSITIVE_USERS}), the paper's conditions read literally at {len(literal)}, our region "
        f"N e^(-1/(N-1)) < c1 < N, c2 > c1 (R-11) at {len(ours)}. Counterexamples: N=2, c1=1.5, c2=1.6 "
        "(VP holds, outside the stated region); N=3, c1=2, c2=4.5 (VP holds, case a with N = 3); "
        "N=3, c1=3.5, c2=4 (stated region, but x* = 0 and costs tie).",
        {"points": len(solved), "stated_region_wrong": len(paper), "literal_conditions_wrong": len(literal),
         "corrected_region_wrong": len(ours), "examples": [_fmt(p) for p in paper[:6]]})


# -- Section VI-A ---------------------------------------------------------------------------
def _claim_sample(cost_scale: float) -> ParticipationStudy:
    """The first ``CLAIM_DRAWS`` seeds at one cost scale, solved in this process (no pool)."""
    return participation_study(CLAIM_DRAWS, cost_scale=cost_scale, workers=1)


@claim("naghizadeh2014:numerical_example_pattern", label="Section VI-A (Figs 11-12)",
       statement="In an N = 5 weighted-total-effort instance, users 2, 3, 5 invest and 1, 4 free-ride at "
                 "the optimum; users 2 and 4 prefer joining while 1, 3 and 5 would rather be loners.",
       chapter=CHAPTER)
def numerical_example_pattern() -> ClaimResult:
    """The showcase draw shows the pattern; how often the first draws of each scale show it."""
    showcase = participation(example_instance(SHOWCASE_SEED, cost_scale=SHOWCASE_SCALE))
    samples = {s: _claim_sample(s) for s in STUDY_SCALES}
    found = {s: sample.pattern_seeds.tolist() for s, sample in samples.items()}
    matches = matches_paper_pattern(showcase)
    rarity = "; ".join(f"s = {s:g}: {len(seeds)} of {samples[s].draws}" for s, seeds in found.items())
    investors = ", ".join(str(i + 1) for i in np.flatnonzero(showcase.investors))
    joiners = ", ".join(str(i + 1) for i in np.flatnonzero(showcase.vp))
    return ClaimResult(
        REPRODUCED if matches else NOT_REPRODUCED,
        f"Showcase draw (seed {SHOWCASE_SEED}, s = {SHOWCASE_SCALE:g}, the smallest seed with the pattern in the "
        f"chapter's study): investors {investors}, joiners {joiners}"
        f"{' as in the paper' if matches else ', not the paper pattern'}. Among the first {CLAIM_DRAWS} seeds "
        f"of each cost scale the pattern appears in {rarity} draws: a rare draw, not a typical one.",
        {"showcase_investors": showcase.investors.tolist(), "showcase_joiners": showcase.vp.tolist(),
         "sample_pattern_seeds": {str(s): seeds for s, seeds in found.items()},
         "sample_draws": {str(s): sample.draws for s, sample in samples.items()}})


@claim("naghizadeh2014:vp_fails_generally", label="Sections V-VI (IR vs VP)",
       statement="Individual rationality does not guarantee voluntary participation: users better off "
                 "under the mechanism than without insurance may still prefer to stay out.",
       chapter=CHAPTER)
def vp_fails_generally() -> ClaimResult:
    """Count draws with a user who passes IR but fails VP, over the first seeds of each cost scale."""
    lines, evidence, total = [], {}, 0
    for s in STUDY_SCALES:
        sample = _claim_sample(s)
        ok = sample.solved
        ir_not_vp = int((sample.ir & ~sample.vp)[ok].any(axis=1).sum())
        total += ir_not_vp
        lines.append(f"s = {s:g}: some user would leave in {sample.some_user_leaves:.0%} of {sample.draws} draws, "
                     f"IR fails in {sample.ir_fails:.0%}, no budget-balanced contracts keep everyone in "
                     f"{sample.no_contracts_keep_everyone:.0%}, a user passes IR but fails VP in {ir_not_vp}")
        evidence[str(s)] = {"draws": sample.draws, "some_user_leaves": sample.some_user_leaves,
                            "ir_fails": sample.ir_fails, "slack_negative": sample.no_contracts_keep_everyone,
                            "ir_but_not_vp_draws": ir_not_vp, "solver_failures": int((~ok).sum())}
    return ClaimResult(REPRODUCED if total > 0 else NOT_REPRODUCED, "; ".join(lines) + ".", evidence)
