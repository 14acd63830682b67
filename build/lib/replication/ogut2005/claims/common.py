"""What the checks of Ogut et al. (2005)'s claims share: the grids' words, tolerances and
the points left out for want of a certified equilibrium.

Each check evaluates its statement on the 816-point grid of :mod:`replication.ogut2005.studies.grid`
(or the exact-utility grids of :mod:`replication.ogut2005.studies.exact_grid`), counts the points
in the statement's domain and the counterexamples, and takes its status from
:func:`replication.ledger.results.status_by_rule`.  Each check also runs, with
``contrast=True``, on its contrast case: the same code on inputs under which the verdict
must turn (the opposite sign, the model without the paper's approximation, the reading the
other claim tests, a mutated model).  Where a statement holds only inside the paper's
first-order Taylor step, it is reported with that repair and its unrepaired sibling, tested
with exact CARA utility, stays in the ledger as not reproduced.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import sympy as sp

from replication.ledger.results import ClaimResult
from replication.ledger.verdicts import Tally, tally, verdict
from replication.ogut2005.model import derivation
from replication.ogut2005.studies.exact_grid import exact_grid, fair_insurance_map
from replication.ogut2005.studies.grid import FAMILIES, Point, grid

TOL = 1e-9


MAX_EXAMPLES = 5


GRID_WORDS = (
    f"the 816-point grid: {len(FAMILIES)} breach families (9 of the form $p_0e^{{-az}}$, 8 of the form "
    f"$p_0(1+az)^{{-b}}$) × $L\\in\\{{1,2\\}}$ × $r\\in\\{{0.5,2\\}}$ × $\\lambda\\in\\{{0,0.1,0.5,1\\}}$ × "
    f"$q\\in\\{{0.2,0.5,1\\}}$"
)
EXACT_WORDS = (
    "the 144-point exact-CARA grid: 12 families $p_0e^{-az}$ ($p_0\\in\\{0.2,0.5,0.8,0.95\\}$, "
    "$a\\in\\{2,4,8\\}$) × $rL\\in\\{0.1,0.5,1\\}$ ($L=1$) × $\\lambda\\in\\{0,0.2\\}$ × $q\\in\\{0.3,1\\}$"
)
MAP_WORDS = (
    "the 36 × 36 map of independent risk, $p=0.95e^{-az}$, $a\\in[1.1,6]$, $rL\\in[0.05,1]$, $L=1$, $\\lambda=0$"
)


def _where(p: Point) -> str:
    return f"$p={p.breach.label}$, $q={p.q:g}$, $L={p.L:g}$, $r={p.r:g}$, $\\lambda={p.lam:g}$"


def _no_equilibrium(points: Iterable[Point] | None = None, cases: tuple[str, ...] = ("nash",)) -> int:
    """Grid points where a case in ``cases`` has stable first-order roots but none passes
    the global best-reply check (so the point is left out)."""
    return sum(1 for p in (grid() if points is None else points) if set(p.no_equilibrium) & set(cases))


def _certified_words(cases: tuple[str, ...] = ("nash",)) -> str:
    """The sentence every grid claim adds to ``checked_over``: the points left out for want of an equilibrium."""
    g = grid()
    missing = _no_equilibrium(g, cases)
    without = sum(1 for p in g if not p.interior)
    return (
        f"; only certified points (every solution passed the global best-reply check): {missing} of the "
        f"{len(g)} grid points had first-order roots but no equilibrium ({', '.join(cases)}), and {without} "
        "had no certified interior Nash equilibrium with positive cover"
    )


def _interior(points: Iterable[Point] | None = None) -> list[Point]:
    return [p for p in (grid() if points is None else points) if p.interior]


def _exact_pairs(max_P: float | None = None) -> list[tuple[str, float, float, float]]:
    """The same pairs with exact CARA utility, on the (a, rL) map (optionally only P < max_P)."""
    m = fair_insurance_map()
    out = []
    for i, rL in enumerate(m.rL):
        for j, a in enumerate(m.a):
            if np.isnan(m.z_none[i, j]) or (max_P is not None and m.P_none[i, j] >= max_P):
                continue
            out.append(
                (
                    f"$p={m.p0:g}e^{{-{a:.3f}z}}$, $rL={rL:.3f}$ (uninsured $B={m.P_none[i, j]:.3f}$)",
                    float(m.z_none[i, j]),
                    float(m.z_fair[i, j]),
                    float(m.P_none[i, j]),
                )
            )
    return out


def _map_words() -> str:
    """How many cells of the exact map had candidates but no certified equilibrium."""
    return (
        f"; only certified optima (global best-reply check of exact CARA utility): "
        f"{fair_insurance_map().uncertified} cells had candidates but no equilibrium"
    )


def _insurance_lowers(pairs: list[tuple[str, float, float, float]], checked_over: str, repair: str = "") -> ClaimResult:
    part = tally(
        "$z$ without insurance above $z$ with fair insurance",
        pairs,
        lambda t: t[1] > t[2],
        lambda t: f"{t[0]}: $z={t[1]:.4f}$ without, $z={t[2]:.4f}$ with",
    )
    raised = [t[3] for t in pairs if t[1] <= t[2]]
    note = (
        f"where it fails, the uninsured breach probability is {min(raised):.3f} to {max(raised):.3f}; "
        f"it holds wherever that probability is below {min(raised):.3f}"
        if raised
        else ""
    )
    return verdict(
        "all",
        [part],
        what="investment without insurance above investment with fair insurance",
        checked_over=checked_over,
        repair=repair,
        note=note,
    )


# -- Result 3 --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _derived() -> tuple[sp.Eq, sp.Eq]:
    """Eqs (9)-(10) as sympy derives them from eq (8) under the Taylor step."""
    return derivation.interdependent_conditions()


def _derived_investment() -> sp.Expr:
    invest = _derived()[0]
    return invest.lhs - invest.rhs


# -- Result 6 and the exact-utility sibling of (iii) -----------------------------------------------


def _exact_r_moves(lam_positive: bool) -> list[tuple[str, float]]:
    """(where, change of z for a 5% higher r) with exact CARA utility, interior cover."""
    return [
        (f"$p={e.breach.label}$, $rL={e.r:g}$, $q={e.q:g}$, $\\lambda={e.lam:g}$", e.insured_higher_r.z - e.insured.z)
        for e in exact_grid()
        if (e.lam > 0) == lam_positive
        and e.insured
        and e.insured_higher_r
        and not e.insured.corner
        and not e.insured_higher_r.corner
    ]


def _dz_dr_zero(moves: list[tuple[str, float]]) -> Tally:
    return tally(
        "$\\partial z/\\partial r=0$",
        moves,
        lambda t: abs(t[1]) < 1e-9,
        lambda t: f"{t[0]}: $z$ changes by {t[1]:+.2e}",
    )
