"""How to cite the package and the papers: BibTeX generated from ``CITATION.cff``.

``CITATION.cff`` at the top of the repository is the one place the citations are written.
This module turns it into BibTeX: an ``@software`` entry for the package and one entry per
paper in its ``references`` (``@article`` or ``@inproceedings``), keyed as the book's
bibliography keys them (first author's family name and year: ``shim2012``).  The book's
introduction shows the entries through the directive ``{bibtex-citation}`` (see
:mod:`tools.sphinx_book`); the README carries the same block between markers,
which ``python -m tools.citation`` rewrites and ``--check`` verifies.  The same
command writes ``.zenodo.json``, the metadata of a deposit of the release (title, creators,
licence, keywords, the papers it replicates), from the same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from replication import DISTRIBUTION

ROOT = Path(__file__).resolve().parents[1]
CFF = ROOT / "CITATION.cff"
README = ROOT / "README.md"
ZENODO = ROOT / ".zenodo.json"
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
    """The entry's BibTeX key: the distribution's name and the release year for the package
    (``cyberinsurance_replication2026``), the first author's family name and the year for a
    paper (``shim2012``).  Raises ``ValueError`` for a package entry without ``date-released``."""
    if entry.get("type", "software") == "software":
        year = str(entry.get("date-released", ""))[:4]
        if not year.isdigit():
            raise ValueError(f"the package entry needs date-released to make its key, got {year!r}")
        return re.sub(r"[^a-z0-9]+", "_", DISTRIBUTION.lower()) + year
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
    if isinstance(source.get("license"), list):  # several licences: an SPDX expression
        source["license"] = " AND ".join(source["license"])
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


#: Zenodo's resource type of each CFF reference type
ZENODO_TYPES = {"article": "publication-article", "conference-paper": "publication-conferencepaper"}


def _reference_text(ref: Mapping[str, Any]) -> str:
    """A paper as one line of text: authors (year), title, venue volume(issue)."""
    names = [f"{a['family-names']}, {a.get('given-names', '')}".rstrip(", ") for a in ref["authors"]]
    venue = ref.get("journal") or ref.get("collection-title", "")
    issue = f" {ref['volume']}({ref['issue']})" if "volume" in ref and "issue" in ref else ""
    return f"{'; '.join(names)} ({ref['year']}). {ref['title']}. {venue}{issue}.".replace("..", ".")


def zenodo(path: Path = CFF) -> dict[str, Any]:
    """The metadata of a Zenodo deposit of the release (``.zenodo.json``), from ``CITATION.cff``.

    ``license`` is the code's (the first in ``CITATION.cff``: the deposit is software); the
    notes say which licence covers the text and figures.  Each paper in ``references`` is
    listed in ``references``, and also in ``related_identifiers`` (relation ``cites``) when
    ``CITATION.cff`` gives its DOI or URL.
    """
    data = load(path)
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    creators = [
        {"name": _person(a).strip("{}")} | ({"affiliation": a["affiliation"]} if "affiliation" in a else {})
        for a in data["authors"]
    ]
    related = []
    for ref in data.get("references", []):
        for field, scheme in (("doi", "doi"), ("url", "url")):
            if field in ref:
                related.append(
                    {
                        "identifier": str(ref[field]),
                        "relation": "cites",
                        "resource_type": ZENODO_TYPES[ref["type"]],
                        "scheme": scheme,
                    }
                )
                break
    return {
        "title": data["title"],
        "upload_type": "software",
        "version": str(data["version"]),
        "publication_date": str(data["date-released"]),
        "description": " ".join(str(data.get("abstract", data["title"])).split()),
        "creators": creators,
        "license": licences[0],
        "access_right": "open",
        "language": "eng",
        "keywords": list(data.get("keywords", [])),
        "notes": (
            "Code: MIT licence (LICENSE). The book's text, figures and tables: CC BY 4.0 (LICENSE-text). "
            "The papers replicated are not redistributed."
        ),
        "references": [_reference_text(ref) for ref in data.get("references", [])],
    } | ({"related_identifiers": related} if related else {})


def zenodo_json(path: Path = CFF) -> str:
    """``.zenodo.json`` as written: indented, keys in a fixed order, a final newline."""
    return json.dumps(zenodo(path), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: print (or check) the BibTeX entries generated from CITATION.cff; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.citation",
        description="Rewrite the README's BibTeX block and .zenodo.json from CITATION.cff.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the README's block or .zenodo.json is stale")
    parser.add_argument("--print", action="store_true", help="print the BibTeX entries and exit")
    args = parser.parse_args(argv)
    if args.print:
        print(bibtex_block(), end="")
        return 0
    text = README.read_text(encoding="utf-8")
    new = render_readme(text)
    deposit = zenodo_json()
    if args.check:
        stale = [
            p.name for p, current, fresh in ((README, text, new), (ZENODO, _read(ZENODO), deposit)) if current != fresh
        ]
        if stale:
            print(f"{' and '.join(stale)} stale: run python -m tools.citation")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    ZENODO.write_text(deposit, encoding="utf-8")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
