"""Schematic diagrams drawn with matplotlib: boxes, labelled or signed arrows, node-link
layouts.  Generic: no paper content.

A :class:`Diagram` wraps an axes from :func:`replication.drawing.style.new_figure`, turns
its frame off and keeps a record of what it drew, so that a schematic figure can return
its nodes and edges as data (:meth:`Diagram.data`, equal-length columns for
``FigureData``).

    fig, ax = new_figure(figsize=(6, 3))
    d = Diagram(ax, xlim=(0, 10), ylim=(0, 4))
    d.node("a", "Investment", (2, 2))
    d.node("b", "Breach\\nprobability", (7, 2))
    d.edge("a", "b", sign="-")
    FigureData(fig, d.data())
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Patch

from replication.drawing.style import PLAIN, colour, mark

#: Arrow line styles by name (solid: an effect; dashed: information; dotted: a possibility).
LINESTYLES = {"solid": "-", "dashed": "--", "dotted": ":"}
#: Shapes a node can take.
SHAPES = ("box", "round", "ellipse")


class _PatchStyle(TypedDict):
    """How a node's shape is drawn (keyword arguments of the patch)."""

    facecolor: str
    edgecolor: str
    hatch: str
    linewidth: float
    zorder: float


@dataclass(frozen=True)
class Node:
    """A labelled shape centred at (x, y) with width w and height h (data units)."""

    name: str
    text: str
    x: float
    y: float
    w: float
    h: float
    shape: str = "round"
    group: str = ""

    def boundary(self, toward: tuple[float, float], pad: float = 0.0) -> tuple[float, float]:
        """Where the segment from the centre to ``toward`` leaves the node (plus ``pad``)."""
        dx, dy = toward[0] - self.x, toward[1] - self.y
        if dx == 0 and dy == 0:
            return self.x, self.y
        a, b = self.w / 2 + pad, self.h / 2 + pad
        if self.shape == "ellipse":
            t = 1.0 / math.sqrt((dx / a) ** 2 + (dy / b) ** 2)
        else:
            t = min(a / abs(dx) if dx else math.inf, b / abs(dy) if dy else math.inf)
        return self.x + t * dx, self.y + t * dy


@dataclass(frozen=True)
class Edge:
    """An arrow from ``source`` to ``target`` with an optional label and sign ('+' or '-')."""

    source: str
    target: str
    label: str = ""
    sign: str = ""
    style: str = "solid"


class Diagram:
    """Nodes and arrows on one axes, remembered for the figure's data."""

    def __init__(
        self, ax: Axes, *, xlim: tuple[float, float], ylim: tuple[float, float], fontsize: float = 9.0
    ) -> None:
        self.ax = ax
        self.fontsize = fontsize
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal")
        ax.axis("off")

    # -- nodes ---------------------------------------------------------------------
    def node(
        self,
        name: str,
        text: str,
        xy: tuple[float, float],
        *,
        size: tuple[float, float] = (2.2, 0.9),
        shape: str = "round",
        color: str = PLAIN["white"],
        edgecolor: str = PLAIN["outline"],
        hatch: str = "",
        group: str = "",
        fontsize: float | None = None,
        bold: bool = False,
        meaning: str | None = None,
    ) -> Node:
        """Draw a node (``shape`` in :data:`SHAPES`) and remember it under ``name``.

        ``meaning`` (a key of :data:`replication.drawing.style.CONVENTIONS`) fills the node with a
        light tint of that meaning's colour instead of ``color`` and marks it with the meaning;
        raises ``KeyError`` for an unknown meaning.
        """
        if name in self.nodes:
            raise ValueError(f"node {name!r} is already in the diagram")
        if shape not in SHAPES:
            raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")
        w, h = size
        if w <= 0 or h <= 0:
            raise ValueError(f"node size must be positive, got {size}")
        x, y = xy
        if meaning is not None:
            color = colour(meaning) + "55"
        style = _PatchStyle(facecolor=color, edgecolor=edgecolor, hatch=hatch, linewidth=1.0, zorder=2)
        patch: Patch
        if shape == "ellipse":
            patch = Ellipse((x, y), w, h, **style)
        else:
            box = "round,pad=0,rounding_size=0.15" if shape == "round" else "square,pad=0"
            patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=box, **style)
        self.ax.add_patch(patch)
        if meaning is not None:
            mark(patch, meaning)
        self.ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            zorder=3,
            fontsize=fontsize or self.fontsize,
            fontweight="bold" if bold else "normal",
            wrap=False,
        )
        node = Node(name, text, float(x), float(y), float(w), float(h), shape, group)
        self.nodes[name] = node
        return node

    def nodes_on_circle(
        self,
        names_texts: list[tuple[str, str]],
        center: tuple[float, float],
        radius: float,
        *,
        start_deg: float = 90.0,
        **node_kw: Any,
    ) -> list[Node]:
        """Place nodes evenly on a circle, clockwise from ``start_deg`` (a causal-loop layout)."""
        pts = circle_layout(len(names_texts), center, radius, start_deg=start_deg)
        return [self.node(n, t, xy, **node_kw) for (n, t), xy in zip(names_texts, pts)]

    # -- edges ---------------------------------------------------------------------
    def edge(
        self,
        source: str,
        target: str,
        *,
        label: str = "",
        sign: str = "",
        style: str = "solid",
        curve: float = 0.0,
        color: str = PLAIN["outline"],
        label_offset: float = 0.25,
        width: float = 1.3,
    ) -> Edge:
        """Draw an arrow between two nodes, clipped at their outlines.

        ``sign`` ('+' or '-') is printed in a circle at the arrow's middle (causal-loop
        polarity); ``label`` is written beside it; ``curve`` bends the arrow (arc3 radius).
        """
        for name in (source, target):
            if name not in self.nodes:
                raise ValueError(f"unknown node {name!r}; nodes are {sorted(self.nodes)}")
        if sign not in ("", "+", "-"):
            raise ValueError(f"sign must be '', '+' or '-', got {sign!r}")
        if style not in LINESTYLES:
            raise ValueError(f"style must be one of {sorted(LINESTYLES)}, got {style!r}")
        a, b = self.nodes[source], self.nodes[target]
        start, end = a.boundary((b.x, b.y), pad=0.05), b.boundary((a.x, a.y), pad=0.05)
        self.ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=12,
                linewidth=width,
                color=color,
                linestyle=LINESTYLES[style],
                connectionstyle=f"arc3,rad={curve}",
                zorder=1,
            )
        )
        mid = arc_midpoint(start, end, curve)
        if sign:
            self.ax.text(
                *mid,
                "+" if sign == "+" else "\u2212",
                ha="center",
                va="center",
                zorder=4,
                fontsize=self.fontsize + 1,
                fontweight="bold",
                bbox=dict(boxstyle="circle,pad=0.15", facecolor=PLAIN["white"], edgecolor=color),
            )
        if label:
            nx, ny = normal(start, end)
            side = -1.0 if curve > 0 else 1.0
            self.ax.text(
                mid[0] + side * nx * label_offset,
                mid[1] + side * ny * label_offset,
                label,
                ha="center",
                va="center",
                fontsize=self.fontsize - 1,
                style="italic",
                zorder=4,
                bbox=dict(boxstyle="round,pad=0.1", facecolor=PLAIN["white"], edgecolor="none", alpha=0.85),
            )
        edge = Edge(source, target, label, sign, style)
        self.edges.append(edge)
        return edge

    def chain(self, names: list[str], **edge_kw: Any) -> list[Edge]:
        """Arrows joining consecutive nodes: names[0] -> names[1] -> ..."""
        return [self.edge(a, b, **edge_kw) for a, b in zip(names[:-1], names[1:])]

    def note(self, xy: tuple[float, float], text: str, **text_kw: Any) -> None:
        """Free text (a stage title, a legend line) that is not a node."""
        self.ax.text(
            *xy,
            text,
            ha=text_kw.pop("ha", "center"),
            va=text_kw.pop("va", "center"),
            fontsize=text_kw.pop("fontsize", self.fontsize),
            **text_kw,
        )

    # -- data ----------------------------------------------------------------------
    def data(self) -> dict[str, list[Any]]:
        """Nodes and edges in long format: one row per node, then one per edge."""
        rows = [
            ("node", n.name, n.text.replace("\n", " "), n.group, "", "", "", "", n.x, n.y) for n in self.nodes.values()
        ]
        rows += [
            (
                "edge",
                f"{e.source}->{e.target}",
                e.label.replace("\n", " "),
                "",
                e.source,
                e.target,
                e.sign,
                e.style,
                math.nan,
                math.nan,
            )
            for e in self.edges
        ]
        columns = ("element", "name", "text", "group", "source", "target", "sign", "style", "x", "y")
        return {c: [row[i] for row in rows] for i, c in enumerate(columns)}


def circle_layout(
    n: int, center: tuple[float, float], radius: float, *, start_deg: float = 90.0
) -> list[tuple[float, float]]:
    """``n`` points evenly spaced on a circle, clockwise from ``start_deg``."""
    if n < 1:
        raise ValueError(f"need at least one point, got n = {n}")
    if radius <= 0:
        raise ValueError(f"radius must be > 0, got {radius}")
    angles = np.deg2rad(start_deg - 360.0 * np.arange(n) / n)
    return [(center[0] + radius * math.cos(t), center[1] + radius * math.sin(t)) for t in angles]


def row_layout(n: int, y: float, x0: float, x1: float) -> list[tuple[float, float]]:
    """``n`` points evenly spaced on the horizontal segment from x0 to x1 at height y."""
    if n < 1:
        raise ValueError(f"need at least one point, got n = {n}")
    xs = [0.5 * (x0 + x1)] if n == 1 else list(np.linspace(x0, x1, n))
    return [(float(x), float(y)) for x in xs]


def normal(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    """Unit vector perpendicular (to the left) of the segment start -> end."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    return -dy / length, dx / length


def arc_midpoint(start: tuple[float, float], end: tuple[float, float], curve: float) -> tuple[float, float]:
    """Midpoint of matplotlib's ``arc3`` connection with radius ``curve``."""
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    dx, dy = end[0] - start[0], end[1] - start[1]
    # arc3 puts the control point at mid + rad * (dy, -dx); the curve passes halfway to it.
    return mx + curve * dy / 2, my - curve * dx / 2
