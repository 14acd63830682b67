"""One vocabulary across the three papers: investment, cover, breach probability, residual, corner."""

from __future__ import annotations

import numpy as np
import pytest

from replication import ogut2005, shim2012
from replication.naghizadeh2014 import (
    best_response,
    full_cover_contracts,
    nash_equilibrium,
    social_optimum,
    weighted_total_effort_instance,
)
from replication.security import ExponentialBreach
from replication.security.best_reply import CORNERS, corner

BREACH = ExponentialBreach(0.5, 5.0)


def test_corner_names():
    assert [corner(cover=c, investment=i) for c in (False, True) for i in (False, True)] == [
        None,
        "investment",
        "cover",
        "cover and investment",
    ]
    assert set(CORNERS) == {None, "cover", "investment", "cover and investment"}


@pytest.mark.parametrize(
    "result",
    [
        shim2012.equilibrium(BREACH, case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2),
        shim2012.equilibrium(BREACH, case="untargeted", insured=True, L=1.0, r=0.05, q=0.5, lam=0.5),
        ogut2005.equilibrium(BREACH, L=1.0, r=0.5, q=0.5, lam=0.2),
        ogut2005.equilibrium(BREACH, L=1.0, r=0.5, q=0.5, lam=5.0),
    ],
)
def test_firm_results_name_the_same_things_the_same_way(result):
    assert (result.investment, result.cover, result.breach_probability) == (result.z, result.I, result.P)
    assert result.residual <= 1e-9 and result.corner in CORNERS
    assert (result.corner == "cover") == (result.cover == 0.0)


@pytest.mark.parametrize("seed", range(8))
def test_naghizadeh_corner_names_the_users_at_zero_and_each_is_a_best_reply(seed):
    """A user at 0 satisfies the KKT sign condition dC_i/dx_i >= 0, and 0 is its best response."""
    model = weighted_total_effort_instance(seed, N=5)
    for result in (nash_equilibrium(model), social_optimum(model)):
        assert result.investment is result.x and result.residual == result.kkt_residual
        zero = tuple(int(i) for i in np.flatnonzero(result.x == 0.0))
        assert result.at_zero == zero
        if not zero:
            assert result.corner is None
        else:
            assert result.corner.startswith("investment (user")
            assert all(str(i) in result.corner.split("(")[1] for i in zero)
    equilibrium = nash_equilibrium(model)
    gradient = model.own_gradient(equilibrium.x)
    for k in equilibrium.at_zero:
        assert gradient[k] >= 0.0 and best_response(model, k, equilibrium.x) == 0.0


def test_an_interior_nash_equilibrium_has_no_corner():
    found = [nash_equilibrium(weighted_total_effort_instance(seed, N=3)) for seed in range(8)]
    interior = [e for e in found if (e.x > 0).all()]
    assert interior and all(e.corner is None for e in interior)
    assert nash_equilibrium(weighted_total_effort_instance(4, N=3)).corner == "investment (users 1, 2)"


def test_contracts_cover_is_the_indemnity():
    model = weighted_total_effort_instance(0, N=5)
    contracts = full_cover_contracts(model, social_optimum(model).x)
    assert contracts.cover is contracts.indemnity


def test_participation_is_a_function_of_the_paper_package():
    """The voluntary-participation analysis is reachable as naghizadeh2014.participation(model)."""
    import replication.naghizadeh2014 as ng
    from replication.naghizadeh2014.model import participation as module

    assert callable(ng.participation) and ng.participation is module.participation
    model = weighted_total_effort_instance(0, N=5)
    result = ng.participation(model)
    assert isinstance(result, ng.Participation)
    assert result.social_cost == pytest.approx(model.social_cost(social_optimum(model).x), rel=1e-9)


def test_lam_is_never_a_multiplier_in_naghizadeh_liu():
    """``lam`` means the loading everywhere; the mechanism's KKT multiplier is ``social_multiplier``."""
    import importlib
    import inspect
    import pkgutil

    import replication.naghizadeh2014 as ng

    named = []
    for info in pkgutil.walk_packages(ng.__path__, ng.__name__ + "."):
        for name, obj in vars(importlib.import_module(info.name)).items():
            if inspect.isfunction(obj) and not name.startswith("_"):
                named += [f"{info.name}.{name}" for p in inspect.signature(obj).parameters if p in ("lam", "lambda_")]
    assert named == []
    assert callable(importlib.import_module("replication.naghizadeh2014.model.mechanism").social_multiplier)
