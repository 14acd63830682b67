"""Ogut, Menon & Raghunathan (2005), "Cyber insurance and IT security investment: impact of
interdependent risk".

n identical firms whose breaches spread to each other with probability q buy cover at a
loaded price and invest in security (eqs 1-22, Results 1-13).  Eqs (1)-(8) are the paper's
own (its first pages); (9)-(22) are our reconstruction by derivation.  The
breach family comes first, everything else by keyword in the order L, r, q, lam, n, e.g.
``equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.2)``.
"""

from replication.ogut2005.model.exact import exact_cara_equilibria, exact_cara_equilibrium, exact_cara_planner
from replication.ogut2005.model.game import (
    Equilibrium,
    equilibrium,
    planner,
    symmetric_equilibria,
    uninsured_equilibrium,
)
from replication.ogut2005.model.liability import Liability, liability
from replication.ogut2005.model.regions import Regions, regions
from replication.ogut2005.model.statics import Statics, statics

__all__ = [
    "Equilibrium",
    "Liability",
    "Regions",
    "Statics",
    "equilibrium",
    "exact_cara_equilibria",
    "exact_cara_equilibrium",
    "exact_cara_planner",
    "liability",
    "planner",
    "regions",
    "statics",
    "symmetric_equilibria",
    "uninsured_equilibrium",
]
