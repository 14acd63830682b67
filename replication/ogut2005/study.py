"""The parameter grid on which every result of Ogut et al. (2005) is checked.

17 breach families (9 exponential p0 e^{-az}, 8 power p0 (1+az)^{-b}) x L in {1, 2} x
r in {0.5, 2} x lam in {0, 0.1, 0.5, 1} x q in {0.2, 0.5, 1}: 816 points (the families are
our choice, listed below).  At each
point the model is solved once per case (Nash, independent, planner, liability, n = 3..5
firms, no insurance) and the results are kept for the claims; solves shared between
points share the brackets of one scan per family and case (``batch``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache, lru_cache

from replication.core.cache import cached
from replication.core.solvers import NoInteriorSolution
from replication.ogut2005.batch import BracketedSolver
from replication.ogut2005.liability import Liability
from replication.ogut2005.model import Equilibrium, equilibria_of, equilibrium_of, uninsured_equilibrium
from replication.ogut2005.statics import Statics, statics
from replication.security.breach import BreachFunction, ExponentialBreach, PowerBreach
from replication.security.interdependence import Untargeted

FAMILIES: tuple[BreachFunction, ...] = (
    *(ExponentialBreach(p0, a) for p0 in (0.3, 0.5, 0.8) for a in (2.0, 5.0, 10.0)),
    *(PowerBreach(p0, a, b) for p0 in (0.4, 0.7) for a in (2.0, 8.0) for b in (1.0, 3.0)),
)
LOSSES = (1.0, 2.0)
RISK_AVERSIONS = (0.5, 2.0)
LOADINGS = (0.0, 0.1, 0.5, 1.0)
SPILLOVERS = (0.2, 0.5, 1.0)
FIRMS = (2, 3, 4, 5)


@dataclass(frozen=True)
class Point:
    """One grid point and what the model gives there (None where there is no interior solution)."""

    breach: BreachFunction
    q: float
    L: float
    r: float
    lam: float
    roots: tuple[Equilibrium, ...]
    nash: Equilibrium | None
    statics: Statics | None
    independent: Equilibrium | None
    planner: Equilibrium | None
    liability: Equilibrium | None
    uninsured_independent: Equilibrium | None
    by_n: dict[int, Equilibrium | None] = field(default_factory=dict)

    @property
    def interior(self) -> bool:
        """A stable Nash equilibrium with positive cover exists (the results' domain)."""
        return self.nash is not None and not self.nash.corner


@cache
def _solver(breach: BreachFunction, kind: str, q: float, n: int) -> BracketedSolver:
    structure = Liability(q) if kind == "liability" else Untargeted(q, n)
    return BracketedSolver(breach, structure, planner=kind == "planner")


def _solve(
    breach: BreachFunction, kind: str, q: float, L: float, r: float, lam: float, n: int = 2
) -> Equilibrium | None:
    """The stable solution of case ``kind`` (nash, planner, liability), None if there is none."""
    solver = _solver(breach, kind, q, n)
    try:
        return equilibrium_of(
            breach, solver.structure, L=L, r=r, lam=lam, what=kind, planner=kind == "planner", solver=solver
        )
    except NoInteriorSolution:
        return None


def _roots(breach: BreachFunction, q: float, L: float, r: float, lam: float) -> tuple[Equilibrium, ...]:
    solver = _solver(breach, "nash", q, 2)
    try:
        return tuple(equilibria_of(breach, solver.structure, L=L, r=r, lam=lam, what="nash", solver=solver))
    except NoInteriorSolution:
        return ()


def _uninsured(breach: BreachFunction, L: float, r: float) -> Equilibrium | None:
    try:
        return uninsured_equilibrium(breach, L=L, r=r, q=0.0, solver=_solver(breach, "nash", 0.0, 2))
    except NoInteriorSolution:
        return None


def solve_point(breach: BreachFunction, *, L: float, r: float, q: float, lam: float) -> Point:
    """Solve every case of the model at one grid point (Nash, planner, liability, independent, uninsured, n firms).

    A case without a stable interior solution is ``None``; ``ValueError`` for inputs
    outside the model, as :func:`~replication.ogut2005.model.equilibrium`.
    """
    nash = _solve(breach, "nash", q, L, r, lam)
    return Point(
        breach=breach,
        q=q,
        L=L,
        r=r,
        lam=lam,
        roots=_roots(breach, q, L, r, lam),
        nash=nash,
        statics=statics(breach, L=L, r=r, q=q, lam=lam, z=nash.z) if nash is not None and not nash.corner else None,
        independent=_solve(breach, "nash", 0.0, L, r, lam),
        planner=_solve(breach, "planner", q, L, r, lam),
        liability=_solve(breach, "liability", q, L, r, lam),
        uninsured_independent=_uninsured(breach, L, r),
        by_n={n: _solve(breach, "nash", q, L, r, lam, n) for n in FIRMS},
    )


def _solve_grid() -> tuple[Point, ...]:
    return tuple(
        solve_point(b, L=L, r=r, q=q, lam=lam)
        for b, L, r, lam, q in itertools.product(FAMILIES, LOSSES, RISK_AVERSIONS, LOADINGS, SPILLOVERS)
    )


@lru_cache(maxsize=1)
def grid() -> tuple[Point, ...]:
    """Every grid point solved (816), cached on disk."""
    return cached(
        "ogut2005:grid",
        {"families": repr(FAMILIES), "L": LOSSES, "r": RISK_AVERSIONS, "lam": LOADINGS, "q": SPILLOVERS, "n": FIRMS},
        _solve_grid,
    )
