"""Random instances of the paper's Section IV examples (the draws are unpublished).

The paper gives N = 10, L = $50M, costs "generated randomly" and sorted, and for Example 1
a random interdependence matrix with ``a_ii > a_ij``.  Our reading:

* unit costs ``c_i ~ U(0, s)`` i.i.d., sorted increasingly (drawn first);
* ``a_ij ~ U(0, 1)`` i.i.d., row by row, each row's maximum swapped onto the diagonal --
  exactly the law of a uniform row conditioned on its diagonal being the row maximum
  (rejection sampling would need about ``N^N`` tries per matrix);
* ``numpy.random.default_rng(seed)`` for every draw.

Large sparse networks (ours, beyond the paper): :func:`sparse_weighted_total_effort_instance`
draws the same costs and, for each user, ``degree - 1`` distinct neighbours uniformly at
random; that row holds ``degree`` i.i.d. ``U(0, 1)`` weights with its maximum on the
diagonal, so each row has Example 1's law restricted to the user and its neighbours.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from replication.core import validate
from replication.naghizadeh2014.model.risk import WeakestLink, WeightedTotalEffort

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
    """Example 1 (Section IV-A): sorted ``U(0, s)`` costs, then the random matrix ``A``.

    Parameters
    ----------
    seed : int
        The seed of the draws, >= 0.
    N : int, default 10
        The number of users.
    L : float, default 50
        The loss of every user.
    cost_scale : float, default 20
        The upper end ``s`` of the uniform costs, > 0.

    Returns
    -------
    WeightedTotalEffort
        The instance: costs sorted increasing, ``a_ii > a_ij``.

    Raises
    ------
    ValueError
        An argument out of range, named.

    Examples
    --------
    >>> from replication.naghizadeh2014 import weighted_total_effort_instance
    >>> model = weighted_total_effort_instance(0, N=3)
    >>> model.c.round(4).tolist(), model.A.round(4).tolist()
    ([0.8195, 5.3957, 12.7392], [[0.9128, 0.8133, 0.0165], [0.6066, 0.7295, 0.5436], [0.0027, 0.8159, 0.9351]])
    """
    N = validate.integer_at_least("N", N, 1, validate.MAX_USERS)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    c = sorted_costs(rng, N, validate.positive("cost_scale", cost_scale))
    return WeightedTotalEffort(dominant_diagonal_matrix(rng, N), c, L)


def sparse_weighted_total_effort_instance(
    seed: int, *, N: int, degree: int = 10, L: float = LOSS, cost_scale: float = 20.0
) -> WeightedTotalEffort:
    """Example 1's calibration on a large sparse network (ours): ``degree`` non-zeros a row.

    Sorted ``U(0, cost_scale)`` costs are drawn first; then, row by row, ``degree - 1``
    distinct neighbours ``j != i`` uniformly at random (rows drawn with a repeated
    neighbour are drawn again) and ``degree`` i.i.d. ``U(0, 1)`` weights, the row's largest
    moved onto the diagonal (``a_ii > a_ij``, as in :func:`dominant_diagonal_matrix`).
    ``A`` is a CSR ``scipy.sparse`` array.  Raises ``ValueError`` unless
    ``1 <= degree <= N``.

    Parameters
    ----------
    seed : int
        The seed of the draws, >= 0.
    N : int
        The number of users, N >= 1.
    degree : int, default 10
        The non-zeros per row of ``A``, ``1 <= degree <= N``.
    L : float, default 50
        The loss of every user.
    cost_scale : float, default 20
        The upper end of the uniform costs, > 0.

    Returns
    -------
    WeightedTotalEffort
        The instance, with a sparse ``A``.

    Raises
    ------
    ValueError
        ``degree`` outside [1, N], or another argument out of range (named).

    Examples
    --------
    >>> from replication.naghizadeh2014 import sparse_weighted_total_effort_instance
    >>> model = sparse_weighted_total_effort_instance(0, N=1000)
    >>> model.A.nnz, model.sparse
    (10000, True)
    """
    N = validate.integer_at_least("N", N, 1)
    degree = validate.integer_at_least("degree", degree, 1)
    if degree > N:
        raise ValueError(f"degree must be <= N = {N} (distinct neighbours), got {degree}")
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    c = sorted_costs(rng, N, validate.positive("cost_scale", cost_scale))
    rows = np.arange(N)
    columns = np.empty((N, degree), dtype=np.int64)
    columns[:, 0] = rows
    redraw = rows
    while redraw.size:  # j uniform on the N - 1 users other than i
        others = rng.integers(0, N - 1, size=(redraw.size, degree - 1))
        columns[redraw, 1:] = others + (others >= redraw[:, None])
        ordered = np.sort(columns[redraw, 1:], axis=1)
        redraw = redraw[(ordered[:, 1:] == ordered[:, :-1]).any(axis=1)]
    weights = rng.uniform(0.0, 1.0, size=(N, degree))
    top = weights.argmax(axis=1)
    own = weights[rows, 0].copy()
    weights[rows, 0] = weights[rows, top]
    weights[rows, top] = own
    A = sparse.csr_array((weights.ravel(), columns.ravel(), np.arange(0, N * degree + 1, degree)), shape=(N, N))
    return WeightedTotalEffort(A, c, L)


def weakly_interdependent_instance(
    seed: int, *, N: int, spillover: float, L: float = LOSS, cost_scale: float = 20.0
) -> WeightedTotalEffort:
    """Example 1's costs on a weakly interdependent network (ours, beyond the paper).

    ``a_ii = 1`` and ``a_ij ~ U(0, 2 spillover / (N - 1))`` i.i.d. off the diagonal, so each
    user's effort protects the others by ``spillover`` times what it protects itself, in
    expectation: ``spillover -> 0`` is ``N`` separate problems, ``spillover = 1`` as much
    protection for the others together as for oneself.  Costs as in
    :func:`weighted_total_effort_instance`, drawn first.

    Parameters
    ----------
    seed : int
        The seed of the draws, >= 0.
    N : int
        The number of users, N >= 2.
    spillover : float
        The expected column sum of ``A`` off the diagonal, >= 0.
    L : float, default 50
        The loss of every user.
    cost_scale : float, default 20
        The upper end of the uniform costs, > 0.

    Returns
    -------
    WeightedTotalEffort
        The instance (dense ``A``).

    Raises
    ------
    ValueError
        An argument out of range, named.

    Examples
    --------
    >>> from replication.naghizadeh2014.model.instances import weakly_interdependent_instance
    >>> model = weakly_interdependent_instance(0, N=200, spillover=0.05)
    >>> float(model.A.diagonal().min()), round(float((model.A.sum(axis=0) - 1.0).mean()), 2)
    (1.0, 0.05)
    """
    N = validate.integer_at_least("N", N, 2, validate.MAX_USERS)
    spillover = validate.nonnegative("spillover", spillover)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    c = sorted_costs(rng, N, validate.positive("cost_scale", cost_scale))
    A = rng.uniform(0.0, 2.0 * spillover / (N - 1), size=(N, N))
    np.fill_diagonal(A, 1.0)
    return WeightedTotalEffort(A, c, L)


def weakest_link_instance(
    seed: int, *, N: int = 10, L: float = LOSS, cost_scale: float = 1.0, gamma: float = 10.0
) -> WeakestLink:
    """Example 2 (Section IV-B): sorted ``U(0, s)`` costs, soft-min with parameter ``gamma``.

    Parameters
    ----------
    seed : int
        The seed of the draws, >= 0.
    N : int, default 10
        The number of users.
    L : float, default 50
        The loss of every user.
    cost_scale : float, default 1
        The upper end ``s`` of the uniform costs, > 0.
    gamma : float, default 10
        The soft minimum's sharpness, > 0.

    Returns
    -------
    WeakestLink
        The instance, costs sorted increasing.

    Raises
    ------
    ValueError
        An argument out of range, named.

    Examples
    --------
    >>> from replication.naghizadeh2014 import weakest_link_instance
    >>> model = weakest_link_instance(0, N=3)
    >>> model.c.round(4).tolist(), model.gamma
    ([0.041, 0.2698, 0.637], 10.0)
    """
    N = validate.integer_at_least("N", N, 1, validate.MAX_USERS)
    rng = np.random.default_rng(validate.integer_at_least("seed", seed, 0))
    return WeakestLink(sorted_costs(rng, N, validate.positive("cost_scale", cost_scale)), L, gamma)
