"""The plan of the house holds: folders of a dozen modules at most, modules of about 500 lines,
no import cycle, the papers' one shape, and papers that import without matplotlib or sympy."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "replication"
PAPERS = ("shim2012", "ogut2005", "naghizadeh2014", "beyond")
MAX_MODULES = 12
MAX_LINES = 550


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports, anywhere in its code (a lazy import is an arrow too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the import graph, or None (a package importing its own submodules is no cycle)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    known = modules()
    graph = {name: imports_of(name, path, set(known)) for name, path in known.items()}
    assert graph["replication.naghizadeh2014.studies.participation"]  # the graph has arrows
    cycle = find_cycle(graph)
    assert cycle is None, f"import cycle: {' -> '.join(cycle or [])}"


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}}) == ["p.a", "p.b", "p.c", "p.a"]
    assert find_cycle({"p": {"p.a"}, "p.a": {"p"}}) is None  # a package and its own submodule


def test_folders_hold_about_a_dozen_modules():
    crowded = {
        str(folder.relative_to(ROOT)): n
        for folder in [PACKAGE, *sorted(p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__")]
        if (n := len([f for f in folder.glob("*.py") if f.name != "__init__.py"])) > MAX_MODULES
    }
    assert not crowded, f"folders with more than {MAX_MODULES} modules: {crowded}"


#: A numpydoc section title (the line after it is its underline).
SECTION = re.compile(r"^\s*(Parameters|Attributes|Returns|Yields|Raises|Warns|See Also|Notes|References|Examples)\s*$")


def reference_lines(source: str) -> int:
    """Lines of the docstrings' numpydoc sections (from a docstring's first section to its end).

    They are the API reference and its runnable examples, which every public entry point
    carries (``tests/repository/test_docstrings.py``): the size rule counts the code and the
    prose, not them.
    """
    lines = source.splitlines()
    count = 0
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not body:
            continue
        doc = body[0]
        if not (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
            continue
        start, end = doc.lineno - 1, doc.end_lineno or doc.lineno
        for i in range(start, end - 1):
            if SECTION.match(lines[i]) and set(lines[i + 1].strip()) == {"-"}:
                count += end - i
                break
    return count


def code_and_prose_lines(path: Path) -> int:
    source = path.read_text()
    return len(source.splitlines()) - reference_lines(source)


def test_modules_are_about_500_lines_at_most():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := code_and_prose_lines(p)) > MAX_LINES}
    assert not long, f"modules above {MAX_LINES} lines (numpydoc sections not counted): {long}"


def test_the_size_rule_counts_code_and_prose_but_not_the_reference_sections():
    documented = (
        'def f(x):\n    """Sum.\n\n    Prose.\n\n    Parameters\n    ----------\n    x : int\n    """\n    return x\n'
    )
    assert reference_lines(documented) == 4  # Parameters, its underline, one entry, the closing quotes
    assert reference_lines('def f(x):\n    """Sum.\n\n    Parameters are prose here.\n    """\n') == 0


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_has_the_one_shape(paper):
    folder = PACKAGE / paper
    for part in ("model", "exhibits", "claims"):
        assert (folder / part / "__init__.py").is_file(), f"{paper} has no {part}/ package"
    assert (folder / "inventory.py").is_file() and (folder / "explore.py").is_file()
    loose = sorted(p.name for p in folder.glob("*.py") if p.name not in {"__init__.py", "inventory.py", "explore.py"})
    assert not loose, f"{paper}: modules outside the shared shape: {loose}"


@pytest.mark.parametrize("package", [f"replication.{p}" for p in PAPERS[:3]] + ["replication.security", "replication"])
def test_importing_a_paper_loads_neither_matplotlib_nor_sympy(package):
    code = f"import sys, {package}; print(sorted(m for m in ('matplotlib', 'sympy', 'IPython') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", f"{package} loads {done.stdout.strip()}"
