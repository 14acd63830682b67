"""The network of unequal firms as an IDS game (replication.heterogeneous.adapter)."""

from __future__ import annotations

import numpy as np
import pytest

from replication import naghizadeh2014 as nl
from replication.beyond.model.network import draw_network, mechanism
from replication.heterogeneous import Firms, nash_equilibrium, planner
from replication.heterogeneous.adapter import NetworkIDSModel, ids_model
from replication.naghizadeh2014.model.deviations import largest_gain
from replication.naghizadeh2014.model.mechanism import perturbed
from replication.naghizadeh2014.model.participation import loner_outcome
from replication.security import ExponentialBreach, PowerBreach


def unequal(r: float | list[float] = 0.4) -> Firms:
    """Four unequal firms, two breach families, unequal links (a draw the chapter does not show)."""
    rng = np.random.default_rng(11)
    q = rng.uniform(0.0, 0.6, (4, 4))
    np.fill_diagonal(q, 0.0)
    breach = [
        ExponentialBreach(0.4, 4.0),
        ExponentialBreach(0.6, 6.0),
        PowerBreach(0.5, 5.0, 2.0),
        ExponentialBreach(0.3, 3.0),
    ]
    rr = [r] * 4 if np.isscalar(r) else r
    return Firms(breach, L=[1.0, 1.5, 0.8, 2.0], r=rr, q=q)


MODEL = NetworkIDSModel(unequal())


def numeric_jacobian(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)]).T


@pytest.mark.parametrize("x", [[0.1, 0.05, 0.3, 0.2], [-0.05, 0.2, -0.1, 0.4], [-0.02, -0.03, -0.04, -0.01]])
def test_derivatives_match_finite_differences(x: list[float]) -> None:
    x = np.array(x)
    w = np.array([1.0, 2.0, 0.5, 0.3])
    np.testing.assert_allclose(MODEL.risk_jacobian(x), numeric_jacobian(MODEL.risk, x), atol=1e-8)
    fd_hess = numeric_jacobian(lambda y: MODEL.risk_jacobian(y).T @ w, x)
    np.testing.assert_allclose(MODEL.weighted_risk_hessian(x, w), fd_hess, atol=1e-7)
    np.testing.assert_allclose(MODEL.own_gradient_jacobian(x), numeric_jacobian(MODEL.own_gradient, x), atol=1e-7)
    # the weighted Hessian is the weighted sum of the per-user Hessians
    np.testing.assert_allclose(MODEL.weighted_risk_hessian(x, w), np.einsum("i,ikl->kl", w, MODEL._risk_hessians(x)))
    assert np.allclose(MODEL.weighted_risk_hessian(x, w), MODEL.weighted_risk_hessian(x, w).T)


def test_risk_is_the_network_breach_probability_on_the_orthant() -> None:
    z = np.array([0.1, 0.0, 0.25, 0.4])
    np.testing.assert_array_equal(MODEL.risk(z), MODEL.firms.P(z))
    np.testing.assert_allclose(MODEL.costs(z), MODEL.firms.L * MODEL.firms.P(z) + z, rtol=1e-15)


def test_negative_extension_is_second_order_at_zero_and_decreasing_convex() -> None:
    for k, b in enumerate(MODEL.firms.breach):
        for t in (1e-7, -1e-7):
            x = np.zeros(4)
            x[k] = t
            p, dp, d2p = MODEL.direct(x)
            # both sides agree with the Taylor polynomial at 0 (third-order term ~1e-20, rounding ~1e-16)
            assert abs(p[k] - (b.p(0.0) + b.dp(0.0) * t + 0.5 * b.d2p(0.0) * t * t)) < 1e-15
            assert abs(dp[k] - b.dp(0.0)) < 1e-5 * abs(b.dp(0.0))
            assert abs(d2p[k] - b.d2p(0.0)) < 1e-5 * b.d2p(0.0)
    xs = -np.linspace(0.0, 0.5, 51)
    for k in range(4):
        values = [MODEL.direct(np.where(np.arange(4) == k, s, 0.0)) for s in xs]
        p = np.array([v[0][k] for v in values])
        assert (np.diff(p) > 0).all()  # p rises as the effort falls below 0: decreasing in x
        assert all(v[1][k] < 0 and v[2][k] > 0 for v in values)


def test_social_optimum_is_the_uninsured_planner() -> None:
    firms = unequal()
    so = nl.social_optimum(MODEL)
    pl = planner(firms, insured=False, lam=0.0)
    np.testing.assert_allclose(so.x, pl.z, atol=1e-9)
    assert abs(MODEL.social_cost(so.x) - pl.social_cost) < 1e-12
    # same objective at arbitrary points: sum_i z_i + L_i P_i
    z = np.array([0.3, 0.1, 0.0, 0.2])
    assert abs(MODEL.social_cost(z) - float(np.sum(z + firms.L * firms.P(z)))) < 1e-14


def test_nash_is_the_risk_neutral_limit_of_the_network_equilibrium() -> None:
    # risk neutrality: r -> 0 in the uninsured Taylor-step condition dP/dz = -1/L + r (1 - P)
    ne = nl.nash_equilibrium(MODEL)
    theirs = nash_equilibrium(unequal(r=1e-14), insured=False, lam=0.0)
    assert theirs.nash
    np.testing.assert_allclose(ne.x, theirs.z, atol=1e-9)
    # KKT of the IDS game at the network's equilibrium
    F = MODEL.own_gradient(theirs.z)
    assert np.max(np.abs(np.minimum(theirs.z, F))) < 1e-9
    # risk-averse firms invest more than risk-neutral ones: the r-dependence is real
    averse = nash_equilibrium(unequal(r=0.4), insured=False, lam=0.0)
    assert averse.z.sum() > ne.x.sum() + 1e-3


def test_mechanism_implements_the_optimum_with_a_balanced_budget() -> None:
    x_star = nl.social_optimum(MODEL).x
    m = nl.equilibrium_messages(MODEL, x_star)
    out = nl.outcome(m)
    np.testing.assert_allclose(out.x, x_star, atol=1e-14)
    assert abs(out.payments.sum()) < 1e-13
    np.testing.assert_allclose(out.payments, nl.net_payments(MODEL, x_star), atol=1e-12)
    contracts = nl.full_cover_contracts(MODEL, x_star)
    np.testing.assert_allclose(contracts.premium - contracts.indemnity * MODEL.risk(x_star), out.payments, atol=1e-12)
    assert largest_gain(MODEL, m).gain < 1e-9
    # a perturbed profile leaves a profitable deviation: the search can find one
    assert largest_gain(MODEL, perturbed(m, 0, size=0.2)).gain > 1e-6


def test_literal_mechanism_evaluates_negative_averages() -> None:
    x_star = nl.social_optimum(MODEL).x
    m = nl.equilibrium_messages(MODEL, x_star)
    pushed = m.replace(0, m.proposals[0] - 4.0 * x_star.max(), m.prices[0])
    literal = nl.outcome(pushed, project=False)
    assert (literal.x < 0).any()
    assert np.isfinite(MODEL.costs(literal.x)).all()
    assert abs(literal.payments.sum()) < 1e-13


def test_loner_outcome_is_a_best_reply_against_the_coalition_optimum() -> None:
    x_star = nl.social_optimum(MODEL).x
    for k in range(MODEL.N):
        lo = loner_outcome(MODEL, k)
        g = MODEL.own_gradient(lo.x)[k]
        assert abs(min(lo.x[k], g)) < 1e-8
        others = [i for i in range(MODEL.N) if i != k]
        coalition = nl.social_optimum(MODEL, players=others, fixed={k: float(lo.x[k])})
        np.testing.assert_allclose(lo.x[others], coalition.x[others], atol=1e-8)
        assert MODEL.social_cost(lo.x) >= MODEL.social_cost(x_star) - 1e-12


def test_mechanism_on_a_drawn_network() -> None:
    M = mechanism(draw_network(3, n=5))
    assert abs(M.budget) < 1e-13 and M.deviation_gain < 1e-9
    assert abs(M.social_cost - planner(draw_network(3, n=5), insured=False, lam=0.0).social_cost) < 1e-12
    vp = M.participation
    assert abs(vp.budget_slack - (vp.loner_cost.sum() - vp.social_cost)) < 1e-12
    assert 0 <= M.joiners <= 5


def test_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match="firms"):
        NetworkIDSModel("not firms")  # type: ignore[arg-type]
    targeted = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3, structure="targeted")
    with pytest.raises(ValueError, match="firms"):
        ids_model(targeted)
    two = ids_model(Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=2))
    with pytest.raises(ValueError, match="N >= 3"):
        nl.equilibrium_messages(two)
    with pytest.raises(ValueError, match="x"):
        MODEL.risk([0.1, 0.2])
