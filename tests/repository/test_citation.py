"""Citations are written once, in CITATION.cff; the README, the introduction and the
bibliography take them from there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.citation import CFF, README, bibtex, bibtex_block, bibtex_entries, load, render_readme

ROOT = Path(__file__).resolve().parents[2]


def test_readme_block_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    assert render_readme(text) == text, "README citation block is stale: run python -m tools.citation"
    assert f"```bibtex\n{bibtex_block()}```" in text


def test_one_entry_for_the_package_and_one_per_paper_with_the_bibliography_keys():
    entries = bibtex_entries()
    keys = [re.match(r"@(\w+)\{([^,]+),", e).groups() for e in entries]
    assert keys == [
        ("software", "replication2026"),
        ("article", "shim2012"),
        ("inproceedings", "ogut2005"),
        ("inproceedings", "naghizadeh2014"),
    ]


def test_paper_entries_in_the_bibliography_are_the_generated_ones():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    for entry in bibtex_entries()[1:]:
        assert entry in bib


def test_entry_fields_follow_the_cff_file():
    data = load()
    shim = bibtex(data["references"][0])
    assert "author  = {Shim, Woohyun}" in shim and "volume  = {22}" in shim and "number  = {1}" in shim
    assert "{IT}" in bibtex(data["references"][1])  # acronyms keep their capitals
    assert f"version = {{{data['version']}}}" in bibtex(data)


def test_pages_are_written_as_a_range_and_unknown_types_are_refused():
    paper = {
        "type": "article",
        "title": "T",
        "authors": [{"family-names": "A", "given-names": "B"}],
        "journal": "J",
        "year": 2000,
        "start": 5,
        "end": 9,
    }
    assert "pages   = {5--9}" in bibtex(paper)
    with pytest.raises(ValueError, match="no BibTeX mapping"):
        bibtex({**paper, "type": "blog"})
    with pytest.raises(ValueError, match="family-names or name"):
        bibtex({**paper, "authors": [{"given-names": "B"}]})


def test_the_introduction_shows_the_generated_block():
    assert "```{bibtex-citation}" in (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert CFF.is_file()
