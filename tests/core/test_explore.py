"""The chapters' Explore entries: every call runs as printed, every range is enforced."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from replication.core.explore import Exploration, Knob, explorations, explore, explore_markdown
from replication.core.papers import PAPERS
from tools.toc import chapters

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = explorations()


def test_every_paper_chapter_has_an_exploration():
    paper_chapters = [d for d in chapters() if d.split("/")[1] in PAPERS]
    assert len(paper_chapters) >= 10
    assert sorted(paper_chapters) == sorted({e.chapter for e in ENTRIES})


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.chapter)
def test_the_call_runs_as_printed_and_its_knobs_are_its_parameters(entry: Exploration):
    assert entry.run() is not None
    parameters = inspect.signature(entry.resolve()).parameters
    assert set(entry.arguments) <= set(parameters), f"{entry.function} has no {set(entry.arguments) - set(parameters)}"
    assert entry.knobs


@pytest.mark.parametrize(
    "entry, knob",
    [(e, k) for e in ENTRIES for k in e.knobs],
    ids=lambda x: x.name if isinstance(x, Knob) else x.chapter,
)
def test_a_value_outside_the_printed_range_is_refused(entry: Exploration, knob: Knob):
    with pytest.raises(ValueError):
        entry.run(**{knob.name: knob.outside})


def test_explore_renders_the_call_and_every_knob():
    text = explore_markdown("book/shim2012/insurance")
    entry = next(e for e in ENTRIES if e.chapter == "book/shim2012/insurance")
    assert "from replication.shim2012 import equilibrium" in text and entry.source() in text
    for knob in entry.knobs:
        assert f"| `{knob.name}` |" in text and knob.valid in text
    assert explore("book/shim2012/insurance").data == text


def test_explore_names_the_valid_chapters_for_an_unknown_one():
    with pytest.raises(ValueError, match="book/shim2012/insurance"):
        explore_markdown("book/shim2012/nowhere")


def test_a_knob_must_be_one_of_the_arguments():
    with pytest.raises(ValueError, match="knobs"):
        Exploration("book/x", "math.sqrt", {"x": "2.0"}, "a number", (Knob("y", "", "", "0"),))


def test_add_cells_puts_the_section_before_whats_next_once(tmp_path):
    import nbformat

    from replication.core.explore import add_cells

    path = tmp_path / "book" / "shim2012" / "insurance.ipynb"
    path.parent.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_markdown_cell("## What's next\n\nOn.")]
    )
    nbformat.write(nb, path)
    assert add_cells(path, root=tmp_path)
    cells = nbformat.read(path, as_version=4).cells
    assert [c.source.splitlines()[0] for c in cells] == [
        "# Title",
        "## Explore",
        "from replication.core.explore import explore",
        "## What's next",
    ]
    assert cells[2].source.endswith('explore("book/shim2012/insurance")')
    assert cells[2].metadata["tags"] == ["hide-input"]
    assert not add_cells(path, root=tmp_path)
    assert len(nbformat.read(path, as_version=4).cells) == 4
