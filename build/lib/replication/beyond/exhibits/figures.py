"""Figures of the chapter "One network, every remedy" (ours, beyond the papers)."""

from __future__ import annotations

import numpy as np

from replication.beyond.model.network import ALL_REMEDIES, FIRMS, LAM, SEEDS, study
from replication.core import validate
from replication.drawing.style import COLORS, MARKERS, PLAIN, new_figure
from replication.ledger.parameters import at_paper_values
from replication.ledger.registry import FigureData, figure

CHAPTER = "book/beyond/one_network"
#: The columns of the figure: each remedy, then the mechanism when the firm whose absence
#: costs most among those that would rather stay out does stay out (study key, label).
COLUMNS = tuple((r, r) for r in ALL_REMEDIES) + (("worst_defection", "mechanism,\nworst firm out"),)


#: The figure's parameters at our values: networks drawn (seeds 0 to ``networks - 1``), firms per
#: network and the insurance loading.
_PAPER = {"networks": len(SEEDS), "firms": FIRMS, "lam": LAM}


@figure(
    "beyond:figure_gap_closed",
    number="Figure 1",
    chapter=CHAPTER,
    caption="Share of the welfare gap between the Nash equilibrium without insurance and the social optimum "
    "closed by each remedy, over {networks} drawn networks of unequal firms (seeds "
    "0-{last_seed}); insurance at loading $\\lambda={lam:g}$; Naghizadeh & Liu's mechanism "
    "with every firm in (risk-neutral firms), and when the firm whose absence costs most among those that "
    "would rather stay out does stay out. 1 reaches the optimum, 0 changes nothing, below 0 moves away "
    "from it. Ours: none of the papers compares remedies on a network.",
    alt="{alt_found}",
    fields=lambda values: {
        "last_seed": values["networks"] - 1,
        "alt_found": at_paper_values(
            values,
            _PAPER,
            "Dots per remedy. Liability with insurance sits mostly between 0.6 and 0.95; insurance alone and "
            "liability without insurance scatter around and below zero; the mechanism sits at 1 on every "
            "network and mostly between 0 and 0.95 when a firm that would rather stay out does.",
            "Dots per remedy, one per drawn network, with a bar at the median: the share of the welfare gap "
            "closed, where 1 reaches the optimum and 0 changes nothing.",
        ),
    },
)
def figure_gap_closed(*, networks: int = len(SEEDS), firms: int = FIRMS, lam: float = LAM) -> FigureData:
    """The study of :func:`~replication.beyond.model.network.study` over seeds ``0, ..., networks - 1``
    with ``firms`` firms per network (at least 3, for the mechanism) and loading ``lam``."""
    networks = validate.integer_at_least("networks", networks, 1)
    s = study(seeds=range(networks), n=firms, lam=lam)
    fig, ax = new_figure(1, 1, figsize=(8.0, 4.0))
    data: dict[str, list] = {"remedy": [], "seed": [], "gap_closed": []}
    for k, (remedy, _) in enumerate(COLUMNS):
        values = np.asarray(s[remedy])
        shown = np.clip(values, -2.0, None)  # display only: values below -2 are drawn at the axis edge
        jitter = np.linspace(-0.15, 0.15, values.size)
        ax.plot(k + jitter, shown, MARKERS[k], color=COLORS[k], linestyle="none", alpha=0.8)
        ax.plot([k - 0.25, k + 0.25], [np.median(values)] * 2, color=PLAIN["ink"], linewidth=2)
        data["remedy"] += [remedy] * values.size
        data["seed"] += [int(x) for x in s["seed"]]
        data["gap_closed"] += values.tolist()
    ax.axhline(0.0, color=PLAIN["guide"], linewidth=0.8)
    ax.axhline(1.0, color=PLAIN["guide"], linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(COLUMNS)), [label.replace(" without", "\nwithout") for _, label in COLUMNS])
    ax.set(ylabel="share of the gap closed (median: bar)", ylim=(-2.1, 1.1))
    return FigureData(fig, data)
