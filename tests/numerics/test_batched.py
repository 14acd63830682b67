"""The batched numerical core: Brent's method against SciPy's brentq, projected Newton on
stacks of exposure problems against the per-problem social optimum, stacked solves, Lemke's
algorithm on stacks against the per-problem one."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq

from replication.naghizadeh2014.model.game import social_optimum
from replication.naghizadeh2014.model.instances import weighted_total_effort_instance
from replication.numerics.batched import ExposureProblems, brent_roots, exposure_minimum, lemke_stack, solve_stack
from replication.numerics.lcp import lemke
from replication.numerics.newton import regularised_solve
from replication.numerics.solvers import kkt_residual

# functions with a root in [lo, hi], of different shapes (flat, steep, kinked, linear)
FUNCTIONS = [
    (lambda x: np.cos(x) - x, 0.0, 1.0),
    (lambda x: x**3 - 2 * x - 5, 2.0, 3.0),
    (lambda x: np.exp(-5 * x) - 0.3, 0.0, 4.0),
    (lambda x: np.maximum(0.0, 1.5 - 2 * x) - 0.4 * x, 0.0, 10.0),
    (lambda x: (x - 0.7) ** 3 + 0.1 * (x - 0.7), 0.0, 1.0),
    (lambda x: 2.0 - x, 0.0, 2.0),  # a root at the upper end
]


def test_brent_visits_what_brentq_visits():
    lo = np.array([f[1] for f in FUNCTIONS])
    hi = np.array([f[2] for f in FUNCTIONS])
    calls = np.zeros(len(FUNCTIONS), dtype=int)

    def f(x, rows):
        calls[rows] += 1
        return np.array([FUNCTIONS[r][0](v) for r, v in zip(rows, x, strict=True)])

    f_lo = np.array([fn(a) for fn, a, _ in FUNCTIONS])
    f_hi = np.array([fn(b) for fn, _, b in FUNCTIONS])
    found = brent_roots(f, lo, hi, f_lo, f_hi, xtol=1e-13)
    assert found.converged.all()
    for (fn, a, b), x, n, evaluated in zip(FUNCTIONS, found.x, found.function_calls, calls, strict=True):
        root, info = brentq(fn, a, b, xtol=1e-13, full_output=True)
        assert x == root  # the same iterates, so the same point
        assert n == info.function_calls == evaluated + 2


def test_brent_fails_where_brentq_fails():
    def flat(x):
        return (x - 0.7) ** 5  # values near the root too small for the tolerance

    found = brent_roots(
        lambda x, rows: flat(x),
        np.array([0.0]),
        np.array([1.0]),
        np.array([flat(0.0)]),
        np.array([flat(1.0)]),
        xtol=1e-13,
    )
    root, info = brentq(flat, 0.0, 1.0, xtol=1e-13, full_output=True, disp=False)
    assert not info.converged and not found.converged[0]
    assert found.x[0] == root and found.function_calls[0] == info.function_calls


def test_brent_reports_a_bracket_without_sign_change():
    found = brent_roots(
        lambda x, rows: x + 1.0, np.array([0.0]), np.array([1.0]), np.array([1.0]), np.array([2.0]), xtol=1e-13
    )
    assert not found.converged[0]


def exposure_stack(seeds, N=5, cost_scale=20.0):
    """Social-optimum problems of random weighted-total-effort games, scaled as the solver does."""
    models = [weighted_total_effort_instance(seed, N=N, cost_scale=cost_scale) for seed in seeds]
    A = np.array([m.A for m in models])
    s = 1.0 / np.diagonal(A, axis1=1, axis2=2)
    c = np.array([m.c for m in models])
    m = (c * s).max(axis=1)
    problems = ExposureProblems(
        A * s[:, None, :], 50.0 / m[:, None] * np.ones_like(c), c * s / m[:, None], np.ones_like(c, dtype=bool)
    )
    return models, problems, s


@pytest.mark.parametrize("cost_scale", [1.0, 20.0])
def test_exposure_minimum_is_the_social_optimum(cost_scale):
    models, problems, s = exposure_stack(range(40), cost_scale=cost_scale)
    found = exposure_minimum(problems, np.zeros_like(s), tol=1e-15)
    assert (found.residual <= 1e-12).all()
    for model, y, scale in zip(models, found.y, s, strict=True):
        reference = social_optimum(model).x
        np.testing.assert_allclose(y * scale, reference, rtol=1e-10, atol=1e-10)
        g = model.weighted_risk_gradient(y * scale, model.L) + model.c  # KKT in the model's units
        assert kkt_residual(y * scale, g) <= 1e-9


def test_held_coordinates_stay_and_problems_do_not_interact():
    _, problems, s = exposure_stack(range(12))
    free = problems.free.copy()
    free[:, 2] = False  # hold user 2 at its start
    held = ExposureProblems(problems.M, problems.w, problems.u, free)
    y0 = np.full_like(s, 0.5)
    stack = exposure_minimum(held, y0, tol=1e-15)
    assert (stack.y[:, 2] == 0.5).all()
    for b in range(12):
        alone = exposure_minimum(held.take(np.array([b])), y0[[b]], tol=1e-15)
        assert (alone.y[0] == stack.y[b]).all() and alone.iterations[0] == stack.iterations[b]


def test_solve_stack_isolates_a_singular_matrix():
    rng = np.random.default_rng(3)
    F = rng.normal(size=(6, 4, 4))
    H = F @ np.swapaxes(F, 1, 2) + 0.1 * np.eye(4)
    v = rng.normal(size=4)
    H[4] = np.outer(v, v)  # rank one: no Cholesky factor
    g = rng.normal(size=(6, 4))
    d, ok = solve_stack(H, g)
    assert ok.all()
    for b in (0, 1, 2, 3, 5):
        np.testing.assert_allclose(H[b] @ d[b], g[b], rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(d[4], regularised_solve(H[4], g[4]))


def test_lemke_stack_takes_the_pivots_of_lemke():
    rng = np.random.default_rng(11)
    M = rng.uniform(0.0, 1.0, size=(200, 5, 5)) + np.eye(5)  # strictly copositive: always solvable
    q = rng.normal(size=(200, 5)) * 3.0
    stack = lemke_stack(M, q)
    assert stack.solved.all()
    for b in range(200):
        one = lemke(M[b], q[b])
        assert stack.pivots[b] == one.pivots
        np.testing.assert_allclose(stack.z[b], one.z, rtol=1e-12, atol=1e-13)
        w = M[b] @ stack.z[b] + q[b]
        assert (stack.z[b] >= 0).all() and (w >= -1e-12).all() and abs(stack.z[b] @ w) <= 1e-10


def test_lemke_stack_leaves_ties_and_rays_to_the_per_problem_solver():
    kostreva_cycling = np.array([[1.0, 2, 0], [0, 1, 2], [2, 0, 1]])  # a plain ratio test cycles
    kostreva_ray = np.array([[1.0, -1, 3], [2, -1, 3], [-1, -2, 0]])
    generic = np.array([[2.0, 0.3, 0.1], [0.2, 1.5, 0.4], [0.1, 0.2, 1.0]])
    stack = lemke_stack(
        np.array([kostreva_cycling, kostreva_ray, generic]), np.array([[-1.0, -1, -1]] * 2 + [[-1.0, 0.5, -2]])
    )
    assert stack.solved.tolist() == [False, False, True]
    np.testing.assert_allclose(stack.z[2], lemke(generic, [-1.0, 0.5, -2]).z, rtol=1e-12)
