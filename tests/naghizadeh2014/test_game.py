"""The IDS game of Naghizadeh & Liu (2014): models, social optimum, Nash equilibrium."""

import numpy as np
import pytest

from replication.naghizadeh2014 import (
    KKT_TOL,
    TotalEffort,
    WeakestLink,
    WeightedTotalEffort,
    all_nash_equilibria,
    best_response,
    nash_equilibrium,
    social_optimum,
    weakest_link_instance,
    weighted_total_effort_instance,
)
from replication.numerics.lcp import lemke


def finite_difference_jacobian(fun, x, h=1e-6):
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((fun(x + e) - fun(x - e)) / (2 * h))
    return np.array(cols).T


@pytest.mark.parametrize(
    "model",
    [
        weighted_total_effort_instance(3, N=5),
        weakest_link_instance(3, N=5, gamma=4.0),
        TotalEffort([0.2, 0.5, 0.7], 2.0),
    ],
)
def test_derivatives_match_finite_differences(model):
    x = np.linspace(0.1, 0.9, model.N)
    np.testing.assert_allclose(model.risk_jacobian(x), finite_difference_jacobian(model.risk, x), atol=1e-8)
    np.testing.assert_allclose(
        model.own_gradient_jacobian(x), finite_difference_jacobian(model.own_gradient, x), atol=1e-6
    )
    w = np.arange(1.0, model.N + 1)
    grad = lambda y: model.weighted_risk_gradient(y, w)
    np.testing.assert_allclose(model.weighted_risk_hessian(x, w), finite_difference_jacobian(grad, x), atol=1e-6)
    np.testing.assert_allclose(model.own_gradient(x), np.diagonal(model.cost_jacobian(x)))


def test_costs_are_loss_plus_spending():
    model = WeightedTotalEffort([[1.0, 0.5], [0.2, 0.8]], [1.0, 2.0], 10.0)
    x = np.array([0.3, 0.4])
    f = np.exp(-np.array([0.3 + 0.2, 0.06 + 0.32]))
    np.testing.assert_allclose(model.costs(x), 10 * f + [0.3, 0.8])
    np.testing.assert_allclose(model.L, [10.0, 10.0])


@pytest.mark.parametrize("seed", [0, 7, 43])
def test_social_optimum_kkt_and_nash_complementarity(seed):
    model = weighted_total_effort_instance(seed)
    so = social_optimum(model)
    grad = model.cost_jacobian(so.x).sum(axis=0)
    assert so.kkt_residual < 1e-12
    assert np.max(np.abs(np.minimum(so.x, grad))) < 1e-12 and (so.x >= 0).all()
    ne = nash_equilibrium(model)
    M, q = model.nash_lcp()
    w = M @ ne.x + q
    assert (ne.x >= 0).all() and (w > -1e-12).all() and abs(ne.x @ w) < 1e-12
    assert model.social_cost(so.x) < model.social_cost(ne.x)


def test_lemke_solves_a_small_lcp_exactly():
    M = np.array([[2.0, 1.0], [1.0, 2.0]])
    q = np.array([-5.0, -6.0])
    sol = lemke(M, q)
    np.testing.assert_allclose(sol.z, [4 / 3, 7 / 3])
    assert sol.complementarity < 1e-14


def test_several_equilibria_are_detected():
    # A is far from diagonally dominant; this draw has three equilibria (as 4 of 200 draws do)
    model = weighted_total_effort_instance(16)
    equilibria = all_nash_equilibria(model)
    assert len(equilibria) == 3
    assert nash_equilibrium(model, enumerate_all=True).equilibria_found == 3
    lemke_x = nash_equilibrium(model).x
    assert min(np.abs(lemke_x - e).max() for e in equilibria) < 1e-10


def test_best_response_closed_form_weighted_total_effort():
    model = weighted_total_effort_instance(5, N=4)
    x = np.array([0.1, 0.2, 0.0, 0.3])
    b = np.log(model.L * np.diagonal(model.A) / model.c)
    for k in range(4):
        rest = model.A[k] @ x - model.A[k, k] * x[k]
        assert best_response(model, k, x) == pytest.approx(max(0.0, (b[k] - rest) / model.A[k, k]), abs=1e-12)


@pytest.mark.parametrize("gamma", [2.0, 10.0, 30.0])
def test_weakest_link_closed_forms_r7_r8(gamma):
    model = weakest_link_instance(140, gamma=gamma)
    c, N, L = model.c, model.N, 50.0
    x_ne = np.log(L) - (1 - 1 / gamma) * np.log(c.sum()) - np.log(c) / gamma
    ne, so = nash_equilibrium(model), social_optimum(model)
    np.testing.assert_allclose(ne.x, x_ne, atol=1e-10)
    np.testing.assert_allclose(so.x, x_ne + np.log(N), atol=1e-10)
    np.testing.assert_allclose(L * model.risk(ne.x), c.sum())
    np.testing.assert_allclose(L * model.risk(so.x), c.mean())
    saving = model.social_cost(ne.x) - model.social_cost(so.x)
    assert saving == pytest.approx(c.sum() * (N - 1 - np.log(N)), rel=1e-12)


def test_coalition_optimum_total_effort():
    model = TotalEffort([0.5, 0.8, 0.9], 1.0)
    np.testing.assert_allclose(social_optimum(model).x, [np.log(6), 0, 0], atol=1e-12)
    res = social_optimum(model, players=[1, 2], fixed={0: 0.3})
    np.testing.assert_allclose(res.x, [0.3, np.log(2 / 0.8) - 0.3, 0], atol=1e-12)
    assert res.fixed == ((0, 0.3),) and res.players == (1, 2)


def test_spec_reference_seeds():
    model = weighted_total_effort_instance(43)
    so, ne = social_optimum(model), nash_equilibrium(model)
    assert model.social_cost(ne.x) - model.social_cost(so.x) == pytest.approx(33.1, abs=0.05)
    wl = weakest_link_instance(140)
    assert wl.social_cost(nash_equilibrium(wl).x) - wl.social_cost(social_optimum(wl).x) == pytest.approx(
        35.0, abs=0.05
    )


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: WeightedTotalEffort([[1.0, 1.0], [0.5, 1.0]], [1, 2], 5), "a_ii > a_ij"),
        (lambda: WeightedTotalEffort([[1.0, -0.1], [0.5, 1.0]], [1, 2], 5), "A must be >= 0"),
        (lambda: WeightedTotalEffort(np.eye(3), [1, 2], 5), "A must have shape"),
        (lambda: WeightedTotalEffort(np.eye(2), [1, 0], 5), "c must be > 0"),
        (lambda: WeightedTotalEffort(np.eye(2), [1, np.nan], 5), "c contains NaN"),
        (lambda: WeightedTotalEffort(np.eye(2), [1, 2], -5), "L must be > 0"),
        (lambda: WeightedTotalEffort(np.eye(2), [1, 2], [5, 5, 5]), "L must be a scalar"),
        (lambda: WeakestLink([1, 2], 5, 0.0), "gamma must be > 0"),
        (lambda: TotalEffort([1, 2], np.inf), "L must be finite"),
    ],
)
def test_bad_inputs(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_bad_solver_inputs():
    model = weighted_total_effort_instance(1, N=3)
    with pytest.raises(ValueError, match="neither players nor fixed"):
        social_optimum(model, players=[0, 1])
    with pytest.raises(ValueError, match="fixed"):
        social_optimum(model, fixed={5: 1.0})
    with pytest.raises(ValueError, match="shape"):
        model.costs(np.zeros(4))
    assert social_optimum(model).kkt_residual < KKT_TOL


@pytest.mark.parametrize("model", [weighted_total_effort_instance(3, N=6), weakest_link_instance(3, N=6, gamma=4.0)])
def test_hessian_block_is_the_block_of_the_hessian(model):
    x, w, block = np.linspace(0.1, 0.9, 6), np.arange(1.0, 7.0), np.array([1, 4, 5])
    np.testing.assert_allclose(
        model.weighted_risk_hessian_block(x, w, block),
        model.weighted_risk_hessian(x, w)[np.ix_(block, block)],
        rtol=1e-13,
    )


@pytest.mark.parametrize("c", [[1.0, 1.0], [0.5, 0.5, 0.5], [0.2, 0.2, 0.9]])
def test_social_optimum_with_tied_costs(c):
    # total effort with tied cheapest users: the optimum is not unique; the solver starts at 0
    # and lets the first cheapest user carry the effort N e^{-x} = c_1
    result = social_optimum(TotalEffort(c, 1.0))
    assert result.kkt_residual < 1e-12
    assert result.x.sum() == pytest.approx(np.log(len(c) / c[0]), abs=1e-12)
