"""The claims ledger: the registry of figures, tables and claims, each paper's inventory of
statements, the one claims toolkit (:mod:`replication.ledger.verdicts`: tallies under the paper's
quantifier), the status rule, and the report the chapters render
(:mod:`replication.ledger.report`)."""

from replication.ledger.inventory import Statement
from replication.ledger.registry import (
    REGISTRY,
    FigureData,
    Registry,
    Table,
    UnknownIdError,
    claim,
    figure,
    load_all,
    table,
)
from replication.ledger.results import (
    CALIBRATED,
    CAVEAT,
    NOT_REPRODUCED,
    REPRODUCED,
    STATUS_RULE,
    STATUSES,
    ClaimResult,
    status_by_rule,
)

__all__ = [
    "CALIBRATED",
    "CAVEAT",
    "NOT_REPRODUCED",
    "REGISTRY",
    "REPRODUCED",
    "STATUSES",
    "STATUS_RULE",
    "ClaimResult",
    "FigureData",
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
