"""Every Ogut et al. (2005) claim runs, reports its grid and has the status our checks found."""

from __future__ import annotations

import pytest

from replication.core.registry import CAVEAT, NOT_REPRODUCED, REGISTRY, REPRODUCED, load_all

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
}
#: Each caveat and the claim that keeps its unrepaired statement.
REPAIRS = {
    "ogut2005:result_2": "ogut2005:taylor_step_insurance_lowers_investment",
    "ogut2005:result_6": "ogut2005:taylor_step_dz_dr",
    "ogut2005:result_8": "ogut2005:loading_threshold_reading",
}


@pytest.fixture(scope="module")
def results():
    load_all()
    return {i: REGISTRY.get(i, "claims").check() for i in EXPECTED}


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
        assert counts and all(n > 0 for n in counts)


def test_exact_counterexamples_have_a_high_breach_probability(results):
    """Fair insurance raises investment without the Taylor step only where the uninsured breach
    probability is above 0.4 (the self-protection threshold of about one half)."""
    summary = results["ogut2005:taylor_step_insurance_lowers_investment"].summary
    low = float(summary.split("breach probability is ")[1].split(" to ")[0])
    assert 0.4 < low < 0.5


def test_loading_reading_misclassifies_some_points(results):
    part = next(v for v in results["ogut2005:loading_threshold_reading"].evidence.values() if isinstance(v, dict))
    assert 0 < part["failures"] < part["points"] / 10


def test_figures_and_tables_registered():
    load_all()
    ids = {e.id for e in REGISTRY.sorted("figures")} | {e.id for e in REGISTRY.sorted("tables")}
    assert {"ogut2005:figure_reaction_curves", "ogut2005:table_regions"} <= ids
