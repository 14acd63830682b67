"""Timings for Ogut et al. (2005): one solve, the full grid check of every claim, the exact grid.

Run from the project root:  python benchmarks/bench_ogut2005.py
The grid studies are timed with the on-disk cache switched off (cold), then with it on.
Target: every claim of the paper checked in under 20 s on 2 cores.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def timed(label: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"{label:<58} {time.perf_counter() - start:8.3f} s")


def main() -> None:
    os.environ["REPLICATION_CACHE"] = "off"
    from replication.ledger.registry import REGISTRY, load_all
    from replication.ogut2005 import equilibrium, exact_cara_equilibrium
    from replication.ogut2005.studies import exact_grid as exact_study
    from replication.ogut2005.studies import grid as study
    from replication.security.breach import ExponentialBreach

    load_all()
    breach = ExponentialBreach(0.5, 5.0)
    with timed("one equilibrium (taylor.symmetric_solutions), x20"):
        for _ in range(20):
            equilibrium(breach, L=1.0, r=0.5, q=0.5, lam=0.2)
    with timed("one exact CARA equilibrium, x20"):
        for _ in range(20):
            exact_cara_equilibrium(breach, insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    with timed(f"grid: solve {len(study.FAMILIES) * 2 * 2 * 4 * 3} points, every case (cold)"):
        study.grid()
    with timed("exact grid, 144 points (cold)"):
        exact_study.exact_grid()
    with timed("exact fair-insurance map, 36 x 36 (cold)"):
        exact_study.fair_insurance_map()
    claims = [e for e in REGISTRY.sorted("claims") if e.paper == "ogut2005"]
    with timed(f"all {len(claims)} claims after the grids"):
        for entry in claims:
            entry.check()
    study.grid.cache_clear()
    exact_study.exact_grid.cache_clear()
    study._solver.cache_clear()
    with timed(f"all {len(claims)} claims from scratch (what the CLI does, cold)"):
        for entry in claims:
            entry.check()


if __name__ == "__main__":
    main()
