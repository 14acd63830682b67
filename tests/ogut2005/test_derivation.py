"""The sympy derivations give the paper's (recovered or reconstructed) equations."""

from __future__ import annotations

import sympy as sp

from replication.ogut2005.model import derivation as D
from replication.security.cara import exact_cover


def test_fair_cover_equalises_marginal_utility():
    assert sp.simplify(D.fair_cover() - D.B * (1 - D.B) * (D.dU_L - D.dU_N)) == 0


def test_eq_2_and_eq_5():
    assert D.fair_investment().rhs == -1 / D.L
    taylor = D.uninsured_investment(taylor=True).rhs
    assert sp.simplify(taylor - (-1 / D.L + D.r * (1 - D.B))) == 0


def test_eqs_9_and_10():
    invest, cover = D.interdependent_conditions()
    p = D.p(D.z)
    assert sp.simplify(invest.rhs + 1 / ((1 + D.lam) * D.L)) == 0
    expected = D.L - D.lam / (D.r * (1 + D.lam) * (1 - p) * (1 - D.q * p))
    assert sp.simplify(cover.rhs - expected) == 0


def test_exact_cover_matches_package():
    rhs = D.exact_cara_cover().rhs
    values = {sp.Symbol("B", positive=True): 0.3, D.lam: 0.25, D.L: 1.5, D.r: 0.8}
    assert abs(float(rhs.subs(values)) - exact_cover(0.3, L=1.5, r=0.8, lam=0.25)) < 1e-12
