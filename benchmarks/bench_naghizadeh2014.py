"""Timings of the IDS game solvers and the Example 1 study (Naghizadeh & Liu 2014, Sections II-IV).

Targets (2 cores): social optimum and Nash equilibrium of a dense weighted-total-effort game
with N = 1000 in under 1 s each, KKT residual below 1e-9; at N = 100 the social optimum at
least 50x faster than ``scipy.optimize.minimize`` (L-BFGS-B, finite-difference gradients) on
the same instance, and more accurate; the 1000-draw Example 1 study in under 20 s.  The
study runs with the result cache switched off.

Usage: python benchmarks/bench_naghizadeh2014.py [--repeats R] [--draws D]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Callable, TypeVar

import numpy as np
from scipy.optimize import minimize

from replication.core.solvers import kkt_residual
from replication.naghizadeh2014 import nash_equilibrium, social_optimum, weighted_total_effort_instance
from replication.naghizadeh2014.experiments.example1 import DRAWS, example1_study
from replication.naghizadeh2014.game.models import WeightedTotalEffort

T = TypeVar("T")


def timed(run: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Median wall time of ``repeats`` calls and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def social_gradient(model: WeightedTotalEffort, x: np.ndarray) -> np.ndarray:
    return model.cost_jacobian(x).sum(axis=0)


def scipy_social_optimum(model: WeightedTotalEffort) -> np.ndarray:
    """The baseline: L-BFGS-B on the social cost with finite-difference gradients, from 0."""
    res = minimize(model.social_cost, np.zeros(model.N), method="L-BFGS-B",
                   bounds=[(0.0, None)] * model.N)
    return res.x


def large_instance(repeats: int) -> None:
    model = weighted_total_effort_instance(0, N=1000)
    t_so, so = timed(lambda: social_optimum(model), repeats)
    t_ne, ne = timed(lambda: nash_equilibrium(model), repeats)
    print(f"N = 1000 dense: social optimum {t_so:.3f} s (KKT {so.kkt_residual:.1e}, {so.iterations} Newton steps); "
          f"Nash equilibrium {t_ne:.3f} s (KKT {ne.kkt_residual:.1e}, {ne.iterations} pivots) "
          f"(targets < 1 s, KKT < 1e-9)")


def against_scipy(repeats: int, seeds: range) -> None:
    """Our social optimum against the scipy baseline on several N = 100 draws."""
    ratios = []
    for seed in seeds:
        model = weighted_total_effort_instance(seed, N=100)
        t_ours, ours = timed(lambda: social_optimum(model), repeats)
        t_scipy, x_scipy = timed(lambda: scipy_social_optimum(model), 1)
        kkt_scipy = kkt_residual(x_scipy, social_gradient(model, x_scipy))
        gap = model.social_cost(x_scipy) - model.social_cost(ours.x)
        ratios.append(t_scipy / t_ours)
        print(f"N = 100, seed {seed}: ours {1e3 * t_ours:.1f} ms (KKT {ours.kkt_residual:.1e}); scipy L-BFGS-B "
              f"with finite differences {1e3 * t_scipy:.0f} ms (KKT {kkt_scipy:.1e}, cost {gap:.1e} above ours); "
              f"ratio {ratios[-1]:.0f}x")
    print(f"N = 100 speed ratio over {len(ratios)} draws: median {statistics.median(ratios):.0f}x, "
          f"min {min(ratios):.0f}x (target >= 50x)")


def study_time() -> None:
    os.environ["REPLICATION_CACHE"] = "off"
    t0 = time.perf_counter()
    study = example1_study(DRAWS)
    elapsed = time.perf_counter() - t0
    print(f"Example 1 study: {study.draws} draws in {elapsed:.1f} s "
          f"({1e3 * elapsed / study.draws:.1f} ms per draw; target < 20 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--draws", type=int, default=5, help="N = 100 draws compared with scipy")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    large_instance(args.repeats)
    against_scipy(args.repeats, range(args.draws))
    study_time()


if __name__ == "__main__":
    main()
