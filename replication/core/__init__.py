"""What every paper uses: registries, plot style, deterministic output, validation, the
numerical core (:mod:`replication.core.optimize`: Lemke's algorithm, bound-constrained
Newton, scale-relative root brackets), diagram primitives and a result cache."""

from replication.core.inventory import Statement
from replication.core.optimize import RayTermination
from replication.core.registry import (
    CALIBRATED,
    CAVEAT,
    NOT_REPRODUCED,
    REGISTRY,
    REPRODUCED,
    STATUS_RULE,
    STATUSES,
    ClaimResult,
    FigureData,
    Registry,
    Table,
    UnknownIdError,
    claim,
    figure,
    load_all,
    status_by_rule,
    table,
)
from replication.core.solvers import ConvergenceError, NoInteriorSolution

__all__ = [
    "CALIBRATED",
    "CAVEAT",
    "NOT_REPRODUCED",
    "REGISTRY",
    "REPRODUCED",
    "STATUSES",
    "STATUS_RULE",
    "ClaimResult",
    "ConvergenceError",
    "FigureData",
    "NoInteriorSolution",
    "RayTermination",
    "Registry",
    "Statement",
    "Table",
    "UnknownIdError",
    "claim",
    "figure",
    "load_all",
    "status_by_rule",
    "table",
]
