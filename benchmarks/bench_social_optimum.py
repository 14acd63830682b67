"""The social optimum of the weighted-total-effort game against fair SciPy baselines
(Naghizadeh & Liu 2014, problem 2), same instances, same run.

Baselines, each given the analytic derivatives:

* L-BFGS-B with the analytic gradient, from 0, at SciPy's default tolerances and at tight
  ones (``ftol = 0``, ``gtol = 1e-12``: what it takes to approach a KKT residual of 1e-9);
  once with the value and the gradient as two functions (each recomputes the exposure
  ``A x``) and once as one function returning both (``jac=True``), what a careful user
  writes: it shares ``A x`` between them;
* trust-constr with the analytic gradient and Hessian and the bounds ``x >= 0``, tight
  tolerances (``gtol = xtol = 1e-12``).

Every solver's time (median of the repeats) and KKT residual ``max_j |min(x_j, g_j)|`` are
printed, with the cost gap to ours.  Targets (2 cores): ours at least 5x faster than
L-BFGS-B with gradient at N = 100 and 30x at N = 1000, at KKT below 1e-9, on Example 1's
instances; at least 10x on weakly interdependent ones (each user's effort protects the others
together by a stated fraction, the spillover, of what it protects itself), where the optimum
has many investors.

BLAS runs single-threaded (``OPENBLAS_NUM_THREADS=1`` unless set): on a shared machine a
multi-threaded matrix-vector product was measured 25x slower than a single-threaded one,
which would distort both sides.

The games are the ``example1`` and ``weak`` members of size "bench" of the shared problem set
(``replication.problems``), whose smaller members the tests certify.

Usage: python benchmarks/bench_social_optimum.py [--repeats R]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np
from scipy.optimize import Bounds, minimize

from replication.naghizadeh2014 import WeightedTotalEffort, social_optimum
from replication.numerics.solvers import kkt_residual
from replication.problems import problems


def timed(run: Callable[[], np.ndarray], repeats: int) -> tuple[float, np.ndarray]:
    """Median wall time of ``repeats`` calls and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def gradient(model: WeightedTotalEffort, x: np.ndarray) -> np.ndarray:
    return model.weighted_risk_gradient(x, model.L) + model.c


def fused(model: WeightedTotalEffort, x: np.ndarray) -> tuple[float, np.ndarray]:
    """The social cost and its gradient from one exposure ``A x``."""
    risk = np.exp(-(model.A @ x))
    return float(model.L @ risk + model.c @ x), model.c - model.A.T @ (model.L * risk)


def lbfgsb(model: WeightedTotalEffort, tight: bool, one_function: bool = False) -> np.ndarray:
    options = {"ftol": 0.0, "gtol": 1e-12, "maxiter": 100_000, "maxfun": 100_000} if tight else {}
    if one_function:
        value, jac = (lambda x: fused(model, x)), True
    else:
        value, jac = model.social_cost, (lambda x: gradient(model, x))
    bounds = [(0.0, None)] * model.N
    res = minimize(value, np.zeros(model.N), jac=jac, method="L-BFGS-B", bounds=bounds, options=options)
    return res.x


def trust_constr(model: WeightedTotalEffort, maxiter: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = minimize(
            model.social_cost,
            np.zeros(model.N),
            jac=lambda x: gradient(model, x),
            hess=lambda x: model.weighted_risk_hessian(x, model.L),
            method="trust-constr",
            bounds=Bounds(np.zeros(model.N), np.full(model.N, np.inf)),
            options={"gtol": 1e-12, "xtol": 1e-12, "maxiter": maxiter},
        )
    return np.maximum(res.x, 0.0)


def compare(
    label: str, models: list[WeightedTotalEffort], repeats: int, with_trust_constr: bool, target: float
) -> None:
    """Time ours and the baselines on each of ``models``; print the median ratios against ``target``."""
    ratios: dict[str, list[float]] = {"default": [], "tight": [], "one function": []}
    for seed, model in enumerate(models):
        t_ours, ours = timed(lambda model=model: social_optimum(model).x, repeats)
        rows = [("ours (working-set projected Newton)", t_ours, ours)]
        t_lb, x_lb = timed(lambda model=model: lbfgsb(model, tight=False), repeats)
        rows.append(("L-BFGS-B, analytic gradient, default tolerances", t_lb, x_lb))
        t_lbt, x_lbt = timed(lambda model=model: lbfgsb(model, tight=True), repeats)
        rows.append(("L-BFGS-B, analytic gradient, ftol=0 gtol=1e-12", t_lbt, x_lbt))
        t_lbf, x_lbf = timed(lambda model=model: lbfgsb(model, tight=False, one_function=True), repeats)
        rows.append(("L-BFGS-B, value and gradient as one function", t_lbf, x_lbf))
        if with_trust_constr:
            maxiter = 3000 if model.N <= 100 else 300
            t_tc, x_tc = timed(lambda model=model, maxiter=maxiter: trust_constr(model, maxiter), 1)
            rows.append((f"trust-constr, gradient and Hessian, maxiter {maxiter}", t_tc, x_tc))
        best = model.social_cost(ours)
        print(f"{label} seed={seed} ({int((ours > 0).sum())} investors):")
        for name, t, x in rows:
            print(
                f"  {name:<50} {1e3 * t:9.1f} ms  KKT {kkt_residual(x, gradient(model, x)):.1e}  "
                f"cost gap {model.social_cost(x) - best:+.1e}  ({t / t_ours:.1f}x ours)"
            )
        ratios["default"].append(t_lb / t_ours)
        ratios["tight"].append(t_lbt / t_ours)
        ratios["one function"].append(t_lbf / t_ours)
    print(
        f"{label}: L-BFGS-B with gradient / ours over {len(models)} draws: median "
        + ", ".join(f"{statistics.median(v):.1f}x ({k})" for k, v in ratios.items())
        + f" (target >= {target:g}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per game below N = 1000 (median)")
    args = parser.parse_args()
    print(
        f"cores: {os.cpu_count()}, BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for family, target in (("example1", None), ("weak", 10.0)):
        groups: dict[str, list] = {}
        for problem in problems(family, size="bench"):
            label = problem.name.rsplit(" seed=", 1)[0]
            groups.setdefault(label, []).append(problem)
        for label, members in groups.items():
            N = members[0].N
            compare(
                label,
                [p.build() for p in members],
                args.repeats if N < 1000 else 1,
                family == "example1",
                target if target is not None else (5.0 if N <= 100 else 30.0),
            )


if __name__ == "__main__":
    main()
