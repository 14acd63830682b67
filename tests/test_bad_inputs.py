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
from replication.core.solvers import NoInteriorSolution
from replication.naghizadeh2014.participation import voluntary
from replication.security import ExponentialBreach, PowerBreach, Untargeted, cover, symmetric_solutions

EXP = ExponentialBreach(0.5, 5.0)
NOT_A_NUMBER = ("1.0", None, True, complex(1, 1), [1.0, 2.0])
NOT_FINITE = (math.nan, math.inf, -math.inf)
NOT_A_FLAG = ("no", "False", 0, 1, None, np.float64(1.0))
NOT_A_BREACH = (0.5, "exponential", None, Untargeted(0.3))
NOT_AN_INT = (2.5, True, "2", None)

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
NOT_A_PROFILE = (None, "x", [1.0, 2.0], [math.nan, 0.0, 0.0, 0.0, 0.0], [True, False, True, False, True])
BAD.update(
    {
        "model": NOT_A_MODEL,
        "k": (-1, 5, 1.5, True, "0", None),
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
        "max_rounds": (0, 1.5, True, "3"),
        "c": (None, "c", [], [1.0, -1.0, 1.0], [math.nan, 1.0, 1.0], [True, True, True]),
        "A": (None, "A", np.eye(2), -np.eye(3), np.zeros((3, 3)), np.full((3, 3), 0.5)),
        "messages": (None, 3.0, "m", (np.ones(2), np.ones(2))),
    }
)
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

CASES = [(name, arg, bad) for name, (_, kwargs) in API.items() for arg in kwargs if arg in BAD for bad in BAD[arg]]


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
    names = {"messages": ("messages", "proposals", "prices")}.get(arg, (arg,))
    assert any(n in message for n in names), f"{name}({arg}={bad!r}) raised {err.value!r} without naming {arg}"


def test_flags_are_not_truthy_strings():
    with pytest.raises(TypeError, match="insured must be True or False, got 'no'"):
        shim2012.equilibrium(EXP, case="untargeted", insured="no", L=10.0, r=0.5, q=0.3, lam=0.1)
