"""The weighted-total-effort game on a sparse dependence matrix: the same answers as the
dense game, certified residuals on a moderate network, and clear errors on bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from replication.naghizadeh2014 import (
    KKT_TOL,
    WeightedTotalEffort,
    all_nash_equilibria,
    best_response,
    nash_equilibrium,
    social_optimum,
)
from replication.naghizadeh2014.model import game as equilibrium
from replication.naghizadeh2014.model.instances import sparse_weighted_total_effort_instance
from replication.numerics.lcp import lcp_semismooth_newton
from replication.numerics.newton import projected_newton_cg
from replication.numerics.solvers import ConvergenceError


def dense_copy(model: WeightedTotalEffort) -> WeightedTotalEffort:
    return WeightedTotalEffort(model.A.toarray(), model.c, model.L)


def diagonally_dominant(seed: int, N: int, degree: int) -> WeightedTotalEffort:
    """A sparse game whose rows are strictly diagonally dominant (a P-matrix: one equilibrium)."""
    model = sparse_weighted_total_effort_instance(seed, N=N, degree=degree)
    A = model.A.toarray()
    own = np.diagonal(A).copy()
    off = A - np.diag(own)
    A = off * (0.9 * own / np.maximum(off.sum(axis=1), 1e-300))[:, None] + np.diag(own)
    return WeightedTotalEffort(sparse.csr_array(A), model.c, model.L)


# -- the model -----------------------------------------------------------------------------
def test_sparse_derivatives_equal_the_dense_ones():
    model = sparse_weighted_total_effort_instance(3, N=30, degree=5)
    dense = dense_copy(model)
    x = np.random.default_rng(0).uniform(0.0, 2.0, 30)
    w = np.random.default_rng(1).uniform(0.5, 2.0, 30)
    assert model.sparse and not dense.sparse
    np.testing.assert_allclose(model.risk(x), dense.risk(x), rtol=1e-14)
    for name in ("risk_jacobian", "own_gradient_jacobian", "cost_jacobian"):
        got = getattr(model, name)(x)
        assert sparse.issparse(got)
        np.testing.assert_allclose(got.toarray(), getattr(dense, name)(x), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(
        model.weighted_risk_hessian(x, w).toarray(), dense.weighted_risk_hessian(x, w), rtol=1e-13
    )
    block = np.array([2, 7, 11])
    np.testing.assert_allclose(
        model.weighted_risk_hessian_block(x, w, block).toarray(),
        dense.weighted_risk_hessian_block(x, w, block),
        rtol=1e-13,
    )
    np.testing.assert_allclose(model.weighted_risk_gradient(x, w), dense.weighted_risk_gradient(x, w), rtol=1e-13)
    np.testing.assert_allclose(model.own_gradient(x), dense.own_gradient(x), rtol=1e-13)
    np.testing.assert_allclose(model.effort_scale(), 1.0 / np.diagonal(dense.A), rtol=0)
    for k in (0, 13, 29):
        assert best_response(model, k, x) == pytest.approx(best_response(dense, k, x), rel=1e-13, abs=1e-15)


def test_sparse_instances_are_seeded_and_calibrated_like_example_1():
    model = sparse_weighted_total_effort_instance(5, N=500, degree=7)
    again = sparse_weighted_total_effort_instance(5, N=500, degree=7)
    assert (model.A != again.A).nnz == 0 and np.array_equal(model.c, again.c)
    assert model.A.nnz == 500 * 7
    A = model.A.toarray()
    off = A - np.diag(np.diagonal(A))
    assert (off.max(axis=1) < np.diagonal(A)).all()  # a_ii > a_ij
    assert ((A > 0).sum(axis=1) == 7).all()  # the user and six distinct neighbours
    assert np.all(np.diff(model.c) >= 0) and 0 < model.c.min() and model.c.max() < 20.0
    assert (model.L == 50.0).all()
    # degree = N: every row full, as in the dense Example 1 matrix
    full = sparse_weighted_total_effort_instance(1, N=6, degree=6)
    assert full.A.nnz == 36
    with pytest.raises(ValueError, match="degree"):
        sparse_weighted_total_effort_instance(0, N=5, degree=6)


# -- the same answers as the dense game ------------------------------------------------------
@pytest.mark.parametrize(("seed", "N", "degree"), [(0, 12, 4), (1, 40, 10), (2, 150, 10)])
def test_sparse_social_optimum_equals_the_dense_one(seed, N, degree):
    model = sparse_weighted_total_effort_instance(seed, N=N, degree=degree)
    ours, dense = social_optimum(model), social_optimum(dense_copy(model))
    np.testing.assert_allclose(ours.x, dense.x, rtol=0, atol=1e-10)
    assert ours.objective == pytest.approx(dense.objective, rel=1e-12)
    assert ours.scaled_residual <= KKT_TOL


def test_sparse_coalition_optimum_equals_the_dense_one():
    model = sparse_weighted_total_effort_instance(4, N=30, degree=6)
    players, fixed = list(range(1, 30)), {0: 0.7}
    ours = social_optimum(model, players=players, fixed=fixed)
    dense = social_optimum(dense_copy(model), players=players, fixed=fixed)
    np.testing.assert_allclose(ours.x, dense.x, rtol=0, atol=1e-10)
    assert ours.x[0] == 0.7


@pytest.mark.parametrize("seed", [0, 1])
def test_sparse_nash_equals_the_dense_one_when_it_is_unique(seed):
    model = diagonally_dominant(seed, 60, 8)
    ours, dense = nash_equilibrium(model), nash_equilibrium(dense_copy(model))
    assert ours.method == "semismooth Newton (sparse)" and dense.method == "Lemke"
    np.testing.assert_allclose(ours.x, dense.x, rtol=0, atol=1e-10)


@pytest.mark.parametrize("seed", [0, 3])
def test_sparse_nash_is_one_of_the_enumerated_equilibria(seed):
    model = sparse_weighted_total_effort_instance(seed, N=10, degree=4)
    ours = nash_equilibrium(model, enumerate_all=True)
    every = all_nash_equilibria(dense_copy(model))
    assert ours.equilibria_found == len(every) >= 1
    assert min(np.max(np.abs(ours.x - x)) for x in every) <= 1e-10


# -- certified on a moderate network ---------------------------------------------------------
def test_moderate_sparse_network_kkt_residuals():
    model = sparse_weighted_total_effort_instance(7, N=2000)
    A, c, L = model.A, model.c, model.L
    own = A.diagonal()
    unit = float(np.max(c / own))  # the largest cost of an effort unit 1/a_ii
    # social optimum: x >= 0, g = c - A'(L exp(-Ax)) >= 0, x g = 0, in effort units 1/a_ii
    optimum = social_optimum(model)
    x = optimum.x
    g = c - A.T @ (L * np.exp(-(A @ x)))
    assert (x >= 0).all()
    assert np.max(np.abs(np.minimum(x * own, g / own / unit))) <= 1e-12
    assert 0 < np.count_nonzero(x) < model.N
    # Nash: every effort is the user's best reply, in closed form
    nash = nash_equilibrium(model)
    y = nash.x
    b = np.log(L * own / c)
    reply = np.maximum(0.0, (b - (A @ y - own * y)) / own)
    assert np.max(np.abs(reply - y) * own) <= 1e-10
    assert nash.kkt_residual == pytest.approx(np.max(np.abs(np.minimum(y, c - L * own * np.exp(-(A @ y))))))
    assert model.social_cost(x) < model.social_cost(y)


# -- failures are reported with their residual -----------------------------------------------
def test_sparse_solvers_raise_with_their_residual(monkeypatch):
    model = sparse_weighted_total_effort_instance(0, N=100)
    real_cg, real_fb = projected_newton_cg, lcp_semismooth_newton
    monkeypatch.setattr(equilibrium, "projected_newton_cg", lambda *a, **k: real_cg(*a, **{**k, "max_iter": 2}))
    with pytest.raises(ConvergenceError, match="projected Newton-CG") as caught:
        social_optimum(model)
    assert caught.value.residual > KKT_TOL
    monkeypatch.setattr(equilibrium, "lcp_semismooth_newton", lambda *a, **k: real_fb(*a, **{**k, "max_iter": 2}))
    fallback = nash_equilibrium(model)  # small enough for Lemke on a dense copy
    assert fallback.method == "Lemke (dense copy of a sparse game)"
    assert fallback.kkt_residual <= KKT_TOL
    monkeypatch.setattr(equilibrium, "DENSE_LEMKE_MAX", 50)
    with pytest.raises(ConvergenceError, match="semismooth Newton") as caught:
        nash_equilibrium(model)
    assert caught.value.residual > KKT_TOL


# -- bad input ---------------------------------------------------------------------------------
def _ok() -> sparse.csr_array:
    return sparse.csr_array(np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.2], [0.3, 0.0, 1.0]]))


@pytest.mark.parametrize(
    ("A", "error", "message"),
    [
        (sparse.csr_array(np.eye(4)), ValueError, r"A must have shape \(3x3\), got \(4, 4\)"),
        (sparse.csr_array(np.ones((3, 2))), ValueError, r"A must have shape \(3x3\)"),
        (sparse.csr_array(np.array([[1.0, -0.5, 0], [0, 1, 0], [0, 0, 1]])), ValueError, "A must be >= 0"),
        (sparse.csr_array(np.array([[1.0, np.nan, 0], [0, 1, 0], [0, 0, 1]])), ValueError, "A contains NaN"),
        (sparse.csr_array(np.array([[1.0, np.inf, 0], [0, 1, 0], [0, 0, 1]])), ValueError, "A must be finite"),
        (
            sparse.csr_array(np.array([[1.0, 0.5, 0], [0, 0, 0.2], [0, 0, 1]])),
            ValueError,
            "A must have a positive diagonal",
        ),
        (sparse.csr_array(np.array([[1.0, 1.0, 0], [0, 1, 0], [0, 0, 1]])), ValueError, "a_ii > a_ij.*row 0"),
        (sparse.csr_array(np.eye(3, dtype=bool)), TypeError, "A must hold real numbers"),
        (sparse.csr_array(np.eye(3, dtype=complex)), TypeError, "A must hold real numbers"),
    ],
)
def test_bad_sparse_matrices_are_refused_by_name(A, error, message):
    with pytest.raises(error, match=message):
        WeightedTotalEffort(A, np.ones(3), 50.0)


def test_sparse_input_is_not_modified_and_any_format_is_read():
    A = _ok()
    before = A.toarray().copy()
    for given in (A, sparse.coo_array(A), sparse.csc_matrix(A), sparse.lil_array(A)):
        model = WeightedTotalEffort(given, np.ones(3), 50.0)
        assert model.sparse and model.A.format == "csr"
        np.testing.assert_array_equal(model.A.toarray(), before)
    np.testing.assert_array_equal(A.toarray(), before)


# -- many investors: the dense game goes on by Newton-CG ---------------------------------------
def test_many_investors_take_newton_cg_and_reach_the_factorised_optimum(monkeypatch):
    """Weakly interdependent users nearly all invest; a working set beyond
    ``DENSE_WORKING_SET`` is not factorised but continued by Newton-CG.  Forced below its size
    (and above it), the two routes give one optimum, certified by its KKT residual, and a
    coalition with a held effort takes the same route."""
    from replication.naghizadeh2014.model.instances import weakly_interdependent_instance

    model = weakly_interdependent_instance(3, N=120, spillover=0.01)
    monkeypatch.setattr(equilibrium, "DENSE_WORKING_SET", 10**6)
    factorised = social_optimum(model)
    fixed = social_optimum(model, players=range(1, 120), fixed={0: 0.5})
    monkeypatch.setattr(equilibrium, "DENSE_WORKING_SET", 16)
    iterative = social_optimum(model)
    assert (factorised.x > 0).sum() > 16  # the cap is reached
    np.testing.assert_allclose(iterative.x, factorised.x, rtol=0, atol=1e-9 * factorised.x.max())
    assert iterative.objective == pytest.approx(factorised.objective, rel=1e-12)
    assert iterative.scaled_residual <= KKT_TOL
    g = model.weighted_risk_gradient(iterative.x, model.L) + model.c
    assert np.abs(np.minimum(iterative.x, g)).max() <= 1e-9 * float(model.money_scale())
    coalition = social_optimum(model, players=range(1, 120), fixed={0: 0.5})
    np.testing.assert_allclose(coalition.x, fixed.x, rtol=0, atol=1e-9 * fixed.x.max())
    assert coalition.x[0] == 0.5


def test_working_set_newton_hands_over_when_the_set_outgrows_its_cap():
    from replication.numerics.newton import WorkingSetFull, working_set_newton

    target = np.linspace(1.0, 2.0, 40)  # min |z - target|^2 / 2: every coordinate positive

    def hessian(z, block):
        return np.eye(block.size)

    with pytest.raises(WorkingSetFull) as caught:
        working_set_newton(
            lambda z: 0.5 * float((z - target) @ (z - target)), lambda z: z - target, hessian, np.zeros(40), max_size=10
        )
    assert caught.value.z.shape == (40,) and caught.value.iterations >= 1
    z, residual, _ = working_set_newton(
        lambda z: 0.5 * float((z - target) @ (z - target)), lambda z: z - target, hessian, np.zeros(40)
    )
    np.testing.assert_allclose(z, target)
    assert residual <= 1e-12
