"""Global best-reply certification of symmetric candidates (Shim 2012 and Ogut et al. 2005).

The checks are compared with brute force on the objectives themselves: the Taylor-step cost
z1 + (1 + lam) L P(z1, z2) (insured) or its integral form (uninsured) on a dense grid, and
the exact CARA expected utility maximised over a grid of (z1, I).
"""

from __future__ import annotations

import numpy as np
import pytest

from replication.security import ExponentialBreach, Independent, PowerBreach, Targeted, Untargeted
from replication.security.best_reply import cara_best_reply, taylor_best_reply
from replication.security.cara import expected_utility
from replication.shim2012 import equilibria, equilibrium
from replication.shim2012.model.game import NoEquilibrium

FAMILIES = (ExponentialBreach(0.3, 2.0), ExponentialBreach(0.7, 10.0), PowerBreach(0.6, 2.0, 1.0))
STRUCTURES = (Independent(), Untargeted(0.5), Untargeted(1.0, n=4), Targeted())


def test_the_issue_example_is_a_local_maximum_not_an_equilibrium():
    """Targeted, insured at a fair price, p = 0.3 e^{-2z}, L = 1: the root of eq (13) at
    z = 0.0912 costs 0.341 while investing nothing costs p(0) = 0.300."""
    (root,) = equilibria(ExponentialBreach(0.3, 2.0), case="targeted", insured=True, L=1.0, r=0.5, lam=0.0)
    assert root.z == pytest.approx(0.0912, abs=1e-4)
    assert not root.nash
    assert root.deviation.z == 0.0
    assert root.deviation.cost == pytest.approx(0.300, abs=1e-12)
    assert root.deviation.candidate_cost == pytest.approx(root.z + 0.3 * np.exp(-2 * root.z), rel=1e-10)
    with pytest.raises(NoEquilibrium, match=r"z1 = 0 .*costs 0\.3 against 0\.341"):
        equilibrium(ExponentialBreach(0.3, 2.0), case="targeted", insured=True, L=1.0, r=0.5, lam=0.0)


def _brute_taylor(breach, structure, *, insured, L, r, lam, z):
    """min over a dense grid of the Taylor-step cost (module docstring of best_reply), relative to C(0)."""
    zs = np.concatenate(([0.0], np.geomspace(1e-8, 50.0 * max(z, breach.scale), 400_000)))
    P = np.asarray(structure.P(breach, zs, z), dtype=float)
    if insured:
        cost = zs + (1 + lam) * L * P
    else:
        integrand = 1.0 - P
        integral = np.concatenate(([0.0], np.cumsum(np.diff(zs) * (integrand[1:] + integrand[:-1]) / 2)))
        cost = zs + L * P - r * L * integral
    here = np.interp(z, zs, cost)
    return here - cost.min()


@pytest.mark.parametrize("breach", FAMILIES, ids=lambda b: b.label)
@pytest.mark.parametrize("structure", STRUCTURES, ids=repr)
@pytest.mark.parametrize("insured", (False, True))
def test_taylor_check_agrees_with_brute_force(breach, structure, insured):
    L, r, lam = 1.0, 0.5, 0.1
    for z in (0.05, 0.2, 0.6):
        found = taylor_best_reply(breach, structure, insured=insured, L=L, r=r, lam=lam, z=z)
        brute = _brute_taylor(breach, structure, insured=insured, L=L, r=r, lam=lam, z=z)
        assert found.gain == pytest.approx(brute, abs=1e-6)
        assert found.gain >= -1e-12


@pytest.mark.parametrize("structure", STRUCTURES, ids=repr)
def test_cara_check_agrees_with_a_two_dimensional_grid(structure):
    breach, L, r, lam = ExponentialBreach(0.5, 5.0), 1.0, 2.0, 0.2
    for z in (0.1, 0.4):
        found = cara_best_reply(breach, structure, insured=True, L=L, r=r, lam=lam, z=z)
        z1 = np.linspace(0.0, 3.0, 1501)[:, None]
        cover = np.linspace(0.0, L, 401)[None, :]
        P = np.asarray(structure.P(breach, z1, z), dtype=float)
        eu = expected_utility(P, z1, cover, W=0.0, L=L, r=r, lam=lam)
        best = np.log(-eu.max()) / r
        assert found.cost == pytest.approx(best, abs=2e-5)
        assert found.cost <= best + 1e-9


@pytest.mark.parametrize("case", ("independent", "untargeted", "targeted"))
@pytest.mark.parametrize("insured", (False, True))
def test_equilibrium_returns_only_certified_points(case, insured):
    for breach in FAMILIES:
        for r in (0.2, 0.9):
            try:
                eq = equilibrium(breach, case=case, insured=insured, L=1.0, r=r, q=0.5, lam=0.1)
            except NoEquilibrium as error:
                assert "costs" in str(error) and "against" in str(error)
                assert not any(
                    e.nash for e in equilibria(breach, case=case, insured=insured, L=1.0, r=r, q=0.5, lam=0.1)
                )
                continue
            except ValueError:
                continue
            assert eq.nash and eq.deviation.gain <= 1e-9


def test_scaling_money_keeps_the_verdict():
    """Loss, investment and costs in another unit of money: the verdict and the deviation scale."""
    s = 1e4
    base = taylor_best_reply(ExponentialBreach(0.3, 2.0), Targeted(), insured=True, L=1.0, r=0.5, lam=0.0, z=0.0912)
    scaled = taylor_best_reply(
        ExponentialBreach(0.3, 2.0 / s), Targeted(), insured=True, L=s, r=0.5 / s, lam=0.0, z=0.0912 * s
    )
    assert base.nash == scaled.nash is False
    assert scaled.gain == pytest.approx(s * base.gain, rel=1e-8)


@pytest.mark.parametrize("structure", STRUCTURES, ids=repr)
@pytest.mark.parametrize("insured", (False, True))
def test_gauss_legendre_fallback_gives_the_adaptive_quadratures_costs(monkeypatch, structure, insured):
    """Where adaptive quadrature reports trouble the best reply integrates by 20-point
    Gauss-Legendre on the scan's intervals: forced on every interval, it gives the same costs and
    gain as the adaptive rule, to 1e-9 of the loss."""
    import warnings

    from scipy.integrate import IntegrationWarning

    from replication.security import best_reply

    breach, L, r, lam = PowerBreach(0.6, 3.0, 2.0), 1.0, 0.5, 0.1
    adaptive = [taylor_best_reply(breach, structure, insured=insured, L=L, r=r, lam=lam, z=z) for z in (0.05, 0.2, 0.6)]

    def troubled(*args, **kwargs):
        warnings.warn("forced", IntegrationWarning, stacklevel=2)
        raise AssertionError("the warning is raised as an error first")

    monkeypatch.setattr(best_reply, "quad", troubled)
    fallback = [taylor_best_reply(breach, structure, insured=insured, L=L, r=r, lam=lam, z=z) for z in (0.05, 0.2, 0.6)]
    for a, b in zip(adaptive, fallback):
        assert (b.z, b.nash) == (a.z, a.nash)
        assert b.gain == pytest.approx(a.gain, abs=1e-9 * L)
        assert b.cost == pytest.approx(a.cost, abs=1e-9 * L) and b.candidate_cost == pytest.approx(
            a.candidate_cost, abs=1e-9 * L
        )
