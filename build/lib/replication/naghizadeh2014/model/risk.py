"""Risk models of the interdependent security (IDS) game of Naghizadeh & Liu (2014), Section II.

User ``i`` chooses an effort ``x_i >= 0`` at the linear cost ``h_i(x_i) = c_i x_i`` (the
paper's Section IV) and is breached with probability ``f_i(x)``, losing ``L_i``.  Its cost
(the negative of the paper's utility, eq. 1) is

    C_i(x) = L_i f_i(x) + c_i x_i.

Every model here provides the derivatives the solvers need:

* ``risk_jacobian(x)[i, j] = d f_i / d x_j`` (negative off the diagonal: the positive
  externality of security);
* ``weighted_risk_hessian(x, w) = sum_i w_i * Hessian(f_i)(x)``, the curvature of any
  weighted sum of expected losses (social cost, a coalition's cost);
* ``own_gradient(x)[i] = d C_i / d x_i`` and its Jacobian, which define the Nash
  equilibrium conditions (R-1), our derivation.

Risks are defined for every real ``x`` (the mechanism's average proposal can leave the
non-negative orthant, see :mod:`replication.naghizadeh2014.model.mechanism`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from replication.core import validate

Array = NDArray[np.float64]


class IDSModel(ABC):
    """An IDS game with linear effort costs ``c`` and losses ``L`` (paper eq. 1).

    Parameters
    ----------
    c : array_like, shape (N,)
        Each user's cost of one unit of effort, c > 0.
    L : float or array_like, shape (N,)
        Each user's loss from a breach, L > 0 (a scalar for every user alike).

    Raises
    ------
    ValueError
        ``c`` empty or not positive, or ``L`` not positive or of another length, naming the argument.

    Examples
    --------
    >>> import numpy as np
    >>> from replication.naghizadeh2014 import IDSModel, WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> isinstance(model, IDSModel), model.N
    (True, 3)
    >>> np.round(model.costs([0.5, 0.5, 0.5]), 4).tolist()  # C_i = L_i f_i(x) + c_i x_i
    [4.7741, 5.2741, 6.7205]
    """

    def __init__(self, c: ArrayLike, L: ArrayLike | float) -> None:
        self.c: Array = validate.array("c", c, shape=(None,), positive=True)
        if self.c.size == 0:
            raise ValueError("c must have at least one entry (one unit cost per user)")
        self.N: int = int(self.c.size)
        L_arr = validate.array("L", L, positive=True)
        if L_arr.ndim == 0:
            L_arr = np.full(self.N, float(L_arr))
        if L_arr.shape != (self.N,):
            raise ValueError(f"L must be a scalar or have shape ({self.N},) like c, got {L_arr.shape}")
        self.L: Array = L_arr

    # -- the model ---------------------------------------------------------------------
    @abstractmethod
    def risk(self, x: ArrayLike) -> Array:
        """Breach probabilities ``f_i(x)``, shape (N,)."""

    @abstractmethod
    def risk_jacobian(self, x: ArrayLike) -> Array:
        """``J[i, j] = d f_i / d x_j``, shape (N, N)."""

    @abstractmethod
    def weighted_risk_hessian(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``sum_i w_i * Hessian(f_i)(x)``, shape (N, N)."""

    def weighted_risk_hessian_block(self, x: ArrayLike, w: ArrayLike, block: ArrayLike) -> Array:
        """The rows and columns ``block`` of :meth:`weighted_risk_hessian` (what the solvers
        need on their working set); models override it when the block is cheaper alone."""
        cols = np.asarray(block, dtype=int)
        return self.weighted_risk_hessian(x, w)[np.ix_(cols, cols)]

    @abstractmethod
    def own_gradient_jacobian(self, x: ArrayLike) -> Array:
        """``G[i, j] = d^2 C_i / (d x_i d x_j)``: Jacobian of :meth:`own_gradient`."""

    # -- derived quantities -----------------------------------------------------------
    def profile(self, x: ArrayLike, name: str = "x") -> Array:
        """A copy of ``x`` validated as a finite vector of shape (N,) (see :meth:`vector`)."""
        return self.vector(x, name).copy()

    def vector(self, x: ArrayLike, name: str = "x") -> Array:
        """``x`` validated as a finite vector of shape (N,), not copied: for read-only use.

        A finite float64 array of the right shape is returned as it is (the solvers call
        this on every iterate); anything else goes through
        :func:`replication.core.validate.array`, which names what is wrong.
        """
        if isinstance(x, np.ndarray) and x.dtype == np.float64 and x.shape == (self.N,) and np.isfinite(x).all():
            return x
        return validate.array(name, x, shape=(self.N,))

    def effort_scale(self) -> Array:
        """Each user's own unit of effort, over which its risk falls by a factor e when it
        acts alone: 1 unless the model says otherwise.  Solvers measure residuals in these
        units, so a game written in other units of effort gets the same answer."""
        return np.ones(self.N)

    def money_scale(self) -> float:
        """The game's own unit of money: the largest cost ``c_i s_i`` of one unit of effort
        (``s`` the :meth:`effort_scale`).  Solvers measure gradients, and the participation
        tests their ties, in this unit, so the same game in another unit of money gets the
        same answer in that unit."""
        return float(np.max(self.c * self.effort_scale()))

    def costs(self, x: ArrayLike) -> Array:
        """Per-user cost ``C_i(x) = L_i f_i(x) + c_i x_i`` (paper eq. 1, sign flipped).

        Parameters
        ----------
        x : array_like, shape (N,)
            The efforts.

        Returns
        -------
        ndarray, shape (N,)
            Each user's cost (money).

        Raises
        ------
        ValueError
            ``x`` not a finite vector of shape (N,).

        Examples
        --------
        >>> from replication.naghizadeh2014 import WeightedTotalEffort
        >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
        >>> model.costs([0.5, 0.5, 0.5]).round(4).tolist()
        [4.7741, 5.2741, 6.7205]
        """
        xa = self.vector(x)
        return self.L * self.risk(xa) + self.c * xa

    def expected_losses(self, x: ArrayLike) -> Array:
        """``L_i f_i(x)``."""
        return self.L * self.risk(x)

    def expenditures(self, x: ArrayLike) -> Array:
        """Security spending ``c_i x_i``."""
        return self.c * self.vector(x)

    def cost_jacobian(self, x: ArrayLike) -> Array:
        """``D[i, j] = d C_i / d x_j = L_i d f_i / d x_j + c_i [i = j]``."""
        D = self.L[:, None] * self.risk_jacobian(x)
        D[np.diag_indices(self.N)] += self.c
        return D

    def own_gradient(self, x: ArrayLike) -> Array:
        """``d C_i / d x_i`` for every ``i``: the Nash condition (R-1) reads min(x, this) = 0."""
        return np.diagonal(self.cost_jacobian(x)).copy()

    def weighted_risk_gradient(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``sum_i w_i grad f_i(x)`` (the gradient of a weighted sum of risks)."""
        return self.risk_jacobian(x).T @ validate.array("w", w, shape=(self.N,))

    def social_cost(self, x: ArrayLike) -> float:
        """``sum_i C_i(x)``: the objective of the centralised problem (paper eq. 2).

        Parameters
        ----------
        x : array_like, shape (N,)
            The efforts.

        Returns
        -------
        float
            The summed cost (money).

        Raises
        ------
        ValueError
            ``x`` not a finite vector of shape (N,).

        Examples
        --------
        >>> from replication.naghizadeh2014 import WeightedTotalEffort
        >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
        >>> round(model.social_cost([0.5, 0.5, 0.5]), 4)
        16.7688
        """
        return float(self.costs(x).sum())

    def parameters(self) -> dict[str, Any]:
        """The model's parameters (for display and caching)."""
        return {"c": self.c, "L": self.L}


def require_model(
    model: Any, kind: type[IDSModel] | None = None, what: str = "an IDS game (an IDSModel such as WeightedTotalEffort)"
) -> IDSModel:
    """``model`` if it is an :class:`IDSModel` (of ``kind`` when given); ``TypeError`` otherwise."""
    return validate.instance("model", model, kind or IDSModel, what)


#: Games with at least this many users compute exposures from the non-zero efforts only.
SPARSE_FROM = 64


class LinearExposure(IDSModel):
    """Risks ``f_i(x) = exp(-(A x)_i)`` (paper eq. 18) for a non-negative matrix ``A``.

    ``A`` may be a ``scipy.sparse`` matrix (a large network with few links per user): it is
    then stored as a CSR array, the Jacobians and Hessians are returned sparse, and the
    solvers take their sparse paths (see :func:`~replication.naghizadeh2014.model.game.social_optimum`
    and :func:`~replication.naghizadeh2014.model.game.nash_equilibrium`).

    Nash equilibria solve the linear complementarity problem (R-4):
    ``x >= 0, A x - b >= 0, x'(A x - b) = 0`` with ``b_i = ln(L_i a_ii / c_i)``.

    Parameters
    ----------
    A : array_like or scipy.sparse array, shape (N, N)
        The dependence matrix, non-negative with a positive diagonal.
    c : array_like, shape (N,)
        Each user's cost of one unit of effort, c > 0.
    L : float or array_like, shape (N,)
        Each user's loss from a breach, L > 0.

    Raises
    ------
    ValueError
        ``A`` negative, of the wrong shape or with a diagonal entry <= 0; ``c`` or ``L`` as
        :class:`IDSModel`.

    Examples
    --------
    >>> from replication.naghizadeh2014 import LinearExposure, nash_equilibrium
    >>> model = LinearExposure([[1.0, 0.5], [0.5, 1.0]], c=[1.0, 1.0], L=10.0)
    >>> nash_equilibrium(model).x.round(4).tolist()
    [1.5351, 1.5351]
    """

    def __init__(self, A: ArrayLike, c: ArrayLike, L: ArrayLike | float) -> None:
        super().__init__(c, L)
        #: ``A`` is stored sparse (a CSR ``scipy.sparse`` array) when it was given sparse
        self.sparse: bool = bool(sparse.issparse(A))
        #: the dependence matrix: a float array, or a CSR ``scipy.sparse`` array
        self.A: Any
        if self.sparse:
            self.A = validate.sparse_matrix("A", A, shape=(self.N, self.N), nonnegative=True)
            self._diagonal: Array = self.A.diagonal()
        else:
            self.A = validate.array("A", A, shape=(self.N, self.N), nonnegative=True)
        if (self.own_weights() <= 0).any():
            raise ValueError("A must have a positive diagonal (own effort must reduce own risk)")

    def own_weights(self) -> Array:
        """The diagonal ``a_ii`` of ``A`` (a read-only view for a dense ``A``)."""
        return self._diagonal if self.sparse else np.diagonal(self.A)

    def effort_scale(self) -> Array:
        """``1 / a_ii``: own effort ``1/a_ii`` lowers own exposure by one."""
        return 1.0 / self.own_weights()

    def exposure(self, x: ArrayLike) -> Array:
        """``(A x)_i``: the weighted effort protecting user ``i`` (from the non-zero efforts
        only when they are few, as at a social optimum)."""
        xa = self.vector(x)
        if self.sparse:
            return np.asarray(self.A @ xa)
        if self.N >= SPARSE_FROM:
            active = np.flatnonzero(xa)
            if active.size * 4 < self.N:
                return self.A[:, active] @ xa[active]
        return self.A @ xa

    def risk(self, x: ArrayLike) -> Array:
        return np.exp(-self.exposure(x))

    def _rows_scaled(self, v: Array) -> Array:
        """``diag(v) A``, sparse when ``A`` is."""
        return sparse.diags_array(v) @ self.A if self.sparse else v[:, None] * self.A

    def risk_jacobian(self, x: ArrayLike) -> Array:
        """``-diag(f) A`` (sparse when ``A`` is)."""
        return self._rows_scaled(-self.risk(x))

    def cost_jacobian(self, x: ArrayLike) -> Array:
        if not self.sparse:
            return super().cost_jacobian(x)
        return (self._rows_scaled(-self.L * self.risk(x)) + sparse.diags_array(self.c)).tocsr()

    def weighted_risk_gradient(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``-A' (w f)``."""
        return -np.asarray(self.A.T @ (self.vector(w, "w") * self.risk(x)))

    def weighted_risk_hessian(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``A' diag(w f) A`` since ``Hessian(f_i) = f_i a_i a_i'`` (sparse when ``A`` is)."""
        weights = self.vector(w, "w") * self.risk(x)
        if self.sparse:
            return (self.A.T @ self._rows_scaled(weights)).tocsr()
        return self.A.T @ (weights[:, None] * self.A)

    def weighted_risk_hessian_block(self, x: ArrayLike, w: ArrayLike, block: ArrayLike) -> Array:
        """``A_B' diag(w f) A_B`` for the columns ``B = block`` of ``A`` (sparse when ``A`` is)."""
        if self.sparse:
            return self.weighted_risk_hessian(x, w)[np.ix_(np.asarray(block, dtype=int), np.asarray(block, dtype=int))]
        columns = self.A[:, np.asarray(block, dtype=int)]
        weights = self.vector(w, "w") * self.risk(x)
        return columns.T @ (weights[:, None] * columns)

    def own_gradient(self, x: ArrayLike) -> Array:
        """``c_i - L_i a_ii f_i(x)``."""
        return self.c - self.L * self.own_weights() * self.risk(x)

    def own_gradient_jacobian(self, x: ArrayLike) -> Array:
        """``L_i a_ii f_i(x) a_ij`` (sparse when ``A`` is)."""
        return self._rows_scaled(self.L * self.own_weights() * self.risk(x))

    def nash_lcp(self) -> tuple[Array, Array]:
        """``(M, q) = (A, -b)``, ``b_i = ln(L_i a_ii / c_i)``: the Nash LCP (R-4)."""
        b = np.log(self.L * self.own_weights() / self.c)
        return self.A, -b

    def parameters(self) -> dict[str, Any]:
        return {"A": self.A, **super().parameters()}


class WeightedTotalEffort(LinearExposure):
    """Example 1 of the paper: ``f_i(x) = exp(-sum_j a_ij x_j)`` (eq. 18).

    Assumptions checked: ``A >= 0`` and ``a_ii > a_ij`` for ``j != i`` (a user's security
    depends most on its own effort, Section IV-A).

    Parameters
    ----------
    A : array_like or scipy.sparse array, shape (N, N)
        The dependence matrix: ``A >= 0`` and ``a_ii > a_ij`` for ``j != i``.
    c : array_like, shape (N,)
        Each user's cost of one unit of effort, c > 0.
    L : float or array_like, shape (N,)
        Each user's loss from a breach, L > 0.

    Raises
    ------
    ValueError
        A row whose diagonal entry is not its largest, or as :class:`LinearExposure`.

    Examples
    --------
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> model.risk([0.5, 0.5, 0.5]).round(4).tolist()
    [0.4274, 0.4274, 0.522]
    """

    def __init__(self, A: ArrayLike, c: ArrayLike, L: ArrayLike | float) -> None:
        super().__init__(A, c, L)
        if self.sparse:  # the largest stored off-diagonal entry of each row (absent ones are 0)
            off_max = (self.A - sparse.diags_array(self._diagonal)).max(axis=1).toarray()
        else:
            off = self.A - np.diag(np.full(self.N, np.inf))
            off_max = off.max(axis=1)
        bad = np.flatnonzero(off_max >= self.own_weights()) if self.N > 1 else np.array([], dtype=np.intp)
        if len(bad):
            i = int(bad[0])
            raise ValueError(
                f"A must satisfy a_ii > a_ij for j != i (own effort matters most); "
                f"row {i} has a_ii = {self.own_weights()[i]} <= max off-diagonal {off_max[i]}"
            )


class TotalEffort(LinearExposure):
    """Total effort (Section V-B, eq. 19): ``f_i(x) = exp(-sum_j x_j)`` for every user.

    Parameters
    ----------
    c : array_like, shape (N,)
        Each user's cost of one unit of effort, c > 0.
    L : float or array_like, shape (N,)
        Each user's loss from a breach, L > 0.

    Raises
    ------
    ValueError
        As :class:`IDSModel`.

    Examples
    --------
    >>> from replication.naghizadeh2014 import TotalEffort, nash_equilibrium, social_optimum
    >>> model = TotalEffort([1.0, 2.0, 3.0], 10.0)
    >>> nash_equilibrium(model).x.round(4).tolist(), social_optimum(model).x.round(4).tolist()
    ([2.3026, 0.0, 0.0], [3.4012, 0.0, 0.0])
    """

    def __init__(self, c: ArrayLike, L: ArrayLike | float) -> None:
        c_arr = validate.array("c", c, shape=(None,), positive=True)
        super().__init__(np.ones((c_arr.size, c_arr.size)), c_arr, L)

    def parameters(self) -> dict[str, Any]:
        return IDSModel.parameters(self)


class WeakestLink(IDSModel):
    """Example 2 of the paper: the weakest link through a soft minimum (Section IV-B).

    ``min_j x_j ~ -(1/gamma) ln sum_j exp(-gamma x_j)``, hence the common risk
    ``f(x) = (sum_j exp(-gamma x_j))^(1/gamma)`` for every user.  With the soft-min weights
    ``w_j = exp(-gamma x_j) / sum_k exp(-gamma x_k)``:
    ``d f / d x_j = -f w_j`` and ``Hessian(f) = f (gamma diag(w) - (gamma - 1) w w')``.

    Parameters
    ----------
    c : array_like, shape (N,)
        Each user's cost of one unit of effort, c > 0.
    L : float or array_like, shape (N,)
        Each user's loss from a breach, L > 0.
    gamma : float
        The soft minimum's sharpness, gamma > 0 (the exact minimum as gamma grows).

    Raises
    ------
    ValueError
        ``gamma`` <= 0, or ``c`` and ``L`` as :class:`IDSModel`.

    Examples
    --------
    >>> from replication.naghizadeh2014 import WeakestLink, nash_equilibrium, social_optimum
    >>> model = WeakestLink([1.0, 2.0, 3.0], 10.0, 10.0)
    >>> nash_equilibrium(model).x.round(4).tolist(), social_optimum(model).x.round(4).tolist()
    ([0.69, 0.6207, 0.5801], [1.7886, 1.7193, 1.6788])
    """

    def __init__(self, c: ArrayLike, L: ArrayLike | float, gamma: float) -> None:
        super().__init__(c, L)
        self.gamma: float = validate.positive("gamma", gamma)

    def weights(self, x: ArrayLike) -> Array:
        """Soft-min weights ``w_j`` (they sum to one), shifted by the largest exponent as
        ``scipy.special.softmax`` does (NumPy directly: the solvers call this often)."""
        v = -self.gamma * self.vector(x)
        e = np.exp(v - v.max())
        return e / e.sum()

    def common_risk(self, x: ArrayLike) -> float:
        """``f(x) = exp(logsumexp(-gamma x) / gamma)``, the log-sum shifted by its largest term."""
        v = -self.gamma * self.vector(x)
        top = float(v.max())
        return float(np.exp((top + np.log(np.exp(v - top).sum())) / self.gamma))

    def risk(self, x: ArrayLike) -> Array:
        return np.full(self.N, self.common_risk(x))

    def risk_jacobian(self, x: ArrayLike) -> Array:
        row = -self.common_risk(x) * self.weights(x)
        return np.tile(row, (self.N, 1))

    def _risk_hessian(self, x: ArrayLike) -> Array:
        w = self.weights(x)
        return self.common_risk(x) * (self.gamma * np.diag(w) - (self.gamma - 1.0) * np.outer(w, w))

    def weighted_risk_gradient(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``-(sum_i w_i) f(x) w(x)``."""
        total = float(validate.array("w", w, shape=(self.N,)).sum())
        return -total * self.common_risk(x) * self.weights(x)

    def weighted_risk_hessian(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``(sum_i w_i) Hessian(f)(x)``."""
        total = float(validate.array("w", w, shape=(self.N,)).sum())
        return total * self._risk_hessian(x)

    def own_gradient(self, x: ArrayLike) -> Array:
        """``c_i - L_i f(x) w_i(x)``."""
        return self.c - self.L * self.common_risk(x) * self.weights(x)

    def own_gradient_jacobian(self, x: ArrayLike) -> Array:
        return self.L[:, None] * self._risk_hessian(x)

    def parameters(self) -> dict[str, Any]:
        return {**super().parameters(), "gamma": self.gamma}
