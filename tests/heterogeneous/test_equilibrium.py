"""n unequal firms (replication.heterogeneous): reductions to the papers, certificates, errors."""

from __future__ import annotations

import numpy as np
import pytest

from replication import ogut2005, shim2012
from replication.heterogeneous import Firms, best_reply_gains, liability, nash_equilibrium, planner, welfare_cost
from replication.numerics.solvers import ConvergenceError, NoInteriorSolution
from replication.ogut2005.model.liability import liability as ogut_liability
from replication.security import ExponentialBreach, PowerBreach, Untargeted
from replication.security.cara import exact_symmetric_solutions

B = ExponentialBreach(0.5, 5.0)
TOL = 1e-10


def unequal(structure: str = "untargeted") -> Firms:
    """Four unequal firms with unequal links (a fixed draw)."""
    rng = np.random.default_rng(7)
    q = rng.uniform(0.0, 0.5, (4, 4))
    np.fill_diagonal(q, 0.0)
    breach = [
        ExponentialBreach(0.4, 4.0),
        ExponentialBreach(0.6, 6.0),
        PowerBreach(0.5, 5.0, 2.0),
        ExponentialBreach(0.3, 3.0),
    ]
    return Firms(breach, L=[1.0, 1.5, 0.8, 2.0], r=[0.5, 0.3, 0.6, 0.2], q=q, structure=structure)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_identical_firms_reproduce_ogut_equilibrium_and_planner(n: int) -> None:
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3, n=n)
    ours, theirs = (
        nash_equilibrium(f, insured=True, lam=0.2),
        ogut2005.equilibrium(B, L=1.0, r=0.5, q=0.3, lam=0.2, n=n),
    )
    assert ours.nash and ours.residual < 1e-12
    np.testing.assert_allclose(ours.z, theirs.z, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.I, theirs.I, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.P, theirs.P, atol=TOL, rtol=0)
    ours_p, theirs_p = planner(f, insured=True, lam=0.2), ogut2005.planner(B, L=1.0, r=0.5, q=0.3, lam=0.2, n=n)
    np.testing.assert_allclose(ours_p.z, theirs_p.z, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours_p.I, theirs_p.I, atol=TOL, rtol=0)
    assert not ours_p.nash  # the optimum is not an equilibrium: each firm would invest less


def test_identical_firms_reproduce_ogut_corner() -> None:
    """A loading too high for the cover formula: I = 0 and z solves the uninsured condition (Ogut's corner)."""
    f = Firms.identical(B, L=1.0, r=0.1, q=0.3, n=3)
    ours, theirs = (
        nash_equilibrium(f, insured=True, lam=0.5),
        ogut2005.equilibrium(B, L=1.0, r=0.1, q=0.3, lam=0.5, n=3),
    )
    assert theirs.corner and ours.corner.all() and ours.nash
    np.testing.assert_allclose(ours.z, theirs.z, atol=TOL, rtol=0)
    np.testing.assert_array_equal(ours.I, 0.0)


@pytest.mark.parametrize("insured", [True, False])
@pytest.mark.parametrize("case", ["untargeted", "targeted"])
def test_two_identical_firms_reproduce_shim(case: str, insured: bool) -> None:
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3, n=2, structure=case)
    ours = nash_equilibrium(f, insured=insured, lam=0.2)
    theirs = shim2012.equilibrium(B, case=case, insured=insured, L=1.0, r=0.5, q=0.3, lam=0.2)
    assert ours.nash
    np.testing.assert_allclose(ours.z, theirs.z, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.I, theirs.I, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.P, theirs.P, atol=TOL, rtol=0)


@pytest.mark.parametrize("case", ["untargeted", "targeted"])
def test_two_identical_firms_reproduce_shim_insured_planner(case: str) -> None:
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3, n=2, structure=case)
    theirs = shim2012.planner(B, case=case, insured=True, L=1.0, r=0.5, q=0.3, lam=0.2)
    np.testing.assert_allclose(planner(f, insured=True, lam=0.2).z, theirs.z, atol=TOL, rtol=0)


def test_two_identical_firms_reproduce_ogut_liability() -> None:
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3, n=2)
    ours, theirs = liability(f, lam=0.2), ogut_liability(B, L=1.0, r=0.5, q=0.3, lam=0.2)
    assert ours.nash
    np.testing.assert_allclose(ours.z, theirs.z, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.I, theirs.I, atol=TOL, rtol=0)
    np.testing.assert_allclose(ours.P, theirs.P, atol=TOL, rtol=0)


def test_identical_firms_exact_cara_match_the_symmetric_solver() -> None:
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3, n=3)
    ours = nash_equilibrium(f, insured=True, lam=0.2, utility="cara")
    theirs = [
        s for s in exact_symmetric_solutions(B, Untargeted(0.3, 3), insured=True, L=1.0, r=0.5, lam=0.2) if s.stable
    ]
    assert ours.nash and len(theirs) == 1
    np.testing.assert_allclose(ours.z, theirs[0].z, atol=1e-9, rtol=0)
    np.testing.assert_allclose(ours.I, theirs[0].I, atol=1e-9, rtol=0)


def test_cross_paper_shim_insured_untargeted_is_ogut_two_firms() -> None:
    for q, lam in [(0.1, 0.0), (0.3, 0.2), (0.7, 0.5)]:
        s = shim2012.equilibrium(B, case="untargeted", insured=True, L=1.0, r=0.5, q=q, lam=lam)
        o = ogut2005.equilibrium(B, L=1.0, r=0.5, q=q, lam=lam, n=2)
        assert abs(s.z - o.z) < TOL and abs(s.I - o.I) < TOL and abs(s.P - o.P) < TOL


def _breach_probability(f: Firms, z: np.ndarray) -> np.ndarray:
    """Independent computation of P_i = 1 - (1 - p_i) prod_j (1 - q_ij p_j), by loops."""
    p = [float(b.p(x)) for b, x in zip(f.breach, z)]
    out = []
    for i in range(f.n):
        safe = 1.0 - p[i]
        for j in range(f.n):
            if j != i:
                safe *= 1.0 - f.q[i, j] * p[j]
        out.append(1.0 - safe)
    return np.array(out)


@pytest.mark.parametrize("insured", [True, False])
def test_unequal_firms_first_order_conditions_hold(insured: bool) -> None:
    f = unequal()
    eq = nash_equilibrium(f, insured=insured, lam=0.2)
    assert eq.nash and eq.residual < 1e-10 and (eq.z > 0).all()
    P = _breach_probability(f, eq.z)
    np.testing.assert_allclose(eq.P, P, atol=1e-14)
    for i in range(f.n):
        h = 1e-6
        dP = (
            _breach_probability(f, f.with_investment(eq.z, i, eq.z[i] + h))[i]
            - _breach_probability(f, f.with_investment(eq.z, i, eq.z[i] - h))[i]
        ) / (2 * h)
        if insured and not eq.corner[i]:
            assert abs(dP + 1.0 / (1.2 * f.L[i])) < 1e-7
            assert abs(eq.I[i] - (f.L[i] - 0.2 / (f.r[i] * 1.2 * (1.0 - P[i])))) < 1e-12
        else:
            assert abs(dP + 1.0 / f.L[i] - f.r[i] * (1.0 - P[i])) < 1e-7


def test_nash_flag_is_false_at_a_constructed_non_equilibrium() -> None:
    f = unequal()
    eq = nash_equilibrium(f, insured=True, lam=0.2)
    assert (best_reply_gains(f, eq.z, insured=True, lam=0.2) <= 1e-9 * f.L).all()
    off = f.with_investment(eq.z, 2, 2.0 * eq.z[2])
    gains = best_reply_gains(f, off, insured=True, lam=0.2)
    assert gains[2] > 1e-4  # (the others gain too: their best replies move with firm 2)
    # the cost saving of firm 2 returning to its best reply: z + (1+lam) L P, computed directly
    cost = lambda z: z[2] + 1.2 * f.L[2] * _breach_probability(f, z)[2]
    assert gains[2] == pytest.approx(cost(off) - cost(eq.z), rel=1e-8)


def test_targeted_corner_beats_interior_root_is_detected() -> None:
    """Targeted: z_i = 0 is always a local minimum of the own cost; the check compares it with the interior root."""
    f = Firms.identical(B, L=1.0, r=0.5, q=0.0, n=2, structure="targeted")
    eq = nash_equilibrium(f, insured=True, lam=0.2)
    assert eq.nash
    big_rival = np.array([eq.z[0], 50.0 * eq.z[1]])  # against a far larger rival, investing does not pay
    gains = best_reply_gains(f, big_rival, insured=True, lam=0.2)
    assert gains[0] > 0.0


@pytest.mark.parametrize("insured", [True, False])
def test_planner_cost_is_at_most_nash_cost(insured: bool) -> None:
    f = unequal()
    eq, opt = nash_equilibrium(f, insured=insured, lam=0.2), planner(f, insured=insured, lam=0.2)
    assert opt.residual < 1e-10
    assert welfare_cost(f, opt.z, insured=insured, lam=0.2) < welfare_cost(f, eq.z, insured=insured, lam=0.2)


def test_targeted_planner_on_unequal_firms_reports_the_degenerate_infimum() -> None:
    with pytest.raises(NoInteriorSolution, match="degenerate"):
        planner(unequal("targeted"), insured=True, lam=0.2)


def test_liability_raises_investment_on_unequal_firms() -> None:
    f = unequal()
    eq, liab = nash_equilibrium(f, insured=True, lam=0.2), liability(f, lam=0.2)
    assert liab.nash and (liab.z > eq.z).all()


def test_exact_cara_on_unequal_firms_is_certified() -> None:
    f = unequal()
    eq = nash_equilibrium(f, insured=True, lam=0.2, utility="cara")
    assert eq.nash and eq.residual < 1e-9
    opt = planner(f, insured=True, lam=0.2, utility="cara")
    assert welfare_cost(f, opt.z, insured=True, lam=0.2, utility="cara") <= welfare_cost(
        f, eq.z, insured=True, lam=0.2, utility="cara"
    )


def test_no_convergence_raises_with_residual() -> None:
    with pytest.raises(ConvergenceError) as err:
        nash_equilibrium(unequal(), insured=True, lam=0.2, max_iter=1)
    assert err.value.residual > 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"L": [1.0, 1.0, 1.0]}, "L"),
        ({"L": [1.0, float("nan")]}, "L"),
        ({"r": [0.5, -0.1]}, "r"),
        ({"q": [[0.5, 0.3], [0.3, 0.0]]}, "diagonal"),
        ({"q": [[0.0, 1.3], [0.3, 0.0]]}, "q"),
        ({"q": [[0.0, float("nan")], [0.3, 0.0]]}, "q"),
        ({"q": [0.0, 0.3]}, "q"),
        ({"structure": "random"}, "structure"),
    ],
)
def test_bad_inputs_name_the_argument(kwargs: dict, match: str) -> None:
    args = {"L": [1.0, 1.0], "r": [0.5, 0.5], "q": [[0.0, 0.3], [0.3, 0.0]]} | kwargs
    with pytest.raises(ValueError, match=match):
        Firms([B, B], **args)


def test_bad_breach_and_regime_arguments() -> None:
    with pytest.raises(TypeError, match="breach"):
        Firms([B, "p"], L=[1, 1], r=[1, 1], q=[[0, 0], [0, 0]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="breach"):
        Firms([B], L=[1], r=[1], q=[[0]])
    f = Firms.identical(B, L=1.0, r=0.5, q=0.3)
    with pytest.raises(ValueError, match="lam"):
        nash_equilibrium(f, insured=True, lam=-0.1)
    with pytest.raises(ValueError, match="utility"):
        planner(f, insured=True, lam=0.1, utility="log")
    with pytest.raises(TypeError, match="firms"):
        nash_equilibrium("firms", insured=True, lam=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="z"):
        best_reply_gains(f, [0.1, -0.1], insured=True, lam=0.1)
    with pytest.raises(ValueError, match="untargeted"):
        liability(Firms.identical(B, L=1.0, r=0.5, q=0.3, structure="targeted"), lam=0.1)
