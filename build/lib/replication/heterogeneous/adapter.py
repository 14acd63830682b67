"""The network of unequal firms as an IDS game of Naghizadeh & Liu (2014): an adapter (ours).

Naghizadeh & Liu's mechanism, Nash equilibrium, social optimum and participation analysis
run on any :class:`~replication.naghizadeh2014.model.risk.IDSModel`.  :class:`NetworkIDSModel`
turns a :class:`~replication.heterogeneous.firms.Firms` network (untargeted risk) into one:

* efforts are investments, ``x_i = z_i`` (money), at the linear cost ``h_i(x_i) = x_i``
  (``c_i = 1``, Naghizadeh & Liu Section IV);
* user i's risk is the network's breach probability
  ``f_i(x) = P_i(x) = 1 - prod_k m_ik``, ``m_ik = 1 - Q_ik p_k(x_k)``, with ``Q_ii = 1`` and
  ``Q_ik = q[i, k]`` off the diagonal (:mod:`replication.heterogeneous.firms`);
* users are risk neutral, as in Naghizadeh & Liu: the firms' risk aversions ``r`` play no
  part, and user i's cost is ``C_i(x) = L_i P_i(x) + x_i``.  The social cost
  ``sum_i C_i`` is then the uninsured planner's objective of
  :func:`replication.heterogeneous.equilibrium.planner` (``insured=False``).

**Derivatives (our derivation).**  With ``S_i = 1 - P_i = prod_k m_ik``,
``D_ik = Q_ik p_k'(x_k)`` and ``R_ik = D_ik / m_ik``:

    dP_i/dx_k = S_i R_ik,
    d2P_i/dx_k dx_l = -S_i R_ik R_il  (k != l),      d2P_i/dx_k^2 = S_i Q_ik p_k''(x_k) / m_ik.

**Negative efforts.**  The mechanism's literal average proposal (eq. 6) can be negative
(its repaired outcome projects it onto ``x >= 0``), and the IDS models define risks for every
real effort.  The breach families of :mod:`replication.security.breach` are defined on
``z >= 0`` only, so for ``x_k < 0`` the adapter uses their second-order Taylor expansion at 0,
``p_k(x) = p_k(0) + p_k'(0) x + p_k''(0) x^2 / 2``: it has the same value and first two
derivatives at 0 (so every formula above stays continuous to second order), and stays
decreasing and convex.  It is a device for evaluating the mechanism off the orthant, not a
model of negative investment; for strongly negative efforts it exceeds 1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from replication.core import validate
from replication.heterogeneous.firms import Array, Firms
from replication.naghizadeh2014.model.risk import IDSModel


class NetworkIDSModel(IDSModel):
    """A :class:`~replication.heterogeneous.firms.Firms` network as a risk-neutral IDS game (module docstring).

    Parameters
    ----------
    firms
        An untargeted network of n firms; their losses ``L`` are the users' losses and their
        breach families give the risks.  Risk aversions are ignored (risk-neutral users).

    Raises ``TypeError`` naming ``firms`` if it is not a
    :class:`~replication.heterogeneous.firms.Firms`, ``ValueError`` naming
    it for a targeted network (Naghizadeh & Liu's risks are functions of the effort profile
    through a fixed dependence structure; the targeted form has no such finite extension at 0).

    Examples
    --------
    >>> from replication.heterogeneous import Firms
    >>> from replication.security import ExponentialBreach
    >>> from replication.naghizadeh2014 import social_optimum
    >>> f = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> model = NetworkIDSModel(f)
    >>> round(float(social_optimum(model).x[0]), 6)
    0.251925
    """

    def __init__(self, firms: Firms) -> None:
        validate.instance("firms", firms, Firms, "a Firms network (replication.heterogeneous.Firms)")
        if firms.structure != "untargeted":
            raise ValueError(f"firms must have untargeted risk for the IDS adapter, got structure {firms.structure!r}")
        super().__init__(np.ones(firms.n), firms.L)
        self.firms = firms
        self.Q: Array = firms.q + np.eye(firms.n)
        b = firms.breach
        self._p0 = np.array([float(x.p(0.0)) for x in b])
        self._dp0 = np.array([float(x.dp(0.0)) for x in b])
        self._d2p0 = np.array([float(x.d2p(0.0)) for x in b])

    # -- the breach families, extended to negative efforts ----------------------------
    def direct(self, x: ArrayLike) -> tuple[Array, Array, Array]:
        """``(p_k(x_k), p_k'(x_k), p_k''(x_k))`` for every user, Taylor-extended below 0."""
        xa = self.vector(x)
        p, dp, d2p = np.empty(self.N), np.empty(self.N), np.empty(self.N)
        for k, breach in enumerate(self.firms.breach):
            if xa[k] >= 0.0:
                p[k], dp[k], d2p[k] = float(breach.p(xa[k])), float(breach.dp(xa[k])), float(breach.d2p(xa[k]))
            else:
                t = xa[k]
                p[k] = self._p0[k] + self._dp0[k] * t + 0.5 * self._d2p0[k] * t * t
                dp[k] = self._dp0[k] + self._d2p0[k] * t
                d2p[k] = self._d2p0[k]
        return p, dp, d2p

    def _factors(self, x: ArrayLike) -> tuple[Array, Array, Array, Array]:
        """``(S, R, m, d2p)``: survival ``S_i``, ``R_ik = Q_ik p_k' / m_ik``, the factors ``m_ik``, ``p''``."""
        p, dp, d2p = self.direct(x)
        m = 1.0 - self.Q * p[None, :]
        if (m == 0.0).any():
            i, k = np.argwhere(m == 0.0)[0]
            raise ValueError(f"x: the factor 1 - Q[{i}, {k}] p_{k}(x_{k}) of user {i}'s survival is 0 (risk 1)")
        S = np.prod(m, axis=1)
        R = self.Q * dp[None, :] / m
        return S, R, m, d2p

    # -- the IDS model ----------------------------------------------------------------
    def effort_scale(self) -> Array:
        """Each firm's breach scale ``1/a_k`` (its own unit of investment)."""
        return self.firms.scale.copy()

    def risk(self, x: ArrayLike) -> Array:
        """``P_i(x) = 1 - prod_k (1 - Q_ik p_k(x_k))`` (untargeted network risk)."""
        p, _, _ = self.direct(x)
        return 1.0 - np.prod(1.0 - self.Q * p[None, :], axis=1)

    def risk_jacobian(self, x: ArrayLike) -> Array:
        """``dP_i/dx_k = S_i R_ik`` (module docstring)."""
        S, R, _, _ = self._factors(x)
        return S[:, None] * R

    def _risk_hessians(self, x: ArrayLike) -> Array:
        """Every ``Hessian(P_i)``, shape (N, N, N)."""
        S, R, m, d2p = self._factors(x)
        H = -S[:, None, None] * R[:, :, None] * R[:, None, :]
        idx = np.arange(self.N)
        H[:, idx, idx] = S[:, None] * self.Q * d2p[None, :] / m
        return H

    def weighted_risk_hessian(self, x: ArrayLike, w: ArrayLike) -> Array:
        """``sum_i w_i Hessian(P_i)``: ``-R' diag(w S) R`` off the diagonal,
        ``sum_i w_i S_i Q_ik p_k'' / m_ik`` on it."""
        wa = validate.array("w", w, shape=(self.N,))
        S, R, m, d2p = self._factors(x)
        ws = wa * S
        H = -(R.T @ (ws[:, None] * R))
        H[np.diag_indices(self.N)] = (ws[:, None] * self.Q / m).sum(axis=0) * d2p
        return H

    def own_gradient_jacobian(self, x: ArrayLike) -> Array:
        """``G[i, j] = L_i d2P_i/dx_i dx_j``."""
        H = self._risk_hessians(x)
        idx = np.arange(self.N)
        return self.L[:, None] * H[idx, idx, :]

    def parameters(self) -> dict[str, Any]:
        return {**super().parameters(), "q": self.firms.q, "breach": [b.params for b in self.firms.breach]}


def ids_model(firms: Firms) -> NetworkIDSModel:
    """``NetworkIDSModel(firms)``: the network as a risk-neutral IDS game (ours)."""
    return NetworkIDSModel(firms)
