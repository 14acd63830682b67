"""The planner under exact CARA utility (our derivation): global along the symmetric line by
brute force, the Taylor planner recovered to O(r L^2) for small losses, the Nash level at q = 0."""

from __future__ import annotations

import numpy as np
import pytest

from replication import shim2012
from replication.ogut2005 import exact_cara_equilibrium, exact_cara_planner, planner
from replication.security.breach import ExponentialBreach, PowerBreach
from replication.security.cara import expected_utility
from replication.security.cara_planner import cara_planner_best
from replication.security.interdependence import Untargeted

B = ExponentialBreach(0.5, 5.0)


def brute_force(breach, *, insured, L, r, q, lam, n, z_max, points=2001, covers=801):
    """Each firm's certainty-equivalent loss on a (z, I) grid of symmetric plans, from the
    expected utility itself (no closed-form cover): the best grid plan and its loss."""
    z = np.linspace(0.0, z_max, points)[:, None]
    I = np.linspace(0.0, L, covers)[None, :] if insured else np.zeros((1, 1))
    P = Untargeted(q, n).P_sym(breach, z)
    loss = np.log(-expected_utility(P, z, I, W=0.0, L=L, r=r, lam=lam)) / r
    i, j = np.unravel_index(np.argmin(loss), loss.shape)
    return float(z[i, 0]), float(I[0, j]), float(loss[i, j])


@pytest.mark.parametrize(
    "breach,insured,L,r,q,lam,n",
    [
        (B, True, 1.0, 0.5, 0.5, 0.2, 2),
        (B, False, 1.0, 0.5, 0.5, 0.0, 2),
        (B, True, 1.0, 2.0, 0.3, 0.1, 3),
        (B, True, 1.0, 0.5, 0.5, 5.0, 2),  # the best cover is none: a corner
        (PowerBreach(0.7, 2.0, 1.0), True, 2.0, 0.5, 0.8, 0.3, 2),
        (ExponentialBreach(0.9, 3.0), False, 1.0, 1.5, 0.3, 0.0, 3),
        (ExponentialBreach(0.6, 8.0), True, 1.0, 1.0, 0.5, 0.3, 5),
    ],
)
def test_global_along_the_symmetric_line_by_brute_force(breach, insured, L, r, q, lam, n):
    e = exact_cara_planner(breach, insured=insured, L=L, r=r, q=q, lam=lam, n=n)
    z_grid, I_grid, loss_grid = brute_force(breach, insured=insured, L=L, r=r, q=q, lam=lam, n=n, z_max=4 * e.z + 1.0)
    assert e.nash and e.deviation is not None
    assert loss_grid >= e.deviation.candidate_cost - 1e-12  # no plan on the grid beats it
    assert loss_grid - e.deviation.candidate_cost < 1e-4  # and the grid's best comes close
    assert abs(z_grid - e.z) < 2 * (4 * e.z + 1.0) / 2000
    if insured:
        assert abs(I_grid - e.I) < 2 * L / 800


def test_a_point_off_the_optimum_is_not_certified():
    e = exact_cara_planner(B, insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    wrong = cara_planner_best(B, Untargeted(0.5), insured=True, L=1.0, r=0.5, lam=0.2, z=0.5 * e.z)
    assert not wrong.nash and wrong.z == pytest.approx(e.z, abs=1e-7)
    # the loss at the wrong point, best cover found on a grid of covers
    P, I = float(Untargeted(0.5).P_sym(B, 0.5 * e.z)), np.linspace(0.0, 1.0, 100001)
    there = np.min(np.log(-expected_utility(P, 0.5 * e.z, I, W=0.0, L=1.0, r=0.5, lam=0.2)) / 0.5)
    assert wrong.candidate_cost == pytest.approx(there, abs=1e-9)
    assert wrong.gain == pytest.approx(there - e.deviation.candidate_cost, abs=1e-9) and wrong.gain > 0.01


@pytest.mark.parametrize("insured", [True, False])
def test_small_losses_recover_the_taylor_planner_to_order_r_L_squared(insured):
    """Money rescaled by s (L = s, p(z) = 0.5 e^{-5z/s}, loading 0.1 r L so that the Taylor cover is
    interior): the exact and Taylor planners' investments differ by c r L^2 with c settling."""
    r, q, ratios = 0.5, 0.5, []
    for s in (0.1, 0.03, 0.01):
        b, lam = ExponentialBreach(0.5, 5.0 / s), (0.1 * r * s if insured else 0.0)
        exact = exact_cara_planner(b, insured=insured, L=s, r=r, q=q, lam=lam)
        taylor = (
            planner(b, L=s, r=r, q=q, lam=lam)
            if insured
            else shim2012.planner(b, case="untargeted", insured=False, L=s, r=r, q=q)
        )
        ratios.append((exact.z - taylor.z) / (r * s**2))
    assert all(abs(c) < 0.5 for c in ratios)
    assert abs(ratios[2] - ratios[1]) < 0.5 * abs(ratios[1] - ratios[0])  # the next term, O(r^2 L^3), fades


def test_fair_price_full_cover_matches_the_taylor_planner():
    """At lam = 0 the exact cover is L and the exact condition is the Taylor one (dB/dz = -1/L)."""
    exact, taylor = (
        exact_cara_planner(B, insured=True, L=1.0, r=0.5, q=0.5, lam=0.0),
        planner(B, L=1.0, r=0.5, q=0.5, lam=0.0),
    )
    assert exact.z == pytest.approx(taylor.z, abs=1e-9) and exact.I == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("insured,lam", [(True, 0.2), (False, 0.0)])
def test_without_interdependence_the_planner_is_the_nash_firm(insured, lam):
    nash = exact_cara_equilibrium(B, insured=insured, L=1.0, r=0.5, q=0.0, lam=lam)
    social = exact_cara_planner(B, insured=insured, L=1.0, r=0.5, q=0.0, lam=lam)
    assert social.z == pytest.approx(nash.z, abs=1e-9)
    more = exact_cara_planner(B, insured=insured, L=1.0, r=0.5, q=0.5, lam=lam)
    assert more.z > exact_cara_equilibrium(B, insured=insured, L=1.0, r=0.5, q=0.5, lam=lam).z


def test_shim_planners_under_exact_cara():
    args = dict(insured=True, L=1.0, r=0.5, lam=0.2)
    untargeted = shim2012.exact_cara_planner(B, case="untargeted", q=0.5, **args)
    ogut = exact_cara_planner(B, q=0.5, **args)
    assert untargeted.z == pytest.approx(ogut.z, abs=1e-12) and untargeted.I == pytest.approx(ogut.I, abs=1e-12)
    targeted = shim2012.exact_cara_planner(B, case="targeted", **args)  # 2p' - p' = p': the independent level
    independent = shim2012.exact_cara_planner(B, case="independent", **args)
    assert targeted.nash and targeted.z == pytest.approx(independent.z, abs=1e-9)
    assert targeted.inputs.planner and targeted.nash_cara is None


@pytest.mark.parametrize("change,name", [({"L": 0.0}, "L"), ({"r": -1.0}, "r"), ({"q": 2.0}, "q"), ({"n": 1}, "n")])
def test_bad_inputs(change, name):
    with pytest.raises(ValueError, match=name):
        exact_cara_planner(B, **({"insured": True, "L": 1.0, "r": 0.5, "q": 0.5, "lam": 0.2} | change))


@pytest.mark.parametrize("scan", [1000, 4000])
def test_the_planners_roots_do_not_hang_on_the_scan_resolution(monkeypatch, scan):
    """Halving or doubling the geometric scan (``SCAN`` points) finds the same roots, stable or
    not, on the instances above: the roots lie far apart on the grid, so a scan of another
    size is an equivalent mutant and this test says why."""
    from replication.security import cara_planner

    cases = [
        (B, True, 1.0, 0.5, 0.5, 0.2, 2),
        (B, False, 1.0, 0.5, 0.5, 0.0, 2),
        (PowerBreach(0.7, 2.0, 1.0), True, 2.0, 0.5, 0.8, 0.3, 2),
        (ExponentialBreach(0.6, 8.0), True, 1.0, 1.0, 0.5, 0.3, 5),
    ]
    solve = cara_planner.exact_planner_solutions
    base = [solve(b, Untargeted(q, n), insured=i, L=L, r=r, lam=lam) for b, i, L, r, q, lam, n in cases]
    monkeypatch.setattr(cara_planner, "SCAN", scan)
    other = [solve(b, Untargeted(q, n), insured=i, L=L, r=r, lam=lam) for b, i, L, r, q, lam, n in cases]
    for found, again in zip(base, other):
        assert found and [s.stable for s in found] == [s.stable for s in again]
        np.testing.assert_allclose([s.z for s in again], [s.z for s in found], rtol=1e-9, atol=1e-12)
