"""What the book's chapters call: show a registered figure or table, check claims, and
the generated pages (claims ledger, figure and table index, README map).

Chapters never compute anything themselves; they call these helpers and the paper
packages.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from IPython.display import Markdown
from matplotlib.figure import Figure

from replication.core.cache import cached
from replication.core.output import DPI, PNG_METADATA, file_stem
from replication.core.papers import PAPERS
from replication.core.registry import (
    REGISTRY,
    STATUSES,
    ClaimEntry,
    ClaimResult,
    FigureData,
    Registry,
    Table,
    load_all,
)


def figure_data(entry_id: str, registry: Registry = REGISTRY) -> FigureData:
    """Make the registered figure ``entry_id`` and return it with its data."""
    load_all(registry)
    return registry.get(entry_id, "figures").make()


@dataclass(frozen=True)
class ShownFigure:
    """A registered figure as a cell output: a PNG for the page, its id as text.

    Figures are made without pyplot (no global state), so IPython has no formatter for
    them; this wrapper renders the PNG itself, with the same fixed settings as the files
    the CLI writes.
    """

    entry_id: str
    figure: Figure
    data: Mapping[str, Sequence[Any]]

    def _repr_png_(self) -> bytes:
        buffer = BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
        return buffer.getvalue()

    def __repr__(self) -> str:
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return f"<{self.entry_id}: figure {width:.0f}x{height:.0f}>"


def show_figure(entry_id: str, registry: Registry = REGISTRY) -> ShownFigure:
    """The registered figure, for display as a cell's output (``.figure``, ``.data``).

    Its caption and alt text come from the registry: ``python -m replication.core.notebooks``
    copies them into the cell's ``mystnb`` metadata, and a test checks they are in step.
    """
    made = figure_data(entry_id, registry)
    return ShownFigure(entry_id, made.figure, made.data)


def table_of(entry_id: str, registry: Registry = REGISTRY) -> Table:
    """Make the registered table ``entry_id``; raises KeyError for an unknown id."""
    load_all(registry)
    return registry.get(entry_id, "tables").make()


def show_table(entry_id: str, registry: Registry = REGISTRY) -> Markdown:
    """A registered table as Markdown, titled with the paper's own table number."""
    from replication.core.output import table_markdown

    load_all(registry)
    entry = registry.get(entry_id, "tables")
    return Markdown(table_markdown(entry.make(), entry.title))


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Markdown:
    """An ad hoc table of a chapter (not a paper's exhibit) as Markdown, one row per item.

    Cells are written as :func:`replication.core.output.table_markdown` writes a registered
    table's.  Raises ValueError when a row's length differs from the number of columns.
    """
    from replication.core.output import table_markdown

    return Markdown(table_markdown(Table(tuple(columns), tuple(tuple(r) for r in rows))))


def check(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check, memoised on disk (keyed on the package's source)."""
    return cached("claim", {"id": entry.id}, entry.check)


def check_contrast(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check on its contrast case, memoised like :func:`check`."""
    return cached("claim-contrast", {"id": entry.id}, entry.check_contrast)


def check_claims(ids: Iterable[str] | None = None, *, paper: str | None = None,
                 registry: Registry = REGISTRY) -> dict[str, ClaimResult]:
    """Results of the given claims (default: all, or all of ``paper``), in ledger order."""
    load_all(registry)
    entries = [registry.get(i, "claims") for i in ids] if ids is not None else registry.sorted("claims")
    return {e.id: check(e) for e in entries if paper is None or e.paper == paper}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def claims_table(ids: Iterable[str] | None = None, *, paper: str | None = None,
                 registry: Registry = REGISTRY) -> Markdown:
    """Claim, status and evidence as a Markdown table (a chapter's closing table)."""
    results = check_claims(ids, paper=paper, registry=registry)
    lines = ["| claim | statement | status | evidence |", "|---|---|---|---|"]
    for entry_id, result in results.items():
        entry = registry.get(entry_id, "claims")
        lines.append(f"| {_cell(entry.label)} | {_cell(entry.statement)} | **{result.status}** "
                     f"| {_cell(result.summary)} |")
    return Markdown("\n".join(lines) + "\n")


def status_counts(results: dict[str, ClaimResult]) -> dict[str, int]:
    """How many of ``results`` have each status, in the order of ``STATUSES`` (zeros included)."""
    counts = Counter(r.status for r in results.values())
    return {status: counts.get(status, 0) for status in STATUSES}


def ledger_markdown(registry: Registry = REGISTRY) -> str:
    """The claims ledger: every claim grouped by paper, with counts by status."""
    results = check_claims(registry=registry)
    total = status_counts(results)
    out = [f"{len(results)} claims checked: "
           + ", ".join(f"{n} {status}" for status, n in total.items()) + ".", ""]
    for key, paper in PAPERS.items():
        mine = {i: r for i, r in results.items() if registry.get(i, "claims").paper == key}
        if not mine:
            continue
        counts = status_counts(mine)
        out += [f"### {paper.short}", "",
                f"{len(mine)} claims: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".", "",
                "| id | claim | statement | status | evidence |", "|---|---|---|---|---|"]
        for entry_id, result in mine.items():
            entry = registry.get(entry_id, "claims")
            out.append(f"| `{entry_id}` | {_cell(entry.label)} | {_cell(entry.statement)} "
                       f"| **{result.status}** | {_cell(result.summary)} |")
        out.append("")
    return "\n".join(out)


def index_rows(registry: Registry = REGISTRY) -> list[tuple[str, str, str, str, str]]:
    """(paper's number, id, chapter, function, output files) for every figure and table."""
    load_all(registry)
    rows = []
    for kind, suffixes in (("figures", ".png/.svg/.csv"), ("tables", ".csv/.md")):
        for entry in registry.sorted(kind):
            func = f"{entry.func.__module__}.{entry.func.__qualname__}"
            rows.append((f"{PAPERS[entry.paper].short} {entry.number}", entry.id, entry.chapter,
                         func, f"{file_stem(entry.id)}{suffixes}"))
    return rows


def index_markdown(*, link_chapters: bool, registry: Registry = REGISTRY) -> str:
    """The figure and table map as a Markdown table.

    With ``link_chapters`` the chapter column is a MyST ``{doc}`` link (for the book);
    without, the chapter's path (for the README).
    """
    lines = ["| paper's exhibit | id | chapter | function | output files |", "|---|---|---|---|---|"]
    for number, entry_id, chapter, func, files in index_rows(registry):
        where = f"{{doc}}`/{chapter}`" if link_chapters else f"`{chapter}.ipynb`"
        lines.append(f"| {number} | `{entry_id}` | {where} | `{func}` | `{files}` |")
    if len(lines) == 2:
        lines.append("| (nothing registered yet) | | | | |")
    return "\n".join(lines) + "\n"
