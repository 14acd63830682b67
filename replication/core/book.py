"""What the book's chapters call: show a registered figure or table, check claims, and
the generated pages (claims ledger, figure and table index, README map).

Chapters never compute anything themselves; they call these helpers and the paper
packages.
"""

from __future__ import annotations

import re
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
    CALIBRATED,
    CAVEAT,
    NOT_REPRODUCED,
    REGISTRY,
    REPRODUCED,
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
    """A registered table as Markdown, titled with the paper's own table number, under the
    anchor :func:`exhibit_label` (``shim2012-table-1``) that the figure index links to."""
    from replication.core.output import table_markdown

    load_all(registry)
    entry = registry.get(entry_id, "tables")
    return Markdown(f"({exhibit_label(entry_id)})=\n" + table_markdown(entry.make(), entry.title))


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Markdown:
    """An ad hoc table of a chapter (not a paper's exhibit) as Markdown, one row per item.

    Cells are written as :func:`replication.core.output.table_markdown` writes a registered
    table's.  Raises ValueError when a row's length differs from the number of columns.
    """
    from replication.core.output import table_markdown

    return Markdown(table_markdown(Table(tuple(columns), tuple(tuple(r) for r in rows))))


def markdown_list(heading: str, items: Iterable[Any]) -> Markdown:
    """A heading line and a bulleted list of registry text (counterexamples, failures) as
    Markdown, so that their formulas are typeset; each item is escaped by :func:`md_text`."""
    lines = [md_text(heading), ""] + [f"- {md_text(item)}" for item in items]
    return Markdown("\n".join(lines))


def check(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check, memoised on disk (keyed on the package's source)."""
    return cached("claim", {"id": entry.id}, entry.check)


def check_contrast(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check on its contrast case, memoised like :func:`check`."""
    return cached("claim-contrast", {"id": entry.id}, entry.check_contrast)


def check_claims(
    ids: Iterable[str] | None = None, *, paper: str | None = None, registry: Registry = REGISTRY
) -> dict[str, ClaimResult]:
    """Results of the given claims (default: all, or all of ``paper``), in ledger order."""
    load_all(registry)
    entries = [registry.get(i, "claims") for i in ids] if ids is not None else registry.sorted("claims")
    return {e.id: check(e) for e in entries if paper is None or e.paper == paper}


# -- text from the registry, made safe for MyST Markdown ---------------------------------

_MATHY = re.compile(r"[\\^_{}=<>]")
_CURRENCY = re.compile(r"\d")


def _unescaped_dollar(text: str, start: int) -> int:
    """Index of the next ``$`` at or after ``start`` not escaped by a backslash, or -1."""
    i = text.find("$", start)
    while i > 0 and text[i - 1] == "\\":
        i = text.find("$", i + 1)
    return i


def escape_currency(text: str) -> str:
    """``text`` with every dollar sign that is not math escaped (``$4.7M`` -> ``\\$4.7M``).

    With MyST's ``dollarmath`` the text "$4.7M and $7M" would render as the italic formula
    "4.7Mand7M".  A ``$`` opens math only when a closing ``$`` follows and what lies between
    looks like mathematics (a backslash, a sub- or superscript, braces, a relation) or does
    not start with a digit; a ``$`` before an amount ("$50M", "$0") or without a partner is
    escaped.  Math written as ``$\\lambda$`` or ``$x_i^*$`` is left as it is.
    """
    out, i = [], 0
    while (j := _unescaped_dollar(text, i)) >= 0:
        if text.startswith("$$", j):  # display math: keep up to its closing $$
            k = text.find("$$", j + 2)
            end = len(text) if k < 0 else k + 2
            out.append(text[i:end])
            i = end
            continue
        k = _unescaped_dollar(text, j + 1)
        inner = text[j + 1 : k] if k >= 0 else ""
        is_math = (
            k > j + 1
            and not inner[0].isspace()
            and not inner[-1].isspace()
            and (_MATHY.search(inner) or not _CURRENCY.match(inner))
        )
        if is_math:
            out.append(text[i : k + 1])
            i = k + 1
        else:
            out.append(text[i:j] + "\\$")
            i = j + 1
    out.append(text[i:])
    return "".join(out)


_NUMBER = re.compile(r"-?[\d.,]+[MKB]?")


def malformed_math(text: str) -> list[str]:
    """The inline formulas of registry text that would not typeset as written.

    Registry text (statements, summaries, evidence) marks formulas with ``$ ... $`` and
    writes money as "USD 50 million".  Flagged: an odd number of unescaped ``$``; an empty
    formula, one that starts or ends with a space (``$I = $``), and a bare number
    (``$0.04$``), which :func:`escape_currency` reads as an amount and so breaks the pairing
    of every later ``$``.  Display math (``$$``) is not inspected.
    """
    if "$$" in text:
        return []
    dollars = [i for i in range(len(text)) if text[i] == "$" and (i == 0 or text[i - 1] != "\\")]
    found = ["an odd number of $"] if len(dollars) % 2 else []
    for a, b in zip(dollars[::2], dollars[1::2]):
        inner = text[a + 1 : b]
        if not inner or inner[0].isspace() or inner[-1].isspace() or _NUMBER.fullmatch(inner):
            found.append(f"${inner}$")
    return found


_SPECIAL = re.compile(r"([*_|<\[\]])")


def md_text(text: Any, *, table: bool = False) -> str:
    """Registry text (a statement, a summary) as MyST Markdown that shows it as written.

    Currency is escaped (:func:`escape_currency`); outside math and code, the characters
    that Markdown would read as emphasis, links, HTML or table cells (``* _ | < [ ]``) are
    escaped, so "x*" and "m*" stay starred; whitespace runs become single spaces.  In a
    table cell (``table=True``) the pipes inside math are escaped too: the table parser
    removes one backslash before each pipe, so the formula reaches MathJax unchanged.
    """
    text = escape_currency(" ".join(str(text).split()))
    out, i = [], 0
    for match in re.finditer(r"`[^`]*`|(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$", text):
        out.append(_SPECIAL.sub(r"\\\1", text[i : match.start()]))
        out.append(match.group(0).replace("|", "\\|") if table else match.group(0))
        i = match.end()
    out.append(_SPECIAL.sub(r"\\\1", text[i:]))
    return "".join(out)


def anchor(prefix: str, entry_id: str) -> str:
    """Stable anchor of a claim: ``anchor("finding", "shim2012:proposition_3_stability")``
    -> ``finding-shim2012-proposition-3-stability``."""
    paper, label = entry_id.split(":", 1)
    return f"{prefix}-{paper}-{label}".replace("_", "-")


def badge(status: str) -> str:
    """A status as a badge (the book's ``{status}`` role: colour, border and the word)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    return f"{{status}}`{status}`"


def _claim_class(status: str) -> str:
    from replication.core.sphinx_book import status_slug

    return f"claim-{status_slug(status)}"


def _doc(chapter: str, text: str = "") -> str:
    """A ``{doc}`` link to a chapter path such as ``book/shim2012/insurance``."""
    return f"{{doc}}`{text} </{chapter}>`" if text else f"{{doc}}`/{chapter}`"


# -- claims: a chapter's closing table, the ledger, the findings -------------------------


def _paper_and_ours(result: ClaimResult) -> tuple[str, str]:
    """The paper's number and ours for a closing table.

    A check that compares a number with the paper's reports them in its evidence as
    ``paper_value`` and ``our_value``; otherwise the paper's column is a dash and ours is
    the check's summary.
    """
    evidence = result.evidence or {}
    paper = evidence.get("paper_value")
    ours = evidence.get("our_value")
    return (
        md_text(paper, table=True) if paper is not None else "\u2013",
        md_text(ours if ours is not None else result.summary, table=True),
    )


def claims_table(
    ids: Iterable[str] | None = None, *, paper: str | None = None, registry: Registry = REGISTRY
) -> Markdown:
    """A chapter's closing table: claim (linked to its ledger entry), the paper's number,
    ours, and the status as a badge."""
    results = check_claims(ids, paper=paper, registry=registry)
    lines = ["| claim | the paper | ours | status |", "|---|---|---|---|"]
    for entry_id, result in results.items():
        entry = registry.get(entry_id, "claims")
        theirs, ours = _paper_and_ours(result)
        link = f"{{ref}}`{_role_text(entry.label)} <{anchor('claim', entry_id)}>`"
        lines.append(f"| {link} | {theirs} | {ours} | {badge(result.status)} |")
    return Markdown("\n".join(lines) + "\n")


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


def status_rule_markdown() -> str:
    """The written status rule (:data:`~replication.core.registry.STATUS_RULE`) as a list."""
    return "\n".join(f"{badge(status)}\n: {md_text(rule)}\n" for status, rule in STATUS_RULE.items())


def _contrast(entry: ClaimEntry) -> ClaimResult | None:
    return check_contrast(entry) if entry.contrast else None


def _details(entry: ClaimEntry, result: ClaimResult, contrast: ClaimResult | None) -> list[str]:
    """The definition list of one claim: statement, evidence, reading, repair, contrast."""
    items = [("The paper", md_text(entry.statement))]
    if entry.reading:
        items.append(("Reading tested", md_text(entry.reading)))
    items.append(("What we found", md_text(result.summary)))
    if result.checked_over:
        items.append(("Checked over", md_text(result.checked_over)))
    if result.repair:
        items.append(("Repair or added condition", md_text(result.repair)))
    if result.calibration:
        items.append(("Calibration", md_text(result.calibration)))
    if entry.repairs:
        items.append(("Unrepaired statement", f"{{ref}}`{entry.repairs} <{anchor('claim', entry.repairs)}>`"))
    if entry.contrast:
        verdict = f" \u2192 the same check: {badge(contrast.status)} {md_text(contrast.summary)}" if contrast else ""
        items.append(("Contrast case", md_text(entry.contrast) + verdict))
    out = []
    for term, definition in items:
        out += [term, f": {definition}", ""]
    return out


def _card(
    entry: ClaimEntry, result: ClaimResult, contrast: ClaimResult | None, target: str, heading: str, also: str = ""
) -> list[str]:
    """One claim as a card under the anchor ``target``: the badge, where the paper says it,
    the claim's id, a link to its chapter (and ``also``), then :func:`_details`."""
    where = f"{md_text(entry.location)} \u00b7 " if entry.location else ""
    links = _doc(entry.chapter, "read it in its chapter") + (f" \u00b7 {also}" if also else "")
    return [
        f"({target})=",
        f"{heading} {md_text(entry.label)}",
        "",
        f":::{{container}} claim-card {_claim_class(result.status)}",
        f"{badge(result.status)} {where}`{entry.id}` \u00b7 {links}",
        "",
        *_details(entry, result, contrast),
        ":::",
        "",
    ]


def ledger_summary_markdown(registry: Registry = REGISTRY) -> str:
    """The top of the ledger: the counts by status over all claims, and the status rule."""
    results = check_claims(registry=registry)
    return "\n".join(
        [
            f"**{len(results)} claims:** {counts_sentence(status_counts(results))}.",
            "",
            "The status rule:",
            "",
            status_rule_markdown(),
        ]
    )


def ledger_markdown(paper: str, registry: Registry = REGISTRY) -> str:
    """The ledger's section of ``paper``: its counts by status, then every claim in the
    paper's (inventory) order, each as a card under the anchor ``claim-<paper>-<label>``."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, got {paper!r}")
    results = check_claims(paper=paper, registry=registry)
    counts = {s: n for s, n in status_counts(results).items() if n}
    out = [f"{len(results)} claims: {counts_sentence(counts)}.", ""]
    for entry_id, result in results.items():
        entry = registry.get(entry_id, "claims")
        out += _card(entry, result, _contrast(entry), anchor("claim", entry_id), "###")
    return "\n".join(out)


def is_finding(entry: ClaimEntry, result: ClaimResult) -> bool:
    """A claim the findings page lists: not reproduced, with caveat, calibrated, or a reading."""
    return result.status != REPRODUCED or bool(entry.reading)


def findings_markdown(paper: str, registry: Registry = REGISTRY) -> str:
    """The section of ``paper`` on the page *What we found*: every claim not reproduced,
    reproduced with caveat or calibrated, and every claim testing one reading of an
    ambiguous wording, each under the stable anchor ``finding-<paper>-<label>`` with its
    counterexample, repair or calibration and links to its chapter and ledger entry."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, got {paper!r}")
    results = check_claims(paper=paper, registry=registry)
    found = [(registry.get(i, "claims"), r) for i, r in results.items()]
    found = [(e, r) for e, r in found if is_finding(e, r)]
    if not found:
        return f"All {len(results)} claims of {PAPERS[paper].short} are reproduced as worded."
    counts = {s: n for s, n in status_counts({e.id: r for e, r in found}).items() if n}
    out = [
        f"{len(found)} of the paper's {len(results)} claims are listed here: {counts_sentence(counts)}"
        + (" (a reproduced claim is listed for the reading it tests)." if counts.get(REPRODUCED) else "."),
        "",
    ]
    for title, belongs in _FINDING_SECTIONS:
        items = [(e, r) for e, r in found if belongs(e, r)]
        if items:
            out += [f"**{title}**", ""]
        for entry, result in items:
            ledger = f"{{ref}}`its ledger entry <{anchor('claim', entry.id)}>`"
            out += _card(entry, result, _contrast(entry), anchor("finding", entry.id), "###", ledger)
    return "\n".join(out)


_FINDING_SECTIONS = (
    ("Not reproduced as worded", lambda e, r: r.status == NOT_REPRODUCED),
    ("Reproduced after a repair or under an added condition", lambda e, r: r.status == CAVEAT),
    ("Matched by setting an unpublished input", lambda e, r: r.status == CALIBRATED),
    ("Readings of an ambiguous wording", lambda e, r: r.status == REPRODUCED and bool(e.reading)),
)


def index_rows(registry: Registry = REGISTRY) -> list[tuple[str, str, str, str, str]]:
    """(paper's number, id, chapter, function, output files) for every figure and table."""
    load_all(registry)
    rows = []
    for kind, suffixes in (("figures", ".png/.svg/.csv"), ("tables", ".csv/.md")):
        for entry in registry.sorted(kind):
            func = f"{entry.func.__module__}.{entry.func.__qualname__}"
            rows.append(
                (
                    f"{PAPERS[entry.paper].short} {entry.number}",
                    entry.id,
                    entry.chapter,
                    func,
                    f"{file_stem(entry.id)}{suffixes}",
                )
            )
    return rows


def exhibit_label(entry_id: str) -> str:
    """The anchor of an exhibit in its chapter: ``shim2012:table_1`` -> ``shim2012-table-1``."""
    return entry_id.replace(":", "-").replace("_", "-")


def index_markdown(*, link_chapters: bool, registry: Registry = REGISTRY) -> str:
    """The figure and table map as a Markdown table.

    With ``link_chapters`` (for the book) each exhibit links to the page and anchor where it
    appears, and the output files (named after the id) are left to the page's text; without
    (for the README), the chapter's path and the files.
    """
    if link_chapters:
        lines = ["| paper's exhibit | where in the book | id, and the function that makes it |", "|---|---|---|"]
        for number, entry_id, chapter, func, _ in index_rows(registry):
            page = chapter.rsplit("/", 1)[-1]
            label = exhibit_label(entry_id)
            lines.append(
                f"| {md_text(number, table=True)} | {{ref}}`{page}#{label} <{label}>` | `{entry_id}`: `{func}` |"
            )
    else:
        lines = ["| paper's exhibit | id | chapter | function | output files |", "|---|---|---|---|---|"]
        for number, entry_id, chapter, func, files in index_rows(registry):
            lines.append(f"| {number} | `{entry_id}` | `{chapter}.ipynb` | `{func}` | `{files}` |")
    if len(lines) == 2:
        lines.append("| (nothing registered yet) |" + " |" * (len(lines[1].split("|")) - 3))
    return "\n".join(lines) + "\n"
