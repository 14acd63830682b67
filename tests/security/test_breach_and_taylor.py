"""Breach families, interdependence structures and the Taylor-step conditions."""

import numpy as np
import pytest

from replication.security import (
    ExponentialBreach,
    Independent,
    PowerBreach,
    Targeted,
    Untargeted,
    cover,
    symmetric_solutions,
)

EXP = ExponentialBreach(0.5, 5.0)


@pytest.mark.parametrize("breach", [ExponentialBreach(0.6, 3.0), PowerBreach(0.4, 2.0, 1.5)])
def test_derivatives_match_finite_differences(breach):
    z = np.linspace(0.05, 2.0, 9)
    h = 1e-6
    np.testing.assert_allclose(breach.dp(z), (breach.p(z + h) - breach.p(z - h)) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(breach.d2p(z), (breach.dp(z + h) - breach.dp(z - h)) / (2 * h), rtol=1e-5)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"p0": 1.2, "a": 1.0}, "p0"),
        ({"p0": 0.5, "a": -1.0}, "a"),
        ({"p0": float("nan"), "a": 1.0}, "p0"),
        ({"p0": 0.5, "a": 0.0}, "a"),
    ],
)
def test_exponential_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ExponentialBreach(**kwargs)


def test_breach_rejects_negative_investment():
    with pytest.raises(ValueError, match="z must be >= 0"):
        EXP.p(-0.1)


@pytest.mark.parametrize("kind", [float, np.float64, np.array, lambda z: np.array([z])])
def test_every_kind_of_scalar_gives_the_same_value_and_the_same_refusals(kind):
    """A float, a NumPy scalar, a 0-d and a 1-element array: one value, and NaN or a negative
    investment refused with the same message (the scalar fast path and the array path agree)."""
    assert float(np.ravel(EXP.p(kind(0.3)))[0]) == EXP.p(0.3) == 0.5 * np.exp(-5.0 * 0.3)
    assert float(np.ravel(EXP.p(kind(-0.0)))[0]) == 0.5
    with pytest.raises(ValueError, match="investment z contains NaN"):
        EXP.p(kind(float("nan")))
    with pytest.raises(ValueError, match=r"investment z must be >= 0, got min -0\.1$"):
        EXP.p(kind(-0.1))


def test_untargeted_matches_equation_4_and_its_derivatives():
    s = Untargeted(0.3)
    z1, z2 = 0.2, 0.4
    p1, p2 = EXP.p(z1), EXP.p(z2)
    assert s.P(EXP, z1, z2) == pytest.approx(p1 + (1 - p1) * 0.3 * p2)
    h = 1e-6
    assert s.dP_own(EXP, z1, z2) == pytest.approx((s.P(EXP, z1 + h, z2) - s.P(EXP, z1 - h, z2)) / (2 * h), rel=1e-6)
    # The planner's marginal effect p'(1 + q - 2qp) at symmetry.
    p, dp = EXP.p(z1), EXP.dp(z1)
    assert s.dP_total_sym(EXP, z1) == pytest.approx(dp * (1 + 0.3 - 2 * 0.3 * p))


def test_n_firm_externality_is_sum_of_partial_derivatives():
    s, z, h = Untargeted(0.4, n=4), 0.3, 1e-6

    # Firm 2's probability as a function of firm 1's investment, others at z.
    def P2(z1):
        return 1 - (1 - EXP.p(z)) * (1 - 0.4 * EXP.p(z1)) * (1 - 0.4 * EXP.p(z)) ** 2

    external = 3 * (P2(z + h) - P2(z - h)) / (2 * h)
    assert s.dP_others_sym(EXP, z) == pytest.approx(external, rel=1e-6)


def test_targeted_form_and_negative_externality():
    s = Targeted()
    assert s.P(EXP, 0.3, 0.3) == pytest.approx(EXP.p(0.3))
    assert s.P(EXP, 0.4, 0.2) < EXP.p(0.4) < s.P(EXP, 0.4, 0.8)
    assert s.dP_own(EXP, 0.3, 0.3) == pytest.approx(2 * EXP.dp(0.3))
    assert s.dP_total_sym(EXP, 0.3) == pytest.approx(EXP.dp(0.3))
    with pytest.raises(ValueError, match="z2 > 0"):
        s.P(EXP, 0.3, 0.0)


# Independent values (spec, Figure 12 table): p = 0.5e^{-5z}, L = 1, r = 0.5, q = 0.5.
@pytest.mark.parametrize(
    "structure, uninsured, fair, loaded, I_loaded, planner",
    [
        (Untargeted(0.5), 0.2756, 0.1593, 0.2005, 0.5505, (0.3706, 0.2436)),
        (Independent(), 0.3008, 0.1833, 0.2197, 0.6000, (0.3008, 0.1833)),
        (Targeted(), 0.4503, 0.3219, 0.3584, 0.6364, (0.3008, 0.1833)),
    ],
)
def test_symmetric_solutions_match_independent_values(structure, uninsured, fair, loaded, I_loaded, planner):
    def only(**kw):
        sols = symmetric_solutions(breach=EXP, structure=structure, L=1.0, r=0.5, **kw)
        assert len(sols) == 1 and sols[0].stable and sols[0].residual < 1e-12
        return sols[0]

    assert only(lam=0.0, insured=False).z == pytest.approx(uninsured, abs=5e-5)
    assert only(lam=0.0, insured=True).z == pytest.approx(fair, abs=5e-5)
    assert only(lam=0.0, insured=True).I == pytest.approx(1.0)
    sol = only(lam=0.2, insured=True)
    assert (sol.z, sol.I) == pytest.approx((loaded, I_loaded), abs=5e-5)
    assert sol.premium_rate == pytest.approx(1.2 * sol.P)
    assert only(lam=0.0, insured=False, planner=True).z == pytest.approx(planner[0], abs=5e-5)
    assert only(lam=0.0, insured=True, planner=True).z == pytest.approx(planner[1], abs=5e-5)


def test_two_symmetric_equilibria_one_unstable():
    sols = symmetric_solutions(ExponentialBreach(0.95, 8.0), Untargeted(1.0), insured=True, L=1.0, r=0.5, lam=0.0)
    assert [round(s.z, 4) for s in sols] == [0.0134, 0.2337]
    assert [s.stable for s in sols] == [False, True]
    b = ExponentialBreach(0.95, 8.0)
    for s in sols:  # stability is exactly Ogut's condition (11): H = p''(1-qp) - q p'^2 > 0
        H = b.d2p(s.z) * (1 - b.p(s.z)) - b.dp(s.z) ** 2
        assert (H > 0) == s.stable


def test_no_interior_solution_gives_empty_list():
    # rL >= 1: the uninsured condition dP = -1/L + r(1-P) has no root with dP < 0 near z = inf.
    assert symmetric_solutions(EXP, Independent(), insured=False, L=1.0, r=1.5, lam=0.0) == []
    # Investment not worthwhile: |p'(0)| = a p0 = 0.05 < 1/L.
    assert symmetric_solutions(ExponentialBreach(0.05, 1.0), Independent(), insured=True, L=1.0, r=0.5, lam=0.0) == []


def test_cover_formula_and_bad_parameters():
    assert cover(0.2, L=1.0, r=0.5, lam=0.0) == 1.0
    assert cover(0.2, L=1.0, r=0.5, lam=0.2) == pytest.approx(1 - 0.2 / (0.5 * 1.2 * 0.8))
    for kw, match in (({"L": 0.0}, "L"), ({"r": -1.0}, "r"), ({"lam": -0.1}, "lam")):
        args = {"L": 1.0, "r": 0.5, "lam": 0.1, **kw}
        with pytest.raises(ValueError, match=match):
            symmetric_solutions(EXP, Independent(), insured=True, L=args["L"], r=args["r"], lam=args["lam"])
    with pytest.raises(ValueError, match="q"):
        Untargeted(1.5)


@pytest.mark.parametrize("structure", [Independent(), Untargeted(0.3), Untargeted(0.6, n=4), Targeted()], ids=repr)
@pytest.mark.parametrize(("z1", "z2"), [(0.2, 0.4), (0.5, 0.15), (0.9, 0.9)])
def test_own_derivatives_off_the_symmetric_line_match_finite_differences(structure, z1, z2):
    """dP_1/dz1 and d2P_1/dz1^2 at unequal investments, for every structure, against central
    differences of P and of dP_own (the symmetric closed forms are tested apart)."""
    h = 1e-5
    for breach in (EXP, PowerBreach(0.6, 3.0, 2.0)):
        dP = (structure.P(breach, z1 + h, z2) - structure.P(breach, z1 - h, z2)) / (2 * h)
        d2P = (structure.dP_own(breach, z1 + h, z2) - structure.dP_own(breach, z1 - h, z2)) / (2 * h)
        assert float(structure.dP_own(breach, z1, z2)) == pytest.approx(float(dP), rel=1e-7)
        assert float(structure.d2P_own(breach, z1, z2)) == pytest.approx(float(d2P), rel=1e-6, abs=1e-6)
