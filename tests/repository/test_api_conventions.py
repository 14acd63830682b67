"""One calling convention across Shim (2012), Ogut et al. (2005) and the shared security code.

The model object (a breach family, with its interdependence structure where the function
takes one; a result object; or the probability arrays a formula is evaluated at) comes
first and by position; every later parameter is keyword-only, so that r and lam, or q and
L, cannot be swapped silently; the shared parameters appear in the order L, r, q, lam, n.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest

import replication.ogut2005
import replication.security
import replication.shim2012
from replication import ogut2005, shim2012
from replication.beyond.exhibits import figures as beyond_figures
from replication.beyond.exhibits import tables as beyond_tables
from replication.naghizadeh2014.exhibits import participation, weakest_link
from replication.ogut2005.exhibits import figures as ogut_figures
from replication.ogut2005.exhibits import tables as ogut_tables
from replication.ogut2005.model import exact, observability
from replication.ogut2005.model import game as model
from replication.ogut2005.studies import grid as study
from replication.security import best_reply, cara, cara_planner, corners, taylor
from replication.security.breach import ExponentialBreach
from replication.shim2012.exhibits import figures
from replication.shim2012.model import attacks
from replication.shim2012.model import exact as shim_exact
from replication.shim2012.model import game as shim_model
from replication.shim2012.studies import grid

# The package re-exports these functions under their modules' names.
liability, regions, statics = (
    importlib.import_module(f"replication.ogut2005.model.{m}") for m in ("liability", "regions", "statics")
)

SHARED = ("L", "r", "q", "lam", "n")

#: Public entry points and the names of their leading (positional) arguments.
LEADING: dict[Callable, tuple[str, ...]] = {
    shim_model.equilibrium: ("breach",),
    shim_model.equilibria: ("breach",),
    shim_model.planner: ("breach",),
    shim_exact.exact_cara_planner: ("breach",),
    shim_model.validated: ("breach",),
    shim_model.structure: ("case",),
    shim_model.sensitivity: ("eq",),
    shim_model.branch_derivative: ("eq",),
    shim_model.shifted: ("inputs",),
    grid.solve_or_none: ("breach",),
    attacks.externality: ("breach",),
    figures.investment_table: (),
    model.equilibrium: ("breach",),
    model.planner: ("breach",),
    model.symmetric_equilibria: ("breach",),
    model.uninsured_equilibrium: ("breach",),
    model.reaction: ("breach",),
    model.reaction_crossings: ("breach",),
    model.equilibria_of: ("breach", "structure"),
    model.equilibrium_of: ("breach", "structure"),
    model.solve_with_corners: ("breach", "structure"),
    corners.zero_investment: ("breach", "structure"),
    model.require_solutions: ("solutions",),
    model.stable_solution: ("solutions",),
    model.planner_best: ("breach", "structure"),
    model.certified: ("candidates", "breach", "structure"),
    exact.exact_cara_equilibria: ("breach",),
    exact.exact_cara_equilibrium: ("breach",),
    exact.exact_cara_planner: ("breach",),
    exact.direct_best_reply: ("breach",),
    observability.unobserved_equilibrium: ("breach",),
    liability.liability: ("breach",),
    regions.regions: ("breach",),
    statics.statics: ("breach",),
    study.solve_point: ("breach",),
    taylor.BracketedSolver.__call__: ("self",),
    taylor.symmetric_solutions: ("breach", "structure"),
    taylor.solve_validated: ("breach", "structure"),
    taylor.residual_function: ("breach", "structure"),
    taylor.roots_on_scan: ("zs", "values", "breach", "structure"),
    taylor.bound_for: ("breach", "structure"),
    taylor.search_bound: ("breach", "structure"),
    taylor.check_parameters: (),
    taylor.check_model: ("breach", "structure"),
    taylor.cover: ("P",),
    taylor.cover_formula: ("P",),
    taylor.insured_residual: ("dP",),
    taylor.uninsured_residual: ("dP", "P"),
    cara.exact_symmetric_solutions: ("breach", "structure"),
    cara.symmetric_residual: ("breach", "structure"),
    cara.own_residual: ("breach", "structure"),
    cara.exact_cover: ("P",),
    cara.chosen_cover: ("P",),
    cara.investment_residual: ("dP", "P", "I"),
    cara.uninsured_residual: ("dP", "P"),
    cara.expected_utility: ("P", "z", "I"),
    cara.exact_roots: ("g", "breach", "structure"),
    best_reply.taylor_best_reply: ("breach", "structure"),
    best_reply.cara_best_reply: ("breach", "structure"),
    best_reply.certainty_loss: ("P", "z", "I"),
    best_reply.line_best_reply: ("residual", "z", "stationary"),
    cara_planner.planner_loss: ("breach", "structure"),
    cara_planner.planner_residual: ("breach", "structure"),
    cara_planner.planner_bound: ("breach", "structure"),
    cara_planner.exact_planner_solutions: ("breach", "structure"),
    cara_planner.cara_planner_best: ("breach", "structure"),
    # exhibits: every parameter is a keyword, the paper's value its default
    figures.figure_8: (),
    figures.figure_12: (),
    ogut_figures.figure_statics: (),
    ogut_figures.figure_loading_cover: (),
    ogut_figures.figure_n_firms: (),
    ogut_figures.figure_exact_risk_aversion: (),
    ogut_tables.table_regions: (),
    ogut_tables.table_planner: (),
    ogut_figures.figure_reaction_curves: (),
    ogut_figures.figure_exact_fair_insurance: (),
    ogut_tables.table_exact_counterexamples: (),
    weakest_link.figure_adjustment: (),
    participation.figure_positive_region: (),
    beyond_figures.figure_gap_closed: (),
    beyond_tables.table_one_network: (),
    beyond_tables.table_gap_summary: (),
    beyond_tables.table_mechanism_one_network: (),
}


def violations(function: Callable, leading: tuple[str, ...]) -> list[str]:
    """What is wrong with ``function``'s signature under the convention (empty: nothing)."""
    params = list(inspect.signature(function).parameters.values())
    head, tail = params[: len(leading)], params[len(leading) :]
    found = []
    if tuple(p.name for p in head) != leading or any(p.kind is p.KEYWORD_ONLY for p in head):
        found.append(f"the leading arguments are {[p.name for p in head]}, not {list(leading)} by position")
    found += [f"{p.name} is not keyword-only" for p in tail if p.kind is not p.KEYWORD_ONLY]
    shared = [p.name for p in params if p.name in SHARED]
    if shared != sorted(shared, key=SHARED.index):
        found.append(f"the shared parameters come as {shared}, not in the order {SHARED}")
    return found


@pytest.mark.parametrize("function", list(LEADING), ids=lambda f: f"{f.__module__}.{f.__qualname__}")
def test_parameters_after_the_model_object_are_keyword_only(function):
    assert violations(function, LEADING[function]) == []


# The signatures the package had before the convention (copies, for the negative case).
def old_shim_equilibrium(case, insured, breach, L, r, q=0.0, lam=0.0): ...
def old_ogut_equilibrium(breach, q, L, r, lam, n=2): ...
def old_symmetric_solutions(breach, structure, L, r, lam, *, insured, planner=False): ...
def swapped_order(breach, *, L, lam, r, q): ...


@pytest.mark.parametrize(
    ("function", "leading", "problem"),
    [
        (old_shim_equilibrium, ("breach",), "leading arguments"),
        (old_ogut_equilibrium, ("breach",), "q is not keyword-only"),
        (old_symmetric_solutions, ("breach", "structure"), "L is not keyword-only"),
        (swapped_order, ("breach",), "not in the order"),
    ],
)
def test_the_check_refuses_the_old_signatures(function, leading, problem):
    assert any(problem in v for v in violations(function, leading)), violations(function, leading)


def public_functions() -> list[tuple[str, Callable]]:
    """Every public function of the two papers' packages and of ``replication.security``."""
    found = []
    for package in (replication.shim2012, replication.ogut2005, replication.security):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == info.name:
                    found.append((f"{info.name}.{name}", obj))
    return found


#: Modules that derive the conditions with sympy: their arguments are symbols, not numbers.
SYMBOLIC = ("replication.shim2012.model.derivation.", "replication.ogut2005.model.derivation.")


def test_every_function_with_model_parameters_is_listed():
    """A public function taking a breach family or L, r, q, lam follows the convention and is checked above."""
    unlisted = [
        name
        for name, function in public_functions()
        if function not in LEADING
        and {"breach", *SHARED} & set(inspect.signature(function).parameters)
        and function.__name__ != "<lambda>"
        and not name.startswith(SYMBOLIC)
    ]
    assert unlisted == []


BREACH = ExponentialBreach(0.5, 5.0)


def test_a_positional_call_is_refused_not_misread():
    with pytest.raises(TypeError):
        ogut2005.equilibrium(BREACH, 0.5, 1.0, 0.5, 0.2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        shim2012.equilibrium("untargeted", True, BREACH, 1.0, 0.5)  # type: ignore[misc]
    with pytest.raises(TypeError):
        taylor.cover(0.2, 1.0, 0.5, 0.2)  # type: ignore[misc]


def test_the_same_names_give_the_same_instance_in_both_papers():
    """Shim's untargeted insured firm and Ogut's two firms solve the same conditions (Shim eqs 11-12, Ogut eqs 9-10)."""
    args = {"L": 1.0, "r": 0.5, "q": 0.5, "lam": 0.2}
    shim = shim2012.equilibrium(BREACH, case="untargeted", insured=True, **args)
    ogut = ogut2005.equilibrium(BREACH, **args)
    assert shim.z == pytest.approx(ogut.z, rel=1e-9) and shim.I == pytest.approx(ogut.I, rel=1e-9)
