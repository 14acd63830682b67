"""Economics shared by Shim (2012) and Ogut, Menon & Raghunathan (2005): breach-probability
families, interdependence structures and the first-order conditions under the Taylor step.

Shared by all three papers: the names of their results (:mod:`.vocabulary`: investment,
cover, breach probability, residual, ``corner``), the corner candidates (:mod:`.corners`),
and the units of money (:mod:`.units`: which quantities are money, which are per unit of
money, and how to rescale a model consistently with :func:`.units.in_money_unit`).
"""

from replication.security.breach import BreachFunction, ExponentialBreach, PowerBreach
from replication.security.interdependence import Independent, Structure, Targeted, Untargeted
from replication.security.taylor import SymmetricSolution, cover, symmetric_solutions

__all__ = [
    "BreachFunction",
    "ExponentialBreach",
    "Independent",
    "PowerBreach",
    "Structure",
    "SymmetricSolution",
    "Targeted",
    "Untargeted",
    "cover",
    "symmetric_solutions",
]
