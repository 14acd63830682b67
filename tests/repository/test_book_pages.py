"""The generated pages of the book: claims ledger, findings, chapters' closing tables, and
the Markdown-safety of text taken from the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import replication.ledger.checks as checks
import replication.ledger.markdown as markdown
import replication.ledger.pages as pages
from replication.core.papers import PAPERS
from replication.ledger import CALIBRATED, CAVEAT, NOT_REPRODUCED, REPRODUCED, STATUS_RULE, ClaimResult
from replication.ledger.markdown import anchor, escape_currency, md_text, short_statement
from replication.ledger.pages import (
    FINDING_GROUPS,
    findings_by_group,
    findings_group_markdown,
    findings_markdown,
    findings_overview_markdown,
    ledger_glance_markdown,
    ledger_markdown,
    ledger_summary_markdown,
    summary_table_markdown,
)
from replication.ledger.registry import FAILURE_KINDS, QUANTIFIERS, CrossCheck
from replication.ledger.report import chapter_place, claims_table


def inline_math(text: str) -> list[str]:
    """The inline formulas MyST's dollarmath (as the book configures it) finds in ``text``."""
    md = MarkdownIt("commonmark").use(dollarmath_plugin, allow_space=True, allow_digits=True)
    found = []
    for token in md.parse(text):
        found += [child.content for child in token.children or [] if child.type == "math_inline"]
    return found


@pytest.mark.parametrize(
    "text",
    [
        "users 5 and 7 pay premiums of $4.7M and $7M;",
        "With full coverage (I = $50M), user 3 pays a premium of $2M and user 7 a zero premium.",
        "a saving of $35M-$40M",
        "from $0 to $1",
        "a lone $ sign",
    ],
)
def test_currency_is_never_math(text):
    assert inline_math(escape_currency(text)) == []
    assert inline_math(md_text(text)) == []


def test_unescaped_currency_would_be_math():
    """Why :func:`escape_currency` exists: dollarmath reads two amounts as one formula."""
    assert inline_math("premiums of $4.7M and $7M;") == ["4.7M and "]


@pytest.mark.parametrize(
    "text, formulas",
    [
        ("costs $U(0, 20)$ and $0 \\le s \\le 1$", ["U(0, 20)", "0 \\le s \\le 1"]),
        ("tolerance $10^{-9}$ and $x$ and $\\gamma = 10$", ["10^{-9}", "x", "\\gamma = 10"]),
        ("close to \\$40M while $N = 10$", ["N = 10"]),
    ],
)
def test_real_math_is_kept(text, formulas):
    assert inline_math(escape_currency(text)) == formulas
    assert inline_math(md_text(text)) == formulas


def test_markdown_specials_outside_math_are_shown_as_written():
    md = MarkdownIt("commonmark")
    html = md.render(md_text("reach m*: the optimum x* with l*_ij and a | pipe"))
    assert "<em>" not in html and "m*" in html and "x*" in html and "l*_ij" in html


def table_cell_math(text: str) -> list[str]:
    """The inline formulas of ``text`` placed in a one-cell pipe table."""
    md = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)
    found = []
    for token in md.parse(f"| h |\n|---|\n| {text} |\n"):
        found += [child.content for child in token.children or [] if child.type == "math_inline"]
    return found


def test_pipes_in_math_survive_both_prose_and_table_cells():
    text = r"gap $\|\hat x - x^*\|$ and $|t|$, a | b"
    assert inline_math(md_text(text)) == [r"\|\hat x - x^*\|", "|t|"]
    assert table_cell_math(md_text(text, table=True)) == [r"\|\hat x - x^*\|", "|t|"]


def test_anchor_is_stable_and_as_documented():
    assert anchor("finding", "shim2012:proposition_3_stability") == "finding-shim2012-proposition-3-stability"
    assert anchor("claim", "naghizadeh2014:theorem_2") == "claim-naghizadeh2014-theorem-2"


@pytest.fixture
def uncached(monkeypatch):
    """Run checks directly (the disk cache is keyed on ids, which test registries reuse)."""
    monkeypatch.setattr(checks, "check", lambda entry: entry.check())
    monkeypatch.setattr(checks, "check_contrast", lambda entry: entry.check_contrast())
    monkeypatch.setattr(pages, "check_contrast", lambda entry: entry.check_contrast())


@pytest.fixture
def claims(registry):
    """The shared test registry plus, all in Naghizadeh & Liu (2014): a calibrated claim with
    a dollar amount and a cross-check, a reading that holds, and a failure of each kind other
    than the shared registry's substantive one (the misprint named by its check, which
    overrides the registration's kind, with a failed cross-check and its informative points)."""

    @registry.claim(
        "naghizadeh2014:example_1_saving",
        label="Example 1 saving",
        statement="The saving is close to $40M.",
        chapter="book/test",
        location="Section IV-A",
        contrast="another cost scale",
        quantifier="share",
        failure_kind="substantive",
    )
    def saving(contrast: bool = False) -> ClaimResult:
        if contrast:
            return ClaimResult(NOT_REPRODUCED, "off by $9M at scale 40", {}, failure_kind="substantive")
        return ClaimResult(
            CALIBRATED,
            "saving $38M",
            {"paper_value": "$40M", "our_value": "$38M"},
            calibration="cost scale tuned; $31M-$48M over scales 15 to 25",
            cross_checks=(CrossCheck("saving against the paper", 38.0, 40.0, 0.1, relative=True),),
        )

    @registry.claim(
        "naghizadeh2014:reading_mean",
        label="Which equilibrium",
        statement="The mean NE.",
        chapter="book/test",
        location="Section IV-B",
        reading="the mean of the extreme equilibria",
        contrast="the smoothed equilibrium",
        quantifier="some",
        failure_kind="substantive",
    )
    def reading(contrast: bool = False) -> ClaimResult:
        return ClaimResult(NOT_REPRODUCED if contrast else REPRODUCED, "holds at 10 of 10 draws", {})

    @registry.claim(
        "naghizadeh2014:x_printed",
        label="Eq. (10) as printed",
        statement="Payments follow eq. (10), e.g. for user 1. The budget then balances.",
        chapter="book/test",
        location="Section III-A",
        contrast="the repaired equation",
        quantifier="all",
        failure_kind="substantive",
    )
    def printed(contrast: bool = False) -> ClaimResult:
        if contrast:
            return ClaimResult(REPRODUCED, "balances at 7 of 7 draws")
        return ClaimResult(
            NOT_REPRODUCED,
            "off by 0.5 at 7 of 7 draws",
            failure_kind="misprint",
            cross_checks=(CrossCheck("payments against eq. (10)", 1.5, 1.0, 1e-6),),
            informative=7,
        )

    for label, kind, reading_text in (
        ("y_ties", "degenerate", ""),
        ("y_beyond", "domain", ""),
        ("y_other_reading", "reading", "the strict inequality"),
    ):

        @registry.claim(
            f"naghizadeh2014:{label}",
            label=label.replace("_", " "),
            statement=f"A statement failing as {kind}.",
            chapter="book/test",
            location="Section V",
            reading=reading_text,
            contrast="a case where it holds",
            quantifier="all",
            failure_kind=kind,
        )
        def failing(contrast: bool = False, kind: str = kind) -> ClaimResult:
            return ClaimResult(REPRODUCED if contrast else NOT_REPRODUCED, f"fails ({kind})", informative=0)

    return registry


#: The verdict of each claim of the fixture ``claims``: (status, kind of failure, quantifier).
VERDICTS = {
    "naghizadeh2014:theorem_1": (REPRODUCED, None, "all"),
    "naghizadeh2014:theorem_2": (CAVEAT, None, "all"),
    "naghizadeh2014:theorem_3": (NOT_REPRODUCED, "substantive", "all"),
    "naghizadeh2014:example_1_saving": (CALIBRATED, None, "share"),
    "naghizadeh2014:reading_mean": (REPRODUCED, None, "some"),
    "naghizadeh2014:x_printed": (NOT_REPRODUCED, "misprint", "all"),
    "naghizadeh2014:y_ties": (NOT_REPRODUCED, "degenerate", "all"),
    "naghizadeh2014:y_beyond": (NOT_REPRODUCED, "domain", "all"),
    "naghizadeh2014:y_other_reading": (NOT_REPRODUCED, "reading", "all"),
}


def cards(text: str) -> dict[str, str]:
    """Claim id -> the text of its card (from its container line to the closing fence)."""
    found = {}
    for block in text.split(":::{container} claim-card")[1:]:
        body = block.split("\n:::\n", 1)[0]
        found[re.search(r"`([a-z0-9]+:[a-z0-9_]+)`", body).group(1)] = body
    return found


def test_ledger_has_one_card_per_claim_with_badge_anchor_link_and_contrast(claims, uncached):
    text = ledger_markdown("naghizadeh2014", registry=claims)
    ids = [e.id for e in claims.sorted("claims")]
    assert sorted(ids) == sorted(VERDICTS)
    for entry_id in ids:
        assert text.count(f"({anchor('claim', entry_id)})=") == 1
        assert f"`{entry_id}`" in text
    assert text.count(":::{container} claim-card") == len(ids)
    assert text.count("{doc}`read it in its chapter </book/test>`") == len(ids)
    # each card: its own status badge and its contrast case's status badge
    for status in (REPRODUCED, CAVEAT, NOT_REPRODUCED, CALIBRATED):
        assert f"{{status}}`{status}`" in text
    assert "Contrast case\n: the opposite sign \u2192 the same check: {status}`not reproduced` evidence 1" in text
    assert "Calibration\n: cost scale tuned; \\$31M-\\$48M" in text
    assert "Repair or added condition\n: an added condition" in text
    assert inline_math(text) == []
    assert text.startswith(
        "9 claims: 2\u00a0{status}`reproduced`, 1\u00a0{status}`reproduced with caveat`, "
        "1\u00a0{status}`calibrated`, 5\u00a0{status}`not reproduced`.\n\n"
        "Of the 5 not reproduced, by the kind of failure: 1\u00a0{failure-kind}`misprint`, "
        "1\u00a0{failure-kind}`degenerate`, 1\u00a0{failure-kind}`domain`, 1\u00a0{failure-kind}`reading`, "
        "1\u00a0{failure-kind}`substantive`.\n"
    )


def test_every_card_shows_its_kind_quantifier_cross_checks_and_informative_points(claims, uncached):
    """A card's first line is its status badge, then (only when not reproduced) the kind
    badge; the definition list gives the paper's quantifier, the kind's meaning, every
    cross-check with its tolerance and verdict, and the informative points when counted."""
    found = cards(ledger_markdown("naghizadeh2014", registry=claims))
    assert sorted(found) == sorted(VERDICTS)
    for entry_id, (status, kind, quantifier) in VERDICTS.items():
        meta = found[entry_id].splitlines()[1]
        expected = f"{{status}}`{status}`" + (f" {{failure-kind}}`{kind}`" if kind else "")
        assert meta.startswith(expected + " "), (entry_id, meta)
        assert meta.count("{failure-kind}") == (1 if kind else 0), entry_id
        assert f"\nQuantifier\n: {quantifier}: " in found[entry_id]
        assert ("\nKind of failure\n: {failure-kind}`" in found[entry_id]) == bool(kind), entry_id
    assert "Quantifier\n: some: the paper states that it can happen" in found["naghizadeh2014:reading_mean"]
    assert (
        "Kind of failure\n: {failure-kind}`misprint` a typo in a printed formula or number"
        in found["naghizadeh2014:x_printed"]
    )
    assert (
        "Cross-checks\n: payments against eq. (10): ours 1.5 against 1, gap 0.5 (tolerance 1e-06): **failed**"
        in found["naghizadeh2014:x_printed"]
    )
    assert (
        "Cross-checks\n: saving against the paper: ours 38 against 40, relative gap 0.05 (tolerance 0.1): passed"
        in found["naghizadeh2014:example_1_saving"]
    )
    assert "Informative points\n: 7 of the points checked could" in found["naghizadeh2014:x_printed"]
    assert "this check is no evidence" in found["naghizadeh2014:y_ties"]
    assert "Informative points" not in found["naghizadeh2014:theorem_1"]  # not counted
    assert "Cross-checks" not in found["naghizadeh2014:theorem_1"]


def test_a_cross_check_at_rounding_reads_the_same_on_every_machine():
    """Ours at rounding level (0 with one BLAS kernel, 3e-15 with another) is written as a
    bound, so the card does not change with the machine; a number above it keeps its digits."""
    from replication.ledger.pages import _cross_check_text
    from replication.ledger.results import CrossCheck

    texts = {_cross_check_text(CrossCheck("prices", v, 0.0, 1.8e-8)) for v in (0.0, 3.03947e-15, -3.0185e-15)}
    assert texts == {"prices: ours below 1e-12 against 0, gap below 1e-12 (tolerance 1.8e-08): passed"}
    slopes = {_cross_check_text(CrossCheck("slope", v, -2.51609, 3.5e-9)) for v in (-2.51609, -2.51609 + 4.4e-16)}
    assert slopes == {"slope: ours -2.51609 against -2.51609, gap below 1e-11 (tolerance 3.5e-09): passed"}
    assert _cross_check_text(CrossCheck("z", 1.23356e-8, 0.0, 1e-6)).endswith("gap 1.2e-08 (tolerance 1e-06): passed")


def test_a_failure_of_no_kind_is_refused_by_the_ledger(registry, uncached):
    @registry.claim("ogut2005:result_1", label="R1", statement="s", chapter="book/test", quantifier="all")
    def result_1(contrast: bool = False) -> ClaimResult:
        return ClaimResult(NOT_REPRODUCED, "fails")

    with pytest.raises(ValueError, match="failure_kind"):
        ledger_markdown("ogut2005", registry=registry)


def test_ledger_summary_prints_every_rule(claims, uncached):
    text = ledger_summary_markdown(registry=claims)
    assert text.startswith("**9 claims:**")
    assert "Of the 5 not reproduced, by the kind of failure:" in text
    for status, rule in STATUS_RULE.items():
        assert f"{{status}}`{status}`\n: {md_text(rule)}" in text
    for quantifier, meaning in QUANTIFIERS.items():
        assert f"**{quantifier}**\n: {md_text(meaning)}" in text
    for kind, meaning in FAILURE_KINDS.items():
        assert f"{{failure-kind}}`{kind}`\n: {md_text(meaning)}" in text
    # the status rule, then the quantifiers, then the kinds
    assert (
        text.index(STATUS_RULE[NOT_REPRODUCED][:30]) < text.index("**all**") < text.index("{failure-kind}`misprint`\n")
    )


def glance_rows(text: str) -> list[list[str]]:
    """The body rows of a summary table, as lists of stripped cells."""
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_summary_table_has_one_row_per_claim_in_ledger_order(claims, uncached):
    text = summary_table_markdown("naghizadeh2014", registry=claims)
    assert text.startswith(":::{container} ledger-glance ledger-paper-naghizadeh2014\n")
    assert text.rstrip().endswith(":::")
    # the value columns are there because one claim compares a number with the paper's
    assert "| claim | the paper says | the paper's value | ours | status | kind | where |" in text
    rows = glance_rows(text)
    entries = claims.sorted("claims")
    assert len(rows) == len(entries) == len(VERDICTS)
    for row, entry in zip(rows, entries):
        status, kind, _ = VERDICTS[entry.id]
        assert row[0] == f"{{ref}}`{entry.label} <{anchor('claim', entry.id)}>`"
        assert row[1] == md_text(short_statement(entry.statement, 100), table=True) and row[1]
        assert row[4:6] == [f"{{status}}`{status}`", f"{{failure-kind}}`{kind}`" if kind else ""]
        place = entry.chapter.removeprefix("book/")
        assert row[6] == f'<a class="chapter-place" href="{place}.html#{chapter_place(entry.id)}">in its chapter</a>'
    saving = rows[[e.id for e in entries].index("naghizadeh2014:example_1_saving")]
    assert saving[2:4] == ["\\$40M", "\\$38M"]
    assert (
        rows[[e.id for e in entries].index("naghizadeh2014:x_printed")][1]
        == "Payments follow eq. (10), e.g. for user 1."
    )
    glance = ledger_glance_markdown(registry=claims)
    assert glance.count(":::{container} ledger-glance ") == 1  # only the paper with claims
    assert glance.startswith("::::{container} ledger-glance-block\n\n**Naghizadeh & Liu (2014)**\n\n9 claims:")
    assert glance.rstrip().endswith("::::")
    with pytest.raises(ValueError, match="paper must be one of"):
        summary_table_markdown("shim", registry=claims)


def test_findings_list_exactly_what_is_not_plainly_reproduced(claims, uncached):
    text = findings_markdown("naghizadeh2014", registry=claims)
    assert text.startswith("8 of the paper's 9 claims are listed here:")
    assert text.splitlines()[0].endswith("(a reproduced claim is listed for the reading it tests).")
    listed = re.findall(r"^\(finding-([a-z0-9-]+)\)=$", text, re.M)
    assert listed == [
        "naghizadeh2014-x-printed",
        "naghizadeh2014-theorem-3",
        "naghizadeh2014-y-ties",
        "naghizadeh2014-y-beyond",
        *[anchor("finding", e.id)[len("finding-") :] for e in claims.sorted("claims") if e.reading],
        "naghizadeh2014-theorem-2",
        "naghizadeh2014-example-1-saving",
    ]
    assert "{ref}`the evidence in the ledger <claim-naghizadeh2014-theorem-3>`" in text
    assert "Reading tested\n: the mean of the extreme equilibria" in text
    assert "theorem-1" not in text  # reproduced as worded, no reading
    assert findings_markdown("shim2012", registry=claims) == "All 0 claims of Shim (2012) are reproduced as worded."


def test_a_finding_is_one_plain_sentence_with_its_counterexample():
    failed = ClaimResult(
        NOT_REPRODUCED, "cover falls: holds at 3 of 4 points; first counterexample: q=1, z=0.2; 2 more"
    )
    assert pages.finding_sentence(failed) == ("Cover falls: holds at 3 of 4 points.", "q=1, z=0.2; 2 more")
    recorded = ClaimResult(NOT_REPRODUCED, "the bound holds nowhere.", {"counterexamples": ["N=3", "N=4"]})
    assert pages.finding_sentence(recorded) == ("The bound holds nowhere.", "N=3")
    held = ClaimResult(REPRODUCED, "holds at 4 of 4 points", {"counterexamples": ["ignored"]})
    assert pages.finding_sentence(held) == ("Holds at 4 of 4 points.", "")


def test_findings_groups_partition_the_findings(claims, uncached):
    """Every claim the findings page lists is in exactly one group; a claim not reproduced
    goes by its kind, a reading that holds to the readings; the page's sections list the
    cards of their group and nothing else."""
    groups = findings_by_group(registry=claims)
    assert list(groups) == list(FINDING_GROUPS)
    members = {key: [e.id for e, _ in items] for key, items in groups.items()}
    listed = [i for ids in members.values() for i in ids]
    assert len(listed) == len(set(listed))  # disjoint
    assert set(listed) == {i for i, (status, _, _) in VERDICTS.items() if i != "naghizadeh2014:theorem_1"}
    assert members == {
        "errata": ["naghizadeh2014:x_printed"],
        "fails": ["naghizadeh2014:theorem_3"],
        "ties": ["naghizadeh2014:y_ties"],
        "domain": ["naghizadeh2014:y_beyond"],
        "readings": [e.id for e in claims.sorted("claims") if e.reading],
        "repairs": ["naghizadeh2014:theorem_2"],
        "calibrations": ["naghizadeh2014:example_1_saving"],
        "beyond": [],
    }
    assert sorted(members["readings"]) == ["naghizadeh2014:reading_mean", "naghizadeh2014:y_other_reading"]
    for key, ids in members.items():
        text = findings_group_markdown(key, registry=claims)
        assert text.startswith(md_text(FINDING_GROUPS[key].description))
        assert re.findall(r"^\(finding-([a-z0-9-]+)\)=$", text, re.M) == [anchor("finding", i)[8:] for i in ids]
        for entry_id in ids:
            label = claims.get(entry_id, "claims").label
            assert f"### Naghizadeh & Liu (2014), {md_text(label)}" in text
            sentence, example = pages.finding_sentence(checks.check(claims.get(entry_id, "claims")))
            assert f"What we found\n: {md_text(sentence)}" in text
            assert (f"Counterexample\n: {md_text(example)}" in text) == bool(example)
    overview = findings_overview_markdown(registry=claims)
    assert overview.startswith("8 of the 9 claims are listed here")
    assert "- {ref}`findings-readings`: 2 (Naghizadeh & Liu (2014) 2)" in overview
    assert overview.count("\n- ") == len(FINDING_GROUPS)
    with pytest.raises(ValueError, match="group must be one of"):
        findings_group_markdown("misprints", registry=claims)


def test_closing_table_links_each_claim_and_shows_numbers_words_kinds_and_badges(claims, uncached):
    ids = ["naghizadeh2014:theorem_2", "naghizadeh2014:example_1_saving", "naghizadeh2014:x_printed"]
    text = claims_table(ids, registry=claims).data
    lines = text.strip().splitlines()
    assert lines[0] == "| claim | the paper says | the paper's value | ours | status | kind |"
    assert lines[2] == (
        '| <span id="in-chapter-naghizadeh2014-theorem-2"></span>'
        "{ref}`Theorem 2 <claim-naghizadeh2014-theorem-2>` | Statement 2. |  | evidence 2 "
        "| {status}`reproduced with caveat` |  |"
    )
    assert lines[3] == (
        '| <span id="in-chapter-naghizadeh2014-example-1-saving"></span>'
        "{ref}`Example 1 saving <claim-naghizadeh2014-example-1-saving>` | The saving is close to \\$40M. "
        "| \\$40M | \\$38M "
        "| {status}`calibrated` |  |"
    )
    assert lines[4] == (
        '| <span id="in-chapter-naghizadeh2014-x-printed"></span>'
        "{ref}`Eq. (10) as printed <claim-naghizadeh2014-x-printed>` | Payments follow eq. (10), e.g. for user 1. "
        "|  | off by 0.5 at 7 of 7 draws | {status}`not reproduced` | {failure-kind}`misprint` |"
    )
    # without a number anywhere, the paper's value is no column
    without = claims_table(["naghizadeh2014:theorem_2"], registry=claims).data.splitlines()[0]
    assert without == "| claim | the paper says | ours | status | kind |"
    assert "\u2013" not in text


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("Firms invest more. They insure less.", 160, "Firms invest more."),
        ("It holds, e.g. at $q=0.5$, cf. eq. (3). Then more.", 160, "It holds, e.g. at $q=0.5$, cf. eq. (3)."),
        ("At $x_i^*. Y$ it holds. Next.", 160, "At $x_i^*. Y$ it holds."),
        ("The premium is $4.7M. Then $7M.", 160, "The premium is \\$4.7M."),
        ("a lower-case start. continues here", 160, "a lower-case start. continues here"),
        (
            "Investment $z^* + \\lambda q$ rises with the loading when cover is bought",
            40,
            "Investment $z^* + \\lambda q$ rises with\u2026",
        ),
        ("Investment $z^* + \\lambda q$ rises", 20, "Investment\u2026"),
        ("$a + b + c + d + e + f + g + h + i + j + k$ holds", 20, "$a + b + c + d + e + f + g + h + i + j + k$ holds"),
    ],
)
def test_short_statement_keeps_the_first_sentence_and_whole_formulas(text, limit, short):
    assert short_statement(text, limit) == short
    assert len(short) <= limit or "\u2026" not in short  # only a lone formula may exceed the limit
    assert len(inline_math(md_text(short))) == len(re.findall(r"(?<!\\)\$", short)) // 2


def test_short_statement_refuses_a_tiny_limit():
    with pytest.raises(ValueError, match="limit"):
        short_statement("Firms invest more.", 5)


def test_unknown_paper_is_a_clear_error(claims):
    with pytest.raises(ValueError, match="paper must be one of"):
        ledger_markdown("shim", registry=claims)
    with pytest.raises(ValueError, match="paper must be one of"):
        findings_markdown("shim", registry=claims)


def test_every_status_has_a_badge_class_and_unknown_ones_are_refused():
    from replication.ledger.markdown import status_slug
    from replication.ledger.registry import STATUSES

    assert [status_slug(s) for s in STATUSES] == ["reproduced", "caveat", "calibrated", "not-reproduced"]
    css = (Path(__file__).resolve().parents[2] / "_static" / "book.css").read_text()
    for status in STATUSES:
        assert f".status-{status_slug(status)} {{" in css
    with pytest.raises(ValueError, match="status must be one of"):
        status_slug("mostly reproduced")
    with pytest.raises(ValueError, match="status must be one of"):
        markdown.badge("mostly reproduced")


BOOK = Path(__file__).resolve().parents[2] / "book"


def _cells(name: str) -> list[tuple[str, str]]:
    import nbformat

    return [(c.cell_type, c.source) for c in nbformat.read(BOOK / f"{name}.ipynb", as_version=4).cells]


def test_findings_page_has_one_section_per_group_in_order():
    """The findings page: an overview, then for each group of FINDING_GROUPS (in order) a
    section under the anchor ``findings-<group>`` titled as the group, whose cell shows it."""
    cells = _cells("findings")
    sections = [
        (re.match(r"\((findings-[a-z]+)\)=\n## (.+)$", src).groups(), cells[i + 1])
        for i, (kind, src) in enumerate(cells)
        if kind == "markdown" and src.startswith("(findings-")
    ]
    assert [heading for heading, _ in sections] == [(f"findings-{k}", g.title) for k, g in FINDING_GROUPS.items()]
    for (label, _), (kind, src) in sections:
        assert kind == "code" and src == f'Markdown(findings_group_markdown("{label[len("findings-") :]}"))'
    assert any("findings_overview_markdown()" in src for kind, src in cells if kind == "code")
    # then the mutation score, read from the committed record of the mutation run
    assert cells[-2:] == [
        ("markdown", "(mutation-score)=\n## How hard the checks are: the mutation score"),
        ("code", "Markdown(mutation_markdown())"),
    ]


def test_ledger_page_shows_counts_tables_rules_then_cards():
    calls = [src.splitlines()[-1] for kind, src in _cells("ledger") if kind == "code"]
    assert calls == [
        "Markdown(ledger_counts_markdown())",
        "Markdown(ledger_glance_markdown())",
        "Markdown(verdict_rules_markdown())",
        *[f'Markdown(ledger_markdown("{paper}"))' for paper in PAPERS],
    ]


def _luminance(hex_colour: str) -> float:
    """Relative luminance of ``#rrggbb`` or ``#rgb`` (WCAG 2)."""
    if len(hex_colour) == 4:
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_failure_kind_has_a_readable_badge_and_unknown_ones_are_refused():
    """Each kind has its CSS class, with dark text on its background (WCAG AA for text,
    4.5:1, with margin) and a border that stands out from a white page (3:1 for a
    component); the role renders the classes and refuses an unknown kind."""
    from tools.sphinx_book import kind_role

    css = (Path(__file__).resolve().parents[2] / "_static" / "book.css").read_text()
    text_colour = re.search(r"\.kind-badge \{[^}]*\bcolor: (#[0-9a-fA-F]{3,6});", css).group(1)
    for kind in FAILURE_KINDS:
        rule = re.search(rf"\.kind-{kind} \{{([^}}]*)\}}", css)
        assert rule, f"no CSS rule for the kind {kind}"
        background = re.search(r"background: (#[0-9a-fA-F]{6})", rule.group(1)).group(1)
        border = re.search(r"border-color: (#[0-9a-fA-F]{3,6})", rule.group(1)).group(1)
        assert _contrast(text_colour, background) >= 7.0, kind
        assert _contrast(border, "#ffffff") >= 3.0, kind
        assert markdown.kind_badge(kind) == f"{{failure-kind}}`{kind}`"
        nodes, messages = kind_role("failure-kind", f":failure-kind:`{kind}`", kind, 1, None)
        assert messages == [] and nodes[0]["classes"] == ["kind-badge", f"kind-{kind}"] and nodes[0].astext() == kind
    with pytest.raises(ValueError, match="kind must be one of"):
        markdown.kind_badge("typo")


def test_registered_figures_get_the_papers_numbers_and_caption_prefixes():
    from replication.ledger.registry import REGISTRY, load_all
    from tools.notebooks import figure_label
    from tools.sphinx_book import paper_numbers

    load_all()
    numbers = paper_numbers()
    assert numbers["shim2012-figure-7"] == ("Shim (2012), Figure 7", "Shim (2012) Figure 7. ")
    for entry in REGISTRY.sorted("figures"):
        shown, prefix = numbers[figure_label(entry.id)]
        assert entry.title.startswith(prefix) and entry.number in shown


def test_every_figure_convention_can_be_drawn_in_the_legend():
    from replication.drawing.style import CONVENTIONS, HATCHES
    from tools.sphinx_book import _HATCH_CSS

    assert {look["hatch"] for look in CONVENTIONS.values()} <= set(_HATCH_CSS)
    assert {look["hatch"] for look in CONVENTIONS.values()} <= set(HATCHES)
    assert len({look["color"] for look in CONVENTIONS.values()}) == len(CONVENTIONS)
