"""The schematic-diagram primitives of ``replication.drawing.diagrams``."""

import math

import pytest

from replication.drawing.diagrams import Diagram, Node, arc_midpoint, circle_layout, normal, row_layout
from replication.drawing.style import new_figure


@pytest.fixture
def diagram():
    fig, ax = new_figure(figsize=(4, 3))
    return Diagram(ax, xlim=(0, 10), ylim=(0, 6))


def test_box_boundary_is_on_the_outline():
    n = Node("a", "A", 0.0, 0.0, 4.0, 2.0, shape="box")
    assert n.boundary((10.0, 0.0)) == pytest.approx((2.0, 0.0))
    assert n.boundary((0.0, -10.0)) == pytest.approx((0.0, -1.0))
    assert n.boundary((10.0, 10.0)) == pytest.approx((1.0, 1.0))  # the top edge is hit first
    assert n.boundary((0.0, 0.0)) == (0.0, 0.0)


def test_ellipse_boundary_satisfies_its_equation():
    n = Node("e", "E", 1.0, 2.0, 4.0, 2.0, shape="ellipse")
    x, y = n.boundary((5.0, 7.0))
    assert ((x - 1.0) / 2.0) ** 2 + ((y - 2.0) / 1.0) ** 2 == pytest.approx(1.0)


def test_layouts():
    pts = circle_layout(4, (0.0, 0.0), 2.0)
    assert pts[0] == pytest.approx((0.0, 2.0))  # starts at the top
    assert pts[1] == pytest.approx((2.0, 0.0), abs=1e-12)  # clockwise
    assert all(math.hypot(*p) == pytest.approx(2.0) for p in pts)
    assert row_layout(3, 1.0, 0.0, 4.0) == [(0.0, 1.0), (2.0, 1.0), (4.0, 1.0)]
    assert row_layout(1, 1.0, 0.0, 4.0) == [(2.0, 1.0)]
    with pytest.raises(ValueError, match="n = 0"):
        circle_layout(0, (0, 0), 1.0)
    with pytest.raises(ValueError, match="radius"):
        circle_layout(3, (0, 0), -1.0)


def test_normal_and_arc_midpoint():
    assert normal((0, 0), (2, 0)) == pytest.approx((0.0, 1.0))
    assert arc_midpoint((0, 0), (2, 0), 0.0) == pytest.approx((1.0, 0.0))
    # matplotlib arc3: control point mid + rad (dy, -dx) = (1, -1); the curve passes halfway.
    assert arc_midpoint((0, 0), (2, 0), 0.5) == pytest.approx((1.0, -0.5))


def test_diagram_records_nodes_and_edges(diagram):
    diagram.node("z", "Investment", (2, 3))
    diagram.node("P", "Breach\nprobability", (7, 3), shape="ellipse")
    diagram.edge("z", "P", sign="-", label="protects")
    data = diagram.data()
    assert data["element"] == ["node", "node", "edge"]
    assert data["text"][1] == "Breach probability"
    assert data["sign"][2] == "-" and data["source"][2] == "z" and data["target"][2] == "P"
    assert len({len(v) for v in data.values()}) == 1


def test_diagram_rejects_bad_input(diagram):
    diagram.node("a", "A", (1, 1))
    with pytest.raises(ValueError, match="already"):
        diagram.node("a", "A again", (2, 2))
    with pytest.raises(ValueError, match="shape"):
        diagram.node("b", "B", (3, 3), shape="star")
    with pytest.raises(ValueError, match="size"):
        diagram.node("c", "C", (3, 3), size=(0.0, 1.0))
    with pytest.raises(ValueError, match="unknown node"):
        diagram.edge("a", "missing")
    diagram.node("d", "D", (5, 5))
    with pytest.raises(ValueError, match="sign"):
        diagram.edge("a", "d", sign="*")
    with pytest.raises(ValueError, match="style"):
        diagram.edge("a", "d", style="wavy")
