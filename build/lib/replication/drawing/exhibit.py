"""What a figure or table function returns: a figure with the data drawn in it
(:class:`FigureData`), a regenerated table (:class:`Table`), and the check that figure data
are equal-length columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

#: A column of figure data: a sequence or a one-dimensional array.
Column = Sequence[Any] | NDArray[np.generic]


@dataclass(frozen=True)
class FigureData:
    """What a figure function returns: the figure and the data drawn in it.

    ``data`` maps column names to equal-length sequences (long format where a figure
    has several panels or curves); it is written next to the figure as CSV.
    """

    figure: Figure
    data: Mapping[str, Column]

    def __post_init__(self) -> None:
        if not isinstance(self.figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure, got {type(self.figure).__name__}")
        check_columns(self.data)


@dataclass(frozen=True)
class Table:
    """A regenerated table: header, rows, optional LaTeX rendering and notes.

    ``notes`` are footnotes shown under the table (e.g. where the paper printed a
    cell differently).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    latex: str | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table row has {len(row)} cells but there are {len(self.columns)} columns: {row!r}")


def check_columns(data: Mapping[str, Column]) -> None:
    """Raise unless ``data`` is a non-empty mapping of equal-length columns."""
    if not data:
        raise ValueError("figure data must have at least one column")
    lengths = {name: len(col) for name, col in data.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"figure data columns must have equal lengths, got {lengths}")
