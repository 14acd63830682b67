"""Liability for breaches passed on to a partner (Ogut et al. 2005, eqs 16-17, Result 12).

The payoffs of eq (16) are not legible in either stored copy.  **Our reading**, labelled
as a reconstruction: a firm bears the losses of its own direct breaches, is liable for
the loss L of a partner it infects (a breach it passes on, with probability q, to a
partner not itself breached directly), and is compensated by the partner for breaches
that reach it only indirectly.  Its liability-inclusive loss probability is then

    P_1(z1, z2) = p(z1) [1 + q (1 - p(z2))],

which stays in [0, 1] because q p <= 1.  Insured at the unit price (1 + lam) P_1 under
the Taylor step, the symmetric investment condition is

    p'(z) [1 + q - q p(z)] = -1 / ((1 + lam) L)            (eq 17, term pattern legible),

equivalently p'(1 - qp) = -1/((1+lam)L) + K with K = -q p' > 0, and
p'(1 + q - 2qp) = -1/((1+lam)L) + K~ with K~ = -q p p' > 0: investment exceeds both the
Nash level (eq 9) and the planner's level without liability (eq 14).  The cover follows
eq (10) with P_1 in place of B.
"""

from __future__ import annotations

from replication.core import validate
from replication.ogut2005.model.game import Equilibrium, equilibrium_of
from replication.security.breach import BreachFunction, Value
from replication.security.interdependence import Structure


class Liability(Structure):
    """Two firms, each liable for the breaches it passes on (our reading of eq 16).

    Firm 1's expected loss rate is P = p(z1)(1 + q(1 - p(z2))): its own breach, plus its
    liability for infecting an unbreached partner.

    Parameters
    ----------
    q : float
        The chance that a breach spreads to the partner, 0 <= q <= 1.

    Raises
    ------
    ValueError
        ``q`` outside [0, 1].

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import Liability
    >>> structure = Liability(0.5)
    >>> structure, round(float(structure.P(ExponentialBreach(0.5, 5.0), 0.2, 0.2)), 4)
    (Liability(q=0.5), 0.259)
    """

    name = "liability"

    def __init__(self, q: float) -> None:
        self.q = validate.in_interval("q", q, 0.0, 1.0)

    def __repr__(self) -> str:
        return f"Liability(q={self.q!r})"

    def envelope(self) -> float:
        """``1 + 2q``: ``P <= (1 + q) p``, ``|dP_own| <= (1 + q) |p'|`` and the partner's
        liability adds ``q p |p'| <= q |p'|`` to the planner's total."""
        return 1.0 + 2.0 * self.q

    def _exposure(self, breach: BreachFunction, z2: Value) -> Value:
        """1 + q (1 - p(z2)): own loss plus liability for infecting an unbreached partner."""
        return 1.0 + self.q * (1.0 - breach.p(z2))

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.p(z1) * self._exposure(breach, z2)

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.dp(z1) * self._exposure(breach, z2)

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.d2p(z1) * self._exposure(breach, z2)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        """-q p(z) p'(z) > 0: when firm 1 invests more it is more often an unbreached
        partner, to which firm 2 is liable."""
        return -self.q * breach.p(z) * breach.dp(z)


def liability(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2) -> Equilibrium:
    """The stable symmetric equilibrium of two insured firms under liability (eq 17, our reading).

    The paper treats liability for two firms only; ``n`` is accepted for a signature shared
    with :func:`~replication.ogut2005.model.game.equilibrium` and must be 2.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    L, r, q, lam
        As :func:`~replication.ogut2005.model.game.equilibrium`.
    n : int, default 2
        The number of firms; must be 2.

    Returns
    -------
    Equilibrium
        The certified stable equilibrium under liability.

    Raises
    ------
    ValueError
        ``n`` is not 2, or another argument outside the model (named).
    NoInteriorSolution, NoEquilibrium
        As :func:`~replication.ogut2005.model.game.equilibrium`.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import liability
    >>> e = liability(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> round(e.z, 4), round(e.I, 4), e.nash
    (0.2748, 0.7778, True)
    """
    if validate.integer_at_least("n", n, 2, validate.MAX_COUNT) != 2:
        raise ValueError(f"n must be 2: liability (eqs 16-17) is defined for two firms, got {n}")
    return equilibrium_of(breach, Liability(q), L=L, r=r, lam=lam, what="liability equilibrium")
