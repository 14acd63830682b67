"""Naghizadeh & Liu (2014): the claims' verdicts follow their evidence.

The shared evidence helpers (tallies of draws, certificates of equilibria, calibrated numbers
against the paper's), the mechanism's domain (N >= 3) in the participation analysis, and the
statuses of the checks that use them: the theorems as printed fail, a calibrated number that
misses the paper's is not reproduced, a failed cross-check lowers a status.
"""

from __future__ import annotations

import numpy as np
import pytest

from replication.ledger import CALIBRATED, CAVEAT, NOT_REPRODUCED, REPRODUCED
from replication.ledger.registry import REGISTRY, load_all
from replication.naghizadeh2014.claims import mechanism as cm
from replication.naghizadeh2014.claims import mechanism_example_1 as ce
from replication.naghizadeh2014.claims import mechanism_repairs as cr
from replication.naghizadeh2014.claims import participation_examples as cp
from replication.naghizadeh2014.claims import weakest_link as cw
from replication.naghizadeh2014.claims.evidence import (
    BEST_REPLY_TOL,
    CLOSE_TO,
    PREMIUM_TOL,
    best_reply_gain,
    certified,
    draws_tally,
    matches_paper,
)
from replication.naghizadeh2014.model.instances import weighted_total_effort_instance
from replication.naghizadeh2014.model.participation import mechanism_domain, participation
from replication.naghizadeh2014.model.risk import TotalEffort
from replication.naghizadeh2014.model.total_effort import example_model

load_all()
NL = {e.id.split(":")[1]: e for e in REGISTRY.claims.values() if e.paper == "naghizadeh2014"}


def test_draws_tally_labels_counterexamples_by_seed():
    t = draws_tally("draws", np.array([True, False, True, False]), np.array([10, 11, 12, 13]))
    assert (t.checked, t.holds, t.counterexamples) == (4, 2, ("seed 11", "seed 13"))
    with pytest.raises(ValueError, match="seeds"):
        draws_tally("draws", np.array([True, False]), np.array([1]))


def test_calibrated_numbers_are_matched_within_a_stated_tolerance():
    assert matches_paper("saving", 38.2, 40.0, close_to=True).passed
    assert not matches_paper("saving", 40.0 * (1 - CLOSE_TO) - 0.01, 40.0, close_to=True).passed
    # Example 1's premium at the calibrated scale (median about 1.02) does not match the paper's 4.7
    assert not matches_paper("premium", 1.02, 4.7).passed
    assert matches_paper("premium", -0.13, 0.0).passed and PREMIUM_TOL == 0.5


def test_best_reply_gain_certifies_and_refutes_an_equilibrium():
    model = weighted_total_effort_instance(3)
    point = certified(model)
    assert point.best_reply_gain <= BEST_REPLY_TOL and point.optimum_residual <= 1e-9
    # the optimum is no equilibrium: some user saves by cutting its effort (the reason for the mechanism)
    assert best_reply_gain(model, point.x_so) > 1e-3
    # total effort, one unit of cost: user 1 alone invests ln(1/c1); doubling it is refuted by user 1's own reply
    te = TotalEffort([0.5, 0.8], 1.0)
    x = np.array([np.log(2.0), 0.0])
    assert best_reply_gain(te, x) <= 1e-12 and best_reply_gain(te, 2 * x) > 1e-3


def test_mechanism_domain_needs_three_users_and_a_coalition_of_three():
    assert mechanism_domain(2).startswith("N = 2: the mechanism needs at least 3 users")
    assert "coalition has 2 users" in mechanism_domain(3)
    assert mechanism_domain(4) == mechanism_domain(10) == ""
    with pytest.raises(ValueError, match="N"):
        mechanism_domain(0)
    assert participation(example_model(2, 1.5, 1.6), outside_domain=True).outside_mechanism == mechanism_domain(2)
    assert participation(example_model(4, 3.5, 4.0)).outside_mechanism == ""


def test_quantifiers_follow_the_paper():
    some = {
        "footnote_4_higher_risk",
        "vp_fails_generally",
        "numerical_example_pattern",
        "main_investor_may_opt_out",
        "example_1_need_not_hurt",
        "example_2_equilibrium_reading",
    }
    assert {k for k, e in NL.items() if e.quantifier == "some"} >= some
    for figure_claim in ("example_1_risk_reduction", "example_1_componentwise", "example_2_payments"):
        assert NL[figure_claim].quantifier == "share"
    for theorem in ("theorem_1", "theorem_2", "theorem_1_unrepaired", "theorem_2_unrepaired", "budget_balance"):
        assert NL[theorem].quantifier == "all"


def test_theorem_1_needs_its_repair_and_fails_as_printed():
    assert NL["theorem_1"].repairs == "naghizadeh2014:theorem_1_unrepaired"
    printed = cm.theorem_1_unrepaired()
    assert printed.status == NOT_REPRODUCED and printed.evidence["failures"] >= 1
    assert cm.theorem_1_unrepaired(contrast=True).status == REPRODUCED
    repaired = cm.theorem_1()
    assert repaired.status == CAVEAT and "three users" in repaired.repair


def test_repair_n_at_least_3_reports_the_slope_against_its_closed_form():
    result = cr.repair_n_at_least_3()
    assert result.status == NOT_REPRODUCED
    slopes = {c.name: c for c in result.cross_checks}
    two = next(c for name, c in slopes.items() if "N = 2" in name)
    assert two.passed and two.reference < -1.0  # slope -sum_j x_hat_j, matched to rounding


def test_closed_forms_are_cross_checks_that_lower_the_status():
    own = cw.example_2_closed_forms()
    assert own.status == REPRODUCED and all(c.passed for c in own.cross_checks) and len(own.cross_checks) == 3
    mutated = cw.example_2_closed_forms(contrast=True)
    assert mutated.status == NOT_REPRODUCED
    assert [c.passed for c in mutated.cross_checks] == [True, False, False]


def test_equation_10_misprint_is_exactly_the_own_cost():
    result = cr.repair_equation_10()
    assert result.status == NOT_REPRODUCED and NL["repair_equation_10"].failure_kind == "misprint"
    assert all(c.passed for c in result.cross_checks)
    assert cr.repair_equation_10(contrast=True).status == REPRODUCED


def test_example_1_premiums_are_not_matched_at_the_calibrated_scale():
    result = ce.example_1_contracts()
    assert result.status == NOT_REPRODUCED
    assert [c.passed for c in result.cross_checks] == [False, False]
    assert NL["example_1_contracts"].kind_of_failure(result) == "substantive"
    # calibrated to the premiums instead (s = 80), they match; the saving is then far from 40
    other = ce.example_1_contracts(contrast=True)
    assert other.status == CALIBRATED and all(c.passed for c in other.cross_checks)
    saving = ce.example_1_saving()
    assert saving.status == CALIBRATED and abs(saving.cross_checks[0].disagreement) <= CLOSE_TO


def test_positive_example_sets_the_two_user_case_apart():
    result = cp.positive_example()
    outside = result.evidence["outside_mechanism_domain"]
    assert outside["points"] == 2 * 15 * 12  # N = 2 and N = 3
    assert result.evidence["points"] == 3 * 15 * 12  # N = 4, 5, 10
    assert result.status == NOT_REPRODUCED
