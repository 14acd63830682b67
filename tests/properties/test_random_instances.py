"""The public solvers against independent computations on random instances.

Each check recomputes the answer a different way: symmetric equilibria by a dense sign-change
scan of the first-order condition written out from the spec, optima by SciPy's L-BFGS-B,
equilibria by verifying that nobody gains by deviating.  Instances are drawn from fixed seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq, minimize, minimize_scalar

import replication.naghizadeh2014 as ng
from replication import ogut2005, shim2012
from replication.naghizadeh2014.model.participation import participation
from replication.security import ExponentialBreach, PowerBreach
from replication.shim2012.model.game import cover_at, solve_all_roots, validated

GRID = np.concatenate([np.linspace(1e-9, 1.0, 4000), np.linspace(1.0, 60.0, 20000)[1:]])


def scan_roots(F) -> list[float]:
    """Every sign change of the vectorised F on GRID, refined by Brent's method."""
    v = F(GRID)
    cuts = np.flatnonzero(np.sign(v[:-1]) != np.sign(v[1:]))
    return [brentq(F, GRID[i], GRID[i + 1], xtol=1e-14) for i in cuts]


def random_breach(rng: np.random.Generator, k: int, p0_low: float = 0.05):
    if k % 2:
        return ExponentialBreach(p0=rng.uniform(p0_low, 0.95), a=rng.uniform(0.2, 8.0))
    return PowerBreach(p0=rng.uniform(p0_low, 0.95), a=rng.uniform(0.2, 4.0), b=rng.uniform(0.4, 3.0))


def shim_condition(case: str, insured: bool, b, L: float, r: float, q: float, lam: float):
    """Table 1 of Shim (2012), symmetric first-order conditions as residuals (spec 1.4)."""
    p, dp = b.p, b.dp
    if case == "independent":
        return (lambda z: dp(z) + 1 / ((1 + lam) * L)) if insured else (lambda z: dp(z) + 1 / L - r * (1 - p(z)))
    if case == "untargeted":
        if insured:
            return lambda z: dp(z) + 1 / ((1 - q * p(z)) * (1 + lam) * L)
        return lambda z: dp(z) + 1 / (L * (1 - q * p(z))) - r * (1 - p(z))
    return (
        (lambda z: dp(z) + 1 / (2 * (1 + lam) * L)) if insured else (lambda z: dp(z) + 1 / (2 * L) - r / 2 * (1 - p(z)))
    )


@pytest.mark.parametrize("seed", range(12))
def test_shim_equilibria_are_every_root_of_table_1(seed):
    rng = np.random.default_rng(1000 + seed)
    b = random_breach(rng, seed)
    L, r, q = rng.uniform(2, 20), rng.uniform(0.001, 0.15), rng.uniform(0, 1)
    lam = 0.0 if seed % 4 == 0 else rng.uniform(0, 1)
    case, insured = shim2012.CASES[seed % 3], bool(seed % 2)
    roots = scan_roots(shim_condition(case, insured, b, L, r, q, lam))
    inputs = validated(b, case=case, insured=insured, L=L, r=r, q=q, lam=lam)
    found = [s.z for s in solve_all_roots(inputs)]
    np.testing.assert_allclose(found, roots, atol=1e-7)
    listed = shim2012.equilibria(b, case=case, insured=insured, L=L, r=r, q=q, lam=lam)
    interior = [e.z for e in listed if e.corner is None]  # the roots whose cover is positive
    assert interior == [z for z in found if not insured or cover_at(inputs, z) > 0.0]
    if not roots:  # no root: a corner, or no solution at all
        try:
            eq = shim2012.equilibrium(b, case=case, insured=insured, L=L, r=r, q=q, lam=lam)
        except ValueError as err:
            assert "no root" in str(err)
        else:
            assert eq.corner is not None and eq.nash


@pytest.mark.parametrize("seed", range(16))
def test_ogut_n_firm_equilibria_solve_eqs_21_22_or_are_flagged_corners(seed):
    """High breach risks, log-uniform risk aversion: the draws include cover corners, several
    equilibria, an unstable one and draws without an interior equilibrium."""
    rng = np.random.default_rng(2000 + seed)
    b = random_breach(rng, seed, p0_low=0.5)
    L, r, q = rng.uniform(0.5, 20), float(np.exp(rng.uniform(np.log(0.005), np.log(2)))), rng.uniform(0.3, 1)
    lam, n = (0.0 if seed % 4 == 0 else rng.uniform(0, 1)), int(rng.integers(2, 6))
    p, dp = b.p, b.dp
    insured = scan_roots(lambda z: dp(z) * (1 - q * p(z)) ** (n - 1) + 1 / ((1 + lam) * L))
    uninsured = scan_roots(
        lambda z: dp(z) * (1 - q * p(z)) ** (n - 1) + 1 / L - r * (1 - p(z)) * (1 - q * p(z)) ** (n - 1)
    )

    def cover(z: float) -> float:  # eq (22)
        return L - lam / (r * (1 + lam) * (1 - p(z)) * (1 - q * p(z)) ** (n - 1))

    expected = sorted([z for z in insured if cover(z) >= 0] + [z for z in uninsured if cover(z) < 0])
    # z = 0 is listed where the firm's residual there (insured where eq 22 is positive) is >= 0
    own = dp(0.0) * (1 - q * p(0.0)) ** (n - 1)
    at_zero = own + (1 / ((1 + lam) * L) if cover(0.0) > 0 else 1 / L - r * (1 - p(0.0)) * (1 - q * p(0.0)) ** (n - 1))
    if not expected and at_zero < 0:
        with pytest.raises(ValueError):
            ogut2005.symmetric_equilibria(b, L=L, r=r, q=q, lam=lam, n=n)
        return
    listed = ogut2005.symmetric_equilibria(b, L=L, r=r, q=q, lam=lam, n=n)
    zero = [e for e in listed if e.z == 0.0]
    assert len(zero) == (at_zero >= 0) and all(e.corner in ("investment", "cover and investment") for e in zero)
    found = [e for e in listed if e.z > 0.0]
    np.testing.assert_allclose([e.z for e in found], expected, atol=1e-7)
    for e in found:
        assert e.I == pytest.approx(max(cover(e.z), 0.0), abs=1e-8)
        stability = b.d2p(e.z) * (1 - q * p(e.z)) - (n - 1) * q * dp(e.z) ** 2
        assert e.stable == (stability > 0)


@pytest.mark.parametrize("seed", range(8))
def test_exact_cara_equilibrium_is_a_best_response(seed):
    rng = np.random.default_rng(3000 + seed)
    b = random_breach(rng, seed)
    L, r, q = rng.uniform(0.5, 10), rng.uniform(0.05, 1.5), rng.uniform(0, 1)
    lam, insured, n = (0.0 if seed % 3 == 0 else rng.uniform(0, 0.8)), bool(seed % 2), int(rng.integers(2, 4))
    try:
        e = ogut2005.exact_cara_equilibrium(b, insured=insured, L=L, r=r, q=q, lam=lam, n=n)
    except ValueError:
        pytest.skip("no interior equilibrium for this draw")
    others = (1 - q * b.p(e.z)) ** (n - 1)

    def disutility(v):  # minus CARA expected utility (wealth normalised away), eq (20)
        z1, cover = v[0], (v[1] if insured else 0.0)
        B = 1 - (1 - b.p(z1)) * others
        price = (1 + lam) * B
        return B * np.exp(-r * (-L + (1 - price) * cover - z1)) + (1 - B) * np.exp(-r * (-price * cover - z1))

    starts = [[e.z, e.I], [0.01, 0.0], [1.0, L / 2], [3.0, L]]
    bounds = [(0, 50), (0, None)][: 2 if insured else 1]
    best = min(
        (
            minimize(
                disutility, s[: len(bounds)], method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-12}
            )
            for s in starts
        ),
        key=lambda res: res.fun,
    )
    assert best.x[0] == pytest.approx(e.z, abs=1e-5)
    assert disutility([e.z, e.I]) <= best.fun * (1 + 1e-10)


def random_ids_model(rng: np.random.Generator, kind: int) -> ng.IDSModel:
    N = int(rng.integers(3, 10))
    c, L = rng.uniform(0.05, 5, N), rng.uniform(1, 60, N)
    if kind == 0:
        A = rng.uniform(0, 1, (N, N)) * (rng.uniform(size=(N, N)) < 0.7)
        np.fill_diagonal(A, 0.0)
        A[np.diag_indices(N)] = A.max(axis=1) + rng.uniform(0.05, 1.5, N)
        return ng.WeightedTotalEffort(A, c, L)
    if kind == 1:
        return ng.TotalEffort(c, L)
    return ng.WeakestLink(c, float(L[0]), float(rng.choice([1.5, 3.0, 10.0, 30.0])))


def scipy_social_cost(model: ng.IDSModel, start: np.ndarray) -> float:
    """Smallest social cost L-BFGS-B finds from 0 and from ``start`` (central-difference gradient)."""

    def grad(x):
        h = 1e-7
        return np.array(
            [
                (model.social_cost(x + h * e) - model.social_cost(np.maximum(x - h * e, 0))) / (h + min(h, x[i]))
                for i, e in enumerate(np.eye(model.N))
            ]
        )

    return min(
        minimize(
            model.social_cost,
            s,
            jac=grad,
            method="L-BFGS-B",
            bounds=[(0, None)] * model.N,
            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5000},
        ).fun
        for s in (np.zeros(model.N), start)
    )


@pytest.mark.parametrize("seed", range(15))
def test_social_optimum_nash_equilibrium_and_payments(seed):
    model = random_ids_model(np.random.default_rng(4000 + seed), seed % 3)
    so, ne = ng.social_optimum(model), ng.nash_equilibrium(model)
    reference = scipy_social_cost(model, so.x)
    assert model.social_cost(so.x) <= reference + 1e-9 * max(1.0, abs(reference))
    for i in range(model.N):  # no user lowers its own cost alone

        def own(t, i=i):
            x = ne.x.copy()
            x[i] = t
            return model.costs(x)[i]

        best = minimize_scalar(own, bounds=(0, 100), method="bounded", options={"xatol": 1e-12})
        assert model.costs(ne.x)[i] <= min(best.fun, own(0.0)) + 1e-9
    t = ng.net_payments(model, so.x)
    assert abs(t.sum()) < 1e-9
    result = ng.outcome(ng.equilibrium_messages(model))
    np.testing.assert_allclose(result.x, so.x, atol=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_loner_outcome_is_an_equilibrium_of_the_loner_game(seed):
    rng = np.random.default_rng(5000 + seed)
    N = 5
    A = rng.uniform(0, 1, (N, N))
    np.fill_diagonal(A, 0.0)
    A[np.diag_indices(N)] = A.max(axis=1) + rng.uniform(0.05, 1, N)
    model = ng.WeightedTotalEffort(A, rng.uniform(0.01, 20, N), rng.uniform(5, 60))
    result = participation(model)
    for k, loner in enumerate(result.loners):
        x = loner.x
        others = [i for i in range(N) if i != k]

        def loner_cost(t, x=x, k=k):
            y = x.copy()
            y[k] = t
            return model.costs(y)[k]

        def coalition_cost(z, x=x, k=k, others=others):
            return float(model.costs(np.insert(z, k, x[k]))[others].sum())

        best = minimize_scalar(loner_cost, bounds=(0, 200), method="bounded", options={"xatol": 1e-12})
        assert loner.cost <= min(best.fun, loner_cost(0.0)) + 1e-9
        reference = min(
            minimize(
                coalition_cost,
                s,
                method="L-BFGS-B",
                bounds=[(0, None)] * (N - 1),
                options={"ftol": 1e-15, "gtol": 1e-11},
            ).fun
            for s in (x[others], np.zeros(N - 1))
        )
        assert coalition_cost(x[others]) <= reference + 1e-9 * max(1.0, reference)
        assert loner.cost == pytest.approx(model.costs(x)[k], abs=1e-12)
