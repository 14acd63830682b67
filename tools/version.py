"""The release's version, from one place: the package metadata (``pyproject.toml``).

The book, the PDF edition, the release archive's file names and ``CITATION.cff`` all
carry it; a test checks that ``CITATION.cff`` says the same.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import yaml

import replication

PROJECT = Path(__file__).resolve().parents[1]
DISTRIBUTION = replication.DISTRIBUTION


def project_version() -> str:
    """The package's version, e.g. ``"1.0.0"`` (``replication.__version__``)."""
    return replication.__version__


def citation(path: Path = PROJECT / "CITATION.cff") -> dict:
    """``CITATION.cff`` as a mapping."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def release_date(path: Path = PROJECT / "CITATION.cff") -> str:
    """The release date that ``CITATION.cff`` gives (ISO format)."""
    return str(citation(path)["date-released"])


def source_date_epoch() -> int:
    """``$SOURCE_DATE_EPOCH``, else midnight UTC of the release date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        value = os.environ["SOURCE_DATE_EPOCH"]
        if not value.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {value!r}")
        return int(value)
    day = datetime.fromisoformat(release_date()).replace(tzinfo=UTC)
    return int(day.timestamp())
