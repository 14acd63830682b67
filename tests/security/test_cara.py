"""Exact CARA model (replication.security.cara): closed forms against brute-force optimisation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize, minimize_scalar

from replication.security.breach import ExponentialBreach, PowerBreach
from replication.security.cara import (
    ExactSymmetricSolution,
    chosen_cover,
    exact_cover,
    exact_symmetric_solutions,
    expected_utility,
    investment_residual,
    uninsured_residual,
)
from replication.security.interdependence import Independent, Targeted, Untargeted
from replication.security.taylor import SymmetricSolution, symmetric_solutions

W = 5.0


@pytest.mark.parametrize("P,L,r,lam", [(0.2, 1.0, 0.5, 0.2), (0.4, 2.0, 1.5, 0.1), (0.1, 1.0, 2.0, 0.0)])
def test_cover_maximises_expected_utility(P, L, r, lam):
    best = minimize_scalar(
        lambda I: -expected_utility(P, 0.0, I, W=W, L=L, r=r, lam=lam),
        bounds=(-L, 2 * L),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert exact_cover(P, L=L, r=r, lam=lam) == pytest.approx(best.x, abs=1e-6)


def test_fair_price_gives_full_cover():
    assert exact_cover(0.3, L=1.7, r=0.8, lam=0.0) == pytest.approx(1.7, abs=1e-14)


def test_negative_cover_is_a_flagged_corner():
    assert exact_cover(0.3, L=1.0, r=0.5, lam=3.0) < 0
    assert chosen_cover(0.3, L=1.0, r=0.5, lam=3.0) == (0.0, True)
    assert chosen_cover(0.3, L=1.0, r=0.5, lam=0.2)[1] is False
    assert exact_cover(0.6, L=1.0, r=0.5, lam=1.0) == -np.inf  # (1 + lam) P >= 1


def test_uninsured_residual_closed_form():
    P, dP, L, r = 0.3, -0.8, 1.2, 0.7
    k = np.exp(r * L) - 1
    assert uninsured_residual(dP, P, L=L, r=r) == pytest.approx(dP + r * (1 + P * k) / k, rel=1e-14)


@pytest.mark.parametrize("structure", [Independent(), Untargeted(0.5), Targeted()])
@pytest.mark.parametrize("lam,insured", [(0.0, True), (0.2, True), (0.2, False)])
def test_equilibrium_is_a_best_response(structure, lam, insured):
    """At the symmetric solution no firm gains by changing its own z (and I) unilaterally."""
    breach, L, r = ExponentialBreach(0.5, 5.0), 1.0, 0.5
    (sol,) = exact_symmetric_solutions(breach, structure, insured=insured, L=L, r=r, lam=lam)
    z2 = sol.z

    def loss(x):
        z1, I = x[0], (x[1] if insured else 0.0)
        P = structure.P(breach, z1, z2)
        return -expected_utility(P, z1, I, W=W, L=L, r=r, lam=lam)

    start = [sol.z * 1.3, sol.I * 0.8] if insured else [sol.z * 1.3]
    best = minimize(loss, start, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-15})
    assert best.x[0] == pytest.approx(sol.z, abs=1e-5)
    if insured:
        assert best.x[1] == pytest.approx(sol.I, abs=1e-4)
    assert sol.own_soc and sol.stable and sol.residual < 1e-10
    assert isinstance(sol, SymmetricSolution)


def test_fair_insured_condition_equals_taylor():
    """With full fair cover there is no risk left, so the exact and Taylor conditions agree."""
    breach, structure = PowerBreach(0.6, 3.0, 1.5), Untargeted(0.7)
    exact = exact_symmetric_solutions(breach, structure, insured=True, L=1.0, r=0.9, lam=0.0)
    approx = symmetric_solutions(breach, structure, insured=True, L=1.0, r=0.9, lam=0.0)
    assert [s.z for s in exact] == pytest.approx([s.z for s in approx], abs=1e-10)


@pytest.mark.parametrize("p0,a,r,z_none,z_fair", [(0.95, 1.5, 0.3, 0.190, 0.236), (0.95, 2.0, 1.0, 0.245, 0.321)])
def test_fair_insurance_can_raise_investment(p0, a, r, z_none, z_fair):
    """Spec finding F3: with a high breach probability fair insurance raises z exactly."""
    breach = ExponentialBreach(p0, a)
    (none,) = exact_symmetric_solutions(breach, Independent(), insured=False, L=1.0, r=r, lam=0.0)
    (fair,) = exact_symmetric_solutions(breach, Independent(), insured=True, L=1.0, r=r, lam=0.0)
    assert round(none.z, 3) == z_none and round(fair.z, 3) == z_fair


def test_untargeted_counterexample():
    breach, structure = ExponentialBreach(0.95, 3.0), Untargeted(0.3)
    (none,) = exact_symmetric_solutions(breach, structure, insured=False, L=1.0, r=1.0, lam=0.0)
    (fair,) = exact_symmetric_solutions(breach, structure, insured=True, L=1.0, r=1.0, lam=0.0)
    assert round(none.z, 3) == 0.290 and round(fair.z, 3) == 0.309


def test_corner_solution_solves_uninsured_condition():
    breach, structure = ExponentialBreach(0.5, 5.0), Untargeted(0.5)
    (sol,) = exact_symmetric_solutions(breach, structure, insured=True, L=1.0, r=0.5, lam=3.0)
    (none,) = exact_symmetric_solutions(breach, structure, insured=False, L=1.0, r=0.5, lam=3.0)
    assert isinstance(sol, ExactSymmetricSolution) and sol.corner and sol.I == 0.0
    assert sol.z == pytest.approx(none.z, abs=1e-12)


def test_investment_residual_vectorised():
    out = investment_residual(np.array([-1.0, -0.5]), np.array([0.2, 0.3]), np.array([0.5, 0.0]), L=1.0, r=0.5, lam=0.2)
    assert out.shape == (2,)


@pytest.mark.parametrize("kwargs,name", [({"L": 0.0}, "L"), ({"r": -1.0}, "r"), ({"lam": -0.1}, "lam")])
def test_bad_inputs(kwargs, name):
    args = {"L": 1.0, "r": 0.5, "lam": 0.2} | kwargs
    with pytest.raises(ValueError, match=name):
        exact_symmetric_solutions(ExponentialBreach(0.5, 5.0), Independent(), insured=True, **args)
