"""Shim (2012), Table 1: the package's sympy derivation against an independent one.

The independent derivation below writes each first-order condition by hand after the
Taylor step (footnote 8), U_N = U_L + U_L' g and U_N' = U_L'(1 - r g) with g = w_N - w_L,
divided by U_L', with P1 and its own derivative at the symmetric point taken as given:

    -P_z g - [P + (1 - P)(1 - r g)] (1 + (1+lam) P_z I) = 0     (investment)
    P (1 - pi) - (1 - P)(1 - r g) pi = 0,   pi = (1+lam) P        (cover)

and without insurance I = 0, lam = 0, g = L.
"""

import pytest
import sympy as sp

from replication.shim2012.model import derivation as table1
from replication.shim2012.model.game import CASES

p, dp, q, L, r, lam, I = sp.symbols("p dp q L_1 r lambda I_1")
SYMBOLS = {
    "p": table1.pz,
    "dp": table1.dpz,
    "q": table1.q,
    "L_1": table1.L,
    "r": table1.r,
    "lambda": table1.lam,
    "I_1": table1.I,
}


def symmetric_P(case):
    """P1 and dP1/dz1 at z1 = z2: p, p'; 1-(1-p)(1-qp), p'(1-qp); p, 2p'."""
    return {
        "independent": (p, dp),
        "untargeted": (1 - (1 - p) * (1 - q * p), dp * (1 - q * p)),
        "targeted": (p, 2 * dp),
    }[case]


def by_hand(case, insured):
    P, P_z = symmetric_P(case)
    if not insured:
        foc = -P_z * L - P - (1 - P) * (1 - r * L)
        return sp.solve(foc, dp)[0], sp.Integer(0)
    pi, g = (1 + lam) * P, L - I
    foc_I = P * (1 - pi) - (1 - P) * (1 - r * g) * pi
    cover = sp.solve(foc_I, I)[0]
    foc_z = -P_z * g - (P + (1 - P) * (1 - r * g)) * (1 + (1 + lam) * P_z * I)
    foc_z = foc_z.subs(r, sp.solve(foc_I, r)[0])
    return sp.solve(sp.together(foc_z), dp)[0], cover


def to_package(expr):
    return expr.xreplace({sp.Symbol(k): v for k, v in SYMBOLS.items()})


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("insured", [False, True])
def test_table_1_matches_independent_derivation(case, insured):
    investment, cover = by_hand(case, insured)
    cell = table1.conditions(case, insured)
    assert sp.simplify(cell.investment - to_package(investment)) == 0
    assert sp.simplify(cell.cover - to_package(cover)) == 0


def test_table_1_closed_forms_as_derived_by_hand():
    pz, L1, rr, ll, qq = table1.pz, table1.L, table1.r, table1.lam, table1.q
    expected = {
        ("independent", True): (-1 / ((1 + ll) * L1), L1 - ll / (rr * (1 - pz) * (1 + ll))),
        ("untargeted", True): (
            -1 / ((1 - qq * pz) * (1 + ll) * L1),
            L1 - ll / (rr * (1 + ll) * (1 - pz) * (1 - qq * pz)),
        ),
        ("targeted", True): (-1 / (2 * (1 + ll) * L1), L1 - ll / (rr * (1 + ll) * (1 - pz))),
        ("independent", False): (-1 / L1 + rr * (1 - pz), 0),
        ("untargeted", False): (-1 / (L1 * (1 - qq * pz)) + rr * (1 - pz), 0),
        ("targeted", False): (-1 / (2 * L1) + rr / 2 * (1 - pz), 0),
    }
    for (case, insured), (inv, cov) in expected.items():
        cell = table1.conditions(case, insured)
        assert sp.cancel(cell.investment - inv) == 0, (case, insured)
        assert sp.cancel(cell.cover - cov) == 0, (case, insured)


def test_the_three_printing_slips_are_found():
    slips = {(case, insured, which) for case, insured, which, _, _ in table1.printing_differences()}
    assert slips == {
        ("independent", False, "investment"),
        ("untargeted", False, "investment"),
        ("targeted", True, "cover"),
    }


def test_table_1_registered_with_latex_and_notes():
    from replication.shim2012.exhibits.tables import table_1

    t = table_1()
    assert len(t.rows) == 3 and len(t.notes) == 3
    assert r"\begin{array}" in t.latex
    assert "repeats the untargeted cover" in t.notes[0]


def test_unknown_case_is_rejected():
    with pytest.raises(ValueError, match="case"):
        table1.breach_probability("hybrid")


def test_display_helpers_keep_the_expression():
    """The narrow displays hold the same mathematics: half-tables, compact p', broken sums."""
    import sympy as sp

    both, left, right = table1.table_latex(), table1.table_latex(True), table1.table_latex(False)
    assert "Insurance market" in left and "No insurance market" not in left
    assert "No insurance market" in right and "Insurance market}" not in right.replace("No insurance market}", "")
    assert all(
        table1.cell_latex(c, False, "investment") in both and table1.cell_latex(c, False, "investment") in right
        for c in table1.CASES
    )
    f = table1.p(table1.z)
    expr = f.diff(table1.z, 2) * (1 - table1.q * f) - table1.q * f.diff(table1.z) ** 2
    assert table1.compact(expr) == sp.Symbol("p''") * (1 - table1.q * sp.Symbol("p")) - table1.q * sp.Symbol("p'") ** 2
    a, b, c = sp.symbols("a b c")
    text = table1.aligned("x", a - b + c, per_line=2)
    assert text.startswith(r"\begin{aligned}x &= ") and r"\\ &\quad" in text and text.count(r"\\") == 1
