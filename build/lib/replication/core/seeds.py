"""Seed studies: one computation run over many random draws, and the showcase draw.

Where a paper solves one random instance whose draw it does not publish, we solve the
instances of seeds ``0, 1, ...`` of our generator, report how often each statement holds,
and show one draw picked by a rule stated in advance (never by eye):

* :func:`over_seeds` runs a per-seed computation over a range of seeds, in order, in one
  process or several (the result does not depend on how many);
* :func:`choose_showcase` picks the showcase draw: among the draws that qualify, the one
  closest to the paper's numbers by a stated distance, or the smallest qualifying seed;
* :func:`all_per_draw` and :func:`any_per_draw` reduce a study's flags, one row per draw
  and one column per user (or item), to one flag per draw.

Cache the study itself with :func:`replication.core.cache.cached`.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from replication.core import validate

T = TypeVar("T")


def _ignore_interrupts() -> None:
    """Worker processes leave Ctrl-C to the parent, which stops the study."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(draw: Callable[[int], T], seeds: Sequence[int]) -> list[T]:
    return [draw(seed) for seed in seeds]


def over_seeds(draw: Callable[[int], T], seeds: Sequence[int] | range, *, workers: int = 1) -> list[T]:
    """``[draw(seed) for seed in seeds]``, in the order of ``seeds``.

    With ``workers > 1`` the seeds are split into ``4 * workers`` chunks run in that many
    processes; ``draw`` must then be picklable (a module-level function, or a
    :func:`functools.partial` of one).  Each result depends on its seed only, so the list
    is the same for any ``workers``.  Raises ValueError for ``workers < 1``.
    """
    workers = validate.integer_at_least("workers", workers, 1, validate.MAX_WORKERS)
    seeds = [int(s) for s in seeds]
    if workers == 1 or len(seeds) < 2:
        return _run_chunk(draw, seeds)
    chunks = [c.tolist() for c in np.array_split(np.array(seeds, dtype=np.int64), 4 * workers) if c.size]
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
        try:
            parts = pool.map(_run_chunk, [draw] * len(chunks), chunks)
            return [result for part in parts for result in part]
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def choose_showcase(
    seeds: ArrayLike, eligible: ArrayLike, distance: ArrayLike | None = None, *, what: str = "the paper's pattern"
) -> int:
    """The showcase draw: among the seeds whose ``eligible`` flag is set, the one with the
    smallest ``distance`` (ties and ``distance=None``: the smallest such seed).

    ``seeds``, ``eligible`` and ``distance`` are aligned, one entry per draw.  Raises
    ValueError when the lengths differ or no draw is eligible (the message names ``what``
    the draws had to show).
    """
    seeds = np.asarray(seeds, dtype=np.int64)
    flags = np.asarray(eligible, dtype=bool)
    if flags.shape != seeds.shape:
        raise ValueError(f"eligible must have one flag per seed ({seeds.size}), got shape {flags.shape}")
    if not flags.any():
        span = f"{seeds.min()}..{seeds.max()}" if seeds.size else "(none)"
        raise ValueError(f"no draw among seeds {span} shows {what}")
    if distance is None:
        return int(seeds[flags].min())
    dist = np.asarray(distance, dtype=float)
    if dist.shape != seeds.shape:
        raise ValueError(f"distance must have one value per seed ({seeds.size}), got shape {dist.shape}")
    if np.isnan(dist[flags]).any():
        raise ValueError("distance must be a number for every eligible draw, got NaN")
    best = np.flatnonzero(flags & (dist == dist[flags].min()))
    return int(seeds[best].min())


def _draw_rows(holds: NDArray[np.bool_]) -> NDArray[np.bool_]:
    if holds.ndim != 2:
        raise ValueError(f"holds must have one row per draw (two dimensions), got shape {holds.shape}")
    return holds


def all_per_draw(holds: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Per draw (row) of ``holds``: whether the flag holds for every user (column).

    Raises ValueError unless ``holds`` has two dimensions.
    """
    return np.asarray(_draw_rows(holds).all(axis=1))


def any_per_draw(holds: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Per draw (row) of ``holds``: whether the flag holds for at least one user (column).

    Raises ValueError unless ``holds`` has two dimensions.
    """
    return np.asarray(_draw_rows(holds).any(axis=1))
