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
