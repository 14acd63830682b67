"""Validation, solver helpers, the cache and the writers."""

import json
import math

import numpy as np
import pytest

from replication.core import cache, validate
from replication.drawing.output import csv_text, jsonable, table_markdown
from replication.ledger.registry import Table
from replication.numerics.solvers import ConvergenceError, all_roots, kkt_residual, require_converged


@pytest.mark.parametrize(
    "func, args, match",
    [
        (validate.positive, ("c", 0.0), "c must be > 0"),
        (validate.positive, ("c", float("nan")), "c is NaN"),
        (validate.nonnegative, ("lam", -1e-9), "lam must be >= 0"),
        (validate.in_interval, ("q", 1.5, 0.0, 1.0), r"q must lie in \[0.0, 1.0\]"),
        (validate.finite, ("L", math.inf), "L must be finite"),
        (validate.integer_at_least, ("N", 2, 3), "N must be >= 3"),
        (validate.integer_at_least, ("N", 3.0, 3), "N must be an integer"),
        (validate.finite, ("L", "abc"), "L must be a real number"),
    ],
)
def test_validation_names_the_parameter(func, args, match):
    with pytest.raises(ValueError, match=match):
        func(*args)


def test_array_validation():
    assert validate.array("c", [1, 2], shape=(2,), positive=True).dtype == float
    with pytest.raises(ValueError, match=r"A must have shape \(3x3\)"):
        validate.array("A", np.ones((3, 2)), shape=(3, 3))
    with pytest.raises(ValueError, match="c contains NaN"):
        validate.array("c", [1.0, np.nan])
    with pytest.raises(ValueError, match="c must be > 0"):
        validate.array("c", [1.0, 0.0], positive=True)


def test_all_roots_finds_every_sign_change_with_slopes():
    roots = all_roots(lambda x: (x - 0.01) * (x - 0.3) * (x - 2.0), 0.0, 3.0)
    assert [round(r.x, 12) for r in roots] == [0.01, 0.3, 2.0]
    assert [r.slope > 0 for r in roots] == [True, False, True]
    assert all_roots(lambda x: x * x + 1.0, 0.0, 1.0) == []
    with pytest.raises(ValueError, match="hi > lo"):
        all_roots(lambda x: x, 1.0, 1.0)


def test_kkt_residual_and_convergence():
    assert kkt_residual([0.0, 2.0], [3.0, 0.0]) == 0.0
    assert kkt_residual([1.0, 0.0], [0.5, -0.25]) == 0.5
    with pytest.raises(ValueError, match="same shape"):
        kkt_residual([1.0], [1.0, 2.0])
    assert require_converged(1e-12, 1e-9, "x") == 1e-12
    with pytest.raises(ConvergenceError, match=r"residual 0\.001") as err:
        require_converged(1e-3, 1e-9, "projected Newton")
    assert err.value.residual == 1e-3


def test_cache_memoises_and_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert cache.cached("study", {"seed": 1}, compute) == {"value": 1}
    assert cache.cached("study", {"seed": 1}, compute) == {"value": 1}
    assert cache.cached("study", {"seed": 2}, compute) == {"value": 2}
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    assert cache.cached("study", {"seed": 1}, compute) == {"value": 3}
    assert len(list(tmp_path.glob("study-*.npz"))) == 2


def test_writers_are_plain_and_exact():
    assert csv_text(["a", "b"], [[np.float64(0.1), np.int64(2)], [True, float("nan")]]) == "a,b\n0.1,2\nTrue,nan\n"
    assert json.dumps(jsonable({"x": np.arange(2), "y": np.float64(np.inf)})) == '{"x": [0, 1], "y": "inf"}'
    md = table_markdown(Table(("a",), (("x|y",),), notes=("n",)), "T")
    assert md == "**T**\n\n| a |\n|---|\n| x\\|y |\n\n1. n\n"
