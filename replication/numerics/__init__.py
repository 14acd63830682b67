"""General numerical algorithms, independent of the papers: root finding with scale-relative
brackets (:mod:`replication.numerics.solvers`), Lemke's algorithm and projected Newton
(:mod:`replication.numerics.optimize`), and their batched versions for many instances at once
(:mod:`replication.numerics.batched`)."""

from replication.numerics.optimize import RayTermination
from replication.numerics.solvers import ConvergenceError, NoInteriorSolution

__all__ = ["ConvergenceError", "NoInteriorSolution", "RayTermination"]
