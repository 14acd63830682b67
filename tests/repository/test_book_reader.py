"""The built book at desktop width (1400 px) in headless Chromium: every page audited by axe-core
with no critical or serious violation and no JavaScript error, and the ledger's filters (the
audit itself is in ``book_audit.py``; the phone width is ``test_book_reader_phone.py``)."""

from __future__ import annotations

import pytest

from tests.repository.book_audit import (
    DESKTOP,
    every_page_audited,
    no_javascript_error,
    no_serious_violation,
    run_audit,
)

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def audit() -> dict:
    return run_audit(DESKTOP)


def test_every_page_is_audited(audit):
    every_page_audited(audit, DESKTOP)


def test_no_critical_or_serious_accessibility_violation(audit):
    no_serious_violation(audit)


def test_no_javascript_error_on_any_page(audit):
    no_javascript_error(audit)


def test_ledger_filters_show_exactly_the_matching_rows(audit):
    filters = audit["filters"]
    assert set(filters) == {"paper", "status", "kind"} and all(filters.values()), filters
    assert len(filters["paper"]) >= 3 and len(filters["status"]) >= 3 and len(filters["kind"]) >= 2
    for key, results in filters.items():
        assert sum(r["matching"] for _, r in results) == results[0][1]["total"], key  # each row in one value
        for value, r in results:
            assert r["shown"] == r["matching"] > 0 and r["shownMatch"], (key, value, r)
