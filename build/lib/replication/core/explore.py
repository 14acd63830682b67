"""The chapters' "Explore" sections: which call to change, and the parameters worth varying.

Each paper package lists its explorations in ``replication/<paper>/explore.py`` as a
tuple ``EXPLORATIONS`` of :class:`Exploration`; a chapter ends with

    explore("book/shim2012/insurance")

which renders the chapter's entries as Markdown: the call, ready to paste into a cell and
change, and a table of its parameters with their meaning and valid values. A test runs
every call as printed and checks that each parameter, set just outside its valid values,
is refused with a ``ValueError`` (so the ranges printed are the ones the code enforces).

``python -m replication.core.explore --add-cells book/<paper>/<chapter>.ipynb ...`` adds the
section (a heading and the call above, its code hidden) before the chapter's "What's next"
section, or at its end; a chapter that already calls ``explore`` is left as it is.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from IPython.display import Markdown

from replication.core.papers import PAPERS


@dataclass(frozen=True)
class Knob:
    """A parameter worth varying: keyword, meaning, valid values, and a value outside them."""

    name: str
    meaning: str
    valid: str
    outside: str  # Python source of a value the call must refuse with ValueError


def breach_knob(outside: str) -> Knob:
    """The breach family ``p(z) = p0 exp(-a z)`` the CARA chapters share; ``outside`` is a family
    the call must refuse."""
    return Knob(
        "breach",
        "the breach probability p(z) = p0 exp(-a z) of a firm investing z",
        "ExponentialBreach(p0, a) with 0 < p0 < 1, a > 0",
        outside,
    )


#: The loss from a breach, as every chapter with a loss ``L`` varies it.
LOSS = Knob("L", "the loss from a breach", "L > 0", "0.0")
#: The number of firms, as the chapters with ``n`` firms vary it.
FIRMS = Knob("n", "the number of firms", "a whole number n >= 2", "1")


@dataclass(frozen=True)
class Exploration:
    """One call a reader can change and re-run, with the parameters worth varying."""

    chapter: str  # the book page, e.g. "book/shim2012/insurance"
    function: str  # the function's import path, e.g. "replication.shim2012.equilibrium"
    arguments: dict[str, str]  # keyword -> Python source of the chapter's value
    returns: str  # what the result holds and what to look at
    knobs: tuple[Knob, ...]
    imports: tuple[str, ...] = field(default=())  # further imports the arguments need
    positional: tuple[str, ...] = field(default=())  # arguments passed by position, first (e.g. the breach family)

    def __post_init__(self) -> None:
        unknown = [k.name for k in self.knobs if k.name not in self.arguments]
        unknown += [name for name in self.positional if name not in self.arguments]
        if unknown:
            raise ValueError(f"{self.function}: knobs {unknown} are not among the arguments {list(self.arguments)}")

    @property
    def name(self) -> str:
        """The name of the function the section calls."""
        return self.function.rsplit(".", 1)[1]

    def source(self, **override: str) -> str:
        """The call as Python source, with some arguments replaced.

        The ``positional`` arguments come first, by position; the others by keyword.
        """
        args = {**self.arguments, **override}
        parts = [args[k] for k in self.positional]
        parts += [f"{k}={v}" for k, v in args.items() if k not in self.positional]
        return f"{self.name}(" + ", ".join(parts) + ")"

    def code(self) -> str:
        """The call as a reader types it: the imports, a blank line, the call."""
        module = self.function.rsplit(".", 1)[0]
        return "\n".join([f"from {module} import {self.name}", *self.imports, "", self.source()])

    def resolve(self):
        """The function the section calls, imported."""
        module, name = self.function.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)

    def run(self, **override: str):
        """Evaluate the call (with some arguments replaced) as a reader would."""
        namespace: dict = {}
        exec("\n".join(self.code().splitlines()[:-1]), namespace)  # the imports
        return eval(self.source(**override), namespace)


def explorations() -> tuple[Exploration, ...]:
    """Every paper's explorations, in the order of the papers."""
    found: list[Exploration] = []
    for paper in PAPERS:
        try:
            module = importlib.import_module(f"replication.{paper}.explore")
        except ModuleNotFoundError as err:
            if err.name != f"replication.{paper}.explore":
                raise
            continue
        found += module.EXPLORATIONS
    return tuple(found)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def explore_markdown(chapter: str) -> str:
    """The Explore section of ``chapter`` as Markdown (without its heading)."""
    entries = [e for e in explorations() if e.chapter == chapter]
    if not entries:
        known = sorted({e.chapter for e in explorations()})
        raise ValueError(f"chapter {chapter!r} has no explorations; chapters with some: {', '.join(known)}")
    out = [
        "Open this chapter in JupyterLab (`make lab`), add a cell at the end, paste the call, "
        "change a parameter within its valid values and run it. A value outside them is "
        "refused with a `ValueError` that names the parameter.",
        "",
    ]
    for entry in entries:
        out += [
            "```python",
            entry.code(),
            "```",
            "",
            f"It returns {entry.returns}",
            "",
            "| parameter | what it is | valid values |",
            "|---|---|---|",
        ]
        out += [f"| `{k.name}` | {_cell(k.meaning)} | {_cell(k.valid)} |" for k in entry.knobs]
        out.append("")
    return "\n".join(out)


def explore(chapter: str) -> Markdown:
    """A chapter's Explore section, for display as a cell's output."""
    return Markdown(explore_markdown(chapter))


NEXT = re.compile(r"^## What.s next", re.M)


def add_cells(path: Path, root: Path = Path(".")) -> bool:
    """Add the Explore section to the chapter notebook ``path``; False if it has one."""
    chapter = path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    explore_markdown(chapter)  # refuses a chapter without explorations
    nb = nbformat.read(path, as_version=4)
    if any(c.cell_type == "code" and "explore(" in c.source for c in nb.cells):
        return False
    heading = nbformat.v4.new_markdown_cell("## Explore")
    call = nbformat.v4.new_code_cell(
        f'from replication.core.explore import explore\n\nexplore("{chapter}")', metadata={"tags": ["hide-input"]}
    )
    at = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and NEXT.search(c.source)), len(nb.cells))
    nb.cells[at:at] = [heading, call]
    nbformat.write(nb, path)
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: add the Explore section to chapters (``--add-cells``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m replication.core.explore")
    parser.add_argument(
        "--add-cells",
        nargs="+",
        type=Path,
        required=True,
        metavar="NOTEBOOK",
        help="chapter notebooks to give an Explore section (then re-execute them)",
    )
    args = parser.parse_args(argv)
    for path in args.add_cells:
        print(f"{path}: {'Explore section added' if add_cells(path) else 'already has one'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
