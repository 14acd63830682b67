"""Shim (2012), Table 1, regenerated from the sympy derivation of
:mod:`replication.shim2012.model.derivation`, with a note on every cell the paper prints differently."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replication.ledger import Table, table
from replication.shim2012.model.game import CASES

if TYPE_CHECKING:
    import sympy as sp

COLUMNS = ("risk", "insurance market: investment", "insurance market: cover", "no insurance market: investment")


def _note(case: str, insured: bool, which: str, printed: sp.Expr) -> str:
    import sympy as sp

    from replication.shim2012.model.derivation import ROW_LABEL, at_investment

    market = "insurance" if insured else "no insurance"
    what = "investment condition" if which == "investment" else "cover"
    slip = (
        "which repeats the untargeted cover"
        if which == "cover"
        else "without the minus sign of the loss term, which the equation in the text carries"
    )
    cell = sp.latex(at_investment(printed, case, insured), order="none")
    return (
        f"{ROW_LABEL[case]}, {market} market, {what}: the paper prints ${cell}$, {slip}; "
        "the table shows the derived cell."
    )


@table(
    "shim2012:table_1",
    number="Table 1",
    chapter="book/shim2012/insurance",
    caption="Security investment and insurance cover of two identical firms, by risk case and "
    "market regime, derived with sympy from the expected utility and the Taylor step.",
)
def table_1() -> Table:
    # the sympy derivation is imported when the table is drawn, not when the paper's exhibits are
    from replication.shim2012.model.derivation import ROW_LABEL, cell_latex, printing_differences, table_latex

    rows = tuple(
        (
            ROW_LABEL[c],
            f"${cell_latex(c, True, 'investment')}$",
            f"${cell_latex(c, True, 'cover')}$",
            f"${cell_latex(c, False, 'investment')}$",
        )
        for c in CASES
    )
    notes = tuple(_note(case, insured, which, printed) for case, insured, which, printed, _ in printing_differences())
    return Table(COLUMNS, rows, latex="\\[\n" + table_latex() + "\n\\]", notes=notes)
