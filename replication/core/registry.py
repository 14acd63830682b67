"""Registries of the papers' figures, tables and claims.

Every figure, table and claim of the replication is registered exactly once, by a
decorator next to the function that makes it.  The CLI, the book chapters, the claims
ledger, the figure index and the README map all read these registries, so nothing is
listed twice.

Ids have the form ``<paper>:<kind>_<label>``, e.g. ``shim2012:figure_3``,
``naghizadeh2014:theorem_2`` or ``ogut2005:result_4``.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

from matplotlib.figure import Figure

from replication.core.papers import PAPERS

REPRODUCED = "reproduced"
CAVEAT = "reproduced with caveat"
NOT_REPRODUCED = "not reproduced"
STATUSES = (REPRODUCED, CAVEAT, NOT_REPRODUCED)

_ID = re.compile(r"^(?P<paper>[a-z][a-z0-9]*):(?P<label>[a-z0-9][a-z0-9_]*)$")


class UnknownIdError(KeyError):
    """Raised when an id is not registered; the message lists the valid ids."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


@dataclass(frozen=True)
class FigureData:
    """What a figure function returns: the figure and the data drawn in it.

    ``data`` maps column names to equal-length sequences (long format where a figure
    has several panels or curves); it is written next to the figure as CSV.
    """

    figure: Figure
    data: Mapping[str, Sequence[Any]]

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
                raise ValueError(
                    f"table row has {len(row)} cells but there are {len(self.columns)} columns: {row!r}")


@dataclass(frozen=True)
class ClaimResult:
    """Outcome of a claim's check.

    ``status`` is one of :data:`STATUSES`; ``summary`` is one sentence of evidence in
    words with the numbers; ``evidence`` holds the numbers themselves (JSON-serialisable:
    counts of grid points checked, residuals, the counterexample).
    """

    status: str
    summary: str
    evidence: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if not self.summary.strip():
            raise ValueError("a claim result needs a summary of its evidence")


@dataclass(frozen=True)
class _Entry:
    """What every registered item shares: its id, the chapter showing it, its function."""

    id: str
    chapter: str
    func: Callable[[], Any]

    @property
    def paper(self) -> str:
        return paper_of(self.id)

    def _call(self, kind: type) -> Any:
        """Call the function and check it returned a ``kind``."""
        out = self.func()
        if not isinstance(out, kind):
            raise TypeError(f"{self.id}: expected the function to return {kind.__name__}, "
                            f"got {type(out).__name__}")
        return out


@dataclass(frozen=True)
class _Numbered(_Entry):
    """A figure or table: it carries the paper's own number and a caption."""

    number: str = ""
    caption: str = ""

    @property
    def title(self) -> str:
        """Caption prefixed with the paper and its own number."""
        return f"{PAPERS[self.paper].short} {self.number}. {self.caption}"


@dataclass(frozen=True)
class FigureEntry(_Numbered):
    alt: str = ""

    def make(self) -> FigureData:
        return self._call(FigureData)


@dataclass(frozen=True)
class TableEntry(_Numbered):
    def make(self) -> Table:
        return self._call(Table)


@dataclass(frozen=True)
class ClaimEntry(_Entry):
    label: str = ""
    statement: str = ""

    def check(self) -> ClaimResult:
        return self._call(ClaimResult)


Entry = FigureEntry | TableEntry | ClaimEntry


def paper_of(entry_id: str) -> str:
    """The paper key of an id such as ``shim2012:figure_3``."""
    match = _ID.match(entry_id)
    if match is None:
        raise ValueError(f"malformed id {entry_id!r}: expected '<paper>:<label>', e.g. 'shim2012:figure_3'")
    return match["paper"]


def check_columns(data: Mapping[str, Sequence[Any]]) -> None:
    """Raise unless ``data`` is a non-empty mapping of equal-length columns."""
    if not data:
        raise ValueError("figure data must have at least one column")
    lengths = {name: len(col) for name, col in data.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"figure data columns must have equal lengths, got {lengths}")


class Registry:
    """Figures, tables and claims by id.  Entries are added with the decorators."""

    def __init__(self, known_papers: Mapping[str, Any] = PAPERS) -> None:
        self._papers = known_papers
        self.figures: dict[str, FigureEntry] = {}
        self.tables: dict[str, TableEntry] = {}
        self.claims: dict[str, ClaimEntry] = {}

    # -- registration -------------------------------------------------------------
    def _add(self, store: dict[str, Any], entry: Entry) -> None:
        paper = paper_of(entry.id)
        if paper not in self._papers:
            raise ValueError(f"{entry.id}: unknown paper {paper!r}; known: {sorted(self._papers)}")
        if entry.id in self.figures or entry.id in self.tables or entry.id in self.claims:
            raise ValueError(f"{entry.id} is registered twice")
        store[entry.id] = entry

    def figure(self, id: str, *, number: str, caption: str, alt: str, chapter: str
               ) -> Callable[[Callable[[], FigureData]], Callable[[], FigureData]]:
        """Register a figure function (``number`` is the paper's own, e.g. ``"Figure 3"``)."""
        def decorate(func: Callable[[], FigureData]) -> Callable[[], FigureData]:
            self._add(self.figures, FigureEntry(id, chapter, func, number=number, caption=caption, alt=alt))
            return func
        return decorate

    def table(self, id: str, *, number: str, caption: str, chapter: str
              ) -> Callable[[Callable[[], Table]], Callable[[], Table]]:
        """Register a table function (``number`` is the paper's own, e.g. ``"Table 1"``)."""
        def decorate(func: Callable[[], Table]) -> Callable[[], Table]:
            self._add(self.tables, TableEntry(id, chapter, func, number=number, caption=caption))
            return func
        return decorate

    def claim(self, id: str, *, label: str, statement: str, chapter: str
              ) -> Callable[[Callable[[], ClaimResult]], Callable[[], ClaimResult]]:
        """Register a claim check (``label`` is the paper's, e.g. ``"Proposition 3"``)."""
        def decorate(func: Callable[[], ClaimResult]) -> Callable[[], ClaimResult]:
            self._add(self.claims, ClaimEntry(id, chapter, func, label=label, statement=statement))
            return func
        return decorate

    # -- lookup -------------------------------------------------------------------
    def kind(self, kind: str) -> dict[str, Any]:
        """The store for ``kind`` in {'figures', 'tables', 'claims'}."""
        stores = {"figures": self.figures, "tables": self.tables, "claims": self.claims}
        if kind not in stores:
            raise ValueError(f"kind must be one of {sorted(stores)}, got {kind!r}")
        return stores[kind]

    def get(self, entry_id: str, kind: str | None = None) -> Any:
        """The entry with ``entry_id``; an :class:`UnknownIdError` lists the valid ids."""
        kinds = [kind] if kind else ["figures", "tables", "claims"]
        for k in kinds:
            if entry_id in self.kind(k):
                return self.kind(k)[entry_id]
        valid = sorted(i for k in kinds for i in self.kind(k))
        raise UnknownIdError(f"unknown id {entry_id!r}; valid ids are: {', '.join(valid) or '(none registered)'}")

    def sorted(self, kind: str) -> list[Any]:
        """Entries of ``kind`` in paper order, then in natural id order (figure_2 < figure_10)."""
        order = {key: i for i, key in enumerate(self._papers)}
        return sorted(self.kind(kind).values(), key=lambda e: (order[e.paper], natural_key(e.id)))

    def __iter__(self) -> Iterator[Entry]:
        for kind in ("figures", "tables", "claims"):
            yield from self.sorted(kind)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders embedded integers numerically."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


REGISTRY = Registry()
figure = REGISTRY.figure
table = REGISTRY.table
claim = REGISTRY.claim

_KINDS = ("figures", "tables", "claims")


def load_all(registry: Registry = REGISTRY) -> Registry:
    """Import the registering modules of every paper package.

    These are the modules named ``figures``, ``tables`` or ``claims``, or starting with
    ``figures_``, ``tables_`` or ``claims_`` (a paper may split them by chapter).
    """
    for paper in PAPERS:
        spec = importlib.util.find_spec(f"replication.{paper}")
        if spec is None or spec.submodule_search_locations is None:
            continue
        for info in sorted(pkgutil.iter_modules(spec.submodule_search_locations), key=lambda m: m.name):
            if info.name in _KINDS or info.name.startswith(tuple(f"{k}_" for k in _KINDS)):
                importlib.import_module(f"replication.{paper}.{info.name}")
    return registry
