"""The unregulated IDS game and the centralised problem (Naghizadeh & Liu 2014, Section II).

* Social optimum (paper problem 2): ``x* = argmin_{x >= 0} sum_i C_i(x)``; its KKT
  conditions are (R-2), our derivation.  More generally :func:`social_optimum` minimises the
  summed cost of a group of ``players`` with some coordinates ``fixed`` (a coalition
  optimising its welfare against a loner's effort, Section V).  Solver: projected Newton
  with a projection arc and Armijo steps (Bertsekas 1982) on analytic gradients and
  Hessians.
* Nash equilibrium: every user minimises its own cost, ``min(x_i, dC_i/dx_i) = 0`` (R-1).
  For exponential-exposure risks (weighted total effort, total effort) this is the LCP
  (R-4), solved by Lemke's algorithm and polished on its support; other models use a
  semismooth Newton method on ``min(x, dC_i/dx_i) = 0`` started from best responses.

Every solver reports the KKT residual ``max_j |min(x_j, g_j)|`` it reached and raises
:class:`~replication.numerics.solvers.ConvergenceError` when it is above ``KKT_TOL``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq
from scipy.sparse import diags_array

from replication.core import validate
from replication.naghizadeh2014.model.risk import IDSModel, LinearExposure, require_model
from replication.numerics.lcp import lcp_semismooth_newton, lemke
from replication.numerics.newton import (
    TARGET,
    Index,
    Subproblem,
    WorkingSetFull,
    projected_newton_cg,
    working_set_newton,
)
from replication.numerics.solvers import expanding_bound, kkt_residual, require_converged
from replication.security.vocabulary import EffortResult

Array = NDArray[np.float64]

#: Largest KKT residual a solver may return, in the model's own units of effort and money
#: (see :meth:`~replication.naghizadeh2014.model.risk.IDSModel.effort_scale`).
KKT_TOL = 1e-9
#: Scaled residual the social optimum iterates for (Newton converges quadratically, so
#: this costs at most a step; it stops earlier only at rounding level).
SCALED_TARGET = 1e-15


@dataclass(frozen=True)
class SocialOptimum(EffortResult):
    """Minimiser of the summed cost of ``players`` with the ``fixed`` coordinates held.

    ``kkt_residual`` is ``max_j |min(x_j, g_j)|`` over the free efforts in the units given.

    Attributes
    ----------
    x : ndarray, shape (N,)
        The minimising efforts.
    objective : float
        The summed cost of ``players`` at ``x``.
    kkt_residual : float
        ``max_j |min(x_j, g_j)|`` over the free efforts, in the units given.
    iterations : int
        The solver's iterations.
    players : tuple of int
        The users whose costs are summed.
    fixed : tuple of (int, float)
        The efforts held fixed.
    scaled_residual : float
        The KKT residual in the model's own units (what ``KKT_TOL`` applies to).

    Examples
    --------
    >>> from replication.naghizadeh2014 import KKT_TOL, social_optimum
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> optimum = social_optimum(model)
    >>> optimum.x.round(4).tolist(), optimum.players, optimum.scaled_residual < KKT_TOL
    ([5.5249, 0.0, 0.3517], (0, 1, 2), True)
    """

    x: Array
    objective: float
    kkt_residual: float
    iterations: int
    players: tuple[int, ...]
    fixed: tuple[tuple[int, float], ...]
    #: the KKT residual in the model's own units (efforts over
    #: :meth:`~replication.naghizadeh2014.model.risk.IDSModel.effort_scale`, costs over the
    #: largest unit cost of an effort unit): what the tolerance ``KKT_TOL`` applies to
    scaled_residual: float = float("nan")


@dataclass(frozen=True)
class NashEquilibrium(EffortResult):
    """A pure Nash equilibrium of the IDS game (R-1).

    ``equilibria_found`` is the number of distinct equilibria found by support
    enumeration when it was requested (``None`` otherwise).

    Attributes
    ----------
    x : ndarray, shape (N,)
        The equilibrium efforts.
    kkt_residual : float
        ``max_j |min(x_j, dC_j/dx_j)|`` at ``x``.
    method : str
        The solver that found it (e.g. ``"Lemke"``).
    iterations : int
        The solver's iterations (pivots for Lemke).
    equilibria_found : int or None
        The number of distinct equilibria by support enumeration, when requested.

    Examples
    --------
    >>> from replication.naghizadeh2014 import nash_equilibrium
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> eq = nash_equilibrium(model, enumerate_all=True)
    >>> eq.x.round(4).tolist(), eq.method, eq.equilibria_found
    ([1.7622, 0.771, 0.7744], 'Lemke', 1)
    """

    x: Array
    kkt_residual: float
    method: str
    iterations: int
    equilibria_found: int | None = None


# -- the centralised problem --------------------------------------------------------------
def _coalition(
    model: IDSModel, players: Sequence[int] | None, fixed: Mapping[int, float] | None
) -> tuple[Array, Index, Array]:
    """Membership weights of ``players``, indices of free coordinates and the fixed profile."""
    require_model(model)
    members = np.ones(model.N) if players is None else np.zeros(model.N)
    if players is not None and (isinstance(players, (str, bytes)) or not hasattr(players, "__iter__")):
        raise validate.ArgumentTypeError(f"players must be a sequence of user indices, got {players!r}")
    if fixed is not None and not isinstance(fixed, Mapping):
        raise validate.ArgumentTypeError(f"fixed must map user indices to efforts, got {fixed!r}")
    for i in players if players is not None else ():
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
    outsiders = free[members[free] == 0.0].tolist()
    if outsiders:
        raise ValueError(
            f"users {outsiders} are neither players nor fixed: their effort would be "
            "free of cost to the objective, which is then unbounded below"
        )
    return members, free, base


def _index(model: IDSModel, i: object, name: str) -> int:
    return validate.index(name, i, model.N, "user indices")


def social_optimum(
    model: IDSModel,
    *,
    players: Sequence[int] | None = None,
    fixed: Mapping[int, float] | None = None,
    x0: ArrayLike | None = None,
) -> SocialOptimum:
    """Minimise ``sum_{i in players} C_i(x)`` over ``x >= 0`` with ``x_k = fixed[k]`` held.

    With the defaults this is the social optimum of paper problem (2).  Gradient
    ``sum_{i in P} L_i grad f_i + c 1_P`` and Hessian ``sum_{i in P} L_i Hessian(f_i)``
    come from the model; the minimisation runs over the free coordinates only, by
    :func:`~replication.numerics.newton.working_set_newton` from ``x0``, by default from 0
    (the working set then grows from the most violated conditions, and a generic ``A``
    makes the optimum unique, so the start does not select among optima).  The problem is
    solved in the model's own units (efforts over
    :meth:`~replication.naghizadeh2014.model.risk.IDSModel.effort_scale`, costs over the
    largest cost of an effort unit), so the same game in other units gives the same
    answer in those units; ``KKT_TOL`` applies to that scaled residual.  For the
    exponential-exposure models each working-set subproblem touches only its own columns
    of ``A``, and a working set of more than ``DENSE_WORKING_SET`` users (many investors, as
    among weakly interdependent users) is not factorised: the solve goes on from there by
    Newton-CG, as for a sparse ``A``.  A sparse ``A`` (``model.sparse``) takes
    :func:`~replication.numerics.newton.projected_newton_cg` over all free efforts at once, the
    Newton steps by conjugate gradients on Hessian-vector products ``A'(r * (A v))``, so
    memory stays linear in the non-zeros of ``A`` (``N = 100,000`` with ten non-zeros a row
    takes well under a gigabyte).  Raises
    :class:`~replication.numerics.solvers.ConvergenceError`, with the scaled residual, when
    that residual is above ``KKT_TOL``.

    Parameters
    ----------
    model : IDSModel
        The game.
    players : sequence of int, optional
        The users whose costs are summed (default: every user).
    fixed : mapping of int to float, optional
        Efforts held fixed, by user (default: none); every user is a player or fixed.
    x0 : array_like, shape (N,), optional
        The start, x0 >= 0 (default: 0).

    Returns
    -------
    SocialOptimum
        The minimiser, the objective and the KKT residuals.

    Raises
    ------
    ValueError
        ``players`` empty, a user neither a player nor fixed, a negative fixed effort or
        ``x0``, or an index out of range.
    TypeError
        ``players`` or ``fixed`` of the wrong kind.
    ConvergenceError
        The scaled KKT residual is above ``KKT_TOL``.

    Examples
    --------
    >>> from replication.naghizadeh2014 import WeightedTotalEffort, social_optimum
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> optimum = social_optimum(model)
    >>> optimum.x.round(4).tolist(), round(optimum.objective, 4)
    ([5.5249, 0.0, 0.3517], 10.6033)

    A large sparse network takes the sparse path:

    >>> from replication.naghizadeh2014.model.instances import sparse_weighted_total_effort_instance
    >>> optimum = social_optimum(sparse_weighted_total_effort_instance(0, N=2000))
    >>> optimum.scaled_residual < KKT_TOL
    True
    """
    members, free, base = _coalition(model, players, fixed)
    # scaled variables: effort y = x / s in the model's own unit s, cost in the money unit m
    s = model.effort_scale()[free]
    m = float(np.max((members * model.c)[free] * s)) if (members[free] > 0).any() else model.money_scale()
    weights = members * model.L / m
    unit_costs = (members * model.c)[free] * s / m

    def embed(y: Array) -> Array:
        x = base.copy()
        x[free] = y * s
        return x

    def objective(y: Array) -> float:
        return float(weights @ model.risk(embed(y)) + unit_costs @ y)

    def gradient(y: Array) -> Array:
        return model.weighted_risk_gradient(embed(y), weights)[free] * s + unit_costs

    def hessian_block(y: Array, block: Index) -> Array:
        return model.weighted_risk_hessian_block(embed(y), weights, free[block]) * np.outer(s[block], s[block])

    restrict = None
    if isinstance(model, LinearExposure):

        def restrict(y: Array, working: Index) -> Subproblem:
            return _exposure_subproblem(
                model, weights, free[working], s[working], unit_costs[working], embed(y), y[working]
            )

    if x0 is None:
        start = np.zeros(free.size)
    else:
        start = model.profile(x0, "x0")[free]
    if (start < 0).any():
        raise ValueError("x0 must be >= 0 (efforts are non-negative)")
    route = "working-set projected Newton"
    if isinstance(model, LinearExposure) and model.sparse:
        y, scaled, iterations = _exposure_minimum_cg(model, weights, free, s, unit_costs, base, start / s)
        route = "projected Newton-CG, sparse"
    else:
        try:
            y, scaled, iterations = working_set_newton(
                objective,
                gradient,
                hessian_block,
                start / s,
                restrict=restrict,
                tol=SCALED_TARGET,
                max_size=DENSE_WORKING_SET if restrict is not None else None,
            )
        except WorkingSetFull as full:  # many investors (weakly interdependent users): Newton-CG from there
            assert isinstance(model, LinearExposure)
            y, scaled, more = _exposure_minimum_cg(model, weights, free, s, unit_costs, base, full.z)
            iterations, route = full.iterations + more, "working-set Newton, then Newton-CG"
    require_converged(scaled, KKT_TOL, f"social optimum ({route}, scaled residual)")
    x = embed(y)
    is_held = np.ones(model.N, dtype=bool)
    is_held[free] = False
    held = np.flatnonzero(is_held)  # the complement of free (setdiff1d sorts and hashes: slower at large N)
    g = (model.weighted_risk_gradient(x, members * model.L) + members * model.c)[free]
    return SocialOptimum(
        x,
        float(members @ model.costs(x)),
        kkt_residual(x[free], g),
        iterations,
        tuple(np.flatnonzero(members).tolist()),
        tuple((int(k), float(base[k])) for k in held),
        scaled,
    )


#: Conjugate-gradient iterations a late Newton step of the sparse social optimum may take.
LATE_CG = 2000
#: Largest working set the dense exponential-exposure social optimum factorises; beyond it
#: (many investors, as among weakly interdependent users) it goes on by Newton-CG, whose steps
#: cost products with ``A`` instead of a dense factorisation of the set's cube.
DENSE_WORKING_SET = 64


def _exposure_minimum_cg(
    model: LinearExposure, weights: Array, free: Index, s: Array, unit_costs: Array, base: Array, y0: Array
) -> tuple[Array, float, int]:
    """``min_{y >= 0} sum_i w_i exp(-(e + M y)_i) + u'y`` with ``M = A_F diag(s)`` (sparse or
    dense) and ``e = A base`` the exposure from the held efforts, by projected Newton-CG.  The
    Hessian ``M' diag(r) M`` (``r_i = w_i exp(-(e + M y)_i)``) is applied, never formed;
    its diagonal is ``(M o M)' r``."""
    if model.sparse:
        M = model.A.tocsc(copy=True)
        if free.size < model.N:
            M = M[:, free]
        M.data *= np.repeat(s, np.diff(M.indptr))  # column j times s_j
        MT = M.T.tocsr()
        squares = MT.copy()
        squares.data **= 2
    else:
        M = model.A[:, free] * s
        MT = M.T
        squares = (M * M).T
    held = np.asarray(model.A @ base)

    def risk(y: Array) -> Array:
        return weights * np.exp(-(held + M @ y))

    def objective(y: Array) -> float:
        return float(weights @ np.exp(-(held + M @ y)) + unit_costs @ y)

    def gradient(y: Array) -> Array:
        return unit_costs - MT @ risk(y)

    def curvature(y: Array, block: Index) -> tuple[Callable[[Array], Array], Array]:
        r = risk(y)
        sub = M if block.size == M.shape[1] else M[:, block]
        sub_T = sub.T
        return (lambda v: sub_T @ (r * (sub @ v))), squares @ r

    y, residual, iterations, _ = projected_newton_cg(
        objective, gradient, curvature, y0, tol=SCALED_TARGET, late_cg=LATE_CG
    )
    return y, residual, iterations


def _exposure_subproblem(
    model: LinearExposure, weights: Array, columns: Index, s: Array, unit_costs: Array, x: Array, y: Array
) -> Subproblem:
    """The scaled social cost as a function of the efforts ``columns`` only, the rest of
    ``x`` held: ``sum_i w_i exp(-(e_i + (A_W diag(s) y)_i)) + c_W' y``, with ``e`` the exposure
    from the held efforts.  Each evaluation costs ``N |W|``, not ``N^2``."""
    AW = model.A[:, columns] * s
    held = model.exposure(x) - AW @ y  # from the non-zero efforts only when they are few
    # the risks at the last two points evaluated: a Newton iteration asks for the value, the
    # gradient and the Hessian at one point, and its line search may try one point beyond it
    recent: dict[bytes, Array] = {}

    def risk(v: Array) -> Array:
        key = v.tobytes()
        found = recent.get(key)
        if found is None:
            if len(recent) == 2:
                del recent[next(iter(recent))]
            found = recent[key] = np.exp(-(held + AW @ v))
        return found

    def objective(v: Array) -> float:
        return float(weights @ risk(v) + unit_costs @ v)

    def gradient(v: Array) -> Array:
        return unit_costs - AW.T @ (weights * risk(v))

    def hessian(v: Array) -> Array:
        return AW.T @ ((weights * risk(v))[:, None] * AW)

    return objective, gradient, hessian


# -- the Nash equilibrium ------------------------------------------------------------------
def best_response(model: IDSModel, k: int, x: ArrayLike) -> float:
    """User ``k``'s cost-minimising effort ``x_k >= 0`` given the others' efforts.

    ``C_k`` is convex in ``x_k``, so the best response is 0 when ``dC_k/dx_k >= 0`` at
    ``x_k = 0`` and otherwise the root of ``dC_k/dx_k``: in closed form for the
    exponential-exposure models, otherwise (Brent's method on a bracket
    doubled from the user's own effort scale, to a tolerance relative to it).

    Parameters
    ----------
    model : IDSModel
        The game.
    k : int
        The user, ``0 <= k < N``.
    x : array_like, shape (N,)
        The efforts (user k's own entry is ignored).

    Returns
    -------
    float
        User k's best effort, >= 0.

    Raises
    ------
    ValueError
        ``k`` out of range or ``x`` not a finite vector of shape (N,).

    Examples
    --------
    >>> from replication.naghizadeh2014 import best_response, nash_equilibrium
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> x = nash_equilibrium(model).x
    >>> round(best_response(model, 0, x), 4), round(float(x[0]), 4)
    (1.7622, 1.7622)
    """
    k = _index(require_model(model), k, "k")
    profile = model.profile(x).copy()
    if isinstance(model, LinearExposure):
        # c_k = L_k a_kk exp(-(A x)_k)  <=>  x_k = (b_k - sum_{j != k} a_kj x_j) / a_kk, b as in
        a = model.A[[k]].toarray()[0] if model.sparse else model.A[k]
        b = np.log(model.L[k] * a[k] / model.c[k])
        return max(0.0, float((b - (a @ profile - a[k] * profile[k])) / a[k]))

    def slope(t: float) -> float:
        profile[k] = t
        return float(model.own_gradient(profile)[k])

    if slope(0.0) >= 0.0:
        return 0.0
    scale = float(model.effort_scale()[k])
    hi = expanding_bound(lambda t: slope(t) >= 0.0, scale, f"the best response of user {k}")
    return float(brentq(slope, 0.0, hi, xtol=1e-15 * scale, rtol=4 * np.finfo(float).eps))


def nash_equilibrium(model: IDSModel, *, enumerate_all: bool = False) -> NashEquilibrium:
    """A pure Nash equilibrium of the IDS game: ``min(x_i, dC_i/dx_i) = 0`` for all ``i``.

    Exponential-exposure models: Lemke's algorithm on the LCP (R-4), which always ends at
    an equilibrium because ``A > 0`` is strictly copositive; ``A`` need not be a P-matrix,
    so equilibria can be several: with ``enumerate_all`` (N <= 14) every equilibrium is
    found by support enumeration and their number reported (for more users,
    :func:`~replication.naghizadeh2014.model.uniqueness.uniqueness_certificate` says
    whether a P-matrix condition proves the equilibrium unique).  Other models:
    semismooth Newton on the complementarity system started from best-response sweeps.

    A sparse ``A`` (``model.sparse``): Lemke's dense tableau (``N x 2N``) is out of reach
    for large networks, so the LCP, in each user's own units of effort
    (``y = diag(a) x``, ``min(y, A diag(a)^-1 y - b) = 0``), is solved by
    :func:`~replication.numerics.lcp.lcp_semismooth_newton` from ``y = max(b, 0)`` (every
    user's effort when alone).  That method is not guaranteed to converge when ``A`` is
    not a P-matrix; if it does not and ``N <= DENSE_LEMKE_MAX``, Lemke's algorithm runs on
    a dense copy.  Either way the result is certified on the scaled residual and
    :class:`~replication.numerics.solvers.ConvergenceError` (with that residual) raised above
    ``KKT_TOL``.

    Parameters
    ----------
    model : IDSModel
        The game.
    enumerate_all : bool, default False
        Also count every equilibrium by support enumeration (exponential-exposure models,
        N <= 14).

    Returns
    -------
    NashEquilibrium
        The equilibrium, its KKT residual and the method used.

    Raises
    ------
    ValueError
        ``enumerate_all`` for a model that is not an exponential-exposure one.
    ConvergenceError
        The scaled KKT residual is above ``KKT_TOL``.

    Examples
    --------
    >>> from replication.naghizadeh2014 import nash_equilibrium
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> eq = nash_equilibrium(model)
    >>> eq.x.round(4).tolist(), eq.method
    ([1.7622, 0.771, 0.7744], 'Lemke')
    """
    require_model(model)
    enumerate_all = validate.flag("enumerate_all", enumerate_all)
    if isinstance(model, LinearExposure):
        result = _sparse_equilibrium(model) if model.sparse else _lemke_equilibrium(model)
        if enumerate_all:
            found = len(all_nash_equilibria(model))
            result = NashEquilibrium(result.x, result.kkt_residual, result.method, result.iterations, found)
        return result
    if enumerate_all:
        raise ValueError("enumerate_all needs an exponential-exposure model (an LCP)")
    return _newton_equilibrium(model)


def scaled_residual(model: IDSModel, x: Array, own_gradient: Array) -> float:
    """The Nash KKT residual in the model's own units: ``max_i |min(x_i / s_i, F_i s_i / m)|``
    with ``s`` the effort scale and ``m`` the largest cost ``c_i s_i`` of an effort unit."""
    s = model.effort_scale()
    return kkt_residual(x / s, own_gradient * s / model.money_scale())


#: Largest sparse game whose Nash equilibrium falls back to Lemke's algorithm on a dense copy.
DENSE_LEMKE_MAX = 2000


def _sparse_equilibrium(model: LinearExposure) -> NashEquilibrium:
    """Semismooth Newton on the scaled Nash LCP of a sparse game (Lemke's algorithm on a
    dense copy as the fallback for small games); the equilibrium's negative efforts, of
    rounding size, are set to 0 before the residual is computed on the result."""
    a = model.own_weights()
    M, q = model.nash_lcp()
    scaled_lcp = (M @ diags_array(1.0 / a)).tocsr()
    y, _, steps, _ = lcp_semismooth_newton(scaled_lcp, q, np.maximum(-q, 0.0), tol=TARGET)
    x = np.maximum(y, 0.0) / a
    F = model.own_gradient(x)
    residual = scaled_residual(model, x, F)
    if not residual <= KKT_TOL and model.N <= DENSE_LEMKE_MAX:
        dense = _lemke_equilibrium(LinearExposure(model.A.toarray(), model.c, model.L))
        return NashEquilibrium(dense.x, dense.kkt_residual, "Lemke (dense copy of a sparse game)", dense.iterations)
    require_converged(residual, KKT_TOL, "Nash equilibrium (semismooth Newton, sparse, scaled residual)")
    return NashEquilibrium(x, kkt_residual(x, F), "semismooth Newton (sparse)", steps)


def _lemke_equilibrium(model: LinearExposure) -> NashEquilibrium:
    M, q = model.nash_lcp()
    solution = lemke(M, q)
    x = _polish_on_support(model, solution.z)
    F = model.own_gradient(x)
    residual = kkt_residual(x, F)
    require_converged(scaled_residual(model, x, F), KKT_TOL, "Nash equilibrium (Lemke, scaled residual)")
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


#: Most users :func:`all_nash_equilibria` enumerates (2^N supports, one linear solve each).
MAX_ENUMERATED_USERS = 20


def all_nash_equilibria(model: LinearExposure, *, max_users: int = 14) -> list[Array]:
    """Every pure Nash equilibrium of an exponential-exposure game, by support enumeration.

    For each support ``S``: ``x_S = A_SS^{-1} b_S > 0`` and ``(A x - b)_j >= 0`` off ``S``.
    Candidates whose KKT residual in the model's own units (:func:`scaled_residual`) is
    above ``KKT_TOL`` are discarded, so the same game in other units of money or effort
    has the same equilibria.  ``max_users`` (at most :data:`MAX_ENUMERATED_USERS`) bounds
    the work; a larger model is refused before any work.

    Parameters
    ----------
    model : LinearExposure
        An exponential-exposure game.
    max_users : int, default 14
        The largest N enumerated (at most :data:`MAX_ENUMERATED_USERS`).

    Returns
    -------
    list of ndarray
        Every pure Nash equilibrium.

    Raises
    ------
    TypeError
        ``model`` is not an exponential-exposure game.
    ValueError
        N above ``max_users``.

    Examples
    --------
    >>> from replication.naghizadeh2014 import all_nash_equilibria
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> [x.round(4).tolist() for x in all_nash_equilibria(model)]
    [[1.7622, 0.771, 0.7744]]
    """
    if not isinstance(model, LinearExposure):
        raise validate.ArgumentTypeError(
            "model must be an exponential-exposure model (a LinearExposure, an LCP) for support enumeration, "
            f"got {type(model).__name__}"
        )
    max_users = validate.integer_at_least("max_users", max_users, 1, MAX_ENUMERATED_USERS)
    if model.N > max_users:
        raise ValueError(f"support enumeration visits 2^N supports; N = {model.N} > max_users = {max_users}")
    M, q = model.nash_lcp()
    if model.sparse:
        M = model.A.toarray()
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
            if scaled_residual(model, x, model.own_gradient(x)) <= KKT_TOL:
                found.append(x)
    return found


def best_response_sweeps(model: IDSModel, x0: ArrayLike, *, sweeps: int = 50, tol: float = 1e-13) -> tuple[Array, int]:
    """Gauss-Seidel best-response dynamics; returns the last profile and the sweeps used.

    Stops when no effort moved by more than ``tol`` of its user's own effort scale."""
    require_model(model)
    sweeps = validate.integer_at_least("sweeps", sweeps, 1, validate.MAX_COUNT)
    tol = validate.nonnegative("tol", tol)
    x = model.profile(x0, "x0").copy()
    if (x < 0).any():
        raise ValueError("x0 must be >= 0 (efforts are non-negative)")
    unit = model.effort_scale()
    for sweep in range(1, sweeps + 1):
        before = x.copy()
        for k in range(model.N):
            x[k] = best_response(model, k, x)
        if np.max(np.abs(x - before) / unit) <= tol:
            return x, sweep
    return x, sweeps


def _newton_equilibrium(model: IDSModel, max_iter: int = 100) -> NashEquilibrium:
    """Semismooth Newton on ``min(x, F(x)) = 0``, ``F = own_gradient``, from best responses.

    The stopping test and the merit function are the residual in the model's own units
    (:func:`scaled_residual`), so the iteration does the same work at any money unit."""
    x, sweeps = best_response_sweeps(model, np.zeros(model.N), sweeps=20)
    steps = 0
    for _ in range(max_iter):
        F = model.own_gradient(x)
        residual = scaled_residual(model, x, F)
        if residual <= TARGET:
            break
        at_bound = x <= F * _money_unit(model)
        step = np.where(at_bound, -x, 0.0)
        inner = ~at_bound
        if inner.any():
            G = model.own_gradient_jacobian(x)
            rhs = -F[inner] - G[np.ix_(inner, at_bound)] @ step[at_bound]
            step[inner] = np.linalg.solve(G[np.ix_(inner, inner)], rhs)
        trial = _merit_step(model, x, step, residual)
        if trial is x:
            break
        x = trial
        steps += 1
    F = model.own_gradient(x)
    residual = kkt_residual(x, F)
    require_converged(scaled_residual(model, x, F), KKT_TOL, "Nash equilibrium (semismooth Newton, scaled residual)")
    return NashEquilibrium(x, residual, "best responses + semismooth Newton", sweeps + min(steps, max_iter - 1))


def _money_unit(model: IDSModel) -> Array:
    """``s_i^2 / m`` per user: what turns ``F_i`` (money per effort) into the effort the
    scaled residual compares it with (``x_i / s_i`` against ``F_i s_i / m``)."""
    s = model.effort_scale()
    return s * s / model.money_scale()


def _merit_step(model: IDSModel, x: Array, step: Array, residual: float) -> Array:
    """Largest ``x + a step`` (a = 1, 1/2, ...) that lowers the scaled complementarity
    residual; ``x`` itself when none does (the iteration has stalled at rounding level, and
    whether that is converged is decided on the residual, never on the stall)."""
    alpha = 1.0
    while alpha > 1e-10:
        trial = x + alpha * step
        if (trial >= 0).all() and scaled_residual(model, trial, model.own_gradient(trial)) < residual:
            return trial
        alpha *= 0.5
    return x  # no step lowers the residual: rounding level; the caller judges the residual
