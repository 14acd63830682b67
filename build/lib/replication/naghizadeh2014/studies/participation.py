"""The Section VI-A participation study of Naghizadeh & Liu (2014): IR and VP over many draws.

How typical is the paper's example?  The study solves the example of
:mod:`~replication.naghizadeh2014.studies.vp_example` for thousands of seeds, in stacks
(:func:`~replication.naghizadeh2014.studies.participation_stack.study_rows`) whose rows are
those of the per-draw path, and caches the result on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.core.cache import cached
from replication.core.seeds import all_per_draw, choose_showcase, over_seeds
from replication.naghizadeh2014.model.game import social_optimum
from replication.naghizadeh2014.model.participation import COST_TOL, loner_outcome
from replication.naghizadeh2014.studies.participation_stack import study_rows
from replication.naghizadeh2014.studies.vp_example import (
    PAPER_INVESTORS,
    PAPER_JOINERS,
    SOLVER_FAILURES,
    Row,
    example_instance,
    study_row,
)

Array = NDArray[np.float64]


@dataclass(frozen=True)
class ParticipationStudy:
    """IR and VP over many random draws of the Section VI-A example (one row per seed).

    Rows of draws whose solvers failed have ``solved = False`` and are left out of rates.
    ``brent_games`` counts, per draw, the loner games finished by the Brent root of psi.
    """

    seeds: NDArray[np.int64]
    cost_scale: float
    solved: NDArray[np.bool_]
    investors: NDArray[np.bool_]
    ir: NDArray[np.bool_]
    vp: NDArray[np.bool_]
    budget_slack: Array
    social_cost: Array
    brent_games: NDArray[np.int64]

    @property
    def draws(self) -> int:
        """The number of draws whose solvers succeeded (the denominator of every rate)."""
        return int(self.solved.sum())

    def _rate(self, flags: NDArray[np.bool_]) -> float:
        return float(flags[self.solved].mean())

    @property
    def some_user_leaves(self) -> float:
        """Share of draws where at least one user prefers to stay out."""
        return self._rate(~all_per_draw(self.vp))

    @property
    def ir_fails(self) -> float:
        """Share of draws where at least one user is worse off than without insurance."""
        return self._rate(~all_per_draw(self.ir))

    @property
    def no_contracts_keep_everyone(self) -> float:
        """Share of draws with VP budget slack < 0: no budget-balanced transfers keep all in."""
        return self._rate(self.budget_slack < 0)

    @property
    def smallest_subsidy(self) -> Array:
        """Per solved draw: external money letting budget-balanced transfers keep everyone in."""
        return np.maximum(-self.budget_slack[self.solved], 0.0)

    @property
    def leave_rate_by_user(self) -> Array:
        """Per-user share of draws in which that user prefers to stay out."""
        return (~self.vp[self.solved]).mean(axis=0)

    @property
    def pattern(self) -> NDArray[np.bool_]:
        """Draws that show the paper's pattern (investors and joiners)."""
        return self.solved & all_per_draw(self.investors == PAPER_INVESTORS) & all_per_draw(self.vp == PAPER_JOINERS)

    @property
    def pattern_seeds(self) -> NDArray[np.int64]:
        """The seeds of the draws that show the paper's pattern, in increasing order."""
        return self.seeds[self.pattern]


#: Largest stack of draws the batched path solves at once (one task of a worker process).
STUDY_CHUNK = 2000


def _batched_rows(first: int, cost_scale: float, size: int, end: int) -> list[Row]:
    """The rows of seeds ``first, ..., min(first + size, end) - 1``, solved as one stack."""
    return study_rows(np.arange(first, min(first + size, end), dtype=np.int64), cost_scale)


def run_study(
    draws: int, *, cost_scale: float, first_seed: int = 0, workers: int = 1, batched: bool = True
) -> ParticipationStudy:
    """The study over seeds ``first_seed, ..., first_seed + draws - 1``, computed afresh (no cache).

    ``batched=True``: the draws in equal stacks of at most ``STUDY_CHUNK``, a multiple of
    ``workers`` of them, each solved at once by
    :func:`replication.naghizadeh2014.studies.participation.study_rows` (``workers`` processes);
    ``batched=False``: :func:`study_row` per seed, the reference it agrees with.
    """
    draws = validate.integer_at_least("draws", draws, 1, validate.MAX_COUNT)
    first_seed = validate.integer_at_least("first_seed", first_seed, 0)
    cost_scale = validate.positive("cost_scale", cost_scale)
    workers = validate.integer_at_least("workers", workers, 1, validate.MAX_WORKERS)
    seeds = np.arange(first_seed, first_seed + draws, dtype=np.int64)
    if validate.flag("batched", batched):
        stacks = workers * -(-draws // (workers * STUDY_CHUNK))
        size = -(-draws // stacks)
        draw = partial(_batched_rows, cost_scale=cost_scale, size=size, end=first_seed + draws)
        parts = over_seeds(draw, range(first_seed, first_seed + draws, size), workers=workers)
        rows = [row for part in parts for row in part]
    else:
        rows = over_seeds(partial(study_row, cost_scale=cost_scale), seeds.tolist(), workers=workers)
    solved, investors, ir, vp, slack, social, brent = zip(*rows)
    return ParticipationStudy(
        seeds,
        cost_scale,
        np.array(solved),
        np.array(investors),
        np.array(ir),
        np.array(vp),
        np.array(slack),
        np.array(social),
        np.array(brent, dtype=np.int64),
    )


_STUDIES: dict[tuple[int, int, float], ParticipationStudy] = {}


def participation_study(
    draws: int, *, cost_scale: float, first_seed: int = 0, workers: int | None = None
) -> ParticipationStudy:
    """IR and VP for seeds ``first_seed, ..., first_seed + draws - 1`` of the Section VI-A example.

    Computed by the batched path of :func:`run_study` (the draws solved in stacks), whose
    rows are those of :func:`participation` per draw.  Draws are independent and each row
    depends on its seed only, so the result does not depend on ``workers`` (processes;
    default: all cores) or on the stacking.  Cached on disk by its
    parameters and kept in memory for the process, so figures, claims and the chapter
    share one computation.
    """
    draws = validate.integer_at_least("draws", draws, 1, validate.MAX_COUNT)
    first_seed = validate.integer_at_least("first_seed", first_seed, 0)
    cost_scale = validate.positive("cost_scale", cost_scale)
    workers = validate.integer_at_least(
        "workers", workers if workers is not None else os.cpu_count() or 1, 1, validate.MAX_WORKERS
    )
    key = (draws, first_seed, cost_scale)
    if key not in _STUDIES:
        _STUDIES[key] = cached(
            "naghizadeh2014:participation_study",
            {"draws": draws, "first_seed": first_seed, "cost_scale": cost_scale},
            lambda: run_study(draws, cost_scale=cost_scale, first_seed=first_seed, workers=workers),
        )
    return _STUDIES[key]


def first_pattern_seed(study: ParticipationStudy) -> int:
    """The showcase rule: the smallest seed of ``study`` whose draw shows the paper's pattern."""
    return choose_showcase(study.seeds, study.pattern)


@dataclass(frozen=True)
class StartDependence:
    """Loner games whose outcome depends on where the dynamics start (several equilibria).

    ``differing`` lists ``(seed, user, cost from x*, cost from 0)`` for each such game;
    ``failed`` counts draws skipped because a solver did not converge.
    """

    games: int
    differing: tuple[tuple[int, int, float, float], ...]
    failed: int


def start_dependence(draws: int, *, cost_scale: float, first_seed: int = 0) -> StartDependence:
    """Solve every loner game of ``draws`` Section VI-A draws from ``x*`` and from 0 and compare costs.

    A different cost means the loner game (R-9) has at least two equilibria.  Cached.
    """
    draws = validate.integer_at_least("draws", draws, 1, validate.MAX_COUNT)
    first_seed = validate.integer_at_least("first_seed", first_seed, 0)
    cost_scale = validate.positive("cost_scale", cost_scale)

    def compute() -> StartDependence:
        games, differing, failed = 0, [], 0
        for seed in range(first_seed, first_seed + draws):
            model = example_instance(seed, cost_scale=cost_scale)
            try:
                x_opt = social_optimum(model).x
                pairs = [
                    (loner_outcome(model, k, start=x_opt).cost, loner_outcome(model, k, start=np.zeros(model.N)).cost)
                    for k in range(model.N)
                ]
            except SOLVER_FAILURES:
                failed += 1
                continue
            games += len(pairs)
            differing += [
                (seed, k, a, b) for k, (a, b) in enumerate(pairs) if abs(a - b) > COST_TOL * max(abs(a), abs(b))
            ]
        return StartDependence(games, tuple(differing), failed)

    return cached(
        "naghizadeh2014:loner_start_dependence",
        {"draws": draws, "first_seed": first_seed, "cost_scale": cost_scale},
        compute,
    )


__all__ = [
    "ParticipationStudy",
    "STUDY_CHUNK",
    "StartDependence",
    "first_pattern_seed",
    "participation_study",
    "run_study",
    "start_dependence",
]
