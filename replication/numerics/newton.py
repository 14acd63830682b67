"""Bound-constrained convex minimisation: projected and working-set Newton methods, and their
version for large sparse problems (Newton steps by conjugate gradients).

Every tolerance is relative to the scaled KKT residual.  A solver returns what it achieved or
raises :class:`~replication.numerics.solvers.ConvergenceError` with the residual it reached.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy.linalg.lapack import dpotrf, dpotrs

from replication.numerics.solvers import ConvergenceError, kkt_residual

Array = NDArray[np.float64]
#: Positions (rows of a tableau, coordinates of a working set).
Index = NDArray[np.intp]
#: A selection of coordinates.
Mask = NDArray[np.bool_]


#: Residual the Newton iterations aim for before they stop (scaled variables).
TARGET = 1e-13


# -- bound-constrained convex minimisation: projected and working-set Newton ---------------
#: Coordinates a working-set round may add when the set is still small.
FIRST_ADDED = 8
#: A subproblem on a working set: its objective, gradient and Hessian in the working
#: coordinates only.
Subproblem = tuple[Callable[[Array], float], Callable[[Array], Array], Callable[[Array], Array]]


class WorkingSetFull(Exception):
    """Raised by :func:`working_set_newton` when its working set would outgrow ``max_size``:
    carries the point ``z`` reached so far and the Newton ``iterations`` spent, so that a caller
    can go on with a method whose cost does not grow with the cube of the set."""

    def __init__(self, z: Array, iterations: int, size: int) -> None:
        super().__init__(f"the working set would hold {size} coordinates")
        self.z, self.iterations = z, iterations


def working_set_newton(
    objective: Callable[[Array], float],
    gradient: Callable[[Array], Array],
    hessian_block: Callable[[Array, Index], Array],
    z0: Array,
    *,
    max_outer: int | None = None,
    tol: float = TARGET,
    restrict: Callable[[Array, Index], Subproblem] | None = None,
    max_size: int | None = None,
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
    full problem at every trial point).  With ``max_size``, a round whose working set would
    hold more coordinates raises :class:`WorkingSetFull` instead (each round factorises a
    dense block of the set's size).
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
        if max_size is not None and working.size > max_size:
            raise WorkingSetFull(z, total, int(working.size))
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
    move = np.flatnonzero(~held)
    if move.size:
        step[move] = -regularised_solve(H[move[:, None], move], g[move])
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

    free_slope = g[~held] @ step[~held]
    at_bound = np.flatnonzero(held)
    g_bound, z_bound = g[at_bound], z[at_bound]
    alpha = 1.0
    while alpha > 1e-30:
        trial = arc(alpha)
        predicted = -alpha * free_slope + (g_bound @ (z_bound - trial[at_bound]) if at_bound.size else 0.0)
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
