"""Project files in step: environment.yml pins, README map, notebooks and the registry."""

import json
import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from replication.ledger.registry import REGISTRY, load_all
from tools import readme
from tools.notebooks import SHOW, sync_metadata
from tools.toc import chapters

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.in must pin exactly: {line}"
            pins[normalise(name)] = version
    return pins


def test_environment_yml_pins_exactly_what_requirements_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if "==" in item:
                    name, version = item.split("==")
                    pip[normalise(name)] = version
        elif "=" in dep:
            name, version = dep.split("=")
            conda[normalise(name)] = version
    python = conda.pop("python")
    assert {**conda, **pip} == requirement_pins()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f">={python}" in requires


def test_jupyter_book_is_pinned_below_2():
    assert requirement_pins()["jupyter-book"].startswith("1.")


def test_ci_runs_exactly_the_readme_test_commands():
    """The README's first code block gives the build and the test commands; CI ends in the latter,
    in the README's order, each called once."""
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert commands == ["make book", "make test", "make test-artifacts"]
    ci = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci[-2:] == commands[1:]
    assert all(sum(line == c for line in ci) == 1 for c in commands[1:])


def test_readme_figure_map_is_current():
    text = (ROOT / "README.md").read_text()
    assert readme.render(text) == text, "README figure/table map is stale: run `make readme-map`"


def test_every_toc_chapter_exists():
    for doc in chapters(ROOT / "_toc.yml"):
        assert (ROOT / f"{doc}.ipynb").is_file() or (ROOT / f"{doc}.md").is_file(), doc


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_executed_clean_and_in_step_with_the_registry(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "commit notebooks executed"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", "a stored error output"
            assert "/work/" not in json.dumps(out) and "/root/" not in json.dumps(out), "a machine path in an output"
    assert sync_metadata(path, write=False) == [], "figure metadata stale: run python -m tools.notebooks"


def test_every_registered_figure_is_shown_in_its_chapter():
    load_all()
    shown = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for entry_id in SHOW.findall(cell.source) if cell.cell_type == "code" else []:
                shown[entry_id] = path.relative_to(ROOT).with_suffix("").as_posix()
    for entry in REGISTRY.figures.values():
        assert shown.get(entry.id) == entry.chapter, f"{entry.id} is not shown in {entry.chapter}"
