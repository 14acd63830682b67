"""The shared problem set (``replication.problems``): every member the tests own is solved and
certified here, by checks independent of the solvers' own residuals; the benchmarks time the
larger members of the same families."""

from __future__ import annotations

import numpy as np
import pytest

from replication.naghizadeh2014 import nash_equilibrium, social_optimum
from replication.problems import FAMILIES, PROBLEMS, long_path_game, problems

TESTED = problems(size="test")


def test_names_are_unique_and_every_family_has_members_of_both_sizes():
    assert len({p.name for p in PROBLEMS}) == len(PROBLEMS)
    for family in FAMILIES:
        assert problems(family, size="test") and problems(family, size="bench"), family
        assert max(p.N for p in problems(family, size="test")) < max(p.N for p in problems(family, size="bench"))
    with pytest.raises(ValueError, match="family must be one of"):
        problems("dense")
    with pytest.raises(ValueError, match="size must be one of"):
        problems(size="huge")


def test_builders_are_seeded_and_build_a_new_game_each_time():
    first, again = problems("example1", size="test")[0].build(), problems("example1", size="test")[0].build()
    assert first is not again and np.array_equal(first.A, again.A) and np.array_equal(first.c, again.c)
    other = problems("example1", size="test")[1].build()
    assert not np.array_equal(first.c, other.c)


@pytest.mark.parametrize("problem", TESTED, ids=[p.name for p in TESTED])
def test_social_optimum_is_certified_on_every_test_member(problem):
    """KKT of problem (2) from the game's own derivatives, in its unit of money: min(x, g) = 0."""
    model = problem.build()
    x = social_optimum(model).x
    g = model.weighted_risk_gradient(x, model.L) + model.c
    assert (x >= 0).all()
    assert np.abs(np.minimum(x, g)).max() <= 1e-9 * model.money_scale()
    # no coordinate move of either sign lowers the social cost (a convex problem: the optimum)
    base = model.social_cost(x)
    for j in np.argsort(-x)[:3]:
        for step in (1e-4, -1e-4):
            trial = x.copy()
            trial[j] = max(trial[j] + step, 0.0)
            assert model.social_cost(trial) >= base - 1e-12 * abs(base)


@pytest.mark.parametrize("problem", TESTED, ids=[p.name for p in TESTED])
def test_nash_equilibrium_is_certified_on_every_test_member(problem):
    """Complementarity of the LCP (R-4) and each user's best response, checked directly."""
    model = problem.build()
    x = nash_equilibrium(model).x
    M, q = model.nash_lcp()
    w = M @ x + q
    scale = float(np.abs(q).max())
    assert (x >= 0).all() and (w >= -1e-9 * scale).all() and abs(float(x @ w)) <= 1e-9 * scale * max(1.0, x.sum())
    own = model.own_gradient(x)  # dC_i/dx_i = c_i - L a_ii f_i(x): >= 0, and 0 where x_i > 0
    assert np.abs(np.minimum(x, own)).max() <= 1e-9 * model.money_scale()


def test_long_path_game_is_the_family_it_names():
    model = long_path_game(12, 0)
    off = model.A - np.diag(np.diag(model.A))
    np.testing.assert_allclose(np.diag(model.A), 1.1 * off.max(axis=1))
    assert (model.c == 1.0).all() and (model.L == 20.0).all()
    with pytest.raises(ValueError, match="N must be"):
        long_path_game(1, 0)
