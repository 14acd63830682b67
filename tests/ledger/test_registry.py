"""The registries: ids, duplicates, lookups, result types."""

import numpy as np
import pytest

from replication.drawing.style import new_figure
from replication.ledger import REPRODUCED, ClaimResult, FigureData, Registry, Table, UnknownIdError
from replication.ledger.registry import REGISTRY, load_all, paper_of


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
