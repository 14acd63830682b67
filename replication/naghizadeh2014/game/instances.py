"""Random instances of the paper's Section IV examples (the draws are unpublished).

The paper gives N = 10, L = $50M, costs "generated randomly" and sorted, and for Example 1
a random interdependence matrix with ``a_ii > a_ij``.  Our reading:

* unit costs ``c_i ~ U(0, s)`` i.i.d., sorted increasingly (drawn first);
* ``a_ij ~ U(0, 1)`` i.i.d., row by row, each row's maximum swapped onto the diagonal --
  exactly the law of a uniform row conditioned on its diagonal being the row maximum
  (rejection sampling would need about ``N^N`` tries per matrix);
* ``numpy.random.default_rng(seed)`` for every draw.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.naghizadeh2014.game.models import WeakestLink, WeightedTotalEffort

#: Loss on a breach in both examples ($M, Section IV).
LOSS = 50.0


def sorted_costs(rng: np.random.Generator, N: int, cost_scale: float) -> NDArray[np.float64]:
    """``N`` unit costs drawn i.i.d. from ``U(0, cost_scale)``, sorted increasingly."""
    return np.sort(rng.uniform(0.0, cost_scale, size=N))


def dominant_diagonal_matrix(rng: np.random.Generator, N: int) -> NDArray[np.float64]:
    """Uniform ``N x N`` matrix, each row's maximum moved onto the diagonal (``a_ii > a_ij``)."""
    A = rng.uniform(0.0, 1.0, size=(N, N))
    rows = np.arange(N)
    top = A.argmax(axis=1)
    diagonal = A[rows, rows].copy()
    A[rows, rows] = A[rows, top]
    A[rows, top] = diagonal
    return A


def weighted_total_effort_instance(
    seed: int, *, N: int = 10, L: float = LOSS, cost_scale: float = 20.0
) -> WeightedTotalEffort:
    """Example 1 (Section IV-A): sorted ``U(0, s)`` costs, then the random matrix ``A``."""
    N = validate.integer_at_least("N", N, 1, validate.MAX_USERS)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    c = sorted_costs(rng, N, validate.positive("cost_scale", cost_scale))
    return WeightedTotalEffort(dominant_diagonal_matrix(rng, N), c, L)


def weakest_link_instance(
    seed: int, *, N: int = 10, L: float = LOSS, cost_scale: float = 1.0, gamma: float = 10.0
) -> WeakestLink:
    """Example 2 (Section IV-B): sorted ``U(0, s)`` costs, soft-min with parameter ``gamma``."""
    N = validate.integer_at_least("N", N, 1, validate.MAX_USERS)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    return WeakestLink(sorted_costs(rng, N, validate.positive("cost_scale", cost_scale)), L, gamma)
