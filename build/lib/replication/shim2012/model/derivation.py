"""Shim (2012), Table 1, derived with sympy from the expected utility and the Taylor step.

For each risk case (independent; untargeted attacks, eq 4; targeted attacks,
P1 = p(z1 z1/z2)) and each market regime (eq 1 without insurance, eq 8 with insurance
priced at (1 + lam) P), the firm's expected utility is differentiated with a generic
utility U, the breach-state expansion of footnote 8 is applied,

    U_N ~ U_L + U_L' (w_N - w_L),   U_N' ~ U_L' + U_L'' (w_N - w_L),   U_L'' = -r U_L',

and the first-order conditions are solved for p'(z) and for the cover I at the symmetric
point z1 = z2 = z.  The results are eqs 3, 6, 7 (no insurance) and 9-14 (insurance); the
paper's Table 1 collects them.  :data:`PRINTED` holds the cells as the paper prints them,
so that :func:`printing_differences` can say where the print differs from the derivation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from replication.core.cache import cached
from replication.shim2012.model.game import CASES

z1, z2, z = sp.symbols("z_1 z_2 z", positive=True)
W, L, r, lam, I = sp.symbols("W L_1 r lambda I_1", positive=True)
q = sp.Symbol("q", nonnegative=True)
wL, wN = sp.symbols("w_L w_N", real=True)
p, U = sp.Function("p"), sp.Function("U")
# sympy makes each undefined function a class without a module, which help() cannot name
p.__module__ = U.__module__ = __name__
#: p(z) and p'(z) at the symmetric point, as plain symbols.
pz, dpz = sp.symbols("p dp")

#: Superscripts of the paper: o independent, p positive externality, n negative; I insured.
SUPERSCRIPT = {"independent": "o", "untargeted": "p", "targeted": "n"}
ROW_LABEL = {
    "independent": "Independence",
    "untargeted": "Positive externality (untargeted)",
    "targeted": "Negative externality (targeted)",
}


def breach_probability(case: str) -> sp.Expr:
    """Firm 1's breach probability P1(z1, z2): p(z1); eq 4; p(z1 z1/z2) (Section 3.1.3)."""
    if case == "independent":
        return p(z1)
    if case == "untargeted":
        return 1 - (1 - p(z1)) * (1 - q * p(z2))
    if case == "targeted":
        return p(z1 * z1 / z2)
    raise ValueError(f"case must be one of {CASES}, got {case!r}")


def wealth(case: str, insured: bool) -> tuple[sp.Expr, sp.Expr]:
    """Wealth in the breach and no-breach states (eq 1; eq 8 with premium (1+lam) P1 per unit)."""
    if not insured:
        return W - L - z1, W - z1
    price = (1 + lam) * breach_probability(case)
    return W - L + (1 - price) * I - z1, W - price * I - z1


def expected_utility(case: str) -> sp.Expr:
    """P1 U(w_L) + (1 - P1) U(w_N)  (eqs 1 and 8), with the wealths as symbols."""
    P1 = breach_probability(case)
    return P1 * U(wL) + (1 - P1) * U(wN)


def total_derivative(case: str, insured: bool, var: sp.Symbol) -> sp.Expr:
    """d EU / d var by the chain rule through P1 and the two wealths."""
    eu = expected_utility(case)
    w_loss, w_safe = wealth(case, insured)
    return eu.diff(var) + eu.diff(wL) * w_loss.diff(var) + eu.diff(wN) * w_safe.diff(var)


def taylor_step(expr: sp.Expr, case: str, insured: bool) -> sp.Expr:
    """Footnote 8: expand the no-breach utility around the breach state; divide by U_L'."""
    w_loss, w_safe = wealth(case, insured)
    gap = sp.expand(w_safe - w_loss)  # L - I (or L without insurance)
    U1, U2 = sp.Derivative(U(wL), wL), sp.Derivative(U(wL), (wL, 2))
    expanded = expr.xreplace({sp.Derivative(U(wN), wN): U1 + U2 * gap})
    expanded = expanded.xreplace({U(wN): U(wL) + U1 * gap}).xreplace({U2: -r * U1})
    return sp.expand(expanded / U1)


def symmetric(expr: sp.Expr) -> sp.Expr:
    """Set z1 = z2 = z and write p(z), p'(z) as the symbols ``p``, ``dp``."""
    at = expr.subs(z2, z1).subs(z1, z).doit()
    return at.xreplace({sp.Derivative(p(z), z): dpz}).xreplace({p(z): pz})


@dataclass(frozen=True)
class Conditions:
    """The symmetric optimum of one Table 1 cell: p'(z) = ``investment``, I = ``cover``."""

    case: str
    insured: bool
    investment: sp.Expr
    cover: sp.Expr


def orient(expr: sp.Expr) -> sp.Expr:
    """Write factors such as (p - 1) as (1 - p), the paper's orientation, term by term."""
    terms = []
    for term in sp.Add.make_args(expr):
        coeff, factors, flipped = sp.Integer(1), [], False
        for factor in sp.Mul.make_args(term):
            if factor.is_Number:
                coeff *= factor
                continue
            base, exp = factor.as_base_exp()
            if isinstance(base, sp.Add) and base.as_coeff_add()[0] == -1:
                coeff, base, flipped = coeff * (-1) ** exp, -base, True
            factors.append(base**exp)
        # evaluate=False keeps a number from being multiplied into a sum like (1 - p)
        terms.append(sp.Mul(coeff, sp.Mul(*factors), evaluate=False) if flipped else term)
    return sp.Add(*terms)


def tidy_investment(expr: sp.Expr) -> sp.Expr:
    """p'(z) as the paper writes it: a loss term plus a risk-aversion term r(...)."""
    parts = sp.collect(sp.expand(sp.cancel(expr)), r, evaluate=False)
    return sum((orient(sp.factor(v)) * k for k, v in parts.items()), sp.Integer(0))


def tidy_cover(expr: sp.Expr) -> sp.Expr:
    """I as the paper writes it: L_1 minus a factored loading term."""
    return L - orient(sp.factor(L - expr))


@cache
def conditions(case: str, insured: bool) -> Conditions:
    """The Table 1 cell of ``case`` and regime, derived by :func:`derive` (cached on disk)."""
    return cached("shim2012_table1_cell", {"case": case, "insured": bool(insured)}, lambda: derive(case, insured))


def derive(case: str, insured: bool) -> Conditions:
    """Derive the Table 1 cell of ``case`` and regime (eqs 3, 6, 7, 9-14).

    Without insurance the investment condition is solved for p'(z).  With insurance the
    cover condition fixes I (eq 10/12/14); it is also solved for r and substituted into
    the investment condition, which removes every risk-aversion term (eq 9/11/13), as in
    the paper.
    """
    foc_z = symmetric(taylor_step(total_derivative(case, insured, z1), case, insured))
    if not insured:
        return Conditions(case, False, tidy_investment(sp.solve(foc_z, dpz)[0]), sp.Integer(0))
    foc_I = symmetric(taylor_step(total_derivative(case, insured, I), case, insured))
    cover = sp.solve(foc_I, I)[0]
    r_from_cover = sp.solve(foc_I, r)[0]
    investment = sp.solve(sp.together(foc_z.subs(r, r_from_cover)), dpz)[0]
    return Conditions(case, True, tidy_investment(investment), tidy_cover(cover))


#: Table 1 as printed: (case, insured) -> (p'(z) cell, cover cell).
#: The no-insurance cells of the first two rows lack a leading minus sign, and the
#: targeted cover repeats the untargeted one.
PRINTED: dict[tuple[str, bool], tuple[sp.Expr, sp.Expr]] = {
    ("independent", True): (-1 / ((1 + lam) * L), L - lam / (r * (1 - pz) * (1 + lam))),
    ("untargeted", True): (-1 / ((1 - q * pz) * (1 + lam) * L), L - lam / (r * (1 + lam) * (1 - pz) * (1 - q * pz))),
    ("targeted", True): (-1 / (2 * (1 + lam) * L), L - lam / (r * (1 + lam) * (1 - pz) * (1 - q * pz))),
    ("independent", False): (1 / L + r * (1 - pz), sp.Integer(0)),
    ("untargeted", False): (1 / (L * (1 - q * pz)) + r * (1 - pz), sp.Integer(0)),
    ("targeted", False): (-1 / (2 * L) + r / 2 * (1 - pz), sp.Integer(0)),
}


#: The same conditions as the text of Section III prints them (eqs 3, 6, 7 without insurance;
#: eqs 9-14 with insurance), at the symmetric point.
IN_TEXT: dict[tuple[str, bool], tuple[sp.Expr, sp.Expr]] = {
    ("independent", True): (-1 / ((1 + lam) * L), L - lam / (r * (1 - pz) * (1 + lam))),  # eqs 9-10
    ("untargeted", True): (
        -1 / ((1 - q * pz) * (1 + lam) * L),
        L - lam / (r * (1 + lam) * (1 - pz) * (1 - q * pz)),
    ),  # eqs 11-12
    ("targeted", True): (-1 / (2 * (1 + lam) * L), L - lam / (r * (1 + lam) * (1 - pz))),  # eqs 13-14
    ("independent", False): (-1 / L + r * (1 - pz), sp.Integer(0)),  # eq 3
    ("untargeted", False): (-1 / (L * (1 - q * pz)) + r * (1 - pz), sp.Integer(0)),  # eq 6
    ("targeted", False): (-1 / (2 * L) + r / 2 * (1 - pz), sp.Integer(0)),  # eq 7
}


def printing_differences(
    printed: dict[tuple[str, bool], tuple[sp.Expr, sp.Expr]] | None = None,
) -> list[tuple[str, bool, str, sp.Expr, sp.Expr]]:
    """Cells where a print differs from the derivation: (case, insured, which, printed, derived).

    ``printed`` defaults to Table 1 as the paper prints it (:data:`PRINTED`); pass
    :data:`IN_TEXT` to compare the equations of the text instead.
    """
    out = []
    for (case, insured), (inv, cov) in (PRINTED if printed is None else printed).items():
        derived = conditions(case, insured)
        for which, printed, ours in (("investment", inv, derived.investment), ("cover", cov, derived.cover)):
            if sp.cancel(printed - ours) != 0:
                out.append((case, insured, which, printed, ours))
    return out


def at_investment(expr: sp.Expr, case: str, insured: bool) -> sp.Expr:
    """``expr`` with p(z) written at the paper's superscripted symmetric investment."""
    sup = SUPERSCRIPT[case] + ("I" if insured else "")
    return expr.xreplace({pz: p(sp.Symbol(f"z_1^{{{sup}}}"))})


def cell_latex(case: str, insured: bool, which: str, expr: sp.Expr | None = None) -> str:
    """LaTeX of one cell: ``p'(z_1^{..}) = ...`` or ``I_1^{..} = ...``."""
    c = conditions(case, insured)
    expr = (c.investment if which == "investment" else c.cover) if expr is None else expr
    sup = SUPERSCRIPT[case] + ("I" if insured else "")
    lhs = f"p'(z_1^{{{sup}}})" if which == "investment" else f"I_1^{{{sup}}}"
    return f"{lhs} = {sp.latex(at_investment(expr, case, insured), order='none')}"


def table_latex(insured: bool | None = None) -> str:
    """Table 1 as a LaTeX ``array`` (valid in LaTeX math mode and in MathJax).

    With ``insured`` given, only that column of the table (half the width, for narrow pages).
    """
    columns = (True, False) if insured is None else (insured,)
    head = {True: r"\text{Insurance market}", False: r"\text{No insurance market}"}
    lines = [
        r"\begin{array}{l|" + "|".join("l" for _ in columns) + "}",
        "& " + " & ".join(head[c] for c in columns) + r" \\ \hline",
    ]
    for case in CASES:
        cells = []
        for regime in columns:
            if regime:
                cells.append(
                    rf"\begin{{gathered}} {cell_latex(case, True, 'investment')} \\ "
                    rf"{cell_latex(case, True, 'cover')} \end{{gathered}}"
                )
            else:
                cells.append(cell_latex(case, False, "investment"))
        lines.append(rf"\text{{{ROW_LABEL[case]}}} & " + " & ".join(cells) + r" \\[6pt]")
    lines.append(r"\end{array}")
    return "\n".join(lines)


def compact(expr: sp.Expr, var: sp.Expr = z) -> sp.Expr:
    """``expr`` with p(var), p'(var) and p''(var) written as the symbols p, p', p'' (for display)."""
    f = p(var)
    return (
        expr.xreplace({sp.Derivative(f, (var, 2)): sp.Symbol("p''")})
        .xreplace({sp.Derivative(f, var): sp.Symbol("p'")})
        .xreplace({f: sp.Symbol("p")})
    )


def aligned(lhs: str, expr: sp.Expr, per_line: int = 2, end: str = "") -> str:
    """LaTeX of ``lhs = expr`` with the terms of the sum ``expr`` broken over lines of
    ``per_line`` terms each, in an ``aligned`` block (so no display line is too wide)."""
    terms = [sp.latex(t) for t in (expr.as_ordered_terms() if isinstance(expr, sp.Add) else [expr])]
    chunks = []
    for k in range(0, len(terms), per_line):
        chunk = terms[k : k + per_line]
        text = chunk[0] + "".join(t if t.startswith("-") else "+ " + t for t in chunk[1:])
        if k and not text.startswith("-"):
            text = "+ " + text
        chunks.append(text)
    lines = [f"{lhs} &= {chunks[0]}"] + [rf"&\quad {c}" for c in chunks[1:]]
    return r"\begin{aligned}" + r" \\ ".join(lines) + end + r"\end{aligned}"
