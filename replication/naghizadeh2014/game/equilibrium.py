"""The unregulated IDS game and the centralised problem (Naghizadeh & Liu 2014, Section II).

* Social optimum (paper problem 2): ``x* = argmin_{x >= 0} sum_i C_i(x)``; its KKT
  conditions are (R-2) of our spec.  More generally :func:`social_optimum` minimises the
  summed cost of a group of ``players`` with some coordinates ``fixed`` (a coalition
  optimising its welfare against a loner's effort, Section V).  Solver: projected Newton
  with a projection arc and Armijo steps (Bertsekas 1982) on analytic gradients and
  Hessians.
* Nash equilibrium: every user minimises its own cost, ``min(x_i, dC_i/dx_i) = 0`` (R-1).
  For exponential-exposure risks (weighted total effort, total effort) this is the LCP
  (R-4), solved by Lemke's algorithm and polished on its support; other models use a
  semismooth Newton method on ``min(x, dC_i/dx_i) = 0`` started from best responses.

Every solver reports the KKT residual ``max_j |min(x_j, g_j)|`` it reached and raises
:class:`~replication.core.solvers.ConvergenceError` when it is above ``KKT_TOL``.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg.lapack import dpotrf, dpotrs
from scipy.optimize import brentq

from replication.core import validate
from replication.core.solvers import ConvergenceError, kkt_residual, require_converged
from replication.naghizadeh2014.game.lcp import lemke
from replication.naghizadeh2014.game.models import IDSModel, LinearExposure, WeightedTotalEffort

Array = NDArray[np.float64]

#: Largest KKT residual a solver may return.
KKT_TOL = 1e-9
#: Residual the iterations aim for before they stop.
TARGET = 1e-13


@dataclass(frozen=True)
class SocialOptimum:
    """Minimiser of the summed cost of ``players`` with the ``fixed`` coordinates held."""

    x: Array
    objective: float
    kkt_residual: float
    iterations: int
    players: tuple[int, ...]
    fixed: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class NashEquilibrium:
    """A pure Nash equilibrium of the IDS game (R-1).

    ``equilibria_found`` is the number of distinct equilibria found by support
    enumeration when it was requested (``None`` otherwise).
    """

    x: Array
    kkt_residual: float
    method: str
    iterations: int
    equilibria_found: int | None = None


# -- the centralised problem --------------------------------------------------------------
def _coalition(model: IDSModel, players: Sequence[int] | None, fixed: Mapping[int, float] | None
               ) -> tuple[Array, Array, Array]:
    """Membership weights of ``players``, indices of free coordinates and the fixed profile."""
    members = np.zeros(model.N)
    chosen = range(model.N) if players is None else players
    for i in chosen:
        members[_index(model, i, "players")] = 1.0
    if not members.any():
        raise ValueError("players must name at least one user")
    base = np.zeros(model.N)
    held = np.zeros(model.N, dtype=bool)
    for i, value in (fixed or {}).items():
        k = _index(model, i, "fixed")
        base[k] = validate.nonnegative(f"fixed[{k}]", value)
        held[k] = True
    free = np.flatnonzero(~held)
    outsiders = [int(j) for j in free if members[j] == 0.0]
    if outsiders:
        raise ValueError(f"users {outsiders} are neither players nor fixed: their effort would be "
                         "free of cost to the objective, which is then unbounded below")
    return members, free, base


def _index(model: IDSModel, i: object, name: str) -> int:
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= int(i) < model.N:
        raise ValueError(f"{name} must hold user indices in 0..{model.N - 1}, got {i!r}")
    return int(i)


def social_optimum(model: IDSModel, *, players: Sequence[int] | None = None,
                   fixed: Mapping[int, float] | None = None, x0: ArrayLike | None = None
                   ) -> SocialOptimum:
    """Minimise ``sum_{i in players} C_i(x)`` over ``x >= 0`` with ``x_k = fixed[k]`` held.

    With the defaults this is the social optimum of paper problem (2).  Gradient
    ``sum_{i in P} L_i grad f_i + c 1_P`` and Hessian ``sum_{i in P} L_i Hessian(f_i)``
    come from the model; the minimisation runs over the free coordinates only, by
    :func:`working_set_newton` from ``x0``; by default from the Nash equilibrium for the
    whole population of a weighted-total-effort game (its support is close to the
    optimum's, Lemke's algorithm is cheap, and a generic ``A`` makes the optimum unique,
    so the start does not select among optima) and from 0 otherwise.
    """
    members, free, base = _coalition(model, players, fixed)
    weights = members * model.L

    def embed(z: Array) -> Array:
        x = base.copy()
        x[free] = z
        return x

    def objective(z: Array) -> float:
        x = embed(z)
        return float(weights @ model.risk(x) + (members * model.c) @ x)

    def gradient(z: Array) -> Array:
        return (model.weighted_risk_gradient(embed(z), weights) + members * model.c)[free]

    def hessian_block(z: Array, block: Array) -> Array:
        return model.weighted_risk_hessian_block(embed(z), weights, free[block])

    if x0 is None:
        everyone = players is None and not fixed and isinstance(model, WeightedTotalEffort)
        start = _lemke_equilibrium(model).x if everyone else np.zeros(free.size)
    else:
        start = model.profile(x0, "x0")[free]
    if (start < 0).any():
        raise ValueError("x0 must be >= 0 (efforts are non-negative)")
    z, residual, iterations = working_set_newton(objective, gradient, hessian_block, start)
    require_converged(residual, KKT_TOL, "social optimum (working-set projected Newton)")
    held = np.setdiff1d(np.arange(model.N), free)
    return SocialOptimum(embed(z), objective(z), residual, iterations,
                         tuple(int(i) for i in np.flatnonzero(members)),
                         tuple((int(k), float(base[k])) for k in held))


def working_set_newton(objective: Callable[[Array], float], gradient: Callable[[Array], Array],
                       hessian_block: Callable[[Array, Array], Array], z0: Array, *,
                       max_outer: int = 500) -> tuple[Array, float, int]:
    """Minimise a smooth convex ``F`` over ``z >= 0`` on a growing working set.

    Coordinates outside the working set ``W`` stay at 0.  Each round solves the problem
    on ``W`` by :func:`projected_newton`, drops coordinates that reached 0 and adds the
    most violating outside coordinates (negative gradient), at most ``max(1, |W|)`` of
    them.  ``hessian_block(z, W)`` is the Hessian block on ``W``.  Returns the point, its
    KKT residual and the total number of Newton iterations.
    """
    z = np.maximum(z0, 0.0)
    in_working = z > 0
    total = 0
    for _ in range(max_outer):
        g = gradient(z)
        residual = kkt_residual(z, g)
        violators = np.flatnonzero(~in_working & (g < -TARGET))
        if residual <= TARGET or (violators.size == 0 and total > 0):
            return z, residual, total
        ranked = violators[np.argsort(g[violators])][: max(1, int(in_working.sum()))]
        in_working[ranked] = True
        z, _, iterations = _solve_on(objective, gradient, hessian_block, z, np.flatnonzero(in_working))
        total += iterations
        in_working = z > 0
    return z, kkt_residual(z, gradient(z)), total


def _solve_on(objective: Callable[[Array], float], gradient: Callable[[Array], Array],
              hessian_block: Callable[[Array, Array], Array], z: Array, working: Array
              ) -> tuple[Array, float, int]:
    """:func:`projected_newton` over the coordinates ``working`` of ``z``, the rest held."""
    def embed(y: Array) -> Array:
        full = z.copy()
        full[working] = y
        return full

    y, residual, iterations = projected_newton(
        lambda y: objective(embed(y)), lambda y: gradient(embed(y))[working],
        lambda y: hessian_block(embed(y), working), z[working])
    return embed(y), residual, iterations


def projected_newton(objective: Callable[[Array], float], gradient: Callable[[Array], Array],
                     hessian: Callable[[Array], Array], z0: Array, *, max_iter: int = 200,
                     sigma: float = 1e-4, max_step: float = 10.0, tol: float = TARGET
                     ) -> tuple[Array, float, int]:
    """Projected Newton for ``min F(z)`` over ``z >= 0`` (Bertsekas 1982).

    Coordinates at (within ``eps`` of) the bound with a positive gradient are held by a
    scaled gradient step; the others take a Newton step on their Hessian block.  Steps
    follow the projection arc ``P(z + a d)`` with Armijo backtracking; a step longer than
    ``max_step`` in any coordinate is shortened first (far from the optimum the
    exponential risks make the Hessian nearly singular).  Stops at the KKT residual
    ``max_j |min(z_j, g_j)| <= tol``.  Returns the point, its residual and the number of
    iterations.
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
        step = np.zeros_like(z)
        step[held] = np.maximum(-g[held] / np.maximum(np.diagonal(H)[held], 1e-300), -z[held])
        move = ~held
        if move.any():
            step[move] = -_regularised_solve(H[np.ix_(move, move)], g[move])
        if not np.isfinite(step).all():
            raise ConvergenceError("projected Newton produced a non-finite step", residual)
        step *= min(1.0, max_step / max(float(np.abs(step).max()), 1e-300))
        accepted = _armijo(objective, z, value, g, step, held, sigma)
        if accepted is None:
            trial = np.maximum(z + step, 0.0)
            if kkt_residual(trial, gradient(trial)) >= residual:
                return z, residual, iteration  # no further progress at machine precision
            accepted = trial, objective(trial)
        z, value = accepted
    return z, kkt_residual(z, gradient(z)), max_iter


def _armijo(objective: Callable[[Array], float], z: Array, value: float, g: Array, step: Array,
            held: Array, sigma: float) -> tuple[Array, float] | None:
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


def _regularised_solve(H: Array, g: Array) -> Array:
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


# -- the Nash equilibrium ------------------------------------------------------------------
def best_response(model: IDSModel, k: int, x: ArrayLike) -> float:
    """User ``k``'s cost-minimising effort ``x_k >= 0`` given the others' efforts.

    ``C_k`` is convex in ``x_k``, so the best response is 0 when ``dC_k/dx_k >= 0`` at
    ``x_k = 0`` and otherwise the root of ``dC_k/dx_k`` (Brent's method on a doubled
    bracket).
    """
    k = _index(model, k, "k")
    profile = model.profile(x).copy()

    def slope(t: float) -> float:
        profile[k] = t
        return float(model.own_gradient(profile)[k])

    if slope(0.0) >= 0.0:
        return 0.0
    hi = 1.0
    while slope(hi) < 0.0:
        hi *= 2.0
        if hi > 1e12:
            raise ConvergenceError(f"best response of user {k} is unbounded", abs(slope(hi)))
    return float(brentq(slope, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps))


def nash_equilibrium(model: IDSModel, *, enumerate_all: bool = False) -> NashEquilibrium:
    """A pure Nash equilibrium of the IDS game: ``min(x_i, dC_i/dx_i) = 0`` for all ``i``.

    Exponential-exposure models: Lemke's algorithm on the LCP (R-4), which always ends at
    an equilibrium because ``A > 0`` is strictly copositive; ``A`` need not be a P-matrix,
    so equilibria can be several: with ``enumerate_all`` (N <= 14) every equilibrium is
    found by support enumeration and their number reported.  Other models: semismooth
    Newton on the complementarity system started from best-response sweeps.
    """
    if isinstance(model, LinearExposure):
        result = _lemke_equilibrium(model)
        if enumerate_all:
            found = len(all_nash_equilibria(model))
            result = NashEquilibrium(result.x, result.kkt_residual, result.method,
                                     result.iterations, found)
        return result
    if enumerate_all:
        raise ValueError("enumerate_all needs an exponential-exposure model (an LCP)")
    return _newton_equilibrium(model)


def _lemke_equilibrium(model: LinearExposure) -> NashEquilibrium:
    M, q = model.nash_lcp()
    solution = lemke(M, q)
    x = _polish_on_support(model, solution.z)
    residual = kkt_residual(x, model.own_gradient(x))
    require_converged(residual, KKT_TOL, "Nash equilibrium (Lemke)")
    return NashEquilibrium(x, residual, "Lemke", solution.pivots)


def _polish_on_support(model: LinearExposure, z: Array) -> Array:
    """Re-solve ``A_SS x_S = b_S`` on the support ``S`` of ``z``; keep ``z`` if that is worse."""
    M, q = model.nash_lcp()
    support = np.flatnonzero(z > 0)
    if support.size == 0:
        return z
    try:
        x_s = np.linalg.solve(M[np.ix_(support, support)], -q[support])
    except np.linalg.LinAlgError:
        return z
    x = np.zeros_like(z)
    x[support] = x_s
    if (x_s <= 0).any() or kkt_residual(x, model.own_gradient(x)) > kkt_residual(z, model.own_gradient(z)):
        return z
    return x


def all_nash_equilibria(model: LinearExposure, *, max_users: int = 14) -> list[Array]:
    """Every pure Nash equilibrium of an exponential-exposure game, by support enumeration.

    For each support ``S``: ``x_S = A_SS^{-1} b_S > 0`` and ``(A x - b)_j >= 0`` off ``S``.
    Equilibria with KKT residual above ``KKT_TOL`` are discarded.
    """
    if not isinstance(model, LinearExposure):
        raise ValueError("support enumeration needs an exponential-exposure model (an LCP)")
    if model.N > max_users:
        raise ValueError(f"support enumeration visits 2^N supports; N = {model.N} > max_users = {max_users}")
    M, q = model.nash_lcp()
    found: list[Array] = []
    for size in range(model.N + 1):
        for support in combinations(range(model.N), size):
            x = np.zeros(model.N)
            if size:
                idx = list(support)
                try:
                    x[idx] = np.linalg.solve(M[np.ix_(idx, idx)], -q[idx])
                except np.linalg.LinAlgError:
                    continue
                if (x[idx] <= 0).any():
                    continue
            if kkt_residual(x, model.own_gradient(x)) <= KKT_TOL:
                found.append(x)
    return found


def best_response_sweeps(model: IDSModel, x0: ArrayLike, *, sweeps: int = 50,
                         tol: float = 1e-13) -> tuple[Array, int]:
    """Gauss-Seidel best-response dynamics; returns the last profile and the sweeps used."""
    x = model.profile(x0, "x0").copy()
    for sweep in range(1, sweeps + 1):
        before = x.copy()
        for k in range(model.N):
            x[k] = best_response(model, k, x)
        if np.max(np.abs(x - before)) <= tol:
            return x, sweep
    return x, sweeps


def _newton_equilibrium(model: IDSModel, max_iter: int = 100) -> NashEquilibrium:
    """Semismooth Newton on ``min(x, F(x)) = 0``, ``F = own_gradient``, from best responses."""
    x, sweeps = best_response_sweeps(model, np.zeros(model.N), sweeps=20)
    for iteration in range(max_iter):
        F = model.own_gradient(x)
        residual = kkt_residual(x, F)
        if residual <= TARGET:
            break
        at_bound = x <= F
        step = np.where(at_bound, -x, 0.0)
        inner = ~at_bound
        if inner.any():
            G = model.own_gradient_jacobian(x)
            rhs = -F[inner] - G[np.ix_(inner, at_bound)] @ step[at_bound]
            step[inner] = np.linalg.solve(G[np.ix_(inner, inner)], rhs)
        x = _merit_step(model, x, step, residual)
    residual = kkt_residual(x, model.own_gradient(x))
    require_converged(residual, KKT_TOL, "Nash equilibrium (semismooth Newton)")
    return NashEquilibrium(x, residual, "best responses + semismooth Newton", sweeps + iteration)


def _merit_step(model: IDSModel, x: Array, step: Array, residual: float) -> Array:
    """Largest ``x + a step`` (a = 1, 1/2, ...) that lowers the complementarity residual."""
    alpha = 1.0
    while alpha > 1e-10:
        trial = x + alpha * step
        if (trial >= 0).all() and kkt_residual(trial, model.own_gradient(trial)) < residual:
            return trial
        alpha *= 0.5
    raise ConvergenceError("Nash equilibrium (semismooth Newton) stalled", residual)
