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

from replication.drawing.output import DPI, PNG_METADATA, file_stem
from replication.ledger.checks import check_claims, check_contrast
from replication.ledger.papers import PAPERS
from replication.ledger.registry import (
    CALIBRATED,
    CAVEAT,
    DEGENERATE,
    DOMAIN,
    FAILURE_KINDS,
    MISPRINT,
    NOT_REPRODUCED,
    QUANTIFIERS,
    READING,
    REGISTRY,
    REPRODUCED,
    STATUS_RULE,
    STATUSES,
    SUBSTANTIVE,
    ClaimEntry,
    ClaimResult,
    Column,
    CrossCheck,
    FigureData,
    Registry,
    Table,
    load_all,
)

#: The CSS class suffix of each status.
SLUGS: dict[str, str] = {status: "caveat" if "caveat" in status else status.replace(" ", "-") for status in STATUSES}


def status_slug(status: str) -> str:
    """The CSS class suffix of ``status``: reproduced, caveat, calibrated, not-reproduced."""
    if status not in SLUGS:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    return SLUGS[status]


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

    Its caption and alt text come from the registry: ``python -m tools.notebooks``
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


#: An inline formula of registry text (after :func:`escape_currency`): an unescaped ``$ ... $``.
_INLINE = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$")
#: Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset("e.g. i.e. cf. vs. al. eq. eqs. fig. figs. prop. sec. no. resp. approx. ch. p. pp.".split())


def _first_sentence(text: str) -> str:
    """The first sentence of ``text``: up to the first ``.``, ``!`` or ``?`` outside a
    formula that is followed by a space and a word not in lower case (or ends the text),
    and does not close an abbreviation such as "e.g." or "eq."."""
    formulas = [m.span() for m in _INLINE.finditer(text)]
    for match in re.finditer(r"[.!?](?=\s+[^a-z\s]|\s*$)", text):
        end = match.end()
        if any(a < end <= b for a, b in formulas):
            continue
        if text[:end].rsplit(" ", 1)[-1].lower() in _ABBREVIATIONS:
            continue
        return text[:end]
    return text


def short_statement(text: str, limit: int = 160) -> str:
    """Registry text shortened for a table cell: its first sentence, cut after the last
    whole word or formula that fits in ``limit`` characters (then ending in "\u2026").

    Formulas are never cut, and dollar amounts are escaped first
    (:func:`escape_currency`), so the result typesets as the full text does.  Raises
    ValueError when ``limit`` is below 20.

    >>> short_statement("Firms invest more. They insure less.")
    'Firms invest more.'
    >>> short_statement("Investment $z^*$ rises with the loading whenever cover is bought", limit=30)
    'Investment $z^*$ rises with\u2026'
    """
    if limit < 20:
        raise ValueError(f"limit must be at least 20 characters, got {limit!r}")
    sentence = _first_sentence(escape_currency(" ".join(str(text).split())))
    if len(sentence) <= limit:
        return sentence
    formulas = [m.span() for m in _INLINE.finditer(sentence)]
    cut = 0
    for match in re.finditer(r"\s", sentence):
        if match.start() > limit - 1:
            break
        if not any(a < match.start() < b for a, b in formulas):
            cut = match.start()
    return sentence[:cut].rstrip(" ,;:") + "\u2026" if cut else sentence  # one long formula: kept whole


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


def kind_badge(kind: str) -> str:
    """The kind of a failure as a small badge (the book's ``{failure-kind}`` role), shown
    next to the status badge of a claim that is not reproduced.

    ``kind`` is one of :data:`~replication.ledger.registry.FAILURE_KINDS`; raises ValueError
    otherwise.

    >>> kind_badge("misprint")
    '{failure-kind}`misprint`'
    """
    if kind not in FAILURE_KINDS:
        raise ValueError(f"kind must be one of {tuple(FAILURE_KINDS)}, got {kind!r}")
    return f"{{failure-kind}}`{kind}`"


def _badges(entry: ClaimEntry, result: ClaimResult) -> str:
    """The status badge, followed by the kind badge when the claim is not reproduced."""
    kind = entry.kind_of_failure(result)
    return badge(result.status) + (f" {kind_badge(kind)}" if kind else "")


def _claim_class(status: str) -> str:
    return f"claim-{status_slug(status)}"


def _doc(chapter: str, text: str = "") -> str:
    """A ``{doc}`` link to a chapter path such as ``book/shim2012/insurance``."""
    return f"{{doc}}`{text} </{chapter}>`" if text else f"{{doc}}`/{chapter}`"


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


def _contrast(entry: ClaimEntry) -> ClaimResult | None:
    return check_contrast(entry) if entry.contrast else None


def _quantifier_text(quantifier: str) -> str:
    """ "all: the paper states it for every point of its stated domain" (the first clause of
    the quantifier's meaning)."""
    return f"{quantifier}: {md_text(QUANTIFIERS[quantifier].split(';')[0])}"


def _cross_check_text(check: CrossCheck) -> str:
    """One cross-check in words: name, ours against the reference, the gap, the tolerance, the verdict."""
    gap = "relative gap" if check.relative else "gap"
    verdict = "passed" if check.passed else "**failed**"
    return (
        f"{md_text(check.name)}: ours {check.value:.6g} against {check.reference:.6g}, "
        f"{gap} {check.disagreement:.2g} (tolerance {check.tolerance:.2g}): {verdict}"
    )


def _informative_text(informative: int) -> str:
    """How many checked points could have contradicted the statement."""
    if informative == 0:
        return "none of the points checked could have contradicted the statement: this check is no evidence"
    return f"{informative} of the points checked could have contradicted the statement"


def _details(entry: ClaimEntry, result: ClaimResult, contrast: ClaimResult | None) -> list[str]:
    """The definition list of one claim: statement, quantifier, reading, evidence, the kind
    of failure, domain, informative points, cross-checks, repair, calibration, contrast."""
    items = [("The paper", md_text(entry.statement))]
    if entry.quantifier:
        items.append(("Quantifier", _quantifier_text(entry.quantifier)))
    if entry.reading:
        items.append(("Reading tested", md_text(entry.reading)))
    items.append(("What we found", md_text(result.summary)))
    kind = entry.kind_of_failure(result)
    if kind:
        items.append(("Kind of failure", f"{kind_badge(kind)} {md_text(FAILURE_KINDS[kind])}"))
    if result.checked_over:
        items.append(("Checked over", md_text(result.checked_over)))
    if result.informative is not None:
        items.append(("Informative points", _informative_text(result.informative)))
    if result.cross_checks:
        items.append(("Cross-checks", "; ".join(_cross_check_text(c) for c in result.cross_checks)))
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
        f"{_badges(entry, result)} {where}`{entry.id}` \u00b7 {links}",
        "",
        *_details(entry, result, contrast),
        ":::",
        "",
    ]


def ledger_counts_markdown(registry: Registry = REGISTRY) -> str:
    """The counts by status over all claims, and the counts of the claims not reproduced by
    the kind of their failure."""
    return "\n".join(_counts_lines(check_claims(registry=registry), registry, zeros=True, bold=True)) + "\n"


def ledger_summary_markdown(registry: Registry = REGISTRY) -> str:
    """The top of the ledger: the counts by status (and by kind of failure) over all claims,
    and the rules of a verdict (:func:`verdict_rules_markdown`)."""
    return "\n".join([ledger_counts_markdown(registry), verdict_rules_markdown()])


def summary_table_markdown(paper: str, registry: Registry = REGISTRY, *, page: str = "book/ledger") -> str:
    """The ledger at a glance for ``paper``: one row per claim in the paper's order, with its
    label (linked to its card), the paper's words (shortened, :func:`short_statement`; never
    empty), the paper's number and ours where a check compares one (columns shown only
    then), its status badge, the kind of its failure (empty when it is not a failure) and a
    link, relative to the page ``page``, to the claim's row in its chapter
    (:func:`chapter_place`), in a container of classes ``ledger-glance`` and
    ``ledger-paper-<paper>`` (the book's script filters the rows by paper, status and
    kind).  Raises ValueError for an unknown paper."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, got {paper!r}")
    rows = []
    for entry_id, result in check_claims(paper=paper, registry=registry).items():
        entry = registry.get(entry_id, "claims")
        link = f"{{ref}}`{_role_text(entry.label)} <{anchor('claim', entry_id)}>`"
        words = md_text(short_statement(entry.statement, 100), table=True) or md_text(entry.label, table=True)
        theirs, ours = _values(result)
        kind = entry.kind_of_failure(result)
        place = f'<a class="chapter-place" href="{_chapter_href(entry, page)}">in its chapter</a>'
        rows.append([link, words, theirs, ours, badge(result.status), kind_badge(kind) if kind else "", place])
    head = ["claim", "the paper says", "the paper's value", "ours", "status", "kind", "where"]
    table = _markdown_rows(head, rows, optional=(2, 3))
    return "\n".join([f":::{{container}} ledger-glance ledger-paper-{paper}", "", table + ":::", ""])


def ledger_glance_markdown(registry: Registry = REGISTRY) -> str:
    """The summary tables of every paper with claims (:func:`summary_table_markdown`), each
    under the paper's name and its counts, in a container of class ``ledger-glance-block``
    (what the book's filters hide when none of its rows matches)."""
    out: list[str] = []
    for paper in PAPERS:
        results = check_claims(paper=paper, registry=registry)
        if not results:
            continue
        out += ["::::{container} ledger-glance-block", "", f"**{PAPERS[paper].short}**", ""]
        out += _counts_lines(results, registry, zeros=False, bold=False)
        out += ["", summary_table_markdown(paper, registry), "::::", ""]
    return "\n".join(out)


def ledger_markdown(paper: str, registry: Registry = REGISTRY) -> str:
    """The ledger's section of ``paper``: its counts by status (and by kind of failure), then
    every claim in the paper's (inventory) order, each as a card under the anchor
    ``claim-<paper>-<label>``."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, got {paper!r}")
    results = check_claims(paper=paper, registry=registry)
    out = [*_counts_lines(results, registry, zeros=False, bold=False), ""]
    for entry_id, result in results.items():
        entry = registry.get(entry_id, "claims")
        out += _card(entry, result, _contrast(entry), anchor("claim", entry_id), "###")
    return "\n".join(out)


@dataclass(frozen=True)
class FindingGroup:
    """A group of the findings page: its ``title`` (the page's section heading) and a
    one-sentence ``description``."""

    title: str
    description: str


#: The groups of the findings page, in the page's order (see :func:`finding_group`).
FINDING_GROUPS: dict[str, FindingGroup] = {
    "errata": FindingGroup(
        "Errata: misprints in the papers",
        "A printed formula or number has a typo; the statement it was meant to make holds.",
    ),
    "fails": FindingGroup(
        "Statements that fail as worded",
        "The check found a counterexample within the paper's stated domain, to the statement as worded.",
    ),
    "ties": FindingGroup(
        "Failures only at ties",
        "The statement fails only at ties or degenerate points, and holds everywhere else that was checked.",
    ),
    "domain": FindingGroup(
        "Failures beyond the stated domain",
        "The statement holds in the paper's stated domain and fails beyond it.",
    ),
    "readings": FindingGroup(
        "Readings we chose",
        "The wording admits more than one reading; each reading is its own claim, with its own verdict.",
    ),
    "repairs": FindingGroup(
        "Holds after a repair or under an added condition",
        "The statement holds once a stated repair is made or a condition added; the unrepaired "
        "statement is listed with its counterexample.",
    ),
    "calibrations": FindingGroup(
        "Calibrations",
        "A number matches the paper's only because an input the paper does not publish was set "
        "to match it; the evidence gives the number's range over the plausible inputs.",
    ),
}

_GROUP_OF_KIND = {MISPRINT: "errata", SUBSTANTIVE: "fails", DEGENERATE: "ties", DOMAIN: "domain", READING: "readings"}


def finding_group(entry: ClaimEntry, result: ClaimResult) -> str | None:
    """The group of :data:`FINDING_GROUPS` a claim belongs to on the findings page, or None
    for a claim reproduced as worded under its only reading.

    A claim not reproduced goes by the kind of its failure (a misprint to the errata, a
    failure at ties to "ties", one beyond the stated domain to "domain", one under a reading
    to the readings, any other to "fails"); a claim reproduced with caveat to the repairs;
    a calibrated one to the calibrations; a reproduced claim that tests a reading to the
    readings.  Every claim is in at most one group.
    """
    kind = entry.kind_of_failure(result)
    if kind:
        return _GROUP_OF_KIND[kind]
    if result.status == CAVEAT:
        return "repairs"
    if result.status == CALIBRATED:
        return "calibrations"
    return "readings" if entry.reading else None


def is_finding(entry: ClaimEntry, result: ClaimResult) -> bool:
    """A claim the findings page lists: not reproduced, with caveat, calibrated, or a reading."""
    return finding_group(entry, result) is not None


def findings_by_group(registry: Registry = REGISTRY) -> dict[str, list[tuple[ClaimEntry, ClaimResult]]]:
    """The claims of every paper listed on the findings page, by group (every group of
    :data:`FINDING_GROUPS`, in its order, possibly empty), each in ledger order."""
    groups: dict[str, list[tuple[ClaimEntry, ClaimResult]]] = {key: [] for key in FINDING_GROUPS}
    for entry_id, result in check_claims(registry=registry).items():
        entry = registry.get(entry_id, "claims")
        key = finding_group(entry, result)
        if key is not None:
            groups[key].append((entry, result))
    return groups


def _finding_card(entry: ClaimEntry, result: ClaimResult, *, with_paper: bool) -> list[str]:
    """A claim as a finding: its card under ``finding-<paper>-<label>``, linked to its ledger entry."""
    ledger = f"{{ref}}`its ledger entry <{anchor('claim', entry.id)}>`"
    heading = f"### {md_text(PAPERS[entry.paper].short)}," if with_paper else "###"
    return _card(entry, result, _contrast(entry), anchor("finding", entry.id), heading, ledger)


def findings_overview_markdown(registry: Registry = REGISTRY) -> str:
    """The top of the findings page: how many claims each group lists, overall and by paper,
    each group linked to its section (anchor ``findings-<group>``)."""
    groups = findings_by_group(registry)
    total = sum(len(items) for items in groups.values())
    lines = [f"{total} of the {len(check_claims(registry=registry))} claims are listed here, in these groups:", ""]
    for key, items in groups.items():
        by_paper = Counter(e.paper for e, _ in items)
        papers = "; ".join(f"{md_text(PAPERS[p].short)} {by_paper[p]}" for p in PAPERS if by_paper[p])
        lines.append(f"- {{ref}}`findings-{key}`: {len(items)}" + (f" ({papers})" if papers else ""))
    return "\n".join(lines) + "\n"


def findings_group_markdown(group: str, registry: Registry = REGISTRY) -> str:
    """One section of the findings page: the group's description, then every claim of the
    three papers in ``group`` (a key of :data:`FINDING_GROUPS`) as a card headed by its
    paper and label, under the stable anchor ``finding-<paper>-<label>``, with what we
    found in one sentence, its counterexample, repair or calibration and links to its
    chapter and ledger entry.  Raises ValueError for an unknown group."""
    if group not in FINDING_GROUPS:
        raise ValueError(f"group must be one of {tuple(FINDING_GROUPS)}, got {group!r}")
    items = findings_by_group(registry)[group]
    lead = md_text(FINDING_GROUPS[group].description)
    if not items:
        return f"{lead} No claim of the three papers is in this group.\n"
    out = [f"{lead} {len(items)} claim{'s' if len(items) != 1 else ''}:", ""]
    for entry, result in items:
        out += _finding_card(entry, result, with_paper=True)
    return "\n".join(out)


def findings_markdown(paper: str, registry: Registry = REGISTRY) -> str:
    """The findings of ``paper`` alone: every claim not reproduced, reproduced with caveat or
    calibrated, and every claim testing one reading of an ambiguous wording, by the groups
    of :data:`FINDING_GROUPS`, each under the stable anchor ``finding-<paper>-<label>`` with
    its counterexample, repair or calibration and links to its chapter and ledger entry.
    (The findings page shows the groups over all papers: :func:`findings_group_markdown`.)"""
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
    for key, group in FINDING_GROUPS.items():
        items = [(e, r) for e, r in found if finding_group(e, r) == key]
        if items:
            out += [f"**{md_text(group.title)}**", ""]
        for entry, result in items:
            out += _finding_card(entry, result, with_paper=False)
    return "\n".join(out)


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
