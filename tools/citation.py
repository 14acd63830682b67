"""How to cite the package and the papers: BibTeX generated from ``CITATION.cff``.

``CITATION.cff`` at the top of the repository is the one place the citations are written.
This module turns it into BibTeX: an ``@software`` entry for the package and one entry per
paper in its ``references`` (``@article`` or ``@inproceedings``), keyed as the book's
bibliography keys them (first author's family name and year: ``shim2012``).  The book's
introduction shows the entries through the directive ``{bibtex-citation}`` (see
:mod:`tools.sphinx_book`); the README carries the same block between markers,
which ``python -m tools.citation`` rewrites and ``--check`` verifies.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CFF = ROOT / "CITATION.cff"
README = ROOT / "README.md"
START, END = "<!-- citation:start -->", "<!-- citation:end -->"

#: BibTeX entry type of each CFF reference type this package uses.
ENTRY_TYPES = {"article": "article", "conference-paper": "inproceedings", "software": "software"}
#: BibTeX field of each CFF field, in the order they are written.
FIELDS = (
    ("journal", "journal"),
    ("collection-title", "booktitle"),
    ("volume", "volume"),
    ("issue", "number"),
    ("start", "pages"),
    ("year", "year"),
    ("version", "version"),
    ("doi", "doi"),
    ("url", "url"),
    ("license", "license"),
)


def load(path: Path = CFF) -> dict[str, Any]:
    """The parsed ``CITATION.cff``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "title" not in data or "authors" not in data:
        raise ValueError(f"{path.name} must give at least a title and authors")
    return data


def _person(author: Mapping[str, str]) -> str:
    if "family-names" in author:
        given = author.get("given-names", "")
        return f"{author['family-names']}, {given}".rstrip(", ")
    if "name" in author:  # an entity, kept as one name
        return "{" + author["name"] + "}"
    raise ValueError(f"an author needs family-names or name, got {dict(author)!r}")


def _protect(title: str) -> str:
    """Brace acronyms (IT, WEIS) so that BibTeX styles keep their capitals."""
    return re.sub(r"\b([A-Z]{2,})\b", r"{\1}", title)


def key(entry: Mapping[str, Any]) -> str:
    """The entry's BibTeX key: ``replication<year>`` for the package, the first author's
    family name and the year for a paper (``shim2012``)."""
    if entry.get("type", "software") == "software":
        return f"replication{str(entry.get('date-released', ''))[:4]}"
    name = entry["authors"][0].get("family-names") or entry["authors"][0]["name"].split()[-1]
    return re.sub(r"[^a-z0-9]", "", f"{name}{entry['year']}".lower())


def bibtex(entry: Mapping[str, Any], *, entry_key: str | None = None) -> str:
    """One CFF entry (the file itself, or one of its ``references``) as a BibTeX entry."""
    kind = entry.get("type", "software")
    if kind not in ENTRY_TYPES:
        raise ValueError(f"CFF type {kind!r} has no BibTeX mapping; known: {sorted(ENTRY_TYPES)}")
    fields: dict[str, str] = {
        "author": " and ".join(_person(a) for a in entry["authors"]),
        "title": _protect(str(entry["title"])),
    }
    source = dict(entry)
    if kind == "software" and "year" not in source and "date-released" in source:
        source["year"] = str(source["date-released"])[:4]
    if "start" in source:
        source["start"] = f"{source['start']}--{source['end']}" if "end" in source else source["start"]
    for cff, bib in FIELDS:
        if cff in source and not (kind != "software" and cff in ("version", "license")):
            fields[bib] = str(source[cff])
    width = max(len(name) for name in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields.items())
    return f"@{ENTRY_TYPES[kind]}{{{entry_key or key(entry)},\n{body}\n}}"


def bibtex_entries(path: Path = CFF) -> list[str]:
    """The package's entry, then one per paper, as BibTeX."""
    data = load(path)
    return [bibtex(data)] + [bibtex(ref) for ref in data.get("references", [])]


def bibtex_block(path: Path = CFF) -> str:
    """All entries, separated by blank lines (what the introduction and the README show)."""
    return "\n\n".join(bibtex_entries(path)) + "\n"


def readme_section(path: Path = CFF) -> str:
    """The README's citation block between its markers."""
    note = "<!-- generated from CITATION.cff by `python -m tools.citation`; do not edit by hand -->"
    return f"{START}\n{note}\n\n```bibtex\n{bibtex_block(path)}```\n{END}"


def render_readme(text: str, path: Path = CFF) -> str:
    """``text`` (the README) with the citation block regenerated."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not (sep and sep2):
        raise ValueError(f"README lacks the markers {START} ... {END}")
    return head + readme_section(path) + tail


def main(argv: list[str] | None = None) -> int:
    """Command line: print (or check) the BibTeX entries generated from CITATION.cff; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.citation", description="Rewrite the README's BibTeX block from CITATION.cff."
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the README's block is stale")
    parser.add_argument("--print", action="store_true", help="print the BibTeX entries and exit")
    args = parser.parse_args(argv)
    if args.print:
        print(bibtex_block(), end="")
        return 0
    text = README.read_text(encoding="utf-8")
    new = render_readme(text)
    if args.check:
        if new != text:
            print("README.md citation block is stale: run python -m tools.citation")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
