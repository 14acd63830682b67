"""What every paper uses: registries, plot style, deterministic output, validation,
solver helpers, diagram primitives and a result cache."""
from replication.core.registry import (
    CAVEAT, NOT_REPRODUCED, REGISTRY, REPRODUCED, STATUSES, ClaimResult, FigureData, Registry,
    Table, UnknownIdError, claim, figure, load_all, table,
)
from replication.core.solvers import ConvergenceError, NoInteriorSolution

__all__ = [
    "CAVEAT", "NOT_REPRODUCED", "REGISTRY", "REPRODUCED", "STATUSES", "ClaimResult",
    "ConvergenceError", "FigureData", "NoInteriorSolution", "Registry", "Table",
    "UnknownIdError", "claim", "figure", "load_all", "table",
]
