"""Timings of the voluntary-participation analysis (Naghizadeh & Liu 2014, Sections V-VI).

Targets (2 cores): the participation analysis of one N = 5 draw (Nash equilibrium, social
optimum, five loner games) in under 2 ms, and the random-draw study of the chapter (both
cost scales, 10,000 draws in all) in under 20 s from a cold start.  The study is timed by
the batched path it uses (the draws of a stack solved at once) and by the per-draw
reference, in the same run and with the result cache switched off, and the two are
compared row by row: the flags must agree exactly, the slack and social cost to 1e-9.

Usage: python benchmarks/bench_naghizadeh2014_participation.py [--draws N] [--workers W] [--no-reference-study]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from replication.naghizadeh2014.model.participation import BRENT_METHOD, participation
from replication.naghizadeh2014.studies import participation as study_module
from replication.naghizadeh2014.studies.participation import ParticipationStudy, participation_study, run_study
from replication.naghizadeh2014.studies.vp_example import STUDY_DRAWS, STUDY_SCALES, example_instance

FLAGS = ("solved", "investors", "ir", "vp", "brent_games")
VALUES = ("budget_slack", "social_cost")


def time_instances(seeds: range, cost_scale: float) -> list[float]:
    """Seconds for :func:`participation` on each seed (instances built outside the timing)."""
    times = []
    for seed in seeds:
        model = example_instance(seed, cost_scale=cost_scale)
        t0 = time.perf_counter()
        participation(model)
        times.append(time.perf_counter() - t0)
    return times


def disagreements(a: ParticipationStudy, b: ParticipationStudy) -> str:
    """Rows where two studies differ: per flag field exactly, per value field beyond 1e-9 relative."""
    parts = []
    for name in FLAGS:
        x, y = getattr(a, name), getattr(b, name)
        parts.append(f"{name} {int((x != y).reshape(x.shape[0], -1).any(axis=1).sum())}")
    for name in VALUES:
        x, y = getattr(a, name), getattr(b, name)
        parts.append(f"{name} {int((np.abs(x - y) > 1e-9 * np.abs(y)).sum())}")
    return ", ".join(parts)


def cold_study(draws: int, cost_scale: float, workers: int) -> tuple[ParticipationStudy, float]:
    """:func:`participation_study` from scratch (no cache on disk or in memory) and its seconds."""
    study_module._STUDIES.clear()
    t0 = time.perf_counter()
    study = participation_study(draws, cost_scale=cost_scale, workers=workers)
    return study, time.perf_counter() - t0


def fresh_process_seconds(draws: int, workers: int) -> float:
    """Seconds for a new interpreter to import the package and compute both studies, cache off."""
    code = (
        "from replication.naghizadeh2014.studies.participation import participation_study\n"
        "from replication.naghizadeh2014.studies.vp_example import STUDY_SCALES\n"
        f"for s in STUDY_SCALES: participation_study({draws}, cost_scale=s, workers={workers})"
    )
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "REPLICATION_CACHE": "off"})
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=STUDY_DRAWS, help="draws per cost scale")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-reference-study", action="store_true", help="skip the per-draw study (about 2 min)")
    args = parser.parse_args()
    os.environ["REPLICATION_CACHE"] = "off"

    print(f"cores: {os.cpu_count()}, workers: {args.workers}")
    for s in STUDY_SCALES:
        times = time_instances(range(40), s)
        print(
            f"reference (per draw), one N = 5 instance, s = {s:g}: median {1e3 * statistics.median(times):.1f} ms, "
            f"max {1e3 * max(times):.1f} ms over 40 seeds"
        )
    for s in STUDY_SCALES:
        draws = min(args.draws, 2000)
        t0 = time.perf_counter()
        run_study(draws, cost_scale=s, workers=1)
        elapsed = time.perf_counter() - t0
        print(
            f"batched, one process, s = {s:g}: {draws} draws in {elapsed:.2f} s, "
            f"{1e3 * elapsed / draws:.2f} ms per draw (target < 2 ms)"
        )

    totals = {"batched": 0.0, "reference": 0.0}
    for s in STUDY_SCALES:
        study, elapsed = cold_study(args.draws, s, args.workers)
        totals["batched"] += elapsed
        brent = study.brent_games[study.solved].sum() / (5 * max(study.draws, 1))
        print(
            f"study s = {s:g}, batched: {study.seeds.size} draws in {elapsed:.1f} s "
            f"({1e3 * elapsed / study.seeds.size:.2f} ms per draw; {int((~study.solved).sum())} solver failures; "
            f"loner games finished by {BRENT_METHOD}: {100 * brent:.1f}%)"
        )
        if args.no_reference_study:
            continue
        t0 = time.perf_counter()
        reference = run_study(args.draws, cost_scale=s, workers=args.workers, batched=False)
        elapsed = time.perf_counter() - t0
        totals["reference"] += elapsed
        print(
            f"study s = {s:g}, reference (per draw): {elapsed:.1f} s ({1e3 * elapsed / reference.seeds.size:.2f} ms "
            f"per draw); rows disagreeing with the batched study: {disagreements(study, reference)}"
        )
    draws = args.draws * len(STUDY_SCALES)
    fresh = fresh_process_seconds(args.draws, args.workers)
    print(f"study, both scales, batched, in a new process (imports included): {draws} draws in {fresh:.1f} s")
    line = f"study, both scales, cold: {draws} draws in {totals['batched']:.1f} s batched (target < 20 s for 10,000)"
    if not args.no_reference_study:
        ratio = totals["reference"] / totals["batched"]
        line += f"; {totals['reference']:.1f} s by the per-draw reference ({ratio:.0f}x the batched time)"
    print(line)


if __name__ == "__main__":
    main()
