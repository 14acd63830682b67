"""Shim (2012): equilibria, planner levels, closed forms and bad input.

Reference values are an independent computation (outside this package) for p = 0.5 e^{-5z}, L = 1,
r = 0.5, q = 0.5 (Figure 12 table and the Ogut region values), printed to 4 decimals.
"""

import math

import pytest

from replication.numerics.solvers import NoInteriorSolution
from replication.security import ExponentialBreach, PowerBreach
from replication.shim2012 import CASES, equilibria, equilibrium, planner, sensitivity
from replication.shim2012.model import appendix
from replication.shim2012.model.game import shifted, validated
from replication.shim2012.studies.grid import _point, grid

P = ExponentialBreach(0.5, 5.0)
BASE = dict(breach=P, L=1.0, r=0.5, q=0.5)

#: case -> (z no insurance, z insured lam=0, z insured lam=0.2, I at lam=0.2,
#:          planner uninsured, planner insured lam=0), from that independent computation.
REFERENCE = {
    "untargeted": (0.2756, 0.1593, 0.2005, 0.5505, 0.3706, 0.2436),
    "independent": (0.3008, 0.1833, 0.2197, 0.6000, 0.3008, 0.1833),
    "targeted": (0.4503, 0.3219, 0.3584, 0.6364, 0.3008, 0.1833),
}
#: Premium rates (1 + lam) P at lam = 0.2 (independent computation; Ogut et al.'s region values R2 and R4).
PREMIUM = {"independent": 0.2000, "untargeted": 0.3101}


@pytest.mark.parametrize("case", CASES)
def test_equilibria_match_independent_values(case):
    z0, z_fair, z_loaded, I_loaded, plan0, plan_fair = REFERENCE[case]
    uninsured = equilibrium(case=case, insured=False, **BASE)
    assert round(uninsured.z, 4) == z0
    assert uninsured.I == 0.0
    assert round(equilibrium(case=case, insured=True, lam=0.0, **BASE).z, 4) == z_fair
    loaded = equilibrium(case=case, insured=True, lam=0.2, **BASE)
    assert round(loaded.z, 4) == z_loaded
    assert round(loaded.I, 4) == I_loaded
    assert round(planner(case=case, insured=False, **BASE).z, 4) == plan0
    assert round(planner(case=case, insured=True, lam=0.0, **BASE).z, 4) == plan_fair


@pytest.mark.parametrize("case", ["independent", "untargeted"])
def test_premium_rate_matches_independent_values(case):
    eq = equilibrium(case=case, insured=True, lam=0.2, **BASE)
    assert eq.premium_rate == pytest.approx(1.2 * eq.P)
    assert round(eq.premium_rate, 4) == PREMIUM[case]


def test_fair_insurance_gives_full_cover():
    for case in CASES:
        assert equilibrium(case=case, insured=True, lam=0.0, **BASE).I == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_result_satisfies_the_table_1_condition_in_closed_form(case):
    """Eqs 3, 6, 7 (no insurance) and 9-14 (insurance) hold at the returned z."""
    L, r, q, lam = 1.0, 0.5, 0.5, 0.2
    for insured in (False, True):
        eq = equilibrium(case=case, insured=insured, lam=lam, **BASE)
        p, dp = P.p(eq.z), P.dp(eq.z)
        if case == "independent":
            P_sym = p
            rhs = -1 / ((1 + lam) * L) if insured else -1 / L + r * (1 - p)
            lhs = dp
        elif case == "untargeted":
            P_sym = 1 - (1 - p) * (1 - q * p)
            rhs = -1 / ((1 - q * p) * (1 + lam) * L) if insured else -1 / (L * (1 - q * p)) + r * (1 - p)
            lhs = dp
        else:
            P_sym = p
            rhs = -1 / (2 * (1 + lam) * L) if insured else -1 / (2 * L) + r / 2 * (1 - p)
            lhs = dp
        assert lhs == pytest.approx(rhs, rel=1e-9)
        assert eq.P == pytest.approx(P_sym, rel=1e-12)
        assert abs(eq.residual) < 1e-10
        if insured:
            D = (1 - p) * ((1 - q * p) if case == "untargeted" else 1.0)
            assert eq.I == pytest.approx(L - lam / (r * (1 + lam) * D), rel=1e-12)


def test_independent_closed_form_for_the_exponential_family():
    """p' = -a p0 e^{-az} = -1/((1+lam)L) gives z = ln(a p0 (1+lam) L)/a (eq 9)."""
    for lam in (0.0, 0.2, 0.7):
        eq = equilibrium(P, case="independent", insured=True, L=1.0, r=0.5, lam=lam)
        assert eq.z == pytest.approx(math.log(5 * 0.5 * (1 + lam)) / 5, rel=1e-10)
        # Targeted: 2p' = -1/((1+lam)L) gives z = ln(2 a p0 (1+lam) L)/a (eq 13).
        eq = equilibrium(P, case="targeted", insured=True, L=1.0, r=0.5, lam=lam)
        assert eq.z == pytest.approx(math.log(2 * 5 * 0.5 * (1 + lam)) / 5, rel=1e-10)


def test_proposition_1_ordering_at_the_illustration_point():
    for insured in (False, True):
        z = {c: equilibrium(case=c, insured=insured, lam=0.2, **BASE).z for c in CASES}
        assert z["targeted"] > z["independent"] > z["untargeted"]


def test_stable_solution_is_flagged_and_slope_positive():
    for case in CASES:
        eq = equilibrium(case=case, insured=True, lam=0.2, **BASE)
        assert eq.stable and eq.slope > 0
        assert len(eq.roots) == 1


def test_two_equilibrium_example_of_finding_f2():
    """p = 0.95 e^{-8z}, q = 1, lam = 0: z = 0.0134 (H < 0, unstable) and z = 0.2337 (H > 0)."""
    breach = ExponentialBreach(0.95, 8.0)
    everything = equilibria(breach, case="untargeted", insured=True, L=1.0, r=0.5, q=1.0, lam=0.0)
    # z = 0 is a candidate too: p'(0)(1 - q p(0)) = -7.6 * 0.05 > -1/L, so the first unit does not pay
    zero, *found = everything
    assert (zero.z, zero.corner, zero.I) == (0.0, "investment", 1.0) and zero.nash
    assert [round(e.z, 4) for e in found] == [0.0134, 0.2337] and all(e.corner is None for e in found)
    low, high = found
    assert not low.stable and high.stable
    assert appendix.stability_term(low) < 0 < appendix.stability_term(high)
    # The stable one is the default; dz/dL has the sign of H (-0.026 at the unstable one, computed independently).
    assert equilibrium(breach, case="untargeted", insured=True, L=1.0, r=0.5, q=1.0, lam=0.0).z == pytest.approx(high.z)
    assert round(sensitivity(low, parameter="L").dz, 3) == -0.026
    assert sensitivity(high, parameter="L").dz > 0


@pytest.mark.parametrize("case", CASES)
def test_appendix_closed_forms_match_implicit_derivatives(case):
    eq = equilibrium(case=case, insured=True, lam=0.2, **BASE)
    s = sensitivity(eq, parameter="L")
    assert s.dz == pytest.approx(appendix.dz_dL(eq), rel=1e-5)
    assert s.dI == pytest.approx(appendix.dI_dL(eq), rel=1e-5)
    h = 1e-6
    from replication.shim2012.model.game import cover_at

    slope = (cover_at(eq.inputs, eq.z + h) - cover_at(eq.inputs, eq.z - h)) / (2 * h)
    assert slope == pytest.approx(appendix.dI_dz(eq), rel=1e-6)
    assert appendix.dI_dz(eq) > 0


def test_finding_f1_loading_moves_investment_and_cover_apart():
    """Proposition 5 across equilibria at the illustration point: dz/dlam = +0.185, dI/dlam = -1.74 (untargeted)."""
    s = sensitivity(equilibrium(case="untargeted", insured=True, lam=0.2, **BASE), parameter="lam")
    assert round(s.dz, 3) == 0.185
    assert round(s.dI, 2) == -1.74


def test_dz_dlam_closed_form_independent():
    """From p'(z) = -1/((1+lam)L): dz/dlam = 1/((1+lam)^2 L p''(z))."""
    eq = equilibrium(case="independent", insured=True, lam=0.2, **BASE)
    assert sensitivity(eq, parameter="lam").dz == pytest.approx(1 / (1.2**2 * P.d2p(eq.z)), rel=1e-5)


def test_power_family_solves_and_orders():
    b = PowerBreach(0.6, 8.0, 2.0)
    z = {c: equilibrium(b, case=c, insured=True, L=1.0, r=0.5, q=0.5, lam=0.1).z for c in CASES}
    assert z["targeted"] > z["independent"] > z["untargeted"] > 0


def test_planner_targeted_equals_independent_level():
    for insured in (False, True):
        assert planner(case="targeted", insured=insured, **BASE).z == pytest.approx(
            equilibrium(case="independent", insured=insured, **BASE).z, rel=1e-10
        )


# -- no interior solution --------------------------------------------------------


def test_zero_investment_corner_when_investing_never_pays():
    """a p0 (1+lam) L <= 1: p'(0) = -0.25 > -1/L, so no z > 0 solves eq 9 and z = 0 is the
    answer: the KKT sign condition R(0) = p'(0) + 1/L = 0.75 >= 0, full cover at lam = 0."""
    from replication.shim2012.model.game import residual_values

    breach = ExponentialBreach(0.05, 5.0)
    eq = equilibrium(breach, case="independent", insured=True, L=1.0, r=0.5)
    assert (eq.z, eq.corner, eq.nash, eq.I, eq.residual) == (0.0, "investment", True, 1.0, 0.0)
    assert eq.P == pytest.approx(0.05, rel=1e-15) and eq.stable
    assert float(residual_values(eq.inputs, 0.0)) == pytest.approx(-0.25 + 1.0, rel=1e-12)
    # the same corner without insurance: R(0) = p'(0) + 1/L - r (1 - p0) = -0.25 + 1 - 0.475 > 0
    bare = equilibrium(breach, case="untargeted", insured=False, L=1.0, r=0.5, q=0.5)
    assert (bare.z, bare.corner, bare.I, bare.nash) == (0.0, "investment", 0.0, True)
    # a loading that prices cover out as well: lam / (1 + lam) = 1/3 >= r L (1 - p0) = 0.0475
    both = equilibrium(breach, case="untargeted", insured=True, L=1.0, r=0.05, q=0.5, lam=0.5)
    assert (both.z, both.corner, both.I, both.nash) == (0.0, "cover and investment", 0.0, True)
    # the corner is priced as any candidate: premium rate (1 + lam) P
    assert both.premium_rate == pytest.approx(1.5 * both.P, rel=1e-15)
    loaded = equilibrium(breach, case="independent", insured=True, L=1.0, r=0.5, lam=0.02)
    assert loaded.z == 0.0 and loaded.I > 0.0 and loaded.premium_rate == pytest.approx(1.02 * 0.05, rel=1e-12)


def test_zero_investment_is_no_candidate_where_the_first_unit_pays():
    """The KKT sign condition fails (R(0) < 0): every candidate is interior."""
    assert all(e.corner is None and e.z > 0 for e in equilibria(case="untargeted", insured=True, lam=0.2, **BASE))


def test_exact_planner_names_the_better_plan_when_no_stable_root_is_optimal():
    """Under exact CARA, with dear cover and strong risk aversion, the planner's stable root is
    beaten along the symmetric line: the error names the root and the better plan with both
    costs, instead of returning the root."""
    from replication.shim2012.model.exact import exact_cara_planner
    from replication.shim2012.model.game import NoEquilibrium

    with pytest.raises(NoEquilibrium, match=r"no stable root is the optimum along the symmetric line: at z = 0\.3"):
        exact_cara_planner(ExponentialBreach(0.6, 2.0), case="untargeted", insured=True, L=1.0, r=3.0, q=0.5, lam=0.5)


def test_targeted_case_has_no_zero_investment_candidate():
    """P = p(z1 z1 / z2) is undefined at z2 = 0, so only roots z > 0 are candidates."""
    found = equilibria(ExponentialBreach(0.05, 5.0), case="targeted", insured=True, L=1.0, r=0.5)
    assert all(e.z > 0.0 for e in found)


def test_no_root_when_risk_aversion_swamps_the_loss():
    """r L (1 - P) >= 1 everywhere: the right side of eq 3 is >= 0 > p'."""
    with pytest.raises(NoInteriorSolution, match="r L"):
        equilibrium(P, case="independent", insured=False, L=1.0, r=3.0)


@pytest.mark.parametrize("case", CASES)
def test_zero_cover_corner_is_the_uninsured_equilibrium(case):
    """lam / r large: eq 10 gives I < 0, so the firm buys no cover and invests as without a
    market; the corner is certified by the best-reply check that lets it take up cover."""
    loaded = equilibrium(P, case=case, insured=True, L=1.0, r=0.05, q=0.5, lam=0.5)
    bare = equilibrium(P, case=case, insured=False, L=1.0, r=0.05, q=0.5)
    assert (loaded.corner, loaded.I, loaded.nash, bare.corner) == ("cover", 0.0, True, None)
    assert loaded.z == pytest.approx(bare.z, rel=1e-12) and loaded.P == pytest.approx(bare.P, rel=1e-12)
    assert loaded.premium_rate == pytest.approx(1.5 * bare.P, rel=1e-12)
    from replication.security import cover

    assert cover(loaded.P, L=1.0, r=0.05, lam=0.5) <= 0.0
    assert sensitivity(loaded, parameter="lam").dz == 0.0 and sensitivity(loaded, parameter="lam").dI == 0.0


def test_zero_cover_corner_of_the_planner_is_the_uninsured_planner():
    loaded = planner(P, case="untargeted", insured=True, L=1.0, r=0.05, q=0.5, lam=0.5)
    bare = planner(P, case="untargeted", insured=False, L=1.0, r=0.05, q=0.5)
    assert (loaded.corner, loaded.I, loaded.nash) == ("cover", 0.0, True)
    assert loaded.z == pytest.approx(bare.z, rel=1e-12)


def test_loading_sweep_has_no_holes_and_corners_only_where_cover_is_priced_out():
    """A loading sweep at L = 1, r = 0.5: 126 of 164 points raised before corners were solutions."""
    import numpy as np

    from replication.security import cover

    for lam in np.linspace(0.0, 3.0, 164):
        eq = equilibrium(case="untargeted", insured=True, lam=lam, **BASE)
        assert eq.nash
        interior = [s for s in eq.roots if cover(s.P, L=1.0, r=0.5, lam=lam) > 0.0]
        assert (eq.corner is None) == bool(interior), lam
        assert eq.corner in (None, "cover")


# -- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"L": -1.0}, "L"),
        ({"L": float("nan")}, "L"),
        ({"r": 0.0}, "r"),
        ({"r": -0.5}, "r"),
        ({"q": 1.5}, "q"),
        ({"q": -0.1}, "q"),
        ({"q": float("nan")}, "q"),
        ({"lam": -0.1}, "lam"),
        ({"lam": float("nan")}, "lam"),
    ],
)
def test_bad_parameters_name_the_parameter(kwargs, name):
    args = {**BASE, "lam": 0.2, **kwargs}
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        equilibrium(case="untargeted", insured=True, **args)
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        planner(case="untargeted", insured=True, **args)


def test_bad_case_and_breach_are_rejected():
    with pytest.raises(ValueError, match="case"):
        equilibrium(case="hybrid", insured=True, **BASE)
    with pytest.raises(ValueError, match="breach"):
        equilibrium(lambda z: 0.5, case="independent", insured=True, L=1.0, r=0.5)


def test_breach_family_violating_its_assumptions():
    with pytest.raises(ValueError, match="p0"):
        ExponentialBreach(1.5, 5.0)
    with pytest.raises(ValueError, match="b"):
        PowerBreach(0.5, 2.0, -1.0)


@pytest.mark.parametrize(
    "breach, q", [(P, 0.5), (ExponentialBreach(0.95, 8.0), 1.0), (PowerBreach(0.3, 2.0, 1.0), 0.2)]
)
@pytest.mark.parametrize("insured, planner_", [(False, False), (True, False), (False, True), (True, True)])
def test_vectorised_scan_agrees_with_the_shared_solver(breach, q, insured, planner_):
    from replication.security import Untargeted, symmetric_solutions
    from replication.shim2012.model.game import solve_all, validated

    found = solve_all(
        validated(breach, case="untargeted", insured=insured, L=1.0, r=0.5, q=q, lam=0.2, planner=planner_)
    )
    ours = [e for e in found if e.corner is None]  # interior candidates: roots with positive cover
    shared = symmetric_solutions(breach, Untargeted(q), insured=insured, L=1.0, r=0.5, lam=0.2, planner=planner_)
    shared = [s for s in shared if not insured or s.I > 0.0]
    assert [e.z for e in ours] == pytest.approx([s.z for s in shared], rel=1e-10)
    assert [e.I for e in ours] == pytest.approx([s.I for s in shared], rel=1e-10)
    assert [e.stable for e in ours] == [s.stable for s in shared]


def test_branch_derivative_agrees_with_the_implicit_function_theorem():
    """Re-solving at shifted parameters and the implicit-function derivative are two routes."""
    from replication.security import ExponentialBreach
    from replication.shim2012 import equilibria, equilibrium, sensitivity
    from replication.shim2012.model.game import branch_derivative

    eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    for name in ("L", "lam", "q", "r"):
        a, b = branch_derivative(eq, parameter=name), sensitivity(eq, parameter=name)
        assert abs(a.dz - b.dz) < 1e-5 * max(1.0, abs(b.dz)), name
        assert abs(a.dI - b.dI) < 1e-4 * max(1.0, abs(b.dI)), name
    found = equilibria(ExponentialBreach(0.95, 8.0), case="untargeted", insured=True, L=1.0, r=0.5, q=1.0, lam=0.0)
    unstable = found[1]  # found[0] is the corner z = 0
    assert not unstable.stable and branch_derivative(unstable, parameter="L").dz < 0


def test_grid_point_solution_raises_where_there_is_none():
    """A grid point keeps None where a case has no interior solution; asking for it names the case."""
    pt = _point(ExponentialBreach(0.05, 5.0), 0.5, 0.0, 0.5)
    assert pt.get("independent", True) is None
    with pytest.raises(LookupError, match="'independent' with insurance"):
        pt.solution("independent", True)
    found = _point(P, 0.5, 0.0, 0.5).solution("untargeted", True)
    assert found.z == pytest.approx(REFERENCE["untargeted"][1], abs=5e-5)


def test_the_grid_is_decoded_once_per_process_and_each_caller_gets_its_own_list(monkeypatch):
    """Every claim on the grid asks for all of it: after the first call (computed or read
    from the cache), the same points come back without reading the cache again, in a new
    list each time (a caller that sorts or filters its list changes no one else's)."""
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    first, second = grid(), grid()
    assert first is not second and len(first) == len(second) > 0
    assert all(a is b for a, b in zip(first, second, strict=True))
    first.clear()
    assert len(grid()) == len(second)


@pytest.mark.parametrize("parameter", ["L", "r", "q", "lam"])
def test_shifted_sets_one_model_parameter(parameter):
    inputs = validated(P, case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    moved = shifted(inputs, parameter=parameter, value=0.7)
    assert getattr(moved, parameter) == 0.7
    others = {"L": 1.0, "r": 0.5, "q": 0.5, "lam": 0.2}
    assert all(getattr(moved, k) == v for k, v in others.items() if k != parameter)
    assert (moved.case, moved.insured, moved.breach, moved.planner) == ("untargeted", True, P, False)
