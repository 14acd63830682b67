"""One problem set for the tests and the benchmarks: named games for the IDS solvers.

The tests solve every member of size ``"test"`` and certify the answers (KKT residuals of
the social optimum, complementarity of the Nash equilibrium); ``make bench`` times the members
of size ``"bench"`` against SciPy.  Both take their games from here, so a benchmark times only
games of families the tests certify, drawn by the same builders.

Families (every draw seeded; the paper publishes none):

* ``example1``: Naghizadeh & Liu's Example 1 calibration
  (:func:`~replication.naghizadeh2014.model.instances.weighted_total_effort_instance`): few
  investors at the social optimum;
* ``weak``: weakly interdependent users
  (:func:`~replication.naghizadeh2014.model.instances.weakly_interdependent_instance`), many
  investors;
* ``sparse``: Example 1's law on a sparse network
  (:func:`~replication.naghizadeh2014.model.instances.sparse_weighted_total_effort_instance`);
* ``long-path``: equal costs and a diagonal barely above each row's largest entry
  (:func:`long_path_game`), where Lemke's complementary path is long.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from replication.core import validate
from replication.naghizadeh2014.model.instances import (
    sparse_weighted_total_effort_instance,
    weakly_interdependent_instance,
    weighted_total_effort_instance,
)
from replication.naghizadeh2014.model.risk import WeightedTotalEffort

__all__ = ["FAMILIES", "PROBLEMS", "SIZES", "Problem", "long_path_game", "problems"]

#: The families of the set, in the order the benchmarks report them.
FAMILIES = ("example1", "weak", "sparse", "long-path")
#: What a member is for: certified by the tests, or timed by the benchmarks.
SIZES = ("test", "bench")


@dataclass(frozen=True)
class Problem:
    """One named game of the set.

    Attributes
    ----------
    name : str
        A unique name, e.g. ``"example1 N=1000 seed=0"``.
    family : str
        One of :data:`FAMILIES`.
    size : str
        ``"test"`` or ``"bench"``.
    N : int
        The number of users.
    build : callable
        Returns the game (a new object at each call).
    """

    name: str
    family: str
    size: str
    N: int
    build: Callable[[], WeightedTotalEffort]


def long_path_game(N: int, seed: int) -> WeightedTotalEffort:
    """Equal unit costs ``c = 1``, ``L = 20``, ``a_ij ~ U(0, 1)`` off the diagonal and
    ``a_ii = 1.1 max_j a_ij``: the diagonal barely dominates, so Lemke's path on the Nash LCP
    (R-4) is long (tens of thousands of pivots at N = 200 for some draws).

    Parameters
    ----------
    N : int
        The number of users, >= 2.
    seed : int
        The seed of the draw, >= 0.

    Returns
    -------
    WeightedTotalEffort
        The game (dense ``A``).

    Examples
    --------
    >>> from replication.problems import long_path_game
    >>> model = long_path_game(4, 0)
    >>> bool((model.A.diagonal() > 1.09 * (model.A - np.diag(model.A.diagonal())).max(axis=1)).all())
    True
    """
    N = validate.integer_at_least("N", N, 2, validate.MAX_USERS)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    A = rng.uniform(0.0, 1.0, (N, N))
    np.fill_diagonal(A, 0.0)
    np.fill_diagonal(A, 1.1 * A.max(axis=1))
    return WeightedTotalEffort(A, np.ones(N), 20.0)


def _members() -> tuple[Problem, ...]:
    """Every member of the set, family by family."""
    rows: list[Problem] = []

    def add(family: str, size: str, N: int, label: str, build: Callable[[], WeightedTotalEffort]) -> None:
        rows.append(Problem(f"{family} N={N} {label}", family, size, N, build))

    for size, N, seeds in (("test", 10, 5), ("test", 50, 2), ("bench", 100, 5), ("bench", 1000, 4)):
        for seed in range(seeds):
            add("example1", size, N, f"seed={seed}", partial(weighted_total_effort_instance, seed, N=N))
    for size, N, spillovers in (("test", 120, (0.01, 0.5)), ("bench", 1000, (0.5, 0.05, 0.005))):
        for spillover in spillovers:
            for seed in range(2):
                build = partial(weakly_interdependent_instance, seed, N=N, spillover=spillover)
                add("weak", size, N, f"spillover={spillover:g} seed={seed}", build)
    for size, N, seeds in (("test", 300, 2), ("bench", 10_000, 3), ("bench", 100_000, 1)):
        for seed in range(seeds):
            add("sparse", size, N, f"seed={seed}", partial(sparse_weighted_total_effort_instance, seed, N=N))
    for size, N, seeds in (("test", 12, 3), ("bench", 50, 3), ("bench", 200, 3)):
        for seed in range(seeds):
            add("long-path", size, N, f"seed={seed}", partial(long_path_game, N, seed))
    return tuple(rows)


#: The whole set.
PROBLEMS: tuple[Problem, ...] = _members()


def problems(family: str | None = None, *, size: str | None = None, N: int | None = None) -> list[Problem]:
    """The members of :data:`PROBLEMS` of a ``family``, a ``size`` and a number of users ``N``
    (each filter left out by ``None``), in the set's order.

    Raises ValueError for an unknown family or size.

    Examples
    --------
    >>> from replication.problems import problems
    >>> [p.name for p in problems("example1", size="bench", N=1000)]
    ['example1 N=1000 seed=0', 'example1 N=1000 seed=1', 'example1 N=1000 seed=2', 'example1 N=1000 seed=3']
    >>> model = problems("weak", size="test")[0].build()
    >>> model.N
    120
    """
    if family is not None:
        validate.one_of("family", family, FAMILIES)
    if size is not None:
        validate.one_of("size", size, SIZES)
    return [
        p
        for p in PROBLEMS
        if (family is None or p.family == family) and (size is None or p.size == size) and (N is None or p.N == N)
    ]
