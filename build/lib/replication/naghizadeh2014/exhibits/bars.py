"""Figure shapes shared by the paper's two examples (Figures 1-5 and 6-10).

Both examples draw the same five exhibits for ten users ordered by unit cost: a per-user
quantity at the Nash equilibrium beside the social optimum, the mechanism's net payments,
and the social cost of the two regimes.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from matplotlib.patches import Patch
from numpy.typing import NDArray

from replication.drawing.style import PLAIN, colour, legend_above, look, mark, new_figure, pair_bars
from replication.ledger import FigureData
from replication.naghizadeh2014.model.risk import IDSModel

REGIMES = ("no insurance (Nash equilibrium)", "insurance (social optimum)")
USER_AXIS = "user $i$ (by increasing unit cost)"


def _users(values: NDArray[np.float64]) -> list[int]:
    """User numbers 1..N for a per-user array."""
    return list(range(1, len(values) + 1))


def per_user_pair(ne: NDArray[np.float64], so: NDArray[np.float64], ylabel: str) -> FigureData:
    """Grouped bars of a per-user quantity at the Nash equilibrium and at the social optimum."""
    users = _users(ne)
    fig, ax = new_figure()
    pair_bars(ax, users, ne, so, REGIMES)
    ax.set_xlabel(USER_AXIS)
    ax.set_ylabel(ylabel)
    return FigureData(fig, {"user": users, "ne": ne, "so": so})


class Outcome(Protocol):
    """What both examples' outcomes hold: the efforts and each user's cost at the Nash
    equilibrium and at the social optimum."""

    @property
    def x_ne(self) -> NDArray[np.float64]:
        """The efforts at the Nash equilibrium."""
        ...

    @property
    def x_so(self) -> NDArray[np.float64]:
        """The efforts at the social optimum."""
        ...

    @property
    def ne_cost(self) -> NDArray[np.float64]:
        """Each user's cost at the Nash equilibrium."""
        ...

    @property
    def so_cost(self) -> NDArray[np.float64]:
        """Each user's cost in the mechanism (with its payment)."""
        ...


def loss_pair(outcome: Outcome, model: IDSModel, ylabel: str) -> FigureData:
    """Figs 1 and 6: each user's expected loss at the Nash equilibrium and at the optimum."""
    return per_user_pair(model.expected_losses(outcome.x_ne), model.expected_losses(outcome.x_so), ylabel)


def spending_pair(outcome: Outcome, model: IDSModel) -> FigureData:
    """Figs 2 and 7: each user's security spending ``c_i x_i`` at the Nash equilibrium and at the optimum."""
    return per_user_pair(
        model.expenditures(outcome.x_ne), model.expenditures(outcome.x_so), "security spending $c_i x_i$ (\\$M)"
    )


def cost_pair(outcome: Outcome) -> FigureData:
    """Figs 4 and 9: each user's cost without insurance and in the mechanism (eq. 11)."""
    return per_user_pair(outcome.ne_cost, outcome.so_cost, "expected cost (\\$M)")


def net_payment_bars(payments: NDArray[np.float64]) -> FigureData:
    """The equilibrium net payments ``t_i*`` per user; payments to the user (t < 0) coloured apart."""
    users = _users(payments)
    fig, ax = new_figure()
    meanings = ["receives" if t < 0 else "pays" for t in payments]
    bars = ax.bar(
        range(len(users)),
        payments,
        0.6,
        color=[colour(m) for m in meanings],
        hatch=[look(m)["hatch"] for m in meanings],
        edgecolor=PLAIN["outline"],
        linewidth=0.6,
    )
    for bar, meaning in zip(bars, meanings):
        mark(bar, meaning)
    legend_above(
        ax,
        handles=[
            Patch(facecolor=colour(k), hatch=look(k)["hatch"], edgecolor=PLAIN["outline"], label=text)
            for k, text in (("receives", "the user receives money"), ("pays", "the user pays"))
        ],
    )
    ax.axhline(0.0, color=PLAIN["ink"], linewidth=0.8)
    ax.set_xticks(range(len(users)), [str(u) for u in users])
    ax.set_xlabel(USER_AXIS)
    ax.set_ylabel("net payment $t_i^*$ (\\$M)")
    return FigureData(fig, {"user": users, "net_payment": payments})


def social_cost_bars(ne_cost: NDArray[np.float64], so_cost: NDArray[np.float64]) -> FigureData:
    """Two bars: the social cost ``sum_i C_i`` at the Nash equilibrium and at the optimum.

    At the optimum the mechanism's payments cancel (budget balance), so the per-user costs
    with payments sum to the social cost of problem (2).
    """
    totals = [float(ne_cost.sum()), float(so_cost.sum())]
    fig, ax = new_figure(figsize=(4.0, 4.0))
    for k, (value, meaning) in enumerate(zip(totals, ("no insurance", "insurance"))):
        ax.bar(k, value, 0.6, **look(meaning), edgecolor=PLAIN["outline"], linewidth=0.6)
        ax.annotate(f"{value:.1f}", (k, value), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_xticks([0, 1], ["no insurance\n(Nash equilibrium)", "insurance\n(social optimum)"])
    ax.set_ylabel("social cost $\\sum_i C_i$ (\\$M)")
    ax.set_ylim(0, 1.15 * max(totals))
    return FigureData(fig, {"regime": ["nash_equilibrium", "social_optimum"], "social_cost": totals})
