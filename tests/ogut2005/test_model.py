"""Ogut et al. (2005) model: values from a separate implementation, closed forms, corners, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from replication.numerics.solvers import NoInteriorSolution
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
from replication.ogut2005.model.game import reaction, reaction_crossings
from replication.ogut2005.studies.grid import solve_point
from replication.security.breach import ExponentialBreach, PowerBreach
from replication.security.interdependence import Untargeted
from replication.security.taylor import BracketedSolver, symmetric_solutions

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
    zero, *eqs = symmetric_equilibria(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0)
    # z = 0 is listed too: p'(0)(1 - q p(0)) = -7.6 * 0.05 > -1/L (the KKT sign condition)
    assert (zero.z, zero.corner) == (0.0, "investment")
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


def test_zero_investment_corner_where_investing_never_pays():
    """a p0 (1 - q p0) (1 + lam) L = 0.114 < 1: no root of eq 9, so z = 0, certified, with
    B = 1 - 0.9 * 0.95 and the cover of eq 10 there, 1 - 0.2 / (0.5 * 1.2 * 0.855)."""
    e = equilibrium(ExponentialBreach(0.1, 1.0), L=1.0, r=0.5, q=0.5, lam=0.2)
    assert (e.z, e.corner, e.nash, e.residual) == (0.0, "investment", True, 0.0)
    assert e.P == pytest.approx(0.145, rel=1e-14) and e.I == pytest.approx(1.0 - 0.2 / 0.513, rel=1e-12)
    assert e.deviation.z == 0.0 and e.deviation.gain <= 0.0
    # without a market, the same corner: R(0) = -0.1 * 0.95 + 1 - 0.5 * 0.855 > 0
    bare = uninsured_equilibrium(ExponentialBreach(0.1, 1.0), L=1.0, r=0.5, q=0.5)
    assert (bare.z, bare.corner, bare.I, bare.nash) == (0.0, "investment", 0.0, True)


def test_no_candidate_raises():
    """r L (1 - B) > 1 everywhere without insurance: the Taylor-step cost falls without bound."""
    with pytest.raises(NoInteriorSolution):
        uninsured_equilibrium(ExponentialBreach(0.1, 1.0), L=1.0, r=3.0, q=0.5)


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


def test_liability_refuses_fewer_than_two_firms():
    with pytest.raises(ValueError, match="n"):
        liability(**BASE, n=1)


def test_regions_with_more_firms():
    R = regions(**BASE, n=3)
    assert R.n == 3 and all(R.orderings().values())


def test_grid_point_solutions_raise_where_there_is_none():
    """A point keeps None where investing never pays; asking for that solution names the case."""
    none = solve_point(ExponentialBreach(0.05, 5.0), L=1.0, r=0.5, q=0.5, lam=0.0)
    assert none.nash is None and none.statics is None
    with pytest.raises(LookupError, match="no nash solution at p=0.05e"):
        none.solution("nash")
    with pytest.raises(LookupError, match="no comparative statics"):
        none.nash_statics()
    found = solve_point(**BASE)
    assert found.solution("nash").z == pytest.approx(equilibrium(**BASE).z, abs=1e-10)
    assert found.nash_statics().dz_dq < 0


# -- certification: a root of the first-order conditions is an equilibrium only if it is a best reply ------

WEAK = dict(breach=ExponentialBreach(0.95, 0.75), q=0.2, L=1.0, r=5.0, lam=1.0)


def _effective_cost(breach, *, q, L, r, lam, z1, z2, points=200001):
    """Firm 1's Taylor-step cost relative to z1 = 0 with the choice of no cover, by the trapezoid
    rule on a fine grid: L p'(s)(1 - q p(z2)) + max(1/(1+lam), 1 - rL(1 - B(s, z2))) integrated over s."""
    s = np.linspace(0.0, z1, points)
    p, dp, p2 = 0.95 * np.exp(-0.75 * s), -0.75 * 0.95 * np.exp(-0.75 * s), float(breach.p(z2))
    B = 1.0 - (1.0 - p) * (1.0 - q * p2)
    g = L * dp * (1.0 - q * p2) + np.maximum(1.0 / (1.0 + lam), 1.0 - r * L * (1.0 - B))
    return float(np.sum((g[1:] + g[:-1]) * np.diff(s)) / 2.0)


def test_stable_root_that_is_not_a_best_reply_is_flagged():
    """p = 0.95e^{-0.75z}, q = 0.2, L = 1, r = 5, lam = 1: the stable root of eq (9), z = 0.2422, has
    cover 0.71 but investing nothing and buying no cover is cheaper for the firm."""
    found = symmetric_equilibria(**WEAK)
    stable = [e for e in found if e.stable and e.corner is None]
    assert len(stable) == 1 and stable[0].z == pytest.approx(0.242240, abs=1e-5) and stable[0].I > 0
    e = stable[0]
    assert not e.nash and e.deviation is not None
    assert e.deviation.z == 0.0 and e.deviation.I == 0.0
    # The gain equals the cost difference computed independently (trapezoid rule, own code).
    gain = _effective_cost(WEAK["breach"], q=0.2, L=1.0, r=5.0, lam=1.0, z1=e.z, z2=e.z)
    assert e.deviation.gain == pytest.approx(gain, rel=1e-6)
    assert gain > 0.0025


def test_zero_investment_and_cover_is_returned_where_it_is_the_certified_best_reply():
    """WEAK: the stable interior root fails the check (its best deviation is z1 = 0, I = 0),
    and z = 0 without cover is a certified candidate: the uninsured residual at 0,
    p'(0) (1 - q p(0)) + 1/L - r (1 - B(0)), is >= 0 and lam / (1 + lam) >= r L (1 - B(0))."""
    b = WEAK["breach"]
    e = equilibrium(**WEAK)
    B0 = 1.0 - 0.05 * (1.0 - 0.2 * 0.95)
    assert (e.z, e.corner, e.I, e.nash) == (0.0, "cover and investment", 0.0, True)
    assert e.P == pytest.approx(B0, rel=1e-14)
    assert float(b.dp(0.0)) * (1 - 0.2 * 0.95) + 1.0 - 5.0 * (1.0 - B0) >= 0.0 and 0.5 >= 5.0 * (1 - B0)


def test_equilibrium_raises_naming_the_deviation_and_both_costs():
    from replication.ogut2005.model.game import NoEquilibrium, equilibrium_of

    with pytest.raises(NoEquilibrium) as info:  # the interior candidates only (the claims' grid)
        equilibrium_of(WEAK["breach"], Untargeted(0.2, 2), L=1.0, r=5.0, lam=1.0, what="symmetric equilibrium")
    message = str(info.value)
    dev = [e for e in symmetric_equilibria(**WEAK) if e.stable and e.corner is None][0].deviation
    assert "deviating to z1 = 0" in message
    assert f"{dev.cost:.6g}" in message and f"{dev.candidate_cost:.6g}" in message
    assert isinstance(info.value, NoInteriorSolution)  # callers that skip missing solutions still do
    # A higher risk aversion makes the same kind of root a best reply again.
    assert equilibrium(**{**WEAK, "r": 10.0}).nash


def test_every_candidate_of_the_several_equilibria_example_is_certified():
    """p = 0.95e^{-8z}, q = 1: the unstable symmetric root is still a best reply to itself (each
    firm's own insured residual rises in its own z), so it is a Nash equilibrium, only not stable."""
    found = symmetric_equilibria(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0)[1:]
    assert [e.stable for e in found] == [False, True]
    assert all(e.nash and e.deviation.gain <= 1e-9 for e in found)
    best = planner(ExponentialBreach(0.95, 8.0), L=1.0, r=0.5, q=1.0, lam=0.0)
    assert best.nash and best.deviation.z == pytest.approx(best.z)
    # Planner's cost along the symmetric line: its optimum is below the cost at 0 and at the Nash level.
    cost = lambda z: float(Untargeted(1.0, 2).P_sym(ExponentialBreach(0.95, 8.0), z)) + z
    zs = np.linspace(0.0, 2.0, 20001)
    assert best.z == pytest.approx(zs[np.argmin([cost(z) for z in zs])], abs=2e-4)


def test_exact_cara_candidates_carry_their_certificate():
    e = exact_cara_equilibrium(ExponentialBreach(0.5, 5.0), insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    assert e.nash and e.deviation is not None and e.deviation.objective == "cara"
    assert e.deviation.gain <= 1e-9


def test_exact_cara_equilibrium_defaults_to_the_papers_two_firms():
    """The exhibits call it without ``n``: the default is the paper's pair of firms, and more
    firms (each partner passing a breach on with probability q, eq 19) invest differently."""
    breach = ExponentialBreach(0.5, 5.0)
    default = exact_cara_equilibrium(breach, insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    two = exact_cara_equilibrium(breach, insured=True, L=1.0, r=0.5, q=0.5, lam=0.2, n=2)
    three = exact_cara_equilibrium(breach, insured=True, L=1.0, r=0.5, q=0.5, lam=0.2, n=3)
    assert default.z == two.z and default.I == two.I
    assert abs(three.z - two.z) > 1e-6


def test_bracketed_solver_refuses_a_loss_beyond_its_shared_scan():
    """The shared scan ends where the marginal effect is small at the family's own price; a loss
    so large that the condition's price 1/((1+lam)L) lies far below it is refused, naming the
    route that solves it (the per-instance scan), which does."""
    breach, structure = ExponentialBreach(0.8, 5.0), Untargeted(0.5)
    solver = BracketedSolver(breach, structure)
    with pytest.raises(ValueError, match="too large for the shared scan"):
        solver(L=1e12, r=1e-12, lam=0.1, insured=True)
    slow = symmetric_solutions(breach, structure, insured=True, L=1e12, r=1e-12, lam=0.1)
    assert slow and all(s.z > 0 for s in slow)
    assert solver(L=2.0, r=0.3, lam=0.1, insured=True)  # within the scan: solved


def test_shared_scan_margin_is_conservative(monkeypatch):
    """A loss the shared scan refuses by a margin of ``SCAN_END_MARGIN`` but would serve at one
    and a half times it: served, its roots are those of the per-instance scan.  So the margin
    keeps roots well inside the scan, and a margin half as large again is an equivalent mutant."""
    from replication.security import taylor

    breach, structure, lam = ExponentialBreach(0.8, 5.0), Untargeted(0.5), 0.1
    solver = BracketedSolver(breach, structure)
    end = abs(float(solver._scan[1][-1]))
    L = 1.2 * taylor.SCAN_END_MARGIN / (end * (1.0 + lam))  # between the margin and 1.5 times it
    with pytest.raises(ValueError, match="too large for the shared scan"):
        solver(L=L, r=0.3, lam=lam, insured=True)
    monkeypatch.setattr(taylor, "SCAN_END_MARGIN", 1.5 * taylor.SCAN_END_MARGIN)
    served = solver(L=L, r=0.3, lam=lam, insured=True)
    direct = symmetric_solutions(breach, structure, insured=True, L=L, r=0.3, lam=lam)
    assert served and [s.stable for s in served] == [s.stable for s in direct]
    np.testing.assert_allclose([s.z for s in served], [s.z for s in direct], rtol=1e-9)
