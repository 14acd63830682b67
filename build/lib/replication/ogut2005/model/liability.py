"""Liability for breaches passed on to partners (Ogut et al. 2005, eqs 16-17, Result 12).

The payoffs of eq (16) are not legible in the paper's appendix.  **Our reading**, labelled
as a reconstruction: a firm bears the losses of its own direct breaches, is liable for
the loss L of a partner it infects (a breach it passes on, with probability q, to a
partner not itself breached directly), and is compensated by the partner for breaches
that reach it only indirectly.  For two firms its liability-inclusive loss probability is

    P_1(z1, z2) = p(z1) [1 + q (1 - p(z2))],

which stays in [0, 1] on the symmetric line.  Insured at the unit price (1 + lam) P_1
under the Taylor step, the symmetric investment condition is

    p'(z) [1 + q - q p(z)] = -1 / ((1 + lam) L)            (eq 17, term pattern legible),

equivalently p'(1 - qp) = -1/((1+lam)L) + K with K = -q p' > 0, and
p'(1 + q - 2qp) = -1/((1+lam)L) + K~ with K~ = -q p p' > 0: investment exceeds both the
Nash level (eq 9) and the planner's level without liability (eq 14).  The cover follows
eq (10) with P_1 in place of B.

**n identical firms (our generalisation; the paper treats two).**  Each firm's breach
passes liability on to every partner it infects: firm 1 is liable for the loss L of each
of its n - 1 partners that its direct breach reaches (probability q each, independently)
while that partner is not breached directly, so with the partners at a common z2

    P_1(z1, z2) = p(z1) [1 + (n - 1) q (1 - p(z2))],

the rule of :mod:`replication.heterogeneous` (``liable=True``) for identical firms, and
exactly the two-firm form at n = 2.  Liability is per breach passed on: a partner reached
by several breached firms is made whole once, while each of them pays its loss.  The
symmetric condition is p'(z) [1 + (n - 1) q (1 - p(z))] = -1/((1+lam)L) (our derivation);
since 1 >= (1 - qp)^(n-1) and (1 - qp)^(n-2) <= 1, the firm's weight 1 + (n-1) q (1 - p)
exceeds the planner's (1 - qp)^(n-1) + (n-1) q (1 - p) (1 - qp)^(n-2) without liability,
which exceeds the Nash firm's (1 - qp)^(n-1) (eq 21), so Result 12 carries over:
investment under liability exceeds both.  With many partners P_1 can exceed 1 (the reading then no longer
describes a probability of one loss L); :func:`liability` refuses such instances.
"""

from __future__ import annotations

from replication.core import validate
from replication.ogut2005.model.game import Equilibrium, equilibrium_of
from replication.security.breach import BreachFunction, Value
from replication.security.interdependence import Structure


class Liability(Structure):
    """n identical firms, each liable for the breaches it passes on (our reading of eq 16).

    n > 2 is our generalisation (see the module docstring).  ``q`` is the chance that a
    breach spreads to a partner, ``n >= 2`` the number of firms.  Raises ``ValueError``
    naming the argument for q outside [0, 1] or n < 2.  Firm 1's loss probability is
    P = p(z1)(1 + (n-1) q (1 - p(z2))): its own breach, plus its liability for each
    unbreached partner it infects.

    Parameters
    ----------
    q : float
        The chance that a breach spreads to a partner, 0 <= q <= 1.
    n : int, default 2
        The number of firms, n >= 2.

    Raises
    ------
    ValueError
        ``q`` outside [0, 1] or ``n`` < 2.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import Liability
    >>> structure = Liability(0.5)
    >>> structure, round(float(structure.P(ExponentialBreach(0.5, 5.0), 0.2, 0.2)), 4)
    (Liability(q=0.5), 0.259)
    """

    name = "liability"

    def __init__(self, q: float, n: int = 2) -> None:
        self.q = validate.in_interval("q", q, 0.0, 1.0)
        self.n = validate.integer_at_least("n", n, 2, validate.MAX_COUNT)

    def __repr__(self) -> str:
        return f"Liability(q={self.q!r})" if self.n == 2 else f"Liability(q={self.q!r}, n={self.n!r})"

    def envelope(self) -> float:
        """``1 + 2 (n-1) q``: ``P <= (1 + (n-1) q) p``, ``|dP_own| <= (1 + (n-1) q) |p'|`` and the
        partners' liability adds ``(n-1) q p |p'| <= (n-1) q |p'|`` to the planner's total."""
        return 1.0 + 2.0 * (self.n - 1) * self.q

    def _exposure(self, breach: BreachFunction, z2: Value) -> Value:
        """1 + (n-1) q (1 - p(z2)): own loss plus liability for each unbreached partner infected."""
        return 1.0 + (self.n - 1) * self.q * (1.0 - breach.p(z2))

    def P(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.p(z1) * self._exposure(breach, z2)

    def dP_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.dp(z1) * self._exposure(breach, z2)

    def d2P_own(self, breach: BreachFunction, z1: Value, z2: Value) -> Value:
        return breach.d2p(z1) * self._exposure(breach, z2)

    def dP_others_sym(self, breach: BreachFunction, z: Value) -> Value:
        """-(n-1) q p(z) p'(z) > 0: when firm 1 invests more it is more often an unbreached
        partner, to which each of the n - 1 others is liable."""
        return -(self.n - 1) * self.q * breach.p(z) * breach.dp(z)

    def peak(self, breach: BreachFunction) -> float:
        """The largest liability-inclusive loss probability on the symmetric line, sup_z P_sym(z).

        P_sym = p + c p (1 - p) with c = (n-1) q rises in p up to p = (1 + c)/(2c); p runs
        over (0, p(0)], so the supremum is at p = min(p(0), (1 + c)/(2c)) (our derivation).
        """
        c, p0 = (self.n - 1) * self.q, float(breach.p(0.0))
        top = p0 if c <= 0.0 else min(p0, (1.0 + c) / (2.0 * c))
        return top + c * top * (1.0 - top)


def liability(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2) -> Equilibrium:
    """The certified stable symmetric equilibrium of n insured firms under liability (eq 17, our reading).

    Each firm is liable for the loss of every partner its breach reaches while that
    partner is not breached directly; the two-firm rule of the paper (eqs 16-17) at
    ``n = 2``, our generalisation for ``n > 2`` (module docstring).  Solves
    p'(z) [1 + (n-1) q (1 - p(z))] = -1/((1 + lam) L) with the cover of eq (10) at the
    liability-inclusive loss probability, corners I = 0 included, and certifies the
    result by the global best-reply check over the firm's z1 >= 0 (rivals at z) like
    :func:`~replication.ogut2005.model.game.equilibrium` (``nash``, ``deviation``).

    Parameters
    ----------
    breach
        The breach family p(z).
    L, r, q, lam, n
        Loss (money), absolute risk aversion (per unit of money), spread probability,
        loading, number of firms (n >= 2).

    Returns
    -------
    Equilibrium
        ``P`` is the liability-inclusive loss probability P_1 at the symmetric point.

    Raises
    ------
    ValueError
        Naming the argument for inputs outside the model (as
        :func:`~replication.ogut2005.model.game.symmetric_equilibria`), and naming ``q`` and
        ``n`` where the liability-inclusive loss probability reaches 1 on the symmetric
        line (many partners, large q: the reading no longer describes one loss L).
    NoInteriorSolution, NoEquilibrium
        As :func:`~replication.ogut2005.model.game.equilibrium`.

    Examples
    --------
    >>> from replication.security.breach import ExponentialBreach
    >>> e = liability(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.2, lam=0.2, n=3)
    >>> e.nash, round(e.z, 4)
    (True, 0.2798)
    """
    structure = Liability(q, n)
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    if structure.peak(breach) >= 1.0:
        raise ValueError(
            f"q = {q} with n = {n} firms: the liability-inclusive loss probability "
            f"p(z)[1 + (n-1) q (1 - p(z))] reaches {structure.peak(breach):.6g} >= 1 on the symmetric line, "
            "where the reading of eq (16) no longer describes one loss L; lower q or n"
        )
    return equilibrium_of(breach, structure, L=L, r=r, lam=lam, what="liability equilibrium")
