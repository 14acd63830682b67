"""Properties over random instances (Hypothesis): answers do not depend on the units they
are written in, and far from the papers' scales the solvers find every equilibrium that
exists or raise an error that says why (never a false "no equilibrium")."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from replication import ogut2005, shim2012
from replication.numerics.solvers import NoInteriorSolution
from replication.security import ExponentialBreach, PowerBreach
from replication.shim2012.model.game import solve_all_roots, validated

FAST = settings(
    max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0**e)


losses = log_uniform(1e-6, 1e20)
steepness = log_uniform(1e-8, 1e4)
p0s = st.floats(0.01, 0.99)
loadings = st.floats(0.0, 1.0)
probabilities = st.floats(0.0, 1.0)
unit_factors = log_uniform(1e-12, 1e12)


def largest_marginal_untargeted(a: float, p0: float, q: float) -> float:
    """max over z of |p'(z)| (1 - q p(z)) for p = p0 e^{-az}: a u (1 - q u) at u = min(p0, 1/(2q))."""
    u = p0 if q == 0.0 else min(p0, 1.0 / (2.0 * q))
    return a * u * (1.0 - q * u)


@FAST
@given(L=losses, a=steepness, p0=p0s, lam=loadings)
def test_shim_insured_independent_matches_closed_form_at_every_scale(L, a, p0, lam):
    # p'(z) = -1/((1+lam)L)  <=>  z = ln(a p0 (1+lam) L) / a, which exists iff the log is > 0
    k = a * p0 * (1.0 + lam) * L
    assume(abs(math.log(k)) > 1e-6)
    breach = ExponentialBreach(p0, a)
    # at the root p = p0 / k < 1, and the cover of eq 10 (r = 1) must be interior
    cover = L - lam / ((1.0 + lam) * (1.0 - p0 / k)) if k > 1.0 else L
    assume(abs(cover) > 1e-9 * L)
    args = dict(case="independent", insured=True, L=L, r=1.0, q=0.0, lam=lam)
    if k > 1.0 and not 0.0 < cover <= L:  # the root prices cover out: a corner without cover, or nothing
        try:
            eq = shim2012.equilibrium(breach, **args)
        except NoInteriorSolution:
            pass
        else:
            assert eq.corner in ("cover", "cover and investment") and eq.I == 0.0 and eq.nash
    elif k > 1.0:
        eq = shim2012.equilibrium(breach, **args)
        assert eq.z == pytest.approx(math.log(k) / a, rel=1e-9, abs=1e-12 / a) and eq.corner is None
    else:  # no root: z = 0 satisfies the KKT sign condition -a p0 + 1/((1+lam)L) >= 0
        found = shim2012.equilibria(breach, **args)
        assert [e for e in found if e.corner is None] == []
        at_zero = L - lam / ((1.0 + lam) * (1.0 - p0))  # eq 10 at z = 0, r = 1
        if at_zero > 0.0:  # the firm insures there
            assert [(e.z, e.corner, e.I) for e in found if e.z == 0.0] == [(0.0, "investment", pytest.approx(at_zero))]


@FAST
@given(L=losses, a=steepness, p0=p0s, lam=loadings, q=probabilities)
def test_shim_insured_untargeted_never_misses_an_equilibrium(L, a, p0, lam, q):
    price = 1.0 / ((1.0 + lam) * L)
    peak = largest_marginal_untargeted(a, p0, q)
    assume(abs(peak / price - 1.0) > 1e-6)
    inputs = validated(ExponentialBreach(p0, a), case="untargeted", insured=True, L=L, r=1.0, q=q, lam=lam)
    found = solve_all_roots(inputs)  # every root of eq 11, whatever its cover
    assert bool(found) == (peak > price)
    for e in found:  # each is a root to a tolerance relative to the marginal price
        assert e.residual <= 1e-8 * price


@FAST
@given(L=losses, a=steepness, b=st.floats(0.1, 5.0), p0=p0s, lam=loadings)
def test_shim_power_breach_solves_far_from_the_paper(L, a, b, p0, lam):
    # |p'| = a b p0 (1 + a z)^(-b-1) is largest at 0: a root exists iff a b p0 (1+lam) L > 1
    k = a * b * p0 * (1.0 + lam) * L
    assume(abs(math.log(k)) > 1e-6)
    inputs = validated(PowerBreach(p0, a, b), case="independent", insured=True, L=L, r=1.0, q=0.0, lam=lam)
    found = solve_all_roots(inputs)  # every root of eq 9, whatever its cover
    assert bool(found) == (k > 1.0)
    if found:
        z = (k ** (1.0 / (b + 1.0)) - 1.0) / a
        assert found[0].z == pytest.approx(z, rel=1e-8)


@FAST
@given(L=losses, a=steepness, p0=p0s, q=probabilities)
def test_ogut_fair_price_equilibrium_exists_exactly_when_investing_pays(L, a, p0, q):
    peak = largest_marginal_untargeted(a, p0, q)
    assume(abs(peak * L - 1.0) > 1e-6)
    breach = ExponentialBreach(p0, a)
    if peak * L > 1.0:
        found = ogut2005.symmetric_equilibria(breach, L=L, r=1.0, q=q, lam=0.0)
        assert all(e.residual <= 1e-8 / L for e in found) and found
    else:  # no interior root: investing nothing is the answer, returned as the corner z = 0
        found = ogut2005.symmetric_equilibria(breach, L=L, r=1.0, q=q, lam=0.0)
        assert found and all(e.z == 0.0 and e.corner and "investment" in e.corner for e in found)


@FAST
@given(
    s=unit_factors,
    L=st.floats(1.0, 100.0),
    a=st.floats(1.0, 20.0),
    p0=p0s,
    q=probabilities,
    lam=loadings,
    insured=st.booleans(),
    case=st.sampled_from(shim2012.CASES),
)
def test_shim_answer_in_other_money_units(s, L, a, p0, q, lam, insured, case):
    # money in units 1/s: L -> s L, investment z -> s z, a -> a / s, risk aversion r -> r / s
    r = 0.5 / L
    try:
        base = shim2012.equilibrium(ExponentialBreach(p0, a), case=case, insured=insured, L=L, r=r, q=q, lam=lam)
    except NoInteriorSolution:
        with pytest.raises(NoInteriorSolution):
            shim2012.equilibrium(
                ExponentialBreach(p0, a / s), case=case, insured=insured, L=s * L, r=r / s, q=q, lam=lam
            )
        return
    other = shim2012.equilibrium(
        ExponentialBreach(p0, a / s), case=case, insured=insured, L=s * L, r=r / s, q=q, lam=lam
    )
    assert other.z == pytest.approx(s * base.z, rel=1e-8)
    assert other.I == pytest.approx(s * base.I, rel=1e-8, abs=1e-10 * s * L)
    assert other.P == pytest.approx(base.P, rel=1e-8)


@FAST
@given(s=unit_factors, p0=p0s, a=st.floats(1.0, 20.0), q=probabilities, lam=st.floats(0.0, 0.5))
def test_ogut_answer_in_other_money_units(s, p0, a, q, lam):
    L, r = 1.0, 0.5
    try:
        base = ogut2005.equilibrium(ExponentialBreach(p0, a), L=L, r=r, q=q, lam=lam)
    except NoInteriorSolution:
        return
    other = ogut2005.equilibrium(ExponentialBreach(p0, a / s), L=s * L, r=r / s, q=q, lam=lam)
    assert (other.z, other.corner) == (pytest.approx(s * base.z, rel=1e-8), base.corner)
    assert other.I == pytest.approx(s * base.I, rel=1e-8, abs=1e-10 * s)


def test_steep_breach_function_is_solved_where_p_underflows_far_from_the_root():
    # p(z) = 0.5 e^{-1000 z} is 0 in floating point beyond z ~ 0.75, far past the root
    eq = shim2012.equilibrium(
        ExponentialBreach(0.5, 1000.0), case="independent", insured=True, L=10.0, r=1.0, q=0.0, lam=0.1
    )
    assert eq.z == pytest.approx(math.log(1000 * 0.5 * 1.1 * 10) / 1000, rel=1e-12)


def test_losses_beyond_double_precision_are_refused_naming_the_limit():
    with pytest.raises(ValueError, match="L .*must be finite"):
        shim2012.equilibrium(
            ExponentialBreach(0.5, 1.0), case="independent", insured=True, L=float("1e400"), r=1.0, q=0.0, lam=0.0
        )
    assert np.isfinite(
        shim2012.equilibrium(
            ExponentialBreach(0.5, 1e-8), case="independent", insured=True, L=1e300, r=1.0, q=0.0, lam=0.0
        ).z
    )


# -- the IDS game of Naghizadeh & Liu: units, relabelling, KKT and budget balance ----------
from replication.naghizadeh2014 import (  # noqa: E402
    WeightedTotalEffort,
    nash_equilibrium,
    net_payments,
    social_optimum,
)

users = st.integers(3, 8)


@st.composite
def games(draw) -> WeightedTotalEffort:
    N = draw(users)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.0, 1.0, (N, N))
    np.fill_diagonal(A, 0.0)
    np.fill_diagonal(A, (1.0 + draw(st.floats(0.05, 1.0))) * A.max(axis=1) + 1e-3)
    c = rng.uniform(0.5, 20.0, N)
    return WeightedTotalEffort(A, c, draw(st.floats(30.0, 100.0)))


def social_gradient(model: WeightedTotalEffort, x: np.ndarray) -> np.ndarray:
    return model.weighted_risk_gradient(x, model.L) + model.c


@FAST
@given(model=games(), t=unit_factors, money=unit_factors)
def test_ids_game_in_other_units_gives_the_same_answer_in_those_units(model, t, money):
    # effort in units 1/t (x' = t x): A' = A / t, c' = c / t; money in units 1/money: L, c scaled
    other = WeightedTotalEffort(model.A / t, money * model.c / t, money * model.L)
    so, so_other = social_optimum(model), social_optimum(other)
    np.testing.assert_allclose(so_other.x, t * so.x, rtol=1e-8, atol=1e-10 * t * so.x.max())
    assert so_other.objective == pytest.approx(money * so.objective, rel=1e-10)
    ne, ne_other = nash_equilibrium(model), nash_equilibrium(other)
    np.testing.assert_allclose(ne_other.x, t * ne.x, rtol=1e-8, atol=1e-10 * t * max(ne.x.max(), 1.0))


@FAST
@given(model=games(), data=st.data())
def test_relabelling_users_permutes_the_answer(model, data):
    order = np.array(data.draw(st.permutations(range(model.N))))
    relabelled = WeightedTotalEffort(model.A[np.ix_(order, order)], model.c[order], model.L[order])
    np.testing.assert_allclose(social_optimum(relabelled).x, social_optimum(model).x[order], atol=1e-10)
    np.testing.assert_allclose(nash_equilibrium(relabelled).x, nash_equilibrium(model).x[order], atol=1e-10)


@FAST
@given(model=games())
def test_kkt_conditions_and_budget_balance_hold(model):
    so = social_optimum(model)
    g = social_gradient(model, so.x)
    assert (so.x >= 0).all() and (g >= -1e-9).all() and np.abs(so.x * g).max() <= 1e-9
    # the mechanism's net payments balance at the optimum (sum_i t_i = -x'g = 0 there)
    assert abs(net_payments(model, so.x).sum()) <= 1e-9 * model.L.max()
    ne = nash_equilibrium(model)
    F = model.own_gradient(ne.x)
    assert (ne.x >= 0).all() and (F >= -1e-9).all() and np.abs(ne.x * F).max() <= 1e-9
    # the optimum is never worse for society than the equilibrium
    assert so.objective <= model.social_cost(ne.x) + 1e-9 * so.objective
