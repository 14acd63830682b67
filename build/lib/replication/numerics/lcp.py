"""Linear complementarity problems: Lemke's algorithm, and a semismooth Newton method for large
sparse ones.

The ratio test's tolerance is relative to the size of the tableau column.  Lemke's algorithm
ending on a secondary ray raises :class:`RayTermination`, which is a statement about the
problem, not a failure to converge; the Newton method raises
:class:`~replication.numerics.solvers.ConvergenceError` with the residual it reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.linalg.blas import dger
from scipy.sparse import diags_array
from scipy.sparse.linalg import LinearOperator, gmres

from replication.core import validate
from replication.numerics.newton import TARGET, Array, Index
from replication.numerics.solvers import ConvergenceError, kkt_residual

#: Relative size below which a tableau entry counts as zero in the ratio test.
PIVOT_TOL = 1e-11


# -- linear complementarity: Lemke's algorithm ----------------------------------------------
class RayTermination(RuntimeError):
    """Lemke's algorithm left along a secondary ray: no complementary solution was found.

    For a copositive-plus ``M`` this proves that LCP(M, q) has no solution (Cottle, Pang &
    Stone 1992, Theorem 4.4.13); for other matrices the LCP may still be solvable.
    """

    def __init__(self, pivots: int) -> None:
        super().__init__(
            f"Lemke's algorithm ended on a secondary ray after {pivots} pivots: "
            "no solution found (for a copositive-plus M the LCP has none)"
        )
        self.pivots = pivots


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


def almost_complementary_bases(n: int) -> int:
    """``n 2^(n-1) + 1``: how many bases Lemke's path can visit for an LCP of size ``n``.

    A basis on the path holds ``z0`` and one variable of each of ``n - 1`` complementary
    pairs, the remaining pair being wholly non-basic (``n`` choices of that pair, ``2^(n-1)``
    of the others); the last pivot leaves ``z0``.  With the lexicographic rule every basis
    on the path is non-degenerate in the lexicographic sense, so none is visited twice and
    the path is at most this long.
    """
    return n * 2 ** (n - 1) + 1


def _pivot(tableau: Array, row: int, col: int) -> None:
    """Gauss-Jordan pivot of ``tableau`` (Fortran order) on entry ``(row, col)``, in place:
    the pivot row scaled, then one rank-one update (BLAS ``dger``) clears the column."""
    tableau[row] /= tableau[row, col]
    factor = tableau[:, col].copy()
    factor[row] = 0.0
    dger(-1.0, factor, tableau[row].copy(), a=tableau, overwrite_a=1)


def lemke(M: ArrayLike, q: ArrayLike, *, d: ArrayLike | None = None, max_pivots: int | None = None) -> LCPSolution:
    """Solve LCP(M, q): ``z >= 0``, ``w = M z + q >= 0``, ``z'w = 0`` (Lemke 1965).

    Complementary pivoting on the tableau ``[I, -M, -d | q]`` with covering vector ``d > 0``
    (default ``1``): the artificial ``z0`` enters at the row of the most negative
    ``q_i / d_i``, then the complement of each leaving variable enters, until ``z0``
    leaves.  The leaving row follows the minimum-ratio test with lexicographic
    tie-breaking over the basis inverse, with ``z0`` preferred when it ties (Cottle, Pang
    & Stone 1992, Section 4.4); this makes the method finite on degenerate problems such
    as Kostreva's, which cycle under a plain ratio test.  The pivot bound is
    :func:`almost_complementary_bases` (the number of bases the path can visit), unless
    ``max_pivots`` is smaller.  Zero tests are relative to the size of the tableau
    column, and the columns of ``M`` are first scaled by powers of two to a largest entry
    in ``[1, 2)`` (the units of ``z``), so the path does not depend on the units of ``M``
    and ``q``.

    Raises :class:`RayTermination` when there is no blocking row (for a strictly
    copositive ``M`` this cannot happen) and
    :class:`~replication.numerics.solvers.ConvergenceError` when the bound is reached.

    Parameters
    ----------
    M : array_like, shape (n, n)
        The matrix of the LCP.
    q : array_like, shape (n,)
        The vector of the LCP, n >= 1.
    d : array_like, shape (n,), optional
        The covering vector, d > 0 (default: ones).
    max_pivots : int, optional
        A bound on the pivots below :func:`almost_complementary_bases`.

    Returns
    -------
    LCPSolution
        ``z``, ``w = M z + q`` and the number of pivots.

    Raises
    ------
    ValueError
        ``q`` empty, ``M`` of another shape, ``d`` not positive or ``max_pivots`` < 1.
    RayTermination
        The path ends on a secondary ray (no blocking row).
    ConvergenceError
        The pivot bound is reached.

    Examples
    --------
    >>> from replication.numerics.lcp import lemke
    >>> solution = lemke([[2.0, 1.0], [1.0, 2.0]], [-1.0, 3.0])
    >>> solution.z.tolist(), solution.w.tolist(), solution.pivots
    ([0.5, 0.0], [0.0, 3.5], 2)
    >>> solution = lemke([[2.0, 1.0], [1.0, 2.0]], [-5.0, -6.0])
    >>> solution.z.round(6).tolist(), solution.complementarity < 1e-12
    ([1.333333, 2.333333], True)
    """
    q_arr = validate.array("q", q, shape=(None,))
    n = q_arr.size
    if n == 0:
        raise ValueError("q must have at least one entry")
    M_arr = validate.array("M", M, shape=(n, n))
    # z = E z': the columns of M E have largest entry in [1, 2), E a power of two (exact)
    largest = np.abs(M_arr).max(axis=0)
    E = np.exp2(-np.floor(np.log2(np.where(largest > 0, largest, 1.0))))
    d_arr = np.ones(n) if d is None else validate.array("d (covering vector)", d, shape=(n,), positive=True)
    if (q_arr >= 0).all():
        return LCPSolution(np.zeros(n), q_arr.copy(), 0)
    bound = almost_complementary_bases(n)
    limit = bound if max_pivots is None else min(bound, validate.integer_at_least("max_pivots", max_pivots, 1))
    tableau = np.asfortranarray(np.hstack([np.eye(n), -M_arr * E, -d_arr[:, None], q_arr[:, None]]))
    basis = np.arange(n)
    artificial = 2 * n
    # lexicographic start: of the rows tying for the most negative q_i / d_i, the last
    # (the lexicographic minimum of (q_i, e_i) / d_i), so every row starts lex-positive
    row = int(_ties(q_arr, d_arr, np.arange(n))[-1])
    entering = artificial
    for pivots in range(1, limit + 1):
        leaving = int(basis[row])
        _pivot(tableau, row, entering)
        basis[row] = entering
        if leaving == artificial:
            return _solution(tableau, basis, M_arr, q_arr, E, pivots)
        entering = leaving + n if leaving < n else leaving - n
        row = _leaving_row(tableau, tableau[:, entering], basis, artificial, n, pivots)
    raise ConvergenceError(f"Lemke's algorithm reached its bound of {limit} pivots", float(-q_arr.min()))


def _leaving_row(tableau: Array, column: Array, basis: Index, artificial: int, n: int, pivots: int) -> int:
    """The blocking row of the lexicographic minimum-ratio test (``z0`` first if it ties)."""
    size = float(np.abs(column).max())
    rows = np.flatnonzero(column > PIVOT_TOL * max(size, 1e-300))
    if rows.size == 0:
        raise RayTermination(pivots)
    ties = _ties(tableau[:, -1], column, rows)
    at_artificial = ties[basis[ties] == artificial]
    if at_artificial.size:
        return int(at_artificial[0])
    for k in range(n):
        if ties.size == 1:
            break
        ties = _ties(tableau[:, k], column, ties)
    return int(ties[0])


def _ties(values: Array, column: Array, rows: Index) -> Index:
    """The ``rows`` whose ratio ``values_i / column_i`` is minimal, up to rounding.

    Two ratios tie when they differ by less than the rounding error of their entries:
    relative to the smallest ratio and to the largest entry of ``values``.
    """
    ratios = values[rows] / column[rows]
    low = float(ratios.min())
    noise = 1e-12 * abs(low) + 1e-13 * float(np.abs(values).max()) / column[rows]
    return rows[ratios <= low + noise]


def _solution(tableau: Array, basis: Index, M: Array, q: Array, E: Array, pivots: int) -> LCPSolution:
    n = q.size
    z = np.zeros(n)
    values = np.maximum(tableau[:, -1], 0.0)  # basic values are >= 0 up to rounding
    in_z = (basis >= n) & (basis < 2 * n)
    z[basis[in_z] - n] = values[in_z]
    z *= E
    return LCPSolution(z, M @ z + q, pivots)


#: Weight of the Fischer-Burmeister term in the penalised complementarity function of
#: :func:`lcp_semismooth_newton` (Chen, Chen & Kanzow 2000 recommend values near 1).
FB_WEIGHT = 0.95


#: Steps over which :func:`lcp_semismooth_newton` must at least halve its residual.
FB_PATIENCE = 30


def _penalised_fischer_burmeister(z: Array, w: Array) -> tuple[Array, Array, Array]:
    """``phi(z, w) = lam (sqrt(z^2 + w^2) - z - w) - (1 - lam) z_+ w_+`` componentwise, zero
    exactly when ``z >= 0, w >= 0, z w = 0``, and an element ``(D_z, D_w)`` of its generalised
    Jacobian (at ``z = w = 0`` the element with ``xi = zeta = 0.7``)."""
    lam = FB_WEIGHT
    r = np.hypot(z, w)
    both = (z > 0) & (w > 0)
    phi = lam * (r - z - w) - (1.0 - lam) * np.where(both, z * w, 0.0)
    safe = np.where(r > 0, r, 1.0)
    dz = lam * (np.where(r > 0, z / safe, 0.7) - 1.0) - (1.0 - lam) * np.where(both, w, 0.0)
    dw = lam * (np.where(r > 0, w / safe, 0.7) - 1.0) - (1.0 - lam) * np.where(both, z, 0.0)
    return phi, dz, dw


def lcp_semismooth_newton(
    M: Any, q: Array, z0: Array, *, tol: float = TARGET, max_iter: int = 200, sigma: float = 1e-4
) -> tuple[Array, float, int, int]:
    """Solve LCP(M, q) for a large sparse ``M`` by a semismooth Newton method on the
    penalised Fischer-Burmeister equation ``phi(z, M z + q) = 0`` (De Luca, Facchinei &
    Kanzow 1996; Chen, Chen & Kanzow 2000).

    Each step solves ``(D_z + D_w M) d = -phi`` by GMRES(50) with a Jacobi preconditioner
    (no factorisation, so no fill-in; at most 200 iterations) to the relative tolerance
    ``min(0.1, sqrt(||phi||)) / 100``;
    when that is not a direction of sufficient descent of the merit ``||phi||^2 / 2``, the
    merit's negative gradient is taken instead; then Armijo backtracking on the merit.
    Without a P-matrix the merit may have stationary points that are not solutions, so
    the method can stall: it stops at ``max_i |min(z_i, w_i)| <= tol``, when the line
    search fails, when ``FB_PATIENCE`` steps did not halve the residual, or after
    ``max_iter`` steps, and never raises; the caller judges the residual.  Returns ``z``,
    its residual, the Newton steps and the GMRES iterations.
    """
    z = np.asarray(z0, dtype=float).copy()
    w = M @ z + q
    phi, dz, dw = _penalised_fischer_burmeister(z, w)
    merit = 0.5 * float(phi @ phi)
    diagonal_M = M.diagonal()
    inner = 0

    def count(_: object) -> None:
        nonlocal inner
        inner += 1

    history: list[float] = []
    for iteration in range(max_iter):
        residual = kkt_residual(z, w)
        if residual <= tol:
            return z, residual, iteration, inner
        history.append(residual)
        if iteration >= FB_PATIENCE and residual > 0.5 * history[-FB_PATIENCE - 1]:
            return z, residual, iteration, inner  # not even halved over FB_PATIENCE steps: stalled
        J = (diags_array(dz) + diags_array(dw) @ M).tocsr()
        descent = J.T @ phi  # the gradient of the merit
        jacobi = dz + dw * diagonal_M
        preconditioner = LinearOperator(J.shape, matvec=lambda v, jacobi=jacobi: v / jacobi)
        forcing = min(0.1, float(np.sqrt(np.linalg.norm(phi)))) / 100.0
        step, _ = gmres(
            J, -phi, rtol=forcing, restart=50, maxiter=4, M=preconditioner, callback=count, callback_type="pr_norm"
        )
        if not np.isfinite(step).all() or descent @ step > -1e-10 * float(step @ step) ** 1.05:
            step = -descent
        slope = float(descent @ step)
        alpha = 1.0
        while True:
            trial = z + alpha * step
            w_trial = M @ trial + q
            phi_trial, dz_trial, dw_trial = _penalised_fischer_burmeister(trial, w_trial)
            merit_trial = 0.5 * float(phi_trial @ phi_trial)
            if merit_trial <= merit + sigma * alpha * slope:
                break
            alpha *= 0.5
            if alpha < 1e-12:
                return z, residual, iteration, inner  # stalled: the caller judges the residual
        z, w, phi, dz, dw, merit = trial, w_trial, phi_trial, dz_trial, dw_trial, merit_trial
    return z, kkt_residual(z, w), max_iter, inner
