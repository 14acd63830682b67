"""Citations are written once, in CITATION.cff; the README, the introduction and the
bibliography take them from there."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from replication import DISTRIBUTION
from tools.citation import (
    CFF,
    README,
    ZENODO,
    bibtex,
    bibtex_block,
    bibtex_entries,
    key,
    load,
    render_readme,
    zenodo,
    zenodo_json,
)

ROOT = Path(__file__).resolve().parents[2]


def test_readme_block_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    assert render_readme(text) == text, "README citation block is stale: run python -m tools.citation"
    assert f"```bibtex\n{bibtex_block()}```" in text


def test_one_entry_for_the_package_and_one_per_paper_with_the_bibliography_keys():
    entries = bibtex_entries()
    keys = [re.match(r"@(\w+)\{([^,]+),", e).groups() for e in entries]
    assert keys == [
        ("software", "cyberinsurance_replication2026"),
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


def test_the_package_key_is_the_distribution_name_and_the_release_year():
    data = load()
    assert key(data) == DISTRIBUTION.replace("-", "_") + str(data["date-released"])[:4]
    assert key({**data, "date-released": "2031-01-05"}).endswith("2031")
    with pytest.raises(ValueError, match="date-released"):
        key({k: v for k, v in data.items() if k != "date-released"})


def test_licences_code_mit_text_and_figures_cc_by_stated_everywhere():
    assert load()["license"] == ["MIT", "CC-BY-4.0"]
    assert "license = {MIT AND CC-BY-4.0}" in bibtex_entries()[0]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    text = (ROOT / "LICENSE-text").read_text()
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text and "MIT" in text
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert pyproject["license"] == "MIT AND CC-BY-4.0"
    assert set(pyproject["license-files"]) == {"LICENSE", "LICENSE-text"}
    footer = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["extra_footer"]
    assert "MIT" in footer and "CC BY 4.0" in footer and "creativecommons.org/licenses/by/4.0" in footer
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert "## Licence" in intro and "MIT" in intro and "CC BY 4.0" in intro


def test_zenodo_metadata_is_the_generated_one_and_follows_the_cff_file():
    assert ZENODO.read_text(encoding="utf-8") == zenodo_json(), "run python -m tools.citation"
    deposit = json.loads(ZENODO.read_text(encoding="utf-8"))
    data = load()
    assert deposit["upload_type"] == "software" and deposit["license"] == "MIT" and "CC BY 4.0" in deposit["notes"]
    assert (deposit["title"], deposit["version"]) == (data["title"], str(data["version"]))
    assert deposit["publication_date"] == str(data["date-released"])
    assert deposit["creators"] == [{"name": a["name"]} for a in data["authors"]]
    assert deposit["keywords"] == data["keywords"] and len(deposit["keywords"]) >= 4
    assert len(deposit["references"]) == len(data["references"]) == 3
    for ref, line in zip(data["references"], deposit["references"]):
        assert ref["title"] in line and str(ref["year"]) in line and ref["authors"][0]["family-names"] in line


def test_a_paper_with_a_doi_or_url_becomes_a_related_identifier(tmp_path):
    data = load()
    data["references"][0]["doi"] = "10.1234/example.5678"
    data["references"][2]["url"] = "https://example.org/paper.pdf"
    cff = tmp_path / "CITATION.cff"
    cff.write_text(yaml.safe_dump(data), encoding="utf-8")
    related = zenodo(cff)["related_identifiers"]
    assert related == [
        {
            "identifier": "10.1234/example.5678",
            "relation": "cites",
            "resource_type": "publication-article",
            "scheme": "doi",
        },
        {
            "identifier": "https://example.org/paper.pdf",
            "relation": "cites",
            "resource_type": "publication-conferencepaper",
            "scheme": "url",
        },
    ]
    assert "related_identifiers" not in zenodo()  # none of the papers has a DOI in CITATION.cff
