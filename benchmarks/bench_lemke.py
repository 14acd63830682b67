"""Lemke's algorithm on dense weighted-total-effort games: pivots and time.

Equal unit costs and a diagonal only 10% above each row's largest off-diagonal entry make
long complementary paths: at N = 200 some draws need tens of thousands of pivots, far
above a cap of 50 N, and each is bounded only by the number of almost-complementary bases
(``replication.numerics.lcp.almost_complementary_bases``).  The social optimum is then
started from each equilibrium.  The games are the ``long-path`` members of size "bench" of the
shared problem set (``replication.problems.long_path_game``); the tests certify its smaller ones.

Usage: python benchmarks/bench_lemke.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time

from replication.naghizadeh2014 import social_optimum
from replication.numerics.lcp import lemke
from replication.problems import problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    for problem in problems("long-path", size="bench"):
        n, seed = problem.N, problem.name.rsplit("seed=", 1)[1]
        model = problem.build()
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
