"""The numerical core shared by the papers: Lemke's algorithm for linear complementarity
problems, projected and working-set Newton methods for bound-constrained convex
minimisation, and bracketing root searches on the problem's own scale.

Every tolerance here is relative: to the size of the tableau column in the ratio test,
to the scale of the function in the root searches, to the scaled KKT residual in the
Newton methods.  A solver returns what it achieved or raises
:class:`~replication.numerics.solvers.ConvergenceError` with the residual it reached;
Lemke's algorithm ending on a secondary ray raises :class:`RayTermination`, which is a
statement about the problem, not a failure to converge.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg.blas import dger
from scipy.linalg.lapack import dpotrf, dpotrs
from scipy.optimize import brentq
from scipy.sparse import diags_array
from scipy.sparse.linalg import LinearOperator, gmres

from replication.core import validate
from replication.numerics.solvers import ConvergenceError, kkt_residual

Array = NDArray[np.float64]
#: Positions (rows of a tableau, coordinates of a working set).
Index = NDArray[np.intp]
#: A selection of coordinates.
Mask = NDArray[np.bool_]

#: Relative size below which a tableau entry counts as zero in the ratio test.
PIVOT_TOL = 1e-11
#: Residual the Newton iterations aim for before they stop (scaled variables).
TARGET = 1e-13


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
    >>> from replication.numerics.optimize import lemke
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


# -- bound-constrained convex minimisation: projected and working-set Newton ---------------
#: Coordinates a working-set round may add when the set is still small.
FIRST_ADDED = 8
#: A subproblem on a working set: its objective, gradient and Hessian in the working
#: coordinates only.
Subproblem = tuple[Callable[[Array], float], Callable[[Array], Array], Callable[[Array], Array]]


def working_set_newton(
    objective: Callable[[Array], float],
    gradient: Callable[[Array], Array],
    hessian_block: Callable[[Array, Index], Array],
    z0: Array,
    *,
    max_outer: int | None = None,
    tol: float = TARGET,
    restrict: Callable[[Array, Index], Subproblem] | None = None,
) -> tuple[Array, float, int]:
    """Minimise a smooth convex ``F`` over ``z >= 0`` on a growing working set.

    Coordinates outside the working set ``W`` stay at 0.  Each round solves the problem
    on ``W`` by :func:`projected_newton`, drops coordinates that reached 0 and adds the
    most violating outside coordinates (negative gradient), at most
    ``max(FIRST_ADDED, |W|)`` of them, so the set can double each round (and the first
    rounds do not add one coordinate at a time).  ``hessian_block(z, W)`` is the Hessian block
    on ``W``.  Rounds are bounded by ``2 n + 1`` by default: each round either ends or
    adds coordinates, and a coordinate dropped again is re-added only after the
    subproblem's value fell.  The caller states the problem in scaled variables, so that
    ``tol`` is a scale-free residual.  Returns the point, its KKT residual and the total
    number of Newton iterations.  ``restrict(z, W)``, when given, returns the subproblem on
    ``W`` with the other coordinates held at ``z`` directly (cheaper than evaluating the
    full problem at every trial point).
    """
    z = np.maximum(np.asarray(z0, dtype=float), 0.0)
    rounds = 2 * z.size + 1 if max_outer is None else max_outer
    in_working = z > 0
    total = 0
    for _ in range(rounds):
        g = gradient(z)
        residual = kkt_residual(z, g)
        violators = np.flatnonzero(~in_working & (g < -tol))
        if residual <= tol or (violators.size == 0 and total > 0):
            return z, residual, total
        ranked = violators[np.argsort(g[violators])][: max(FIRST_ADDED, int(in_working.sum()))]
        in_working[ranked] = True
        working = np.flatnonzero(in_working)
        sub = (
            restrict(z, working)
            if restrict is not None
            else _subproblem(objective, gradient, hessian_block, z, working)
        )
        y, _, iterations = projected_newton(*sub, z[working], tol=tol)
        z = z.copy()
        z[working] = y
        total += iterations
        in_working = z > 0
    return z, kkt_residual(z, gradient(z)), total


def _subproblem(
    objective: Callable[[Array], float],
    gradient: Callable[[Array], Array],
    hessian_block: Callable[[Array, Index], Array],
    z: Array,
    working: Index,
) -> Subproblem:
    """The problem over the coordinates ``working`` of ``z``, the rest held."""

    def embed(y: Array) -> Array:
        full = z.copy()
        full[working] = y
        return full

    return (
        lambda y: objective(embed(y)),
        lambda y: gradient(embed(y))[working],
        lambda y: hessian_block(embed(y), working),
    )


def projected_newton(
    objective: Callable[[Array], float],
    gradient: Callable[[Array], Array],
    hessian: Callable[[Array], Array],
    z0: Array,
    *,
    max_iter: int = 200,
    sigma: float = 1e-4,
    max_step: float = 10.0,
    tol: float = TARGET,
) -> tuple[Array, float, int]:
    """Projected Newton for ``min F(z)`` over ``z >= 0`` (Bertsekas 1982).

    Coordinates at (within ``eps`` of) the bound with a positive gradient are held by a
    scaled gradient step; the others take a Newton step on their Hessian block.  Steps
    follow the projection arc ``P(z + a d)`` with Armijo backtracking; a step longer than
    ``max_step`` in any coordinate is shortened first (far from the optimum the
    exponential risks make the Hessian nearly singular).  Stops at the KKT residual
    ``max_j |min(z_j, g_j)| <= tol``, or when no step lowers it any more (rounding) or no
    finite step exists; it never raises on its own account, so a point that meets the
    caller's tolerance is never discarded.  Returns the point, its residual and the number
    of iterations.
    """
    z = np.maximum(z0, 0.0)
    value = objective(z)
    for iteration in range(max_iter):
        g = gradient(z)
        residual = kkt_residual(z, g)
        if residual <= tol:
            return z, residual, iteration
        H = hessian(z)
        eps = min(1e-3, float(np.linalg.norm(z - np.maximum(z - g, 0.0))))
        held = (z <= eps) & (g > 0)
        try:
            step = _newton_step(H, g, z, held)
        except ConvergenceError:
            return z, residual, iteration  # no usable step: the caller judges the residual
        if not np.isfinite(step).all():
            return z, residual, iteration
        step *= min(1.0, max_step / max(float(np.abs(step).max()), 1e-300))
        accepted = _armijo(objective, z, value, g, step, held, sigma)
        if accepted is None:
            trial = np.maximum(z + step, 0.0)
            if kkt_residual(trial, gradient(trial)) >= residual:
                return z, residual, iteration  # no further progress at machine precision
            accepted = trial, objective(trial)
        z, value = accepted
    return z, kkt_residual(z, gradient(z)), max_iter


def _newton_step(H: Array, g: Array, z: Array, held: Mask) -> Array:
    """Scaled gradient step on the ``held`` coordinates, Newton step on the others."""
    if not held.any():
        return -regularised_solve(H, g)
    step = np.zeros_like(z)
    step[held] = np.maximum(-g[held] / np.maximum(np.diagonal(H)[held], 1e-300), -z[held])
    move = ~held
    if move.any():
        step[move] = -regularised_solve(H[np.ix_(move, move)], g[move])
    return step


def _armijo(
    objective: Callable[[Array], float], z: Array, value: float, g: Array, step: Array, held: Mask, sigma: float
) -> tuple[Array, float] | None:
    """Armijo step along the projection arc: the new point and its objective value;
    ``None`` when only rounding-level decrease is left.

    Backtracks from ``a = 1``; if the full step is accepted, the step is doubled while the
    objective keeps falling (far from the optimum, Newton steps on exponential risks are
    much shorter than the distance to the minimiser along them).
    """

    def arc(alpha: float) -> Array:
        return np.maximum(z + alpha * step, 0.0)

    alpha = 1.0
    while alpha > 1e-30:
        trial = arc(alpha)
        predicted = -alpha * (g[~held] @ step[~held]) + g[held] @ (z[held] - trial[held])
        if predicted <= 1e-14 * max(1.0, abs(value)):
            return None
        trial_value = objective(trial)
        if value - trial_value >= sigma * predicted:
            break
        alpha *= 0.5
    else:
        return None
    if alpha == 1.0:
        for _ in range(30):
            longer = arc(2.0 * alpha)
            longer_value = objective(longer)
            if not longer_value < trial_value:
                break
            alpha, trial, trial_value = 2.0 * alpha, longer, longer_value
    return trial, trial_value


#: Smallest Levenberg shift: keeps ``d = (H + mu I)^{-1} g`` finite when the Hessian block
#: underflows to zero (risks ``exp(-(A x)_i)`` below 1e-308 far from the optimum).
MIN_SHIFT = 1e-150


def regularised_solve(H: Array, g: Array) -> Array:
    """Solve ``(H + mu I) d = g`` by Cholesky (LAPACK potrf/potrs), raising ``mu`` from 0
    until it factorises.

    A solution that is not finite (a numerically singular block that still factorised)
    counts as a failed factorisation, so the result is always finite.
    """
    mu = 0.0
    if not (np.isfinite(H).all() and np.isfinite(g).all()):
        raise ConvergenceError("Hessian or gradient is not finite", float("inf"))
    scale = max(float(np.abs(np.diagonal(H)).max()), MIN_SHIFT)
    for _ in range(40):
        factor, info = dpotrf(H + mu * np.eye(H.shape[0]) if mu else H, lower=True)
        if info == 0:
            d, info = dpotrs(factor, g, lower=True)
            if info == 0 and np.isfinite(d).all():
                return d
        mu = max(10.0 * mu, 1e-14 * scale)
    raise ConvergenceError("Hessian block could not be regularised", float("inf"))


# -- scalar roots on the problem's own scale ------------------------------------------------
#: Largest number of doublings of a bracket (from the scale, 2^1000 covers every float).
MAX_DOUBLINGS = 1000


def expanding_bound(done: Callable[[float], bool], scale: float, what: str) -> float:
    """The first ``scale * 2^k`` (``k = 0, 1, ...``) at which ``done`` holds.

    ``scale`` is the problem's own unit of the variable (for a breach function, the
    investment over which ``p`` falls by a factor ``e``), so the search starts where the
    function changes and never evaluates it where it has long underflowed.  Raises
    ``ValueError`` naming ``what`` when no float is large enough.
    """
    scale = validate.positive("scale", scale)
    z = scale
    for _ in range(MAX_DOUBLINGS):
        if done(z):
            return z
        z *= 2.0
        if not math.isfinite(z):
            break
    raise ValueError(
        f"{what}: no bound below the largest float (scale {scale:g}); the problem "
        "is outside the range of double precision"
    )


def sign_changes(values: ArrayLike) -> NDArray[np.intp]:
    """Indices ``i`` where ``values[i]`` and ``values[i + 1]`` have strictly opposite signs.

    Compares signs, not the product, which underflows to 0 for two tiny values.
    """
    signs = np.sign(np.asarray(values, dtype=float))
    return np.flatnonzero(signs[:-1] * signs[1:] < 0)


def root_in(f: Callable[[float], float], lo: float, hi: float, scale: float) -> float:
    """Brent's method on a sign change of ``f`` in ``[lo, hi]``, to a tolerance relative to
    ``scale`` and to the root itself."""
    return float(brentq(f, lo, hi, xtol=1e-14 * scale, rtol=4 * np.finfo(float).eps, maxiter=500))


# -- large sparse problems: Newton steps by iterative linear algebra ------------------------
#: Conjugate-gradient iterations a Newton step may take while the residual is above
#: ``EARLY_RESIDUAL`` (far from the optimum a rough step is as good as an exact one).
EARLY_CG = 20
#: Scaled KKT residual above which Newton steps are truncated at ``EARLY_CG`` iterations.
EARLY_RESIDUAL = 1e-2


def conjugate_gradient(
    matvec: Callable[[Array], Array], b: Array, diagonal: Array, *, rtol: float, maxiter: int
) -> tuple[Array, int]:
    """Jacobi-preconditioned conjugate gradients for ``H d = b`` (``H`` symmetric positive
    semi-definite, given by ``matvec``), from ``d = 0``, until ``||b - H d|| <= rtol ||b||``.

    Stops early on a direction of non-positive curvature (a singular ``H``); every iterate
    is a descent direction of ``d'Hd/2 - b'd``.  Returns ``d`` and the iterations used; it
    never raises: the Newton method that calls it judges the step by its line search.
    """
    d = np.zeros_like(b)
    r = b.copy()
    z = r / diagonal
    p = z.copy()
    rz = float(r @ z)
    target = rtol * float(np.sqrt(b @ b))
    for iteration in range(1, maxiter + 1):
        Hp = matvec(p)
        curvature = float(p @ Hp)
        if not curvature > 0.0:
            return (d if iteration > 1 else z), iteration
        step = rz / curvature
        d += step * p
        r -= step * Hp
        if float(np.sqrt(r @ r)) <= target:
            return d, iteration
        z = r / diagonal
        rz, previous = float(r @ z), rz
        p = z + (rz / previous) * p
    return d, maxiter


def projected_newton_cg(
    objective: Callable[[Array], float],
    gradient: Callable[[Array], Array],
    curvature: Callable[[Array, Index], tuple[Callable[[Array], Array], Array]],
    z0: Array,
    *,
    max_iter: int = 500,
    sigma: float = 1e-4,
    max_step: float = 10.0,
    tol: float = TARGET,
    late_cg: int = 2000,
) -> tuple[Array, float, int, int]:
    """Projected Newton for ``min F(z)`` over ``z >= 0`` with conjugate-gradient steps, for
    large sparse problems (Bertsekas 1982; truncated Newton, Dembo & Steihaug 1983).

    The same iteration as :func:`projected_newton` (coordinates at the bound with a positive
    gradient take a scaled gradient step, the others a Newton step, Armijo steps along the
    projection arc), but the Hessian is never formed: ``curvature(z, free)`` returns the
    product ``v -> H_FF v`` on the free coordinates ``F`` and the full diagonal of ``H``,
    and the Newton step solves ``H_FF d = -g_F`` by :func:`conjugate_gradient` to the
    relative tolerance ``min(1/2, residual)`` (at most ``EARLY_CG`` iterations while the
    residual is above ``EARLY_RESIDUAL``, ``late_cg`` after), which keeps the final
    convergence superlinear.  Stops at ``max_j |min(z_j, g_j)| <= tol`` or when no step
    lowers it any more; never raises.  Returns the point, its residual, the Newton
    iterations and the conjugate-gradient iterations.
    """
    z = np.maximum(np.asarray(z0, dtype=float), 0.0)
    value = objective(z)
    inner = 0
    for iteration in range(max_iter):
        g = gradient(z)
        residual = kkt_residual(z, g)
        if residual <= tol:
            return z, residual, iteration, inner
        eps = min(1e-3, float(np.linalg.norm(z - np.maximum(z - g, 0.0))))
        held = (z <= eps) & (g > 0)
        free = np.flatnonzero(~held)
        matvec, diagonal = curvature(z, free)
        diagonal = np.maximum(diagonal, MIN_SHIFT)
        step = np.zeros_like(z)
        step[held] = np.maximum(-g[held] / diagonal[held], -z[held])
        if free.size:
            cap = EARLY_CG if residual > EARLY_RESIDUAL else late_cg
            step[free], used = conjugate_gradient(
                matvec, -g[free], diagonal[free], rtol=min(0.5, residual), maxiter=cap
            )
            inner += used
        if not np.isfinite(step).all():
            return z, residual, iteration, inner
        step *= min(1.0, max_step / max(float(np.abs(step).max()), 1e-300))
        accepted = _armijo(objective, z, value, g, step, held, sigma)
        if accepted is None:
            trial = np.maximum(z + step, 0.0)
            if kkt_residual(trial, gradient(trial)) >= residual:
                return z, residual, iteration, inner  # no further progress at machine precision
            accepted = trial, objective(trial)
        z, value = accepted
    return z, kkt_residual(z, gradient(z)), max_iter, inner


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
