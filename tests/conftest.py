"""Shared fixtures: a registry of test-only entries (never placeholders in the book)."""

from __future__ import annotations

import numpy as np
import pytest

from replication.drawing.style import new_figure
from replication.ledger import CAVEAT, NOT_REPRODUCED, REPRODUCED, ClaimResult, FigureData, Registry, Table


@pytest.fixture
def registry() -> Registry:
    reg = Registry()

    @reg.figure(
        "shim2012:figure_2", number="Figure 2", caption="A parabola.", alt="y rises as x squared", chapter="book/test"
    )
    def parabola() -> FigureData:
        fig, ax = new_figure()
        x = np.linspace(0.0, 1.0, 11)
        ax.plot(x, x**2)
        return FigureData(fig, {"x": x, "y": x**2})

    @reg.figure(
        "shim2012:figure_10", number="Figure 10", caption="Two lines.", alt="b lies above a", chapter="book/test"
    )
    def lines() -> FigureData:
        fig, ax = new_figure()
        ax.plot([0, 1], [0, 1], label="a")
        ax.plot([0, 1], [1, 2], label="b")
        ax.legend()
        return FigureData(fig, {"x": [0, 1], "a": [0, 1], "b": [1, 2]})

    @reg.table("ogut2005:table_regions", number="Exhibit", caption="A table.", chapter="book/test")
    def regions() -> Table:
        return Table(
            ("region", "z"),
            (("1", 0.25), ("2|x", 1.0 / 3.0)),
            latex=r"\begin{tabular}{ll}\end{tabular}",
            notes=("a note",),
        )

    for i, status in enumerate((REPRODUCED, CAVEAT, NOT_REPRODUCED), start=1):

        @reg.claim(
            f"naghizadeh2014:theorem_{i}",
            label=f"Theorem {i}",
            statement=f"Statement {i}.",
            chapter="book/test",
            location=f"Section {i}",
            contrast="the opposite sign",
            quantifier="all",
            failure_kind="substantive",
        )
        def check(contrast: bool = False, status: str = status, i: int = i) -> ClaimResult:
            if contrast:
                status = REPRODUCED if status == NOT_REPRODUCED else NOT_REPRODUCED
            return ClaimResult(
                status,
                f"evidence {i}",
                {"points": np.int64(i), "gap": np.float64(0.5)},
                checked_over=f"{i} points",
                repair="an added condition" if status == CAVEAT else "",
            )

    return reg


#: A module of one's own: a paper, a claim with a contrast case and a figure with parameters.
OWN_MODULE = """
import numpy as np

from replication import ClaimResult, FigureData, claim, figure, register_paper
from replication.drawing.style import new_figure

register_paper("doe2024", short="Doe (2024)", citation="Doe, J. (2024). A model.", part="Doe 2024")

LIMIT = 1.0


@claim(
    "doe2024:proposition_1",
    label="Proposition 1",
    statement="x squared stays below 1 for x in [0, 1).",
    quantifier="all",
    contrast="x in [1, 2)",
    failure_kind="domain",
)
def proposition_1(contrast: bool = False) -> ClaimResult:
    x = np.linspace(1.0, 1.98, 50) if contrast else np.linspace(0.0, 0.98, 50)
    bad = int(np.sum(x**2 >= LIMIT))
    status = "not reproduced" if bad else "reproduced"
    return ClaimResult(status, f"{bad} of {x.size} points fail", {"failures": bad}, checked_over=f"{x.size} points")


@figure(
    "doe2024:figure_1",
    number="Figure 1",
    caption="The curve $x^{{p}}$ for p = {power:g}, up to x = {top:g}.",
    alt="A curve rising from 0 to {top:g}.",
)
def figure_1(power: float = 2.0, top: float = 1.0, points: int = 11) -> FigureData:
    fig, ax = new_figure()
    x = np.linspace(0.0, top, points)
    ax.plot(x, x**power)
    return FigureData(fig, {"x": x, "y": x**power})
"""


@pytest.fixture
def own_module(tmp_path, monkeypatch):
    """The file of :data:`OWN_MODULE` in ``tmp_path`` (with the result cache there too); the
    papers and entries it registers are removed again afterwards."""
    from replication.ledger.papers import PAPERS
    from replication.ledger.registry import REGISTRY, load_all

    load_all()  # the package's own entries stay registered after the test
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REPLICATION_CACHE", raising=False)
    papers = dict(PAPERS)
    stores = [dict(s) for s in (REGISTRY.figures, REGISTRY.tables, REGISTRY.claims)]
    path = tmp_path / "doe2024.py"
    path.write_text(OWN_MODULE)
    yield path
    PAPERS.clear()
    PAPERS.update(papers)
    for store, saved in zip((REGISTRY.figures, REGISTRY.tables, REGISTRY.claims), stores):
        store.clear()
        store.update(saved)
