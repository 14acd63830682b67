"""How one firm's breach probability depends on the other firms' investment.

Firm 1 invests z1; the other firm(s) invest a common z2.  Three structures:

* :class:`Independent`: P1 = p(z1), no externality (Shim 2012, Section 3.1; Ogut et al.
  2005, eq 4).
* :class:`Untargeted`: P1 = 1 - [1 - p(z1)] [1 - q p(z2)]^(n-1): a direct breach or an
  indirect one through each of the n-1 partners, each passing it on with probability q
  (Shim eq 4; Ogut eqs 6 and 19).  Investment protects the partners too: a positive
  externality.
* :class:`Targeted`: P1 = p(z1 * z1/z2): the attacker weighs a firm's investment against
  its rival's, so firm 1's effective protection is z1 scaled by its relative effort
  z1/z2 (Shim 2012, Section 3.1.3).  Investment diverts
  attacks to the rival: a negative externality.

On the symmetric line z1 = z2 = z each structure also gives the planner's marginal
effect d(sum_j P_j)/dz1, which internalises the externality.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from replication.core import validate
from replication.security.breach import BreachFunction, Value


class Structure(ABC):
    """Firm 1's breach probability as a function of (z1, z2), and its derivatives.

    The base of :class:`Independent`, :class:`Untargeted` and :class:`Targeted`; its
    methods take the breach family first, then the investments.

    Attributes
    ----------
    name : str
        The structure's name (``"independent"``, ``"untargeted"``, ``"targeted"``).

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> [s.name for s in (Independent(), Untargeted(0.5), Targeted())]
    ['independent', 'untargeted', 'targeted']
    >>> round(float(Untargeted(0.5).P_sym(b, 0.2)), 4)
    0.259
    """

    name: str

    @abstractmethod
    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        """Firm 1's total breach probability."""

    @abstractmethod
    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        """dP1/dz1, the effect of firm 1's own investment."""

    @abstractmethod
    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        """d^2P1/dz1^2 (its sign decides the firm's own second-order condition)."""

    @abstractmethod
    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        """At z1 = z2 = z: sum over the other firms j of dP_j/dz1 (the externality)."""

    def P_sym(self, breach: BreachFunction, z: Value) -> Value:
        """Breach probability when every firm invests z."""
        return self.P(breach, z, z)

    def dP_own_sym(self, breach: BreachFunction, z: Value) -> Value:
        """dP1/dz1 when every firm invests z (what a Nash firm weighs)."""
        return self.dP_own(breach, z, z)

    def d2P_own_sym(self, breach: BreachFunction, z: Value) -> Value:
        """d2P_1/dz1^2 when every firm invests ``z`` (the second-order condition of a symmetric solution)."""
        return self.d2P_own(breach, z, z)

    def dP_total_sym(self, breach: BreachFunction, z: Value) -> Value:
        """d(sum_j P_j)/dz1 when every firm invests z (what the planner weighs)."""
        return self.dP_own_sym(breach, z) + self.dP_others_sym(breach, z)

    def envelope(self) -> float:
        """A constant ``K`` with ``|dP_own_sym(z)|, |dP_total_sym(z)| <= K |p'(z)|`` and
        ``P_sym(z) <= K p(z)`` for every z (our derivation for each structure).

        Since ``|p'|`` and ``p`` fall in z, the root searches stop their bracket where
        ``K |p'|`` is negligible: past it no marginal effect can come back, however small it
        is near z = 0 (many partners make ``(1 - q p)^(n-1)`` tiny there).
        """
        return 1.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Independent(Structure):
    """P1 = p(z1): no interdependence.

    Attributes
    ----------
    name : str
        ``"independent"``.

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> round(float(Independent().P(b, 0.2, 0.3)), 4)
    0.1839
    """

    name = "independent"

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.p(z1)

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.dp(z1)

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.d2p(z1)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        return 0.0 * breach.dp(z)


class Untargeted(Structure):
    """P1 = 1 - [1 - p(z1)][1 - q p(z2)]^(n-1)  (Shim eq 4 for n = 2; Ogut eq 19).

    Parameters
    ----------
    q : float
        The chance that a partner's breach spreads, 0 <= q <= 1.
    n : int, default 2
        The number of firms, n >= 2.

    Raises
    ------
    ValueError
        ``q`` outside [0, 1] or ``n`` < 2.

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> u = Untargeted(0.5)
    >>> u, round(float(u.P(b, 0.2, 0.2)), 4), round(float(u.dP_total_sym(b, 0.2)), 4)
    (Untargeted(q=0.5, n=2), 0.259, -1.2104)
    """

    name = "untargeted"

    def __init__(self, q: float, n: int = 2) -> None:
        self.q = validate.in_interval("q", q, 0.0, 1.0)
        self.n = validate.integer_at_least("n", n, 2, validate.MAX_COUNT)

    def __repr__(self) -> str:
        return f"Untargeted(q={self.q!r}, n={self.n!r})"

    def envelope(self) -> float:
        """``1 + (n-1) q``: ``|dP_own| <= |p'|``, the externality adds at most ``(n-1) q |p'|``,
        and ``P <= p + (n-1) q p`` (a breach comes directly or through one of n-1 partners)."""
        return 1.0 + (self.n - 1) * self.q

    def _spill(self, breach: BreachFunction, z2: Value) -> Value:
        """Probability that no partner passes a breach on: [1 - q p(z2)]^(n-1)."""
        return (1.0 - self.q * breach.p(z2)) ** (self.n - 1)

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return 1.0 - (1.0 - breach.p(z1)) * self._spill(breach, z2)

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        """p'(z1)[1 - q p(z2)]^(n-1)  (Shim eq 5)."""
        return breach.dp(z1) * self._spill(breach, z2)

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.d2p(z1) * self._spill(breach, z2)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        """(n-1) q p'(z) [1 - p(z)] [1 - q p(z)]^(n-2): firm 1 protects each partner."""
        p = breach.p(z)
        return (self.n - 1) * self.q * breach.dp(z) * (1.0 - p) * (1.0 - self.q * p) ** (self.n - 2)


class Targeted(Structure):
    """P1 = p(z1^2 / z2): protection relative to the rival's (Shim 2012, two firms).

    dP1/dz1 = (2 z1/z2) p'(z1^2/z2); at symmetry P1 = p(z) and dP1/dz1 = 2p'(z), while
    firm 1's investment raises its rival's risk by dP2/dz1 = -p'(z) > 0.

    Attributes
    ----------
    name : str
        ``"targeted"``.

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> round(float(Targeted().P(b, 0.2, 0.4)), 4), round(float(Targeted().dP_own_sym(b, 0.2)), 4)
    (0.3033, -1.8394)
    """

    name = "targeted"

    def envelope(self) -> float:
        """2: on the symmetric line ``dP_own = 2p'``, the planner's total ``p'`` and ``P = p``."""
        return 2.0

    @staticmethod
    def _effective(z1: Value, z2: Value) -> Value:
        z2a = np.asarray(z2, dtype=float)
        if (z2a <= 0).any():
            raise ValueError("targeted attacks need the rival's investment z2 > 0 (P1 = p(z1^2/z2))")
        return np.asarray(z1, dtype=float) ** 2 / z2a

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.p(self._effective(z1, z2))

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return 2.0 * np.asarray(z1) / np.asarray(z2) * breach.dp(self._effective(z1, z2))

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        e = self._effective(z1, z2)
        ratio = np.asarray(z1) / np.asarray(z2)
        return 2.0 / np.asarray(z2) * breach.dp(e) + 4.0 * ratio**2 * breach.d2p(e)

    # On the symmetric line the closed forms also hold at z = 0.
    def P_sym(self, breach: BreachFunction, z: Value) -> Value:
        return breach.p(z)

    def dP_own_sym(self, breach: BreachFunction, z: Value) -> Value:
        return 2.0 * breach.dp(z)

    def d2P_own_sym(self, breach: BreachFunction, z: Value) -> Value:
        """d2P_1/dz1^2 when every firm invests ``z`` (the second-order condition of a symmetric solution)."""
        return 2.0 / np.asarray(z, dtype=float) * breach.dp(z) + 4.0 * breach.d2p(z)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        return -breach.dp(z)
