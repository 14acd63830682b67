"""Build time of the book against the bare execution of its notebooks.

Targets (2 cores): `make book` from a clean `_build` within 1.5x the summed bare kernel
executions of the same notebooks, and under 60 s while the book has fewer than ten
chapters; `make test` under 3 minutes (``--with-test``).  Each measurement starts from an
empty result cache, so both sides compute everything.

Usage: python benchmarks/bench_book.py [--with-test]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))  # the book tooling (tools/) is not installed with the package

from tools.toc import chapters  # noqa: E402


def bare_execution(notebooks: list[Path], cache: Path) -> dict[str, float]:
    """Seconds to execute each notebook in a fresh kernel, outputs discarded."""
    os.environ["REPLICATION_CACHE_DIR"] = str(cache)
    times = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        times[path.relative_to(ROOT).as_posix()] = time.perf_counter() - t0
    return times


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--with-test", action="store_true", help="also time `make test`")
    args = parser.parse_args()
    notebooks = [ROOT / f"{doc}.ipynb" for doc in chapters() if (ROOT / f"{doc}.ipynb").is_file()]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        bare = bare_execution(notebooks, Path(tmp) / "bare-cache")
        for name, seconds in bare.items():
            print(f"  bare execution {name:45s} {seconds:6.1f} s")
        total = sum(bare.values())
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        env = {**os.environ, "REPLICATION_CACHE_DIR": str(Path(tmp) / "book-cache")}
        build = timed(["make", "book"], env)
    print(f"bare execution of {len(notebooks)} notebooks: {total:.1f} s")
    print(f"make book from a clean _build:        {build:.1f} s")
    print(f"ratio build / bare execution:         {build / total:.2f} (target <= 1.5)")
    if args.with_test:
        test = timed(["make", "test"], dict(os.environ))
        print(f"make test (after install):            {test:.1f} s (target < 180 s)")


if __name__ == "__main__":
    main()
