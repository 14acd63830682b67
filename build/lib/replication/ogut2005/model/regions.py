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

    Attributes
    ----------
    q, lam : float
        The interdependence and the loading of region 4.
    r1, r2, r3, r4 : Equilibrium
        The equilibrium of each region: (q, lam) = (0, 0), (0, lam), (q, 0), (q, lam).
    p4 : float
        The direct breach probability p(z4) in region 4.
    n : int
        The number of firms.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import regions
    >>> cells = regions(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> {name: round(e.z, 4) for name, e in cells.cells.items()}
    {'Region 1': 0.1833, 'Region 2': 0.2023, 'Region 3': 0.1593, 'Region 4': 0.181}
    >>> all(cells.orderings().values())
    True
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
        """Each ordering of Result 10, True where it holds.

        The equality I1 = I3 is judged to 1e-12 of the full cover I1, so in any unit of money.

        Returns
        -------
        dict of str to bool
            Each ordering, in words, and whether it holds.

        Examples
        --------
        >>> from replication.security import ExponentialBreach
        >>> from replication.ogut2005 import regions
        >>> regions(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1).orderings()
        {'z2 > z1 > z3': True, 'z2 > z4 > z3': True, 'I1 = I3 > I2 > I4': True,
         'z4 > z1 iff (1+lam)(1-q p(z4)) > 1': True}
        """
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
    :func:`~replication.ogut2005.model.game.equilibrium`.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    L, r, n
        As :func:`~replication.ogut2005.model.game.equilibrium`.
    q : float
        The interdependence of regions 3 and 4, 0 < q <= 1.
    lam : float
        The loading of regions 2 and 4, lam > 0.

    Returns
    -------
    Regions
        The four equilibria and the orderings of Result 10.

    Raises
    ------
    ValueError
        ``q`` outside (0, 1], ``lam`` <= 0, or L, r, n as that function (named).
    NoInteriorSolution
        A cell has no stable equilibrium.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import regions
    >>> cells = regions(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> round(cells.r2.z, 4), round(cells.r3.z, 4), cells.orderings()["z2 > z1 > z3"]
    (0.2023, 0.1593, True)
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
