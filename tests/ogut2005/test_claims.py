"""Every Ogut et al. (2005) claim runs, reports its grid and has the status our checks found."""

from __future__ import annotations

import pytest

from replication.ledger.checks import check
from replication.ledger.registry import REGISTRY, load_all
from replication.ledger.results import CAVEAT, NOT_REPRODUCED, REPRODUCED

EXPECTED = {
    **{f"ogut2005:result_{k}": REPRODUCED for k in (1, 3, 4, 5, 7, 9, 10, 11, 12, 13)},
    "ogut2005:result_2": CAVEAT,
    "ogut2005:result_6": CAVEAT,
    "ogut2005:result_8": CAVEAT,
    "ogut2005:taylor_step_insurance_lowers_investment": NOT_REPRODUCED,
    "ogut2005:taylor_step_dz_dr": NOT_REPRODUCED,
    "ogut2005:loading_threshold_reading": NOT_REPRODUCED,
    "ogut2005:stability_needed": REPRODUCED,
    "ogut2005:observability": REPRODUCED,
    "ogut2005:observability_insurance_reading": NOT_REPRODUCED,
    "ogut2005:traditional_vs_cyber_market": REPRODUCED,
    "ogut2005:planner_vs_independent": REPRODUCED,
    "ogut2005:liability_welfare": NOT_REPRODUCED,
    "ogut2005:result_4_several": REPRODUCED,
    "ogut2005:result_8_not_monotone": REPRODUCED,
    "ogut2005:cyber_market_investment_either_way": REPRODUCED,
    "ogut2005:threshold_positive": REPRODUCED,
    "ogut2005:premium_rate_below_one": NOT_REPRODUCED,
}
#: The paper's quantifier where it says "can" or "need not": one instance reproduces the statement.
EXISTENCE = (
    "ogut2005:result_4_several",
    "ogut2005:result_8_not_monotone",
    "ogut2005:cyber_market_investment_either_way",
)
#: Each caveat and the claim that keeps its unrepaired statement.
REPAIRS = {
    "ogut2005:result_2": "ogut2005:taylor_step_insurance_lowers_investment",
    "ogut2005:result_6": "ogut2005:taylor_step_dz_dr",
    "ogut2005:result_8": "ogut2005:loading_threshold_reading",
}


@pytest.fixture(scope="module")
def results():
    """Every claim's verdict as the book reads it: through the result cache, which is keyed on the
    check's own code (so an edited check is run again, never read stale)."""
    load_all()
    return {i: check(REGISTRY.get(i, "claims")) for i in EXPECTED}


def test_all_registered():
    load_all()
    assert {e.id for e in REGISTRY.sorted("claims") if e.paper == "ogut2005"} == set(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_status(results, claim_id):
    assert results[claim_id].status == EXPECTED[claim_id], results[claim_id].summary


@pytest.mark.parametrize("claim_id", sorted(REPAIRS))
def test_caveats_link_their_unrepaired_statement(claim_id):
    load_all()
    assert REGISTRY.get(claim_id, "claims").repairs == REPAIRS[claim_id]


def test_grid_counts_are_reported(results):
    for k in range(1, 14):
        evidence = results[f"ogut2005:result_{k}"].evidence
        counts = [v["points"] for v in evidence.values() if isinstance(v, dict) and "points" in v]
        counts += [evidence["points"]] if "points" in evidence else []
        assert counts and all(n > 0 for n in counts)


@pytest.mark.parametrize("claim_id", EXISTENCE)
def test_existence_parts_are_checked_as_existence(results, claim_id):
    """Each "can"/"need not" statement is registered with the quantifier "some" and holds at some but not
    all of its points, so the quantifier decides its status (under "all" it would fail)."""
    load_all()
    assert REGISTRY.get(claim_id, "claims").quantifier == "some"
    evidence = results[claim_id].evidence
    tallies = [v for v in evidence.values() if isinstance(v, dict) and "points" in v] or [evidence]
    assert all(0 < t["points"] - t["failures"] for t in tallies)
    assert any(t["failures"] > 0 for t in tallies)


def test_identity_on_its_domain_is_reported_uninformative(results):
    """Result 9 is an algebraic identity of eq (10) on its domain: no point could fail."""
    assert results["ogut2005:result_9"].informative == 0
    assert "cannot" in results["ogut2005:result_6"].checked_over


def test_a_failed_cross_check_lowers_the_status(monkeypatch):
    """Result 8's example against the separate implementation: a wrong reference value fails the
    cross-check, and the claim is then not reproduced although the example is still not monotone."""
    from replication.ogut2005.claims import interdependent_statics as claims

    load_all()
    good = REGISTRY.get("ogut2005:result_8_not_monotone", "claims").check()
    assert good.status == REPRODUCED and all(c.passed for c in good.cross_checks)
    monkeypatch.setattr(claims, "NON_MONOTONE_COVER", tuple(c + 1e-3 for c in claims.NON_MONOTONE_COVER))
    bad = claims.result_8_not_monotone()
    assert bad.status == NOT_REPRODUCED and not bad.cross_checks[0].passed


def test_result_3_reports_its_cross_checks(results):
    checks = results["ogut2005:result_3"].cross_checks
    assert len(checks) == 4 and all(c.passed for c in checks)
    assert checks[0].tolerance == 1e-8


def test_exact_counterexamples_have_a_high_breach_probability(results):
    """Fair insurance raises investment without the Taylor step only where the uninsured breach
    probability is above 0.4 (the self-protection threshold of about one half)."""
    summary = results["ogut2005:taylor_step_insurance_lowers_investment"].summary
    low = float(summary.split("breach probability is ")[1].split(" to ")[0])
    assert 0.4 < low < 0.5


def test_loading_reading_misclassifies_some_points(results):
    part = results["ogut2005:loading_threshold_reading"].evidence  # one tally: its counts at the top level
    assert 0 < part["failures"] < part["points"] / 10


def test_figures_and_tables_registered():
    load_all()
    ids = {e.id for e in REGISTRY.sorted("figures")} | {e.id for e in REGISTRY.sorted("tables")}
    assert {"ogut2005:figure_reaction_curves", "ogut2005:table_regions"} <= ids
