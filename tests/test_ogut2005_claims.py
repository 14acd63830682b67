"""Every Ogut et al. (2005) claim runs, reports its grid and has the status our checks found."""
from __future__ import annotations

import pytest

from replication.core.registry import CAVEAT, REPRODUCED, REGISTRY, load_all

EXPECTED = {
    **{f"ogut2005:result_{k}": REPRODUCED for k in (1, 3, 4, 5, 7, 8, 9, 10, 11, 13)},
    "ogut2005:result_2": CAVEAT, "ogut2005:result_6": CAVEAT, "ogut2005:result_12": CAVEAT,
    "ogut2005:stability_needed": REPRODUCED, "ogut2005:loading_threshold_reading": CAVEAT,
    "ogut2005:taylor_step_insurance_lowers_investment": CAVEAT, "ogut2005:taylor_step_dz_dr": CAVEAT,
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


def test_grid_counts_are_reported(results):
    for k in range(1, 14):
        evidence = results[f"ogut2005:result_{k}"].evidence
        counts = [v["points"] for v in evidence.values() if isinstance(v, dict) and "points" in v]
        assert counts and all(n > 0 for n in counts)


def test_figures_and_tables_registered():
    load_all()
    ids = {e.id for e in REGISTRY.sorted("figures")} | {e.id for e in REGISTRY.sorted("tables")}
    assert {"ogut2005:figure_reaction_curves", "ogut2005:table_regions"} <= ids
