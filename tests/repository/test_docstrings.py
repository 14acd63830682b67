"""The docstrings a user reads first: every public entry point of the papers and of the shared
parts is numpydoc with a one-line summary, its parameters, what it returns and a short example.

The entry points are the names in ``__all__`` of the papers' packages and of the shared
economics, the ledger's decorators and verdict toolkit, and the general solvers.  The examples
themselves run as doctests in ``make test`` (``--doctest-modules`` over the package).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable

import pytest

#: Packages whose ``__all__`` lists public entry points.
PACKAGES = (
    "replication.shim2012",
    "replication.ogut2005",
    "replication.naghizadeh2014",
    "replication.security",
    "replication.heterogeneous",
)

#: Entry points outside an ``__all__`` above: ``module:attribute`` (``Class.method`` for a method).
EXTRA = (
    "replication.ledger.registry:Registry.claim",
    "replication.ledger.registry:Registry.figure",
    "replication.ledger.registry:Registry.table",
    "replication.ledger.verdicts:verdict",
    "replication.ledger.verdicts:tally",
    "replication.numerics.solvers:all_roots",
    "replication.numerics.lcp:lemke",
    # methods of public classes that a user calls
    "replication.security.breach:BreachFunction.check",
    "replication.ogut2005.model.regions:Regions.orderings",
    "replication.naghizadeh2014.model.risk:IDSModel.costs",
    "replication.naghizadeh2014.model.risk:IDSModel.social_cost",
    "replication.heterogeneous.firms:Firms.identical",
)


def resolve(module: str, attribute: str) -> object:
    obj: object = importlib.import_module(module)
    for part in attribute.split("."):
        obj = getattr(obj, part)
    return obj


def entry_points() -> list[tuple[str, object]]:
    """Every documented entry point (constants, which carry no docstring of their own, are left out)."""
    found = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found.append((f"{package}.{name}", obj))
    found += [(spec.replace(":", "."), resolve(*spec.split(":"))) for spec in EXTRA]
    return found


SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}$", re.M)


def sections(doc: str) -> list[str]:
    return [m["title"] for m in SECTION.finditer(doc)]


def problems(obj: object) -> list[str]:
    """What the numpydoc docstring of ``obj`` lacks (empty: nothing)."""
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):  # the dataclass default
        doc = ""
    if not doc.strip():
        return ["no docstring"]
    found = []
    lines = doc.splitlines()
    if not lines[0].strip() or (len(lines) > 1 and lines[1].strip()):
        found.append("the summary is not one line followed by a blank line")
    titles = sections(doc)
    if inspect.isclass(obj):
        if not {"Parameters", "Attributes"} & set(titles):
            found.append("no Parameters or Attributes section")
    else:
        callable_obj: Callable = obj  # type: ignore[assignment]
        takes = [p for p in inspect.signature(callable_obj).parameters if p not in ("self", "cls")]
        if takes and "Parameters" not in titles:
            found.append("no Parameters section")
        if not {"Returns", "Yields"} & set(titles):
            found.append("no Returns section")
    if "Examples" not in titles:
        found.append("no Examples section")
    else:
        examples = doc[doc.index("Examples\n--------") :]
        if ">>> " not in examples:
            found.append("the Examples section has no runnable example")
    if not set(titles) <= set(ORDER) or titles != sorted(titles, key=ORDER.index):
        found.append(f"sections {titles} are not numpydoc sections in numpydoc order")
    return found


#: The numpydoc sections, in their order.
ORDER = (
    "Parameters",
    "Attributes",
    "Returns",
    "Yields",
    "Raises",
    "Warns",
    "See Also",
    "Notes",
    "References",
    "Examples",
)


@pytest.mark.parametrize(("name", "obj"), entry_points(), ids=[name for name, _ in entry_points()])
def test_public_entry_point_has_a_numpydoc_docstring_with_an_example(name, obj):
    assert problems(obj) == []


def test_every_paper_and_shared_package_has_entry_points():
    names = [name for name, _ in entry_points()]
    for package in PACKAGES:
        assert sum(n.startswith(package + ".") for n in names) >= 5, package


def undocumented(L, r):
    """Solve it.

    A second paragraph.
    """


def two_line_summary(L):
    """Solve it
    on two lines.

    Parameters
    ----------
    L : float
        The loss.

    Returns
    -------
    float

    Examples
    --------
    Nothing runs here.
    """


def out_of_order(L):
    """Solve it.

    Examples
    --------
    >>> out_of_order(1.0)  # doctest: +SKIP

    Parameters
    ----------
    L : float
        The loss.

    Returns
    -------
    None
    """


class Bare:
    """A class.

    Examples
    --------
    >>> Bare()  # doctest: +SKIP
    """


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (undocumented, ["no Parameters section", "no Returns section", "no Examples section"]),
        (two_line_summary, ["the summary is not one line", "no runnable example"]),
        (out_of_order, ["not numpydoc sections in numpydoc order"]),
        (Bare, ["no Parameters or Attributes section"]),
    ],
)
def test_the_check_fails_on_a_docstring_without_the_sections(obj, expected):
    found = problems(obj)
    assert len(found) == len(expected), found
    for problem, text in zip(found, expected):
        assert text in problem, found
