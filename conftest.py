"""Project-wide pytest hooks: nbval's execution of each chapter becomes the book's.

``make test`` executes every chapter once.  nbval runs each notebook in a fresh kernel and
compares every cell's outputs with the stored ones; with ``--executed-cache DIR`` the
notebooks in which every code cell ran and passed are written, with the outputs of that
run, into the Jupyter cache ``DIR`` that the book build reads (``execute_notebooks:
cache``).  The strict build then renders exactly what nbval executed and checked, and
executes only a chapter that nbval did not run through.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path
from typing import Any

import nbformat
import pytest

#: Python files of the book are a reader's examples (a claim of one's own registers a paper of
#: its own when imported), not modules of the package: doctest collection leaves them alone.
collect_ignore_glob = ["book/**/*.py"]

_CELLS: dict[Path, list[Any]] = defaultdict(list)
_FAILED: set[Path] = set()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--executed-cache",
        metavar="DIR",
        default=None,
        help="write each notebook nbval ran through, with its fresh outputs, into this Jupyter cache",
    )


def _notebook(item: pytest.Item) -> Path | None:
    if not hasattr(item, "test_outputs") or not hasattr(item, "cell") or item.parent is None:
        return None
    return Path(str(item.parent.path))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    path = _notebook(item)
    if path is not None and item.config.getoption("executed_cache"):
        if report.failed or report.skipped:
            _FAILED.add(path)
        elif report.when == "call":
            _CELLS[path].append(item)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = session.config.getoption("executed_cache")
    if not target:
        return
    written = Path(target) / "nbval"
    for path, items in _CELLS.items():
        nb = items[0].parent.nb
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        if path in _FAILED or len(items) != len(code):
            continue
        executed = copy.deepcopy(nb)
        cells = iter(cell for cell in executed.cells if cell.cell_type == "code")
        for count, (item, cell) in enumerate(zip(items, cells, strict=True), start=1):
            cell.outputs = copy.deepcopy(item.test_outputs)
            cell.execution_count = count
            for output in cell.outputs:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = count
        out = written / path.resolve().relative_to(session.config.rootpath)
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, out)
    if not hasattr(session.config, "workerinput"):  # the controller, after every worker
        _cache_executed(Path(target), written, session.config.rootpath)


def _cache_executed(target: Path, written: Path, root: Path) -> None:
    """Add the notebooks written by this run to the Jupyter cache, keyed on their code."""
    from jupyter_cache import get_cache

    cache = get_cache(str(target))
    for out in sorted(written.rglob("*.ipynb")):
        source = root / out.relative_to(written)
        cache.cache_notebook_file(str(out), uri=str(source), check_validity=True, overwrite=True)
