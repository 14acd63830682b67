"""Unilateral deviations in the regulated IDS game: the numerical test of Theorems 1-2.

A message profile ``m`` is a Nash equilibrium of the mechanism (paper eq. 5) when no user
``i`` lowers its cost ``U_i(m_i) = C_i(x_hat) + t_hat_i`` by changing its whole message
``m_i = (x^i, pi^i)``.  With the others' messages held, and ``N >= 3``, eq. (7) gives::

    U_i(x^i, pi^i) = C_i(x_hat) + (pi^{i+1} - pi^{i+2})' x_hat
                     + (x^i - x^{i+1})' diag(pi^i) (x^i - x^{i+1}) - T_{i+1},
    x_hat = max(0, (x^i + sum_{k != i} x^k) / N),

where ``T_{i+1}`` (user ``i+1``'s own penalty) does not depend on ``m_i``.  Its gradient::

    dU_i/dx^i  = (grad C_i(x_hat) + pi^{i+1} - pi^{i+2}) * 1[mean > 0] / N
                 + 2 pi^i * (x^i - x^{i+1}),
    dU_i/dpi^i = (x^i - x^{i+1})^2

drives an L-BFGS-B search over the user's whole message (prices bounded below by 0)
from several starts.  The tests check this cost against the outcome function itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from replication.core import validate
from replication.naghizadeh2014.model.mechanism import Messages, require_three_users, user_cost
from replication.naghizadeh2014.model.risk import IDSModel, require_model

Array = NDArray[np.float64]


#: Proposals are searched within +/- this of the current one, so an unbounded deviation
#: (the literal mechanism) shows as a large but finite gain.
SEARCH_BOX = 100.0


@dataclass(frozen=True)
class Deviation:
    """The best message user ``user`` found and how much it lowers that user's cost."""

    user: int
    gain: float
    cost_before: float
    message: tuple[Array, Array]


class DeviationProblem:
    """User ``i``'s cost as a function of its own message, the others' messages held."""

    def __init__(self, model: IDSModel, messages: Messages, i: int, *, project: bool = True) -> None:
        require_model(model)
        messages = validate.instance("messages", messages, Messages, "a Messages profile (proposals, prices)")
        require_three_users(messages.N)
        self.project = validate.flag("project", project)
        if model.N != messages.N:
            raise ValueError(f"messages are for N = {messages.N} users, the model has N = {model.N}")
        self.model, self.i, self.N = model, validate.index("i", i, messages.N), messages.N
        i = self.i
        nxt, nxt2 = (i + 1) % self.N, (i + 2) % self.N
        self.others = messages.proposals.sum(axis=0) - messages.proposals[i]
        self.next_proposal = messages.proposals[nxt]
        self.price_difference = messages.prices[nxt] - messages.prices[nxt2]
        self.next_penalty = float(messages.prices[nxt] @ (self.next_proposal - messages.proposals[nxt2]) ** 2)
        self.current = np.concatenate([messages.proposals[i], messages.prices[i]])

    def cost_and_gradient(self, z: Array) -> tuple[float, Array]:
        """``U_i`` at the stacked message ``z = (x^i, pi^i)`` and its gradient."""
        proposal, price = z[: self.N], z[self.N :]
        mean = (proposal + self.others) / self.N
        x_hat = np.maximum(mean, 0.0) if self.project else mean
        gap = proposal - self.next_proposal
        cost = self.model.costs(x_hat)[self.i] + self.price_difference @ x_hat + price @ gap**2 - self.next_penalty
        own_gradient = self.model.cost_jacobian(x_hat)[self.i]
        reach = (mean > 0) if self.project else 1.0  # where x^i moves x_hat
        grad_x = (own_gradient + self.price_difference) * reach / self.N + 2.0 * price * gap
        return float(cost), np.concatenate([grad_x, gap**2])


def best_deviation(
    model: IDSModel,
    messages: Messages,
    i: int,
    *,
    starts: int = 3,
    seed: int = 0,
    spread: float = 1.0,
    project: bool = True,
    maxiter: int = 1000,
) -> Deviation:
    """Search user ``i``'s messages for the largest cost reduction (L-BFGS-B, several starts).

    Starts: the current message, the current proposal with prices 0, and ``starts - 2``
    random perturbations (normal proposals of scale ``spread``, exponential prices of
    scale ``spread`` times the game's unit of money,
    :meth:`~replication.naghizadeh2014.model.risk.IDSModel.money_scale`, in
    which the search runs so that it does not depend on the unit).
    Proposals stay within ``SEARCH_BOX`` of the current one; ``maxiter`` caps the
    iterations per start (a lower bound on the gain is enough to refute an equilibrium).
    ``gain > 0`` means a profitable deviation exists; the cost before is computed by the
    outcome function itself.  ``project=False`` searches the paper's literal mechanism,
    whose average (6) may be negative (see *What we found* in the book, entry
    `naghizadeh2014:repair_nonnegative_average`).
    """
    problem = DeviationProblem(model, messages, i, project=project)
    starts = validate.integer_at_least("starts", starts, 1, validate.MAX_COUNT)
    N = messages.N
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    before = user_cost(model, messages, i, project=project)
    # searched in the game's own unit of money m: prices over m, costs over m, so the
    # search (and its tolerances) is the same in any unit of money
    m = model.money_scale()
    unit = np.concatenate([np.ones(N), np.full(N, m)])

    def scaled(w: Array) -> tuple[float, Array]:
        cost, gradient = problem.cost_and_gradient(w * unit)
        return cost / m, gradient * unit / m

    bounds = [(v - SEARCH_BOX, v + SEARCH_BOX) for v in problem.current[:N]] + [(0.0, None)] * N
    best_cost, best_z = before, problem.current
    for k in range(starts):
        w0 = problem.current / unit
        if k == 1:
            w0[N:] = 0.0
        elif k >= 2:
            w0[:N] += spread * rng.normal(size=N)
            w0[N:] = rng.exponential(spread, size=N)
        res = minimize(
            scaled,
            w0,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-11},
        )
        if m * res.fun < best_cost:
            best_cost, best_z = float(m * res.fun), res.x * unit
    return Deviation(i, before - best_cost, before, (best_z[:N].copy(), best_z[N:].copy()))


def largest_gain(model: IDSModel, messages: Messages, **kwargs: Any) -> Deviation:
    """The user with the most profitable unilateral deviation, over all users."""
    return max((best_deviation(model, messages, i, **kwargs) for i in range(messages.N)), key=lambda d: d.gain)


def first_profitable(model: IDSModel, messages: Messages, tol: float, **kwargs: Any) -> Deviation | None:
    """The first user (in index order) whose search finds a gain above ``tol``, else ``None``."""
    for i in range(messages.N):
        deviation = best_deviation(model, messages, i, **kwargs)
        if deviation.gain > tol:
            return deviation
    return None


def reduced_deviation_gain(model: IDSModel, l: Array, x_star: Array, i: int, lower: float) -> float:
    """Gain of user ``i`` from moving ``x_hat`` to any ``x >= lower`` against prices ``l_i``.

    With its price proposal at 0 a user reaches any average, so its problem reduces to
    ``min C_i(x) + l_i' x`` (paper eq. 26).  ``lower = 0`` is the repaired mechanism;
    ``lower < 0`` models the literal average of eq. (6) with proposals kept in
    ``x >= lower`` (see *What we found* in the book, entry `naghizadeh2014:repair_nonnegative_average`).
    """

    m = model.money_scale()  # searched in the game's own unit of money

    def cost(x: Array) -> tuple[float, Array]:
        return float(model.costs(x)[i] + l[i] @ x) / m, (model.cost_jacobian(x)[i] + l[i]) / m

    base = cost(x_star)[0]
    res = minimize(
        cost,
        x_star,
        jac=True,
        method="L-BFGS-B",
        bounds=[(lower, None)] * model.N,
        options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-12},
    )
    return m * (base - float(res.fun))
