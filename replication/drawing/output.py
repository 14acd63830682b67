"""Byte-deterministic writers for figures (PNG, SVG), data (CSV), tables (CSV, Markdown,
LaTeX) and claims (JSON).

Every file is written to a temporary name in its folder and renamed into place
(:func:`atomic_write`), so an interrupted run never leaves a truncated file under its
final name, and the temporary files a killed run leaves behind are removed by the next run
(:func:`remove_stale_temporaries`).

Determinism: PNG without the ``Software`` entry, SVG without a date and with a fixed
hash salt for its element ids, CSV floats written with ``repr`` (shortest round-trip),
JSON with sorted keys.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import urllib.parse
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from replication.core.cache import stale_temporary
from replication.drawing.exhibit import Column, Table, check_columns

PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}
DPI = 150


def file_stem(entry_id: str, parameters: Mapping[str, Any] | None = None) -> str:
    """File name stem of an id and the parameters that differ from the paper's values.

    ``shim2012:figure_3`` -> ``shim2012_figure_3`` (a paper key has no ``_``, so the id can
    be read back); with parameters, ``@NAME=VALUE`` is appended for each, sorted by name,
    the value written by :func:`parameter_text` and percent-encoded so that only letters,
    digits and ``_.-~%`` remain: ``shim2012_figure_8@lam=0.3@q=0.25``.  Distinct ids or
    values give distinct stems, and the stem is safe on every common file system.
    """
    stem = entry_id.replace(":", "_")
    for name in sorted(parameters or {}):
        value = urllib.parse.quote(parameter_text(parameters[name]), safe="")  # type: ignore[index]
        stem += f"@{urllib.parse.quote(name, safe='')}={value}"
    return stem


def parameter_text(value: Any) -> str:
    """A parameter's value as text: floats by ``repr`` (shortest round trip), booleans as
    ``true``/``false``, integers and strings as they are."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def with_suffix(stem: Path, suffix: str) -> Path:
    """``stem`` with ``suffix`` appended (a stem may hold dots, e.g. ``@lam=0.3``)."""
    return stem.with_name(stem.name + suffix)


def temporary_name(path: Path) -> Path:
    """The hidden temporary file :func:`atomic_write` writes before renaming it to ``path``:
    ``.<name>.<process id>.tmp`` in the same folder."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the hidden temporary files (``.*.tmp``) that interrupted or killed runs left in
    ``folder``: those whose writing process no longer runs or that carry no process id (a
    running writer's are kept); return what was removed."""
    removed = []
    for path in sorted(folder.glob(".*.tmp")):
        if path.is_file() and stale_temporary(path):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue
            removed.append(path)
    return removed


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it to ``path`` when the block ends
    normally, remove it when the block raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through :func:`atomic_write`."""
    with atomic_write(path) as tmp:
        tmp.write_text(text)
    return path


def save_figure(fig: Figure, stem: Path) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` byte-deterministically; return the paths."""
    png, svg = with_suffix(stem, ".png"), with_suffix(stem, ".svg")
    with mpl.rc_context({"svg.hashsalt": "replication"}):
        with atomic_write(png) as tmp:
            fig.savefig(tmp, format="png", dpi=DPI, metadata=PNG_METADATA)
        with atomic_write(svg) as tmp, warnings.catch_warnings():
            # After the PNG pass, Matplotlib's constrained layout may decline to run again at
            # the SVG's 72 dpi ("axes sizes collapsed to zero") and keeps the layout it has
            # just computed, which is in figure fractions and so the same drawing (within a
            # fraction of a point): nothing for a reader of the output to act on.
            warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
            fig.savefig(tmp, format="svg", metadata=SVG_METADATA)
    return [png, svg]


def _cell(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return "nan" if math.isnan(x) else repr(x)
    return str(value)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``rows`` under the header ``columns`` as CSV text, floats written with ``repr`` (byte-deterministic)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def data_csv(data: Mapping[str, Column]) -> str:
    """CSV text of a figure's data (equal-length columns)."""
    check_columns(data)
    columns = list(data)
    return csv_text(columns, zip(*(data[c] for c in columns)))


def table_markdown(table: Table, title: str | None = None) -> str:
    """A pipe table with the title above and the notes below."""

    def esc(v: Any) -> str:
        return _cell(v).replace("|", "\\|")

    lines = [f"**{title}**", ""] if title else []
    lines.append("| " + " | ".join(esc(c) for c in table.columns) + " |")
    lines.append("|" + "|".join("---" for _ in table.columns) + "|")
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in table.rows]
    if table.notes:
        lines.append("")
        lines += [f"{i}. {note}" for i, note in enumerate(table.notes, start=1)]
    return "\n".join(lines) + "\n"


def write_table(table: Table, stem: Path, title: str) -> list[Path]:
    """Write ``stem.csv``, ``stem.md`` and, when the table has one, ``stem.tex``."""
    paths = [
        write_text(with_suffix(stem, ".csv"), csv_text(table.columns, table.rows)),
        write_text(with_suffix(stem, ".md"), table_markdown(table, title)),
    ]
    if table.latex:
        paths.append(write_text(with_suffix(stem, ".tex"), table.latex.rstrip() + "\n"))
    return paths


def jsonable(value: Any) -> Any:
    """Numpy scalars and arrays as plain Python, recursively; non-finite floats as strings."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return x if math.isfinite(x) else str(x)
    return value


def write_json(records: Any, path: Path) -> Path:
    """Write ``records`` to ``path`` as JSON with sorted keys and a final newline (atomically); returns ``path``."""
    return write_text(path, json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
