"""The Section VI-A participation study solved for many draws at once (Naghizadeh & Liu 2014).

Each draw of the study is the weighted-total-effort game ``f_i(x) = exp(-(A x)_i)``
(paper eq. 18) with ``N = 5`` users, and its analysis is that of
:func:`~replication.naghizadeh2014.model.participation.participation`: a Nash
equilibrium, the social optimum and ``N`` loner games (R-9).  Here the draws are stacked
and every step runs on all of them together, with the per-draw algorithm:

* the Nash equilibrium by Lemke's algorithm on the LCP (R-4), pivot by pivot as per draw
  (:func:`~replication.numerics.batched.lemke_stack`), polished on its support;
* the (coalition) social optimum ``min sum_{i in P} C_i(x)`` over the free efforts, in the
  model's own units (efforts ``y_j = a_jj x_j``, money over the largest cost
  ``c_j / a_jj`` of an effort unit among the free players), which is the exposure problem
  ``sum_i w_i exp(-(M y)_i) + u'y`` with ``M = A diag(1/a_jj)``, ``w = 1_P L / m`` and
  ``u = 1_P c / (m a_jj)``, solved by :func:`~replication.numerics.batched.exposure_minimum`;
* the loner's best response in closed form, ``x_k = max(0, (b_k - sum_{j != k} a_kj x_j) / a_kk)``
  with ``b_k = ln(L_k a_kk / c_k)`` (the Nash LCP (R-4) row by row);
* the best-response rounds from the optimum, the same settle test and, for the games that
  have not settled, the same bracket rule and Brent's method on
  ``psi(s) = BR_k(coalition optimum given x_k = s) - s``
  (:func:`~replication.numerics.batched.brent_roots`).

A draw where any batched solve misses its tolerance is solved again, whole, by the per-draw
path, so the study's rows are the per-draw rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from replication.naghizadeh2014.model import participation as voluntary
from replication.naghizadeh2014.model.game import KKT_TOL, SCALED_TARGET, nash_equilibrium
from replication.naghizadeh2014.model.instances import LOSS, dominant_diagonal_matrix, sorted_costs
from replication.naghizadeh2014.model.risk import WeightedTotalEffort
from replication.naghizadeh2014.studies import vp_example
from replication.numerics.batched import ExposureProblems, brent_roots, exposure_minimum, lemke_stack, lu_solve_stack
from replication.numerics.newton import Index, Mask

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Draws:
    """A stack of Section VI-A draws: ``A`` (B, N, N), ``c`` (B, N), ``L`` (B, N)."""

    seeds: NDArray[np.int64]
    A: Array
    c: Array
    L: Array

    @property
    def scale(self) -> Array:
        """Each user's own unit of effort, ``1 / a_ii`` (B, N)."""
        return 1.0 / np.diagonal(self.A, axis1=1, axis2=2)

    def model(self, b: int) -> WeightedTotalEffort:
        """Draw ``b`` as a model object."""
        return WeightedTotalEffort(self.A[b], self.c[b], self.L[b])

    def costs(self, x: Array) -> Array:
        """``C_i(x) = L_i exp(-(A x)_i) + c_i x_i`` for each draw's profile ``x`` (B, N)."""
        return self.L * np.exp(-(self.A @ x[..., None])[..., 0]) + self.c * x


def example_draws(seeds: NDArray[np.int64], cost_scale: float) -> Draws:
    """The draws of :func:`~replication.naghizadeh2014.studies.vp_example.example_instance`
    for ``seeds`` (the same generator calls, so the same numbers)."""
    N = vp_example.EXAMPLE_USERS
    c, A = np.empty((seeds.size, N)), np.empty((seeds.size, N, N))
    for b, seed in enumerate(seeds):
        rng = np.random.default_rng(int(seed))
        c[b] = sorted_costs(rng, N, cost_scale)
        A[b] = dominant_diagonal_matrix(rng, N)
    return Draws(seeds, A, c, np.full((seeds.size, N), LOSS))


def own_gradient(draws: Draws, x: Array) -> Array:
    """``dC_i/dx_i = c_i - L_i a_ii exp(-(A x)_i)`` (B, N): the Nash conditions (R-1) read
    ``min(x, this) = 0``."""
    own = np.diagonal(draws.A, axis1=1, axis2=2)
    return draws.c - draws.L * own * np.exp(-(draws.A @ x[..., None])[..., 0])


def _kkt(x: Array, g: Array) -> Array:
    """``max_j |min(x_j, g_j)|`` per row."""
    return np.abs(np.minimum(x, g)).max(axis=1)


def nash_equilibria(draws: Draws) -> tuple[Array, Mask]:
    """The Lemke equilibrium of every draw (B, N), and which met ``KKT_TOL``, as
    :func:`~replication.naghizadeh2014.model.game.nash_equilibrium` finds it.

    The LCP (R-4) ``x >= 0, A x - b >= 0, x'(A x - b) = 0`` with ``b_i = ln(L_i a_ii / c_i)``
    by :func:`~replication.numerics.batched.lemke_stack` (draws whose path needs the
    lexicographic tie-break by the per-draw solver), then polished on its support ``S``:
    ``x_S = A_SS^{-1} b_S`` where that is positive and lowers the complementarity residual.
    Accepted when the residual in the model's own units, ``max_i |min(a_ii x_i, F_i / m)|``
    with ``m = max_i c_i / a_ii``, is at most ``KKT_TOL``.
    """
    own = np.diagonal(draws.A, axis1=1, axis2=2)
    b = np.log(draws.L * own / draws.c)
    lcp = lemke_stack(draws.A, -b)
    z = lcp.z
    support = z > 0
    N = z.shape[1]
    inside = support[:, :, None] & support[:, None, :]
    system = np.where(inside, draws.A, 0.0) + np.eye(N) * ~support[:, :, None]
    x_s, regular = lu_solve_stack(system, np.where(support, b, 0.0))
    x = np.where(support, x_s, 0.0)
    better = _kkt(x, own_gradient(draws, x)) <= _kkt(z, own_gradient(draws, z))
    polished = regular & support.any(axis=1) & ~(support & (x <= 0)).any(axis=1) & better
    x = np.where(polished[:, None], x, z)
    for k in np.flatnonzero(~lcp.solved):
        try:
            x[k] = nash_equilibrium(draws.model(int(k))).x
        except vp_example.SOLVER_FAILURES:
            x[k] = np.nan
    s, m = 1.0 / own, (draws.c / own).max(axis=1)
    scaled = _kkt(x / s, own_gradient(draws, x) * s / m[:, None])
    return x, scaled <= KKT_TOL


def coalition_problems(A: Array, c: Array, L: Array, members: Mask, free: Mask) -> ExposureProblems:
    """The scaled summed cost of ``members`` over the ``free`` efforts, one problem per row.

    ``y_j = a_jj x_j``, ``m = max_{j free} c_j / a_jj`` over free members, ``M = A diag(1/a_jj)``,
    ``w = 1_P L / m``, ``u = 1_P c / (m a_jj)``: ``sum_{i in P} C_i(x) / m = sum_i w_i exp(-(M y)_i) + u'y``.
    """
    s = 1.0 / np.diagonal(A, axis1=1, axis2=2)
    unit = np.where(members, c * s, 0.0)
    m = np.where(free, unit, 0.0).max(axis=1)
    return ExposureProblems(A * s[:, None, :], np.where(members, L, 0.0) / m[:, None], unit / m[:, None], free)


def social_optima(draws: Draws, x0: Array) -> tuple[Array, Mask]:
    """The social optimum of every draw from ``x0`` (B, N), and which met ``KKT_TOL``."""
    everyone = np.ones(draws.c.shape, dtype=bool)
    s = draws.scale
    found = exposure_minimum(
        coalition_problems(draws.A, draws.c, draws.L, everyone, everyone), x0 / s, tol=SCALED_TARGET
    )
    return found.y * s, found.residual <= KKT_TOL


class LonerGames:
    """Every loner game of a stack of draws: game ``g`` is user ``user[g]`` of draw ``draw[g]``
    against the coalition of the other users (R-9)."""

    def __init__(self, draws: Draws, start: Array) -> None:
        B, N = draws.c.shape
        self.draw = np.repeat(np.arange(B), N)
        self.user = np.tile(np.arange(N), B)
        self.A, self.c, self.L = draws.A[self.draw], draws.c[self.draw], draws.L[self.draw]
        self.scale = draws.scale[self.draw]
        others = np.arange(N)[None, :] != self.user[:, None]
        self.problems = coalition_problems(self.A, self.c, self.L, others, others)
        games = np.arange(self.user.size)
        self.own_row = self.A[games, self.user]  # a_k., the loner's exposure weights
        self.own = self.own_row[games, self.user]  # a_kk
        self.target = np.log(self.L[games, self.user] * self.own / self.c[games, self.user])  # b_k
        self.x = start[self.draw].copy()  # last coalition reply of each game
        self.failed = np.zeros(self.user.size, dtype=bool)

    def best_response(self, x: Array, rows: Index) -> Array:
        """``BR_k(x) = max(0, (b_k - sum_{j != k} a_kj x_j) / a_kk)`` for the games ``rows``."""
        own = self.own[rows]
        others = (self.own_row[rows] * x).sum(axis=1) - own * x[np.arange(rows.size), self.user[rows]]
        return np.maximum(0.0, (self.target[rows] - others) / own)

    def reply(self, s: Array, rows: Index) -> Array:
        """The coalition optimum given the loner's effort ``s``, warm-started at the last reply."""
        x0 = self.x[rows].copy()
        x0[np.arange(rows.size), self.user[rows]] = s
        scale = self.scale[rows]
        found = exposure_minimum(self.problems.take(rows), x0 / scale, tol=SCALED_TARGET)
        x = found.y * scale
        x[np.arange(rows.size), self.user[rows]] = s  # held exactly, as in the per-draw solver
        self.x[rows] = x
        self.failed[rows[found.residual > KKT_TOL]] = True
        return x

    def psi(self, s: Array, rows: Index) -> Array:
        """``psi(s) = BR_k(coalition optimum given x_k = s) - s``."""
        return self.best_response(self.reply(s, rows), rows) - s

    def cost(self, x: Array, rows: Index) -> Array:
        """The loner's cost ``C_k(x) = L_k exp(-(A x)_k) + c_k x_k``."""
        k = self.user[rows]
        games = np.arange(rows.size)
        exposure = (self.own_row[rows] * x).sum(axis=1)
        return self.L[rows, k] * np.exp(-exposure) + self.c[rows, k] * x[games, k]


def loner_costs(games: LonerGames, x_opt: Array) -> tuple[Array, Mask]:
    """Each game's loner cost (G,) and whether Brent's method finished it (G,), as
    :func:`~replication.naghizadeh2014.model.participation.loner_outcome` with the
    default reading: best-response rounds from the optimum, then the root of psi."""
    G = games.user.size
    cost, brent = np.full(G, np.nan), np.zeros(G, dtype=bool)
    rows = np.arange(G)
    s = games.best_response(x_opt[games.draw], rows)
    visited: list[list[tuple[float, float]]] = [[] for _ in range(G)]
    for _ in range(voluntary.MAX_ROUNDS):
        if rows.size == 0:
            break
        x = games.reply(s, rows)
        value = games.best_response(x, rows) - s
        settled = np.abs(value) <= voluntary.EFFORT_TOL * np.maximum(1.0, s)
        cost[rows[settled]] = games.cost(x[settled], rows[settled])
        for g, point, v in zip(rows[~settled], s[~settled], value[~settled], strict=True):
            visited[g].append((float(point), float(v)))
        rows, s = rows[~settled], (s + value)[~settled]
    if rows.size:
        roots = _roots_of_psi(games, rows, [visited[g] for g in rows])
        ok = ~np.isnan(roots)
        x = games.reply(roots[ok], rows[ok])
        cost[rows[ok]] = games.cost(x, rows[ok])
        brent[rows] = True
        games.failed[rows[~ok]] = True
    return cost, brent


def _roots_of_psi(games: LonerGames, rows: Index, visited: list[list[tuple[float, float]]]) -> Array:
    """Brent's root of psi for the games ``rows`` on the bracket of the per-draw rule (NaN
    where there is none or Brent's method fails)."""
    lo, f_lo, hi, f_hi, step = (np.full(rows.size, np.nan) for _ in range(5))
    for i, points in enumerate(visited):
        positive = [(s, v) for s, v in points if v > 0]
        lo[i], v_lo = max(positive, default=(0.0, 1.0))
        f_lo[i] = v_lo if positive else np.nan
        above = [(s, v) for s, v in points if v < 0 and s > lo[i]]
        if above:
            hi[i], f_hi[i] = min(above)
            continue
        step[i] = v_lo  # one more best-response move, or what a geometric sequence still travels
        if len(positive) > 1 and 0.0 < v_lo < positive[-2][1]:
            step[i] = v_lo / (1.0 - v_lo / positive[-2][1])
    _expand_brackets(games, rows, lo, f_lo, hi, f_hi, step)
    unknown = np.flatnonzero(np.isnan(f_lo) & ~np.isnan(hi))
    if unknown.size:
        f_lo[unknown] = games.psi(lo[unknown], rows[unknown])
    bracketed = np.flatnonzero(~np.isnan(hi))
    roots = np.full(rows.size, np.nan)
    found = brent_roots(
        lambda s, i: games.psi(s, rows[bracketed[i]]),
        lo[bracketed],
        hi[bracketed],
        f_lo[bracketed],
        f_hi[bracketed],
        xtol=voluntary.ROOT_XTOL,
    )
    roots[bracketed[found.converged]] = found.x[found.converged]
    return roots


def _expand_brackets(
    games: LonerGames, rows: Index, lo: Array, f_lo: Array, hi: Array, f_hi: Array, step: Array
) -> None:
    """Step beyond ``lo`` by ``1.5 step``, doubling the step, until psi turns non-positive (in place)."""
    open_ = np.flatnonzero(np.isnan(hi))
    for _ in range(voluntary.BRACKET_DOUBLINGS):
        if open_.size == 0:
            return
        trial = lo[open_] + 1.5 * step[open_]
        value = games.psi(trial, rows[open_])
        closed = value <= 0.0
        hi[open_[closed]], f_hi[open_[closed]] = trial[closed], value[closed]
        moving = open_[~closed]
        lo[moving], f_lo[moving], step[moving] = trial[~closed], value[~closed], 2.0 * step[moving]
        open_ = moving


def study_rows(seeds: NDArray[np.int64], cost_scale: float) -> list[vp_example.Row]:
    """The rows of the participation study for ``seeds``, computed as one stack.

    Equal to ``[vp_example.study_row(seed, cost_scale) for seed in seeds]`` up to the rounding
    of converged solves; a draw where a batched solve misses its tolerance (or a Lemke path
    needs the lexicographic rule) is computed by that per-draw path instead.
    """
    draws = example_draws(seeds, cost_scale)
    B, N = draws.c.shape
    x_ne, equilibrium = nash_equilibria(draws)
    redo = ~equilibrium
    x_opt, converged = social_optima(draws, np.where(redo[:, None], 0.0, x_ne))
    redo |= ~converged
    games = LonerGames(draws, x_opt)
    loner_cost, brent = loner_costs(games, x_opt)
    redo |= games.failed.reshape(B, N).any(axis=1)
    loner_cost, brent = loner_cost.reshape(B, N), brent.reshape(B, N)
    paying = draws.costs(x_opt) + _net_payments(draws, x_opt)
    social = draws.costs(x_opt).sum(axis=1)
    unit = (draws.c * draws.scale).max(axis=1, keepdims=True)  # each draw's money_scale()
    ir = voluntary.accepts(paying, draws.costs(x_ne), unit)
    vp = voluntary.accepts(paying, loner_cost, unit)
    rows: list[vp_example.Row] = []
    for b, seed in enumerate(seeds):
        if redo[b]:
            rows.append(vp_example.study_row(int(seed), cost_scale))
            continue
        slack = float(loner_cost[b].sum() - social[b])
        row = (True, x_opt[b] > voluntary.INVESTS, ir[b], vp[b], slack, float(social[b]), int(brent[b].sum()))
        rows.append(row)
    return rows


def _net_payments(draws: Draws, x: Array) -> Array:
    """The mechanism's net payments at the optimum (R-3), ``t_i = -grad C_i(x)' x``, with
    ``grad C_i = -L_i f_i a_i + c_i e_i``."""
    risk = np.exp(-(draws.A @ x[..., None])[..., 0])
    jacobian = -(draws.L * risk)[..., None] * draws.A
    jacobian[:, np.arange(x.shape[1]), np.arange(x.shape[1])] += draws.c
    return -(jacobian @ x[..., None])[..., 0]


__all__ = [
    "Draws",
    "LonerGames",
    "coalition_problems",
    "example_draws",
    "loner_costs",
    "nash_equilibria",
    "own_gradient",
    "social_optima",
    "study_rows",
]
