"""Closed-form comparative statics (Results 6-9, 13) against finite differences of the equilibrium."""

from __future__ import annotations

import pytest

from replication.ogut2005 import equilibrium, statics
from replication.security.breach import ExponentialBreach, PowerBreach

CASES = [
    dict(breach=ExponentialBreach(0.5, 5.0), q=0.5, L=1.0, r=0.5, lam=0.2, n=2),
    dict(breach=PowerBreach(0.6, 3.0, 1.5), q=0.7, L=2.0, r=1.3, lam=0.4, n=3),
]
H = 1e-6


def _fd(case, name):
    up, down = dict(case), dict(case)
    up[name] += H
    down[name] -= H
    e1, e0 = equilibrium(**up), equilibrium(**down)
    return ((e1.z - e0.z) / (2 * H), (e1.I - e0.I) / (2 * H), (e1.premium_rate - e0.premium_rate) / (2 * H))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", ["q", "L", "r", "lam"])
def test_derivatives_match_finite_differences(case, name):
    s = statics(
        case["breach"], L=case["L"], r=case["r"], q=case["q"], lam=case["lam"], z=equilibrium(**case).z, n=case["n"]
    )
    dz, dI, dpi = _fd(case, name)
    assert getattr(s, f"dz_d{name}") == pytest.approx(dz, abs=1e-6)
    assert getattr(s, f"dI_d{name}") == pytest.approx(dI, abs=1e-6)
    if name in ("q", "lam"):
        assert getattr(s, f"dpi_d{name}") == pytest.approx(dpi, abs=1e-6)


def test_recommended_set_values():
    """Separate implementation, at p = 0.5e^{-5z}, q = 0.5, L = 1, r = 0.5, lam = 0.2:
    dz/dlam = +0.185 and dI/dlam = -1.74."""
    case = CASES[0]
    s = statics(case["breach"], L=1.0, r=0.5, q=0.5, lam=0.2, z=equilibrium(**case).z)
    assert round(s.dz_dlam, 3) == 0.185 and round(s.dI_dlam, 2) == -1.74
    assert s.H > 0 and s.dz_dr == 0.0


def test_unstable_root_reverses_signs():
    """Proof 4 example: at the H < 0 root of p = 0.95e^{-8z}, q = 1: dz/dL = -0.026, dz/dq = +0.151."""
    s = statics(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0, z=0.013381736179103031)
    assert round(s.dz_dL, 3) == -0.026 and round(s.dz_dq, 3) == 0.151


def test_lam_bar_marks_the_turn_of_cover():
    b = ExponentialBreach(0.45, 2.381)
    for lam in (1.0, 3.0):
        s = statics(b, L=1.0, r=2.0, q=1.0, lam=lam, z=equilibrium(b, L=1.0, r=2.0, q=1.0, lam=lam).z)
        assert (s.dI_dlam > 0) == (lam / (1 + lam) > s.lam_bar)
