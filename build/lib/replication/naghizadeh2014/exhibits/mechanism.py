"""Figures of Naghizadeh & Liu (2014), Section IV-A: Example 1 (Figs 1-5) and its draws.

Figs 1-5 compare the Nash equilibrium without insurance with the social optimum the
mechanism implements, per user, for one random weighted-total-effort instance.  The
paper's draw is unpublished; ours is the showcase seed of
:mod:`replication.naghizadeh2014.studies.example1`, selected by a stated rule.  Two extra figures
show the saving over 1000 draws and its dependence on the cost scale.
"""

from __future__ import annotations

import numpy as np

from replication.drawing.style import COLORS, PLAIN, colour, legend_above, mark, new_figure
from replication.ledger import FigureData, figure
from replication.naghizadeh2014.exhibits.bars import (
    cost_pair,
    loss_pair,
    net_payment_bars,
    social_cost_bars,
    spending_pair,
)
from replication.naghizadeh2014.model.instances import weighted_total_effort_instance
from replication.naghizadeh2014.studies.example1 import (
    COST_SCALE,
    DRAWS,
    PAPER_SAVING,
    SCALE_DRAWS,
    SCALES,
    SHOWCASE_SEED,
    example1,
    example1_study,
)

CHAPTER = "book/naghizadeh2014/mechanism"
#: The draw of Figs 1-5, a template over the figures' parameters ``seed`` and ``cost_scale``.
DRAW = (
    "Example 1 (weighted total effort, N = 10, $L = 50$), showcase draw seed {seed} "
    "with costs $U(0, {cost_scale:g})$ (selected by the rule stated in the text)"
)


@figure(
    "naghizadeh2014:figure_1",
    number="Figure 1",
    caption="Expected loss $L_i f_i(x)$ per user without insurance (Nash equilibrium) and with "
    f"insurance (social optimum). {DRAW}.",
    alt="At the social optimum every user's expected loss is far below its Nash-equilibrium loss, "
    "most of them close to zero.",
    chapter=CHAPTER,
)
def figure_1(*, seed: int = SHOWCASE_SEED, cost_scale: float = COST_SCALE) -> FigureData:
    """Paper Fig. 1: ``L_i f_i`` (eq. 18) at the NE (R-4) and at the SO (problem 2)."""
    return loss_pair(
        example1(seed, cost_scale=cost_scale),
        weighted_total_effort_instance(seed, cost_scale=cost_scale),
        "expected loss $L_i f_i(x)$ (\\$M)",
    )


@figure(
    "naghizadeh2014:figure_2",
    number="Figure 2",
    caption=f"Security spending $c_i x_i$ per user at the Nash equilibrium and at the social optimum. {DRAW}.",
    alt="At the optimum only users 1 and 2, the cheapest, spend on security, and more than at the "
    "equilibrium, where a higher-cost user also invested.",
    chapter=CHAPTER,
)
def figure_2(*, seed: int = SHOWCASE_SEED, cost_scale: float = COST_SCALE) -> FigureData:
    """Paper Fig. 2: security expenditure ``c_i x_i`` at the NE and at the SO."""
    return spending_pair(
        example1(seed, cost_scale=cost_scale), weighted_total_effort_instance(seed, cost_scale=cost_scale)
    )


@figure(
    "naghizadeh2014:figure_3",
    number="Figure 3",
    caption="Equilibrium net payments $t_i^* = -\\nabla C_i(x^*)^\\top x^*$ (R-3) of the mechanism; "
    f"negative values are payments to the user. They sum to zero. {DRAW}.",
    alt="Users 1 and 2, the investors, receive money; every other user pays, several of them almost nothing.",
    chapter=CHAPTER,
)
def figure_3(*, seed: int = SHOWCASE_SEED, cost_scale: float = COST_SCALE) -> FigureData:
    """Paper Fig. 3 (caption lost in the paper's text): net payments (R-3) at the SO."""
    return net_payment_bars(example1(seed, cost_scale=cost_scale).payments)


@figure(
    "naghizadeh2014:figure_4",
    number="Figure 4",
    caption=f"Each user's cost without insurance, $C_i(x^{{{{NE}}}})$, and in the mechanism, "
    f"$C_i(x^*) + t_i^*$. {DRAW}.",
    alt="Every user's cost is lower with insurance than without in this draw, which holds in "
    "only about half of all draws.",
    chapter=CHAPTER,
)
def figure_4(*, seed: int = SHOWCASE_SEED, cost_scale: float = COST_SCALE) -> FigureData:
    """Paper Fig. 4: ``C_i(x^NE)`` against ``C_i(x*) + t_i*`` (eq. 11)."""
    return cost_pair(example1(seed, cost_scale=cost_scale))


@figure(
    "naghizadeh2014:figure_5",
    number="Figure 5",
    caption="Social cost $\\sum_i C_i$ without insurance (Nash equilibrium) and with insurance "
    f"(social optimum; the payments cancel). {DRAW}.",
    alt="The social cost falls by about 50 million dollars in the showcase draw; the paper reports close to 40.",
    chapter=CHAPTER,
)
def figure_5(*, seed: int = SHOWCASE_SEED, cost_scale: float = COST_SCALE) -> FigureData:
    """Paper Fig. 5: social cost ``sum_i C_i`` at the NE and at the SO (problem 2)."""
    outcome = example1(seed, cost_scale=cost_scale)
    return social_cost_bars(outcome.ne_cost, outcome.so_cost)


@figure(
    "naghizadeh2014:figure_example1_savings",
    number="Extra: Example 1 over draws",
    caption="Social saving (Nash-equilibrium minus optimal social cost) over {draws} draws of "
    "Example 1 (seeds 0 to {last_seed}, costs $U(0, {cost_scale:g})$); solid line: the "
    "paper's value, close to \\$40M; dashed: the median of the draws.",
    fields=lambda values: {"last_seed": values["draws"] - 1},
    alt="The saving varies widely between draws, from about 13 to 65 million dollars (5th to 95th "
    "percentile), with a median near the paper's 40.",
    chapter=CHAPTER,
)
def figure_example1_savings(*, draws: int = DRAWS, cost_scale: float = COST_SCALE) -> FigureData:
    """Histogram of the saving of Example 1 over seeds 0..999 (unpublished draws)."""
    study = example1_study(draws, cost_scale=cost_scale)
    fig, ax = new_figure()
    ax.hist(study.saving, bins=40, color=COLORS[1], edgecolor=PLAIN["outline"], linewidth=0.4)
    mark(ax.axvline(PAPER_SAVING, color=colour("paper"), linewidth=1.6, label="paper: close to \\$40M"), "paper")
    ax.axvline(
        float(np.median(study.saving)),
        color=COLORS[0],
        linestyle="--",
        linewidth=1.6,
        label="median of the draws",
    )
    ax.set_xlabel("social saving (\\$M)")
    ax.set_ylabel("number of draws")
    legend_above(ax)
    return FigureData(
        fig,
        {"seed": study.seeds, "saving": study.saving, "componentwise": study.componentwise, "pattern": study.pattern},
    )


@figure(
    "naghizadeh2014:figure_example1_scale",
    number="Extra: Example 1 and the cost scale",
    caption="How the saving of Example 1 depends on the unpublished cost scale $s$ (costs "
    "$U(0, s)$): median and 5-95% / 25-75% bands over {draws} draws per scale (seeds 0 to "
    "{last_seed}); the "
    "horizontal line is the paper's \\$40M.",
    fields=lambda values: {"last_seed": values["draws"] - 1},
    alt="The saving grows roughly in proportion to the cost scale; a scale near 20 puts the median "
    "at the paper's 40 million dollars.",
    chapter=CHAPTER,
)
def figure_example1_scale(*, draws: int = SCALE_DRAWS) -> FigureData:
    """Saving percentiles of Example 1 against the cost scale ``s`` (our calibration)."""
    bands = np.array([example1_study(draws, cost_scale=s).saving_percentiles() for s in SCALES])
    fig, ax = new_figure()
    scales = np.array(SCALES)
    ax.fill_between(scales, bands[:, 0], bands[:, 4], color=COLORS[1], alpha=0.2, label="5-95%")
    ax.fill_between(scales, bands[:, 1], bands[:, 3], color=COLORS[1], alpha=0.4, label="25-75%")
    ax.plot(scales, bands[:, 2], marker="o", color=COLORS[0], label="median")
    mark(ax.axhline(PAPER_SAVING, color=colour("paper"), linestyle="--", linewidth=1.2, label="paper: \\$40M"), "paper")
    ax.set_xticks(scales, [f"{s:g}" for s in SCALES])
    ax.set_xlabel("cost scale $s$ (costs $U(0, s)$)")
    ax.set_ylabel("social saving (\\$M)")
    legend_above(ax)
    return FigureData(
        fig,
        {
            "cost_scale": scales,
            "p5": bands[:, 0],
            "p25": bands[:, 1],
            "median": bands[:, 2],
            "p75": bands[:, 3],
            "p95": bands[:, 4],
        },
    )
