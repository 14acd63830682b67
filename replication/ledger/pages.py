"""The book's generated pages: the claims ledger (summary tables and one card per claim),
the findings grouped by kind, and the index of figures and tables (also the README's map)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from replication.core.numbers import ROUNDING, bound
from replication.core.papers import PAPERS
from replication.drawing.output import file_stem
from replication.ledger.checks import check_claims, check_contrast
from replication.ledger.markdown import (
    _badges,
    _claim_class,
    _doc,
    anchor,
    badge,
    exhibit_label,
    kind_badge,
    md_text,
    short_statement,
)
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
    SUBSTANTIVE,
    ClaimEntry,
    ClaimResult,
    CrossCheck,
    Registry,
    load_all,
)
from replication.ledger.report import (
    _chapter_href,
    _counts_lines,
    _markdown_rows,
    _role_text,
    _values,
    counts_sentence,
    status_counts,
    verdict_rules_markdown,
)


def _contrast(entry: ClaimEntry) -> ClaimResult | None:
    return check_contrast(entry) if entry.contrast else None


def _quantifier_text(quantifier: str) -> str:
    """ "all: the paper states it for every point of its stated domain" (the first clause of
    the quantifier's meaning)."""
    return f"{quantifier}: {md_text(QUANTIFIERS[quantifier].split(';')[0])}"


def _cross_check_text(check: CrossCheck) -> str:
    """One cross-check in words: name, ours against the reference, the gap, the tolerance, the verdict.

    A number below the rounding floor (:data:`~replication.core.numbers.ROUNDING`, times the
    reference's size for an absolute gap) is written as a bound: its digits are the
    machine's rounding, not the check's result (a reference of exactly 0 is written 0).
    """
    gap = "relative gap" if check.relative else "gap"
    verdict = "passed" if check.passed else "**failed**"
    size = 1.0 if check.relative else max(1.0, abs(check.reference))
    floor = 10.0 ** math.ceil(math.log10(ROUNDING * size))

    def number(value: float, *, exact_zero: bool = False) -> str:
        return f"{value:.6g}" if abs(value) >= floor or (exact_zero and value == 0) else bound(value, floor)

    return (
        f"{md_text(check.name)}: ours {number(check.value)} against {number(check.reference, exact_zero=True)}, "
        f"{gap} {bound(check.disagreement, floor)} (tolerance {check.tolerance:.2g}): {verdict}"
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
    and the rules of a verdict (:func:`~replication.ledger.report.verdict_rules_markdown`)."""
    return "\n".join([ledger_counts_markdown(registry), verdict_rules_markdown()])


def summary_table_markdown(paper: str, registry: Registry = REGISTRY, *, page: str = "book/ledger") -> str:
    """The ledger at a glance for ``paper``: one row per claim in the paper's order, with its
    label (linked to its card), the paper's words (shortened,
    :func:`~replication.ledger.markdown.short_statement`; never
    empty), the paper's number and ours where a check compares one (columns shown only
    then), its status badge, the kind of its failure (empty when it is not a failure) and a
    link, relative to the page ``page``, to the claim's row in its chapter
    (:func:`~replication.ledger.report.chapter_place`), in a container of classes ``ledger-glance`` and
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
    "beyond": FindingGroup(
        "What we add beyond the papers",
        "Statements of our own, not the papers': what the papers' models imply beyond what they "
        "state, each checked like a claim of the papers.",
    ),
}

_GROUP_OF_KIND = {MISPRINT: "errata", SUBSTANTIVE: "fails", DEGENERATE: "ties", DOMAIN: "domain", READING: "readings"}


def is_ours(entry: ClaimEntry) -> bool:
    """A statement of our own rather than a paper's: a claim of the part beyond the papers, or
    one whose label or location says it goes beyond its paper."""
    return entry.paper == "beyond" or "beyond the paper" in f"{entry.label} {entry.location}".lower()


def finding_group(entry: ClaimEntry, result: ClaimResult) -> str | None:
    """The group of :data:`FINDING_GROUPS` a claim belongs to on the findings page, or None
    for a claim of a paper reproduced as worded under its only reading.

    A statement of our own (:func:`is_ours`) goes to "beyond", whatever its verdict.  Of the
    papers' claims, one not reproduced goes by the kind of its failure (a misprint to the errata, a
    failure at ties to "ties", one beyond the stated domain to "domain", one under a reading
    to the readings, any other to "fails"); a claim reproduced with caveat to the repairs;
    a calibrated one to the calibrations; a reproduced claim that tests a reading to the
    readings.  Every claim is in at most one group.
    """
    if is_ours(entry):
        return "beyond"
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


#: How a check's summary introduces its first counterexample (see :func:`finding_sentence`).
_FIRST_COUNTEREXAMPLE = "; first counterexample: "


def finding_sentence(result: ClaimResult) -> tuple[str, str]:
    """What a check found, as one plain sentence, and its counterexample ("" when it has none).

    The sentence is the check's summary up to its first counterexample, capitalised and
    closed with a full stop; the counterexample is the rest of the summary, or, where the
    summary names none, the first counterexample the evidence records for a claim not
    reproduced.

    >>> finding_sentence(ClaimResult("not reproduced", "z falls: holds at 3 of 4 points; first counterexample: q=1"))
    ('Z falls: holds at 3 of 4 points.', 'q=1')
    """
    summary = " ".join(result.summary.split())
    head, found, example = summary.partition(_FIRST_COUNTEREXAMPLE)
    if not found:
        recorded = result.evidence.get("counterexamples") if isinstance(result.evidence, Mapping) else None
        example = str(recorded[0]) if recorded and result.status == NOT_REPRODUCED else ""
    sentence = head[:1].upper() + head[1:]
    return (sentence if sentence.endswith((".", "!", "?")) else sentence + "."), example


def _finding_card(entry: ClaimEntry, result: ClaimResult, *, with_paper: bool) -> list[str]:
    """A claim as a finding under ``finding-<paper>-<label>``: its badges and links (its chapter
    and its ledger entry, which holds the full evidence), the statement, what we found in one
    plain sentence, and its counterexample, reading, repair or calibration."""
    ledger = f"{{ref}}`the evidence in the ledger <{anchor('claim', entry.id)}>`"
    heading = f"### {md_text(PAPERS[entry.paper].short)}," if with_paper else "###"
    where = f"{md_text(entry.location)} \u00b7 " if entry.location else ""
    sentence, example = finding_sentence(result)
    items = [("Ours" if is_ours(entry) else "The paper", md_text(entry.statement))]
    if entry.reading:
        items.append(("Reading tested", md_text(entry.reading)))
    items.append(("What we found", md_text(sentence)))
    if example:
        items.append(("Counterexample", md_text(example)))
    if result.repair:
        items.append(("Repair or added condition", md_text(result.repair)))
    if result.calibration:
        items.append(("Calibration", md_text(result.calibration)))
    out = [
        f"({anchor('finding', entry.id)})=",
        f"{heading} {md_text(entry.label)}",
        "",
        f":::{{container}} claim-card {_claim_class(result.status)}",
        f"{_badges(entry, result)} {where}`{entry.id}` \u00b7 {_doc(entry.chapter, 'read it in its chapter')} "
        f"\u00b7 {ledger}",
        "",
    ]
    for term, definition in items:
        out += [term, f": {definition}", ""]
    return [*out, ":::", ""]


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
