"""Figures of Naghizadeh & Liu (2014), Section IV-B: Example 2, the soft-min weakest link.

Figs 6-10 compare the Nash equilibrium without insurance with the social optimum the
mechanism implements, per user, for one random draw; the paper's draw and its ``gamma`` are
unpublished, ours is the showcase seed of :mod:`replication.naghizadeh2014.studies.example2`
(selected by a stated rule) with ``gamma = 10``.  Extra figures: the saving over 1000 draws
under the two readings of the paper's equilibrium, the dependence on ``gamma``, and gradient
play on the mechanism's messages (:mod:`replication.naghizadeh2014.studies.adjustment`).
"""

from __future__ import annotations

import numpy as np

from replication.drawing.style import COLORS, HATCHES, PLAIN, colour, legend_above, mark, new_figure
from replication.ledger import FigureData, figure
from replication.ledger.parameters import at_paper_values
from replication.ledger.registry import Column
from replication.naghizadeh2014.exhibits.bars import (
    cost_pair,
    loss_pair,
    net_payment_bars,
    social_cost_bars,
    spending_pair,
)
from replication.naghizadeh2014.model.instances import weakest_link_instance
from replication.naghizadeh2014.model.mechanism import PERTURBATION
from replication.naghizadeh2014.studies.adjustment import ITERATIONS, STEP, adjustment_study
from replication.naghizadeh2014.studies.example2 import (
    DRAWS,
    GAMMA,
    GAMMA_DRAWS,
    GAMMAS,
    PAPER_SAVING,
    SHOWCASE_SEED,
    example2,
    example2_study,
)

CHAPTER = "book/naghizadeh2014/weakest_link"
#: The draw of Figs 6-10, a template over the figures' parameters ``seed`` and ``gamma``.
DRAW = (
    "Example 2 (soft-min weakest link, N = 10, $L = 50$, $\\gamma = {gamma:g}$), showcase draw "
    "seed {seed} with costs $U(0, 1)$ (selected by the rule stated in the text)"
)


@figure(
    "naghizadeh2014:figure_6",
    number="Figure 6",
    caption=f"Expected loss $L f(x)$ per user (the same for every user in the weakest-link game) "
    f"without insurance (soft-min Nash equilibrium) and with insurance (social optimum). "
    f"{DRAW}.",
    alt="Every user's expected loss equals the sum of all unit costs at the equilibrium and the mean "
    "unit cost at the optimum, ten times smaller.",
    chapter=CHAPTER,
)
def figure_6(*, seed: int = SHOWCASE_SEED, gamma: float = GAMMA) -> FigureData:
    """Paper Fig. 6: ``L f`` at the NE (``= sum c``) and at the SO (``= mean c``), R-7/R-8."""
    return loss_pair(
        example2(seed, gamma=gamma), weakest_link_instance(seed, gamma=gamma), "expected loss $L f(x)$ (\\$M)"
    )


@figure(
    "naghizadeh2014:figure_7",
    number="Figure 7",
    caption=f"Security spending $c_i x_i$ per user at the Nash equilibrium and at the social optimum. {DRAW}.",
    alt="Every user spends more at the optimum; spending grows with the unit cost because efforts are nearly equal.",
    chapter=CHAPTER,
)
def figure_7(*, seed: int = SHOWCASE_SEED, gamma: float = GAMMA) -> FigureData:
    """Paper Fig. 7: ``c_i x_i`` at the NE and at the SO (``x* = x^NE + ln N``, R-7)."""
    return spending_pair(example2(seed, gamma=gamma), weakest_link_instance(seed, gamma=gamma))


@figure(
    "naghizadeh2014:figure_8",
    number="Figure 8",
    caption=f"Equilibrium net payments $t_i^* = \\overline{{{{c x^*}}}} - c_i x_i^*$ (R-8) of the "
    f"mechanism; negative values are payments to the user. They sum to zero. {DRAW}.",
    alt="Net payments fall with the unit cost: the cheap users pay, the expensive users receive money.",
    chapter=CHAPTER,
)
def figure_8(*, seed: int = SHOWCASE_SEED, gamma: float = GAMMA) -> FigureData:
    """Paper Fig. 8 (caption lost in the paper's text): net payments (R-8) at the SO."""
    return net_payment_bars(example2(seed, gamma=gamma).payments)


@figure(
    "naghizadeh2014:figure_9",
    number="Figure 9",
    caption=f"Each user's cost without insurance, $C_i(x^{{{{NE}}}})$, and in the mechanism, "
    f"$C_i(x^*) + t_i^*$ (the same for every user, R-8). {DRAW}.",
    alt="Every user's cost falls with insurance, and all insured users end with the same cost.",
    chapter=CHAPTER,
)
def figure_9(*, seed: int = SHOWCASE_SEED, gamma: float = GAMMA) -> FigureData:
    """Paper Fig. 9: ``C_i(x^NE)`` against ``C_i(x*) + t_i*`` (eq. 11)."""
    return cost_pair(example2(seed, gamma=gamma))


@figure(
    "naghizadeh2014:figure_10",
    number="Figure 10",
    caption=f"Social cost $\\sum_i C_i$ without insurance (soft-min Nash equilibrium) and with "
    f"insurance (social optimum; the payments cancel). {DRAW}.",
    alt="The social cost falls by about 35 million dollars, the paper's value.",
    chapter=CHAPTER,
)
def figure_10(*, seed: int = SHOWCASE_SEED, gamma: float = GAMMA) -> FigureData:
    """Paper Fig. 10: social cost at the NE and at the SO; the gap is ``(sum c)(N - 1 - ln N)`` (R-8)."""
    outcome = example2(seed, gamma=gamma)
    return social_cost_bars(outcome.ne_cost, outcome.so_cost)


@figure(
    "naghizadeh2014:figure_example2_savings",
    number="Extra: Example 2 over draws",
    caption="Social saving of Example 2 over {draws} draws (seeds 0 to {last_seed}, costs $U(0, 1)$, "
    "$\\gamma = {gamma:g}$) under the two readings of the paper's equilibrium: the smoothed "
    "game's own Nash equilibrium (R-7) and the midpoint of the exact-min equilibria (R-6). "
    "Vertical line: the paper's value, close to \\$35M.",
    fields=lambda values: {"last_seed": values["draws"] - 1},
    alt="The smoothed game's equilibrium gives savings around the paper's 35 million dollars; the "
    "midpoint reading gives about twice as much, and never comes near 35.",
    chapter=CHAPTER,
)
def figure_example2_savings(*, draws: int = DRAWS, gamma: float = GAMMA) -> FigureData:
    """Histograms of the saving under the soft-min NE and under the exact-min midpoint."""
    study = example2_study(draws, gamma=gamma)
    fig, ax = new_figure()
    bins = np.linspace(0.0, 1.05 * float(study.midpoint_saving.max()), 60)
    for k, (values, name) in enumerate(
        (
            (study.saving, "soft-min Nash equilibrium (R-7)"),
            (study.midpoint_saving, "midpoint of exact-min equilibria (R-6)"),
        )
    ):
        ax.hist(
            values,
            bins=bins,
            color=COLORS[k],
            hatch=HATCHES[k + 1],
            edgecolor=PLAIN["outline"],
            linewidth=0.4,
            alpha=0.8,
            label=name,
        )
    mark(ax.axvline(PAPER_SAVING, color=colour("paper"), linewidth=1.6, label="paper: close to \\$35M"), "paper")
    ax.set_xlabel("social saving (\\$M)")
    ax.set_ylabel("number of draws")
    legend_above(ax, ncols=1)
    return FigureData(
        fig, {"seed": study.seeds, "saving_softmin": study.saving, "saving_midpoint": study.midpoint_saving}
    )


@figure(
    "naghizadeh2014:figure_gamma_dependence",
    number="Extra: Example 2 and gamma",
    caption="How the saving of Example 2 depends on the unpublished soft-min parameter $\\gamma$: "
    "median and 5-95% band over {draws} draws per $\\gamma$ (seeds 0 to "
    "{last_seed}) under the smoothed game's equilibrium (independent of $\\gamma$, R-8) "
    "and under the exact-min midpoint (R-6); horizontal line: the paper's \\$35M.",
    fields=lambda values: {"last_seed": values["draws"] - 1},
    alt="The saving from the smoothed equilibrium is the same for every gamma; the midpoint reading "
    "gives more than 50 million dollars for every gamma and changes with it.",
    chapter=CHAPTER,
)
def figure_gamma_dependence(*, draws: int = GAMMA_DRAWS) -> FigureData:
    """Saving percentiles (5, 50, 95) of both readings against ``gamma``."""
    studies = [example2_study(draws, gamma=g) for g in GAMMAS]
    soft = np.array([np.percentile(s.saving, (5, 50, 95)) for s in studies])
    mid = np.array([np.percentile(s.midpoint_saving, (5, 50, 95)) for s in studies])
    gammas = np.array(GAMMAS)
    fig, ax = new_figure()
    for bands, name, color, style in (
        (soft, "soft-min Nash equilibrium (R-7)", COLORS[0], "-"),
        (mid, "midpoint of exact-min equilibria (R-6)", COLORS[1], "--"),
    ):
        ax.fill_between(gammas, bands[:, 0], bands[:, 2], color=color, alpha=0.25)
        ax.plot(gammas, bands[:, 1], marker="o", color=color, linestyle=style, label=name)
    mark(ax.axhline(PAPER_SAVING, color=colour("paper"), linestyle=":", linewidth=1.2, label="paper: \\$35M"), "paper")
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_xticks(gammas, [f"{g:g}" for g in GAMMAS])
    ax.set_xlabel("soft-min parameter $\\gamma$")
    ax.set_ylabel("social saving (\\$M)")
    legend_above(ax, ncols=1)
    return FigureData(
        fig,
        {
            "gamma": gammas,
            "softmin_p5": soft[:, 0],
            "softmin_median": soft[:, 1],
            "softmin_p95": soft[:, 2],
            "midpoint_p5": mid[:, 0],
            "midpoint_median": mid[:, 1],
            "midpoint_p95": mid[:, 2],
        },
    )


@figure(
    "naghizadeh2014:figure_adjustment",
    number="Extra: reaching the equilibrium",
    caption=f"Gradient play on the mechanism's messages (every user steps down the gradient of its own "
    f"cost, step {STEP:g}, {ITERATIONS} steps), Example 2 seed {{seed}}: distance of the "
    f"implemented profile $\\hat x$ from $x^*$ (left) and of the payments $\\hat t$ from $t^*$ "
    f"(right), from three starts: proposals {PERTURBATION:.0%} off $m^*$ with prices free or held "
    f"at $m^*$'s, and everyone proposing the no-insurance equilibrium with zero prices.",
    alt="{alt_found}",
    fields=lambda values: {
        "alt_found": at_paper_values(
            values,
            {"seed": SHOWCASE_SEED},
            "The implemented profile approaches the optimum from every start, but the payments reach the "
            "equilibrium payments only when the prices are held at their equilibrium values; with free "
            "prices the payments stay far off.",
            "Two panels on a logarithmic scale: the distance of the implemented profile from the optimum "
            "(left) and of the payments from the equilibrium payments (right) along gradient play, one "
            "line per start.",
        )
    },
    chapter=CHAPTER,
)
def figure_adjustment(*, seed: int = SHOWCASE_SEED) -> FigureData:
    """Distances ``max|x_hat - x*|`` and ``max|t_hat - t*|`` along gradient play (our process) on
    Example 2's draw ``seed``."""
    paths = adjustment_study(seed)
    fig, axes = new_figure(1, 2, figsize=(9.0, 3.8))
    for (name, path), style in zip(paths.items(), ("-", "--", ":")):
        axes[0].semilogy(path.steps, path.x_gap, linestyle=style, label=name)
        axes[1].semilogy(path.steps, path.payment_gap, linestyle=style, label=name)
    axes[0].set_ylabel("$\\max_j |\\hat x_j - x_j^*|$")
    axes[1].set_ylabel("$\\max_i |\\hat t_i - t_i^*|$ (\\$M)")
    for ax in axes:
        ax.set_xlabel("step")
    legend_above(axes[1], ncols=1)
    data: dict[str, Column] = {"step": next(iter(paths.values())).steps}
    for k, path in enumerate(paths.values()):
        data[f"x_gap_{k}"], data[f"payment_gap_{k}"] = path.x_gap, path.payment_gap
    return FigureData(fig, data)
