"""The registries: ids, duplicates, lookups, result types; papers, claims and figures of one's own."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from replication.core.cache import code_fingerprint
from replication.core.papers import PAPERS, register_paper
from replication.drawing.output import file_stem, with_suffix
from replication.drawing.style import new_figure
from replication.ledger import NOT_REPRODUCED, REPRODUCED, ClaimResult, FigureData, Registry, Table, UnknownIdError
from replication.ledger import checks as book
from replication.ledger.own import entries_of, load_module
from replication.ledger.registry import (
    REGISTRY,
    ContrastError,
    ModulePathError,
    UnknownParameterError,
    load_all,
    paper_of,
)


def test_entries_know_their_paper_and_title(registry):
    entry = registry.get("shim2012:figure_2")
    assert entry.paper == "shim2012"
    assert entry.title == "Shim (2012) Figure 2. A parabola."
    assert registry.get("naghizadeh2014:theorem_2", "claims").check().status == "reproduced with caveat"


def test_natural_order_within_paper(registry):
    assert [e.id for e in registry.sorted("figures")] == ["shim2012:figure_2", "shim2012:figure_10"]
    assert [e.id for e in registry][-1] == "naghizadeh2014:theorem_3"


def test_unknown_id_lists_valid_ones(registry):
    with pytest.raises(UnknownIdError) as err:
        registry.get("shim2012:figure_99")
    assert "shim2012:figure_2" in str(err.value) and "ogut2005:table_regions" in str(err.value)


@pytest.mark.parametrize("bad", ["shim2012", "Shim2012:figure_1", "shim2012:Figure 1", ":x", "nobody:figure_1"])
def test_malformed_or_unknown_paper_ids_are_rejected(bad):
    reg = Registry()
    with pytest.raises(ValueError):
        reg.claim(bad, label="x", statement="y", chapter="book/x", quantifier="all")(lambda: None)


def test_duplicate_ids_are_rejected(registry):
    with pytest.raises(ValueError, match="twice"):
        registry.claim("shim2012:figure_2", label="x", statement="y", chapter="c", quantifier="all")(lambda: None)


def test_result_types_are_enforced():
    with pytest.raises(ValueError, match="status"):
        ClaimResult("mostly reproduced", "x")
    with pytest.raises(ValueError, match="summary"):
        ClaimResult(REPRODUCED, "  ")
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="equal lengths"):
        FigureData(fig, {"x": [1, 2], "y": [1]})
    with pytest.raises(TypeError):
        FigureData("not a figure", {"x": [1]})
    with pytest.raises(ValueError, match="2 cells"):
        Table(("a", "b", "c"), ((1, 2),))


def test_check_must_return_a_claim_result():
    reg = Registry()
    reg.claim("ogut2005:result_1", label="R1", statement="s", chapter="c", quantifier="all")(lambda: "yes")
    with pytest.raises(TypeError, match="ClaimResult"):
        reg.get("ogut2005:result_1").check()


def test_paper_of():
    assert paper_of("ogut2005:result_4") == "ogut2005"


def test_book_registry_entries_are_complete():
    """Every registered entry of the real registry has the fields a reader needs."""
    load_all()
    for entry in REGISTRY:
        assert entry.chapter.startswith("book/"), entry.id
        if hasattr(entry, "alt"):
            assert entry.alt.strip() and entry.caption.strip(), entry.id
        if hasattr(entry, "statement"):
            assert entry.statement.strip() and entry.label.strip(), entry.id


def test_new_figure_uses_the_book_style():
    fig, ax = new_figure()
    (line_a,) = ax.plot([0, 1], [0, 1])
    (line_b,) = ax.plot([0, 1], [1, 0])
    assert line_a.get_color() != line_b.get_color()
    assert line_a.get_linestyle() != line_b.get_linestyle()  # greyscale prints still separate them
    assert np.isclose(fig.get_figwidth(), 6.4)


# -- papers, claims and figures of one's own -------------------------------------------------


def test_replication_exports_claim_and_register_paper_without_loading_heavy_modules():
    code = (
        "import sys, replication\n"
        "heavy = sorted(m for m in ('matplotlib', 'sympy', 'scipy', 'pandas') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
        "from replication import claim, register_paper\n"
        "from replication.ledger.registry import REGISTRY\n"
        "from replication.core.papers import register_paper as original\n"
        "assert claim == REGISTRY.claim and register_paper is original\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_own_module_registers_a_paper_a_claim_and_a_figure(own_module):
    module = load_module(own_module)
    assert PAPERS["doe2024"].short == "Doe (2024)"
    entries = {e.id: e for e in entries_of(module)}
    assert sorted(entries) == ["doe2024:figure_1", "doe2024:proposition_1"]
    claim = entries["doe2024:proposition_1"]
    assert book.check(claim).status == REPRODUCED
    other = book.check_contrast(claim)
    # x in [1, 1.98] on 50 points: every x**2 >= 1 fails
    assert other.status == NOT_REPRODUCED and other.evidence == {"failures": 50}
    fig = entries["doe2024:figure_1"]
    assert fig.parameters == {"power": 2.0, "top": 1.0, "points": 11}
    assert fig.caption_for() == "The curve $x^{p}$ for p = 2, up to x = 1."
    assert fig.caption_for(power=3.0, top=2.0) == "The curve $x^{p}$ for p = 3, up to x = 2."
    assert fig.alt_for(top=2.5) == "A curve rising from 0 to 2.5."
    assert fig.title_for(power=0.5) == "Doe (2024) Figure 1. The curve $x^{p}$ for p = 0.5, up to x = 1."
    made = fig.make(power=3.0, top=2.0, points=5)
    np.testing.assert_allclose(made.data["y"], [0.0, 0.125, 1.0, 3.375, 8.0])
    assert fig.changed(power=3.0, top=1.0) == {"power": 3.0}
    # loading the same file again replaces its entries rather than registering them twice
    load_module(own_module)
    assert sorted(e.id for e in REGISTRY if e.paper == "doe2024") == sorted(entries)


def test_register_paper_refuses_bad_or_taken_keys(own_module):
    fields = {"short": "Doe (2024)", "citation": "Doe, J. (2024). A model.", "part": "Doe 2024"}
    assert register_paper("doe2024", **fields) is register_paper("doe2024", **fields)  # running twice is harmless
    with pytest.raises(ValueError, match="already the paper 'Doe \\(2024\\)'"):
        register_paper("doe2024", **{**fields, "short": "Roe (2024)"})
    with pytest.raises(ValueError, match="already the paper 'Shim \\(2012\\)'"):
        register_paper("shim2012", **fields)
    with pytest.raises(ValueError, match="names a module of the package"):
        register_paper("core", **fields)
    for bad in ("Doe2024", "2024doe", "doe_2024", ""):
        with pytest.raises(ValueError, match="key must be"):
            register_paper(bad, **fields)
    with pytest.raises(ValueError, match="citation must be a non-empty string"):
        register_paper("roe2024", **{**fields, "citation": " "})
    assert "roe2024" not in PAPERS
    with pytest.raises(ValueError, match="unknown paper 'roe2024'"):
        REGISTRY.claim("roe2024:claim_1", label="Claim 1", statement="S.", quantifier="all")(lambda: None)


def test_load_module_refuses_what_is_not_a_file(tmp_path):
    with pytest.raises(ModulePathError, match="is not a file"):
        load_module(tmp_path / "missing.py")


def test_editing_a_check_flips_its_cached_verdict(own_module, tmp_path):
    claim = next(e for e in entries_of(load_module(own_module)) if e.id == "doe2024:proposition_1")
    assert book.check(claim).status == REPRODUCED
    cached = sorted((tmp_path / "cache").glob("claim-*.npz"))
    assert len(cached) == 1
    assert book.check(claim).status == REPRODUCED  # read back, not a new entry
    assert sorted((tmp_path / "cache").glob("claim-*.npz")) == cached
    # the user edits the check (the inequality reversed): every point of [0, 0.98] now fails
    own_module.write_text(own_module.read_text().replace("x**2 >= LIMIT", "x**2 < LIMIT"))
    claim = next(e for e in entries_of(load_module(own_module)) if e.id == "doe2024:proposition_1")
    result = book.check(claim)
    assert result.status == NOT_REPRODUCED and result.evidence == {"failures": 50}
    assert len(list((tmp_path / "cache").glob("claim-*.npz"))) == 2


def test_code_fingerprint_follows_the_code_and_is_stable_across_processes():
    def first(x: float = 1.0) -> bool:
        return x in {"a", "b", "c"}

    def second(x: float = 1.0) -> bool:
        return x in {"a", "b", "d"}

    assert code_fingerprint(first) != code_fingerprint(second)
    code = (
        "from replication.core.cache import code_fingerprint\n"
        "from tests_fingerprint import first\n"
        "print(code_fingerprint(first))\n"
    )
    source = "def first(x: float = 1.0) -> bool:\n    return x in {'a', 'b', 'c', 'd', 'e'}\n"
    prints = set()
    for seed in ("1", "2"):
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "tests_fingerprint.py").write_text(source)
            env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join([folder, *sys.path])}
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=folder)
            assert proc.returncode == 0, proc.stderr
            prints.add(proc.stdout.strip())
    assert len(prints) == 1 and len(prints.pop()) == 64


def test_a_contrast_with_the_claims_own_verdict_is_an_error(registry, tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))

    @registry.claim("naghizadeh2014:theorem_9", label="Theorem 9", statement="S.", contrast="a case", quantifier="all")
    def same(contrast: bool = False) -> ClaimResult:
        return ClaimResult(REPRODUCED, "holds at 3 of 3 points")

    entry = registry.get("naghizadeh2014:theorem_9")
    assert book.check(entry).status == REPRODUCED  # the claim alone cannot know it
    with pytest.raises(ContrastError, match="theorem_9: its contrast case \\(a case\\) gives the same verdict"):
        book.check_contrast(entry)
    # a check that cannot even be run on its contrast case is refused at registration
    with pytest.raises(ValueError, match="theorem_10: .* must accept contrast=True"):
        registry.claim("naghizadeh2014:theorem_10", label="T", statement="S.", contrast="c", quantifier="all")(
            lambda: ClaimResult(REPRODUCED, "x")
        )


def test_exhibit_parameters_are_keywords_with_defaults_and_captions_format(registry):
    with pytest.raises(ValueError, match="parameter 'lam' needs the paper's value as its default"):
        registry.figure("shim2012:figure_20", number="F", caption="c", alt="a")(lambda lam: None)
    with pytest.raises(ValueError, match="figure_21: the caption is a format string over the parameters \\['lam'\\]"):
        registry.figure("shim2012:figure_21", number="F", caption="at {q}", alt="a")(lambda lam=0.2: None)

    @registry.table("ogut2005:table_9", number="Table 9", caption="Firms: {n}, loading {lam:.2f}.")
    def table_9(n: int = 2, lam: float = 0.2) -> Table:
        return Table(("n", "lam"), ((n, lam),))

    entry = registry.get("ogut2005:table_9")
    assert entry.title == "Ogut, Menon & Raghunathan (2005) Table 9. Firms: 2, loading 0.20."
    assert entry.make(n=10).rows == ((10, 0.2),)
    with pytest.raises(UnknownParameterError, match="takes no parameter 'firms'; it accepts: lam, n"):
        entry.make(firms=10)
    # a function without parameters keeps its caption as literal text, braces and all
    assert registry.get("shim2012:figure_2").caption_for() == "A parabola."
    with pytest.raises(UnknownParameterError, match="it accepts: none"):
        registry.get("shim2012:figure_2").make(lam=0.3)


def test_file_stems_keep_the_id_and_the_parameters_that_matter():
    assert file_stem("shim2012:figure_3") == "shim2012_figure_3"
    assert file_stem("shim2012:figure_8", {"q": 0.25, "lam": 0.3}) == "shim2012_figure_8@lam=0.3@q=0.25"
    assert file_stem("doe2024:figure_1", {"label": "a/b:c d", "on": True}) == (
        "doe2024_figure_1@label=a%2Fb%3Ac%20d@on=true"
    )
    stems = {file_stem("doe2024:figure_1", {"x": v}) for v in ("1", "1.0", "a@b=c", "a%40b%3Dc", 1e-20, -0.5)}
    assert len(stems) == 6 and all(re.fullmatch(r"[A-Za-z0-9_.~%@=-]+", s) for s in stems)
    assert with_suffix(Path("out") / "doe2024_figure_1@x=0.5", ".png").name == "doe2024_figure_1@x=0.5.png"


def test_an_alt_text_written_at_the_papers_values_is_not_repeated_at_others():
    """Alt texts without fields state what a figure shows at the paper's values (for instance
    "falls by about 35 million dollars"); drawn at other values, the alt text names them instead."""
    load_all()
    checked = 0
    for entry in REGISTRY.sorted("figures"):
        numeric = {k: v for k, v in entry.parameters.items() if type(v) in (int, float)}
        if not numeric or "{" in entry.alt_template:
            continue
        name, value = next(iter(numeric.items()))
        other = value + 1 if isinstance(value, int) else value * 1.01
        assert entry.alt_for() == entry.alt
        changed = entry.alt_for(**{name: other})
        assert changed != entry.alt and f"{name} = {other}" in changed, entry.id
        checked += 1
    assert checked >= 10
