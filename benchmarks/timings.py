"""Measure, and write the README's timing table (the block between its ``timings`` markers).

Runs every ``benchmarks/bench_*.py`` in its own process and puts each result line it prints
into the table, with the machine it ran on; ``--fresh-clone`` also clones the repository
into a temporary folder and times, there, the install (``make .venv/.installed``) and then
``make test``, separately.  Nothing in the table is typed by hand: rerun ``make bench``.

Usage: python benchmarks/timings.py [--fresh-clone] [--skip STEM ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- timings:start -->", "<!-- timings:end -->"
NOTE = "<!-- written by `make bench` (benchmarks/timings.py); do not edit by hand -->"


def run_bench(script: Path) -> list[str]:
    """The result lines a benchmark script prints (its own process, this interpreter)."""
    out = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True)
    lines = [line.strip() for line in out.stdout.splitlines() if line.strip()]
    return lines if out.returncode == 0 else [*lines, f"failed with exit status {out.returncode}"]


class Table:
    """The rows measured so far; the README block is rewritten after each, so a long run
    that is stopped keeps what it measured."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str]] = []

    def add(self, what: str, result: str) -> None:
        self.rows.append((what, result))
        print(f"{what}: {result}", flush=True)
        README.write_text(rewrite(README.read_text(), table(self.rows)))


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and exit status of ``cmd`` run in ``cwd`` (output discarded)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


def test_steps(clone: Path) -> list[str]:
    """The commands ``make test`` runs, in order, as ``make -n`` prints them (sub-makes expanded)."""
    plan = subprocess.run(
        ["make", "-n", "--no-print-directory", "test"], cwd=clone, check=True, capture_output=True, text=True
    ).stdout.replace("\\\n", " ")
    return [line.strip() for line in plan.splitlines() if line.strip() and not line.startswith("make ")]


def fresh_clone(out: Table) -> None:
    """Install time, then each step of ``make test`` timed on its own, in a fresh clone of HEAD.

    Every step runs even when an earlier one fails (its exit status is reported), so the
    table shows where the time goes.
    """
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        install, status = timed(["make", ".venv/.installed"], clone)
        out.add("fresh clone: install from the lock (`make .venv/.installed`)", _result(install, status))
        total = 0.0
        for step in test_steps(clone):
            seconds, status = timed(["bash", "-c", step], clone)
            total += seconds
            out.add(f"fresh clone, `make test` step: `{step}`", _result(seconds, status))
    out.add("fresh clone: `make test` after the install (sum of its steps; target under 180 s)", f"{total:.0f} s")
    out.add("fresh clone: install + `make test`", f"{install + total:.0f} s")


def _result(seconds: float, status: int) -> str:
    return f"{seconds:.0f} s" + ("" if status == 0 else f" (exit status {status})")


def table(rows: list[tuple[str, str]]) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    head = (
        f"Measured by `make bench` on {when}: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the last row "
        "(one run each; on a shared machine times vary with its load)."
    )
    lines = [NOTE, head, "", "| benchmark | result |", "|---|---|"]
    lines += [f"| {what} | {result.replace('|', '/')} |" for what, result in rows]
    return "\n".join(lines)


def rewrite(text: str, block: str) -> str:
    """``text`` with the block between the timing markers replaced by ``block``."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"README.md has no {START} ... {END} block")
    return pattern.sub(lambda _: f"{START}\n{block}\n{END}", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh-clone", action="store_true", help="also time install and make test in a clone")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="benchmarks to leave out (file stems, with or without bench_)"
    )
    args = parser.parse_args(argv)
    out = Table()
    if args.fresh_clone:
        fresh_clone(out)
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        if script.stem in args.skip or script.stem.removeprefix("bench_") in args.skip:
            continue
        print(f"running {script.name}", flush=True)
        for line in run_bench(script):
            out.add(script.stem.removeprefix("bench_"), line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
