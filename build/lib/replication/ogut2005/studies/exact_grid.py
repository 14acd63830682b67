"""Which results survive without the Taylor step: grids of the exact CARA model (beyond the paper).

* :func:`exact_grid`: 144 points, 12 exponential families p0 e^{-az} (p0 in
  {0.2, 0.5, 0.8, 0.95}, a in {2, 4, 8}; our choice) x rL in {0.1, 0.5, 1} (L = 1) x
  lam in {0, 0.2} x q in {0.3, 1}.  At each
  point: z without insurance, z with insurance, and z with insurance at a 5% higher r.
* :func:`fair_insurance_map`: z with and without fair insurance for independent risk
  over the (a, rL) plane of p = 0.95 e^{-az}, where Result 2 holds exactly and where it
  fails.  (For this family the breach probability at an interior optimum does not depend
  on p0: it is 1/a with fair insurance and r/(k(a - r)), k = exp(rL) - 1, L = 1, without.)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from replication.core.cache import cached
from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005.model.exact import exact_cara_equilibrium
from replication.ogut2005.model.game import Equilibrium, NoEquilibrium
from replication.security.breach import BreachFunction, ExponentialBreach

EXACT_FAMILIES = tuple(ExponentialBreach(p0, a) for p0 in (0.2, 0.5, 0.8, 0.95) for a in (2.0, 4.0, 8.0))
EXACT_RL = (0.1, 0.5, 1.0)
EXACT_LOADINGS = (0.0, 0.2)
EXACT_SPILLOVERS = (0.3, 1.0)
R_STEP = 1.05
#: Points per axis of the map of fair insurance (effectiveness a by rL).
MAP_POINTS = 36


@dataclass(frozen=True)
class ExactPoint:
    """Exact solutions at one point (None where there is no certified interior solution).

    ``no_equilibrium`` names the cases whose stable candidates all fail the best-reply check.
    """

    breach: BreachFunction
    q: float
    r: float
    lam: float
    uninsured: Equilibrium | None
    insured: Equilibrium | None
    insured_higher_r: Equilibrium | None
    no_equilibrium: tuple[str, ...] = ()


def _attempt(
    breach: BreachFunction,
    *,
    insured: bool,
    L: float,
    r: float,
    q: float,
    lam: float,
    failed: list[str] | None = None,
    case: str = "",
) -> Equilibrium | None:
    """The certified exact equilibrium, None if there is none (``case`` added to ``failed``
    when candidates exist but none passes the best-reply check)."""
    try:
        return exact_cara_equilibrium(breach, insured=insured, L=L, r=r, q=q, lam=lam)
    except NoEquilibrium:
        if failed is not None:
            failed.append(case)
        return None
    except NoInteriorSolution:
        return None


def _solve_exact_grid() -> tuple[ExactPoint, ...]:
    points = []
    for breach, r, lam, q in itertools.product(EXACT_FAMILIES, EXACT_RL, EXACT_LOADINGS, EXACT_SPILLOVERS):
        failed: list[str] = []
        points.append(
            ExactPoint(
                breach=breach,
                q=q,
                r=r,
                lam=lam,
                uninsured=_attempt(breach, insured=False, L=1.0, r=r, q=q, lam=lam, failed=failed, case="uninsured"),
                insured=_attempt(breach, insured=True, L=1.0, r=r, q=q, lam=lam, failed=failed, case="insured"),
                insured_higher_r=_attempt(
                    breach, insured=True, L=1.0, r=r * R_STEP, q=q, lam=lam, failed=failed, case="insured_higher_r"
                ),
                no_equilibrium=tuple(failed),
            )
        )
    return tuple(points)


@lru_cache(maxsize=1)
def exact_grid() -> tuple[ExactPoint, ...]:
    """The 144-point exact grid, cached on disk."""
    return cached(
        "ogut2005:exact_grid",
        {"families": repr(EXACT_FAMILIES), "rL": EXACT_RL, "lam": EXACT_LOADINGS, "q": EXACT_SPILLOVERS},
        _solve_exact_grid,
    )


@dataclass(frozen=True)
class FairInsuranceMap:
    """z without insurance and with fair insurance (independent risk, L = 1) on an (a, rL) grid.

    Rows follow ``rL``, columns ``a``.  ``z_none`` and ``z_fair`` are NaN where either
    problem has no certified interior solution; ``P_none`` is the breach probability at the
    uninsured optimum; ``uncertified`` counts the cells where a problem has stable
    candidates but none passes the global best-reply check.
    """

    p0: float
    a: np.ndarray
    rL: np.ndarray
    z_none: np.ndarray
    z_fair: np.ndarray
    P_none: np.ndarray
    uncertified: int = 0


def _map(p0: float, effects: tuple[float, ...], rLs: tuple[float, ...]) -> FairInsuranceMap:
    shape = (len(rLs), len(effects))
    z_none, z_fair, P_none = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    failed: list[str] = []
    for (i, rL), (j, a) in itertools.product(enumerate(rLs), enumerate(effects)):
        breach = ExponentialBreach(p0, a)
        none = _attempt(breach, insured=False, L=1.0, r=rL, q=0.0, lam=0.0, failed=failed, case=f"{i},{j}")
        fair = _attempt(breach, insured=True, L=1.0, r=rL, q=0.0, lam=0.0, failed=failed, case=f"{i},{j}")
        if none is not None and fair is not None:
            z_none[i, j], z_fair[i, j], P_none[i, j] = none.z, fair.z, none.P
    uncertified = len(set(failed))
    return FairInsuranceMap(p0, np.array(effects), np.array(rLs), z_none, z_fair, P_none, uncertified)


def fair_insurance_map(p0: float = 0.95, points: int = MAP_POINTS) -> FairInsuranceMap:
    """Result 2 without the Taylor step over a in (1.1, 6) and rL in (0.05, 1), cached."""
    effects = tuple(float(x) for x in np.round(np.linspace(1.1, 6.0, points), 6))
    rLs = tuple(float(x) for x in np.round(np.linspace(0.05, 1.0, points), 6))
    return cached("ogut2005:fair_insurance_map", {"p0": p0, "a": effects, "rL": rLs}, lambda: _map(p0, effects, rLs))
