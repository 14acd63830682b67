"""Lemke's algorithm on dense weighted-total-effort games: pivots and time.

Equal unit costs and a diagonal only 10% above each row's largest off-diagonal entry make
long complementary paths: at N = 200 some draws need tens of thousands of pivots, far
above a cap of 50 N, and each is bounded only by the number of almost-complementary bases
(``replication.numerics.lcp.almost_complementary_bases``).  The social optimum is then
started from each equilibrium.

Usage: python benchmarks/bench_lemke.py [--sizes N ...] [--draws D]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time

import numpy as np

from replication.naghizadeh2014 import WeightedTotalEffort, social_optimum
from replication.numerics.lcp import lemke


def dense_game(n: int, seed: int) -> WeightedTotalEffort:
    """Equal costs c = 1, L = 20, a_ij ~ U(0, 1) off the diagonal, a_ii = 1.1 max_j a_ij."""
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.0, 1.0, (n, n))
    np.fill_diagonal(A, 0.0)
    np.fill_diagonal(A, 1.1 * A.max(axis=1))
    return WeightedTotalEffort(A, np.ones(n), 20.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--draws", type=int, default=3)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    for n in args.sizes:
        for seed in range(args.draws):
            model = dense_game(n, seed)
            M, q = model.nash_lcp()
            t0 = time.perf_counter()
            sol = lemke(M, q)
            t_lemke = time.perf_counter() - t0
            t0 = time.perf_counter()
            so = social_optimum(model, x0=sol.z)
            t_so = time.perf_counter() - t0
            print(
                f"N = {n}, seed {seed}: Lemke {sol.pivots} pivots ({sol.pivots / (50 * n):.1f}x the old "
                f"cap 50 N) in {t_lemke:.2f} s, complementarity {sol.complementarity:.1e}; social optimum "
                f"from it {t_so:.3f} s, KKT {so.kkt_residual:.1e}"
            )


if __name__ == "__main__":
    main()
