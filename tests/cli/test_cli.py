"""The command line: files written, byte-determinism, unknown ids."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from replication.cli import SettingError, main, parse_value, run
from replication.drawing.output import file_stem, parameter_text
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


@pytest.mark.slow  # every figure and table drawn twice: minutes; run by `make test-artifacts`
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


def test_list_prints_every_id_once_with_its_kind(registry):
    from replication.cli import listing

    lines = listing(registry)
    expected = [[kind[:-1], e.id] for kind in ("figures", "tables", "claims") for e in registry.sorted(kind)]
    assert [line.split("\t")[:2] for line in lines] == expected
    assert expected[0] == ["figure", "shim2012:figure_2"] and expected[-1] == ["claim", "naghizadeh2014:theorem_3"]
    assert all(len(line.split("\t")) == 3 and "\n" not in line for line in lines)


def test_list_and_version_from_the_command_line():
    import tomllib

    root = Path(__file__).resolve().parents[2]
    version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    shown = subprocess.run([sys.executable, "-m", "replication", "--version"], capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.split()[-1] == version
    listed = subprocess.run([sys.executable, "-m", "replication", "list"], capture_output=True, text=True, check=True)
    load_all()
    expected = {(kind[:-1], i) for kind in ("figures", "tables", "claims") for i in getattr(REGISTRY, kind)}
    rows = [tuple(line.split("\t")[:2]) for line in listed.stdout.splitlines()]
    assert len(rows) == len(set(rows)) and set(rows) == expected
    assert len(expected) > 100
    missing = subprocess.run([sys.executable, "-m", "replication", "figures"], capture_output=True, text=True)
    assert missing.returncode == 2 and "--out" in missing.stderr


# -- modules of one's own and parameters -------------------------------------------------------


def test_cli_loads_a_module_of_ones_own_and_checks_its_claims_with_their_contrast(own_module, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "replication", "claims", "--module", str(own_module), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    claims = json.loads((out / "claims.json").read_text())
    assert [(c["id"], c["paper"], c["status"], c["contrast"]["status"]) for c in claims] == [
        ("doe2024:proposition_1", "doe2024", "reproduced", "not reproduced")
    ]
    assert claims[0]["contrast"]["summary"] == "50 of 50 points fail"
    assert {p.name for p in out.iterdir()} == {"claims.json"}


def test_cli_runs_an_edited_check_again(own_module, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["claims", "--module", str(own_module), "--out", str(out)]) == 0
    assert json.loads((out / "claims.json").read_text())[0]["status"] == "reproduced"
    own_module.write_text(own_module.read_text().replace("x**2 >= LIMIT", "x**2 < LIMIT"))
    assert main(["claims", "--module", str(own_module), "--out", str(out)]) == 0
    record = json.loads((out / "claims.json").read_text())[0]
    assert (record["status"], record["contrast"]["status"]) == ("not reproduced", "reproduced")
    assert record["evidence"] == {"failures": 50}  # every x in [0, 0.98] now counts as a failure


def test_cli_refuses_a_contrast_with_the_claims_own_verdict(own_module, tmp_path, capsys):
    own_module.write_text(own_module.read_text().replace("np.linspace(1.0, 1.98, 50) if contrast else ", ""))
    with pytest.raises(SystemExit) as exit_:
        main(["claims", "--module", str(own_module), "--out", str(tmp_path / "out")])
    assert exit_.value.code == 2
    assert "doe2024:proposition_1: its contrast case (x in [1, 2)) gives the same verdict" in capsys.readouterr().err


def test_cli_set_changes_the_caption_and_the_file_name(own_module, tmp_path):
    out = tmp_path / "out"
    log: list[str] = []
    only = ["doe2024:figure_1"]
    run(("figures",), out, only=only, modules=[own_module], log=log.append)
    run(("figures",), out, only=only, modules=[own_module], log=log.append, settings={"top": "2", "points": "5"})
    run(("figures",), out, only=only, modules=[own_module], log=log.append, settings={"power": "2"})  # the default
    assert {p.name for p in out.iterdir()} == {
        f"doe2024_figure_1{s}.{x}" for s in ("", "@points=5@top=2.0") for x in ("png", "svg", "csv")
    }
    assert "    caption: The curve $x^{p}$ for p = 2, up to x = 2." in log
    assert (out / "doe2024_figure_1@points=5@top=2.0.csv").read_text().splitlines() == [
        "x,y",
        "0.0,0.0",
        "0.5,0.25",
        "1.0,1.0",
        "1.5,2.25",
        "2.0,4.0",
    ]
    assert digest(out)["doe2024_figure_1.png"] != digest(out)["doe2024_figure_1@points=5@top=2.0.png"]


def test_cli_set_errors_name_the_parameter(own_module, tmp_path, capsys):
    base = ["figures", "--module", str(own_module), "--out", str(tmp_path / "out"), "--only", "doe2024:figure_1"]
    for extra, message in (
        (["--set", "lam=0.3"], "doe2024:figure_1 takes no parameter 'lam'; it accepts: points, power, top"),
        (["--set", "points=2.5"], "--set points=2.5: points is an integer (the paper's value is 11)"),
        (["--set", "power=high"], "--set power=high: power is a number (the paper's value is 2.0)"),
        (["--set", "power"], "expected NAME=VALUE"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(base + extra)
        assert exit_.value.code == 2 and message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(base[:-2] + ["--set", "power=3"])
    assert "--set needs --only" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["claims", "--module", str(tmp_path / "nope.py"), "--out", str(tmp_path / "out")])
    assert "error: --module: " in capsys.readouterr().err


def test_parse_value_reads_the_kind_of_the_papers_value():
    assert parse_value("n", "10", 2) == 10 and type(parse_value("x", "1", 0.5)) is float
    assert parse_value("on", "False", True) is False and parse_value("on", "yes", False) is True
    assert parse_value("name", "0.5", "euro") == "0.5"
    assert [parse_value("v", t, None) for t in ("3", "3.5", "true", "__import__('os')")] == [
        3,
        3.5,
        True,
        "__import__('os')",
    ]
    with pytest.raises(SettingError, match="on is true or false"):
        parse_value("on", "maybe", True)


def test_a_paper_figure_drawn_at_another_value(tmp_path):
    """Shim (2012) Figure 8 at q = 0.3: the indirect breach area is (1 - p(z)) q p(z), p(z) = 0.5 exp(-5z)."""
    log: list[str] = []
    run(("figures",), tmp_path, only=["shim2012:figure_8"], settings={"q": "0.3"}, log=log.append)
    assert {p.name for p in tmp_path.iterdir()} == {f"shim2012_figure_8@q=0.3.{x}" for x in ("png", "svg", "csv")}
    rows = (tmp_path / "shim2012_figure_8@q=0.3.csv").read_text().splitlines()
    p = 0.5 * np.exp(-5 * 0.1)
    indirect = next(r for r in rows if r.startswith("indirect"))
    assert float(indirect.split(",")[-1]) == pytest.approx((1 - p) * 0.3 * p, rel=1e-12)
    assert any("at $q=0.3$ (hatched)" in line for line in log)
    assert "at $q=0.4$ (hatched)" in REGISTRY.get("shim2012:figure_8").caption  # the paper's value by default


def test_every_exhibit_parameter_can_be_set_from_the_command_line():
    """Every parameter of a registered figure or table has a default the command line can read back."""
    load_all()
    exhibits = [*REGISTRY.sorted("figures"), *REGISTRY.sorted("tables")]
    parameterised = [e for e in exhibits if e.parameters]
    assert len(parameterised) >= 20
    for entry in parameterised:
        for name, default in entry.parameters.items():
            assert type(default) in (bool, int, float, str), (entry.id, name, default)
            assert parse_value(name, parameter_text(default), default) == default, (entry.id, name)
        assert entry.caption_for() == entry.caption_for(**entry.parameters)
        assert file_stem(entry.id, entry.changed(**entry.parameters)) == file_stem(entry.id)


#: The exhibits without parameters, and why: they have no numeric inputs.
NO_NUMERIC_INPUTS = {
    **{
        f"shim2012:figure_{n}": "a schematic redrawn from the paper's description (boxes and arrows, no model inputs)"
        for n in (1, 2, 3, 4, 5, 6, 7, 9, 11)
    },
    "shim2012:table_1": "symbolic: the closed forms derived with sympy, no numbers",
    "beyond:table_assumptions": "text: the papers' assumptions side by side",
}


def test_every_exhibit_with_numeric_inputs_has_parameters():
    """A figure or table without parameters is one of the listed schematics or symbolic tables."""
    load_all()
    exhibits = [*REGISTRY.sorted("figures"), *REGISTRY.sorted("tables")]
    assert sorted(e.id for e in exhibits if not e.parameters) == sorted(NO_NUMERIC_INPUTS)


@pytest.mark.parametrize(
    ("kind", "entry_id", "setting", "stem", "said"),
    [
        ("figures", "ogut2005:figure_reaction_curves", "q=0.4", "@q=0.4", "$q=0.4$, $L=1$"),
        ("tables", "ogut2005:table_exact_counterexamples", "L=2", "@L=2.0", "$L=2$"),
    ],
)
def test_set_on_a_converted_exhibit_changes_its_caption_and_file_name(tmp_path, kind, entry_id, setting, stem, said):
    load_all()
    entry = REGISTRY.get(entry_id)
    name, value = setting.split("=")
    assert main([kind, "--only", entry_id, "--set", setting, "--out", str(tmp_path)]) == 0
    base = entry_id.replace(":", "_")
    suffixes = ("png", "svg", "csv") if kind == "figures" else ("csv", "md")
    assert {p.name for p in tmp_path.iterdir()} == {f"{base}{stem}.{x}" for x in suffixes}
    changed = entry.caption_for(**{name: float(value)})
    assert said in changed and said not in entry.caption
    if kind == "figures":
        # the alt text's findings hold at the paper's values only; elsewhere it says what is drawn
        assert entry.alt_for(**{name: float(value)}) != entry.alt
        assert "cross once" in entry.alt and "cross once" not in entry.alt_for(**{name: float(value)})
    else:
        assert changed in (tmp_path / f"{base}{stem}.md").read_text()
