"""The seed-study helpers: order and worker independence of over_seeds, the showcase rule."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from replication.core.numbers import at_least, bound, num, pct
from replication.core.seeds import all_per_draw, any_per_draw, choose_showcase, over_seeds


def _square_plus(seed: int, offset: int = 0) -> int:
    return seed * seed + offset


def test_over_seeds_keeps_the_order_of_the_seeds_for_any_number_of_workers():
    seeds = [5, 0, 3, 9, 1, 2, 8]
    expected = [s * s + 7 for s in seeds]
    assert over_seeds(partial(_square_plus, offset=7), seeds) == expected
    assert over_seeds(partial(_square_plus, offset=7), seeds, workers=2) == expected


def test_over_seeds_rejects_zero_workers():
    with pytest.raises(ValueError, match="workers"):
        over_seeds(_square_plus, range(3), workers=0)


def test_showcase_is_the_closest_eligible_draw_and_ties_go_to_the_smallest_seed():
    seeds = np.array([10, 11, 12, 13])
    eligible = np.array([False, True, True, True])
    # seed 10 is closest but not eligible; 11 and 13 tie
    assert choose_showcase(seeds, eligible, [0.0, 0.5, 0.9, 0.5]) == 11
    assert choose_showcase(seeds, eligible) == 11
    assert choose_showcase(seeds, [False, False, True, True]) == 12


def test_showcase_needs_an_eligible_draw_and_aligned_inputs():
    with pytest.raises(ValueError, match="no draw among seeds 0..2 shows the paper's pattern"):
        choose_showcase([0, 1, 2], [False, False, False])
    with pytest.raises(ValueError, match="eligible"):
        choose_showcase([0, 1, 2], [True, False])
    with pytest.raises(ValueError, match="distance"):
        choose_showcase([0, 1, 2], [True, True, False], [0.1, 0.2])
    with pytest.raises(ValueError, match="NaN"):
        choose_showcase([0, 1], [True, True], [np.nan, 0.2])


def test_numbers_in_words():
    assert pct(0.256) == "26%" and pct(0.256, 1) == "25.6%"
    assert num(-1e-9, 2) == "0.00" and num(2.345678, 3) == "2.346"
    # rounding reads the same whatever its last bits (0 on one machine, 2.8e-17 on another)
    assert {bound(v) for v in (0.0, -3e-15, 2.8e-17, 9.9e-13)} == {"below 1e-12"}
    assert bound(3e-9) == "3e-09" and bound(3e-9, floor=2e-9) == "below 1e-08"
    assert at_least(65.58) == at_least(65.52) == "60" and at_least(0.00487) == at_least(0.00476) == "0.004"
    assert at_least(100.0) == "100" and at_least(9.99) == "9" and at_least(1e-300) == "1e-300"
    for bad in (0.0, -1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match="positive finite"):
            at_least(bad)
    with pytest.raises(ValueError, match="finite value and a positive floor"):
        bound(np.nan)
    with pytest.raises(ValueError, match="finite value and a positive floor"):
        bound(1.0, floor=0.0)
    with pytest.raises(ValueError, match="digits"):
        pct(0.5, -1)


def test_flags_per_draw_reduce_each_row():
    holds = np.array([[True, True], [True, False], [False, False]])
    assert all_per_draw(holds).tolist() == [True, False, False]
    assert any_per_draw(holds).tolist() == [True, True, False]
    assert all_per_draw(np.ones((0, 3), dtype=bool)).shape == (0,)


def test_flags_per_draw_need_one_row_per_draw():
    for reduce in (all_per_draw, any_per_draw):
        with pytest.raises(ValueError, match="one row per draw"):
            reduce(np.array([True, False]))
