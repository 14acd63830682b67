"""n unequal firms on a contagion network: each firm's breach probability (our generalisation).

Shim (2012) and Ogut et al. (2005) take two (or n identical) firms.  Here firm i has its
own breach family p_i, loss L_i and absolute risk aversion r_i, and ``q[i, j]`` is the
probability that a breach of firm j spreads to firm i (zero diagonal).

* Untargeted risk (Shim eq 4, Ogut eqs 6 and 19, with unequal firms and links)::

      P_i = 1 - (1 - p_i(z_i)) prod_{j != i} (1 - q[i, j] p_j(z_j))

* Targeted risk, **our generalisation** of Shim's two-firm form P_1 = p(z_1 z_1 / z_2)
  (Section 3.1.3): the attacker weighs firm i's investment against the mean investment
  of its rivals, zbar_i = sum_{j != i} z_j / (n - 1), so P_i = p_i(z_i^2 / zbar_i).  For
  n = 2 this is Shim's form; for identical firms on the symmetric line P = p(z) and
  dP_i/dz_i = 2 p'(z) for every n.  As in Shim, the spread q plays no part in targeted
  risk.  Where the rivals invest nothing, a firm that invests is never the target
  (P_i = lim p_i = 0) and one that does not has P_i = p_i(0).
* Liability (``liable=True``), **our generalisation** of Ogut et al.'s rule for two firms
  (eqs 16-17, as read in :mod:`replication.ogut2005.model.liability`): firm i bears its own
  direct breaches and the loss L_j of each partner j it infects while j is not breached
  directly, and is compensated for breaches that reach it only indirectly.  In units of
  its own loss its liability-inclusive loss probability is

      Pi_i = p_i(z_i) [1 + sum_{j != i} q[j, i] (1 - p_j(z_j)) L_j / L_i],

  which for two identical firms is Ogut's p(z_1)[1 + q(1 - p(z_2))].  Untargeted only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from replication.core import validate
from replication.security.breach import BreachFunction

Array = NDArray[np.float64]
#: The interdependence structures a network of firms may have.
STRUCTURES = ("untargeted", "targeted")


class Firms:
    """n firms with their own breach functions, losses, risk aversions and contagion links.

    Parameters
    ----------
    breach
        One :class:`~replication.security.breach.BreachFunction` per firm (n >= 2).
    L, r
        Per-firm loss from a breach (money) and absolute risk aversion (per unit of money),
        sequences of n positive numbers.
    q
        n x n matrix with entries in [0, 1] and zero diagonal; ``q[i, j]`` is the chance that
        a breach of firm j spreads to firm i.
    structure
        ``"untargeted"`` (Shim eq 4 generalised) or ``"targeted"`` (our generalisation).

    Raises ``ValueError`` naming the argument for a wrong length or shape, NaN, a
    non-positive L or r, q outside [0, 1] or a non-zero diagonal, an unknown structure;
    ``TypeError`` naming ``breach`` for an element that is not a breach function.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> f = Firms([ExponentialBreach(0.5, 5.0)] * 2, L=[1.0, 2.0], r=[0.5, 0.5], q=[[0, 0.3], [0.3, 0]])
    >>> round(float(f.P([0.2, 0.2])[0]), 6)
    0.228971
    """

    def __init__(
        self,
        breach: Sequence[BreachFunction],
        *,
        L: ArrayLike,
        r: ArrayLike,
        q: ArrayLike,
        structure: str = "untargeted",
    ) -> None:
        if isinstance(breach, BreachFunction) or not isinstance(breach, Sequence):
            raise validate.ArgumentTypeError("breach must be a sequence of BreachFunction, one per firm")
        for k, b in enumerate(breach):
            validate.instance(f"breach[{k}]", b, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
        n = len(breach)
        if n < 2:
            raise ValueError(f"breach must hold at least 2 firms, got {n}")
        self.breach: tuple[BreachFunction, ...] = tuple(breach)
        self.L = validate.array("L (per-firm loss)", L, shape=(n,), positive=True)
        self.r = validate.array("r (per-firm absolute risk aversion)", r, shape=(n,), positive=True)
        qa = validate.array("q (contagion matrix)", q, shape=(n, n))
        if ((qa < 0.0) | (qa > 1.0)).any():
            raise ValueError(f"q (contagion matrix) must have entries in [0, 1], got min {qa.min()}, max {qa.max()}")
        if (np.diag(qa) != 0.0).any():
            raise ValueError("q (contagion matrix) must have a zero diagonal (a firm does not infect itself)")
        self.q = qa
        self.structure = validate.one_of("structure", structure, STRUCTURES)
        self.scale = np.array([b.scale for b in self.breach])

    @classmethod
    def identical(
        cls, breach: BreachFunction, *, L: float, r: float, q: float, n: int = 2, structure: str = "untargeted"
    ) -> Firms:
        """n identical firms with q[i, j] = q off the diagonal (the papers' setting).

        Raises ``ValueError`` naming the argument as the constructor, and for n < 2.

        Parameters
        ----------
        breach : BreachFunction
            Every firm's breach family.
        L, r : float
            Every firm's loss (money) and absolute risk aversion (per unit of money), > 0.
        q : float
            The contagion probability of every link, in [0, 1].
        n : int, default 2
            The number of firms, n >= 2.
        structure : {"untargeted", "targeted"}, default "untargeted"
            The interdependence structure.

        Returns
        -------
        Firms
            The network.

        Raises
        ------
        ValueError
            ``n`` < 2, or an argument as the constructor (named).

        Examples
        --------
        >>> from replication.security import ExponentialBreach
        >>> from replication.heterogeneous import Firms
        >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
        >>> firms, firms.q.tolist()
        (Firms(n=3, structure='untargeted'), [[0.0, 0.3, 0.3], [0.3, 0.0, 0.3], [0.3, 0.3, 0.0]])
        """
        n = validate.integer_at_least("n", n, 2)
        qm = np.full((n, n), validate.in_interval("q", q, 0.0, 1.0))
        np.fill_diagonal(qm, 0.0)
        return cls([breach] * n, L=[L] * n, r=[r] * n, q=qm, structure=structure)

    @property
    def n(self) -> int:
        """The number of firms."""
        return len(self.breach)

    def __repr__(self) -> str:
        return f"Firms(n={self.n}, structure={self.structure!r})"

    def investments(self, z: ArrayLike, name: str = "z") -> Array:
        """``z`` as a validated array of n investments >= 0 (``ValueError`` naming ``name``)."""
        return validate.array(name, z, shape=(self.n,), nonnegative=True)

    def direct(self, z: Array) -> Array:
        """p_i(z_i) for every firm."""
        return np.array([float(b.p(zi)) for b, zi in zip(self.breach, z)])

    def _rival_mean(self, z: Array) -> Array:
        return (z.sum() - z) / (self.n - 1)

    def P(self, z: ArrayLike) -> Array:
        """Every firm's total breach probability P_i(z) (module docstring; targeted: ours)."""
        z = self.investments(z)
        if self.structure == "untargeted":
            p = self.direct(z)
            return 1.0 - (1.0 - p) * np.prod(1.0 - self.q * p[None, :], axis=1)
        zb = self._rival_mean(z)
        with np.errstate(divide="ignore", invalid="ignore"):
            e = np.where(zb > 0.0, z**2 / np.where(zb > 0.0, zb, 1.0), np.where(z > 0.0, np.inf, 0.0))
        return np.array([float(b.p(ei)) for b, ei in zip(self.breach, e)])

    def liability_exposure(self, z: Array) -> Array:
        """1 + sum_{j != i} q[j, i] (1 - p_j(z_j)) L_j / L_i for every firm i (our generalisation of Ogut eq 16)."""
        if self.structure != "untargeted":
            raise ValueError("liability is defined for untargeted risk only (Ogut et al. eqs 16-17)")
        p = self.direct(z)
        return 1.0 + (self.q.T @ ((1.0 - p) * self.L)) / self.L

    def own(self, i: int, s: ArrayLike, z: Array, *, liable: bool = False) -> tuple[Array, Array]:
        """Firm i's (P_i, dP_i/dz_i) when it invests s (an array) and the others invest z_{-i}.

        With ``liable`` the liability-inclusive Pi_i and its derivative.  Targeted risk
        raises ``ValueError`` when the rivals' mean investment is 0 (no best reply exists).
        """
        s = np.asarray(s, dtype=float)
        b = self.breach[i]
        others = np.delete(np.arange(self.n), i)
        if liable:
            factor = float(self.liability_exposure(z)[i])
            return np.asarray(b.p(s)) * factor, np.asarray(b.dp(s)) * factor
        if self.structure == "untargeted":
            spill = float(np.prod([1.0 - self.q[i, j] * float(self.breach[j].p(z[j])) for j in others]))
            return 1.0 - (1.0 - np.asarray(b.p(s))) * spill, np.asarray(b.dp(s)) * spill
        zb = float(z[others].mean())
        if zb <= 0.0:
            raise ValueError(f"targeted risk: firm {i}'s rivals invest nothing, so it has no best reply (P = p(z^2/0))")
        e = s**2 / zb
        return np.asarray(b.p(e)), 2.0 * s / zb * np.asarray(b.dp(e))

    def column(self, i: int, s: ArrayLike, z: Array, weights: Array) -> Array:
        """sum_j weights[j] dP_j/dz_i at z_i = s (an array), the others at z_{-i}: what a planner weighs."""
        s = np.asarray(s, dtype=float)
        dp_i = np.asarray(self.breach[i].dp(s))
        others = np.delete(np.arange(self.n), i)
        zz = z.copy()
        if self.structure == "untargeted":
            p = self.direct(z)
            M = 1.0 - self.q * p[None, :]
            total = weights[i] * float(np.prod(M[i, others]))
            for j in others:
                rest = np.prod(np.delete(M[j], np.array([i, j])))
                total += weights[j] * self.q[j, i] * (1.0 - p[j]) * rest
            return dp_i * total
        zz[i] = 0.0
        _, own_dP = self.own(i, s, z)
        result = weights[i] * own_dP
        for j in others:
            zb = (zz.sum() - z[j] + s) / (self.n - 1)
            with np.errstate(divide="ignore", invalid="ignore"):
                e = z[j] ** 2 / zb
                d = np.asarray(self.breach[j].dp(e)) * (-(z[j] ** 2) / zb**2) / (self.n - 1)
            result = result + weights[j] * np.where(np.isfinite(d), d, 0.0)
        return np.asarray(result)

    def with_investment(self, z: Array, i: int, s: float) -> Array:
        """A copy of ``z`` with firm i's investment set to s."""
        out = np.array(z, dtype=float)
        out[i] = s
        return out

    def bound(self, i: int, z: Array, *, price: float) -> float:
        """An own investment beyond which firm i's marginal effect and direct risk are negligible.

        Doubling from the breach family's scale until ``|dP_i/dz_i|`` <= 1e-12 price and p_i <= 1e-12.
        """
        b = self.breach[i]
        s = float(b.scale)
        for _ in range(1100):
            dP = abs(float(self.own(i, np.array([s]), z)[1][0]))
            if dP <= 1e-12 * price and float(b.p(s)) <= 1e-12:
                return s
            s *= 2.0
        raise ValueError(f"no search bound for firm {i}: p(z) = {b.label} does not vanish in double precision")

    def info(self) -> dict[str, Any]:
        """The network's parameters as plain numbers (for tables and reports)."""
        return {"n": self.n, "structure": self.structure, "L": self.L.tolist(), "r": self.r.tolist()}
