"""Timings of the voluntary-participation analysis (Naghizadeh & Liu 2014, Sections V-VI).

Targets (2 cores): the participation analysis of one N = 5 instance (Nash equilibrium,
social optimum, five loner games) in under 50 ms; the random-draw study of the chapter
(both cost scales, 10,000 draws in all) in under 30 s.  The study runs with the result
cache switched off, so it is computed from scratch.

Usage: python benchmarks/bench_naghizadeh2014_participation.py [--draws N] [--workers W]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from replication.naghizadeh2014.participation.voluntary import (
    BRENT_METHOD,
    STUDY_DRAWS,
    STUDY_SCALES,
    example_instance,
    participation,
    participation_study,
)


def time_instances(seeds: range, cost_scale: float) -> list[float]:
    """Seconds for :func:`participation` on each seed (instances built outside the timing)."""
    times = []
    for seed in seeds:
        model = example_instance(seed, cost_scale=cost_scale)
        t0 = time.perf_counter()
        participation(model)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=STUDY_DRAWS, help="draws per cost scale")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    os.environ["REPLICATION_CACHE"] = "off"

    print(f"cores: {os.cpu_count()}, workers: {args.workers}")
    for s in STUDY_SCALES:
        times = time_instances(range(40), s)
        print(
            f"participation, one N = 5 instance, s = {s:g}: median {1e3 * statistics.median(times):.1f} ms, "
            f"max {1e3 * max(times):.1f} ms over 40 seeds (target < 50 ms)"
        )

    total, draws = 0.0, 0
    for s in STUDY_SCALES:
        t0 = time.perf_counter()
        study = participation_study(args.draws, cost_scale=s, workers=args.workers)
        elapsed = time.perf_counter() - t0
        total += elapsed
        draws += study.seeds.size
        brent = study.brent_games[study.solved].sum() / (5 * max(study.draws, 1))
        print(
            f"study s = {s:g}: {study.seeds.size} draws in {elapsed:.1f} s "
            f"({1e3 * elapsed / study.seeds.size:.1f} ms per draw; {int((~study.solved).sum())} solver failures; "
            f"loner games finished by {BRENT_METHOD}: {100 * brent:.1f}%)"
        )
    print(f"study, both scales: {draws} draws in {total:.1f} s (target < 30 s for 10,000 draws)")


if __name__ == "__main__":
    main()
