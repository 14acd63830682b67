"""The mutation score of the claim checks, read from the committed record of
``benchmarks/bench_mutation.py --record`` (``replication/ledger/mutation.json``), for the
findings page."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from replication.core.numbers import pct

#: What we found about each mutant that survived the committed mutation run, keyed
#: ``"<module>:<line> <operator>"`` as the run records it: ``("equivalent", why)`` for a
#: mutant that computes the same verdicts, ``("test", name)`` for one a test added since kills.
MUTANT_NOTES: dict[str, tuple[str, str]] = {
    # the default number of firms (the paper's two) moved to three: the exhibits that rely on the
    # default drew other firms, but no claim or test called it without ``n``
    "replication/ogut2005/model/exact.py:89 perturb constant": (
        "test",
        "tests/ogut2005/test_model.py::test_exact_cara_equilibrium_defaults_to_the_papers_two_firms",
    ),
    "replication/naghizadeh2014/studies/adjustment.py:53 perturb constant": (
        "equivalent",
        "the convergence tolerance of gradient play raised by half; every path of the study ends more than "
        "ten times inside or outside it, so no verdict moves "
        "(`tests/naghizadeh2014/test_weakest_link.py::test_adjustment_verdicts_do_not_hang_on_the_convergence_tolerance`)",
    ),
    "replication/security/cara_planner.py:47 perturb constant": (
        "equivalent",
        "the exact planner's scan takes one point more; halving or doubling the scan finds the same roots "
        "(`tests/security/test_cara_planner.py::test_the_planners_roots_do_not_hang_on_the_scan_resolution`)",
    ),
    "replication/ogut2005/studies/exact_grid.py:27 perturb constant": (
        "equivalent",
        "one breach family of the exact-CARA grid replaced by a neighbour (effectiveness 3 instead of 2): "
        "a different sample of the same domain, on which every claim checked there keeps its verdict",
    ),
    "replication/shim2012/studies/grid.py:23 perturb constant": (
        "equivalent",
        "one breach family of Shim's grid replaced by a neighbour (effectiveness 7.5 instead of 5): a "
        "different sample of the same domain, on which every claim checked there keeps its verdict",
    ),
    "replication/ogut2005/studies/grid.py:34 perturb constant": (
        "equivalent",
        "one breach family of Ogut et al.'s grid replaced by a neighbour (effectiveness 7.5 instead of 5): a "
        "different sample of the same domain, on which every claim checked there keeps its verdict",
    ),
    "replication/naghizadeh2014/model/deviations.py:180 perturb constant": (
        "equivalent",
        "the gradient tolerance of the deviation search raised by half; ten times tighter or looser it finds "
        "the same gains to 1e-9 of the game's unit of money "
        "(`tests/naghizadeh2014/test_mechanism.py::"
        "test_reduced_deviation_gains_do_not_hang_on_the_searchs_gradient_tolerance`)",
    ),
    # the subsidy on top of the mechanism's payments summed the users' gains instead of their
    # shortfalls; only a chapter's glued number used it
    "replication/naghizadeh2014/model/participation.py:372 drop minus sign": (
        "test",
        "tests/naghizadeh2014/test_participation.py::test_subsidies_are_the_shortfalls_they_name",
    ),
    # targeted attacks' second derivative off the symmetric line (the equilibria use the
    # symmetric closed form, so no claim saw it)
    "replication/security/interdependence.py:229 perturb constant": (
        "test",
        "tests/security/test_breach_and_taylor.py::"
        "test_own_derivatives_off_the_symmetric_line_match_finite_differences",
    ),
    # the z = 0 corner priced at (1 - lam) P; the tests' corners were at lam = 0 or had no cover
    "replication/security/corners.py:60 swap arithmetic": (
        "test",
        "tests/shim2012/test_model.py::test_zero_investment_corner_when_investing_never_pays",
    ),
    # the message of the exact planner's NoEquilibrium (no test reached that error)
    "replication/shim2012/model/exact.py:89 swap arithmetic": (
        "test",
        "tests/shim2012/test_model.py::test_exact_planner_names_the_better_plan_when_no_stable_root_is_optimal",
    ),
    # the Gauss-Legendre fallback of the best reply's quadrature (no test made quadrature fail)
    "replication/security/best_reply.py:162 swap arithmetic": (
        "test",
        "tests/security/test_best_reply.py::test_gauss_legendre_fallback_gives_the_adaptive_quadratures_costs",
    ),
    "replication/security/taylor.py:374 perturb constant": (
        "equivalent",
        "the margin at which the shared scan refuses a loss, raised by half; a loss served only under the "
        "larger margin has the per-instance scan's roots "
        "(`tests/ogut2005/test_model.py::test_shared_scan_margin_is_conservative`)",
    ),
    # the start-dependence study compared two costs against an absolute, not a relative, tolerance
    "replication/naghizadeh2014/studies/participation.py:219 swap arithmetic": (
        "test",
        "tests/naghizadeh2014/test_participation.py::test_start_dependence_finds_the_same_games_in_any_unit_of_money",
    ),
}

#: The operators of a mutation, as the record names them, in the words of the page.
_MUTATION_WORDS = {
    "swap comparison": "a comparison swapped",
    "swap arithmetic": "an arithmetic operator swapped",
    "drop minus sign": "a minus sign dropped",
    "perturb constant": "a constant perturbed",
}


def mutation_record(text: str | None = None) -> dict[str, Any]:
    """The committed result of the mutation run (``benchmarks/bench_mutation.py --record``,
    the file ``replication/ledger/mutation.json``), or the record in ``text`` when given.
    Raises ValueError when it lacks a field."""
    if text is None:
        text = resources.files("replication.ledger").joinpath("mutation.json").read_text()
    record: dict[str, Any] = json.loads(text)
    missing = {"commit", "seed", "per_package", "complete", "sampled", "mutants", "killed", "counts", "rows"} - set(
        record
    )
    if missing:
        raise ValueError(f"the mutation record lacks {sorted(missing)}")
    return record


def mutation_survivors(record: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of the mutants that survived the run, each with its ``key`` into :data:`MUTANT_NOTES`."""
    record = mutation_record() if record is None else record
    return [
        {**row, "key": f"{row['module']}:{row['line']} {row['operator']}"}
        for row in record["rows"]
        if row["outcome"] == "survived"
    ]


def mutation_markdown(record: Mapping[str, Any] | None = None) -> str:
    """The mutation score for the findings page, every number read from the committed record:
    how the mutants were made and checked, how many each package had and how many were
    killed and by what, and every survivor with what we found (:data:`MUTANT_NOTES`)."""
    record = mutation_record() if record is None else record
    counts, rows = record["counts"], record["rows"]
    survivors = mutation_survivors(record)
    notes = {row["key"]: MUTANT_NOTES.get(row["key"]) for row in survivors}
    equivalent = sum(1 for note in notes.values() if note and note[0] == "equivalent")
    tested = sum(1 for note in notes.values() if note and note[0] == "test")
    packages = record.get("by_package", {})
    lines = [
        "A check that cannot notice a wrong model is not a check. `make mutation` "
        "(`benchmarks/bench_mutation.py`) makes small mutants of the model code (a comparison or an "
        "arithmetic operator swapped, a constant perturbed, a minus sign dropped), "
        f"{record['per_package']} drawn from each of the shared `security` solvers and the three papers "
        f"(seed {record['seed']}, commit `{record['commit']}`). Each mutant runs the unit tests that "
        "import its module, then the other unit tests of its area, then the claims of the papers it can "
        "affect with the result cache off, and is killed by the first that notices it (a changed status, a "
        "failing test, an error or the time limit).",
        "",
        f"**{record['killed']} of {record['mutants']} mutants killed ({pct(record['killed'] / record['mutants'])})**: "
        f"{counts['killed (status)']} by a claim's status, {counts['killed (test)']} by a unit test, "
        f"{counts['killed (error)']} by an error and {counts['killed (timeout)']} by the time limit."
        + (
            ""
            if record["complete"]
            else f" The run stopped at its time budget after {record['mutants']} of the {record['sampled']} "
            "sampled mutants."
        ),
        "",
    ]
    by_test = [row for row in rows if row["outcome"] == "killed (test)"]
    confirmed = sum(1 for row in by_test if row.get("failing_test"))
    if confirmed < len(by_test):
        lines += [
            f"Of the {len(by_test)} mutants killed by a unit test, {confirmed} name the failing test, which passes "
            f"on the unmutated package; the other {len(by_test) - confirmed} come from a run made before that "
            "check and are not confirmed (a test that fails without the mutant would have counted as a kill).",
            "",
        ]
    left_out = record.get("left_out_tests", [])
    if left_out:
        lines += [
            "Left out of the run because they fail on the unmutated package as well (a test kills a mutant "
            "only if it passes without it): " + ", ".join(f"`{t}`" for t in left_out) + ".",
            "",
        ]
    if packages:
        lines += [
            "| package | mutants | killed |",
            "|---|---|---|",
            *(f"| `{name}` | {v['mutants']} | {v['killed']} |" for name, v in packages.items()),
            "",
        ]
    if not survivors:
        return "\n".join(lines + ["No mutant survived."]) + "\n"
    lines.append(
        f"{len(survivors)} mutant{'s' if len(survivors) != 1 else ''} survived: {equivalent} computing the same "
        f"verdicts (equivalent) and {tested} killed since by a test added for it"
        + (f"; {len(survivors) - equivalent - tested} not yet examined" if equivalent + tested < len(survivors) else "")
        + ". Counting the added tests, "
        f"{record['killed'] + tested} of the {record['mutants'] - equivalent} non-equivalent mutants are killed "
        f"({pct((record['killed'] + tested) / max(record['mutants'] - equivalent, 1))}; by the run alone "
        f"{record['killed']}, {pct(record['killed'] / max(record['mutants'] - equivalent, 1))})."
    )
    lines.append("")
    for row in survivors:
        note = notes[row["key"]]
        what = _MUTATION_WORDS.get(row["operator"], row["operator"])
        found = (
            "not yet examined"
            if note is None
            else f"equivalent: {note[1]}"
            if note[0] == "equivalent"
            else f"killed since by `{note[1]}`"
        )
        lines.append(f"- `{row['module']}`, line {row['line']}, {what}: {found}")
    return "\n".join(lines) + "\n"
