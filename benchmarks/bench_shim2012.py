"""Timings for Shim (2012): one solve (package scan against the shared solver), the claim
grid, and each claim on its own in a fresh cache state.

Run from the project root:  python benchmarks/bench_shim2012.py
Everything is timed with the on-disk cache switched off (cold).  Targets: the grid of
claims in a few seconds, every claim under ~5 s cold.
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
    print(f"{label:<62} {time.perf_counter() - start:8.3f} s")


def main() -> None:
    os.environ["REPLICATION_CACHE"] = "off"
    from replication.ledger.registry import REGISTRY, load_all
    from replication.security import ExponentialBreach, Untargeted, symmetric_solutions
    from replication.shim2012.model import game as model
    from replication.shim2012.studies import grid

    load_all()
    breach = ExponentialBreach(0.5, 5.0)
    with timed("shared solver taylor.symmetric_solutions (untargeted), x20"):
        for _ in range(20):
            symmetric_solutions(breach, Untargeted(0.5), insured=True, L=1.0, r=0.5, lam=0.2)
    with timed("package scan model.solve_all (untargeted), x20 (no memo)"):
        for k in range(20):
            model.solve_all(
                model.validated(breach, case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2 + 1e-9 * k)
            )
    model._solutions.cache_clear()
    with timed(f"claim grid: {len(grid.FAMILIES) * 27} points x 12 solutions (cold)"):
        grid.grid()
    for entry in REGISTRY.sorted("claims"):
        if entry.paper != "shim2012":
            continue
        model._solutions.cache_clear()
        with timed(f"claim {entry.id}"):
            entry.check()


if __name__ == "__main__":
    main()
