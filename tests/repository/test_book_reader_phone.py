"""The built book at phone width (400 px) in headless Chromium: every page audited by axe-core
with no critical or serious violation and no JavaScript error; a tap on the navigation opens
its drawer, figures open full size and status badges stay in view (the audit itself is in
``book_audit.py``; the desktop width is ``test_book_reader.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.repository.book_audit import PHONE, every_page_audited, no_javascript_error, no_serious_violation, run_audit

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def audit() -> dict:
    return run_audit(PHONE)


def test_every_page_is_audited(audit):
    every_page_audited(audit, PHONE)


def test_no_critical_or_serious_accessibility_violation(audit):
    no_serious_violation(audit)


def test_no_javascript_error_on_any_page(audit):
    no_javascript_error(audit)


def test_a_tap_on_the_phone_navigation_opens_its_drawer(audit):
    """The visible site-navigation button is there on every page and opens a drawer of links;
    the on-this-page button, where a page has one, opens its drawer too."""
    problems = []
    for (_, doc), record in audit["pages"].items():
        primary = record["drawers"][".primary-toggle"]
        if primary is None:
            problems.append(f"{doc}: no visible site-navigation button")
        elif not (primary["open"] and primary["width"] > 200 and primary["links"] > 5):
            problems.append(f"{doc}: the site navigation did not open: {primary}")
        secondary = record["drawers"][".secondary-toggle"]
        if secondary is not None and not (secondary["open"] and secondary["links"] > 0):
            problems.append(f"{doc}: the page contents did not open: {secondary}")
    assert not problems, "\n".join(problems)


def test_every_figure_opens_full_size_on_a_phone(audit):
    """An image shown at less than its natural width links to its full-size file."""
    small = [
        f"{doc}: {f['src']} shown {f['shown']:.0f} of {f['natural']} px, no link"
        for (_, doc), r in audit["pages"].items()
        for f in r["figures"]
        if f["shown"] < 0.95 * f["natural"] and not (f["href"] and f["href"].endswith(Path(f["src"]).name))
    ]
    assert not small, "\n".join(small)


def test_every_status_badge_in_a_table_is_in_view_on_a_phone(audit):
    hidden = [f"{doc}: {row!r}" for (_, doc), r in audit["pages"].items() for row in r["hidden_badges"]]
    assert not hidden, "status badges outside the window at 400 px:\n" + "\n".join(hidden)
