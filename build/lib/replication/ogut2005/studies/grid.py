"""The parameter grid on which every result of Ogut et al. (2005) is checked.

17 breach families (9 exponential p0 e^{-az}, 8 power p0 (1+az)^{-b}) x L in {1, 2} x
r in {0.5, 2} x lam in {0, 0.1, 0.5, 1} x q in {0.2, 0.5, 1}: 816 points (the families are
our choice, listed below).  At each
point the model is solved once per case (Nash, independent, planner, liability, n = 3..5
firms, no insurance) and the results are kept for the claims; solves shared between
points share the brackets of one scan per family and case (:class:`~replication.security.taylor.BracketedSolver`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from replication.core.cache import cached
from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005.model.game import (
    Equilibrium,
    NoEquilibrium,
    equilibria_of,
    equilibrium_of,
    uninsured_equilibrium,
)
from replication.ogut2005.model.liability import Liability
from replication.ogut2005.model.statics import Statics, statics
from replication.security.breach import BreachFunction, ExponentialBreach, PowerBreach
from replication.security.interdependence import Untargeted
from replication.security.taylor import BracketedSolver

FAMILIES: tuple[BreachFunction, ...] = (
    *(ExponentialBreach(p0, a) for p0 in (0.3, 0.5, 0.8) for a in (2.0, 5.0, 10.0)),
    *(PowerBreach(p0, a, b) for p0 in (0.4, 0.7) for a in (2.0, 8.0) for b in (1.0, 3.0)),
)
LOSSES = (1.0, 2.0)
RISK_AVERSIONS = (0.5, 2.0)
LOADINGS = (0.0, 0.1, 0.5, 1.0)
SPILLOVERS = (0.2, 0.5, 1.0)
FIRMS = (2, 3, 4, 5)

#: The cases a point keeps one solution of (see :meth:`Point.solution`).
Case = Literal["nash", "independent", "planner", "liability", "uninsured_independent"]


@dataclass(frozen=True)
class Point:
    """One grid point and what the model gives there (None where there is no certified interior solution).

    ``roots`` are every symmetric candidate of the Nash case, each with its certificate
    ``nash``; ``no_equilibrium`` names the cases (``"nash"``, ``"planner"``, ``"n=3"``,
    ...) where stable candidates exist but none passes the global best-reply check, so the
    case is None there although its first-order condition has a root.
    """

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
    no_equilibrium: tuple[str, ...] = ()

    @property
    def interior(self) -> bool:
        """A certified stable Nash equilibrium with positive cover exists (the results' domain)."""
        return self.nash is not None and not self.nash.corner

    def solution(self, case: Case) -> Equilibrium:
        """The solution of ``case`` kept at this point, where the caller knows there is one.

        Raises ``LookupError`` naming the case and the point where it is None (no stable
        interior solution): a check that asks for it has filtered its points wrongly.
        """
        found = {
            "nash": self.nash,
            "independent": self.independent,
            "planner": self.planner,
            "liability": self.liability,
            "uninsured_independent": self.uninsured_independent,
        }[case]
        if found is None:
            raise LookupError(f"no {case} solution at {self.label}")
        return found

    def nash_statics(self) -> Statics:
        """The comparative statics at the Nash equilibrium, at an interior point (:attr:`interior`).

        Raises ``LookupError`` naming the point where there are none.
        """
        if self.statics is None:
            raise LookupError(f"no comparative statics (the Nash equilibrium is not interior) at {self.label}")
        return self.statics

    @property
    def label(self) -> str:
        """The point's parameters in words, e.g. ``p=0.5e^{-5z}, q=0.5, L=1, r=0.5, lam=0.2``."""
        return f"p={self.breach.label}, q={self.q:g}, L={self.L:g}, r={self.r:g}, lam={self.lam:g}"


@cache
def _solver(breach: BreachFunction, kind: str, q: float, n: int) -> BracketedSolver:
    structure = Liability(q, n) if kind == "liability" else Untargeted(q, n)
    return BracketedSolver(breach, structure, planner=kind == "planner")


def _solve(
    breach: BreachFunction, kind: str, q: float, L: float, r: float, lam: float, n: int = 2, failed: list | None = None
) -> Equilibrium | None:
    """The certified stable solution of case ``kind`` (nash, planner, liability), None if there
    is none; a case whose stable candidates all fail the best-reply check is added to ``failed``."""
    solver = _solver(breach, kind, q, n)
    try:
        return equilibrium_of(
            breach, solver.structure, L=L, r=r, lam=lam, what=kind, planner=kind == "planner", solver=solver
        )
    except NoEquilibrium:
        if failed is not None:
            failed.append(kind)
        return None
    except NoInteriorSolution:
        return None


def _roots(breach: BreachFunction, q: float, L: float, r: float, lam: float) -> tuple[Equilibrium, ...]:
    solver = _solver(breach, "nash", q, 2)
    try:
        return tuple(equilibria_of(breach, solver.structure, L=L, r=r, lam=lam, what="nash", solver=solver))
    except NoInteriorSolution:
        return ()


def _uninsured(breach: BreachFunction, L: float, r: float, failed: list | None = None) -> Equilibrium | None:
    try:
        return uninsured_equilibrium(breach, L=L, r=r, q=0.0, solver=_solver(breach, "nash", 0.0, 2))
    except NoEquilibrium:
        if failed is not None:
            failed.append("uninsured_independent")
        return None
    except NoInteriorSolution:
        return None


def solve_point(breach: BreachFunction, *, L: float, r: float, q: float, lam: float) -> Point:
    """Solve every case of the model at one grid point (Nash, planner, liability, independent, uninsured, n firms).

    A case without a certified stable interior solution is ``None`` (and named in
    ``no_equilibrium`` when it has candidates that fail the best-reply check); ``ValueError``
    for inputs outside the model, as :func:`~replication.ogut2005.model.game.equilibrium`.
    """
    failed: list[str] = []

    def solve(kind: str, case: str, q: float, n: int = 2) -> Equilibrium | None:
        found: list[str] = []
        out = _solve(breach, kind, q, L, r, lam, n, failed=found)
        failed.extend(case for _ in found)
        return out

    nash = solve("nash", "nash", q)
    return Point(
        breach=breach,
        q=q,
        L=L,
        r=r,
        lam=lam,
        roots=_roots(breach, q, L, r, lam),
        nash=nash,
        statics=statics(breach, L=L, r=r, q=q, lam=lam, z=nash.z) if nash is not None and not nash.corner else None,
        independent=solve("nash", "independent", 0.0),
        planner=solve("planner", "planner", q),
        liability=solve("liability", "liability", q),
        uninsured_independent=_uninsured(breach, L, r, failed=failed),
        by_n={n: solve("nash", f"n={n}", q, n) for n in FIRMS},
        no_equilibrium=tuple(failed),
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
