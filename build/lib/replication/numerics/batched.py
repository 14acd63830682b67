"""The numerical core, vectorised over many independent small problems.

A study over thousands of random draws solves the same small problems again and again; one
call per problem spends most of its time in Python and NumPy overhead, not arithmetic.  The
solvers here take a stack of ``B`` problems as arrays with a leading axis ``B`` and run the
per-problem algorithm of :mod:`replication.numerics.newton` and :mod:`replication.numerics.lcp` on
all of them at once: every problem keeps its own step sizes, its own stopping test and its own iteration count, and
leaves the loop when it has converged, so each problem's iterates do not depend on the
others in the stack.

* :func:`exposure_minimum`: projected Newton (Bertsekas 1982) for the convex problems
  ``min_{y >= 0} sum_i w_i exp(-(M y)_i) + u'y`` with some coordinates held.
* :func:`brent_roots`: Brent's method (Brent 1973, as in SciPy's ``brentq``) on many brackets
  at once.
* :func:`lemke_stack`: Lemke's algorithm on many linear complementarity problems.

Neither raises when a problem fails: it reports the residual reached (or a flag), and the
caller decides what to do with the problems that missed their tolerance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from replication.numerics.lcp import PIVOT_TOL, almost_complementary_bases
from replication.numerics.newton import Index, Mask, regularised_solve
from replication.numerics.solvers import ConvergenceError

Array = NDArray[np.float64]


# -- projected Newton for exponential-exposure objectives ---------------------------------
@dataclass(frozen=True)
class BatchedMinimum:
    """Minimisers of a stack of problems: ``y`` (B, n), the scaled KKT residual
    ``max_j |min(y_j, g_j)|`` over the free coordinates of each problem (B,) and the
    Newton iterations each took (B,)."""

    y: Array
    residual: Array
    iterations: NDArray[np.int64]


@dataclass(frozen=True)
class ExposureProblems:
    """The stack ``F_b(y) = sum_i w_bi exp(-(M_b y)_i) + u_b'y`` over ``y_bj >= 0`` for the
    ``free`` coordinates, the others held at their starting value.

    Gradient ``u - M' r`` and Hessian ``M' diag(r) M`` with ``r_i = w_i exp(-(M y)_i)``
    (the Hessian of ``exp(-m_i'y)`` is ``exp(-m_i'y) m_i m_i'``).
    """

    M: Array
    w: Array
    u: Array
    free: Mask

    def take(self, rows: Index) -> ExposureProblems:
        """The sub-stack of problems ``rows``."""
        return ExposureProblems(self.M[rows], self.w[rows], self.u[rows], self.free[rows])

    def weighted_risks(self, y: Array) -> Array:
        """``r_i = w_i exp(-(M y)_i)``, shape (B, n)."""
        return self.w * np.exp(-(self.M @ y[..., None])[..., 0])

    def value(self, y: Array) -> Array:
        """``F(y)`` for each problem, shape (B,)."""
        return self.weighted_risks(y).sum(axis=-1) + (self.u * y).sum(axis=-1)

    def gradient(self, r: Array) -> Array:
        """``g = u - M' r`` (zero on the held coordinates), shape (B, n)."""
        g = self.u - (np.swapaxes(self.M, -1, -2) @ r[..., None])[..., 0]
        return np.where(self.free, g, 0.0)

    def hessian(self, r: Array) -> Array:
        """``M' diag(r) M``, shape (B, n, n)."""
        return np.swapaxes(self.M, -1, -2) @ (r[..., None] * self.M)

    def residual(self, y: Array, g: Array) -> Array:
        """Scaled KKT residual ``max_j |min(y_j, g_j)|`` over the free coordinates, shape (B,)."""
        return np.where(self.free, np.abs(np.minimum(y, g)), 0.0).max(axis=-1)


def exposure_minimum(
    problems: ExposureProblems,
    y0: Array,
    *,
    tol: float,
    max_iter: int = 200,
    sigma: float = 1e-4,
    max_step: float = 10.0,
) -> BatchedMinimum:
    """Projected Newton (Bertsekas 1982) on every problem of the stack, from ``y0``.

    Per problem, as :func:`~replication.numerics.newton.projected_newton`: free coordinates
    within ``eps = min(1e-3, |y - P(y - g)|)`` of the bound with ``g_j > 0`` are held and take
    the scaled gradient step ``max(-g_j / H_jj, -y_j)``; the others take the Newton step on
    their Hessian block.  Steps longer than ``max_step`` are shortened, then follow the
    projection arc ``P(y + a d)`` with Armijo backtracking from ``a = 1`` (doubling while
    the objective falls if the full step is accepted).  A problem stops when its residual is
    at most ``tol``, when only rounding-level decrease is left and the full step does not
    lower the residual, when no finite step exists, or after ``max_iter`` iterations.
    """
    y = np.where(problems.free, np.maximum(y0, 0.0), y0)
    B = y.shape[0]
    residual = np.full(B, np.inf)
    iterations = np.zeros(B, dtype=np.int64)
    active = np.arange(B)
    value = problems.value(y)
    for _ in range(max_iter):
        current = problems.take(active)
        r = current.weighted_risks(y[active])
        g = current.gradient(r)
        residual[active] = current.residual(y[active], g)
        unmet = residual[active] > tol
        active, r, g = active[unmet], r[unmet], g[unmet]
        sub = problems.take(active)
        step, held, finite = _newton_steps(sub, y[active], g, sub.hessian(r), max_step)
        active, step, held, g = active[finite], step[finite], held[finite], g[finite]  # no step: stop
        if active.size == 0:
            break
        sub = problems.take(active)
        new_y, new_value, moved = _armijo(sub, y[active], value[active], g, step, held, residual[active], sigma)
        y[active[moved]] = new_y[moved]
        value[active[moved]] = new_value[moved]
        iterations[active[moved]] += 1
        active = active[moved]
    else:
        sub = problems.take(active)
        residual[active] = sub.residual(y[active], sub.gradient(sub.weighted_risks(y[active])))
    return BatchedMinimum(y, residual, iterations)


def _newton_steps(sub: ExposureProblems, y: Array, g: Array, H: Array, max_step: float) -> tuple[Array, Mask, Mask]:
    """Projected Newton directions (B, n), the held coordinates and which problems have a
    finite direction."""
    gap = np.where(sub.free, y - np.maximum(y - g, 0.0), 0.0)
    eps = np.minimum(1e-3, np.sqrt((gap * gap).sum(axis=-1)))
    held = sub.free & (y <= eps[:, None]) & (g > 0)
    move = sub.free & ~held
    n = y.shape[-1]
    block = np.where(move[:, :, None] & move[:, None, :], H, 0.0) + np.eye(n) * (~move)[:, :, None]
    rhs = np.where(move, g, 0.0)
    finite = np.isfinite(block).all(axis=(1, 2)) & np.isfinite(rhs).all(axis=1)
    newton = np.zeros_like(y)
    newton[finite], solved = solve_stack(block[finite], rhs[finite])
    finite[finite] = solved
    finite &= np.isfinite(newton).all(axis=1)
    diagonal = np.maximum(np.diagonal(H, axis1=1, axis2=2), 1e-300)
    step = np.where(move, -newton, np.where(held, np.maximum(-g / diagonal, -y), 0.0))
    longest = np.maximum(np.abs(step).max(axis=-1), 1e-300)
    return step * np.minimum(1.0, max_step / longest)[:, None], held, finite


def solve_stack(H: Array, g: Array) -> tuple[Array, Mask]:
    """Solve ``H_b d_b = g_b`` for a stack of symmetric positive semi-definite matrices, as
    :func:`~replication.numerics.newton.regularised_solve` does for one.

    One Cholesky factorisation ``H = L L'`` of the whole stack and two triangular solves; a
    matrix that does not factorise, or whose solution is not finite, gets the shifted solve
    ``(H + mu I) d = g`` of ``regularised_solve`` (``mu`` raised from 0 until it factorises).
    Returns the solutions and which problems have one.
    """

    def cholesky(H: Array, g: Array) -> Array:
        L = np.linalg.cholesky(H)
        d: Array = np.linalg.solve(np.swapaxes(L, -1, -2), np.linalg.solve(L, g[..., None]))[..., 0]
        return d

    def shifted(H: Array, g: Array) -> Array | None:
        try:
            return regularised_solve(H, g)
        except ConvergenceError:
            return None

    return _by_halves(cholesky, shifted, H, g)


def lu_solve_stack(A: Array, b: Array) -> tuple[Array, Mask]:
    """Solve ``A_k x_k = b_k`` for a stack of square matrices by LU; returns the solutions and
    which matrices were regular (with a finite solution)."""

    def lu(A: Array, b: Array) -> Array:
        x: Array = np.asarray(np.linalg.solve(A, b[..., None])[..., 0], dtype=np.float64)
        return x

    return _by_halves(lu, lambda A, b: None, A, b)


def _by_halves(
    solve_all: Callable[[Array, Array], Array],
    solve_one: Callable[[Array, Array], Array | None],
    H: Array,
    g: Array,
) -> tuple[Array, Mask]:
    """``solve_all`` on the stack; where it raises ``LinAlgError`` (one singular matrix spoils
    a stacked LAPACK call), on each half, down to single problems.  Problems whose solution
    is not finite, and single problems ``solve_all`` fails on, get ``solve_one`` (``None``:
    no solution)."""
    d, ok = np.zeros_like(g), np.ones(g.shape[0], dtype=bool)
    if g.shape[0] == 0:
        return d, ok
    try:
        with np.errstate(all="ignore"):
            d = solve_all(H, g)
        bad = np.asarray(~np.isfinite(d).all(axis=-1))
    except np.linalg.LinAlgError:
        if g.shape[0] > 1:
            half = g.shape[0] // 2
            d[:half], ok[:half] = _by_halves(solve_all, solve_one, H[:half], g[:half])
            d[half:], ok[half:] = _by_halves(solve_all, solve_one, H[half:], g[half:])
            return d, ok
        bad = ok.copy()
    for k in np.flatnonzero(bad):
        found = solve_one(H[k], g[k])
        if found is None:
            ok[k] = False
        else:
            d[k] = found
    return d, ok


def _armijo(
    sub: ExposureProblems,
    y: Array,
    value: Array,
    g: Array,
    step: Array,
    held: Mask,
    residual: Array,
    sigma: float,
) -> tuple[Array, Array, Mask]:
    """Armijo steps along the projection arcs: new points, their values and which problems moved.

    Where only rounding-level decrease is left (predicted decrease at most ``1e-14`` of the
    value, or ``a`` below ``1e-30``), the full projected step is taken if it lowers the KKT
    residual; otherwise the problem has stalled and does not move.
    """
    alpha = np.ones(y.shape[0])
    trial = y.copy()
    trial_value = value.copy()
    accepted = np.zeros(y.shape[0], dtype=bool)
    rounding = np.zeros(y.shape[0], dtype=bool)
    pending = np.arange(y.shape[0])
    while pending.size:
        small = alpha[pending] <= 1e-30
        rounding[pending[small]] = True
        pending = pending[~small]
        if pending.size == 0:
            break
        a = alpha[pending]
        arc = np.where(sub.free[pending], np.maximum(y[pending] + a[:, None] * step[pending], 0.0), y[pending])
        gp, hp = g[pending], held[pending]
        predicted = -a * np.where(hp, 0.0, gp * step[pending]).sum(axis=-1) + np.where(
            hp, gp * (y[pending] - arc), 0.0
        ).sum(axis=-1)
        tiny = predicted <= 1e-14 * np.maximum(1.0, np.abs(value[pending]))
        rounding[pending[tiny]] = True
        pending, arc, predicted, a = pending[~tiny], arc[~tiny], predicted[~tiny], a[~tiny]
        values = sub.take(pending).value(arc)
        ok = value[pending] - values >= sigma * predicted
        done = pending[ok]
        trial[done], trial_value[done], accepted[done] = arc[ok], values[ok], True
        alpha[pending[~ok]] *= 0.5
        pending = pending[~ok]
    _lengthen(sub, y, step, alpha, trial, trial_value, np.flatnonzero(accepted & (alpha == 1.0)))
    moved = accepted.copy()
    stuck = np.flatnonzero(rounding)
    if stuck.size:
        part = sub.take(stuck)
        full = np.where(part.free, np.maximum(y[stuck] + step[stuck], 0.0), y[stuck])
        lower = part.residual(full, part.gradient(part.weighted_risks(full))) < residual[stuck]
        trial[stuck[lower]] = full[lower]
        trial_value[stuck[lower]] = part.take(np.flatnonzero(lower)).value(full[lower])
        moved[stuck[lower]] = True
    return trial, trial_value, moved


def _lengthen(
    sub: ExposureProblems, y: Array, step: Array, alpha: Array, trial: Array, trial_value: Array, rows: Index
) -> None:
    """Double the accepted full steps of ``rows`` while the objective keeps falling (at most
    30 times), updating ``alpha``, ``trial`` and ``trial_value`` in place."""
    for _ in range(30):
        if rows.size == 0:
            return
        a = 2.0 * alpha[rows]
        longer = np.where(sub.free[rows], np.maximum(y[rows] + a[:, None] * step[rows], 0.0), y[rows])
        values = sub.take(rows).value(longer)
        better = values < trial_value[rows]
        keep = rows[better]
        alpha[keep], trial[keep], trial_value[keep] = a[better], longer[better], values[better]
        rows = keep


# -- Brent's method on many brackets --------------------------------------------------------
@dataclass(frozen=True)
class BatchedRoots:
    """Roots of a stack of brackets: ``x`` (B,), whether each converged, function calls each."""

    x: Array
    converged: Mask
    function_calls: NDArray[np.int64]


def brent_roots(
    f: Callable[[Array, Index], Array],
    lo: Array,
    hi: Array,
    f_lo: Array,
    f_hi: Array,
    *,
    xtol: float,
    rtol: float = 4 * np.finfo(float).eps,
    maxiter: int = 100,
) -> BatchedRoots:
    """Brent's method on the brackets ``[lo_b, hi_b]`` with ``f_lo_b``, ``f_hi_b`` of opposite signs.

    ``f(x, rows)`` evaluates the functions of the problems ``rows`` at the points ``x``.
    The iteration is the one of SciPy's ``brentq`` (inverse quadratic or secant step when it
    is short enough, bisection otherwise, stop when half the bracket is below
    ``(xtol + rtol |x|) / 2``), so each problem visits the points ``brentq`` would; the
    function values at the ends are given, not recomputed.  ``function_calls`` counts them
    (as ``brentq`` does, two for the ends).
    """
    B = lo.shape[0]
    xpre, xcur = lo.astype(float).copy(), hi.astype(float).copy()
    fpre, fcur = f_lo.astype(float).copy(), f_hi.astype(float).copy()
    xblk, fblk = np.zeros(B), np.zeros(B)
    spre, scur = np.zeros(B), np.zeros(B)
    calls = np.full(B, 2, dtype=np.int64)
    root = np.where(fpre == 0, xpre, xcur)
    converged = (fpre == 0) | (fcur == 0)
    active = np.flatnonzero(~converged & ~(fpre * fcur > 0))  # brentq's test of the signs
    for _ in range(maxiter):
        if active.size == 0:
            break
        i = active
        new = (fpre[i] != 0) & (fcur[i] != 0) & (np.signbit(fpre[i]) != np.signbit(fcur[i]))
        j = i[new]
        xblk[j], fblk[j] = xpre[j], fpre[j]
        spre[j] = scur[j] = xcur[j] - xpre[j]
        swap = i[np.abs(fblk[i]) < np.abs(fcur[i])]
        xpre[swap], xcur[swap], xblk[swap] = xcur[swap], xblk[swap], xcur[swap]
        fpre[swap], fcur[swap], fblk[swap] = fcur[swap], fblk[swap], fcur[swap]
        delta = (xtol + rtol * np.abs(xcur[i])) / 2
        sbis = (xblk[i] - xcur[i]) / 2
        done = (fcur[i] == 0) | (np.abs(sbis) < delta)
        root[i[done]] = xcur[i[done]]
        converged[i[done]] = True
        i, delta, sbis = i[~done], delta[~done], sbis[~done]
        _brent_step(i, xpre, xcur, xblk, fpre, fcur, fblk, spre, scur, delta, sbis)
        xpre[i], fpre[i] = xcur[i], fcur[i]
        xcur[i] += np.where(np.abs(scur[i]) > delta, scur[i], np.where(sbis > 0, delta, -delta))
        if i.size:
            fcur[i] = f(xcur[i], i)
            calls[i] += 1
        active = i
    root[active] = xcur[active]
    return BatchedRoots(root, converged, calls)


def _brent_step(
    i: Index,
    xpre: Array,
    xcur: Array,
    xblk: Array,
    fpre: Array,
    fcur: Array,
    fblk: Array,
    spre: Array,
    scur: Array,
    delta: Array,
    sbis: Array,
) -> None:
    """Set ``spre, scur`` of the problems ``i``: interpolation (secant when the previous
    point is the bracket end, inverse quadratic otherwise) if it is short, else bisection."""
    interpolate = (np.abs(spre[i]) > delta) & (np.abs(fcur[i]) < np.abs(fpre[i]))
    secant = xpre[i] == xblk[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        stry_secant = -fcur[i] * (xcur[i] - xpre[i]) / (fcur[i] - fpre[i])
        dpre = (fpre[i] - fcur[i]) / (xpre[i] - xcur[i])
        dblk = (fblk[i] - fcur[i]) / (xblk[i] - xcur[i])
        stry_quad = -fcur[i] * (fblk[i] * dblk - fpre[i] * dpre) / (dblk * dpre * (fblk[i] - fpre[i]))
    stry = np.where(secant, stry_secant, stry_quad)
    short = interpolate & (2 * np.abs(stry) < np.minimum(np.abs(spre[i]), 3 * np.abs(sbis) - delta))
    spre[i] = np.where(short, scur[i], sbis)
    scur[i] = np.where(short, stry, sbis)


# -- Lemke's algorithm on many LCPs -----------------------------------------------------------
@dataclass(frozen=True)
class BatchedLCP:
    """Solutions ``z`` (B, n) of a stack of LCPs, the pivots each took, and which were solved.

    ``solved`` is False where the path ended on a secondary ray, reached the pivot bound, or
    met a tie in the ratio test that only the lexicographic rule of
    :func:`~replication.numerics.lcp.lemke` breaks (the caller solves those one by one).
    """

    z: Array
    pivots: NDArray[np.int64]
    solved: Mask


def lemke_stack(M: Array, q: Array) -> BatchedLCP:
    """Lemke's algorithm (covering vector ``1``) on LCP(M_b, q_b) for every ``b``, pivot by pivot
    as :func:`~replication.numerics.lcp.lemke`: the same scaling of the columns of ``M`` by
    powers of two, the same start row, the same minimum-ratio test with ties up to rounding
    and ``z0`` preferred when it ties.  Where another tie would need the lexicographic rule,
    the problem is left unsolved rather than guessed.
    """
    B, n = q.shape
    largest = np.abs(M).max(axis=1)
    E = np.exp2(-np.floor(np.log2(np.where(largest > 0, largest, 1.0))))
    eye = np.broadcast_to(np.eye(n), (B, n, n))
    T = np.concatenate([eye, -M * E[:, None, :], -np.ones((B, n, 1)), q[..., None]], axis=2)
    basis = np.tile(np.arange(n), (B, 1))
    artificial = 2 * n
    solved: Mask = np.asarray((q >= 0).all(axis=1))
    pivots = np.zeros(B, dtype=np.int64)
    tied = q <= q.min(axis=1, keepdims=True) + _noise(q, np.ones_like(q), q.min(axis=1))
    row = n - 1 - np.argmax(tied[:, ::-1], axis=1)  # the last of the rows tying for the start
    entering = np.full(B, artificial)
    active = np.flatnonzero(~solved)
    for count in range(1, almost_complementary_bases(n) + 1):
        if active.size == 0:
            break
        at = np.arange(active.size)
        r, e = row[active], entering[active]
        leaving = basis[active, r]
        Ta = T[active]
        Ta[at, r] = Ta[at, r] / Ta[at, r, e][:, None]
        factor = Ta[at, :, e].copy()
        factor[at, r] = 0.0
        Ta -= factor[:, :, None] * Ta[at, r][:, None, :]
        T[active] = Ta
        basis[active, r] = e
        pivots[active] = count
        done = leaving == artificial
        solved[active[done]] = True
        active, leaving, Ta = active[~done], leaving[~done], Ta[~done]
        entering[active] = np.where(leaving < n, leaving + n, leaving - n)
        row[active], clear = _ratio_test(Ta, entering[active], basis[active], artificial)
        active = active[clear]
    z = np.zeros((B, n))
    in_z = (basis >= n) & (basis < 2 * n)
    b, i = np.nonzero(in_z)
    z[b, basis[b, i] - n] = np.maximum(T[b, i, -1], 0.0)
    return BatchedLCP(z * E, pivots, solved)


def _noise(values: Array, column: Array, low: Array) -> Array:
    """Rounding level of the ratios ``values / column`` (as in the per-problem ratio test)."""
    return 1e-12 * np.abs(low)[:, None] + 1e-13 * np.abs(values).max(axis=1, keepdims=True) / column


def _ratio_test(T: Array, entering: Array, basis: Array, artificial: int) -> tuple[Array, Mask]:
    """The blocking row of each tableau's entering column, and which have a clear one (no
    ray, and no tie but with the row of ``z0``)."""
    at = np.arange(T.shape[0])
    column = T[at, :, entering]
    values = T[:, :, -1]
    size = np.maximum(np.abs(column).max(axis=1), 1e-300)
    rows = column > PIVOT_TOL * size[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(rows, values / column, np.inf)
        low = ratios.min(axis=1)
        ties = rows & (ratios <= low[:, None] + _noise(values, column, low))
    at_artificial = ties & (basis == artificial)
    prefer = at_artificial.any(axis=1)
    clear = rows.any(axis=1) & (prefer | (ties.sum(axis=1) == 1))
    return np.where(prefer, np.argmax(at_artificial, axis=1), np.argmax(ties, axis=1)), clear
