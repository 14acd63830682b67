"""One colour per meaning: the semantic colours of ``replication.drawing.style`` mean one thing."""

from __future__ import annotations

import pytest

from replication.drawing.style import (
    COLORS,
    CONVENTIONS,
    PLAIN,
    colour,
    colour_misuses,
    look,
    mark,
    meaning_of,
    new_figure,
)
from replication.ledger.registry import REGISTRY, load_all

#: The series colours before meanings were kept apart: blue and vermillion first.
_OLD_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def _meaning_colours() -> set[str]:
    return {c["color"].lower() for c in CONVENTIONS.values()}


def test_series_and_plain_colours_hold_no_meaning():
    assert not {c.lower() for c in COLORS} & _meaning_colours()
    assert not {c.lower() for name, c in PLAIN.items() if name != "outline"} & _meaning_colours()
    assert len(COLORS) == len(set(COLORS))


def test_look_and_mark_name_the_meaning():
    assert colour("insurance") == "#0072B2" and look("pays")["hatch"] == "\\\\"
    fig, ax = new_figure()
    (line,) = ax.plot([0, 1], [0, 1], color=colour("receives"))
    assert meaning_of(line) is None
    mark(line, "receives")
    assert meaning_of(line) == "receives"
    with pytest.raises(KeyError, match="meaning must be one of"):
        look("insured")


def test_colour_misuses_flags_a_meaning_colour_used_for_something_else():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], color=colour("insurance"), label="firm 1")  # a series that is not insurance
    ax.plot([0, 1], [1, 0], color=colour("paper"), label="a guide line")  # black means the paper's value
    mark(ax.plot([0, 1], [2, 2], color=colour("pays"), label="marked wrongly"), "receives")
    ax.fill_between([0, 1], [0, 0], [1, 1], color=colour("no insurance") + "33", label="a tint")
    problems = colour_misuses(fig)
    assert len(problems) == 5, problems
    assert any("'firm 1' uses the colour of 'insurance'" in p for p in problems)
    assert any("'a guide line' uses the colour of 'paper'" in p for p in problems)
    assert any("'marked wrongly' uses the colour of 'pays'" in p for p in problems)
    assert any("'marked wrongly' is marked 'receives' but not drawn in its colour" in p for p in problems)
    assert any("'a tint' uses the colour of 'no insurance'" in p for p in problems)


def test_colour_misuses_accepts_marked_artists_and_black_outlines():
    fig, ax = new_figure()
    mark(ax.bar([0, 1], [1, 2], **look("insurance"), edgecolor=PLAIN["outline"]), "insurance")
    mark(ax.axhline(1.5, color=colour("paper")), "paper")
    ax.plot([0, 1], [0, 1], color=COLORS[0])
    ax.axhline(0.0, color=PLAIN["ink"])
    assert colour_misuses(fig) == []


def test_every_registered_figure_keeps_one_colour_per_meaning():
    load_all()
    figures = REGISTRY.sorted("figures")
    assert len(figures) > 30
    misuses = {entry.id: colour_misuses(entry.make().figure) for entry in figures}
    assert {k: v for k, v in misuses.items() if v} == {}


@pytest.mark.parametrize(
    ("module", "name", "value", "figure_id"),
    [
        ("replication.ogut2005.exhibits.figures", "COLORS", _OLD_COLORS, "ogut2005:figure_reaction_curves"),
        ("replication.shim2012.exhibits.figures", "PLAIN", {**PLAIN, "actor": "#D55E00"}, "shim2012:figure_1"),
    ],
)
def test_the_figure_check_fails_on_a_mutated_palette(monkeypatch, module, name, value, figure_id):
    """The check is not vacuous: the old series colours, or the adversary drawn in the colour of
    "no insurance", make a real figure fail it."""
    import importlib

    load_all()
    monkeypatch.setattr(importlib.import_module(module), name, value)
    problems = colour_misuses(REGISTRY.get(figure_id).make().figure)
    assert problems and all("uses the colour of" in p for p in problems)


def test_saving_a_constrained_figure_as_png_then_svg_warns_nothing(tmp_path):
    """Matplotlib's spurious "constrained_layout not applied" on the SVG pass after the PNG one is
    not shown to a user of the command line; the SVG keeps the PNG pass's layout."""
    import warnings

    from replication.drawing.output import save_figure

    load_all()
    figure = REGISTRY.get("naghizadeh2014:figure_1").make().figure
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png, svg = save_figure(figure, tmp_path / "figure")
    assert png.stat().st_size > 0 and svg.read_text().lstrip().startswith("<?xml")
    axes = figure.axes[0].get_position()
    assert 0.0 < axes.x0 < axes.x1 < 1.0 and 0.0 < axes.y0 < axes.y1 < 1.0
