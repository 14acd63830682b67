"""A sweep of the public API with bad inputs: every one is refused by a ValueError or
TypeError that names the argument, never a wrong number or another exception."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from replication import naghizadeh2014 as nl
from replication import ogut2005, shim2012
from replication.naghizadeh2014.model import deviations, total_effort
from replication.naghizadeh2014.model import game as equilibrium
from replication.naghizadeh2014.model import mechanism as outcome_module
from replication.naghizadeh2014.model import participation as voluntary
from replication.naghizadeh2014.studies import adjustment, example1, example2, vp_example
from replication.naghizadeh2014.studies import participation as vp_study
from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005.model import game as ogut_model
from replication.ogut2005.model import observability
from replication.security import (
    ExponentialBreach,
    Independent,
    PowerBreach,
    Targeted,
    Untargeted,
    cara,
    cover,
    symmetric_solutions,
    taylor,
)
from replication.shim2012.model import attacks
from replication.shim2012.model import game as shim_model

EXP = ExponentialBreach(0.5, 5.0)
NOT_A_NUMBER = (
    "1.0",
    None,
    True,
    complex(1, 1),
    [1.0, 2.0],
    np.bool_(True),
    np.str_("0.3"),
    b"0.3",
    np.array("0.3"),
    np.array([0.3]),
    np.complex128(1 + 0j),
    10**400,
)
NOT_FINITE = (math.nan, math.inf, -math.inf)
NOT_A_FLAG = ("no", "False", 0, 1, None, np.float64(1.0), np.array([True]), np.str_("True"))
NOT_A_BREACH = (0.5, "exponential", None, Untargeted(0.3))
NOT_AN_INT = (
    2.5,
    True,
    "2",
    None,
    np.float64(2.0),
    np.array(2.5),
    np.bool_(True),
    np.str_("2"),
    np.array([3]),
    10**400,
)

#: argument -> bad values, for every argument kind of the models
REAL = NOT_A_NUMBER + NOT_FINITE
POSITIVE = REAL + (0.0, -1.0)
NONNEGATIVE = REAL + (-1e-9,)
PROBABILITY = REAL + (-0.1, 1.5)
BAD = {
    "L": POSITIVE,
    "r": POSITIVE,
    "lam": NONNEGATIVE,
    "q": PROBABILITY,
    "z": NONNEGATIVE + (0.0,),
    "p0": REAL + (0.0, 1.0, -0.5),
    "a": POSITIVE,
    "b": POSITIVE,
    "P": REAL + (-0.1, 1.0, 2.0),
    "insured": NOT_A_FLAG,
    "planner": NOT_A_FLAG,
    "breach": NOT_A_BREACH,
    "n": NOT_AN_INT + (1, 0),
    "case": ("nope", 3, None, "Untargeted"),
    "parameter": ("nope", 3, None, "Z"),
    "rel_step": POSITIVE + (0.5,),
    "eq": (None, 3.0, "eq"),
}

NOT_A_MODEL = (None, 3.0, "model", np.eye(3))
RAGGED = ([[1.0, 2.0], [1.0]], [1.0, [2.0, 3.0], 1.0, 1.0, 1.0])
NOT_A_PROFILE = (
    None,
    "x",
    [1.0, 2.0],
    [math.nan, 0.0, 0.0, 0.0, 0.0],
    [True, False, True, False, True],
    np.array([1 + 1j, 0, 0, 0, 0]),
    [[0.1] * 5] * 2,
    {0: 1.0},
) + RAGGED
BAD.update(
    {
        "model": NOT_A_MODEL,
        "k": (-1, 5, 1.5, True, "0", None, np.array([0]), 10**400),
        "reading": ("nope", None, 1, "Game"),
        "x": NOT_A_PROFILE,
        "x0": NOT_A_PROFILE[1:] + ([-1.0, 0.0, 0.0, 0.0, 0.0],),
        "start": NOT_A_PROFILE[1:],
        "players": ("01", 5, [0, 9], [0.5], [True]),
        "fixed": ([1, 2], {9: 1.0}, {0: -1.0}, {0: "a"}),
        "enumerate_all": NOT_A_FLAG,
        "project": NOT_A_FLAG,
        "seed": (-1, 1.5, "0", True, None),
        "N": (0, 2.5, True, "5", None),
        "cost_scale": POSITIVE,
        "gamma": POSITIVE,
        "c": (None, "c", [], [1.0, -1.0, 1.0], [math.nan, 1.0, 1.0], [True, True, True], [1 + 1j, 1, 1]) + RAGGED,
        "A": (None, "A", np.eye(2), -np.eye(3), np.zeros((3, 3)), np.full((3, 3), 0.5), [[1.0, 0.1], [0.1]]),
        "messages": (None, 3.0, "m", (np.ones(2), np.ones(2))),
        "max_users": (0, 10**400, 2.5, True, "14", None, 10**6),
        "draws": NOT_AN_INT + (0, -1, 10**9),
        "first_seed": (-1, 1.5, "0", True, None),
        "workers": NOT_AN_INT + (0, 10**6),
        "points": NOT_AN_INT + (1, 10**9),
        "grid": NOT_AN_INT + (1, 10**9),
        "members": NOT_AN_INT + (0, 10**9),
        "max_rounds": (0, 1.5, True, "3", 10**9),
        "iterations": NOT_AN_INT + (0, 10**9),
        "record_every": NOT_AN_INT + (0,),
        "starts": NOT_AN_INT + (0, 10**9),
        "i": (-1, 5, 1.5, True, "0", None, np.array([0])),
        "c1": POSITIVE,
        "c2": POSITIVE,
        "unit_cost": POSITIVE,
        "z1": NONNEGATIVE,
        "z2": POSITIVE,
        "h": POSITIVE,
        "z_max": POSITIVE,
        "size": NONNEGATIVE,
        "step": POSITIVE,
        "price": POSITIVE,
        "structure": (None, 0.3, "untargeted", EXP),
        "proposals": NOT_A_MODEL[:3] + (np.ones((2, 2)),) + RAGGED,
        "prices": (None, "p", -np.ones((5, 5)), np.ones((2, 2))) + RAGGED,
        "l": (None, "l", [[1.0, 2.0], [1.0]], [1 + 1j, 1, 1]),
    }
)
BAD["N"] = BAD["N"] + (np.float64(5.0), np.array([5]), 10**400, 10**9)
BAD["n"] = BAD["n"] + (10**9,)
MODEL = nl.weighted_total_effort_instance(1, N=5)
X_STAR = nl.social_optimum(MODEL).x

SHIM_EQ = shim2012.equilibrium(EXP, case="untargeted", insured=True, L=10.0, r=0.5, q=0.3, lam=0.1)

#: name -> (function, valid keyword arguments)
API: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "shim2012.equilibrium": (
        shim2012.equilibrium,
        dict(case="untargeted", insured=True, breach=EXP, L=10.0, r=0.5, q=0.3, lam=0.1),
    ),
    "shim2012.equilibria": (
        shim2012.equilibria,
        dict(case="independent", insured=False, breach=EXP, L=10.0, r=0.05, q=0.0, lam=0.0),
    ),
    "shim2012.planner": (
        shim2012.planner,
        dict(case="targeted", insured=True, breach=EXP, L=10.0, r=0.5, q=0.0, lam=0.1),
    ),
    "shim2012.sensitivity": (shim2012.sensitivity, dict(eq=SHIM_EQ, parameter="L", rel_step=1e-6)),
    "ogut2005.equilibrium": (ogut2005.equilibrium, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=2)),
    "ogut2005.planner": (ogut2005.planner, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=2)),
    "ogut2005.symmetric_equilibria": (
        ogut2005.symmetric_equilibria,
        dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=2),
    ),
    "ogut2005.uninsured_equilibrium": (ogut2005.uninsured_equilibrium, dict(breach=EXP, q=0.5, L=1.0, r=0.5, n=2)),
    "ogut2005.statics": (ogut2005.statics, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, z=0.3, n=2)),
    "ogut2005.regions": (ogut2005.regions, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=2)),
    "ogut2005.liability": (ogut2005.liability, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=2)),
    "ogut2005.exact_cara_equilibrium": (
        ogut2005.exact_cara_equilibrium,
        dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, insured=True, n=2),
    ),
    "ogut2005.liability (n firms)": (ogut2005.liability, dict(breach=EXP, q=0.2, L=1.0, r=0.5, lam=0.2, n=3)),
    "ogut2005.exact_cara_planner": (
        ogut2005.exact_cara_planner,
        dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, insured=True, n=2),
    ),
    "shim2012.exact_cara_planner": (
        shim2012.exact_cara_planner,
        dict(case="untargeted", insured=True, breach=EXP, L=1.0, r=0.5, q=0.3, lam=0.2),
    ),
    "naghizadeh2014.WeightedTotalEffort": (nl.WeightedTotalEffort, dict(A=np.eye(3) + 0.1, c=np.ones(3), L=50.0)),
    "naghizadeh2014.TotalEffort": (nl.TotalEffort, dict(c=np.ones(3), L=50.0)),
    "naghizadeh2014.WeakestLink": (nl.WeakestLink, dict(c=np.ones(3), L=50.0, gamma=10.0)),
    "naghizadeh2014.social_optimum": (
        nl.social_optimum,
        dict(model=MODEL, players=[0, 1, 2, 3, 4], fixed=None, x0=np.zeros(5)),
    ),
    "naghizadeh2014.nash_equilibrium": (nl.nash_equilibrium, dict(model=MODEL, enumerate_all=False)),
    "naghizadeh2014.best_response": (nl.best_response, dict(model=MODEL, k=0, x=X_STAR)),
    "naghizadeh2014.net_payments": (nl.net_payments, dict(model=MODEL, x=X_STAR)),
    "naghizadeh2014.equilibrium_messages": (nl.equilibrium_messages, dict(model=MODEL)),
    "naghizadeh2014.outcome": (nl.outcome, dict(messages=nl.equilibrium_messages(MODEL), project=True)),
    "naghizadeh2014.full_cover_contracts": (nl.full_cover_contracts, dict(model=MODEL, x=X_STAR)),
    "naghizadeh2014.loner_outcome": (
        nl.loner_outcome,
        dict(model=MODEL, k=1, reading="frozen", start=X_STAR, max_rounds=50),
    ),
    "naghizadeh2014.participation": (voluntary.participation, dict(model=MODEL, reading="frozen")),
    "naghizadeh2014.weighted_total_effort_instance": (
        nl.weighted_total_effort_instance,
        dict(seed=1, N=5, L=50.0, cost_scale=20.0),
    ),
    "naghizadeh2014.weakest_link_instance": (
        nl.weakest_link_instance,
        dict(seed=1, N=5, L=50.0, cost_scale=1.0, gamma=10.0),
    ),
    "security.ExponentialBreach": (ExponentialBreach, dict(p0=0.5, a=5.0)),
    "security.PowerBreach": (PowerBreach, dict(p0=0.5, a=5.0, b=2.0)),
    "security.Untargeted": (Untargeted, dict(q=0.3, n=2)),
    "security.cover": (cover, dict(P=0.2, L=1.0, r=0.5, lam=0.2)),
    "security.symmetric_solutions": (
        symmetric_solutions,
        dict(breach=EXP, structure=Untargeted(0.3), L=1.0, r=0.5, lam=0.2, insured=True, planner=False),
    ),
}

MESSAGES = nl.equilibrium_messages(MODEL)
TE = total_effort.example_model(4, 0.5, 0.8)

#: more public functions: the rest of the packages' ``__all__`` and the submodules' entry points
API.update(
    {
        "ogut2005.exact_cara_equilibria": (
            ogut2005.exact_cara_equilibria,
            dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, insured=False, n=2),
        ),
        "ogut2005.Liability": (ogut2005.Liability, dict(q=0.5)),
        "ogut2005.unobserved_equilibrium": (
            observability.unobserved_equilibrium,
            dict(breach=EXP, L=1.0, r=0.5, q=0.5, lam=0.2),
        ),
        "ogut2005.reaction": (ogut_model.reaction, dict(breach=EXP, L=1.0, q=0.5, lam=0.2, z2=0.3)),
        "ogut2005.reaction_crossings": (
            ogut_model.reaction_crossings,
            dict(breach=EXP, L=1.0, q=0.5, lam=0.2, z_max=2.0, points=20),
        ),
        "shim2012.branch_derivative": (shim_model.branch_derivative, dict(eq=SHIM_EQ, parameter="r", rel_step=1e-5)),
        "shim2012.structure": (shim_model.structure, dict(case="untargeted", q=0.3)),
        "shim2012.externality": (
            attacks.externality,
            dict(breach=EXP, case="untargeted", z1=0.2, z2=0.3, q=0.5, h=1e-6),
        ),
        "naghizadeh2014.LinearExposure": (nl.LinearExposure, dict(A=np.eye(3) + 0.1, c=np.ones(3), L=50.0)),
        "naghizadeh2014.all_nash_equilibria": (nl.all_nash_equilibria, dict(model=MODEL, max_users=14)),
        "naghizadeh2014.uniqueness_certificate": (
            nl.uniqueness_certificate,
            dict(model=MODEL, max_users=14, dense_limit=2000),
        ),
        "naghizadeh2014.paper_positive_region": (nl.paper_positive_region, dict(N=4, c1=3.0, c2=3.6)),
        "naghizadeh2014.positive_example_vp": (nl.positive_example_vp, dict(N=4, c1=3.0, c2=3.6)),
        "naghizadeh2014.vp_budget_slack": (nl.vp_budget_slack, dict(model=TE)),
        "naghizadeh2014.Messages": (nl.Messages, dict(proposals=MESSAGES.proposals, prices=MESSAGES.prices)),
        "naghizadeh2014.best_response_sweeps": (equilibrium.best_response_sweeps, dict(model=MODEL, x0=X_STAR)),
        "naghizadeh2014.loner_equilibria": (voluntary.loner_equilibria, dict(model=TE, k=0, grid=8)),
        "naghizadeh2014.example_instance": (vp_example.example_instance, dict(seed=3, cost_scale=20.0)),
        "naghizadeh2014.participation_study": (
            vp_study.participation_study,
            dict(draws=1, cost_scale=20.0, first_seed=0, workers=1),
        ),
        "naghizadeh2014.start_dependence": (vp_study.start_dependence, dict(draws=1, cost_scale=20.0, first_seed=0)),
        "naghizadeh2014.example1": (example1.example1, dict(seed=3, cost_scale=20.0)),
        "naghizadeh2014.example1_study": (example1.example1_study, dict(draws=1, cost_scale=20.0)),
        "naghizadeh2014.example2": (example2.example2, dict(seed=3, gamma=10.0, cost_scale=1.0)),
        "naghizadeh2014.example2_study": (example2.example2_study, dict(draws=1, gamma=10.0, cost_scale=1.0)),
        "naghizadeh2014.gradient_play": (
            adjustment.gradient_play,
            dict(model=MODEL, start=MESSAGES, x_star=X_STAR, step=0.5, iterations=3, record_every=1),
        ),
        "naghizadeh2014.best_deviation": (
            deviations.best_deviation,
            dict(model=MODEL, messages=MESSAGES, i=0, starts=1, seed=0, spread=1.0, project=True, maxiter=20),
        ),
        "naghizadeh2014.perturbed": (outcome_module.perturbed, dict(messages=MESSAGES, seed=0, size=0.02)),
        "naghizadeh2014.symbolic_messages": (outcome_module.symbolic_messages, dict(N=3)),
        "naghizadeh2014.user_cost": (outcome_module.user_cost, dict(model=MODEL, messages=MESSAGES, i=0, project=True)),
        "naghizadeh2014.social_multiplier": (outcome_module.social_multiplier, dict(model=MODEL, x=X_STAR)),
        "naghizadeh2014.personalised_prices": (outcome_module.personalised_prices, dict(model=MODEL, x=X_STAR)),
        "naghizadeh2014.zero_premium_indemnity": (outcome_module.zero_premium_indemnity, dict(model=MODEL, x=X_STAR)),
        "naghizadeh2014.group_level": (total_effort.group_level, dict(members=3, unit_cost=0.5)),
        "naghizadeh2014.example_model": (total_effort.example_model, dict(N=4, c1=0.5, c2=0.8)),
        "naghizadeh2014.budget_slack": (total_effort.budget_slack, dict(N=4, c1=0.5, c2=0.8)),
        "naghizadeh2014.paper_compatibility": (total_effort.paper_compatibility, dict(N=4, c1=0.5, c2=0.8)),
        "naghizadeh2014.loner_cost_first": (total_effort.loner_cost_first, dict(N=4, c1=0.5, c2=0.8)),
        "naghizadeh2014.optimum_effort": (total_effort.optimum_effort, dict(N=4, c1=0.5)),
        "naghizadeh2014.positive_region_grid": (total_effort.positive_region_grid, dict(N=4, points=5)),
        "security.Independent": (Independent, dict()),
        "security.Targeted": (Targeted, dict()),
        "security.exact_symmetric_solutions": (
            cara.exact_symmetric_solutions,
            dict(breach=EXP, structure=Untargeted(0.3), L=1.0, r=0.5, lam=0.2, insured=True),
        ),
        "security.check_parameters": (taylor.check_parameters, dict(L=1.0, r=0.5, lam=0.2)),
        "security.check_model": (taylor.check_model, dict(breach=EXP, structure=Untargeted(0.3))),
    }
)

#: values that are bad in general but valid for one function: (function, argument) -> values
VALID_HERE: dict[tuple[str, str], tuple[Any, ...]] = {
    ("security.cover", "P"): (np.array([0.3]),),  # P may be an array: cover() is vectorised
    ("naghizadeh2014.LinearExposure", "A"): (np.full((3, 3), 0.5),),  # no dominant diagonal needed
    ("naghizadeh2014.participation_study", "workers"): (None,),  # None: all cores
    ("shim2012.externality", "h"): (None,),  # None: a step relative to z2
    ("ogut2005.reaction", "z2"): (0.0,),  # the other firm may invest nothing
}


def _valid_here(name: str, arg: str, bad: Any) -> bool:
    return any(type(v) is type(bad) and repr(v) == repr(bad) for v in VALID_HERE.get((name, arg), ()))


CASES = [
    (name, arg, bad)
    for name, (_, kwargs) in API.items()
    for arg in kwargs
    if arg in BAD
    for bad in BAD[arg]
    if not _valid_here(name, arg, bad)
]


@pytest.mark.parametrize("name", sorted(API))
def test_valid_call_works(name):
    function, kwargs = API[name]
    function(**kwargs)


def _label(bad: Any) -> str:
    return type(bad).__name__ + ":" + repr(bad)[:20]


@pytest.mark.parametrize(("name", "arg", "bad"), CASES, ids=[f"{n}-{a}-{_label(b)}" for n, a, b in CASES])
def test_bad_input_is_refused_naming_the_argument(name, arg, bad):
    function, kwargs = API[name]
    with pytest.raises((ValueError, TypeError)) as err:
        function(**{**kwargs, arg: bad})
    assert not isinstance(err.value, NoInteriorSolution), f"{arg}={bad!r} reported as a model outcome"
    message = str(err.value)
    names = {"messages": ("messages", "proposals", "prices"), "proposals": ("proposals", "prices")}.get(arg, (arg,))
    assert any(n in message for n in names), f"{name}({arg}={bad!r}) raised {err.value!r} without naming {arg}"
    assert "must" in message or "needs" in message, f"{name}({arg}={bad!r}): {message!r} does not say what is allowed"
    assert len(message) < 400 and "inhomogeneous" not in message, f"{name}({arg}=...): NumPy's text or a huge repr"


def test_flags_are_not_truthy_strings():
    with pytest.raises(TypeError, match="insured must be True or False, got 'no'"):
        shim2012.equilibrium(EXP, case="untargeted", insured="no", L=10.0, r=0.5, q=0.3, lam=0.1)


def _numpy_forms(value: Any) -> tuple[Any, ...]:
    """The NumPy spellings of a Python number, flag or string a caller may pass instead."""
    if isinstance(value, bool):
        return (np.bool_(value), np.array(value))
    if isinstance(value, int):
        return (np.int64(value), np.int32(value), np.array(value))
    if isinstance(value, float):
        return (np.float64(value), np.array(value), np.float32(value))
    if isinstance(value, str):
        return (np.str_(value), np.array(value))
    return ()


def _values(obj: Any, depth: int = 0) -> Any:
    """What a result holds, as plain Python values (NumPy scalars and arrays as numbers and lists)."""
    if depth > 6:
        return "..."
    if isinstance(obj, np.ndarray):
        return _values(obj.tolist(), depth + 1)
    if isinstance(obj, np.generic):
        return _values(obj.item(), depth + 1)
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, (list, tuple)):
        return [_values(v, depth + 1) for v in obj]
    if isinstance(obj, dict):
        return {k: _values(v, depth + 1) for k, v in obj.items()}
    if hasattr(obj, "__dict__"):
        return (type(obj).__name__, _values(dict(vars(obj)), depth + 1))
    return obj


SLOW = {"naghizadeh2014.participation_study", "naghizadeh2014.start_dependence", "naghizadeh2014.example1_study"}
EQUIVALENTS = [
    (name, arg, form)
    for name, (_, kwargs) in API.items()
    if name not in SLOW
    for arg, value in kwargs.items()
    for form in _numpy_forms(value)
]


@pytest.mark.parametrize(("name", "arg", "form"), EQUIVALENTS, ids=[f"{n}-{a}-{_label(f)}" for n, a, f in EQUIVALENTS])
def test_numpy_scalars_and_0d_arrays_are_accepted_where_the_python_value_is(name, arg, form):
    function, kwargs = API[name]
    result = function(**{**kwargs, arg: form})
    if not isinstance(form, np.float32):  # float32 rounds the value; the others are the same number
        assert _values(result) == _values(function(**kwargs)), f"{name}({arg}={form!r}) differs from the Python value"


@pytest.mark.parametrize(
    ("function", "kwargs", "arg"),
    [
        (ogut2005.equilibrium, dict(breach=EXP, q=0.5, L=1.0, r=0.5, lam=0.2, n=10**400), "n"),
        (Untargeted, dict(q=0.3, n=10**12), "n"),
        (nl.weighted_total_effort_instance, dict(seed=1, N=10**9), "N"),
        (vp_study.participation_study, dict(draws=10**12, cost_scale=20.0), "draws"),
        (nl.all_nash_equilibria, dict(model=MODEL, max_users=10**400), "max_users"),
        (nl.uniqueness_certificate, dict(model=MODEL, max_users=10**400), "max_users"),
        (voluntary.loner_outcome, dict(model=MODEL, k=0, max_rounds=10**400), "max_rounds"),
        (total_effort.positive_region_grid, dict(N=4, points=10**9), "points"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_sizes_are_checked_before_any_work(function, kwargs, arg):
    import time

    started = time.perf_counter()
    with pytest.raises(ValueError, match=f"{arg} must be <= "):
        function(**kwargs)
    assert time.perf_counter() - started < 1.0
