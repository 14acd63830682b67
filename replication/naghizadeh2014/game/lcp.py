"""Linear complementarity problems: Lemke's complementary pivoting algorithm (Lemke 1965).

LCP(M, q): find ``z >= 0`` with ``w = M z + q >= 0`` and ``z'w = 0``.

Lemke's method adds an artificial variable ``z0`` with covering vector ``e = 1``,
``w = q + M z + e z0``, starts at the most negative ``q_r`` and pivots complementary
variables in until ``z0`` leaves the basis.  For a strictly copositive ``M`` (e.g. any
matrix with positive entries, such as the interdependence matrices of the weighted total
effort game) it cannot end on a secondary ray, so it always returns a solution.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from replication.core import validate
from replication.core.solvers import ConvergenceError

Array = NDArray[np.float64]


@dataclass(frozen=True)
class LCPSolution:
    """A solution ``z`` of LCP(M, q), with ``w = M z + q`` and the number of pivots."""

    z: Array
    w: Array
    pivots: int

    @property
    def complementarity(self) -> float:
        """``max_i |min(z_i, w_i)|``: zero at an exact solution."""
        return float(np.max(np.abs(np.minimum(self.z, self.w)))) if self.z.size else 0.0


def _pivot(tableau: Array, row: int, col: int) -> None:
    """Gauss-Jordan pivot of ``tableau`` on entry ``(row, col)``, in place."""
    tableau[row] /= tableau[row, col]
    factor = tableau[:, col].copy()
    factor[row] = 0.0
    tableau -= np.outer(factor, tableau[row])


def lemke(M: ArrayLike, q: ArrayLike, *, max_pivots: int | None = None) -> LCPSolution:
    """Solve LCP(M, q) by Lemke's algorithm with covering vector ``e = 1``.

    Variables are numbered ``w_0..w_{n-1}`` (0..n-1), ``z_0..z_{n-1}`` (n..2n-1) and the
    artificial ``z0`` (2n).  The tableau holds ``[I, -M, -e | q]`` in the current basis.
    Raises :class:`~replication.core.solvers.ConvergenceError` on ray termination or when ``max_pivots`` (default
    ``50 n``) is exceeded.
    """
    q_arr = validate.array("q", q, shape=(None,))
    n = q_arr.size
    M_arr = validate.array("M", M, shape=(n, n))
    if (q_arr >= 0).all():
        return LCPSolution(np.zeros(n), q_arr.copy(), 0)
    limit = 50 * n if max_pivots is None else max_pivots
    tableau = np.hstack([np.eye(n), -M_arr, -np.ones((n, 1)), q_arr[:, None]])
    basis = np.arange(n)
    artificial = 2 * n
    row = int(np.argmin(q_arr))
    entering = artificial
    for pivots in range(1, limit + 1):
        leaving = int(basis[row])
        _pivot(tableau, row, entering)
        basis[row] = entering
        if leaving == artificial:
            return _solution(tableau, basis, M_arr, q_arr, pivots)
        entering = leaving + n if leaving < n else leaving - n
        column = tableau[:, entering]
        candidates = np.flatnonzero(column > 1e-12)
        if candidates.size == 0:
            raise ConvergenceError("Lemke's algorithm ended on a ray (no solution found)",
                                   float(-q_arr.min()))
        ratios = tableau[candidates, -1] / column[candidates]
        best = candidates[ratios <= ratios.min() * (1 + 1e-12) + 1e-15]
        at_artificial = best[basis[best] == artificial]
        row = int(at_artificial[0] if at_artificial.size else best[0])
    raise ConvergenceError(f"Lemke's algorithm exceeded {limit} pivots", float(-q_arr.min()))


def _solution(tableau: Array, basis: Array, M: Array, q: Array, pivots: int) -> LCPSolution:
    n = q.size
    z = np.zeros(n)
    values = np.maximum(tableau[:, -1], 0.0)  # basic values are >= 0 up to rounding
    in_z = (basis >= n) & (basis < 2 * n)
    z[basis[in_z] - n] = values[in_z]
    return LCPSolution(z, M @ z + q, pivots)
