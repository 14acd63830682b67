"""An insurer that does not observe security investment (Ogut et al. 2005, eq 18, our reconstruction).

In eqs (7)-(10) the insurer sees firm 1's investment and prices cover at
pi_1 = (1 + lam) B_1(z_1, z_2), so a firm that invests more pays less per unit.  The text
around eq (18) compares that case (superscript I, investment observed) with one where
the insurer cannot see z (superscript N): the unit price is then a number the firm takes
as given, set by a rational insurer at (1 + lam) B at the equilibrium.  The payoffs of
eq (18) are not legible; this module is **our derivation**.

With the price fixed, the firm's conditions under the paper's Taylor step are

    p'(z) [1 - q p(z)] = -1 / ((1 + lam) (L - I)),      (investment; eq 18, ours)
    I = L - lam / (r (1 + lam) [1 - p(z)] [1 - q p(z)]),  (cover; the form of eq 10)

and substituting the cover into the investment condition leaves, on the symmetric line,

    p'(z) / [1 - p(z)] = -r / lam .

The left side increases in z (p' < 0 increasing, 1 - p increasing), so the root is
unique.  At lam = 0 the firm insures fully and has no reason to invest (z = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from replication.core import validate
from replication.numerics.solvers import NoInteriorSolution, expanding_bound, root_in
from replication.security.breach import BreachFunction


@dataclass(frozen=True)
class Unobserved:
    """The symmetric equilibrium when the insurer cannot see investment.

    ``z`` investment, ``I`` cover, ``P`` breach probability B, ``premium_rate`` the price
    (1 + lam) B the firm takes as given.
    """

    z: float
    I: float
    P: float
    premium_rate: float


def unobserved_equilibrium(breach: BreachFunction, *, L: float, r: float, q: float, lam: float) -> Unobserved:
    """Investment and cover of two firms whose insurer does not observe z (eq 18, our derivation).

    L is the loss, r the absolute risk aversion, q the spillover probability, lam the
    loading.  Raises ``ValueError`` naming the argument for inputs outside the model
    (L > 0, r > 0, 0 <= q <= 1, lam >= 0), ``TypeError`` for a ``breach`` that is not a
    breach family, and ``NoInteriorSolution`` where the cover of eq (10) at the root is
    not in (0, L) (the firm would not insure).
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    L, r = validate.positive("L", L), validate.positive("r", r)
    q = validate.in_interval("q", q, 0.0, 1.0)
    lam = validate.nonnegative("lam", lam)
    if lam == 0.0:
        P = 1.0 - (1.0 - float(breach.p(0.0))) * (1.0 - q * float(breach.p(0.0)))
        return Unobserved(z=0.0, I=L, P=P, premium_rate=P)
    gap = lambda z: float(breach.dp(z)) / (1.0 - float(breach.p(z))) + r / lam
    if gap(0.0) >= 0.0:
        z = 0.0
    else:
        # p'/(1-p) rises to 0, so the gap turns positive: the bracket doubles from p's own
        # scale of investment and the root is refined relative to it (any money unit)
        try:
            hi = expanding_bound(lambda t: gap(t) >= 0.0, breach.scale, "the root of p'/(1-p) = -r/lam")
        except ValueError:
            raise NoInteriorSolution(f"no root of p'/(1-p) = -r/lam for p(z) = {breach.label}") from None
        z = root_in(gap, 0.0, hi, breach.scale)
    p = float(breach.p(z))
    D = (1.0 - p) * (1.0 - q * p)
    I = L - lam / (r * (1.0 + lam) * D)
    if not 0.0 < I < L:
        raise NoInteriorSolution(
            f"cover {I:.4g} is not in (0, L) at z = {z:.4g} for p(z) = {breach.label}, "
            f"q = {q}, L = {L}, r = {r}, lam = {lam}"
        )
    return Unobserved(z=z, I=I, P=1.0 - D, premium_rate=(1.0 + lam) * (1.0 - D))
