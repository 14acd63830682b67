"""The four market regions of Ogut et al. (2005), Result 10.

Rows: a mature market with a fair price (lam = 0) or an immature one (lam > 0); columns:
independent (q = 0) or interdependent (0 < q <= 1) risk.

* Region 1 (q = 0, lam = 0): p'(z) = -1/L, I = L (the traditional insurance market);
* Region 2 (q = 0, lam > 0): p'(z) = -1/((1+lam)L), I = L - lam/(r(1+lam)(1-p));
* Region 3 (q > 0, lam = 0): p'(z)(1 - qp) = -1/L, I = L;
* Region 4 (q > 0, lam > 0): eqs (9)-(10) (today's cyber-insurance market).

Orderings (our derivation, legible in part): z2 > z1 > z3, z2 > z4 > z3, I1 = I3 > I2 > I4,
and z4 > z1 iff (1 + lam)(1 - q p(z4)) > 1.  With n firms the interdependent cells use
eqs (21)-(22) and the last criterion reads (1 + lam)(1 - q p(z4))^(n-1) > 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from replication.core import validate
from replication.ogut2005.model.game import Equilibrium, equilibrium
from replication.security.breach import BreachFunction


@dataclass(frozen=True)
class Regions:
    """The equilibria of the four regions for one (q, lam) pair, and the paper's orderings.

    ``p4`` is the direct breach probability p(z4) in region 4.
    """

    q: float
    lam: float
    r1: Equilibrium
    r2: Equilibrium
    r3: Equilibrium
    r4: Equilibrium
    p4: float
    n: int = 2

    @property
    def cells(self) -> dict[str, Equilibrium]:
        """The solution in each of the four regions, keyed ``"Region 1"`` to ``"Region 4"``."""
        return {"Region 1": self.r1, "Region 2": self.r2, "Region 3": self.r3, "Region 4": self.r4}

    def orderings(self) -> dict[str, bool]:
        """Each ordering of Result 10, True where it holds (the equality I1 = I3 to 1e-12 of
        the full cover I1, so in any unit of money)."""
        z1, z2, z3, z4 = (e.z for e in (self.r1, self.r2, self.r3, self.r4))
        i1, i2, i3, i4 = (e.I for e in (self.r1, self.r2, self.r3, self.r4))
        criterion = (1.0 + self.lam) * (1.0 - self.q * self.p4) ** (self.n - 1) > 1.0
        return {
            "z2 > z1 > z3": z2 > z1 > z3,
            "z2 > z4 > z3": z2 > z4 > z3,
            "I1 = I3 > I2 > I4": abs(i1 - i3) < 1e-12 * abs(i1) and i3 > i2 > i4,
            "z4 > z1 iff (1+lam)(1-q p(z4)) > 1": (z4 > z1) == criterion,
        }


def regions(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2) -> Regions:
    """Solve the four regions for interdependence q > 0 and loading lam > 0 (Result 10).

    Regions 1-2 set q = 0, regions 1 and 3 set lam = 0; each cell is
    :func:`~replication.ogut2005.model.game.equilibrium`.  Raises ``ValueError`` naming the
    argument unless 0 < q <= 1 and lam > 0 (and as that function for L, r, n), and
    ``NoInteriorSolution`` when a cell has no stable equilibrium.
    """
    q = validate.in_interval("q", q, 0.0, 1.0, closed=(False, True))
    lam = validate.positive("lam", lam)
    r4 = equilibrium(breach, L=L, r=r, q=q, lam=lam, n=n)
    return Regions(
        q=q,
        lam=lam,
        r1=equilibrium(breach, L=L, r=r, q=0.0, lam=0.0),
        r2=equilibrium(breach, L=L, r=r, q=0.0, lam=lam),
        r3=equilibrium(breach, L=L, r=r, q=q, lam=0.0, n=n),
        r4=r4,
        p4=float(breach.p(r4.z)),
        n=n,
    )
