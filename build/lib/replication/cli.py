"""Command line: write every registered figure, table and claim to a folder::

    python -m replication figures|tables|claims|all --out DIR [--only ID ...] [--contrast]
        [--module PATH ...] [--set NAME=VALUE ...]
    python -m replication list         # every figure, table and claim id, one a line
    python -m replication --version

Per figure: ``<stem>.png``, ``<stem>.svg`` and ``<stem>.csv`` (the data drawn); per
table: ``<stem>.csv``, ``<stem>.md`` (and ``<stem>.tex`` where it has LaTeX); for the
claims: ``claims.json``.  ``<stem>`` is the id with ``:`` replaced by ``_``, followed by
``@NAME=VALUE`` for every parameter set to other than the paper's value
(:func:`replication.drawing.output.file_stem`).  Two runs write byte-identical files.

``--module PATH`` runs a Python file of one's own that registers papers, claims, figures
or tables (``from replication import claim, register_paper``) and writes only what it
registered; each of its claims with a contrast case has the contrast checked too (a
contrast with the claim's own verdict is an error).  ``--set NAME=VALUE`` draws the
figures and tables chosen with ``--only`` at another value of a parameter (a number,
``true``/``false`` or text, read as the type of the paper's value); a name an exhibit
does not take is an error listing those it does.

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import replication
from replication.core.cache import CacheWarning
from replication.core.papers import PAPERS
from replication.drawing.output import (
    data_csv,
    file_stem,
    remove_stale_temporaries,
    save_figure,
    with_suffix,
    write_json,
    write_table,
    write_text,
)
from replication.ledger.checks import check, check_contrast, claim_record
from replication.ledger.own import entries_of, load_module
from replication.ledger.registry import (
    REGISTRY,
    ContrastError,
    ModulePathError,
    Registry,
    UnknownIdError,
    UnknownParameterError,
    load_all,
)

KINDS = ("figures", "tables", "claims")


class SettingError(ValueError):
    """A ``--set NAME=VALUE`` that cannot be used (malformed, or a value of the wrong kind)."""


_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


def parse_value(name: str, text: str, default: Any) -> Any:
    """``text`` read as a value of the kind of ``default`` (the paper's value of parameter ``name``).

    A boolean default takes ``true``/``false`` (``yes``/``no``, ``on``/``off``, ``1``/``0``);
    an integer default an integer; a float default any finite or infinite number (an integer
    is read as a float); a text default the text as it is.  For any other default the text is
    read as an integer, a float, a boolean or else text, in that order.  Nothing is evaluated
    as code.  Raises :class:`SettingError` naming the parameter when ``text`` does not fit.
    """
    lowered = text.strip().lower()
    if isinstance(default, bool):
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise SettingError(f"--set {name}={text}: {name} is true or false")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise SettingError(f"--set {name}={text}: {name} is an integer (the paper's value is {default})") from None
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise SettingError(f"--set {name}={text}: {name} is a number (the paper's value is {default!r})") from None
    if isinstance(default, str):
        return text
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    if lowered in {"true", "false"}:
        return lowered == "true"
    return text


def parse_settings(settings: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings as a mapping; :class:`SettingError` for a malformed one or a name given twice."""
    out: dict[str, str] = {}
    for item in settings:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise SettingError(f"--set {item!r}: expected NAME=VALUE, e.g. --set lam=0.3")
        if name in out:
            raise SettingError(f"--set {name} is given twice")
        out[name] = text
    return out


def typed_settings(entry: Any, settings: Mapping[str, str]) -> dict[str, Any]:
    """The ``--set`` values for ``entry``, each read as the kind of its paper's value
    (:func:`parse_value`); :class:`UnknownParameterError` for a name it does not take."""
    entry.values(**dict.fromkeys(settings))  # unknown names first, listing the accepted ones
    defaults = entry.parameters
    return {name: parse_value(name, text, defaults[name]) for name, text in settings.items()}


def _papers_of(only: Sequence[str] | None) -> list[str] | None:
    """The papers whose ids are asked for (``None``: every paper, also for an id of no known paper)."""
    if not only:
        return None
    papers = sorted({entry_id.partition(":")[0] for entry_id in only})
    return papers if all(paper in PAPERS for paper in papers) else None


def _packages_of(kinds: Sequence[str]) -> tuple[str, ...]:
    """The registering subpackages that hold ``kinds``: exhibits for figures and tables, claims for claims."""
    return tuple(dict.fromkeys("claims" if kind == "claims" else "exhibits" for kind in kinds))


def _selected(
    registry: Registry, kinds: Sequence[str], only: Sequence[str] | None, modules: Sequence[Any] = ()
) -> dict[str, list]:
    chosen = {kind: registry.sorted(kind) for kind in kinds}
    if modules:
        own = {e.id for module in modules for e in entries_of(module, registry)}
        chosen = {kind: [e for e in entries if e.id in own] for kind, entries in chosen.items()}
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
    modules: Sequence[str | Path] = (),
    settings: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the selected items to ``out``; return the files written.

    With ``contrast``, every claim's contrast case is checked too and its status written
    into ``claims.json`` next to the claim's own.  ``modules`` are files of one's own
    (:func:`replication.ledger.own.load_module`): only what they register is written,
    and their claims' contrast cases are always checked.  ``settings`` (``NAME``: ``VALUE``
    text) are parameters for the figures and tables chosen by ``only``; they need ``only``.
    """
    loaded = [load_module(path, registry) for path in modules]
    if not loaded:  # a module of one's own is written alone (--only chooses among its entries)
        load_all(registry, papers=_papers_of(only), packages=_packages_of(kinds))
    selected = _selected(registry, kinds, only, loaded)
    if settings and not only:
        raise SettingError("--set needs --only: name the figures or tables to draw at the values set")
    if settings and "claims" in kinds:
        raise SettingError("--set applies to figures and tables; a claim has no parameters")
    values = {e.id: typed_settings(e, settings or {}) for k in ("figures", "tables") for e in selected.get(k, [])}
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
        given = values[entry.id]
        made = entry.make(**given)
        stem = out / file_stem(entry.id, entry.changed(**given))
        paths = save_figure(made.figure, stem)
        paths.append(write_text(with_suffix(stem, ".csv"), data_csv(made.data)))
        written += paths
        progress(entry.id, paths, t0)
        if given:
            log(f"    caption: {entry.caption_for(**given)}")
    for entry in selected.get("tables", []):
        t0 = time.perf_counter()
        given = values[entry.id]
        stem = out / file_stem(entry.id, entry.changed(**given))
        paths = write_table(entry.make(**given), stem, entry.title_for(**given))
        written += paths
        progress(entry.id, paths, t0)
        if given:
            log(f"    caption: {entry.caption_for(**given)}")
    if "claims" in selected:
        records = []
        for entry in selected["claims"]:
            t0 = time.perf_counter()
            result = check(entry)
            other = check_contrast(entry) if (contrast or loaded) and entry.contrast else None
            records.append(claim_record(entry, result, other))
            done += 1
            versus = f"; contrast: {other.status}" if other is not None else ""
            log(f"[{done}/{total}] {entry.id}: {result.status}{versus} ({time.perf_counter() - t0:.1f} s)")
        written.append(write_json(records, out / "claims.json"))
    remove_stale_temporaries(out)
    return written


def listing(registry: Registry = REGISTRY) -> list[str]:
    """Every registered id, one line each: kind, id and title (or the claim's label),
    separated by tabs, figures then tables then claims, each in paper order."""
    load_all(registry)
    lines = []
    for kind in KINDS:
        for entry in registry.sorted(kind):
            title = entry.label if kind == "claims" else entry.title
            lines.append(f"{kind[:-1]}\t{entry.id}\t{' '.join(title.split())}")
    return lines


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
    parser.add_argument("--version", action="version", version=f"%(prog)s {replication.__version__}")
    parser.add_argument(
        "what", choices=(*KINDS, "all", "list"), help="which registry to write (list: print every id instead)"
    )
    parser.add_argument("--out", type=Path, help="output folder (required but for list)")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these ids, e.g. shim2012:figure_3")
    parser.add_argument(
        "--contrast",
        action="store_true",
        help="also check every claim's contrast case and write its status to claims.json",
    )
    parser.add_argument(
        "--module",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="a Python file of one's own registering claims, figures or tables; only its entries are written",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="draw the --only figures or tables with a parameter at another value (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.what == "list":
        try:
            print("\n".join(listing()), flush=True)
        except BrokenPipeError:  # `... list | head`: the reader stopped early, which is fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if args.out is None:
        parser.error("the following arguments are required: --out")
    kinds = KINDS if args.what == "all" else (args.what,)
    previous = signal.signal(signal.SIGTERM, _terminate)
    warnings.formatwarning = _format_warning
    try:
        settings = parse_settings(args.set)
        check_out(args.out)
        run(kinds, args.out, args.only, contrast=args.contrast, modules=args.module, settings=settings)
    except (UnknownIdError, OutputFolderError, SettingError, UnknownParameterError, ContrastError) as err:
        parser.exit(2, f"error: {err}\n")
    except ModulePathError as err:
        parser.exit(2, f"error: --module: {err}\n")
    except (KeyboardInterrupt, OSError) as err:
        status, line = failure_message(err, args.out)
        parser.exit(status, line + "\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
        warnings.formatwarning = _PYTHON_FORMAT
    return 0


if __name__ == "__main__":
    sys.exit(main())
