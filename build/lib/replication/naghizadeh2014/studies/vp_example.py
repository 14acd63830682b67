"""The numerical example of Naghizadeh & Liu (2014), Section VI-A, one draw at a time.

Five users of the weighted-total-effort game with sorted random costs (the paper's draw is
unpublished): the pattern the paper reports, the instance of one seed, and one row of the
participation study by the per-draw path
(:func:`~replication.naghizadeh2014.model.participation.participation`, the reference the
stacked path of :mod:`~replication.naghizadeh2014.studies.participation_stack` agrees with).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from replication.naghizadeh2014.model.instances import LOSS, weighted_total_effort_instance
from replication.naghizadeh2014.model.participation import BRENT_METHOD, Participation, participation
from replication.naghizadeh2014.model.risk import IDSModel
from replication.numerics.solvers import ConvergenceError

#: The pattern the paper describes for its N = 5 draw (users 1..5 as indices 0..4):
#: users 2, 3, 5 invest at the optimum, 1 and 4 free-ride; 2 and 4 join, 1, 3, 5 would leave.
PAPER_INVESTORS = np.array([False, True, True, False, True])
PAPER_JOINERS = np.array([False, True, False, True, False])
#: Users of the numerical example (the paper does not state L; we use $50M as in Section IV).
EXAMPLE_USERS = 5
#: Cost scales s of the draws: 1 (as our Example 2) and 20 (as our Example 1).
STUDY_SCALES = (1.0, 20.0)
#: Draws per cost scale in the study of how typical the paper's example is (10,000 in all).
STUDY_DRAWS = 5_000
#: Draws per cost scale of the small sample the claim checks use (fast enough to run cold).
CLAIM_DRAWS = 60
#: The showcase draw of Figs 11-12, chosen by a stated rule: the smallest seed at
#: s = 20 whose draw shows the paper's pattern (the claim ``numerical_example_pattern``
#: re-derives it from the study).
SHOWCASE_SEED, SHOWCASE_SCALE = 2795, 20.0
#: A draw at the other cost scale, s = 1, that also shows the paper's pattern (a unit test checks it).
PATTERN_SEED_AT_SCALE_1 = 16761
#: Draws whose loner games are solved from two starts, x* and 0 (the check for several equilibria).
START_DRAWS = 200


def example_instance(seed: int, *, cost_scale: float) -> IDSModel:
    """The Section VI-A example: weighted total effort, N = 5, L = 50, sorted U(0, s) costs."""
    return weighted_total_effort_instance(seed, N=EXAMPLE_USERS, L=LOSS, cost_scale=cost_scale)


def matches_paper_pattern(result: Participation) -> bool:
    """Does a Section VI-A draw show the paper's investors and joiners?"""
    return (
        result.x_opt.size == EXAMPLE_USERS
        and bool((result.investors == PAPER_INVESTORS).all())
        and bool((result.vp == PAPER_JOINERS).all())
    )


Row = tuple[bool, NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_], float, float, int]


#: What a failed solve of a generated draw raises: a solver that stops short of its
#: tolerance, or one whose iterate left the finite numbers (caught by input validation).
SOLVER_FAILURES = (ConvergenceError, ValueError)


def study_row(seed: int, cost_scale: float) -> Row:
    """One row of the study by the per-draw path, :func:`participation` (the reference)."""
    try:
        result = participation(example_instance(seed, cost_scale=cost_scale))
    except SOLVER_FAILURES:
        blank = np.zeros(EXAMPLE_USERS, dtype=bool)
        return False, blank, blank, blank, float("nan"), float("nan"), 0
    brent = sum(outcome.method == BRENT_METHOD for outcome in result.loners)
    return True, result.investors, result.ir, result.vp, result.budget_slack, result.social_cost, brent


__all__ = [
    "CLAIM_DRAWS",
    "EXAMPLE_USERS",
    "PAPER_INVESTORS",
    "PAPER_JOINERS",
    "Row",
    "SHOWCASE_SCALE",
    "SHOWCASE_SEED",
    "SOLVER_FAILURES",
    "STUDY_DRAWS",
    "STUDY_SCALES",
    "example_instance",
    "matches_paper_pattern",
    "study_row",
]
