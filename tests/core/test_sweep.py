"""replication.sweep: one row per value, the result's fields as columns, failures as a column."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from replication import ogut2005, shim2012, sweep
from replication.naghizadeh2014 import nash_equilibrium, weighted_total_effort_instance
from replication.security import ExponentialBreach, cover

pd = pytest.importorskip("pandas")  # the "sweep" extra; in the locked environment

BREACH = ExponentialBreach(0.5, 5.0)
SHIM = dict(breach=BREACH, case="untargeted", insured=True, L=1.0, r=0.5, q=0.5)


def test_shim_loading_sweep_has_a_row_per_value_and_no_holes():
    """lam in [0, 3] at r = 0.5: every point is a solution; corners where the cover formula
    is <= 0 at every insured root (126 of 164 points raised before corners were solutions)."""
    lams = np.linspace(0.0, 3.0, 21)
    table = sweep(shim2012.equilibrium, lam=lams, **SHIM)
    assert len(table) == 21 and table["lam"].tolist() == lams.tolist()
    assert table["error"].isna().all() and table["nash"].all()
    for lam, z, corner in zip(table["lam"], table["z"], table["corner"]):
        eq = shim2012.equilibrium(lam=lam, **SHIM)
        assert z == eq.z and (corner if isinstance(corner, str) else None) == eq.corner
    priced_out = table["corner"] == "cover"
    assert priced_out.sum() > 0 and (table.loc[priced_out, "cover"] == 0.0).all()
    # the shared vocabulary is a column like the paper's own names
    assert (table["investment"] == table["z"]).all() and (table["breach_probability"] == table["P"]).all()
    first_corner = table.loc[priced_out, "lam"].min()
    last_interior = table.loc[~priced_out, "lam"].max()
    assert last_interior < first_corner  # one switch: the loading prices cover out for good
    # at the switch the cover formula at the interior root has come down to (near) 0
    interior = shim2012.equilibrium(lam=last_interior, **SHIM)
    assert cover(interior.P, L=1.0, r=0.5, lam=last_interior) > 0.0


def test_failure_is_a_row_with_the_message_and_nan_fields():
    """r L (1 - P) >= 1 without insurance: no candidate (the cost falls without bound in z)."""
    table = sweep(shim2012.equilibrium, r=[0.5, 3.0], breach=BREACH, case="independent", insured=False, L=1.0)
    ok, bad = table.iloc[0], table.iloc[1]
    assert (
        pd.isna(ok["error"])
        and ok["z"] == shim2012.equilibrium(BREACH, case="independent", insured=False, L=1.0, r=0.5).z
    )
    assert bad["error"].startswith("NoInteriorSolution: ") and "r L (1 - P) >= 1" in bad["error"]
    assert math.isnan(bad["z"]) and math.isnan(bad["I"]) and bad["r"] == 3.0


def test_several_swept_keywords_give_the_cartesian_product_first_slowest():
    table = sweep(ogut2005.equilibrium, lam=[0.1, 0.2, 5.0], q=(0.2, 0.5), breach=BREACH, L=1.0, r=0.5)
    assert list(zip(table["lam"], table["q"])) == [(a, b) for a in (0.1, 0.2, 5.0) for b in (0.2, 0.5)]
    for _, row in table.iterrows():
        e = ogut2005.equilibrium(BREACH, L=1.0, r=0.5, q=row["q"], lam=row["lam"])
        assert (row["z"], row["I"]) == (e.z, e.I)
    assert set(table.loc[table["lam"] == 5.0, "corner"]) == {"cover"}
    assert table.columns[:2].tolist() == ["lam", "q"] and table.columns[-1] == "error"


def test_a_sequence_is_held_fixed_inside_a_one_element_list_and_models_can_be_swept():
    models = [weighted_total_effort_instance(seed, N=6) for seed in range(3)]
    table = sweep(nash_equilibrium, model=models)
    assert len(table) == 3 and table["error"].isna().all()
    for model, x, corner in zip(models, table["investment"], table["corner"]):
        e = nash_equilibrium(model)
        assert np.array_equal(x, e.x) and (corner if isinstance(corner, str) else None) == e.corner
    held = sweep(nash_equilibrium, model=[models[0]], enumerate_all=[False, True])
    assert held["equilibria_found"].iloc[0] is None or math.isnan(held["equilibria_found"].iloc[0])
    assert held["equilibria_found"].iloc[1] >= 1


def test_bad_calls_raise_before_any_call():
    calls = []

    def f(*, a: float, b: float = 0.0) -> float:
        calls.append(a)
        return a + b

    with pytest.raises(TypeError, match="c"):
        sweep(f, a=[1.0, 2.0], c=3.0)
    with pytest.raises(TypeError, match="at least one keyword"):
        sweep(f, a=1.0)
    with pytest.raises(ValueError, match="a has no values"):
        sweep(f, a=[])
    with pytest.raises(TypeError, match="callable"):
        sweep(3.0, a=[1.0])  # type: ignore[arg-type]
    assert calls == []
    assert sweep(f, a=range(3), b=1.0)["value"].tolist() == [1.0, 2.0, 3.0]


def test_missing_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match='"sweep" extra'):
        sweep(lambda a: a, a=[1])
