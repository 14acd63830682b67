"""The parameter grid on which Shim (2012)'s claims are checked, solved once.

17 breach families (9 exponential p0 e^{-az}, 8 power p0 (1+az)^{-b}) x r in {0.2, 0.5, 0.9}
x lam in {0, 0.1, 0.3} x q in {0.2, 0.5, 1}, with L = 1: 459 points (the families and the
values are our choice).  At each point the Nash equilibrium and the planner's level are
solved for the three cases, with and without insurance.  The paper's claims are about
interior solutions: points where a solution is not interior (no interior candidate passes
the best-reply check, though a corner may) are kept, with ``None`` in its place, so that
every claim can say on how many points it was checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from replication.core.cache import cached
from replication.numerics.solvers import NoInteriorSolution
from replication.security import BreachFunction, ExponentialBreach, PowerBreach
from replication.shim2012.model.game import CASES, Equilibrium, Inputs, NoEquilibrium, solve_all, validated

EXPONENTIAL = tuple(ExponentialBreach(p0, a) for p0, a in product((0.3, 0.5, 0.7), (2.0, 5.0, 10.0)))
POWER = tuple(PowerBreach(p0, a, b) for p0, a, b in product((0.3, 0.6), (2.0, 8.0), (1.0, 2.0)))
FAMILIES: tuple[BreachFunction, ...] = EXPONENTIAL + POWER
R_VALUES = (0.2, 0.5, 0.9)
LAM_VALUES = (0.0, 0.1, 0.3)
Q_VALUES = (0.2, 0.5, 1.0)
LOSS = 1.0


def _values(values: tuple[float, ...]) -> str:
    return "{" + ", ".join(f"{v:g}" for v in values) + "}"


#: The grid in words (plain text, for prose).
DESCRIPTION = (
    f"{len(FAMILIES)} breach families ({len(EXPONENTIAL)} exponential, {len(POWER)} power) "
    f"\u00d7 r \u2208 {_values(R_VALUES)} \u00d7 \u03bb \u2208 {_values(LAM_VALUES)} "
    f"\u00d7 q \u2208 {_values(Q_VALUES)}, L = {LOSS:g}"
)

#: Keys of a point's solutions: (case, insured, planner).
Key = tuple[str, bool, bool]


@dataclass(frozen=True)
class Point:
    """One grid point and its solutions (``None`` where no interior stable solution exists)."""

    breach: BreachFunction
    r: float
    lam: float
    q: float
    solutions: dict[Key, Equilibrium | None]
    #: Keys where the first-order conditions have roots but none passes the global
    #: best-reply check (so the solution is ``None`` although a root exists).
    uncertified: frozenset[Key] = frozenset()

    def get(self, case: str, insured: bool, planner: bool = False) -> Equilibrium | None:
        """The stable solution of ``case`` in the regime (insured or not, planner or Nash).

        None where there is no interior one.
        """
        return self.solutions[(case, insured, planner)]

    def solution(self, case: str, insured: bool, planner: bool = False) -> Equilibrium:
        """The stable solution of ``case`` in the regime, at a point known to have one.

        Raises ``LookupError`` naming the case, the regime and the point where there is no
        interior one (the caller should have kept such points out, e.g. with :meth:`complete`).
        """
        eq = self.get(case, insured, planner)
        if eq is None:
            raise LookupError(
                f"no interior stable {'planner' if planner else 'Nash'} solution for case {case!r} "
                f"{'with' if insured else 'without'} insurance at {self.label}"
            )
        return eq

    def complete(self, insured: bool) -> bool:
        """All three Nash cases interior and stable in this regime."""
        return all(self.get(c, insured) is not None for c in CASES)

    @property
    def label(self) -> str:
        """The point's parameters in words, e.g. ``p=..., r=2, lam=0.1, q=0.5``."""
        return f"p={self.breach.label}, r={self.r:g}, lam={self.lam:g}, q={self.q:g}"


def interior(inputs: Inputs) -> Equilibrium | None:
    """The certified interior solution of ``inputs`` (``corner`` None; the stable one of least
    z if several), or None where there is no interior candidate.

    Raises :class:`replication.shim2012.model.game.NoEquilibrium` (naming each deviation) when
    interior candidates exist but none passes the global best-reply check.
    """
    found = [e for e in solve_all(inputs) if e.corner is None]
    if not found:
        return None
    certified = [e for e in found if e.nash]
    if not certified:
        raise NoEquilibrium(
            f"{inputs.case} ({'insured' if inputs.insured else 'uninsured'}): no interior candidate is a best reply: "
            + "; ".join(f"at z = {e.z:.6g}, {e.deviation.describe()}" for e in found)
        )
    return min(certified, key=lambda e: (not e.stable, e.z))


def solve_or_none(
    breach: BreachFunction,
    *,
    case: str,
    insured: bool,
    L: float,
    r: float,
    q: float = 0.0,
    lam: float = 0.0,
    planner: bool = False,
) -> Equilibrium | None:
    """The interior stable solution (Nash or, with ``planner``, the planner's), or ``None`` when there is none.

    Arguments as :func:`~replication.shim2012.model.game.validated`, which raises
    ``ValueError``/``TypeError`` naming a bad argument.
    """
    try:
        return interior(validated(breach, case=case, insured=insured, L=L, r=r, q=q, lam=lam, planner=planner))
    except NoInteriorSolution:
        return None


def _point(breach: BreachFunction, r: float, lam: float, q: float) -> Point:
    keys = [(c, ins, pl) for c in CASES for ins in (False, True) for pl in (False, True)]
    solutions: dict[Key, Equilibrium | None] = {}
    uncertified: set[Key] = set()
    for k in keys:
        inputs = validated(breach, case=k[0], insured=k[1], L=LOSS, r=r, q=q, lam=lam, planner=k[2])
        try:
            solutions[k] = interior(inputs)
        except NoEquilibrium:
            solutions[k] = None
            uncertified.add(k)
        except NoInteriorSolution:
            solutions[k] = None
    return Point(breach, r, lam, q, solutions, frozenset(uncertified))


def _compute() -> list[Point]:
    return [_point(b, r, lam, q) for b, r, lam, q in product(FAMILIES, R_VALUES, LAM_VALUES, Q_VALUES)]


def grid() -> list[Point]:
    """Every grid point with its solutions (computed once, cached on disk, and read from disk
    once per process: every claim on the grid asks for all of it)."""
    return list(
        cached(
            "shim2012_grid",
            {"families": tuple(map(repr, FAMILIES)), "r": R_VALUES, "lam": LAM_VALUES, "q": Q_VALUES, "L": LOSS},
            _compute,
            shared=True,
        )
    )


def uncertified_points(insured: bool) -> int:
    """How many grid points have, in the regime, a Nash case whose roots all fail the best-reply check."""
    return sum(any((c, insured, False) in pt.uncertified for c in CASES) for pt in grid())


def points(*, insured: bool | None = None, lam_positive: bool | None = None) -> Iterator[Point]:
    """Grid points, optionally those complete in a regime and with lam > 0 (or = 0)."""
    for pt in grid():
        if insured is not None and not pt.complete(insured):
            continue
        if lam_positive is not None and (pt.lam > 0) != lam_positive:
            continue
        yield pt
