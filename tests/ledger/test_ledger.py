"""The claims ledger keeps its promise: every checkable statement of the papers is in an
inventory and checked (or explained as context), every claim is in an inventory, every
check is shown to return both verdicts, and the statuses follow the written rule."""

from __future__ import annotations

import pytest

from replication.ledger import (
    CALIBRATED,
    CAVEAT,
    NOT_REPRODUCED,
    REPRODUCED,
    STATUS_RULE,
    STATUSES,
    ClaimResult,
    status_by_rule,
)
from replication.ledger.checks import check, check_contrast
from replication.ledger.inventory import KINDS, Statement, claim_order, inventory
from replication.ledger.markdown import anchor, badge, kind_badge, malformed_math
from replication.ledger.pages import (
    FINDING_GROUPS,
    findings_by_group,
    is_finding,
    is_ours,
    ledger_markdown,
    summary_table_markdown,
)
from replication.ledger.papers import PAPERS
from replication.ledger.registry import FAILURE_KINDS, QUANTIFIERS, REGISTRY, load_all
from replication.ledger.report import chapter_place, claims_table

load_all()
CLAIMS = REGISTRY.sorted("claims")
IDS = [e.id for e in CLAIMS]


def test_status_rule_is_applied_by_code():
    assert set(STATUS_RULE) == set(STATUSES)
    assert status_by_rule(0, 10) == REPRODUCED
    assert status_by_rule(1, 10) == NOT_REPRODUCED
    assert status_by_rule(0, 10, repair="needs q < 1/2") == CAVEAT
    assert status_by_rule(3, 10, repair="needs q < 1/2") == NOT_REPRODUCED
    assert status_by_rule(0, 10, calibration="beta tuned; range 0.2-0.4") == CALIBRATED
    for bad in ((0, 0), (-1, 3), (4, 3), (1.0, 3), (True, 3)):
        with pytest.raises(ValueError):
            status_by_rule(*bad)
    with pytest.raises(ValueError, match="either"):
        status_by_rule(0, 3, repair="x", calibration="y")
    with pytest.raises(ValueError, match="repair"):
        ClaimResult(CAVEAT, "holds", checked_over="3 points")
    with pytest.raises(ValueError, match="calibrated"):
        ClaimResult(CALIBRATED, "matches", checked_over="3 points")


def test_statements_need_claims_or_a_reason():
    with pytest.raises(ValueError, match="either"):
        Statement("Section 1", "in-text", "Firms invest.")
    with pytest.raises(ValueError, match="either"):
        Statement("Section 1", "in-text", "Firms invest.", ("shim2012:x",), context="anecdote")
    with pytest.raises(ValueError, match="kind"):
        Statement("Section 1", "rumour", "Firms invest.", context="anecdote")


@pytest.mark.parametrize("paper", list(PAPERS))
def test_inventory_and_registry_agree(paper):
    statements = inventory(paper)
    assert statements, paper
    assert all(s.kind in KINDS for s in statements)
    registered = {e.id for e in CLAIMS if e.paper == paper}
    listed = set(claim_order(paper))
    assert listed - registered == set(), "inventory names claims that are not registered"
    assert registered - listed == set(), "claims that are in no inventory statement"


def texts(value: object) -> list[str]:
    """Every string in a claim result (summary, evidence, nested in lists and dicts)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, ClaimResult):
        return texts([value.summary, value.checked_over, value.repair, value.calibration, value.evidence])
    if isinstance(value, dict):
        return texts(list(value.keys()) + list(value.values()))
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in texts(item)]
    return []


def test_malformed_math_is_found():
    assert malformed_math("$z=0.02$ without, $0.04$ with") == ["$0.04$"]
    assert malformed_math("full cover ($I = $ USD 50 million)") == ["$I = $"]
    assert malformed_math("one $x") == ["an odd number of $"]
    assert malformed_math("$\\lambda > 0$ and an escaped \\$5") == []


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_registry_text_typesets(entry):
    fields = (entry.label, entry.statement, entry.location, entry.reading, entry.contrast)
    assert not [(t[:80], malformed_math(t)) for t in fields if malformed_math(t)]


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_claim_says_where_and_against_what(entry):
    assert entry.location.strip(), "no location in the paper"
    assert entry.contrast.strip(), "no contrast case"
    assert entry.chapter.startswith("book/") and "#" not in entry.chapter


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_check_returns_both_verdicts(entry):
    """The claim's check and its contrast case disagree on whether the statement holds, and
    the text both write for the ledger typesets (no formula the Markdown would break)."""
    own, other = check(entry), check_contrast(entry)
    for result in (own, other):
        assert not [(t[:80], malformed_math(t)) for t in texts(result) if malformed_math(t)]
    assert own.checked_over.strip() and other.checked_over.strip()
    assert (own.status == NOT_REPRODUCED) != (other.status == NOT_REPRODUCED), (
        f"{entry.id}: {own.status} and, on its contrast case ({entry.contrast}), {other.status}"
    )


@pytest.mark.parametrize("entry", [e for e in CLAIMS if e.repairs], ids=[e.id for e in CLAIMS if e.repairs])
def test_repaired_claims_keep_the_unrepaired_statement(entry):
    assert entry.repairs in IDS, f"{entry.id} repairs {entry.repairs}, which is not registered"
    assert check(REGISTRY.get(entry.repairs, "claims")).status == NOT_REPRODUCED


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_caveats_name_the_unrepaired_claim(entry):
    if check(entry).status == CAVEAT:
        assert entry.repairs, f"{entry.id} is reproduced with caveat but names no unrepaired claim"


# -- the verdict model: quantifier, kind of failure, cross-checks --------------------------


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_every_claim_records_its_quantifier_and_the_kind_of_its_failure(entry):
    from replication.ledger.registry import FAILURE_KINDS, QUANTIFIERS

    assert entry.quantifier in QUANTIFIERS
    assert entry.failure_kind in FAILURE_KINDS, "a claim says what kind of failure it would be"
    result = check(entry)
    kind = entry.kind_of_failure(result)
    assert (kind is None) == (result.status != NOT_REPRODUCED)
    if kind is not None:
        assert kind in FAILURE_KINDS


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_no_status_contradicts_its_own_cross_checks(entry):
    """A reported disagreement above its tolerance never sits under a passing status."""
    for result in (check(entry), check_contrast(entry)):
        failed = [c.name for c in result.cross_checks if not c.passed]
        if failed:
            assert result.status == NOT_REPRODUCED, (entry.id, failed)


@pytest.mark.parametrize("entry", CLAIMS, ids=IDS)
def test_informative_counts_are_possible(entry):
    """A count of informative points is stated; where none could fail, the result says so."""
    result = check(entry)
    if result.informative is not None:
        assert result.informative >= 0
        if result.informative == 0:
            assert "could fail" in result.checked_over + result.summary, entry.id
        else:
            assert "informative" in result.summary


def test_a_failed_cross_check_lowers_the_status():
    from replication.ledger.registry import CrossCheck

    near = CrossCheck("closed form", 1.0, 1.0 + 1e-12, 1e-9)
    far = CrossCheck("closed form", 1.0, 1.1, 1e-9)
    relative = CrossCheck("paper's number", 4.7, 1.02, 0.1, relative=True)
    assert near.passed and not far.passed and not relative.passed
    assert relative.disagreement == pytest.approx(abs(4.7 - 1.02) / 1.02)
    assert status_by_rule(0, 10, cross_checks=(near,)) == REPRODUCED
    assert status_by_rule(0, 10, cross_checks=(near, far)) == NOT_REPRODUCED
    assert status_by_rule(0, 10, calibration="s tuned", cross_checks=(relative,)) == NOT_REPRODUCED
    with pytest.raises(ValueError, match="contradicts"):
        ClaimResult(REPRODUCED, "holds", cross_checks=(far,))
    with pytest.raises(ValueError, match="failure_kind"):
        ClaimResult(NOT_REPRODUCED, "fails", failure_kind="typo")


def test_the_quantifier_decides_what_a_count_means():
    from replication.ledger.verdicts import TYPICAL_SHARE, Tally, failures_under, verdict

    # 'all': every counterexample counts; 'some': one instance suffices; 'share': a typical draw.
    assert failures_under("all", 9, 10) == 1
    assert failures_under("some", 1, 10) == 0 and failures_under("some", 0, 10) == 10
    assert failures_under("share", int(TYPICAL_SHARE * 10), 10) == 0
    assert failures_under("share", int(TYPICAL_SHARE * 10) - 1, 10) > 0
    with pytest.raises(ValueError):
        failures_under("most", 1, 2)
    one_of_ten = [Tally("draws", 10, tuple(f"draw {i}" for i in range(9)))]
    assert verdict("some", one_of_ten, what="x", checked_over="d").status == REPRODUCED
    assert verdict("all", one_of_ten, what="x", checked_over="d", failure_kind="substantive").status == NOT_REPRODUCED
    assert verdict("share", one_of_ten, what="x", checked_over="d").status == NOT_REPRODUCED
    with pytest.raises(ValueError, match="could fail"):
        verdict("all", [Tally("identity", 5, (), informative=0)], what="x", checked_over="d")


def test_registration_refuses_an_unknown_quantifier_or_kind():
    from replication.ledger.registry import Registry

    reg = Registry()
    with pytest.raises(ValueError, match="quantifier"):
        reg.claim("shim2012:x", label="x", statement="s", chapter="c", quantifier="most")
    with pytest.raises(ValueError, match="failure_kind"):
        reg.claim("shim2012:x", label="x", statement="s", chapter="c", quantifier="all", failure_kind="typo")


@pytest.mark.parametrize("paper", list(PAPERS))
def test_ledger_page_shows_every_verdict_with_its_kind(paper):
    """On the real ledger: the paper's summary table has one row per claim, in ledger order,
    linking to the claim's card, with the paper's words (never empty), its status, its kind
    (only for a failure) and a link to the claim's row in its chapter; every card of a claim
    not reproduced shows the kind badge right after its status badge, and no other card shows
    one; the closing table of the paper's claims shows the paper's words in every row, never a
    dash, the same kinds, and the anchor the ledger links to."""
    entries = [e for e in CLAIMS if e.paper == paper]
    rows = [line for line in summary_table_markdown(paper).splitlines() if line.startswith("| {ref}")]
    assert len(rows) == len(entries)
    table = [line for line in claims_table(paper=paper).data.splitlines() if line.startswith("| <span id=")]
    assert len(table) == len(entries)
    cards = ledger_markdown(paper)
    for row, closing, entry in zip(rows, table, entries):
        result = check(entry)
        kind = entry.kind_of_failure(result)
        assert (kind in FAILURE_KINDS) if result.status == NOT_REPRODUCED else kind is None, entry.id
        assert entry.quantifier in QUANTIFIERS, entry.id
        shown = f" {kind_badge(kind)} " if kind else "  "
        assert row.startswith("| {ref}`") and f" <{anchor('claim', entry.id)}>` |" in row, entry.id
        place = f'href="{entry.chapter.removeprefix("book/")}.html#{chapter_place(entry.id)}"'
        assert f'| {badge(result.status)} |{shown}| <a class="chapter-place" {place}>' in row, (entry.id, row)
        assert row.split(" | ")[1].strip(), entry.id
        assert closing.startswith(f'| <span id="{chapter_place(entry.id)}"></span>{{ref}}`'), entry.id
        assert closing.endswith(f"| {badge(result.status)} |{shown}|"), (entry.id, closing)
        words = closing.split(" | ")[1]
        assert words.strip() and words.strip() != "\u2013", entry.id
        meta = [line for line in cards.splitlines() if f"`{entry.id}` \u00b7 " in line]
        assert len(meta) == 1, entry.id
        expected = badge(result.status) + (f" {kind_badge(kind)}" if kind else "")
        assert meta[0].startswith(expected + " ") and meta[0].count("{failure-kind}") == (1 if kind else 0), meta


def test_findings_groups_partition_the_real_findings():
    """Every claim the findings page lists is in exactly one group; the failures are split
    by their kind, and the groups together hold every failure, caveat and calibration."""
    groups = findings_by_group()
    assert list(groups) == list(FINDING_GROUPS)
    listed = [e.id for items in groups.values() for e, _ in items]
    assert len(listed) == len(set(listed))
    assert set(listed) == {e.id for e in CLAIMS if is_finding(e, check(e))}
    group_of_kind = {"misprint": "errata", "substantive": "fails", "degenerate": "ties", "domain": "domain"}
    for key, items in groups.items():
        for entry, result in items:
            kind = entry.kind_of_failure(result)
            if is_ours(entry):
                assert key == "beyond", entry.id
            elif kind:
                assert key == group_of_kind.get(kind, "readings"), (entry.id, kind, key)
            else:
                assert key == {CAVEAT: "repairs", CALIBRATED: "calibrations", REPRODUCED: "readings"}[result.status]
                assert key != "readings" or entry.reading, entry.id
    assert {e.id for e, _ in groups["beyond"]} == {e.id for e in CLAIMS if is_ours(e)}
    assert any(e.paper == "beyond" for e, _ in groups["beyond"])
    failures = sum(check(e).status == NOT_REPRODUCED and not is_ours(e) for e in CLAIMS)
    assert failures == sum(len(groups[k]) for k in ("errata", "fails", "ties", "domain")) + sum(
        r.status == NOT_REPRODUCED for _, r in groups["readings"]
    )
