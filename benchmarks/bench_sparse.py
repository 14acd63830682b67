"""The weighted-total-effort game on large sparse networks (Naghizadeh & Liu 2014, problem 2
and the Nash LCP (R-4), on networks far larger than the paper's N = 10).

Instances: the ``sparse`` members of size "bench" of the shared problem set
(``replication.problems``; ``sparse_weighted_total_effort_instance``, Example 1's calibration
with ten non-zeros a row), whose smaller members the tests certify.  Rows printed:

* the social optimum at N = 100,000: time, peak resident memory of this process
  (``resource.getrusage``; target under 2 GiB), and the relative KKT residual (efforts in
  each user's unit ``1/a_ii``, costs over the largest cost of an effort unit; target 1e-9);
* the Nash equilibrium at N = 10,000: time and relative KKT residual;
* the social optimum at N = 10,000 against SciPy's L-BFGS-B given the analytic sparse
  gradient ``c - A'(L exp(-A x))`` (value and gradient from one evaluation), at its
  default tolerances and at tight ones (``ftol = 0``, ``gtol = 1e-12``), same instances,
  same run: time (ours the median of 3 runs) and KKT residual ``max_j |min(x_j, g_j)|``.
  Target: ours at least 20x faster, at a smaller residual.

BLAS runs single-threaded (``OPENBLAS_NUM_THREADS=1`` unless set), as in the other
benchmarks.

Usage: python benchmarks/bench_sparse.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import resource
import statistics
import time

import numpy as np
from scipy.optimize import minimize

from replication.naghizadeh2014 import WeightedTotalEffort, nash_equilibrium, social_optimum
from replication.naghizadeh2014.model.game import scaled_residual
from replication.numerics.solvers import kkt_residual
from replication.problems import Problem, problems


def peak_mib() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def gradient(model: WeightedTotalEffort, x: np.ndarray) -> np.ndarray:
    return model.weighted_risk_gradient(x, model.L) + model.c


def relative_kkt(model: WeightedTotalEffort, x: np.ndarray) -> float:
    """The KKT residual in the model's own units (see ``SocialOptimum.scaled_residual``)."""
    s = model.effort_scale()
    return kkt_residual(x / s, gradient(model, x) * s / float(np.max(model.c * s)))


def lbfgsb(model: WeightedTotalEffort, tight: bool) -> np.ndarray:
    A, AT, c, L = model.A, model.A.T.tocsr(), model.c, model.L

    def value_and_gradient(x: np.ndarray) -> tuple[float, np.ndarray]:
        loss = L * np.exp(-(A @ x))
        return float(loss.sum() + c @ x), c - AT @ loss

    options = {"ftol": 0.0, "gtol": 1e-12, "maxiter": 100_000, "maxfun": 100_000} if tight else {}
    res = minimize(
        value_and_gradient,
        np.zeros(model.N),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * model.N,
        options=options,
    )
    return res.x


def large_social_optimum(problem: Problem) -> None:
    model, N = problem.build(), problem.N
    t0 = time.perf_counter()
    optimum = social_optimum(model)
    seconds = time.perf_counter() - t0
    print(
        f"social optimum, sparse, N = {N:,} (10 non-zeros a row, {problem.name.rsplit(' ', 1)[1]}): "
        f"{seconds:.1f} s, "
        f"{optimum.iterations} Newton steps, peak memory {peak_mib():.0f} MiB (target < 2048), "
        f"relative KKT {relative_kkt(model, optimum.x):.1e} (target 1e-9), "
        f"{np.count_nonzero(optimum.x):,} users invest"
    )


def sparse_nash(members: list[Problem]) -> None:
    for problem in members:
        model, N, seed = problem.build(), problem.N, problem.name.rsplit("seed=", 1)[1]
        t0 = time.perf_counter()
        nash = nash_equilibrium(model)
        seconds = time.perf_counter() - t0
        residual = scaled_residual(model, nash.x, model.own_gradient(nash.x))
        print(
            f"Nash equilibrium, sparse, N = {N:,} (seed {seed}): {seconds:.1f} s by {nash.method}, "
            f"{nash.iterations} steps, relative KKT {residual:.1e}, KKT {nash.kkt_residual:.1e}, "
            f"{np.count_nonzero(nash.x):,} users invest"
        )


def compare(members: list[Problem]) -> None:
    ratios_default, ratios_tight = [], []
    N, draws = members[0].N, len(members)
    for problem in members:
        model, seed = problem.build(), problem.name.rsplit("seed=", 1)[1]
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            ours = social_optimum(model).x
            times.append(time.perf_counter() - t0)
        t_ours = statistics.median(times)
        t0 = time.perf_counter()
        x_default = lbfgsb(model, tight=False)
        t_default = time.perf_counter() - t0
        t0 = time.perf_counter()
        x_tight = lbfgsb(model, tight=True)
        t_tight = time.perf_counter() - t0
        best = model.social_cost(ours)
        print(
            f"social optimum, sparse, N = {N:,} (seed {seed}): ours {1e3 * t_ours:.0f} ms, "
            f"KKT {kkt_residual(ours, gradient(model, ours)):.1e}; L-BFGS-B with sparse gradient "
            f"{1e3 * t_default:.0f} ms, KKT {kkt_residual(x_default, gradient(model, x_default)):.1e}, "
            f"cost gap {model.social_cost(x_default) - best:+.1e} ({t_default / t_ours:.0f}x ours); "
            f"tight (ftol=0 gtol=1e-12) {1e3 * t_tight:.0f} ms, "
            f"KKT {kkt_residual(x_tight, gradient(model, x_tight)):.1e}, "
            f"cost gap {model.social_cost(x_tight) - best:+.1e} ({t_tight / t_ours:.0f}x ours)"
        )
        ratios_default.append(t_default / t_ours)
        ratios_tight.append(t_tight / t_ours)
    print(
        f"social optimum, sparse, N = {N:,}: L-BFGS-B with sparse gradient / ours over {draws} draws: "
        f"median {statistics.median(ratios_default):.0f}x at default tolerances, "
        f"{statistics.median(ratios_tight):.0f}x at tight ones (target >= 20x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    print(
        f"sparse networks: cores {os.cpu_count()}, BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for problem in problems("sparse", size="bench", N=100_000):
        large_social_optimum(problem)
    draws = problems("sparse", size="bench", N=10_000)
    sparse_nash(draws)
    compare(draws)


if __name__ == "__main__":
    main()
