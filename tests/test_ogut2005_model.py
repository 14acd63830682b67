"""Ogut et al. (2005) model: values from a separate implementation, closed forms, corners, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from replication.core.solvers import NoInteriorSolution
from replication.ogut2005 import (
    Liability,
    equilibrium,
    exact_cara_equilibrium,
    liability,
    planner,
    regions,
    symmetric_equilibria,
    uninsured_equilibrium,
)
from replication.ogut2005.batch import BracketedSolver
from replication.ogut2005.model import reaction, reaction_crossings
from replication.security.breach import ExponentialBreach, PowerBreach
from replication.security.interdependence import Untargeted
from replication.security.taylor import symmetric_solutions

BASE = dict(breach=ExponentialBreach(0.5, 5.0), q=0.5, L=1.0, r=0.5, lam=0.2)


def test_regions_match_independent_values():
    """Separate implementation: R1..R4 for p = 0.5e^{-5z}, L = 1, r = 0.5, q = 0.5, lam = 0.2."""
    R = regions(**BASE)
    expected = [(0.1833, 1.0, 0.2000), (0.2197, 0.6000, 0.2000), (0.1593, 1.0, 0.3127), (0.2005, 0.5505, 0.3101)]
    for cell, (z, cover, rate) in zip((R.r1, R.r2, R.r3, R.r4), expected):
        assert round(cell.z, 4) == z and round(cell.I, 4) == cover and round(cell.premium_rate, 4) == rate
    assert all(R.orderings().values())


def test_cover_not_monotone_in_loading():
    """Separate implementation (Proof 8 example)."""
    breach = ExponentialBreach(0.45, 2.381)
    covers = [round(equilibrium(breach, L=1.0, r=2.0, q=1.0, lam=lam).I, 4) for lam in (0.8, 1, 1.5, 2, 3)]
    assert covers == [0.4385, 0.4898, 0.5149, 0.5181, 0.5166]


def test_equilibrium_solves_eqs_9_and_10():
    e = equilibrium(**BASE)
    b, q, L, r, lam = BASE.values()
    p, dp = b.p(e.z), b.dp(e.z)
    assert dp * (1 - q * p) == pytest.approx(-1 / ((1 + lam) * L), abs=1e-12)
    assert e.I == pytest.approx(L - lam / (r * (1 + lam) * (1 - p) * (1 - q * p)), abs=1e-12)
    assert e.P == pytest.approx(1 - (1 - p) * (1 - q * p), abs=1e-14)
    assert e.stable and not e.corner


def test_exponential_closed_form_at_fair_price():
    """p = p0 e^{-az}, q = 0, lam = 0: a p(z) = 1/L, so z = ln(a p0 L)/a and I = L (Result 1)."""
    e = equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.0, lam=0.0)
    assert e.z == pytest.approx(np.log(2.5) / 5, abs=1e-12) and e.I == 1.0


def test_several_equilibria_and_stability():
    """Proof 4 example: p = 0.95e^{-8z}, q = 1, lam = 0 has z = 0.0134 (H < 0) and 0.2337 (H > 0)."""
    eqs = symmetric_equilibria(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0)
    assert [round(e.z, 4) for e in eqs] == [0.0134, 0.2337]
    assert [e.stable for e in eqs] == [False, True]
    assert equilibrium(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0).z == eqs[1].z
    crossings = reaction_crossings(ExponentialBreach(0.95, 8.0), L=1.0, q=1.0, lam=0.0, z_max=0.35)
    assert len(crossings) == 3 and crossings[0] == (0.0, 0.0)


def test_reaction_curve_slopes_up():
    b = BASE["breach"]
    values = [reaction(b, L=1.0, q=0.5, lam=0.2, z2=z2) for z2 in (0.0, 0.1, 0.2, 0.4)]
    assert values == sorted(values) and values[2] == pytest.approx(0.2005, abs=1e-4)


def test_corner_when_cover_would_be_negative():
    e = equilibrium(**(BASE | {"lam": 5.0}))
    none = uninsured_equilibrium(BASE["breach"], L=1.0, r=0.5, q=0.5)
    assert e.corner and e.I == 0.0 and e.z == pytest.approx(none.z, abs=1e-12)


def test_planner_and_liability_orderings():
    nash, social, liable = equilibrium(**BASE), planner(**BASE), liability(**BASE)
    b, q = BASE["breach"], BASE["q"]
    assert b.dp(social.z) * (1 + q - 2 * q * b.p(social.z)) == pytest.approx(-1 / 1.2, abs=1e-12)
    assert b.dp(liable.z) * (1 + q - q * b.p(liable.z)) == pytest.approx(-1 / 1.2, abs=1e-12)
    assert liable.z > social.z > nash.z


def test_n_firms_invest_less():
    zs = [equilibrium(**(BASE | {"q": 0.2, "n": n})).z for n in (2, 3, 4)]
    assert zs[0] > zs[1] > zs[2]


def test_exact_counterexamples_through_api():
    """Fair insurance raises z under exact CARA at high breach probability."""
    b = ExponentialBreach(0.95, 2.0)
    none = exact_cara_equilibrium(b, insured=False, L=1.0, r=1.0, q=0.0, lam=0.0)
    fair = exact_cara_equilibrium(b, insured=True, L=1.0, r=1.0, q=0.0, lam=0.0)
    assert (round(none.z, 3), round(fair.z, 3)) == (0.245, 0.321)


@pytest.mark.parametrize("breach", [ExponentialBreach(0.8, 5.0), PowerBreach(0.7, 2.0, 1.0)])
@pytest.mark.parametrize("lam,insured,planner_", [(0.1, True, False), (0.5, False, False), (0.3, True, True)])
def test_bracketed_solver_agrees_with_taylor(breach, lam, insured, planner_):
    structure = Untargeted(1.0)
    fast = BracketedSolver(breach, structure, planner=planner_)(L=2.0, r=0.3, lam=lam, insured=insured)
    slow = symmetric_solutions(breach, structure, insured=insured, L=2.0, r=0.3, lam=lam, planner=planner_)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert a.z == pytest.approx(b.z, abs=1e-12) and a.stable == b.stable and a.own_soc == b.own_soc


def test_liability_structure_derivative():
    s, b = Liability(0.5), BASE["breach"]
    h = 1e-7
    assert s.dP_own(b, 0.2, 0.3) == pytest.approx((s.P(b, 0.2 + h, 0.3) - s.P(b, 0.2 - h, 0.3)) / (2 * h), rel=1e-6)


def test_no_interior_solution():
    with pytest.raises(NoInteriorSolution):
        equilibrium(ExponentialBreach(0.1, 1.0), L=1.0, r=0.5, q=0.5, lam=0.2)


@pytest.mark.parametrize(
    "change,name", [({"q": 1.5}, "q"), ({"L": -1.0}, "L"), ({"r": 0.0}, "r"), ({"lam": -0.2}, "lam"), ({"n": 1}, "n")]
)
def test_bad_inputs(change, name):
    with pytest.raises(ValueError, match=name):
        symmetric_equilibria(**(BASE | change))


def test_regions_need_positive_q_and_lam():
    with pytest.raises(ValueError, match="lam"):
        regions(**(BASE | {"lam": 0.0}))
    with pytest.raises(ValueError, match="q"):
        regions(**(BASE | {"q": 0.0}))


def test_liability_is_for_two_firms():
    with pytest.raises(ValueError, match="n"):
        liability(**BASE, n=3)


def test_regions_with_more_firms():
    R = regions(**BASE, n=3)
    assert R.n == 3 and all(R.orderings().values())
