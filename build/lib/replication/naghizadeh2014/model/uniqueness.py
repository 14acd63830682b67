"""Is the Nash equilibrium of the IDS game unique?  Certificates beyond enumeration.

For the exponential-exposure models the Nash conditions are the linear complementarity
problem (R-4) with matrix ``A`` (Naghizadeh & Liu 2014, Section II); it has exactly one
solution for every right-hand side iff ``A`` is a P-matrix (Cottle, Pang & Stone 1992,
Theorem 3.3.7).  :func:`uniqueness_certificate` tries sufficient conditions for a P-matrix
from the cheapest, then the exact principal-minor test and support enumeration for small
games, and says which decided, or that none applies (our derivation of the procedure).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.naghizadeh2014.model.game import MAX_ENUMERATED_USERS, all_nash_equilibria
from replication.naghizadeh2014.model.risk import IDSModel, LinearExposure, require_model

Array = NDArray[np.float64]

#: Relative margin a sufficient condition must clear to certify (rounding cannot fake it).
CERTIFICATE_TOL = 1e-10
#: Power-iteration steps for the scaling vector of the scaled-dominance test.
SCALING_STEPS = 200


@dataclass(frozen=True)
class UniquenessCertificate:
    """What is known about the number of Nash equilibria of an IDS game, and how.

    ``unique`` is True when a certificate proves exactly one equilibrium, False when
    enumeration found several, and None when no certificate applies (nothing is claimed).
    ``certificate`` names the condition that decided (None when none did):

    * ``"diagonal dominance (rows)"`` / ``"diagonal dominance (columns)"``:
      ``a_ii > sum_{j != i} a_ij`` for every row (column);
    * ``"scaled diagonal dominance"``: ``a_ii v_i > sum_{j != i} a_ij v_j`` for a vector
      ``v > 0`` (``A`` is an H-matrix with positive diagonal);
    * ``"positive definite symmetric part"``: ``(A + A')/2`` positive definite;
    * ``"P-matrix (principal minors)"``: every principal minor of ``A`` positive;
    * ``"enumeration"``: support enumeration
      (:func:`~replication.naghizadeh2014.model.game.all_nash_equilibria`) for this game.

    The first four imply that ``A`` is a P-matrix, hence (Cottle, Pang & Stone 1992,
    Theorem 3.3.7) that the LCP (R-4) has exactly one solution for every ``b``:
    ``for_every_b`` is then True (the game has one equilibrium whatever the costs ``c``
    and losses ``L``).  Enumeration speaks for this game's ``b`` only.  ``equilibria`` is
    the number of equilibria (1 under a P-matrix certificate, the count found by
    enumeration, None when unknown); ``margin`` the certificate's margin (the smallest
    relative dominance, the smallest eigenvalue of the symmetric part over its largest,
    the smallest principal minor over its Hadamard bound); ``checked`` each condition tried,
    in order, with its outcome; ``reason`` one sentence saying what was shown.

    Attributes
    ----------
    unique : bool or None
        Whether the equilibrium is unique (None: nothing is claimed).
    certificate : str or None
        The condition that decided.
    for_every_b : bool
        Whether the verdict holds for every ``b`` (every costs and losses).
    equilibria : int or None
        The number of equilibria, where known.
    margin : float or None
        The certificate's margin.
    checked : tuple of str
        Each condition tried, with its outcome.
    reason : str
        One sentence saying what was shown.

    Examples
    --------
    >>> from replication.naghizadeh2014 import WeightedTotalEffort, uniqueness_certificate
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> found = uniqueness_certificate(model)
    >>> found.unique, found.certificate, found.for_every_b, found.equilibria, round(found.margin, 4)
    (True, 'diagonal dominance (rows)', True, 1, 0.3)
    """

    unique: bool | None
    certificate: str | None
    for_every_b: bool
    equilibria: int | None
    margin: float | None
    checked: tuple[str, ...]
    reason: str


def _dominance(A: Any, d: Array, axis: int) -> float:
    """min_i (a_ii - sum_{j != i} a_ij) / a_ii over rows (axis=1) or columns (axis=0)."""
    sums = np.asarray(A.sum(axis=axis)).ravel() - d
    return float(np.min((d - sums) / d))


def _scaled_dominance(A: Any, d: Array) -> float:
    """min_i (a_ii v_i - sum_{j != i} a_ij v_j) / (a_ii v_i) for a positive v from power
    iteration on the Jacobi matrix D^-1 (A - D) (any v > 0 with a positive margin proves
    that A is an H-matrix: A diag(v) is strictly row dominant; Collatz-Wielandt)."""
    v = np.ones(d.size)
    best = -np.inf
    for _ in range(SCALING_STEPS):
        Jv = (np.asarray(A @ v).ravel() - d * v) / d
        best = max(best, float(np.min(1.0 - Jv / v)))
        if best > CERTIFICATE_TOL:
            break
        top = float(np.max(Jv))
        if top <= 0.0:
            break
        v = np.maximum(Jv / top, 1e-12)
    return best


def _symmetric_part_margin(A: Array) -> float:
    """Smallest eigenvalue of (A + A')/2 over its largest absolute eigenvalue."""
    eig = np.linalg.eigvalsh((A + A.T) / 2.0)
    return float(eig[0] / max(np.max(np.abs(eig)), np.finfo(float).tiny))


def _principal_minor_margin(A: Array) -> float:
    """Smallest principal minor of A over its Hadamard bound (product of the rows' norms);
    positive iff every principal minor is positive (A is a P-matrix)."""
    N, worst = A.shape[0], np.inf
    for k in range(1, N + 1):
        idx = np.array(list(combinations(range(N), k)))
        blocks = A[idx[:, :, None], idx[:, None, :]]
        bound = np.prod(np.linalg.norm(blocks, axis=2), axis=1)
        worst = min(worst, float(np.min(np.linalg.det(blocks) / bound)))
    return worst


def uniqueness_certificate(model: IDSModel, *, max_users: int = 14, dense_limit: int = 2000) -> UniquenessCertificate:
    """Whether the IDS game has exactly one Nash equilibrium, and which certificate says so.

    For the exponential-exposure models (:class:`~replication.naghizadeh2014.model.risk.LinearExposure`)
    the Nash conditions are the LCP (R-4) with matrix ``A``; its solution is unique for
    every ``b`` iff ``A`` is a P-matrix (Cottle, Pang & Stone 1992, Theorem 3.3.7).  The
    conditions are tried from the cheapest (our derivation of the order; each is
    sufficient for a P-matrix):

    1. strict diagonal dominance of the rows, then of the columns (``O(nnz)``, any ``N``,
       sparse ``A`` included);
    2. scaled diagonal dominance: ``A diag(v)`` row dominant for a ``v > 0`` found by power
       iteration (an H-matrix; ``O(nnz)`` per step, any ``N``);
    3. a positive definite symmetric part (dense eigenvalues; ``N <= dense_limit``);
    4. every principal minor positive (the exact P-matrix test; ``2^N`` determinants,
       ``N <= max_users``);
    5. support enumeration of this game's equilibria
       (:func:`~replication.naghizadeh2014.model.game.all_nash_equilibria`,
       ``N <= max_users``): unique iff exactly one is found, and ``unique=False`` when
       several are.

    A sufficient condition certifies only with a relative margin above
    :data:`CERTIFICATE_TOL`.  When none applies (``N > max_users`` and no sufficient
    condition holds, or a model that is not an LCP, such as the weakest link) the result
    says so: ``unique`` is None, never True.

    Parameters
    ----------
    model
        An IDS game.
    max_users
        Largest ``N`` for the principal-minor test and enumeration (at most
        :data:`~replication.naghizadeh2014.model.game.MAX_ENUMERATED_USERS`).
    dense_limit
        Largest ``N`` for the eigenvalue test on a dense copy of ``A``.

    Returns
    -------
    UniquenessCertificate

    Raises
    ------
    TypeError
        Naming ``model`` when it is not an IDS game.
    ValueError
        Naming ``max_users`` or ``dense_limit`` when out of range.

    Examples
    --------
    >>> from replication.naghizadeh2014 import weighted_total_effort_instance
    >>> cert = uniqueness_certificate(weighted_total_effort_instance(16))
    >>> cert.unique, cert.certificate, cert.equilibria
    (False, 'enumeration', 3)
    >>> import numpy as np
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> A = np.eye(50) + 0.9 / 49 * (np.ones((50, 50)) - np.eye(50))
    >>> cert = uniqueness_certificate(WeightedTotalEffort(A, c=np.linspace(1, 2, 50), L=10.0))
    >>> cert.unique, cert.certificate, cert.for_every_b
    (True, 'diagonal dominance (rows)', True)
    """
    require_model(model)
    max_users = validate.integer_at_least("max_users", max_users, 1, MAX_ENUMERATED_USERS)
    dense_limit = validate.integer_at_least("dense_limit", dense_limit, 1, validate.MAX_COUNT)
    if not isinstance(model, LinearExposure):
        return UniquenessCertificate(
            None,
            None,
            False,
            None,
            None,
            (),
            f"no certificate applies: the {type(model).__name__} game is not a linear complementarity "
            "problem, and neither a P-matrix condition nor enumeration is available for it",
        )
    A, d = model.A, model.own_weights()
    checked: list[str] = []

    def p_matrix(name: str, margin: float) -> UniquenessCertificate:
        checked.append(f"{name}: holds (margin {margin:.3g})")
        return UniquenessCertificate(
            True,
            name,
            True,
            1,
            margin,
            tuple(checked),
            f"{name} makes A a P-matrix: exactly one Nash equilibrium for every b (any costs and losses)",
        )

    for name, margin_of in (
        ("diagonal dominance (rows)", lambda: _dominance(A, d, 1)),
        ("diagonal dominance (columns)", lambda: _dominance(A, d, 0)),
        ("scaled diagonal dominance", lambda: _scaled_dominance(A, d)),
    ):
        margin = margin_of()
        if margin > CERTIFICATE_TOL:
            return p_matrix(name, margin)
        checked.append(f"{name}: fails (margin {margin:.3g})")
    dense = A.toarray() if model.sparse and model.N <= max(dense_limit, max_users) else (None if model.sparse else A)
    if dense is not None and model.N <= dense_limit:
        margin = _symmetric_part_margin(dense)
        if margin > CERTIFICATE_TOL:
            return p_matrix("positive definite symmetric part", margin)
        checked.append(f"positive definite symmetric part: fails (margin {margin:.3g})")
    else:
        checked.append(f"positive definite symmetric part: not tried (N = {model.N} > dense_limit = {dense_limit})")
    if model.N > max_users:
        checked.append(f"principal minors and enumeration: not tried (N = {model.N} > max_users = {max_users})")
        return UniquenessCertificate(
            None,
            None,
            False,
            None,
            None,
            tuple(checked),
            f"no certificate applies: no sufficient P-matrix condition holds and N = {model.N} is beyond "
            f"enumeration (max_users = {max_users}); uniqueness is not certified",
        )
    assert dense is not None
    margin = _principal_minor_margin(dense)
    if margin > CERTIFICATE_TOL:
        return p_matrix("P-matrix (principal minors)", margin)
    checked.append(f"P-matrix (principal minors): fails (margin {margin:.3g})")
    found = len(all_nash_equilibria(model, max_users=max_users))
    checked.append(f"enumeration: {found} equilibria")
    if found == 1:
        reason = "support enumeration finds exactly one Nash equilibrium for this game's b (A is not a P-matrix)"
    elif found > 1:
        reason = f"support enumeration finds {found} Nash equilibria: the equilibrium is not unique"
    else:
        reason = "support enumeration finds no isolated equilibrium (a degenerate game); uniqueness is not certified"
    return UniquenessCertificate(
        True if found == 1 else (False if found > 1 else None),
        "enumeration",
        False,
        found,
        None,
        tuple(checked),
        reason,
    )
