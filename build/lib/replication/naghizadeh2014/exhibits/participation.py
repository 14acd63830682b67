"""Figures of Naghizadeh & Liu (2014), Sections V-VI: Figs 11-12 and our extra exhibits.

Figs 11-12 show one random N = 5 weighted-total-effort draw (unpublished in the paper);
ours is the showcase draw of :mod:`replication.naghizadeh2014.model.participation`, selected
by a stated rule.  The extra figure shows the positive example's region in the
(c1, c2) plane.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from replication.drawing.style import COLORS, HATCHES, PLAIN, new_figure, pair_bars
from replication.ledger import FigureData, figure
from replication.ledger.parameters import at_paper_values
from replication.naghizadeh2014.model.participation import participation
from replication.naghizadeh2014.model.total_effort import positive_region_grid
from replication.naghizadeh2014.studies.vp_example import SHOWCASE_SCALE, SHOWCASE_SEED, example_instance

CHAPTER = "book/naghizadeh2014/participation"
#: Panels of the region figure and the worked counterexamples (N, c1, c2) of the positive example
#: (see *What we found* in the book, entry `naghizadeh2014:positive_example`).
REGION_USERS = (2, 3, 5, 10)
COUNTEREXAMPLES = ((2, 1.5, 1.6), (3, 2.0, 4.5), (3, 3.5, 4.0))
REGION_GRID = 121


def _users(n: int) -> list[int]:
    return list(range(1, n + 1))


@figure(
    "naghizadeh2014:figure_11",
    number="Figure 11",
    caption="Security spending $c_i x_i$ per user without insurance (Nash equilibrium) and with "
    "insurance (social optimum), N = 5 weighted total effort, $L = 50$, showcase draw "
    "(seed {seed}, costs $U(0, {cost_scale:g})$). The paper's axis is not "
    "recoverable; we plot spending, as in its Figs 2 and 7.",
    alt="Users 2, 3 and 5 spend on security at the optimum while users 1 and 4 spend nothing; "
    "without insurance the same users invest, but less in total.",
    chapter=CHAPTER,
)
def figure_11(*, seed: int = SHOWCASE_SEED, cost_scale: float = SHOWCASE_SCALE) -> FigureData:
    """Paper Fig. 11: ``c_i x_i`` at the Nash equilibrium (R-4) and at the optimum (problem 2)."""
    model = example_instance(seed, cost_scale=cost_scale)
    result = participation(model)
    ne, so = model.expenditures(result.x_ne), model.expenditures(result.x_opt)
    fig, ax = new_figure()
    pair_bars(ax, _users(model.N), ne, so, ("no insurance (Nash equilibrium)", "insurance (social optimum)"))
    ax.set_xlabel("user $i$ (by increasing unit cost)")
    ax.set_ylabel("security spending $c_i x_i$ (\\$M)")
    return FigureData(fig, {"user": _users(model.N), "spending_ne": ne, "spending_so": so})


def _draw_of_figure_12(seed: int, cost_scale: float) -> str:
    """How Fig. 12's caption names its draw: Fig. 11's showcase draw, or the one chosen."""
    if (seed, cost_scale) == (SHOWCASE_SEED, SHOWCASE_SCALE):
        return "the showcase draw of Fig. 11"
    return f"the draw of seed {seed} with costs $U(0, {cost_scale:g})$"


@figure(
    "naghizadeh2014:figure_12",
    number="Figure 12",
    caption="Each user's cost when participating, $C_i(x^*) + t_i^*$, and as a loner, $C_i$ at the "
    "outcome of the loner game (R-9), for {draw}. Users whose "
    "participating bar is higher would rather stay out.",
    fields=lambda values: {"draw": _draw_of_figure_12(values["seed"], values["cost_scale"])},
    alt="Users 2 and 4 pay less by joining; users 1, 3 and 5 would pay less as loners, as in the paper.",
    chapter=CHAPTER,
)
def figure_12(*, seed: int = SHOWCASE_SEED, cost_scale: float = SHOWCASE_SCALE) -> FigureData:
    """Paper Fig. 12: participating cost ``C_i(x*) + t_i*`` (R-3) versus the loner cost (R-9)."""
    result = participation(example_instance(seed, cost_scale=cost_scale))
    users = _users(result.x_opt.size)
    fig, ax = new_figure()
    pair_bars(
        ax,
        users,
        result.loner_cost,
        result.participating_cost,
        ("loner: $C_i(\\tilde x^{(i)})$", "participating: $C_i(x^*) + t_i^*$"),
    )
    top = np.maximum(result.participating_cost, result.loner_cost)
    for i, (joins, height) in enumerate(zip(result.vp, top)):
        ax.annotate(
            "joins" if joins else "leaves",
            (i, height),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_xlabel("user $i$ (by increasing unit cost)")
    ax.set_ylabel("expected cost (\\$M)")
    ax.set_ylim(0, 1.15 * float(top.max()))
    return FigureData(
        fig,
        {
            "user": users,
            "participating_cost": result.participating_cost,
            "loner_cost": result.loner_cost,
            "joins": result.vp,
        },
    )


_CATEGORIES = (("VP in both", 3), ("VP, missed by the paper", 2), ("paper's region, joining only ties", 1))


def _region_panel(ax: Axes, n: int, points: int) -> dict[str, Sequence[float]]:
    """One panel: the corrected region (R-11) against the paper's stated regions, on ``points`` values of c1."""
    region = positive_region_grid(n, points=points)
    c1, c2, corrected, paper = region.c1, region.c2, region.corrected, region.paper
    category = 2 * corrected + paper
    for (_label, value), color, hatch in zip(_CATEGORIES, COLORS, HATCHES[1:]):
        ax.contourf(
            c1, c2, (category == value).astype(float), levels=[0.5, 1.5], colors=[color], hatches=[hatch], alpha=0.55
        )
    ax.plot(c1, c1, color=PLAIN["ink"], linewidth=0.8, linestyle="--")
    for N, a, b in COUNTEREXAMPLES:
        if N == n:
            ax.plot(a, b, marker="o", color=PLAIN["ink"], markersize=5, linestyle="none")
            right = a > c1.mean()
            ax.annotate(
                f"({a:g}, {b:g})",
                (a, b),
                xytext=(-4 if right else 4, 4),
                textcoords="offset points",
                ha="right" if right else "left",
                fontsize=8,
            )
    ax.set_title(f"N = {n}")
    ax.set_xlabel("$c_1$")
    ax.set_ylabel("$c_2$")
    a1, a2 = np.meshgrid(c1, c2)
    return {
        "N": [n] * a1.size,
        "c1": a1.ravel().tolist(),
        "c2": a2.ravel().tolist(),
        "vp_corrected": corrected.ravel().tolist(),
        "vp_paper_region": paper.ravel().tolist(),
    }


@figure(
    "naghizadeh2014:figure_positive_region",
    number="Extra: positive-example region",
    caption="Total effort with $L_i = 1$ (Section VI-B): where every user strictly prefers joining "
    "under the mechanism's payments. Our region (R-11), $Ne^{{-1/(N-1)}} < c_1 < N$ with "
    "$c_2 > c_1$, against the paper's two stated regions; dashed: $c_2 = c_1$; dots: the "
    "worked counterexamples.",
    alt="The paper's regions miss part of the true region ({missed}) and "
    "wrongly include c1 >= N, where nobody invests and joining only ties with leaving.",
    fields=lambda values: {
        "missed": at_paper_values(
            values,
            dict(zip(("n_1", "n_2", "n_3", "n_4"), REGION_USERS)),
            "N = 2 beyond c1 = e/2, and large c2",
            "shaded as missed by the paper",
        )
    },
    chapter=CHAPTER,
)
def figure_positive_region(
    *,
    n_1: int = REGION_USERS[0],
    n_2: int = REGION_USERS[1],
    n_3: int = REGION_USERS[2],
    n_4: int = REGION_USERS[3],
    points: int = REGION_GRID,
) -> FigureData:
    """Our corrected region (R-11) and the paper's iff-regions of Section VI-B, one panel per number
    of users ``n_1``, ..., ``n_4`` (each at least 2), on ``points`` values of c1 per panel."""
    fig, axes = new_figure(2, 2, figsize=(7.2, 6.0))
    columns: dict[str, list[float]] = {}
    for ax, n in zip(axes.ravel(), (n_1, n_2, n_3, n_4)):
        for key, values in _region_panel(ax, n, points).items():
            columns.setdefault(key, []).extend(values)
    handles = [
        Patch(facecolor=color, hatch=hatch, alpha=0.55, label=label)
        for (label, _), color, hatch in zip(_CATEGORIES, COLORS, HATCHES[1:])
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return FigureData(fig, columns)
