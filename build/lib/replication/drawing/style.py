"""The one plot style of the book: colour-blind safe, readable in greyscale.

Colours are the Okabe-Ito palette; every series also differs in line style (lines; use
``MARKERS`` for scattered points) or hatch (bars), so a greyscale print still separates them.
:data:`CONVENTIONS` gives each recurring concept (no insurance, insurance, money received,
money paid, the paper's value) one colour and hatch for the whole book, and a colour of
:data:`CONVENTIONS` means nothing else: series that are only told apart (firm 1 and firm 2,
several values of a parameter) take :data:`COLORS`, which holds none of them, and guide lines,
points and diagram fills take :data:`PLAIN`.  An artist drawn in a meaning's colour says so
with :func:`mark` (or :func:`look`), and :func:`colour_misuses` lists every artist of a figure
that breaks the rule (the test suite runs it over every registered figure).  Legends go above
the axes (:func:`legend_above`) so they never cover data.  Figures are made with
:func:`new_figure`, which applies the style without touching global pyplot state.
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
#: Series that carry no meaning, in order (strong contrast in colour and in grey value
#: first): no colour of :data:`CONVENTIONS` is among them.  The last two extend Okabe-Ito
#: with Tol's wine and sand.
COLORS = ("#CC79A7", "#56B4E9", "#4D4D4D", "#882255", "#999999", "#DDCC77", "#F0E442")
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
#: Colours without a meaning for what is not a data series: ``outline`` for the edges of bars
#: and boxes and for diagram arrows, ``ink`` and ``guide`` for points, zero and guide lines (a
#: black line is the paper's own value), ``light`` and ``shade`` for
#: neutral diagram fills, ``actor`` for the adversary of the attack diagrams, ``firm`` and
#: ``highlight`` for the firms they attack.
PLAIN: dict[str, str] = {
    "outline": PALETTE["black"],
    "ink": "#4D4D4D",
    "guide": "#737373",
    "white": "#FFFFFF",
    "light": "#EEEEEE",
    "shade": "#DDDDDD",
    "actor": PALETTE["purple"],
    "firm": PALETTE["sky"],
    "highlight": PALETTE["yellow"],
}
#: Prefix of the ``gid`` that :func:`mark` gives an artist drawn in a meaning's colour.
_GID = "meaning-"

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


def colour(meaning: str) -> str:
    """The colour of ``meaning`` (a key of :data:`CONVENTIONS`); raises ``KeyError`` naming the
    known meanings for any other."""
    return look(meaning)["color"]


def look(meaning: str) -> dict[str, Any]:
    """Colour and hatch of ``meaning`` (a key of :data:`CONVENTIONS`), as matplotlib keywords
    with the artist's ``gid`` marking the meaning (see :func:`mark`).

    >>> look("insurance")["color"]
    '#0072B2'
    """
    if meaning not in CONVENTIONS:
        raise KeyError(f"meaning must be one of {sorted(CONVENTIONS)}, got {meaning!r}")
    return {
        "color": CONVENTIONS[meaning]["color"],
        "hatch": CONVENTIONS[meaning]["hatch"],
        "gid": _GID + _slug(meaning),
    }


def mark(artists: Any, meaning: str) -> Any:
    """Record that ``artists`` (one artist, a container or a list) are drawn in ``meaning``'s
    colour; returns them.  Raises ``KeyError`` for an unknown meaning."""
    gid = look(meaning)["gid"]
    for artist in _flatten(artists):
        artist.set_gid(gid)
    return artists


def meaning_of(artist: Any) -> str | None:
    """The meaning :func:`mark` recorded on ``artist``, or None."""
    gid = artist.get_gid() or ""
    if not gid.startswith(_GID):
        return None
    return {_slug(m): m for m in CONVENTIONS}.get(gid[len(_GID) :])


def colour_misuses(figure: Figure) -> list[str]:
    """Every data artist of ``figure`` that breaks "one colour per meaning", described.

    An artist (a line, patch or collection of an axes; not text, ticks, spines or legends,
    whose handles copy the artists) breaks it when it is drawn in the colour of a meaning of
    :data:`CONVENTIONS` (any transparency) without being marked with that meaning, or is
    marked with a meaning whose colour it does not use.  Black means the paper's value only
    on lines: black outlines of bars and boxes and black arrows are structure.
    """
    from matplotlib.collections import Collection, LineCollection
    from matplotlib.colors import to_hex, to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    by_colour = {look["color"].lower(): meaning for meaning, look in CONVENTIONS.items()}
    paper = CONVENTIONS["paper"]["color"].lower()
    problems: list[str] = []
    for k, ax in enumerate(figure.axes):
        for artist in [*ax.lines, *ax.patches, *ax.collections]:
            used: set[str] = set()
            colours: list[Any] = []
            if isinstance(artist, Line2D):
                colours = [artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()]
            elif isinstance(artist, Patch):
                colours = [artist.get_facecolor(), artist.get_edgecolor()]
            elif isinstance(artist, Collection):
                colours = [*artist.get_facecolor(), *artist.get_edgecolor()]
            line_like = isinstance(artist, Line2D | LineCollection)
            for c in colours:
                try:
                    rgba = to_rgba(c)
                except ValueError:
                    continue
                if rgba[3] > 0:
                    used.add(to_hex(rgba[:3]))
            said = meaning_of(artist)
            name = f"axes {k}: {type(artist).__name__} {artist.get_label()!r}"
            for hexa in sorted(used):
                meaning = by_colour.get(hexa)
                if meaning is None or meaning == said or (hexa == paper and not line_like):
                    continue
                problems.append(f"{name} uses the colour of {meaning!r} ({hexa}) but is marked {said!r}")
            if said is not None and colour(said).lower() not in used:
                problems.append(f"{name} is marked {said!r} but not drawn in its colour {colour(said)}")
    return problems


def _slug(meaning: str) -> str:
    return meaning.replace(" ", "-")


def _flatten(artists: Any) -> Iterator[Any]:
    if hasattr(artists, "set_gid"):
        yield artists
        return
    for item in artists:
        yield from _flatten(item)


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
    return (
        {"color": c, "hatch": h, "edgecolor": PLAIN["outline"], "linewidth": 0.6}
        for c, h in cycle(zip(COLORS, HATCHES))
    )


def pair_bars(ax: Axes, labels: Any, first: Any, second: Any, names: tuple[str, str], *, width: float = 0.38) -> None:
    """Grouped bars comparing two series per category: the first in the look of "no insurance"
    (e.g. the Nash equilibrium without cover), the second in that of "insurance" (e.g. the
    mechanism's social optimum)."""
    import numpy as np

    x = np.arange(len(labels))
    for offset, values, name, meaning in (
        (-width / 2, first, names[0], "no insurance"),
        (width / 2, second, names[1], "insurance"),
    ):
        ax.bar(x + offset, values, width, label=name, **look(meaning), edgecolor=PLAIN["outline"], linewidth=0.6)
    ax.set_xticks(x, [str(label) for label in labels])
    legend_above(ax, ncols=2)


def legend_above(ax: Axes, *, ncols: int = 2, **kwargs: Any) -> Any:
    """The axes' legend in a row above the plotting area, where it cannot cover data
    (constrained layout makes room for it)."""
    return ax.legend(
        loc="lower left", bbox_to_anchor=(0.0, 1.01, 1.0, 0.1), mode="expand", ncols=ncols, borderaxespad=0.0, **kwargs
    )
