"""Economics shared by Shim (2012) and Ogut, Menon & Raghunathan (2005): breach-probability
families, interdependence structures and the first-order conditions under the Taylor step."""

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
