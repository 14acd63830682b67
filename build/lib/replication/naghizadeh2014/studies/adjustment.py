"""Beyond the paper: can the mechanism's message equilibrium be reached by an adjustment process?

Theorem 2 says the equilibrium ``m*`` exists, not how users would find it.  We test the most
natural decentralised process, *gradient play*: every user moves its own message
``m_i = (x^i, pi^i)`` a small step down the gradient of its own cost in the mechanism,
``U_i(m) = C_i(x_hat(m)) + t_hat_i(m)`` (eqs. 6, 7, 11), all users at once, prices kept
``>= 0``.  Differentiating eq. (7) (our derivation; the same gradient drives the deviation
search of :mod:`replication.naghizadeh2014.model.deviations`)::

    dU_i/dx^i  = (grad C_i(x_hat) + pi^{i+1} - pi^{i+2}) * 1[mean > 0] / N
                 + 2 pi^i * (x^i - x^{i+1}),
    dU_i/dpi^i = (x^i - x^{i+1})^2 >= 0.

The last line is the crux: a user's own price only ever enters its cost through its penalty
for disagreeing with the next user, so gradient play can only *lower* prices.  Prices carry
the information about the optimum (their differences are the personalised prices), and the
process cannot build them up from below.  We measure the distance of the implemented profile
and payments from ``x*`` and ``t*`` along the path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.core.cache import cached
from replication.naghizadeh2014.model.instances import weakest_link_instance
from replication.naghizadeh2014.model.mechanism import (
    Messages,
    equilibrium_messages,
    net_payments,
    outcome,
    perturbed,
    require_three_users,
)
from replication.naghizadeh2014.model.risk import IDSModel, require_model
from replication.naghizadeh2014.studies.example2 import SHOWCASE_SEED, softmin_nash, softmin_optimum

Array = NDArray[np.float64]

#: Step size of gradient play, a pure number: with ``m`` the game's unit of money
#: (:meth:`~replication.naghizadeh2014.game.models.IDSModel.money_scale`), proposals move by
#: ``STEP / m`` times their gradient (money per unit of effort) and prices by ``STEP * m`` times
#: theirs (squared effort), so the path is the same in any unit of money (stable while
#: ``STEP * max price / m < 1``).  Number of steps of gradient play.
STEP = 0.5
ITERATIONS = 3000
#: Tolerance on ``max |x_hat - x*|`` (effort) and on ``max |t_hat - t*| / m`` (payments in the
#: game's unit of money ``m``) for convergence.
TOLERANCE = 1e-4


def message_gradients(model: IDSModel, proposals: Array, prices: Array) -> tuple[Array, Array]:
    """Row ``i``: the gradient of user ``i``'s cost ``U_i`` in its own proposal ``x^i`` and
    price ``pi^i`` (eq. 7 differentiated, average projected onto ``x >= 0``)."""
    N = proposals.shape[0]
    mean = proposals.mean(axis=0)
    price_difference = np.roll(prices, -1, axis=0) - np.roll(prices, -2, axis=0)
    gap = proposals - np.roll(proposals, -1, axis=0)
    own = model.cost_jacobian(np.maximum(mean, 0.0)) + price_difference
    return own * (mean > 0) / N + 2.0 * prices * gap, gap**2


@dataclass(frozen=True)
class AdjustmentPath:
    """Distances from the mechanism's equilibrium along a gradient-play path, per recorded step."""

    steps: NDArray[np.int64]
    x_gap: Array
    payment_gap: Array
    disagreement: Array
    price_drop: Array
    final: Messages
    #: The game's unit of money (``model.money_scale()``), in which the payment gap is judged.
    money_unit: float = 1.0

    @property
    def converged(self) -> bool:
        """Implemented profile, payments (in the game's unit of money) and proposals within
        ``TOLERANCE`` of ``x*``, ``t*`` and of each other at the end."""
        payment = self.payment_gap[-1] / self.money_unit
        return bool(max(self.x_gap[-1], payment, self.disagreement[-1]) < TOLERANCE)


def gradient_play(
    model: IDSModel,
    start: Messages,
    x_star: Array,
    *,
    step: float = STEP,
    iterations: int = ITERATIONS,
    record_every: int = 20,
    fixed_prices: bool = False,
) -> AdjustmentPath:
    """Simultaneous projected gradient steps on every user's own message (prices kept >= 0).

    With ``m = model.money_scale()`` the game's unit of money (our derivation: gradient play on
    the game with money measured in ``m``)::

        x^i  <- x^i  - (step / m) dU_i/dx^i,
        pi^i <- max(pi^i - (step * m) dU_i/dpi^i, 0),

    so ``step`` is a pure number and the same game in another unit of money follows the same
    path: the same efforts and proposals, prices and payments in the new unit.
    ``fixed_prices=True`` moves proposals only (prices posted and held at their start).
    Records ``max |x_hat - x*|``, ``max |t_hat - t*|`` (money), the largest disagreement
    ``max |x^i - x^{i+1}|`` and the largest fall of any price below its start (money per
    squared effort).  Raises ``ValueError`` naming the argument for a bad ``step``,
    ``iterations``, ``record_every`` or a ``start`` with fewer than 3 users.

    Examples
    --------
    >>> from replication.naghizadeh2014.studies.example2 import softmin_optimum
    >>> from replication.naghizadeh2014.model.instances import weakest_link_instance
    >>> model = weakest_link_instance(140, N=5)
    >>> x_star = softmin_optimum(model)
    >>> path = gradient_play(model, equilibrium_messages(model, x_star), x_star, iterations=20)
    >>> path.converged
    True
    """
    require_model(model)
    start = validate.instance("start", start, Messages, "a Messages profile (proposals, prices)")
    require_three_users(start.N)
    step = validate.positive("step", step)
    iterations = validate.integer_at_least("iterations", iterations, 1, validate.MAX_COUNT)
    record_every = validate.integer_at_least("record_every", record_every, 1, validate.MAX_COUNT)
    t_star = net_payments(model, x_star)
    unit = model.money_scale()
    step_proposals, step_prices = step / unit, step * unit
    proposals, prices = start.proposals.copy(), start.prices.copy()
    rows: list[tuple[int, float, float, float, float]] = []
    for k in range(iterations + 1):
        if k % record_every == 0 or k == iterations:
            result = outcome(Messages(proposals, prices))
            rows.append(
                (
                    k,
                    float(np.abs(result.x - x_star).max()),
                    float(np.abs(result.payments - t_star).max()),
                    float(np.abs(proposals - np.roll(proposals, -1, axis=0)).max()),
                    float((start.prices - prices).max()),
                )
            )
        if k == iterations:
            break
        grad_x, grad_price = message_gradients(model, proposals, prices)
        proposals = proposals - step_proposals * grad_x
        if not fixed_prices:
            prices = np.maximum(prices - step_prices * grad_price, 0.0)
    steps, x_gap, payment_gap, disagreement, price_drop = map(np.array, zip(*rows))
    return AdjustmentPath(
        steps.astype(np.int64), x_gap, payment_gap, disagreement, price_drop, Messages(proposals, prices), unit
    )


#: The three starts of the study, in the order they are plotted.
SCENARIOS = ("near m*, prices adjust", "near m*, prices held", "from no insurance")


def _run_study(seed: int) -> dict[str, AdjustmentPath]:
    model = weakest_link_instance(seed)
    x_star = softmin_optimum(model)
    equilibrium = equilibrium_messages(model, x_star)
    near = perturbed(equilibrium, seed)
    uninsured = Messages(np.tile(softmin_nash(model), (model.N, 1)), np.zeros((model.N, model.N)))
    return {
        SCENARIOS[0]: gradient_play(model, near, x_star),
        SCENARIOS[1]: gradient_play(model, near, x_star, fixed_prices=True),
        SCENARIOS[2]: gradient_play(model, uninsured, x_star),
    }


def adjustment_study(seed: int = SHOWCASE_SEED) -> dict[str, AdjustmentPath]:
    """Gradient play on Example 2 (seed ``seed``) from three starts: proposals 2% off ``m*``
    with ``m*``'s prices, free to adjust or held; and everyone proposing the no-insurance
    equilibrium with zero prices.  Cached on disk by the seed."""
    seed = validate.integer_at_least("seed", seed, 0)
    return cached("naghizadeh2014:adjustment_study", {"seed": seed}, lambda: _run_study(seed))
