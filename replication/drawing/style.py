"""The one plot style of the book: colour-blind safe, readable in greyscale.

Colours are the Okabe-Ito palette; every series also differs in line style (lines; use
``MARKERS`` for scattered points) or hatch (bars), so a greyscale print still separates them.
:data:`CONVENTIONS` gives each recurring concept (no insurance, insurance, money received,
money paid, the paper's value) one colour and hatch for the whole book; legends go above
the axes (:func:`legend_above`) so they never cover data.  Figures are made
with :func:`new_figure`, which applies the style without touching global pyplot state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import cycle
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

#: Okabe & Ito (2008) colour-blind-safe palette, by name.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: Series order: strong contrast in colour and in grey value first.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
HATCHES = ("", "///", "...", "xx", "\\\\", "oo", "--")
#: One look per concept across the whole book (the introduction shows this legend).  A
#: colour never means two things: what has no insurance is vermillion and hatched, what is
#: insured (the mechanism, its social optimum, a participating user) is solid blue.
CONVENTIONS: dict[str, dict[str, str]] = {
    "no insurance": {
        "color": "#D55E00",
        "hatch": "///",
        "meaning": "no insurance: the Nash equilibrium without cover, a user staying out (loner)",
    },
    "insurance": {
        "color": "#0072B2",
        "hatch": "",
        "meaning": "insurance: with cover, the mechanism's social optimum, a participating user",
    },
    "receives": {"color": "#009E73", "hatch": "...", "meaning": "money paid to the user (a negative net payment)"},
    "pays": {"color": "#E69F00", "hatch": "\\\\", "meaning": "money paid by the user (a positive net payment)"},
    "paper": {"color": "#000000", "hatch": "", "meaning": "the paper's own value (a black line)"},
}
#: Two-way comparisons used throughout the book (no insurance vs insurance, NE vs SO).
PAIR = (CONVENTIONS["no insurance"], CONVENTIONS["insurance"])

RC: dict[RcKeyType, Any] = {
    "axes.prop_cycle": cycler(color=COLORS) + cycler(linestyle=LINESTYLES),
    "lines.linewidth": 1.8,
    "lines.markersize": 5,
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "hatch.linewidth": 0.8,
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 150,
    "svg.hashsalt": "replication",
    "svg.fonttype": "path",
    "image.cmap": "cividis",
}


@contextmanager
def style() -> Iterator[None]:
    """Temporarily apply the book's style (for drawing outside :func:`new_figure`)."""
    with mpl.rc_context(RC):
        yield


def new_figure(
    nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None, **subplot_kw: Any
) -> tuple[Figure, Any]:
    """A styled Figure and its axes, created without pyplot (no global state, no leaks).

    Returns ``(figure, axes)`` like ``plt.subplots``.
    """
    with mpl.rc_context(RC):
        fig = Figure(figsize=figsize or RC["figure.figsize"], layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def bar_styles() -> Iterator[dict[str, Any]]:
    """Endless colour + hatch combinations for grouped bar charts."""
    return ({"color": c, "hatch": h, "edgecolor": "black", "linewidth": 0.6} for c, h in cycle(zip(COLORS, HATCHES)))


def pair_bars(ax: Axes, labels: Any, first: Any, second: Any, names: tuple[str, str], *, width: float = 0.38) -> None:
    """Grouped bars comparing two series per category (e.g. Nash equilibrium vs optimum)."""
    import numpy as np

    x = np.arange(len(labels))
    for offset, values, name, look in ((-width / 2, first, names[0], PAIR[0]), (width / 2, second, names[1], PAIR[1])):
        ax.bar(
            x + offset,
            values,
            width,
            label=name,
            color=look["color"],
            hatch=look["hatch"],
            edgecolor="black",
            linewidth=0.6,
        )
    ax.set_xticks(x, [str(label) for label in labels])
    legend_above(ax, ncols=2)


def legend_above(ax: Axes, *, ncols: int = 2, **kwargs: Any) -> Any:
    """The axes' legend in a row above the plotting area, where it cannot cover data
    (constrained layout makes room for it)."""
    return ax.legend(
        loc="lower left", bbox_to_anchor=(0.0, 1.01, 1.0, 0.1), mode="expand", ncols=ncols, borderaxespad=0.0, **kwargs
    )
