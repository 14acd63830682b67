"""What the book's chapters call: show a registered figure or table, a chapter's claims
table, and the counts and rules of the verdicts.

Chapters never compute anything themselves; they call these helpers and the paper
packages.  The generated pages (the ledger, the findings, the figure index) are
:mod:`replication.ledger.pages`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from IPython.display import Markdown
from matplotlib.figure import Figure

from replication.drawing.output import DPI, PNG_METADATA
from replication.ledger.checks import check_claims
from replication.ledger.markdown import anchor, badge, exhibit_label, kind_badge, md_text, short_statement
from replication.ledger.registry import (
    FAILURE_KINDS,
    NOT_REPRODUCED,
    QUANTIFIERS,
    REGISTRY,
    STATUS_RULE,
    STATUSES,
    ClaimEntry,
    ClaimResult,
    Column,
    FigureData,
    Registry,
    Table,
    load_all,
)


def figure_data(entry_id: str, registry: Registry = REGISTRY, **given: Any) -> FigureData:
    """Make the registered figure ``entry_id`` (at the paper's values, or at ``given``
    parameters) and return it with its data."""
    load_all(registry)
    return registry.get(entry_id, "figures").make(**given)


@dataclass(frozen=True)
class ShownFigure:
    """A registered figure as a cell output: a PNG for the page, its id as text.

    Figures are made without pyplot (no global state), so IPython has no formatter for
    them; this wrapper renders the PNG itself, with the same fixed settings as the files
    the CLI writes.
    """

    entry_id: str
    figure: Figure
    data: Mapping[str, Column]

    def _repr_png_(self) -> bytes:
        buffer = BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
        return buffer.getvalue()

    def __repr__(self) -> str:
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return f"<{self.entry_id}: figure {width:.0f}x{height:.0f}>"


def show_figure(entry_id: str, registry: Registry = REGISTRY) -> ShownFigure:
    """The registered figure, for display as a cell's output (``.figure``, ``.data``).

    Its caption and alt text come from the registry: ``python -m tools.notebooks``
    copies them into the cell's ``mystnb`` metadata, and a test checks they are in step.
    """
    made = figure_data(entry_id, registry)
    return ShownFigure(entry_id, made.figure, made.data)


def show_variant(entry_id: str, registry: Registry = REGISTRY, **given: Any) -> tuple[ShownFigure, Markdown]:
    """A registered figure drawn at other parameters, with its caption rendered at them.

    Not one of the book's numbered figures (those are :func:`show_figure`): a cell shows
    the figure and, below it, the caption stating the values used.  Raises
    :class:`~replication.ledger.registry.UnknownParameterError` for a parameter the figure
    does not take.
    """
    made = figure_data(entry_id, registry, **given)
    caption = registry.get(entry_id, "figures").caption_for(**given)
    return ShownFigure(entry_id, made.figure, made.data), Markdown(f"*{caption}*")


def table_of(entry_id: str, registry: Registry = REGISTRY) -> Table:
    """Make the registered table ``entry_id``; raises KeyError for an unknown id."""
    load_all(registry)
    return registry.get(entry_id, "tables").make()


def show_table(entry_id: str, registry: Registry = REGISTRY) -> Markdown:
    """A registered table as Markdown, titled with the paper's own table number, under the
    anchor :func:`exhibit_label` (``shim2012-table-1``) that the figure index links to."""
    from replication.drawing.output import table_markdown

    load_all(registry)
    entry = registry.get(entry_id, "tables")
    return Markdown(f"({exhibit_label(entry_id)})=\n" + table_markdown(entry.make(), entry.title))


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Markdown:
    """An ad hoc table of a chapter (not a paper's exhibit) as Markdown, one row per item.

    Cells are written as :func:`replication.drawing.output.table_markdown` writes a registered
    table's.  Raises ValueError when a row's length differs from the number of columns.
    """
    from replication.drawing.output import table_markdown

    return Markdown(table_markdown(Table(tuple(columns), tuple(tuple(r) for r in rows))))


def markdown_list(heading: str, items: Iterable[Any]) -> Markdown:
    """A heading line and a bulleted list of registry text (counterexamples, failures) as
    Markdown, so that their formulas are typeset; each item is escaped by :func:`md_text`."""
    lines = [md_text(heading), ""] + [f"- {md_text(item)}" for item in items]
    return Markdown("\n".join(lines))


# -- claims: a chapter's closing table, the ledger, the findings -------------------------


def _values(result: ClaimResult) -> tuple[str, str]:
    """The paper's number and ours (``paper_value`` and ``our_value`` of the check's evidence)
    as table cells, each empty where the check reports none."""
    evidence = result.evidence or {}
    paper, ours = evidence.get("paper_value"), evidence.get("our_value")
    return (
        md_text(paper, table=True) if paper is not None else "",
        md_text(ours, table=True) if ours is not None else "",
    )


def chapter_place(entry_id: str) -> str:
    """The anchor of a claim's row in its chapter's closing table (:func:`claims_table`):
    ``chapter_place("shim2012:proposition_3")`` -> ``in-chapter-shim2012-proposition-3``."""
    return anchor("in-chapter", entry_id)


def _chapter_href(entry: ClaimEntry, page: str) -> str:
    """The relative URL, from the page ``page`` (a document path such as ``book/ledger``), of
    the claim's row in its chapter (:func:`chapter_place`)."""
    import posixpath

    target = posixpath.relpath(entry.chapter, posixpath.dirname(page) or ".")
    return f"{target}.html#{chapter_place(entry.id)}"


def claims_table(
    ids: Iterable[str] | None = None, *, paper: str | None = None, registry: Registry = REGISTRY
) -> Markdown:
    """A chapter's closing table, with the columns of the ledger's summary tables: the claim
    (linked to its ledger card, and the row's own anchor :func:`chapter_place`, which the
    ledger links to), the paper's words (shortened, :func:`short_statement`; never empty),
    the paper's number where a check compares one (a column shown only then), ours (the
    number, else the check's summary), the status as a badge and, for a claim not
    reproduced, the kind of its failure as a badge."""
    results = check_claims(ids, paper=paper, registry=registry)
    rows = []
    for entry_id, result in results.items():
        entry = registry.get(entry_id, "claims")
        words = md_text(short_statement(entry.statement), table=True) or md_text(entry.label, table=True)
        theirs, ours = _values(result)
        target = f'<span id="{chapter_place(entry_id)}"></span>'
        link = f"{target}{{ref}}`{_role_text(entry.label)} <{anchor('claim', entry_id)}>`"
        kind = entry.kind_of_failure(result)
        rows.append(
            [link, words, theirs, ours or md_text(result.summary, table=True), badge(result.status)]
            + [kind_badge(kind) if kind else ""]
        )
    head = ["claim", "the paper says", "the paper's value", "ours", "status", "kind"]
    return Markdown(_markdown_rows(head, rows, optional=(2,)))


def _markdown_rows(head: list[str], rows: list[list[str]], optional: tuple[int, ...] = ()) -> str:
    """A Markdown table of ``head`` and ``rows`` (cells already escaped), without the columns
    at the indices ``optional`` that are empty in every row."""
    keep = [i for i in range(len(head)) if i not in optional or any(row[i] for row in rows)]
    lines = ["| " + " | ".join(head[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    lines += ["| " + " | ".join(row[i] for i in keep) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _role_text(text: str) -> str:
    """Text usable as a role's explicit title (no backticks or angle brackets)."""
    return " ".join(text.replace("`", "'").replace("<", "(").replace(">", ")").split())


def status_counts(results: dict[str, ClaimResult]) -> dict[str, int]:
    """How many of ``results`` have each status, in the order of ``STATUSES`` (zeros included)."""
    counts = Counter(r.status for r in results.values())
    return {status: counts.get(status, 0) for status in STATUSES}


def counts_sentence(counts: Mapping[str, int]) -> str:
    """ "12 reproduced, 3 reproduced with caveat, ..." with a badge for each status."""
    return ", ".join(f"{n}\u00a0{badge(status)}" for status, n in counts.items())


def kind_counts(results: Mapping[str, ClaimResult], registry: Registry = REGISTRY) -> dict[str, int]:
    """How many of ``results`` (claim id -> result) that are not reproduced have each kind of
    failure, in the order of ``FAILURE_KINDS`` (zeros included)."""
    counts = Counter(registry.get(i, "claims").kind_of_failure(r) for i, r in results.items())
    return {kind: counts.get(kind, 0) for kind in FAILURE_KINDS}


def kinds_sentence(kinds: Mapping[str, int]) -> str:
    """ "5 misprint, 4 degenerate, ..." with a badge for each kind; kinds counted zero are left out."""
    return ", ".join(f"{n}\u00a0{kind_badge(kind)}" for kind, n in kinds.items() if n)


def _counts_lines(results: Mapping[str, ClaimResult], registry: Registry, *, zeros: bool, bold: bool) -> list[str]:
    """The counts by status, then (when some claim is not reproduced) the counts by kind."""
    counts = {s: n for s, n in status_counts(dict(results)).items() if zeros or n}
    head = f"{len(results)} claims:"
    lines = [f"{f'**{head}**' if bold else head} {counts_sentence(counts)}."]
    failed = counts.get(NOT_REPRODUCED, 0)
    if failed:
        kinds = kind_counts(results, registry)
        lines += ["", f"Of the {failed} not reproduced, by the kind of failure: {kinds_sentence(kinds)}."]
    return lines


def status_rule_markdown() -> str:
    """The written status rule (:data:`~replication.ledger.registry.STATUS_RULE`) as a list."""
    return "\n".join(f"{badge(status)}\n: {md_text(rule)}\n" for status, rule in STATUS_RULE.items())


def quantifier_rule_markdown() -> str:
    """The paper's quantifiers (:data:`~replication.ledger.registry.QUANTIFIERS`) as a definition list."""
    return "\n".join(f"**{q}**\n: {md_text(meaning)}\n" for q, meaning in QUANTIFIERS.items())


def failure_kinds_markdown() -> str:
    """The kinds of failure (:data:`~replication.ledger.registry.FAILURE_KINDS`) as a definition
    list, each term its badge."""
    return "\n".join(f"{kind_badge(kind)}\n: {md_text(meaning)}\n" for kind, meaning in FAILURE_KINDS.items())


def verdict_rules_markdown() -> str:
    """The three rules a verdict follows: the status rule, the paper's quantifier and the
    kinds of failure, each as a definition list under a sentence."""
    return "\n".join(
        [
            "The status rule:",
            "",
            status_rule_markdown(),
            "The paper's quantifier, recorded for every claim; a check tests the claim under the paper's own:",
            "",
            quantifier_rule_markdown(),
            "The kind of failure, recorded for every claim not reproduced:",
            "",
            failure_kinds_markdown(),
        ]
    )
