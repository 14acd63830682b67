"""Voluntary participation (Naghizadeh & Liu 2014, Sections V-VI): loner game, IR/VP,
budget slack, the total-effort examples in closed form and numerically."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from replication.naghizadeh2014 import WeightedTotalEffort, social_optimum
from replication.naghizadeh2014.model.game import best_response
from replication.naghizadeh2014.model.participation import (
    BRENT_METHOD,
    GAME_METHOD,
    loner_equilibria,
    loner_outcome,
    participation,
    vp_budget_slack,
)
from replication.naghizadeh2014.model.total_effort import (
    budget_slack,
    example_model,
    loner_cost_first,
    loner_cost_other,
    negative_example_algebra,
    optimum_effort,
    paper_compatibility,
    paper_positive_conditions,
    paper_positive_region,
    participating_cost,
    positive_example_vp,
)
from replication.naghizadeh2014.studies.participation import participation_study
from replication.naghizadeh2014.studies.vp_example import (
    PATTERN_SEED_AT_SCALE_1,
    example_instance,
    matches_paper_pattern,
)

# the modules (the package's name ``participation`` is the function)
participation_module = importlib.import_module("replication.naghizadeh2014.model.participation")
study_module = importlib.import_module("replication.naghizadeh2014.studies.participation")
stack_module = importlib.import_module("replication.naghizadeh2014.studies.participation_stack")
example_module = importlib.import_module("replication.naghizadeh2014.studies.vp_example")


def strict_vp(result) -> bool:
    return bool((result.vp_margin > 1e-9).all())


# -- total effort: closed forms against the game solvers ---------------------------------------
@pytest.mark.parametrize("N, c1, c2", [(2, 1.5, 1.6), (3, 0.5, 0.9), (5, 0.3, 0.8), (4, 2.5, 3.5)])
def test_optimum_only_user_1_invests_with_equivalent_cost(N, c1, c2):
    x = social_optimum(example_model(N, c1, c2)).x
    assert x[0] == pytest.approx(math.log(N / c1), abs=1e-10)
    assert math.exp(-x[0]) == pytest.approx(c1 / N, rel=1e-10)
    assert np.all(x[1:] == 0.0)
    assert optimum_effort(N, c1) == pytest.approx(x[0], abs=1e-10)


def test_loner_outcomes_match_the_papers_equilibria():
    N, c1, c2 = 4, 0.6, 0.9  # c1 > c2/(N-1): user 2 invests when user 1 stays out
    model = example_model(N, c1, c2)
    first = loner_outcome(model, 0)
    assert first.x[1] == pytest.approx(math.log((N - 1) / c2), abs=1e-9)  # exp(-x^_2) = c2/(N-1)
    assert first.x[0] == 0.0 and first.cost == pytest.approx(c2 / (N - 1), rel=1e-9)
    other = loner_outcome(model, 2)
    assert other.x[0] == pytest.approx(math.log((N - 1) / c1), abs=1e-9)  # exp(-x~_1) = c1/(N-1)
    assert other.cost == pytest.approx(loner_cost_other(N, c1), rel=1e-9)


def test_loner_1_invests_alone_in_case_a():
    N, c1, c2 = 3, 0.3, 0.9  # c1 < c2/(N-1): the loner's own target exceeds the coalition's
    outcome = loner_outcome(example_model(N, c1, c2), 0, outside_domain=True)  # the paper's N = 3 example
    assert outcome.x[0] == pytest.approx(-math.log(c1), abs=1e-9) and np.all(outcome.x[1:] < 1e-9)
    assert outcome.cost == pytest.approx(c1 * (1 - math.log(c1)), rel=1e-9)
    assert loner_cost_first(N, c1, c2) == pytest.approx(outcome.cost, rel=1e-9)


def test_counterexample_n2_spec_numbers():
    result = participation(example_model(2, 1.5, 1.6), outside_domain=True)
    assert round(result.x_opt[0], 4) == 0.2877
    assert np.round(result.participating_cost, 4).tolist() == [0.9658, 0.9658]
    assert result.loner_cost == pytest.approx([1.0, 1.0], abs=1e-12)
    assert strict_vp(result) and positive_example_vp(2, 1.5, 1.6) and not paper_positive_region(2, 1.5, 1.6)
    assert participating_cost(2, 1.5) == pytest.approx(result.participating_cost[0], abs=1e-12)


def test_counterexample_case_a_with_three_users():
    result = participation(example_model(3, 2.0, 4.5), outside_domain=True)
    assert round(float(result.participating_cost.max()), 3) == 0.937
    assert result.loner_cost == pytest.approx(np.ones(3), abs=1e-12)
    assert strict_vp(result) and positive_example_vp(3, 2.0, 4.5)
    assert not paper_positive_region(3, 2.0, 4.5) and not paper_positive_conditions(3, 2.0, 4.5)


def test_counterexample_nobody_invests_and_costs_tie():
    result = participation(example_model(3, 3.5, 4.0), outside_domain=True)
    assert np.all(result.x_opt == 0.0)
    assert result.participating_cost == pytest.approx(np.ones(3), abs=1e-12)
    assert result.loner_cost == pytest.approx(np.ones(3), abs=1e-12)
    assert result.vp.all() and not strict_vp(result)  # weak VP only: a tie
    assert paper_positive_region(3, 3.5, 4.0) and not positive_example_vp(3, 3.5, 4.0)


@pytest.mark.parametrize("N", [2, 3, 5])
def test_corrected_region_agrees_with_numerical_vp_on_a_grid(N):
    checked = 0
    for c1 in np.linspace(0.65, 1.15, 6) * N:
        for ratio in (1.05, 1.7, 0.9 * max(N - 1, 1.2), 2.2 * N):
            c2 = float(c1 * ratio)
            if c2 <= c1:
                continue
            assert positive_example_vp(N, float(c1), c2) == strict_vp(
                participation(example_model(N, float(c1), c2), outside_domain=True)
            ), (
                N,
                c1,
                c2,
            )
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("N, c1, c2", [(3, 0.4, 0.7), (5, 0.3, 0.95), (4, 1.2, 2.0), (3, 1.4, 2.5), (3, 0.2, 0.9)])
def test_budget_slack_closed_form(N, c1, c2):
    model = example_model(N, c1, c2)
    assert vp_budget_slack(model, outside_domain=True) == pytest.approx(budget_slack(N, c1, c2), abs=1e-9)


def test_negative_example_is_infeasible_and_matches_the_paper_expression():
    for N, c1, c2 in [(3, 0.6, 0.9), (4, 0.5, 0.8), (10, 0.2, 0.95)]:
        slack = budget_slack(N, c1, c2)
        assert slack < 0
        assert slack == pytest.approx(paper_compatibility(N, c1, c2), abs=1e-12)


def test_erratum_e2_coalition_stops_investing():
    N, c1, c2 = 3, 1.335, 2.2  # c2 >= N-1: loner 1 bears risk 1, not c2/(N-1)
    assert loner_cost_first(N, c1, c2) == 1.0
    assert paper_compatibility(N, c1, c2) > 0 > budget_slack(N, c1, c2)
    assert vp_budget_slack(example_model(N, c1, c2), outside_domain=True) == pytest.approx(
        budget_slack(N, c1, c2), abs=1e-9
    )


def test_sympy_derivation_reproduces_equations_20_to_22():
    algebra = negative_example_algebra()
    assert all(algebra.matches_paper.values())
    symbols = {s.name: s for s in algebra.compatibility.free_symbols}
    value = algebra.compatibility.subs({symbols["N"]: 4, symbols["c_1"]: 0.5, symbols["c_2"]: 0.8})
    assert float(value) == pytest.approx(paper_compatibility(4, 0.5, 0.8), abs=1e-12)
    assert str(algebra.bound_21) == "c_1/(N*(N - 1))" and str(algebra.bound_22) == "c_1/N"


# -- weighted total effort: the numerical example of Section VI-A -----------------------------
@pytest.fixture(scope="module")
def showcase():
    return participation(example_instance(2795, cost_scale=20.0))


def test_showcase_seeds_show_the_papers_pattern(showcase):
    assert matches_paper_pattern(showcase)
    assert matches_paper_pattern(participation(example_instance(PATTERN_SEED_AT_SCALE_1, cost_scale=1.0)))
    assert not matches_paper_pattern(participation(example_instance(0, cost_scale=20.0)))


def test_participating_cost_is_r5_and_payments_balance(showcase):
    model = example_instance(2795, cost_scale=20.0)
    x = showcase.x_opt
    expected = model.L * model.risk(x) * (1.0 + model.A @ x)
    assert showcase.participating_cost == pytest.approx(expected, rel=1e-10)
    assert abs(showcase.net_payments.sum()) < 1e-10
    assert showcase.ne_cost == pytest.approx(model.costs(showcase.x_ne), rel=1e-12)
    assert showcase.budget_slack == pytest.approx(showcase.loner_cost.sum() - model.social_cost(x), abs=1e-10)


def test_loner_outcomes_are_equilibria_of_r9(showcase):
    model = example_instance(2795, cost_scale=20.0)
    for outcome in showcase.loners:
        k, x = outcome.user, outcome.x
        assert best_response(model, k, x) == pytest.approx(x[k], abs=1e-8)
        others = [i for i in range(model.N) if i != k]
        reply = social_optimum(model, players=others, fixed={k: x[k]}).x
        assert reply == pytest.approx(x, abs=1e-7)
        assert outcome.cost == pytest.approx(model.costs(x)[k], rel=1e-12)


def test_brent_and_best_responses_agree(showcase):
    model = example_instance(2795, cost_scale=20.0)
    for k in range(model.N):
        forced = loner_outcome(model, k, max_rounds=1)
        assert forced.method in (GAME_METHOD, BRENT_METHOD)
        assert forced.cost == pytest.approx(showcase.loner_cost[k], rel=1e-7, abs=1e-9)
    assert any(loner_outcome(model, k, max_rounds=1).method == BRENT_METHOD for k in range(model.N))


def test_scanning_psi_finds_the_same_single_equilibrium(showcase):
    model = example_instance(2795, cost_scale=20.0)
    found = loner_equilibria(model, 1, grid=24)
    assert len(found) == 1 and found[0].cost == pytest.approx(showcase.loner_cost[1], rel=1e-7)


def test_frozen_reading_differs_from_the_game(showcase):
    """Others frozen at x*: free-riders leave more cheaply; the main investor (user 2) does not,
    because in the game the coalition steps up for it."""
    model = example_instance(2795, cost_scale=20.0)
    frozen = participation(model, reading="frozen")
    assert frozen.participating_cost == pytest.approx(showcase.participating_cost)
    free_riders = ~showcase.investors
    assert np.all(frozen.loner_cost[free_riders] < showcase.loner_cost[free_riders])
    assert frozen.loner_cost[1] > showcase.loner_cost[1]
    for outcome in frozen.loners:
        rest = np.arange(model.N) != outcome.user
        assert np.array_equal(outcome.x[rest], showcase.x_opt[rest])


def test_study_is_independent_of_the_number_of_workers(monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    monkeypatch.setattr(study_module, "_STUDIES", {})  # no in-process reuse either
    one = participation_study(6, cost_scale=20.0, first_seed=2792, workers=1)
    monkeypatch.setattr(study_module, "_STUDIES", {})
    two = participation_study(6, cost_scale=20.0, first_seed=2792, workers=2)
    assert one is not two
    for name in ("solved", "investors", "ir", "vp", "brent_games"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
    assert np.array_equal(one.budget_slack, two.budget_slack)
    assert one.pattern_seeds.tolist() == [2795]


# -- bad inputs ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "func", [positive_example_vp, paper_positive_region, paper_positive_conditions, budget_slack, paper_compatibility]
)
@pytest.mark.parametrize(
    "N, c1, c2, match",
    [
        (1, 1.0, 2.0, "N must be >= 2"),
        (2.5, 1.0, 2.0, "N must be an integer"),
        (3, 0.0, 2.0, "c1 must be > 0"),
        (3, 1.0, -1.0, "c2 must be > 0"),
        (3, float("nan"), 2.0, "c1 is NaN"),
    ],
)
def test_bad_parameters_are_rejected(func, N, c1, c2, match):
    with pytest.raises(ValueError, match=match):
        func(N, c1, c2)


def test_bad_loner_and_study_inputs_are_rejected():
    model = example_model(4, 0.5, 0.9)
    for k in (4, -1, True, 1.0):
        with pytest.raises(ValueError, match="k must be a user index"):
            loner_outcome(model, k)
    with pytest.raises(ValueError, match="reading must be"):
        loner_outcome(model, 0, reading="one-shot")
    with pytest.raises(ValueError, match="max_rounds must be >= 1"):
        loner_outcome(model, 0, max_rounds=0)
    with pytest.raises(ValueError, match="c2 must exceed c1"):
        example_model(3, 0.9, 0.5)
    with pytest.raises(ValueError, match="draws must be >= 1"):
        participation_study(0, cost_scale=20.0)
    with pytest.raises(ValueError, match="cost_scale must be > 0"):
        participation_study(5, cost_scale=-1.0)


def test_labelling_violation_is_outside_the_region():
    assert not positive_example_vp(3, 2.5, 2.0)


# -- the batched study against the per-draw reference ------------------------------------------
AGREEMENT_DRAWS = 300


@pytest.mark.parametrize("cost_scale", [1.0, 20.0])
def test_batched_study_agrees_with_the_per_draw_reference(cost_scale):
    batched = study_module.run_study(AGREEMENT_DRAWS, cost_scale=cost_scale)
    reference = study_module.run_study(AGREEMENT_DRAWS, cost_scale=cost_scale, batched=False)
    assert reference.solved.all() and reference.brent_games.sum() > 0  # the Brent branch is exercised
    for name in ("solved", "investors", "ir", "vp", "brent_games"):
        assert np.array_equal(getattr(batched, name), getattr(reference, name)), name
    for name in ("budget_slack", "social_cost"):
        np.testing.assert_allclose(getattr(batched, name), getattr(reference, name), rtol=1e-9, atol=0)


def test_batched_rows_do_not_depend_on_the_stacking(monkeypatch):
    whole = study_module.run_study(40, cost_scale=1.0, first_seed=1300)
    monkeypatch.setattr(study_module, "STUDY_CHUNK", 7)  # six stacks, the last shorter
    stacked = study_module.run_study(40, cost_scale=1.0, first_seed=1300)
    for name in ("solved", "investors", "ir", "vp", "brent_games", "budget_slack", "social_cost"):
        assert np.array_equal(getattr(whole, name), getattr(stacked, name)), name


def test_a_draw_the_batched_solves_miss_is_solved_per_draw(monkeypatch):
    redone = []
    per_draw = example_module.study_row

    def spy(seed, cost_scale):
        redone.append(seed)
        return per_draw(seed, cost_scale)

    def stall_the_third(draws, x0):
        x, converged = social_optima(draws, x0)
        converged[2] = False
        return x, converged

    social_optima = stack_module.social_optima
    monkeypatch.setattr(example_module, "study_row", spy)
    monkeypatch.setattr(stack_module, "social_optima", stall_the_third)
    rows = stack_module.study_rows(np.arange(10, 15, dtype=np.int64), 20.0)
    assert redone == [12]
    assert rows[2][0] and rows[2][4] == pytest.approx(per_draw(12, 20.0)[4], rel=1e-9)


@pytest.mark.parametrize("cost_scale", [1.0, 20.0])
def test_batched_equilibria_and_optima_are_the_per_draw_ones(cost_scale):
    draws = stack_module.example_draws(np.arange(100, dtype=np.int64), cost_scale)
    x_ne, equilibrium = stack_module.nash_equilibria(draws)
    x_opt, optimum = stack_module.social_optima(draws, x_ne)
    assert equilibrium.all() and optimum.all()
    for b in range(100):
        model = example_instance(b, cost_scale=cost_scale)
        np.testing.assert_allclose(x_ne[b], participation_module.nash_equilibrium(model).x, rtol=1e-11, atol=1e-12)
        np.testing.assert_allclose(x_opt[b], social_optimum(model).x, rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("N", [2, 3])
def test_participation_refuses_models_below_the_mechanism_minimum(N):
    """N = 2 runs the mechanism on two users, N = 3 a loner's coalition on two: both raise naming
    the minimum unless asked for, and then the result says why it is outside the domain."""
    from replication.naghizadeh2014.model.participation import mechanism_domain

    model = example_model(N, 1.5, 1.6)
    with pytest.raises(ValueError, match=r"need N >= 4 users.*minimum of 3.*outside_domain=True"):
        participation(model)
    with pytest.raises(ValueError, match=f"N = {N}"):
        vp_budget_slack(model)
    # the loner games run the mechanism on the other N - 1 users: the same minimum
    with pytest.raises(ValueError, match=r"need N >= 4 users.*outside_domain=True"):
        loner_outcome(model, 0)
    with pytest.raises(ValueError, match=r"need N >= 4 users"):
        loner_equilibria(model, 0, grid=4)
    assert loner_outcome(model, 0, outside_domain=True).cost == pytest.approx(
        participation(model, outside_domain=True).loner_cost[0], rel=1e-12
    )
    for reading in ("game", "frozen"):  # a flag of the wrong kind is refused whatever the size
        with pytest.raises(TypeError, match="outside_domain must be True or False"):
            loner_outcome(example_model(4, 1.5, 1.6), 0, reading=reading, outside_domain="yes")
    # frozen, the others keep the optimum of the whole game's mechanism: three users suffice
    if N == 3:
        assert loner_outcome(model, 0, reading="frozen").cost > 0
    else:
        with pytest.raises(ValueError, match=r"loner game needs N >= 3"):
            loner_outcome(model, 0, reading="frozen")
    with pytest.raises(TypeError, match="outside_domain must be True or False"):
        participation(model, outside_domain="yes")
    result = participation(model, outside_domain=True)
    assert result.outside_mechanism == mechanism_domain(N) != ""
    assert vp_budget_slack(model, outside_domain=True) == pytest.approx(result.budget_slack, abs=1e-12)
    assert participation(example_model(4, 1.5, 1.6)).outside_mechanism == ""


def test_subsidies_are_the_shortfalls_they_name():
    """``mechanism_subsidy`` pays each user who would rather stay out the amount by which joining
    costs more (the users with VP cost nothing); ``smallest_subsidy`` covers the budget deficit of
    the outside options against the social cost, and is zero when there is none."""
    A = [[1.0, 0.5, 0.2, 0.1], [0.3, 1.0, 0.4, 0.2], [0.2, 0.1, 1.0, 0.3], [0.1, 0.2, 0.3, 1.0]]
    joined = participation(WeightedTotalEffort(A, c=[1.0, 2.0, 3.0, 4.0], L=10.0))
    shortfall = joined.participating_cost - joined.loner_cost
    assert (~joined.vp).any() and joined.vp.any()
    assert joined.mechanism_subsidy == pytest.approx(shortfall[~joined.vp].sum(), rel=1e-12)
    assert joined.mechanism_subsidy > 0
    deficit = joined.social_cost - joined.loner_cost.sum()
    assert joined.smallest_subsidy == pytest.approx(max(0.0, deficit), abs=1e-12)
    assert joined.smallest_subsidy <= joined.mechanism_subsidy


@pytest.mark.parametrize("money", [1e-6, 1e6])
def test_start_dependence_finds_the_same_games_in_any_unit_of_money(monkeypatch, money):
    """The loner games whose cost depends on the start are the same games when every cost and
    loss is in another unit of money: the comparison of the two costs is relative to them."""
    from replication.naghizadeh2014.studies import participation as study
    from replication.naghizadeh2014.studies.vp_example import example_instance

    monkeypatch.setenv("REPLICATION_CACHE", "off")
    base = study.start_dependence(3, cost_scale=20.0)

    def rescaled(seed, *, cost_scale):
        model = example_instance(seed, cost_scale=cost_scale)
        return WeightedTotalEffort(model.A, money * model.c, money * model.L)

    monkeypatch.setattr(study, "example_instance", rescaled)
    other = study.start_dependence(3, cost_scale=20.0)
    assert (other.games, other.failed) == (base.games, base.failed) and base.games > 0
    assert [(s, k) for s, k, _, _ in other.differing] == [(s, k) for s, k, _, _ in base.differing]
    for (_, _, a, b), (_, _, a0, b0) in zip(other.differing, base.differing):
        assert (a, b) == pytest.approx((money * a0, money * b0), rel=1e-8)
