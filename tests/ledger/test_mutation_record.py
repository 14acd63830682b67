"""The mutation run's sample and its committed record, as the findings page shows them."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from replication.ledger.mutation import MUTANT_NOTES, mutation_markdown, mutation_record, mutation_survivors

ROOT = Path(__file__).resolve().parents[2]


def bench():
    spec = importlib.util.spec_from_file_location("bench_mutation", ROOT / "benchmarks" / "bench_mutation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_mutation"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_sample_is_stratified_by_package_and_fixed_by_its_seed():
    b = bench()
    modules = b.model_modules()
    assert {b.package_of(m.as_posix()) for m in modules} == set(b.PACKAGES)
    assert not [m for m in modules if {"claims", "exhibits"} & set(m.parts) or m.stem in ("explore", "__init__")]
    all_sites = b.sites(modules)
    chosen = b.sample(all_sites, 3, 7)
    assert [b.package_of(s.module) for s in chosen] == list(b.PACKAGES) * 3  # packages take turns
    for package in b.PACKAGES:
        picked = [s.module for s in chosen if b.package_of(s.module) == package]
        assert len(set(picked)) == 3  # spread over three modules of the package
    assert b.sample(all_sites, 3, 7) == chosen and b.sample(all_sites, 3, 8) != chosen


def test_the_committed_record_adds_up_and_every_survivor_is_examined():
    record = mutation_record()
    rows = record["rows"]
    assert record["mutants"] == len(rows) <= record["sampled"] and record["complete"] == (
        len(rows) == record["sampled"]
    )
    assert sum(record["counts"].values()) == len(rows)
    assert record["killed"] == len(rows) - record["counts"]["survived"]
    assert record["score"] == pytest.approx(record["killed"] / len(rows))
    packages = record["by_package"]
    assert set(packages) == {"security", "shim2012", "ogut2005", "naghizadeh2014"}
    assert all(v["mutants"] >= 1 for v in packages.values())  # every package was sampled
    assert sum(v["killed"] for v in packages.values()) == record["killed"]
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    for row in mutation_survivors(record):
        assert row["key"] in MUTANT_NOTES, f"survivor {row['key']} is not examined"
        kind, text = MUTANT_NOTES[row["key"]]
        assert kind in ("equivalent", "test") and text
        if kind == "test":
            assert re.search(rf"^def {re.escape(text.split('::')[-1])}\(", tests, re.M), text


def test_the_findings_text_reads_its_numbers_from_the_record():
    record = mutation_record()
    text = mutation_markdown()
    assert f"**{record['killed']} of {record['mutants']} mutants killed" in text
    assert f"seed {record['seed']}, commit `{record['commit']}`" in text
    for name, v in record["by_package"].items():
        assert f"| `{name}` | {v['mutants']} | {v['killed']} |" in text
    for row in mutation_survivors(record):
        assert f"`{row['module']}`, line {row['line']}" in text
    for test in record.get("left_out_tests", []):
        assert f"`{test}`" in text
    # a survivor nobody examined is said to be one, and a run cut short says so
    row = {"module": "replication/x.py", "line": 3, "operator": "swap comparison", "outcome": "survived"}
    other = {**record, "complete": False, "sampled": record["mutants"] + 4, "rows": [*record["rows"], row]}
    other["mutants"] += 1
    shown = mutation_markdown(other)
    assert "`replication/x.py`, line 3, a comparison swapped: not yet examined" in shown
    assert f"after {other['mutants']} of the {other['sampled']} sampled mutants" in shown
    with pytest.raises(ValueError, match=r"lacks \['seed'\]"):
        mutation_record(json.dumps({k: v for k, v in record.items() if k != "seed"}))
