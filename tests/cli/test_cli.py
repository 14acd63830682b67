"""The command line: files written, byte-determinism, unknown ids."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from replication.cli import run
from replication.ledger import UnknownIdError
from replication.ledger.registry import REGISTRY, load_all


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_all_kinds_written_with_stems(registry, tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    log = []
    run(("figures", "tables", "claims"), tmp_path, registry=registry, log=log.append)
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "shim2012_figure_2.png",
        "shim2012_figure_2.svg",
        "shim2012_figure_2.csv",
        "ogut2005_table_regions.csv",
        "ogut2005_table_regions.md",
        "ogut2005_table_regions.tex",
        "claims.json",
    } <= names
    assert len(log) == 6 and log[0].startswith("[1/6] shim2012:figure_2")
    claims = json.loads((tmp_path / "claims.json").read_text())
    assert [c["id"] for c in claims] == [f"naghizadeh2014:theorem_{i}" for i in (1, 2, 3)]
    assert set(claims[0]) == {
        "id",
        "paper",
        "label",
        "location",
        "statement",
        "reading",
        "chapter",
        "status",
        "summary",
        "checked_over",
        "repair",
        "repairs",
        "calibration",
        "contrast",
        "evidence",
        "quantifier",
        "failure_kind",
        "informative",
        "cross_checks",
    }
    assert claims[0]["evidence"] == {"points": 1, "gap": 0.5}
    assert claims[0]["contrast"] == {"case": "the opposite sign", "status": None, "summary": None}
    assert claims[1]["repair"] == "an added condition" and claims[0]["chapter"] == "book/test"
    md = (tmp_path / "ogut2005_table_regions.md").read_text()
    assert "2\\|x" in md and "1. a note" in md
    assert (tmp_path / "shim2012_figure_2.csv").read_text().splitlines()[:2] == ["x,y", "0.0,0.0"]


def test_contrast_statuses_are_written(registry, tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    log = []
    run(("claims",), tmp_path, registry=registry, log=log.append, contrast=True)
    claims = json.loads((tmp_path / "claims.json").read_text())
    assert [(c["status"], c["contrast"]["status"]) for c in claims] == [
        ("reproduced", "not reproduced"),
        ("reproduced with caveat", "not reproduced"),
        ("not reproduced", "reproduced"),
    ]
    assert "contrast: not reproduced" in log[0]


def test_only_filters_and_unknown_ids_fail_clearly(registry, tmp_path):
    run(("figures",), tmp_path, only=["shim2012:figure_10"], registry=registry, log=lambda s: None)
    assert {p.name for p in tmp_path.iterdir()} == {f"shim2012_figure_10.{s}" for s in ("png", "svg", "csv")}
    with pytest.raises(UnknownIdError, match="valid ids are: shim2012:figure_10, shim2012:figure_2"):
        run(("figures",), tmp_path, only=["shim2012:figure_3"], registry=registry)


def test_test_registry_output_is_byte_identical(registry, tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    for name in ("a", "b"):
        run(("figures", "tables", "claims"), tmp_path / name, registry=registry, log=lambda s: None)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_book_figures_and_tables_are_byte_identical_across_runs(tmp_path):
    """Two runs over every registered figure and table of the book write identical bytes."""
    load_all()
    if not REGISTRY.figures and not REGISTRY.tables:
        pytest.skip("no figures or tables registered yet")
    for name in ("a", "b"):
        run(("figures", "tables"), tmp_path / name, log=lambda s: None)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_cli_exit_code_and_message_for_unknown_id(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "replication", "figures", "--out", str(tmp_path), "--only", "nope:figure_1"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "unknown id(s) nope:figure_1" in proc.stderr and "valid ids are" in proc.stderr
