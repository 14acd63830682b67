"""Uniqueness certificates for the Nash equilibrium of the IDS game beyond enumeration.

Sound: whatever a P-matrix condition certifies has every principal minor positive (checked
here independently) and exactly one equilibrium by enumeration, for its own costs and for
redrawn ones; a game with several equilibria is never certified; large games are certified
quickly when a sufficient condition holds, and otherwise left uncertified.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
import pytest
from scipy import sparse

from replication.naghizadeh2014 import (
    LinearExposure,
    TotalEffort,
    WeightedTotalEffort,
    all_nash_equilibria,
    uniqueness_certificate,
    weakest_link_instance,
    weighted_total_effort_instance,
)

P_MATRIX = (
    "diagonal dominance (rows)",
    "diagonal dominance (columns)",
    "scaled diagonal dominance",
    "positive definite symmetric part",
    "P-matrix (principal minors)",
)


def every_minor_positive(A: np.ndarray) -> bool:
    N = A.shape[0]
    return all(np.linalg.det(A[np.ix_(s, s)]) > 0 for k in range(1, N + 1) for s in combinations(range(N), k))


def draw(rng: np.random.Generator, N: int) -> WeightedTotalEffort:
    """A random game whose off-diagonal weights are scaled so that every kind of certificate occurs."""
    strength = rng.choice([0.3, 1.0, 3.0, 0.95 * (N - 1)]) / max(N - 1, 1)
    off = rng.uniform(0.0, 1.0, (N, N)) * strength
    A = np.minimum(off, 0.98) * (1 - np.eye(N)) + np.eye(N)
    return WeightedTotalEffort(A, c=rng.uniform(0.5, 20.0, N), L=rng.uniform(50.0, 100.0, N))


def test_certificates_agree_with_enumeration_on_random_draws():
    rng, used = np.random.default_rng(2014), {}
    for N in range(2, 11):
        for _ in range(12):
            model = draw(rng, N)
            cert = uniqueness_certificate(model)
            found = all_nash_equilibria(model)
            used[cert.certificate] = used.get(cert.certificate, 0) + 1
            if cert.certificate in P_MATRIX:
                assert cert.unique and cert.for_every_b and cert.equilibria == 1
                assert len(found) == 1 and every_minor_positive(model.A)
                # for every b: other costs and losses, still one equilibrium
                other = WeightedTotalEffort(model.A, c=rng.uniform(0.01, 50.0, N), L=rng.uniform(1.0, 100.0, N))
                assert len(all_nash_equilibria(other)) == 1
            else:
                assert cert.certificate == "enumeration" and not cert.for_every_b
                assert cert.equilibria == len(found) and cert.unique == (len(found) == 1)
                assert not every_minor_positive(model.A)
    assert used.get("enumeration", 0) >= 5 and sum(used.get(name, 0) for name in P_MATRIX) >= 20
    assert all(used.get(name, 0) >= 1 for name in ("diagonal dominance (rows)", "P-matrix (principal minors)"))


def test_a_game_with_three_equilibria_is_not_certified():
    model = weighted_total_effort_instance(16)
    cert = uniqueness_certificate(model)
    assert (cert.unique, cert.certificate, cert.equilibria, cert.for_every_b) == (False, "enumeration", 3, False)
    assert len(all_nash_equilibria(model)) == 3 and "3 Nash equilibria" in cert.reason


def test_total_effort_with_equal_users_is_not_unique_and_beyond_enumeration_not_certified():
    small = uniqueness_certificate(TotalEffort(c=np.ones(5), L=10.0))
    assert small.unique is False and small.equilibria == 5  # each user alone can carry the whole effort
    large = uniqueness_certificate(TotalEffort(c=np.linspace(1.0, 2.0, 30), L=10.0))
    assert large.unique is None and large.certificate is None and "not certified" in large.reason
    assert len(large.checked) == 5 and large.checked[-1].startswith("principal minors and enumeration: not tried")


def test_the_weakest_link_is_not_an_lcp():
    cert = uniqueness_certificate(weakest_link_instance(0, N=4))
    assert cert.unique is None and cert.certificate is None and "not a linear complementarity" in cert.reason


def test_fifty_dominant_users_are_certified_quickly():
    rng = np.random.default_rng(50)
    A = np.eye(50) + rng.uniform(0.0, 0.99 / 49, (50, 50)) * (1 - np.eye(50))
    model = WeightedTotalEffort(A, c=rng.uniform(1.0, 20.0, 50), L=80.0)
    start = time.perf_counter()
    cert = uniqueness_certificate(model)
    assert time.perf_counter() - start < 0.5
    assert cert.unique and cert.certificate == "diagonal dominance (rows)" and cert.for_every_b
    assert cert.margin == pytest.approx(float(np.min(1 - (A.sum(axis=1) - 1))), rel=1e-12)


def test_a_sparse_network_of_twenty_thousand_is_certified_by_dominance():
    N, rng = 20000, np.random.default_rng(7)
    rows = np.repeat(np.arange(N), 5)
    cols = (rows + rng.integers(1, N, rows.size)) % N
    A = sparse.csr_array((np.full(rows.size, 0.15), (rows, cols)), shape=(N, N)) + sparse.eye_array(N)
    start = time.perf_counter()
    cert = uniqueness_certificate(LinearExposure(A, c=np.ones(N), L=10.0))
    assert time.perf_counter() - start < 2.0 and cert.unique and cert.certificate == "diagonal dominance (rows)"


def test_scaled_dominance_certifies_where_rows_and_columns_fail():
    A = np.array([[1.0, 0.9, 0.9, 0.0], [0.01, 1.0, 0.01, 0.0], [0.01, 0.01, 1.0, 0.0], [0.9, 0.9, 0.0, 1.0]])
    cert = uniqueness_certificate(WeightedTotalEffort(A, c=np.ones(4), L=10.0))
    assert cert.certificate == "scaled diagonal dominance" and cert.unique
    assert [c.split(":")[1].strip().split()[0] for c in cert.checked] == ["fails", "fails", "holds"]
    assert every_minor_positive(A)


def test_a_positive_definite_symmetric_part_certifies_beyond_enumeration():
    N = 30
    A = 0.1 * np.eye(N) + 0.9 * np.ones((N, N))  # not dominant in any scaling (Jacobi radius 9 (N-1))
    cert = uniqueness_certificate(WeightedTotalEffort(A, c=np.linspace(1.0, 2.0, N), L=10.0))
    assert cert.certificate == "positive definite symmetric part" and cert.unique and cert.for_every_b
    assert cert.margin == pytest.approx(0.1 / (0.1 + 0.9 * N), rel=1e-9)


def test_bad_inputs():
    with pytest.raises(ValueError, match="max_users"):
        uniqueness_certificate(TotalEffort(c=np.ones(3), L=1.0), max_users=0)
    with pytest.raises(ValueError, match="dense_limit"):
        uniqueness_certificate(TotalEffort(c=np.ones(3), L=1.0), dense_limit=0)
    with pytest.raises(TypeError, match="model"):
        uniqueness_certificate("a game")  # type: ignore[arg-type]
