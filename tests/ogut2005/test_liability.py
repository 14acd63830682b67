"""Liability for n firms (Ogut et al. eqs 16-17, our reading; n > 2 our generalisation).

Checked against the two-firm rule as it stood (a copy below), a closed form for the
exponential family, an n-firm profile written out firm by firm, the network model with
identical firms, comparative statics and a brute-force best reply on a grid.
"""

from __future__ import annotations

import numpy as np
import pytest

from replication.heterogeneous import Firms
from replication.heterogeneous import liability as network_liability
from replication.ogut2005 import Liability, equilibrium, liability, planner
from replication.ogut2005.model.game import equilibrium_of, firm_best_reply
from replication.security.breach import BreachFunction, ExponentialBreach, PowerBreach, Value
from replication.security.interdependence import Structure

B = ExponentialBreach(0.5, 5.0)


class TwoFirmLiability(Structure):
    """The two-firm structure as it was before the generalisation (a copy, for the regression)."""

    name = "liability"

    def __init__(self, q: float) -> None:
        self.q = q

    def __repr__(self) -> str:
        return f"Liability(q={self.q!r})"

    def envelope(self) -> float:
        return 1.0 + 2.0 * self.q

    def _exposure(self, breach: BreachFunction, z2: Value) -> Value:
        return 1.0 + self.q * (1.0 - breach.p(z2))

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.p(z1) * self._exposure(breach, z2)

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.dp(z1) * self._exposure(breach, z2)

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.d2p(z1) * self._exposure(breach, z2)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        return -self.q * breach.p(z) * breach.dp(z)


@pytest.mark.parametrize("breach", [B, ExponentialBreach(0.8, 2.0), PowerBreach(0.7, 2.0, 1.0)])
@pytest.mark.parametrize("q", [0.1, 0.5, 1.0])
@pytest.mark.parametrize("lam", [0.0, 0.2, 2.0])
def test_two_firms_reproduce_the_two_firm_rule_exactly(breach, q, lam):
    old = equilibrium_of(breach, TwoFirmLiability(q), L=1.0, r=0.5, lam=lam, what="liability equilibrium")
    assert liability(breach, L=1.0, r=0.5, q=q, lam=lam) == old
    assert liability(breach, L=1.0, r=0.5, q=q, lam=lam, n=2) == old


@pytest.mark.parametrize("n,q,lam", [(3, 0.2, 0.2), (3, 0.4, 0.0), (5, 0.2, 0.5), (8, 0.1, 0.2)])
def test_exponential_closed_form(n, q, lam):
    """p = a e^{-bz}, p' = -b p: the condition reads p [1 + (n-1) q (1 - p)] = 1/(b (1+lam) L), a quadratic in p."""
    a, b, L = 0.5, 5.0, 1.0
    c, target = (n - 1) * q, 1.0 / (b * (1.0 + lam) * L)
    p = ((1 + c) - np.sqrt((1 + c) ** 2 - 4 * c * target)) / (2 * c)  # the root below (1 + c)/(2c)
    e = liability(B, L=L, r=0.5, q=q, lam=lam, n=n)
    assert e.z == pytest.approx(np.log(a / p) / b, abs=1e-10)
    assert e.P == pytest.approx(target, abs=1e-12) and e.nash and e.stable and not e.corner


def firm_by_firm(breach: BreachFunction, q: float, z: np.ndarray) -> np.ndarray:
    """Each firm's liability-inclusive loss probability, written out for a profile z of n firms."""
    p = breach.p(z)
    return np.array([p[i] * (1 + q * sum(1 - p[j] for j in range(len(z)) if j != i)) for i in range(len(z))])


@pytest.mark.parametrize("n", [2, 3, 5])
def test_structure_against_the_profile_firm_by_firm(n):
    s, q, z1, z = Liability(0.3, n), 0.3, 0.12, 0.2
    profile = np.array([z1] + [z] * (n - 1))
    P = firm_by_firm(B, q, profile)
    assert float(s.P(B, z1, z)) == pytest.approx(P[0], rel=1e-14)
    # every partner sees the same (symmetry), and permuting the profile permutes the answer
    assert np.allclose(P[1:], P[1]) and np.allclose(firm_by_firm(B, q, profile[::-1]), P[::-1])
    h = 1e-6
    up, down = (
        firm_by_firm(B, q, np.full(n, z) + h * np.eye(n)[0]),
        firm_by_firm(B, q, np.full(n, z) - h * np.eye(n)[0]),
    )
    assert float(s.dP_own(B, z, z)) == pytest.approx((up[0] - down[0]) / (2 * h), rel=1e-7)
    assert float(s.dP_others_sym(B, z)) == pytest.approx((up[1:].sum() - down[1:].sum()) / (2 * h), rel=1e-7)
    assert float(s.d2P_own(B, z, z)) == pytest.approx(
        (float(s.dP_own(B, z + h, z)) - float(s.dP_own(B, z - h, z))) / (2 * h), rel=1e-6
    )


@pytest.mark.parametrize("n", [3, 5])
def test_the_network_model_with_identical_firms_agrees(n):
    ours = liability(B, L=1.0, r=0.5, q=0.2, lam=0.2, n=n)
    theirs = network_liability(Firms.identical(B, L=1.0, r=0.5, q=0.2, n=n), lam=0.2)
    np.testing.assert_allclose(theirs.z, ours.z, atol=1e-9, rtol=0)
    np.testing.assert_allclose(theirs.I, ours.I, atol=1e-9, rtol=0)


def test_comparative_statics_and_result_12_for_n_firms():
    """z rises with q and with n (the exposure 1 + (n-1) q (1 - p) grows in both), and exceeds
    the planner's and the Nash level for every n (Result 12 carried over)."""
    for n in (2, 3, 5):
        zs = [liability(B, L=1.0, r=0.5, q=q, lam=0.2, n=n).z for q in (0.05, 0.1, 0.15, 0.2)]
        assert np.all(np.diff(zs) > 0)
        args = dict(L=1.0, r=0.5, q=0.2, lam=0.2, n=n)
        assert liability(B, **args).z > planner(B, **args).z > equilibrium(B, **args).z
    assert np.all(np.diff([liability(B, L=1.0, r=0.5, q=0.1, lam=0.2, n=n).z for n in (2, 3, 5, 8)]) > 0)


@pytest.mark.parametrize("n", [3, 5])
def test_brute_force_best_reply_on_a_grid(n):
    """With r large the firm insures at every deviation, and its Taylor-step cost is explicit:
    C(z1) = z1 + (1 + lam) L P(z1, z); no grid point beats the certified z (and a wrong z fails).
    The check reports the cost in units where the insured marginal cost is 1/(1 + lam)."""
    L, r, q, lam = 1.0, 5.0, 0.2, 0.2
    e, s = liability(B, L=L, r=r, q=q, lam=lam, n=n), Liability(q, n)
    grid = np.linspace(0.0, 3.0, 30001)
    P = s.P(B, grid, e.z)
    assert np.all(L - lam / (r * (1 + lam) * (1 - P)) > 0)  # cover of eq 10 positive: the explicit cost applies
    cost = grid + (1 + lam) * L * P
    here = e.z + (1 + lam) * L * float(s.P(B, e.z, e.z))
    assert e.nash and cost.min() >= here - 1e-12
    assert e.deviation is not None and e.deviation.candidate_cost * (1 + lam) == pytest.approx(here, abs=1e-9)
    wrong = firm_best_reply(B, s, L=L, r=r, lam=lam, z=e.z * 0.8)
    P_w = s.P(B, grid, e.z * 0.8)
    assert not wrong.nash and wrong.gain * (1 + lam) == pytest.approx(
        e.z * 0.8 + (1 + lam) * L * float(s.P(B, e.z * 0.8, e.z * 0.8)) - (grid + (1 + lam) * L * P_w).min(), abs=1e-8
    )


def test_an_exposure_beyond_one_is_refused():
    with pytest.raises(ValueError, match="q = 0.6 with n = 5"):
        liability(B, L=1.0, r=0.5, q=0.6, lam=0.2, n=5)
    with pytest.raises(ValueError, match="n"):
        liability(B, L=1.0, r=0.5, q=0.2, lam=0.2, n=1)
    assert Liability(0.6, 5).peak(B) == pytest.approx(0.5 * (1 + 2.4 * 0.5))
