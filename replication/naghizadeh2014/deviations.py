"""Unilateral deviations in the regulated IDS game: the numerical test of Theorems 1-2.

A message profile ``m`` is a Nash equilibrium of the mechanism (paper eq. 5) when no user
``i`` lowers its cost ``U_i(m_i) = C_i(x_hat) + t_hat_i`` by changing its whole message
``m_i = (x^i, pi^i)``.  We search user ``i``'s message space with L-BFGS-B from several
starts, with the analytic gradient (N >= 3, averaging projected onto x >= 0):

    dU_i/dx^i  = (grad C_i(x_hat) + pi^{i+1} - pi^{i+2}) * 1[mean > 0] / N
                 + 2 pi^i * (x^i - x^{i+1}),
    dU_i/dpi^i = (x^i - x^{i+1})^2,

since user ``i``'s message enters ``x_hat``, the first term of (7) through ``x_hat`` and the
second term; the third term of (7) is the others' (this is where ``N >= 3`` is needed).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from replication.naghizadeh2014.mechanism import Messages, outcome, require_three_users, user_cost
from replication.naghizadeh2014.models import IDSModel

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Deviation:
    """The best message user ``user`` found and how much it lowers that user's cost."""

    user: int
    gain: float
    cost_before: float
    message: tuple[Array, Array]


def deviation_cost_and_gradient(model: IDSModel, messages: Messages, i: int, z: Array
                                ) -> tuple[float, Array]:
    """User ``i``'s cost with message ``z = (x^i, pi^i)`` stacked, and its gradient."""
    N = messages.N
    proposal, price = z[:N], z[N:]
    trial = messages.replace(i, proposal, price)
    result = outcome(trial)
    mask = trial.proposals.mean(axis=0) > 0
    nxt = trial.proposals[(i + 1) % N]
    price_term = trial.prices[(i + 1) % N] - trial.prices[(i + 2) % N]
    gap = proposal - nxt
    grad_x = (model.cost_jacobian(result.x)[i] + price_term) * mask / N + 2 * price * gap
    cost = float(model.costs(result.x)[i] + result.payments[i])
    return cost, np.concatenate([grad_x, gap ** 2])


def best_deviation(model: IDSModel, messages: Messages, i: int, *, starts: int = 4,
                   seed: int = 0, spread: float = 1.0) -> Deviation:
    """Search user ``i``'s messages for the largest cost reduction (L-BFGS-B, several starts).

    Starts: the current message, and ``starts - 1`` random perturbations of it (normal,
    scale ``spread`` for proposals, exponential prices).  ``gain > 0`` means a profitable
    deviation exists.
    """
    require_three_users(messages.N)
    N = messages.N
    current = np.concatenate([messages.proposals[i], messages.prices[i]])
    before = user_cost(model, messages, i)
    rng = np.random.default_rng(seed)
    bounds = [(None, None)] * N + [(0.0, None)] * N
    best_cost, best_z = before, current
    for k in range(starts):
        z0 = current.copy()
        if k:
            z0[:N] += spread * rng.normal(size=N)
            z0[N:] = rng.exponential(spread, size=N)
        res = minimize(lambda z: deviation_cost_and_gradient(model, messages, i, z), z0, jac=True,
                       method="L-BFGS-B", bounds=bounds, options={"maxiter": 500, "ftol": 1e-14, "gtol": 1e-10})
        if res.fun < best_cost:
            best_cost, best_z = float(res.fun), res.x
    return Deviation(i, before - best_cost, before, (best_z[:N], best_z[N:]))


def largest_gain(model: IDSModel, messages: Messages, **kwargs: object) -> Deviation:
    """The user with the most profitable unilateral deviation, over all users."""
    return max((best_deviation(model, messages, i, **kwargs) for i in range(messages.N)),
               key=lambda d: d.gain)


def reduced_deviation_gain(model: IDSModel, l: Array, x_star: Array, i: int, lower: float) -> float:
    """Gain of user ``i`` from moving ``x_hat`` to any ``x >= lower`` against prices ``l_i``.

    With its price proposal at 0 a user reaches any average, so its problem reduces to
    ``min C_i(x) + l_i' x`` (paper eq. 26).  ``lower = 0`` is the repaired mechanism;
    ``lower < 0`` models the literal average of eq. (6) (erratum E5).
    """
    def cost(x: Array) -> tuple[float, Array]:
        return float(model.costs(x)[i] + l[i] @ x), model.cost_jacobian(x)[i] + l[i]

    base = cost(x_star)[0]
    res = minimize(cost, x_star, jac=True, method="L-BFGS-B", bounds=[(lower, None)] * model.N,
                   options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-12})
    return base - float(res.fun)
