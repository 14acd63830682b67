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

from replication.core.cache import cached
from replication.ledger.registry import REGISTRY, ClaimEntry, ClaimResult, Registry, load_all


def check(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check, memoised on disk (keyed on the package's source)."""
    return cached("claim", {"id": entry.id}, entry.check)


def check_contrast(entry: ClaimEntry) -> ClaimResult:
    """Run a claim's check on its contrast case, memoised like :func:`check`."""
    return cached("claim-contrast", {"id": entry.id}, entry.check_contrast)


def check_claims(
    ids: Iterable[str] | None = None, *, paper: str | None = None, registry: Registry = REGISTRY
) -> dict[str, ClaimResult]:
    """Results of the given claims (default: all, or all of ``paper``), in ledger order."""
    load_all(registry)
    entries = [registry.get(i, "claims") for i in ids] if ids is not None else registry.sorted("claims")
    return {e.id: check(e) for e in entries if paper is None or e.paper == paper}
