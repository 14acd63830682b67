"""The generated pages of the book: claims ledger, findings, chapters' closing tables, and
the Markdown-safety of text taken from the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import replication.core.book as book
from replication.core import CALIBRATED, CAVEAT, NOT_REPRODUCED, REPRODUCED, STATUS_RULE, ClaimResult
from replication.core.book import (
    anchor,
    claims_table,
    escape_currency,
    findings_markdown,
    ledger_markdown,
    ledger_summary_markdown,
    md_text,
)


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
    monkeypatch.setattr(book, "check", lambda entry: entry.check())
    monkeypatch.setattr(book, "check_contrast", lambda entry: entry.check_contrast())


@pytest.fixture
def claims(registry):
    """The shared test registry plus a calibrated claim, a reading and a claim with a dollar
    amount, all in Naghizadeh & Liu (2014)."""

    @registry.claim(
        "naghizadeh2014:example_1_saving",
        label="Example 1 saving",
        statement="The saving is close to $40M.",
        chapter="book/test",
        location="Section IV-A",
        contrast="another cost scale",
        quantifier="all",
        failure_kind="substantive",
    )
    def saving(contrast: bool = False) -> ClaimResult:
        if contrast:
            return ClaimResult(NOT_REPRODUCED, "off by $9M at scale 40", {})
        return ClaimResult(
            CALIBRATED,
            "saving $38M",
            {"paper_value": "$40M", "our_value": "$38M"},
            calibration="cost scale tuned; $31M-$48M over scales 15 to 25",
        )

    @registry.claim(
        "naghizadeh2014:reading_mean",
        label="Which equilibrium",
        statement="The mean NE.",
        chapter="book/test",
        location="Section IV-B",
        reading="the mean of the extreme equilibria",
        contrast="the smoothed equilibrium",
        quantifier="all",
        failure_kind="substantive",
    )
    def reading(contrast: bool = False) -> ClaimResult:
        return ClaimResult(NOT_REPRODUCED if contrast else REPRODUCED, "holds at 10 of 10 draws", {})

    return registry


def test_ledger_has_one_card_per_claim_with_badge_anchor_link_and_contrast(claims, uncached):
    text = ledger_markdown("naghizadeh2014", registry=claims)
    ids = [e.id for e in claims.sorted("claims")]
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
    assert text.startswith("5 claims: 2\u00a0{status}`reproduced`, 1\u00a0{status}`reproduced with caveat`")


def test_ledger_summary_prints_every_status_rule(claims, uncached):
    text = ledger_summary_markdown(registry=claims)
    assert text.startswith("**5 claims:**")
    for status, rule in STATUS_RULE.items():
        assert f"{{status}}`{status}`\n: {md_text(rule)}" in text


def test_findings_list_exactly_what_is_not_plainly_reproduced(claims, uncached):
    text = findings_markdown("naghizadeh2014", registry=claims)
    assert text.startswith("4 of the paper's 5 claims are listed here:")
    assert text.splitlines()[0].endswith("(a reproduced claim is listed for the reading it tests).")
    listed = re.findall(r"^\(finding-([a-z0-9-]+)\)=$", text, re.M)
    assert listed == [
        "naghizadeh2014-theorem-3",
        "naghizadeh2014-theorem-2",
        "naghizadeh2014-example-1-saving",
        "naghizadeh2014-reading-mean",
    ]
    assert "{ref}`its ledger entry <claim-naghizadeh2014-theorem-3>`" in text
    assert "Reading tested\n: the mean of the extreme equilibria" in text
    assert "theorem-1" not in text  # reproduced as worded, no reading
    assert findings_markdown("shim2012", registry=claims) == "All 0 claims of Shim (2012) are reproduced as worded."


def test_closing_table_links_each_claim_and_shows_numbers_and_badges(claims, uncached):
    text = claims_table(["naghizadeh2014:theorem_2", "naghizadeh2014:example_1_saving"], registry=claims).data
    lines = text.strip().splitlines()
    assert lines[0] == "| claim | the paper | ours | status |"
    assert lines[2] == (
        "| {ref}`Theorem 2 <claim-naghizadeh2014-theorem-2>` | \u2013 | evidence 2 | {status}`reproduced with caveat` |"
    )
    assert lines[3] == (
        "| {ref}`Example 1 saving <claim-naghizadeh2014-example-1-saving>` | \\$40M | \\$38M | {status}`calibrated` |"
    )


def test_unknown_paper_is_a_clear_error(claims):
    with pytest.raises(ValueError, match="paper must be one of"):
        ledger_markdown("shim", registry=claims)
    with pytest.raises(ValueError, match="paper must be one of"):
        findings_markdown("shim", registry=claims)


def test_every_status_has_a_badge_class_and_unknown_ones_are_refused():
    from replication.core.registry import STATUSES
    from replication.core.sphinx_book import status_slug

    assert [status_slug(s) for s in STATUSES] == ["reproduced", "caveat", "calibrated", "not-reproduced"]
    css = (Path(__file__).resolve().parents[1] / "_static" / "book.css").read_text()
    for status in STATUSES:
        assert f".status-{status_slug(status)} {{" in css
    with pytest.raises(ValueError, match="status must be one of"):
        status_slug("mostly reproduced")
    with pytest.raises(ValueError, match="status must be one of"):
        book.badge("mostly reproduced")


def test_registered_figures_get_the_papers_numbers_and_caption_prefixes():
    from replication.core.notebooks import figure_label
    from replication.core.registry import REGISTRY, load_all
    from replication.core.sphinx_book import paper_numbers

    load_all()
    numbers = paper_numbers()
    assert numbers["shim2012-figure-7"] == ("Shim (2012), Figure 7", "Shim (2012) Figure 7. ")
    for entry in REGISTRY.sorted("figures"):
        shown, prefix = numbers[figure_label(entry.id)]
        assert entry.title.startswith(prefix) and entry.number in shown


def test_every_figure_convention_can_be_drawn_in_the_legend():
    from replication.core.sphinx_book import _HATCH_CSS
    from replication.core.style import CONVENTIONS, HATCHES

    assert {look["hatch"] for look in CONVENTIONS.values()} <= set(_HATCH_CSS)
    assert {look["hatch"] for look in CONVENTIONS.values()} <= set(HATCHES)
    assert len({look["color"] for look in CONVENTIONS.values()}) == len(CONVENTIONS)
