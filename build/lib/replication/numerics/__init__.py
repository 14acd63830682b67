"""General numerical algorithms, independent of the papers: root finding with scale-relative
brackets (:mod:`replication.numerics.solvers`), Lemke's algorithm and a semismooth Newton method for
linear complementarity problems (:mod:`replication.numerics.lcp`), projected Newton methods
(:mod:`replication.numerics.newton`), and their batched versions for many instances at once
(:mod:`replication.numerics.batched`)."""

from replication.numerics.lcp import RayTermination
from replication.numerics.solvers import ConvergenceError, NoInteriorSolution

__all__ = ["ConvergenceError", "NoInteriorSolution", "RayTermination"]
