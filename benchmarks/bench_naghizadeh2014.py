"""Timings of the IDS game solvers and the Example 1 study (Naghizadeh & Liu 2014, Sections II-IV).

Targets (2 cores): social optimum and Nash equilibrium of a dense weighted-total-effort game
with N = 1000 in under 1 s each, KKT residual below 1e-9; the 1000-draw Example 1 study in
under 20 s.  The study runs with the result cache switched off.  The comparison with SciPy
(given the analytic gradient and Hessian) is ``bench_social_optimum.py``.

Usage: python benchmarks/bench_naghizadeh2014.py [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

from replication.naghizadeh2014 import nash_equilibrium, social_optimum, weighted_total_effort_instance
from replication.naghizadeh2014.studies.example1 import DRAWS, example1_study

T = TypeVar("T")


def timed(run: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Median wall time of ``repeats`` calls and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def large_instance(repeats: int) -> None:
    model = weighted_total_effort_instance(0, N=1000)
    t_so, so = timed(lambda: social_optimum(model), repeats)
    t_ne, ne = timed(lambda: nash_equilibrium(model), repeats)
    print(
        f"N = 1000 dense: social optimum {t_so:.3f} s (KKT {so.kkt_residual:.1e}, {so.iterations} Newton steps); "
        f"Nash equilibrium {t_ne:.3f} s (KKT {ne.kkt_residual:.1e}, {ne.iterations} pivots) "
        f"(targets < 1 s, KKT < 1e-9)"
    )


def study_time() -> None:
    os.environ["REPLICATION_CACHE"] = "off"
    t0 = time.perf_counter()
    study = example1_study(DRAWS)
    elapsed = time.perf_counter() - t0
    print(
        f"Example 1 study: {study.draws} draws in {elapsed:.1f} s "
        f"({1e3 * elapsed / study.draws:.1f} ms per draw; target < 20 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    large_instance(args.repeats)
    study_time()


if __name__ == "__main__":
    main()
