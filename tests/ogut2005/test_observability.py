"""The equilibrium when the insurer does not observe investment (eq 18, our derivation)."""

from __future__ import annotations

import math

import pytest

from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005 import equilibrium
from replication.ogut2005.model.observability import unobserved_equilibrium
from replication.security.breach import ExponentialBreach, PowerBreach


def test_closed_form_for_the_exponential_family():
    """p'/(1-p) = -r/lam with p = p0 e^{-az} gives p(z) = r/(a lam + r)."""
    b, r, lam = ExponentialBreach(0.5, 5.0), 0.5, 0.2
    e = unobserved_equilibrium(b, L=1.0, r=r, q=0.5, lam=lam)
    assert float(b.p(e.z)) == pytest.approx(r / (5.0 * lam + r), rel=1e-10)
    assert e.z == pytest.approx(math.log(0.5 * (5.0 * lam + r) / r) / 5.0, rel=1e-10)
    D = (1 - float(b.p(e.z))) * (1 - 0.5 * float(b.p(e.z)))
    assert e.I == pytest.approx(1.0 - lam / (r * 1.2 * D), rel=1e-12)
    assert e.premium_rate == pytest.approx(1.2 * (1 - D))


def test_investment_condition_of_eq_18_holds():
    b, q, L, r, lam = PowerBreach(0.7, 2.0, 3.0), 0.5, 2.0, 2.0, 0.5
    e = unobserved_equilibrium(b, L=L, r=r, q=q, lam=lam)
    lhs = float(b.dp(e.z)) * (1 - q * float(b.p(e.z)))
    assert lhs == pytest.approx(-1.0 / ((1 + lam) * (L - e.I)), rel=1e-9)


def test_unobserved_investment_and_cover_are_lower():
    b = ExponentialBreach(0.5, 5.0)
    seen, unseen = equilibrium(b, L=1.0, r=0.5, q=0.5, lam=0.2), unobserved_equilibrium(b, L=1.0, r=0.5, q=0.5, lam=0.2)
    assert unseen.z < seen.z and unseen.I < seen.I


def test_fair_price_leaves_no_incentive():
    e = unobserved_equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.0)
    assert e.z == 0.0 and e.I == 1.0


def test_bad_inputs():
    b = ExponentialBreach(0.5, 5.0)
    with pytest.raises(ValueError, match="q"):
        unobserved_equilibrium(b, L=1.0, r=0.5, q=1.5, lam=0.2)
    with pytest.raises(ValueError, match="r"):
        unobserved_equilibrium(b, L=1.0, r=-1.0, q=0.5, lam=0.2)
    with pytest.raises(NoInteriorSolution):
        unobserved_equilibrium(b, L=1.0, r=0.01, q=0.5, lam=5.0)
