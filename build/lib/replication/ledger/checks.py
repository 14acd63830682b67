"""Running the claims: each check memoised on disk, so the book, the command line and the
tests share one computation per claim.

Example
-------
>>> from replication.ledger.checks import check_claims
>>> result = check_claims(["shim2012:externality_signs"])["shim2012:externality_signs"]
>>> result.status
'reproduced'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from replication.core.cache import cached
from replication.drawing.output import jsonable
from replication.ledger.registry import REGISTRY, ClaimEntry, Registry, load_all
from replication.ledger.results import ClaimResult


def check(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check, memoised on disk, keyed on the package's source and on the
    check's own code (:func:`replication.core.cache.code_fingerprint`): an edited check of
    one's own is run again."""
    return cached("claim", {"id": entry.id}, entry.check, code=(entry.func,))


def check_contrast(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check on its contrast case, memoised like :func:`check`.

    The claim's own verdict is looked up (or checked) too: a contrast case with the same
    verdict raises :class:`replication.ledger.registry.ContrastError` (the error is raised
    here, at the first check of both, since neither verdict is known before running).
    """
    other = cached("claim-contrast", {"id": entry.id}, entry.check_contrast, code=(entry.func,))
    entry.compare_contrast(check(entry), other)
    return other


def check_claims(
    ids: Iterable[str] | None = None, *, paper: str | None = None, registry: Registry = REGISTRY
) -> dict[str, ClaimResult]:
    """Results of the given claims (default: all, or all of ``paper``), in ledger order."""
    load_all(registry)
    entries = [registry.get(i, "claims") for i in ids] if ids is not None else registry.sorted("claims")
    return {e.id: check(e) for e in entries if paper is None or e.paper == paper}


def claim_record(entry: ClaimEntry, result: ClaimResult, contrast: ClaimResult | None = None) -> dict[str, Any]:
    """The JSON object of one checked claim (``contrast``: the result of its contrast case)."""
    return {
        "id": entry.id,
        "paper": entry.paper,
        "label": entry.label,
        "location": entry.location,
        "statement": entry.statement,
        "reading": entry.reading,
        "chapter": entry.chapter,
        "status": result.status,
        "quantifier": entry.quantifier,
        "failure_kind": entry.kind_of_failure(result),
        "informative": result.informative,
        "cross_checks": [c.record() for c in result.cross_checks],
        "summary": result.summary,
        "checked_over": result.checked_over,
        "repair": result.repair,
        "repairs": entry.repairs,
        "calibration": result.calibration,
        "contrast": {
            "case": entry.contrast,
            "status": None if contrast is None else contrast.status,
            "summary": None if contrast is None else contrast.summary,
        },
        "evidence": jsonable(result.evidence),
    }
