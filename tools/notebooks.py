"""Maintenance of the book's notebooks: figure metadata from the registry, re-execution.

A chapter shows a registered figure with a code cell calling ``show_figure("<id>")``.
:func:`sync_metadata` writes that figure's caption (with the paper's own figure number),
its cross-reference name and its alt text into the cell's ``mystnb`` metadata, so the
registry stays the one source of both.  :func:`execute` re-runs a notebook in place so
that the stored outputs that nbval compares are fresh.

Usage: ``python -m tools.notebooks [--execute] book/**/*.ipynb``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

from replication.ledger.registry import REGISTRY, Registry, load_all

SHOW = re.compile(r"""show_figure\(\s*["']([^"']+)["']""")


def figure_label(entry_id: str) -> str:
    """Cross-reference name of a figure: ``shim2012:figure_3`` -> ``shim2012-figure-3``."""
    return entry_id.replace(":", "-").replace("_", "-")


def expected_metadata(entry_id: str, registry: Registry = REGISTRY) -> dict[str, dict[str, str]]:
    """The ``mystnb`` cell metadata of a figure cell: caption, cross-reference name and alt text from the registry."""
    entry = registry.get(entry_id, "figures")
    return {"figure": {"caption": entry.title, "name": figure_label(entry_id)}, "image": {"alt": entry.alt}}


def sync_metadata(path: Path, registry: Registry = REGISTRY, *, write: bool = True) -> list[str]:
    """Bring the figure cells of ``path`` in step with the registry.

    Returns the ids whose metadata differed (and, with ``write``, were updated).
    """
    load_all(registry)
    nb = nbformat.read(path, as_version=4)
    stale = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        ids = SHOW.findall(cell.source)
        if len(ids) > 1:
            raise ValueError(f"{path}: one show_figure per cell, found {ids}")
        if not ids:
            continue
        want = expected_metadata(ids[0], registry)
        have = cell.metadata.get("mystnb", {})
        if {k: have.get(k) for k in want} != want:
            stale.append(ids[0])
            cell.metadata["mystnb"] = {**have, **want}
    if stale and write:
        nbformat.write(nb, path)
    return stale


def execute(path: Path, timeout: int = 600) -> None:
    """Re-execute ``path`` in place with the ``python3`` kernel, from its own folder."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    """Command line: sync figure metadata of the given notebooks (and with ``--execute`` re-run them); returns 0."""
    parser = argparse.ArgumentParser(prog="python -m tools.notebooks", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--execute", action="store_true", help="re-execute each notebook in place")
    args = parser.parse_args(argv)
    for path in args.paths:
        stale = sync_metadata(path)
        if stale:
            print(f"{path}: figure metadata updated for {', '.join(stale)}")
        if args.execute:
            print(f"{path}: executing", flush=True)
            execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
