"""The numerical core: Lemke's algorithm on the standard test problems, the Newton
solvers and the scale-relative root searches."""

from __future__ import annotations

import numpy as np
import pytest

from replication.numerics.lcp import RayTermination, almost_complementary_bases, lemke
from replication.numerics.solvers import ConvergenceError


def assert_solves(M, q, z=None, atol=1e-12):
    M, q = np.asarray(M, float), np.asarray(q, float)
    sol = lemke(M, q)
    w = M @ sol.z + q
    scale = max(1.0, float(np.abs(q).max()))
    assert (sol.z >= -atol * scale).all() and (w >= -atol * scale).all()
    assert abs(sol.z @ w) <= atol * scale * max(1.0, float(np.abs(sol.z).sum()))
    np.testing.assert_allclose(sol.w, w)
    if z is not None:
        np.testing.assert_allclose(sol.z, z, atol=atol * scale)
    return sol


# -- the standard problems (Murty 1988; Kostreva 1979; as in QuantEcon's test set) --------
def test_kostreva_1_cycles_without_anti_cycling_but_solves_with_it():
    # strictly copositive: solvable; a plain ratio test cycles on it
    M = [[1, 2, 0], [0, 1, 2], [2, 0, 1]]
    sol = assert_solves(M, [-1, -1, -1], z=[1 / 3, 1 / 3, 1 / 3])
    assert sol.pivots <= almost_complementary_bases(3)


def test_kostreva_2_ends_on_a_ray():
    with pytest.raises(RayTermination, match="secondary ray"):
        lemke([[1, -1, 3], [2, -1, 3], [-1, -2, 0]], [-1, -1, -1])


def test_murty_2_8_solves():
    M = [[1, -1, -1, -1], [-1, 1, -1, -1], [1, 1, 2, 0], [1, 1, 0, 2]]
    assert_solves(M, [3, 5, -9, -5])


def test_murty_2_9_is_infeasible_and_ends_on_a_ray():
    with pytest.raises(RayTermination):
        lemke([[-1, 0, -3], [1, -2, -5], [-2, -1, -2]], [-3, -2, -1])


def test_murty_2_11_covering_vector_decides_between_ray_and_solution():
    M, q = [[-1.5, 2], [-4, 4]], [-5, 17]
    with pytest.raises(RayTermination):
        lemke(M, q, d=[5.0, 16.0])
    assert_solves(M, q, atol=1e-13)


def test_bimatrix_game_lcp():
    A = np.array([[3, 3], [2, 5], [0, 6]], float)
    B = np.array([[3, 2, 3], [2, 6, 1]], float)
    m, n = A.shape
    I = np.cumsum([0, m, n, m, m, n, n])
    M = np.zeros((3 * m + 3 * n, 3 * m + 3 * n))
    M[I[0] : I[1], I[1] : I[2]] = -A + A.max()
    M[I[0] : I[1], I[2] : I[3]], M[I[0] : I[1], I[3] : I[4]] = 1, -1
    M[I[1] : I[2], I[0] : I[1]] = -B + B.max()
    M[I[1] : I[2], I[4] : I[5]], M[I[1] : I[2], I[5] : I[6]] = 1, -1
    M[I[2] : I[3], I[0] : I[1]], M[I[3] : I[4], I[0] : I[1]] = -1, 1
    M[I[4] : I[5], I[1] : I[2]], M[I[5] : I[6], I[1] : I[2]] = -1, 1
    q = np.zeros(3 * m + 3 * n)
    q[I[2] : I[3]], q[I[3] : I[4]] = 1, -1
    q[I[4] : I[5]], q[I[5] : I[6]] = 1, -1
    assert_solves(M, q)


def test_positive_definite_problem_matches_the_unique_solution():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((10, 10))
    M, q = A.T @ A + np.eye(10), rng.standard_normal(10)
    sol = assert_solves(M, q)
    support = sol.z > 0
    np.testing.assert_allclose(sol.z[support], np.linalg.solve(M[np.ix_(support, support)], -q[support]))


def test_fully_degenerate_q_zero_rows():
    # q has zero entries and equal negative entries: degenerate at the start
    M = np.array([[2.0, 1, 0], [1, 2, 1], [0, 1, 2]])
    assert_solves(M, [-1.0, 0.0, -1.0])


def test_nonnegative_q_needs_no_pivot():
    sol = lemke(np.eye(2), [1.0, 0.0])
    assert sol.pivots == 0 and (sol.z == 0).all()


def test_pivot_bound_is_reported():
    with pytest.raises(ConvergenceError, match="bound of 1 pivots"):
        lemke([[1, 2, 0], [0, 1, 2], [2, 0, 1]], [-1, -1, -1], max_pivots=1)


def test_units_do_not_matter():
    M = np.array([[1, 2, 0], [0, 1, 2], [2, 0, 1]], float)
    q = -np.array([1.0, 2.0, 0.5])
    base = lemke(M, q).z
    for s in (1e-12, 1e-6, 1e6, 1e12):
        np.testing.assert_allclose(lemke(M * s, q).z * s, base, rtol=1e-10)
        np.testing.assert_allclose(lemke(M, q * s).z / s, base, rtol=1e-10)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="d .covering vector"):
        lemke(np.eye(2), [-1.0, -1.0], d=[1.0, 0.0])
    with pytest.raises(ValueError, match="M must have shape"):
        lemke(np.eye(3), [-1.0, -1.0])
    with pytest.raises(ValueError, match="q contains NaN"):
        lemke(np.eye(2), [np.nan, -1.0])


def test_dense_200_user_game_solves():
    """The problem set's long-path game (equal costs, a_ii 10% above the row's largest a_ij)."""
    from replication.problems import long_path_game

    M, q = long_path_game(200, 0).nash_lcp()
    sol = assert_solves(M, q, atol=1e-10)
    assert sol.complementarity < 1e-10


def test_dense_200_user_game_social_optimum_from_the_lemke_equilibrium():
    from replication.naghizadeh2014 import nash_equilibrium, social_optimum
    from replication.problems import long_path_game

    model = long_path_game(200, 0)
    ne = nash_equilibrium(model)
    assert ne.kkt_residual < 1e-10
    so = social_optimum(model, x0=ne.x)
    g = model.weighted_risk_gradient(so.x, model.L) + model.c
    assert so.kkt_residual < 1e-9 and (g >= -1e-9).all()
    assert so.objective <= model.social_cost(ne.x)
    np.testing.assert_allclose(so.x, social_optimum(model).x, atol=1e-9)


def test_weakest_link_nash_at_steep_soft_min_is_not_discarded():
    from replication.naghizadeh2014 import nash_equilibrium, weakest_link_instance

    model = weakest_link_instance(0, gamma=500.0)
    ne = nash_equilibrium(model)
    assert ne.kkt_residual < 1e-9
    # interior closed form (c_i = L f w_i): x_i = ln L - (1 - 1/g) ln sum c - ln(c_i)/g
    g = model.gamma
    closed = np.log(model.L[0]) - (1 - 1 / g) * np.log(model.c.sum()) - np.log(model.c) / g
    np.testing.assert_allclose(ne.x, closed, atol=1e-9)


def test_games_in_tiny_and_huge_units_solve():
    from replication.naghizadeh2014 import WeightedTotalEffort, nash_equilibrium, social_optimum

    rng = np.random.default_rng(3)
    A = rng.uniform(0, 1, (6, 6))
    np.fill_diagonal(A, 1.5)
    c = rng.uniform(1, 10, 6)
    base = social_optimum(WeightedTotalEffort(A, c, 50.0)).x
    for s in (1e-7, 1e7):
        model = WeightedTotalEffort(A * s, c * s, 50.0)
        np.testing.assert_allclose(social_optimum(model).x * s, base, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(
            nash_equilibrium(model).x * s, nash_equilibrium(WeightedTotalEffort(A, c, 50.0)).x, rtol=1e-9, atol=1e-12
        )
