"""Mutation score of the claim checks against the model modules.

A claim check that cannot notice a wrong model is not a check.  This benchmark makes small
mutants of the model code (a comparison swapped, an arithmetic operator flipped, a
numeric constant perturbed, a sign dropped) and runs on each, with the result cache off and
cheapest first: the unit tests that import the mutated module, the other unit tests of the
affected area (the paper's ``tests/<paper>/`` but its claims tests, and the shared ``tests/security/``
and ``tests/properties/``, all part of ``make test``), then the claim checks of the
affected papers.  A mutant is *killed* by the first that notices it: a failing test, a changed
claim status, a check that raises (the ledger would not build, so ``make test`` fails) or
exceeds the time limit; the outcome says which.  The unmutated statuses are computed once per
paper, when a mutant first needs them.  The survivors are listed with their line, to be shown
equivalent (the mutant computes the same function) or to get a test.

Model modules are every module of ``replication/security`` and of each paper package,
except the registering modules (``claims*``, ``figures*``, ``tables*`` and everything under a
``claims`` or ``exhibits`` folder), the exhibit helpers that only draw, the inventories,
``explore`` and package ``__init__`` files.  The sample is stratified by package: the same
number of sites from ``security`` and from each paper, with a fixed seed; within a package the
modules are taken round-robin in a seeded order, so that a small sample still spreads over them.

Usage: python benchmarks/bench_mutation.py [--per-package K] [--seed S] [--timeout SECONDS] [--record]

Runs for about ``4 K`` times the cold cost of one paper's claims; not part of ``make test``.
The result is printed and written to ``_build/bench/mutation.json``; with ``--record`` it is also
written to ``replication/ledger/mutation.json``, the committed file the findings page reads.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import zip_longest
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PAPER_KEYS = ("shim2012", "ogut2005", "naghizadeh2014")
PACKAGES = ("security", *PAPER_KEYS)
REGISTERING = ("claims", "figures", "tables")
RECORD = Path("replication") / "ledger" / "mutation.json"

SWAPS: dict[type, type] = {
    ast.Lt: ast.Gt,
    ast.Gt: ast.Lt,
    ast.LtE: ast.GtE,
    ast.GtE: ast.LtE,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
}

STATUSES_SCRIPT = """
import json, sys
from replication.ledger.registry import REGISTRY, load_all
load_all()
papers = set(sys.argv[1].split(","))
print(json.dumps({e.id: e.check().status for e in REGISTRY.sorted("claims") if e.paper in papers}))
"""


@dataclass(frozen=True)
class Site:
    """One mutation: the ``index``-th mutable node (in ``ast.walk`` order) of a module."""

    module: str
    index: int
    operator: str
    line: int


def model_modules(root: Path = ROOT) -> list[Path]:
    """The model modules, relative to the project ``root``, in a fixed order."""
    found = []
    for top in PACKAGES:
        for path in sorted((root / "replication" / top).rglob("*.py")):
            name = path.stem
            inner = path.relative_to(root / "replication" / top).parts[:-1]
            registering = name.startswith(REGISTERING) or any(p in ("claims", "exhibits") for p in inner)
            if name in ("__init__", "inventory", "explore") or registering or name.startswith("exhibits"):
                continue
            found.append(path.relative_to(root))
    return found


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _mutable(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Nodes a mutation can change, with the operator's name, in ``ast.walk`` order."""
    skip = _docstring_nodes(tree)
    in_strings = {id(n) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for n in ast.walk(node)}
    sites: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            sites.append((node, "swap comparison"))
        elif isinstance(node, ast.BinOp) and type(node.op) in SWAPS:
            sites.append((node, "swap arithmetic"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            sites.append((node, "drop minus sign"))
        elif (
            isinstance(node, ast.Constant)
            and type(node.value) in (int, float)
            and node.value not in (0, 1)
            and id(node) not in skip
            and id(node) not in in_strings
        ):
            sites.append((node, "perturb constant"))
    return sites


def sites(modules: list[Path], root: Path = ROOT) -> dict[str, list[Site]]:
    out = {}
    for rel in modules:
        tree = ast.parse((root / rel).read_text())
        out[rel.as_posix()] = [
            Site(rel.as_posix(), i, op, getattr(node, "lineno", 0)) for i, (node, op) in enumerate(_mutable(tree))
        ]
    return out


def mutate(source: str, site: Site) -> str:
    """The module's source with the mutation at ``site`` applied."""
    tree = ast.parse(source)
    node, op = _mutable(tree)[site.index]
    if op == "swap comparison":
        node.ops[0] = SWAPS[type(node.ops[0])]()  # type: ignore[attr-defined]
    elif op == "swap arithmetic":
        node.op = SWAPS[type(node.op)]()  # type: ignore[attr-defined]
    elif op == "drop minus sign":
        node.op = ast.UAdd()  # type: ignore[attr-defined]
    else:
        node.value = node.value * 1.5 if isinstance(node.value, float) else node.value + 1  # type: ignore[attr-defined]
    return ast.unparse(tree)


def package_of(module: str) -> str:
    """The package (``security`` or a paper) a module path ``replication/<package>/...`` is in."""
    return Path(module).parts[1]


def sample(all_sites: dict[str, list[Site]], per_package: int, seed: int) -> list[Site]:
    """``per_package`` sites from each package of :data:`PACKAGES`, stratified, fixed ``seed``.

    Within a package the modules are visited round-robin in an order drawn from the seed, each
    module's sites shuffled by the seed, so that ``per_package`` sites fall in as many modules.
    The packages take turns in the returned order.
    """
    strata: list[list[Site]] = []
    for k, package in enumerate(PACKAGES):
        rng = np.random.default_rng([seed, k])
        modules = sorted(m for m, s in all_sites.items() if s and package_of(m) == package)
        order = [modules[i] for i in rng.permutation(len(modules))]
        queues = {m: [all_sites[m][i] for i in rng.permutation(len(all_sites[m]))] for m in order}
        picked: list[Site] = []
        while len(picked) < per_package and any(queues.values()):
            for module in order:
                if queues[module] and len(picked) < per_package:
                    picked.append(queues[module].pop(0))
        strata.append(picked)
    # interleaved (one of each package in turn), so that a run cut short by its budget stays stratified
    return [site for row in zip_longest(*strata) for site in row if site is not None]


def papers_of(module: str) -> list[str]:
    """The papers whose claims a module can affect."""
    top = package_of(module)
    return list(PAPER_KEYS) if top == "security" else [top]


def statuses(tree: Path, papers: list[str], timeout: float, cache: Path | None = None) -> dict[str, str] | str:
    """Claim statuses computed from the package in ``tree``, or 'error' / 'timeout'.

    With the cache off unless ``cache`` names a result cache to read (only for the unmutated
    tree: entries are keyed on the package's source fingerprint, so a mutant never matches one).
    """
    env = {**os.environ, "PYTHONPATH": str(tree), "REPLICATION_CACHE": "off", "MPLBACKEND": "Agg"}
    if cache is not None:
        env.update(REPLICATION_CACHE="on", REPLICATION_CACHE_DIR=str(cache))
    try:
        done = subprocess.run(
            [sys.executable, "-c", STATUSES_SCRIPT, ",".join(papers)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode != 0:
        return "error"
    return json.loads(done.stdout.strip().splitlines()[-1])


def tests_of(papers: list[str], root: Path = ROOT) -> list[str]:
    """The unit-test files of ``papers`` (``tests/<paper>/``) and of the shared economics."""
    folders = [*papers, "security", "properties"]
    chosen = sorted(p for folder in folders for p in (root / "tests" / folder).glob("test_*.py"))
    return [p.relative_to(root).as_posix() for p in chosen if p.name != "test_claims.py"]  # statuses apart


def targeted_tests(module: str, root: Path = ROOT) -> list[str]:
    """The unit-test files (of :func:`tests_of`) that import ``module`` by its dotted name."""
    parts = Path(module).with_suffix("").parts
    dotted, parent, stem = ".".join(parts), ".".join(parts[:-1]), parts[-1]
    found = []
    for name in tests_of(PAPER_KEYS if package_of(module) == "security" else [package_of(module)], root):
        text = (root / name).read_text()
        if (
            dotted in text
            or f"from {parent} import {stem}" in text
            or f"from {parent} import (" in text
            and stem in text
        ):
            found.append(name)
    return found


def tests_fail(tree: Path, files: list[str], timeout: float, skip: Iterable[str] = ()) -> str:
    """The first test of ``files`` (but the test ids ``skip``) that fails on the package in
    ``tree`` ("timeout" when they exceed the time limit), "" when they all pass."""
    if not files:
        return ""
    env = {**os.environ, "PYTHONPATH": str(tree), "REPLICATION_CACHE": "off", "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-rfE", "-p", "no:xdist", "-p", "no:cacheprovider"]
    try:
        deselect = [f"--deselect={test}" for test in skip]
        done = subprocess.run(
            [*command, *deselect, *files], cwd=tree, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 0:
        return ""
    failed = [
        line.split(" - ")[0].split(" ", 1)[1]
        for line in done.stdout.splitlines()
        if line.startswith(("FAILED ", "ERROR "))
    ]
    return failed[0] if failed else f"pytest exit status {done.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-package", type=int, default=4, help="mutants drawn from each package")
    parser.add_argument("--mutants", type=int, help="total mutants, split evenly over the packages")
    parser.add_argument("--seed", type=int, default=20141)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for each step of one mutant")
    parser.add_argument("--budget", type=float, default=0.0, help="minutes after which no new mutant starts (0: none)")
    parser.add_argument(
        "--baseline-cache", type=Path, help="a result cache the unmutated claims may be read from (copied first)"
    )
    parser.add_argument(
        "--only",
        type=int,
        nargs="+",
        help="run only these positions of the sample (1-based); with --record, "
        "their rows replace those of the committed record",
    )
    parser.add_argument("--record", action="store_true", help=f"also write the committed {RECORD.as_posix()}")
    args = parser.parse_args()
    per_package = args.per_package if args.mutants is None else -(-args.mutants // len(PACKAGES))
    if per_package < 1:
        parser.error("--per-package (or --mutants) must be at least 1")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    kinds = ("killed (status)", "killed (test)", "killed (error)", "killed (timeout)", "survived")
    start = time.perf_counter()
    rows: list[dict] = []
    broken: set[str] = set()  # tests that fail on the unmutated package too
    if args.only and args.record and (ROOT / RECORD).is_file():
        previous = json.loads((ROOT / RECORD).read_text())
        rows = list(previous["rows"])
        broken = set(previous.get("left_out_tests", []))
    base_time = 0.0

    def write(chosen: list[Site], complete: bool) -> dict:
        position = {(c.module, c.line, c.operator): i for i, c in enumerate(chosen)}
        rows.sort(key=lambda r: position.get((r["module"], r["line"], r["operator"]), len(chosen)))
        counts = {o: sum(r["outcome"] == o for r in rows) for o in kinds}
        killed = len(rows) - counts["survived"]
        by_package = {
            p: {
                "mutants": sum(package_of(r["module"]) == p for r in rows),
                "killed": sum(package_of(r["module"]) == p and r["outcome"] != "survived" for r in rows),
            }
            for p in PACKAGES
        }
        record = {
            "commit": commit.stdout.strip() if commit.returncode == 0 else "",
            "seed": args.seed,
            "per_package": per_package,
            "timeout": args.timeout,
            "complete": complete,
            "sampled": len(chosen),
            "mutants": len(rows),
            "killed": killed,
            "counts": counts,
            "score": killed / len(rows) if rows else 0.0,
            "by_package": by_package,
            "baseline_seconds": round(base_time, 1),
            "minutes": round((time.perf_counter() - start) / 60, 1),
            "left_out_tests": sorted(broken),
            "rows": rows,
        }
        text = json.dumps(record, indent=1) + "\n"
        out = ROOT / "_build" / "bench" / "mutation.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        if args.record:
            (ROOT / RECORD).write_text(text)
        return record

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "project"
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "dist", "*.pyc"))
        cache = None
        if args.baseline_cache is not None:
            cache = Path(tmp) / "cache"
            shutil.copytree(args.baseline_cache, cache)
        baseline: dict[str, dict[str, str]] = {}

        def expected(papers: list[str]) -> dict[str, str]:
            nonlocal base_time
            for paper in papers:
                if paper not in baseline:
                    t0 = time.perf_counter()
                    got = statuses(tree, [paper], args.timeout, cache)
                    if isinstance(got, str):
                        raise SystemExit(f"the unmutated claims of {paper} ended in {got}")
                    baseline[paper] = got
                    base_time += time.perf_counter() - t0
            return {i: s for p in papers for i, s in baseline[p].items()}

        # sites from the copy, which the run mutates (the checkout may change meanwhile)
        chosen = sample(sites(model_modules(tree), tree), per_package, args.seed)
        spent_on_baseline = 0.0
        for k, site in enumerate(chosen, start=1):
            if args.only and k not in args.only:
                continue
            if args.budget and time.perf_counter() - start > 60 * args.budget:
                print(f"budget of {args.budget:g} min spent: {len(chosen) - k + 1} sampled mutants not run", flush=True)
                break
            papers = papers_of(site.module)
            targeted = targeted_tests(site.module, tree)
            rest = [t for t in tests_of(papers, tree) if t not in targeted]
            path = tree / site.module
            original = path.read_text()
            mutant = mutate(original, site)
            path.write_text(mutant)
            t1 = time.perf_counter()
            changed: list[str] = []
            # cheapest first: the tests that import the module, the area's other tests, then the claims
            while True:
                failing = tests_fail(tree, targeted, args.timeout, broken) or tests_fail(
                    tree, rest, args.timeout, broken
                )
                if not failing or "::" not in failing:
                    break
                # a test kills only if it passes on the unmutated package (one that fails there, e.g. by
                # depending on the order tests run in, is left out of the rest of the run and reported)
                path.write_text(original)
                unmutated = tests_fail(tree, [failing], args.timeout)
                path.write_text(mutant)
                if not unmutated:
                    break
                broken.add(failing)
                print(f"  {failing} fails on the unmutated package too: left out", flush=True)
            if failing:
                outcome = "killed (test)"
            else:
                path.write_text(original)  # the unmutated statuses, computed once per paper when first needed
                before = expected(papers)
                path.write_text(mutant)
                t1 += base_time - spent_on_baseline
                spent_on_baseline = base_time
                got = statuses(tree, papers, args.timeout)
                if isinstance(got, str):
                    outcome = f"killed ({got})"
                else:
                    changed = sorted(i for i in before if got.get(i) != before[i])
                    outcome = "killed (status)" if changed else "survived"
            path.write_text(original)
            rows[:] = [
                r for r in rows if (r["module"], r["line"], r["operator"]) != (site.module, site.line, site.operator)
            ]
            rows.append(
                {
                    **asdict(site),
                    "outcome": outcome,
                    "changed": changed,
                    "failing_test": failing,
                    "seconds": round(time.perf_counter() - t1, 1),
                }
            )
            print(
                f"[{k}/{len(chosen)}] {site.module}:{site.line} {site.operator}: {outcome}"
                + (f" ({', '.join(changed[:3])}{'...' if len(changed) > 3 else ''})" if changed else ""),
                flush=True,
            )
            write(chosen, complete=False)
    record = write(chosen, complete=len(rows) == len(chosen))
    counts = record["counts"]
    killed, score = record["killed"], record["score"]
    print(
        f"mutation score: {killed}/{len(rows)} = {score:.0%} killed ({counts['killed (status)']} by a claim's "
        f"status, {counts['killed (test)']} by a unit test, {counts['killed (error)']} by an error, "
        f"{counts['killed (timeout)']} by the time limit); survived {counts['survived']}; "
        f"baseline claims {base_time:.0f} s; {record['minutes']} min in all"
    )
    for r in rows:
        if r["outcome"] == "survived":
            print(f"survivor: {r['module']}:{r['line']} {r['operator']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
