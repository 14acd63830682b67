"""The installed environment is exactly requirements.lock, and the lock is in step with its inputs.

``make`` builds ``.venv`` from the lock with hash checking (uv, or pip); these tests
fail when a package was added, removed or changed by hand, when a top-level pin
(``requirements.in``, ``pyproject.toml``) was edited without ``make lock``, or when code
imports a module that no declared dependency provides.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        if match := PIN.match(line):
            pins[normalise(match.group(1))] = match.group(2)
    return pins


REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^]]*\])?\s*(.*?)\s*(?:;.*)?$")


def package_requirements() -> dict[str, str]:
    """The package's dependencies and every extra's, ``{name: specifier}`` (``"numpy": ">=2.0"``)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    specs = {}
    for dep in declared:
        match = REQUIREMENT.match(dep)
        assert match, f"not a requirement: {dep!r}"
        specs[normalise(match.group(1))] = match.group(2)
    return specs


def top_level() -> dict[str, str | None]:
    """Top-level requirements: requirements.in (pinned) and the package's dependencies and
    extras (ranges; an exact ``==`` there would pin too)."""
    pins: dict[str, str | None] = {}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[normalise(name)] = version or None
    for name, spec in package_requirements().items():
        pins[name] = spec[2:] if spec.startswith("==") else pins.get(name)
    return pins


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_package_dependencies_are_ranges_with_lower_bounds_that_the_lock_meets():
    """The library's users are not held to the book's pins: each dependency of the package (and
    of its extras) has a lower bound, none is pinned exactly, and the locked version meets it."""
    lock = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11", "no upper cap on Python"
    for name, spec in package_requirements().items():
        assert "==" not in spec and "~=" not in spec, f"{name}{spec}: a range, not a pin"
        lower = re.search(r">=\s*([0-9][^,\s]*)", spec)
        assert lower, f"{name}{spec}: no lower bound"
        assert _version(lock[name]) >= _version(lower.group(1)), f"{name}: locked {lock[name]} is below {spec}"
        upper = re.search(r"<\s*([0-9][^,\s]*)", spec)
        assert upper is None or _version(lock[name]) < _version(upper.group(1)), f"{name}: locked above {spec}"


def test_every_locked_line_is_pinned_and_hashed():
    text = LOCK.read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1] if text.startswith("#") else text)
    for entry in entries:
        if not entry.strip() or entry.lstrip().startswith("#"):
            continue
        assert PIN.match(entry), f"not pinned exactly: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"no hash: {entry.splitlines()[0]}"


def test_lock_holds_every_top_level_pin():
    lock = locked()
    for name, version in top_level().items():
        assert name in lock, f"{name} is required but not in requirements.lock: run `make lock`"
        if version is not None:
            assert lock[name] == version, f"{name}: pinned {version}, locked {lock[name]}: run `make lock`"


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="checks the environment that `make` builds in .venv",
)
def test_installed_environment_is_exactly_the_lock():
    installed = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("replication", None)  # the package itself, by its old and its current name
    installed.pop("cyberinsurance-replication", None)
    lock = locked()
    differ = {
        name: (lock.get(name), installed.get(name))
        for name in lock.keys() | installed.keys()
        if lock.get(name) != installed.get(name)
    }
    assert not differ, f"installed environment differs from requirements.lock (locked, installed): {differ}"


def imported_modules() -> set[str]:
    sources = [p.read_text() for d in ("replication", "tools", "tests", "benchmarks") for p in (ROOT / d).rglob("*.py")]
    sources.append((ROOT / "conftest.py").read_text())
    for path in (ROOT / "book").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        sources.append("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    names = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"replication", "tools", "tests", "benchmarks", "conftest"}  # ours


def test_every_imported_module_comes_from_a_declared_dependency():
    """Each third-party module that code imports is provided by a top-level requirement."""
    provided = metadata.packages_distributions()
    declared = set(top_level())
    for module in sorted(imported_modules()):
        dists = {normalise(d) for d in provided.get(module, [])}
        assert dists, f"module {module} is imported but no installed distribution provides it"
        assert dists & declared, f"module {module} (from {sorted(dists)}) is imported but not a declared dependency"
