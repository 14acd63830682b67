"""Command line: write every registered figure, table and claim to a folder::

    python -m replication figures|tables|claims|all --out DIR [--only ID ...] [--contrast]

Per figure: ``<stem>.png``, ``<stem>.svg`` and ``<stem>.csv`` (the data drawn); per
table: ``<stem>.csv``, ``<stem>.md`` (and ``<stem>.tex`` where it has LaTeX); for the
claims: ``claims.json``.  ``<stem>`` is the id with ``:`` replaced by ``_``.  Two runs
write byte-identical files.

Every file is written under a hidden temporary name and renamed into place, so an
interrupted run leaves only complete files; the temporary files of a killed run are
removed by the next run.  Ctrl-C (or ``SIGTERM``) and a failed write (a full disk) end the
run with one line on standard error and a non-zero exit status (130 or 143 for an
interruption, 1 for a failed write), never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from replication.core.cache import CacheWarning
from replication.drawing.output import (
    claim_record,
    data_csv,
    file_stem,
    remove_stale_temporaries,
    save_figure,
    write_json,
    write_table,
    write_text,
)
from replication.ledger.checks import check, check_contrast
from replication.ledger.papers import PAPERS
from replication.ledger.registry import REGISTRY, Registry, UnknownIdError, load_all

KINDS = ("figures", "tables", "claims")


def _papers_of(only: Sequence[str] | None) -> list[str] | None:
    """The papers whose ids are asked for (``None``: every paper, also for an id of no known paper)."""
    if not only:
        return None
    papers = sorted({entry_id.partition(":")[0] for entry_id in only})
    return papers if all(paper in PAPERS for paper in papers) else None


def _packages_of(kinds: Sequence[str]) -> tuple[str, ...]:
    """The registering subpackages that hold ``kinds``: exhibits for figures and tables, claims for claims."""
    return tuple(dict.fromkeys("claims" if kind == "claims" else "exhibits" for kind in kinds))


def _selected(registry: Registry, kinds: Sequence[str], only: Sequence[str] | None) -> dict[str, list]:
    chosen = {kind: registry.sorted(kind) for kind in kinds}
    if not only:
        return chosen
    known = {e.id for entries in chosen.values() for e in entries}
    unknown = [i for i in only if i not in known]
    if unknown:
        valid = ", ".join(sorted(known)) or "(none registered)"
        raise UnknownIdError(f"unknown id(s) {', '.join(unknown)} for {'/'.join(kinds)}; valid ids are: {valid}")
    wanted = set(only)
    return {kind: [e for e in entries if e.id in wanted] for kind, entries in chosen.items()}


def run(
    kinds: Sequence[str],
    out: Path,
    only: Sequence[str] | None = None,
    registry: Registry = REGISTRY,
    log=print,
    contrast: bool = False,
) -> list[Path]:
    """Write the selected items to ``out``; return the files written.

    With ``contrast``, every claim's contrast case is checked too and its status written
    into ``claims.json`` next to the claim's own.
    """
    load_all(registry, papers=_papers_of(only), packages=_packages_of(kinds))
    selected = _selected(registry, kinds, only)
    remove_stale_temporaries(out)
    total = sum(len(v) for v in selected.values())
    written: list[Path] = []
    done = 0

    def progress(entry_id: str, paths: list[Path], started: float) -> None:
        nonlocal done
        done += 1
        names = ", ".join(p.name for p in paths)
        log(f"[{done}/{total}] {entry_id} -> {names} ({time.perf_counter() - started:.1f} s)")

    for entry in selected.get("figures", []):
        t0 = time.perf_counter()
        made = entry.make()
        stem = out / file_stem(entry.id)
        paths = save_figure(made.figure, stem)
        paths.append(write_text(stem.with_suffix(".csv"), data_csv(made.data)))
        written += paths
        progress(entry.id, paths, t0)
    for entry in selected.get("tables", []):
        t0 = time.perf_counter()
        paths = write_table(entry.make(), out / file_stem(entry.id), entry.title)
        written += paths
        progress(entry.id, paths, t0)
    if "claims" in selected:
        records = []
        for entry in selected["claims"]:
            t0 = time.perf_counter()
            result = check(entry)
            other = check_contrast(entry) if contrast else None
            records.append(claim_record(entry, result, other))
            done += 1
            versus = f"; contrast: {other.status}" if other is not None else ""
            log(f"[{done}/{total}] {entry.id}: {result.status}{versus} ({time.perf_counter() - t0:.1f} s)")
        written.append(write_json(records, out / "claims.json"))
    remove_stale_temporaries(out)
    return written


class OutputFolderError(ValueError):
    """``--out`` cannot hold the outputs (a file, or a folder that cannot be written)."""


def check_out(out: Path) -> Path:
    """Make sure ``out`` is (or can be made) a writable folder, before any work is done."""
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise OutputFolderError(f"--out {out} is not a writable folder: {err.strerror or err}") from None
    return out


class Terminated(KeyboardInterrupt):
    """The run was asked to stop by a signal (``SIGTERM``), handled like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def failure_message(err: BaseException, out: Path) -> tuple[int, str]:
    """The exit status and the one line on standard error for a run that stopped with ``err``
    (an interruption or a failed write)."""
    if isinstance(err, KeyboardInterrupt):
        signum = err.signum if isinstance(err, Terminated) else signal.SIGINT
        name = signal.Signals(signum).name
        return 128 + signum, (
            f"interrupted ({name}): the files already in {out} are complete; run again to write the rest"
        )
    assert isinstance(err, OSError)
    where = f" ({err.filename})" if err.filename else ""
    if err.errno == errno.ENOSPC:
        return 1, f"error: no space left on the device while writing to {out}{where}; nothing partial was left"
    return 1, f"error: cannot write to {out}{where}: {err.strerror or err}"


def _format_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    """A cache warning as one line on stderr (``warning: ...``), others as Python prints them."""
    if issubclass(category, CacheWarning):
        return f"warning: {message}\n"
    return _PYTHON_FORMAT(message, category, filename, lineno, line)


_PYTHON_FORMAT = warnings.formatwarning


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the figures, tables and claims of the registry (``--help``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m replication", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=(*KINDS, "all"), help="which registry to write")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these ids, e.g. shim2012:figure_3")
    parser.add_argument(
        "--contrast",
        action="store_true",
        help="also check every claim's contrast case and write its status to claims.json",
    )
    args = parser.parse_args(argv)
    kinds = KINDS if args.what == "all" else (args.what,)
    previous = signal.signal(signal.SIGTERM, _terminate)
    warnings.formatwarning = _format_warning
    try:
        check_out(args.out)
        run(kinds, args.out, args.only, contrast=args.contrast)
    except (UnknownIdError, OutputFolderError) as err:
        parser.exit(2, f"error: {err}\n")
    except (KeyboardInterrupt, OSError) as err:
        status, line = failure_message(err, args.out)
        parser.exit(status, line + "\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
        warnings.formatwarning = _PYTHON_FORMAT
    return 0


if __name__ == "__main__":
    sys.exit(main())
