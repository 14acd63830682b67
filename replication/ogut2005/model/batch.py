"""Many solves of the same breach family at once: brackets computed once, reused.

:func:`replication.security.taylor.symmetric_solutions` scans the symmetric residual on a
grid for every call.  On a parameter grid the residual changes only through constants
(L, r, lam), so the marginal effect dP/dz and the breach probability P are evaluated on
the scan grid once per (family, structure) and every solve only locates its sign changes
in arrays and refines them with Brent's method.  The roots, slopes and flags are those of
``symmetric_solutions`` (a test checks they agree).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from replication.numerics.optimize import root_in, sign_changes
from replication.security.breach import BreachFunction
from replication.security.interdependence import Structure
from replication.security.taylor import (
    SymmetricSolution,
    check_parameters,
    cover,
    insured_residual,
    search_bound,
    uninsured_residual,
)

_GRID = 600


@dataclass(frozen=True)
class BracketedSolver:
    """Symmetric Taylor-step solutions for one breach family and structure, many parameters."""

    breach: BreachFunction
    structure: Structure
    planner: bool = False

    @cached_property
    def _scan(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # the bound at the family's own price 1/scale: the scan follows the unit of money
        z_max = search_bound(self.breach, self.structure, price=1.0 / self.breach.scale)
        self.breach.check(z_max)
        zs = np.concatenate(([0.0], np.geomspace(z_max * 1e-9, z_max, _GRID)))
        return (
            zs,
            np.asarray(self._marginal(zs), dtype=float),
            np.asarray(self.structure.P_sym(self.breach, zs), dtype=float),
        )

    def _marginal(self, z):
        total = self.structure.dP_total_sym if self.planner else self.structure.dP_own_sym
        return total(self.breach, z)

    def _residual(self, L: float, r: float, lam: float, insured: bool) -> Callable:
        if insured:
            return lambda dP, P: insured_residual(dP, L=L, lam=lam)
        return lambda dP, P: uninsured_residual(dP, P, L=L, r=r)

    def __call__(self, *, L: float, r: float, lam: float, insured: bool) -> list[SymmetricSolution]:
        """Every symmetric root z > 0, as ``taylor.symmetric_solutions`` returns them.

        Raises ``ValueError`` naming the argument for L <= 0, r <= 0 or lam < 0, and when L
        is too large for the shared scan.
        """
        L, r, lam = check_parameters(L=L, r=r, lam=lam)
        zs, dPs, Ps = self._scan
        price = 1.0 / ((1.0 + lam) * L) if insured else 1.0 / L
        if abs(dPs[-1]) > 1e-3 * price:
            raise ValueError(
                f"L = {L:g} is too large for the shared scan of p(z) = {self.breach.label} "
                f"(it ends at z = {zs[-1]:g}); solve this instance with symmetric_solutions"
            )
        res = self._residual(L, r, lam, insured)
        values = res(dPs, Ps)
        g = lambda z: float(res(self._marginal(z), self.structure.P_sym(self.breach, z)))
        solutions = []
        for i in sign_changes(values):
            z = root_in(g, zs[i], zs[i + 1], self.breach.scale)
            h = 1e-7 * max(abs(z), self.breach.scale)
            slope = (g(z + h) - g(max(z - h, 0.0))) / (z + h - max(z - h, 0.0))
            P = float(self.structure.P_sym(self.breach, z))
            curvature = float(self.structure.d2P_own_sym(self.breach, z))
            if not insured:
                curvature += r * float(self.structure.dP_own_sym(self.breach, z))
            solutions.append(
                SymmetricSolution(
                    z=z,
                    I=float(cover(P, L=L, r=r, lam=lam)) if insured else 0.0,
                    P=P,
                    premium_rate=(1.0 + lam) * P,
                    residual=abs(g(z)),
                    slope=slope,
                    stable=bool(slope > 0),
                    own_soc=bool(curvature > 0) if not self.planner else bool(slope > 0),
                )
            )
        return solutions
