"""The built HTML is the same on any day and on any machine: no page carries a build date or
a path of the machine that built it (the static checks run after `make book`; `make test`
runs them)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
#: the text files of the built site a reader's browser reads
TEXT_SUFFIXES = {".html", ".js", ".txt", ".css", ".svg"}


def date_patterns(day: datetime) -> list[str]:
    """The ways a page could print ``day``: ISO, and the formats Sphinx and its themes use."""
    return sorted(
        {
            day.strftime("%Y-%m-%d"),
            day.strftime("%b %d, %Y"),
            day.strftime("%B %d, %Y"),
            f"{day:%b} {day.day}, {day:%Y}",
            f"{day:%B} {day.day}, {day:%Y}",
            f"{day.day} {day:%B} {day:%Y}",
            day.strftime("%d/%m/%Y"),
            day.strftime("%m/%d/%Y"),
        }
    )


def test_the_configuration_asks_for_no_date_on_the_pages():
    """Sphinx prints "Last updated on <date>" unless html_last_updated_fmt is None: the empty
    string means its default format.  The copyright line (with a year) is off too."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    sphinx = config["sphinx"]["config"]
    assert "html_last_updated_fmt" in sphinx and sphinx["html_last_updated_fmt"] is None
    assert sphinx["html_show_copyright"] is False
    assert not {"today", "today_fmt", "html_last_updated_time_zone"} & set(sphinx)
    assert not re.search(r"\b(19|20)\d\d\b", config["html"]["extra_footer"])


def test_date_patterns_cover_the_formats_sphinx_prints():
    day = datetime(2026, 12, 7, tzinfo=UTC)
    assert {"2026-12-07", "Dec 07, 2026", "December 7, 2026", "7 December 2026"} <= set(date_patterns(day))


@pytest.mark.book
def test_no_page_carries_a_build_date_or_a_machine_path():
    if not (HTML / "index.html").is_file():
        message = "the book is not built: run `make book` first"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    built = datetime.fromtimestamp((HTML / "index.html").stat().st_mtime, UTC)
    days = {built.date(): built, datetime.now(UTC).date(): datetime.now(UTC)}
    dates = [pattern for day in days.values() for pattern in date_patterns(day)]
    paths = {str(ROOT), str(ROOT.resolve())} | ({str(Path.home())} if Path.home() != Path("/") else set())
    found = []
    for path in sorted(p for p in HTML.rglob("*") if p.suffix in TEXT_SUFFIXES and "_sources" not in p.parts):
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(HTML).as_posix()
        found += [f"{name}: date {d!r}" for d in dates if d in text]
        found += [f"{name}: machine path {p!r}" for p in paths if p in text]
        if path.suffix == ".html":
            found += [f"{name}: {m.group(0)!r}" for m in re.finditer(r"Last updated on[^<]*|©\s*Copyright[^<]*", text)]
    assert not found, "the built pages differ by day or machine:\n" + "\n".join(found[:20])
