"""The total-effort examples of Sections V-B and VI-B in closed form.

Model (paper, eq. 19): every user faces the same risk ``f_i(x) = exp(-sum_j x_j)``, the
loss is ``L_i = 1`` and effort costs ``h_i(x_i) = c_i x_i`` with ``c_1 < c_2 < ... < c_N``.
Only the sum of efforts matters, so whichever group pays for security lets its cheapest
member invest, up to the level where the group's marginal loss reduction equals that
member's unit cost.

The paper solves every sub-game by its first-order condition without the constraint
``x >= 0``.  Here each level is ``max(0, ...)``: a group (or a loner) whose first-order
level is negative invests nothing and bears risk 1.  With that, the loner game (R-9)
has the closed forms below, and the paper's positive-example regions are corrected to
(R-11).  The numerical game solvers reproduce all of them (see the tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.naghizadeh2014.model.risk import TotalEffort

if TYPE_CHECKING:
    import sympy as sp


def _check_n(N: int) -> int:
    return validate.integer_at_least("N", N, 2, validate.MAX_COUNT)


def _check_costs(N: int, c1: float, c2: float) -> tuple[int, float, float]:
    return (_check_n(N), validate.positive("c1", c1), validate.positive("c2", c2))


def group_level(members: int, unit_cost: float) -> float:
    """Total effort a group of ``members`` users buys when its cheapest member has ``unit_cost``.

    First-order condition ``members * exp(-X) = unit_cost`` (paper, Section V-B), with
    ``X >= 0`` enforced: ``X = max(0, ln(members / unit_cost))``.
    """
    validate.integer_at_least("members", members, 1, validate.MAX_COUNT)
    validate.positive("unit_cost", unit_cost)
    return max(0.0, math.log(members / unit_cost))


def example_model(N: int, c1: float, c2: float) -> TotalEffort:
    """The total-effort game (19) with ``L = 1`` and costs ``c1 < c2 < c_3 < ... < c_N``.

    The answers depend on ``c1`` and ``c2`` only (every user other than 1 and 2 is
    undercut by a cheaper one in every group it belongs to); we take
    ``c_j = c2 (1 + (j - 2)/N)`` for ``j >= 3``.
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    if not c2 > c1:
        raise ValueError(f"c2 must exceed c1 (users are labelled by increasing cost), got c1={c1}, c2={c2}")
    rest = [c2 * (1.0 + (j - 2) / N) for j in range(3, N + 1)]
    return TotalEffort([c1, c2, *rest], 1.0)


# -- all N users in the mechanism --------------------------------------------------------
def optimum_effort(N: int, c1: float) -> float:
    """User 1's effort at the social optimum, ``exp(-x1*) = c1/N`` (paper, Section V-B); 0 if ``c1 >= N``."""
    return group_level(_check_n(N), validate.positive("c1", c1))


def participating_cost(N: int, c1: float) -> float:
    """Every user's cost at the optimum with the mechanism's net payments.

    With (R-3), ``t_i* = x1* exp(-x1*) - c_i x_i*`` and ``C_i(x*) + t_i* = exp(-x1*)(1 + x1*)``,
    i.e. ``(c1/N)(1 + x1*)`` when ``c1 < N`` (paper, Section VI-B) and 1 otherwise.
    """
    x1 = optimum_effort(N, c1)
    return math.exp(-x1) * (1.0 + x1)


def social_cost(N: int, c1: float) -> float:
    """Summed cost at the optimum, ``N exp(-x1*) + c1 x1*`` (transfers cancel)."""
    return N * participating_cost(N, c1)


# -- one user stays out: the loner game (R-9) ---------------------------------------------
def loner_cost_first(N: int, c1: float, c2: float) -> float:
    """Cost of user 1 as a loner against the coalition {2, ..., N} (R-9, our closed form).

    The coalition alone would buy ``X_c = max(0, ln((N-1)/c2))`` (user 2 invests); the
    loner alone would buy ``X_1 = max(0, -ln c1)``.  In the two-player game the party
    with the higher target invests up to it and the other free-rides, so the loner pays
    ``c1 (1 - ln c1)`` when ``X_1 > X_c`` (paper's case a, "VP1a") and otherwise bears the
    coalition's risk ``min(1, c2/(N-1))`` (case b, "VP1b"; the paper's ``c2/(N-1)`` is
    only right while ``c2 < N-1``).  At ``X_1 = X_c`` the game has a continuum of
    equilibria; the value returned is the coalition-invests one.
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    x_loner, x_coalition = group_level(1, c1), group_level(N - 1, c2)
    if x_loner > x_coalition:
        return math.exp(-x_loner) + c1 * x_loner
    return math.exp(-x_coalition)


def loner_cost_other(N: int, c1: float) -> float:
    """Cost of a user ``k >= 2`` as a loner: user 1 invests for the coalition of ``N - 1``.

    The coalition buys ``max(0, ln((N-1)/c1))`` and the loner (with ``c_k > c1``) free-rides,
    so its cost is ``min(1, c1/(N-1))`` (paper, Section V-B, with ``x >= 0`` enforced).
    """
    N = _check_n(N)
    return math.exp(-group_level(N - 1, validate.positive("c1", c1)))


def budget_slack(N: int, c1: float, c2: float) -> float:
    """VP budget slack (R-10): summed loner costs minus the social cost at the optimum.

    Some budget-balanced contracts make every user join iff the slack is ``>= 0``.
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    return loner_cost_first(N, c1, c2) + (N - 1) * loner_cost_other(N, c1) - social_cost(N, c1)


# -- Section V-B: the negative example ---------------------------------------------------
def paper_compatibility(N: int, c1: float, c2: float) -> float:
    """The paper's test that (20) and (22) are compatible: ``c1 ln(c1/N) + c2/(N-1) >= 0``.

    Derived under ``c2/(N-1) < c1 < c2`` assuming the coalition {2..N} invests; it equals
    :func:`budget_slack` while ``c2 < N - 1`` and ``c1 < N`` (otherwise not: see *What we found* in
    the book, entry `naghizadeh2014:negative_example_range`).
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    return c1 * math.log(c1 / N) + c2 / (N - 1)


@dataclass(frozen=True)
class NegativeExampleAlgebra:
    """Equations (20)-(22) of Section V-B, derived symbolically.

    ``T_1`` and ``T_k`` are the net payments ``rho - I exp(-x1*)`` of user 1 and of a user
    ``k >= 2``.  (20) is ``-T_1 >= bound_20``, (21) is ``T_k <= bound_21``, (22) is
    ``-T_1 <= bound_22``; the bounds on ``-T_1`` are compatible iff ``compatibility >= 0``.
    Each bound is written as the paper prints it; ``matches_paper`` records that sympy
    finds it equal to the bound derived from the VP conditions.
    """

    x_opt: sp.Expr
    x_hat: sp.Expr
    x_tilde: sp.Expr
    vp_1: sp.Rel
    vp_k: sp.Rel
    bound_20: sp.Expr
    bound_21: sp.Expr
    bound_22: sp.Expr
    compatibility: sp.Expr
    matches_paper: dict[str, bool]


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    import sympy as sp  # imported when the algebra is asked for, not with the model

    return sp.simplify(sp.expand_log(a - b, force=True)) == 0


def negative_example_algebra() -> NegativeExampleAlgebra:
    """Derive (20)-(22) and the compatibility condition of Section V-B with sympy.

    Optimum: ``N e^{-x} = c1``.  User 1 out (``c1 > c2/(N-1)``): user 2 invests with
    ``(N-1) e^{-x} = c2``.  User ``k >= 2`` out: user 1 invests with ``(N-1) e^{-x} = c1``.
    VP compares the participating utility (19) with the loner's; budget balance
    ``sum_i T_i = 0`` turns (21) into (22).
    """
    import sympy as sp  # imported when the algebra is asked for, not with the model

    N, c1, c2, x = sp.symbols("N c_1 c_2 x", positive=True)
    t1, tk = sp.symbols("T_1 T_k", real=True)
    x_opt = sp.solve(sp.Eq(N * sp.exp(-x), c1), x)[0]
    x_hat = sp.solve(sp.Eq((N - 1) * sp.exp(-x), c2), x)[0]
    x_tilde = sp.solve(sp.Eq((N - 1) * sp.exp(-x), c1), x)[0]
    risk_opt = sp.exp(-x_opt)
    vp_1 = sp.Ge(-risk_opt - c1 * x_opt - t1, -sp.exp(-x_hat))
    vp_k = sp.Ge(-risk_opt - tk, -sp.exp(-x_tilde))
    derived_20 = -sp.solve(vp_1.lhs - vp_1.rhs, t1)[0]
    derived_21 = sp.solve(vp_k.lhs - vp_k.rhs, tk)[0]
    derived_22 = (N - 1) * derived_21
    printed = {
        "(20)": c1 * (1 / N - sp.log(c1 / N)) - c2 / (N - 1),
        "(21)": c1 / (N * (N - 1)),
        "(22)": c1 / N,
        "compatibility": c1 * sp.log(c1 / N) + c2 / (N - 1),
    }
    derived = {"(20)": derived_20, "(21)": derived_21, "(22)": derived_22, "compatibility": derived_22 - derived_20}
    return NegativeExampleAlgebra(
        x_opt,
        x_hat,
        x_tilde,
        vp_1,
        vp_k,
        printed["(20)"],
        printed["(21)"],
        printed["(22)"],
        printed["compatibility"],
        {key: _same(derived[key], printed[key]) for key in printed},
    )


# -- Section VI-B: the positive example --------------------------------------------------
def positive_example_vp(N: int, c1: float, c2: float) -> bool:
    """Does every user strictly prefer joining under the mechanism's payments? (R-11)

    Our corrected region: ``N exp(-1/(N-1)) < c1 < N`` and ``c2 > c1``, for every ``N >= 2``.
    The lower bound is (VPj) of the paper; the upper bound comes from ``x >= 0``
    (for ``c1 >= N`` nobody invests at the optimum and joining only ties with leaving);
    given both, user 1's condition holds in either case a or b.  ``c2 <= c1`` breaks the
    paper's labelling by increasing cost and gives ``False``.

    For ``N = 2`` the region is that of the payments ``t*`` of a mechanism with no
    equilibrium (it needs at least three users), and for ``N = 3`` a loner's coalition of
    two cannot reach its optimum through it: both lie outside the mechanism's domain (see
    :func:`replication.naghizadeh2014.model.participation.mechanism_domain`).

    Parameters
    ----------
    N : int
        The number of users, N >= 2.
    c1, c2 : float
        The unit costs of user 1 and of the others, > 0.

    Returns
    -------
    bool
        Whether every user strictly prefers joining.

    Raises
    ------
    ValueError
        ``N`` < 2 or a cost <= 0, naming the argument.

    Examples
    --------
    >>> from replication.naghizadeh2014 import positive_example_vp
    >>> positive_example_vp(3, 2.0, 3.0), positive_example_vp(3, 1.0, 2.0)
    (True, False)
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    return N * math.exp(-1.0 / (N - 1)) < c1 < N and c2 > c1


def paper_positive_region(N: int, c1: float, c2: float) -> bool:
    """The paper's two stated iff-regions (Section VI-B), read as written.

    (VPj)&(VP1a): ``N = 2, 2/e < c1 < e/2, c2 > c1``;
    (VPj)&(VP1b): ``c1 > N exp(-1/(N-1)), c1 < c2 < (N-1) c1``.

    The first region has ``N = 2`` users, for whom the mechanism has no equilibrium (it
    needs at least three, see :func:`positive_example_vp`).

    Parameters
    ----------
    N : int
        The number of users, N >= 2.
    c1, c2 : float
        The unit costs of user 1 and of the others, > 0.

    Returns
    -------
    bool
        Whether (N, c1, c2) lies in one of the paper's two regions.

    Raises
    ------
    ValueError
        ``N`` < 2 or a cost <= 0, naming the argument.

    Examples
    --------
    >>> from replication.naghizadeh2014 import paper_positive_region
    >>> paper_positive_region(2, 1.0, 1.2), paper_positive_region(3, 2.0, 3.0)
    (True, True)
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    case_a = N == 2 and 2 / math.e < c1 < math.e / 2 and c2 > c1
    case_b = c1 > N * math.exp(-1.0 / (N - 1)) and c1 < c2 < (N - 1) * c1
    return case_a or case_b


def paper_positive_conditions(N: int, c1: float, c2: float) -> bool:
    """The paper's conditions (VPj), (VP1a), (VP1b) with its case split, read literally.

    (VPj) ``ln(N/c1) < 1/(N-1)``; case a (``c1 < c2/(N-1)``) needs (VP1a)
    ``ln c1 < 1 - ln N/(N-1)``; case b (``c2/(N-1) < c1 < c2``) needs (VP1b)
    ``(c1/N)(1 + ln(N/c1)) < c2/(N-1)``.  No ``x >= 0`` constraint, as in the paper.
    """
    N, c1, c2 = _check_costs(N, c1, c2)
    vp_j = math.log(N / c1) < 1.0 / (N - 1)
    if c1 < c2 / (N - 1):
        return vp_j and math.log(c1) < 1.0 - math.log(N) / (N - 1)
    return vp_j and c1 < c2 and c1 / N * (1.0 + math.log(N / c1)) < c2 / (N - 1)


@dataclass(frozen=True)
class PositiveRegionGrid:
    """Both positive-example regions on a grid of the ``(c1, c2)`` plane, for one ``N``.

    ``corrected[j, i]`` is :func:`positive_example_vp` and ``paper[j, i]`` is
    :func:`paper_positive_region` at ``(c1[i], c2[j])``.
    """

    N: int
    c1: NDArray[np.float64]
    c2: NDArray[np.float64]
    corrected: NDArray[np.bool_]
    paper: NDArray[np.bool_]


def positive_region_grid(N: int, *, points: int = 121) -> PositiveRegionGrid:
    """Evaluate both regions on ``points`` values of ``c1`` in ``[0.3 N, 1.2 N]`` and
    ``points - 1`` values of ``c2`` in ``(0, 1.5 N (N - 1)]`` (``c2 = 0`` left out).

    Raises ValueError for ``N < 2`` or ``points < 2``.
    """
    N = _check_n(N)
    points = validate.integer_at_least("points", points, 2, validate.MAX_COUNT)
    c1 = np.linspace(0.3 * N, 1.2 * N, points)
    c2 = np.linspace(0.0, 1.5 * N * max(N - 1, 1), points)[1:]
    corrected = np.array([[positive_example_vp(N, a, b) for a in c1] for b in c2])
    paper = np.array([[paper_positive_region(N, a, b) for a in c1] for b in c2])
    return PositiveRegionGrid(N, c1, c2, corrected, paper)
