"""Every Shim (2012) claim runs, reports its grid and has the status our checks found;
all 12 figures and Table 1 are registered."""

from __future__ import annotations

import pytest

from replication.ledger.checks import check
from replication.ledger.registry import REGISTRY, load_all
from replication.ledger.results import CAVEAT, NOT_REPRODUCED, REPRODUCED

EXPECTED = {
    "shim2012:proposition_1": REPRODUCED,
    "shim2012:proposition_4": REPRODUCED,
    "shim2012:proposition_3_breach_risk": REPRODUCED,
    "shim2012:proposition_2": CAVEAT,
    "shim2012:proposition_3": CAVEAT,
    "shim2012:proposition_5": CAVEAT,
    "shim2012:proposition_6": CAVEAT,
    "shim2012:proposition_2_fair_market": NOT_REPRODUCED,
    "shim2012:proposition_2_spending": NOT_REPRODUCED,
    "shim2012:proposition_3_stability": NOT_REPRODUCED,
    "shim2012:proposition_5_fair_market": NOT_REPRODUCED,
    "shim2012:proposition_5_across_equilibria": NOT_REPRODUCED,
    "shim2012:proposition_6_taylor_step": NOT_REPRODUCED,
    "shim2012:proposition_6_welfare_benchmark": NOT_REPRODUCED,
    "shim2012:proposition_6_welfare_insured_planner": NOT_REPRODUCED,
    "shim2012:total_risk_untargeted": REPRODUCED,
    "shim2012:premium_untargeted": REPRODUCED,
    "shim2012:total_risk_targeted": REPRODUCED,
    "shim2012:externality_signs": REPRODUCED,
    "shim2012:fair_full_cover": REPRODUCED,
    "shim2012:efficiency_of_investment": REPRODUCED,
    "shim2012:investment_inefficiency": REPRODUCED,
    "shim2012:investment_rises_with_loading": NOT_REPRODUCED,
    "shim2012:investment_rises_with_loading_stable": CAVEAT,
    "shim2012:untargeted_less_cover": NOT_REPRODUCED,
    "shim2012:untargeted_less_cover_loaded": CAVEAT,
    "shim2012:implication_insurance_lowers_investment": NOT_REPRODUCED,
    "shim2012:implication_subsidy": NOT_REPRODUCED,
    "shim2012:targeted_instability": REPRODUCED,
    "shim2012:table_1_as_printed": NOT_REPRODUCED,
    "shim2012:appendix_proofs": CAVEAT,
    "shim2012:appendix_proofs_as_printed": NOT_REPRODUCED,
}


@pytest.fixture(scope="module")
def results():
    """Every claim's verdict as the book reads it: through the result cache, which is keyed on the
    check's own code (so an edited check is run again, never read stale)."""
    load_all()
    return {i: check(REGISTRY.get(i, "claims")) for i in EXPECTED}


def test_all_registered():
    load_all()
    assert {e.id for e in REGISTRY.sorted("claims") if e.paper == "shim2012"} == set(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_status(results, claim_id):
    assert results[claim_id].status == EXPECTED[claim_id], results[claim_id].summary


def test_grid_claims_report_points(results):
    for claim_id, result in results.items():
        ev = result.evidence
        n = ev.get("points") or sum(ev.get("checked", {}).values())
        assert n and n > 0, claim_id
        assert result.checked_over.strip(), claim_id


def test_finding_f1_names_the_failing_shifts(results):
    ev = results["shim2012:proposition_5_across_equilibria"].evidence
    assert {"lam", "r"} <= set(ev["fails_for"])
    assert {"L", "q"} <= set(ev["holds_for"])
    assert ev["failures"]["lam"] == ev["checked"]["lam"] > 0  # z rises and I falls at every point


def test_proposition_3_fails_only_at_unstable_roots(results):
    ev = results["shim2012:proposition_3_stability"].evidence
    assert 0 < ev["failures"] < ev["points"]
    assert all("unstable" in c for c in ev["counterexamples"])
    assert results["shim2012:proposition_3"].evidence["failures"] == 0


def test_two_equilibria_example():
    from replication.security import ExponentialBreach
    from replication.shim2012 import equilibria, sensitivity

    found = equilibria(ExponentialBreach(0.95, 8.0), case="untargeted", insured=True, L=1.0, r=0.5, q=1.0, lam=0.0)
    pair = [e for e in found if e.corner is None]  # the roots; z = 0 is a corner candidate beside them
    assert [round(e.z, 4) for e in pair] == [0.0134, 0.2337]
    assert [e.stable for e in pair] == [False, True]
    assert sensitivity(pair[0], parameter="L").dz < 0 < sensitivity(pair[1], parameter="L").dz


def test_spending_reading_fails_where_cover_reading_holds(results):
    cover, spending = results["shim2012:proposition_2"], results["shim2012:proposition_2_spending"]
    assert cover.evidence["failures"] == 0
    assert spending.evidence["failures_loaded"] == cover.evidence["points"]


def test_subsidy_lowers_investment_and_raises_cover(results):
    ev = results["shim2012:implication_subsidy"].evidence
    assert ev["failures"] == ev["points"] > 0
    assert "->" in ev["counterexamples"][0]


def test_finding_f3_exact_cara_counterexamples(results):
    ev = results["shim2012:proposition_6_taylor_step"].evidence
    assert 0 < ev["failures"] < ev["points"]


def test_welfare_readings_fail_on_different_halves(results):
    fixed = results["shim2012:proposition_6_welfare_benchmark"].evidence
    insured = results["shim2012:proposition_6_welfare_insured_planner"].evidence
    assert fixed["untargeted_worse"] == fixed["points"] > fixed["targeted_partial_fix"]
    assert insured["targeted_partial_fix"] == insured["points"] > insured["untargeted_worse"]


def test_figures_and_table_registered():
    load_all()
    figures = {e.id for e in REGISTRY.sorted("figures") if e.paper == "shim2012"}
    assert figures == {f"shim2012:figure_{k}" for k in range(1, 13)}
    assert "shim2012:table_1" in {e.id for e in REGISTRY.sorted("tables")}
    for k in range(1, 13):
        entry = REGISTRY.get(f"shim2012:figure_{k}", "figures")
        assert entry.alt and entry.caption


def test_figure_12_values_match_independent_values():
    from replication.shim2012.exhibits.figures import investment_table

    t = investment_table(lam=0.0)
    assert [round(v, 4) for v in t["z_uninsured"]] == [0.3008, 0.2756, 0.4503]
    assert [round(v, 4) for v in t["z_insured"]] == [0.1833, 0.1593, 0.3219]
    assert [round(v, 4) for v in t["planner_insured"]] == [0.1833, 0.2436, 0.1833]
