"""Shim (2012), Propositions 1-4 and the appendix's proofs: each as worded, and each reading
where the wording admits several.

Every check counts the points of its domain (:mod:`replication.shim2012.studies.grid`, plus
high-risk instances where the untargeted game has several equilibria) where the
statement fails, and takes its status from the written rule.  Derivatives are computed
by solving the model again at shifted parameters (:func:`~replication.shim2012.model.game.branch_derivative`),
a route independent of the appendix's closed forms, which are compared only as evidence.
Each check runs with ``contrast=True`` on the contrast case named in its registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from replication.ledger import ClaimResult, claim
from replication.ledger.results import CrossCheck
from replication.shim2012.claims.common import (
    GRID,
    INSURANCE,
    TOL,
    _cover,
    _symbol,
    _with_repair,
    _z,
    count,
    eq_label,
    insured_roots,
    point_label,
    result,
    roots_over,
)
from replication.shim2012.model import appendix
from replication.shim2012.model.game import (
    Equilibrium,
    branch_derivative,
    cover_at,
)
from replication.shim2012.studies.grid import (
    Point,
    points,
)

#: Largest relative gap between the appendix's closed forms and the re-solved derivatives.
APPENDIX_TOL = 1e-4


#: Proposition 1's ordering, most investment first: targeted (n), independent (o), untargeted (p).
ORDER = ("targeted", "independent", "untargeted")


# -- Proposition 1 -----------------------------------------------------------------


@claim(
    "shim2012:proposition_1",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 1",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 1 (proof in the appendix)",
    statement="Regardless of whether a cyber-insurance market exists, firms facing untargeted attacks "
    "invest less in self-protection than firms facing targeted attacks; the proof orders all "
    "three cases, $z^n>z^o>z^p$ and $z^{nI}>z^{oI}>z^{pI}$.",
    contrast="the reversed ordering $z^p>z^o>z^n$ tested on the same equilibria",
)
def proposition_1(contrast: bool = False) -> ClaimResult:
    order = ORDER[::-1] if contrast else ORDER
    checked, per_regime = 0, {}
    failed: list[str] = []
    for insured in (False, True):
        n, bad = count(
            ((pt, insured) for pt in points(insured=insured)),
            lambda it: _z(it[0], order[0], it[1]) > _z(it[0], order[1], it[1]) > _z(it[0], order[2], it[1]),
            lambda it: f"{point_label(it[0])}, {'insured' if it[1] else 'uninsured'}",
        )
        per_regime["insured" if insured else "uninsured"] = n
        checked, failed = checked + n, failed + bad
    names = {"targeted": "n", "independent": "o", "untargeted": "p"}
    chain = " > ".join(f"z^{names[c]}" for c in order)
    return result(
        f"${chain}$ without insurance and with insurance (fair and loaded)",
        checked,
        failed,
        f"the points of {GRID} where all three cases have an interior stable equilibrium: "
        f"{per_regime['uninsured']} without insurance, {per_regime['insured']} with insurance "
        f"($\\lambda=0$ and $\\lambda>0$)",
        points_uninsured=per_regime["uninsured"],
        points_insured=per_regime["insured"],
    )


def _spending(pt: Point, case: str) -> float:
    """Money spent on cover: the premium pi I = (1 + lam) P I."""
    eq = pt.solution(case, True)
    return eq.premium_rate * eq.I


def _order_failures(lam_positive: bool, quantity: Callable[[Point, str], float], name: str) -> tuple[int, list[str]]:
    """Points checked and counterexamples to: targeted above independent, independent at least
    untargeted (the proof's chain), for ``quantity`` of the insured equilibria."""
    return count(
        points(insured=True, lam_positive=lam_positive),
        lambda pt: (
            quantity(pt, "targeted") > quantity(pt, "independent") + TOL
            and quantity(pt, "independent") >= quantity(pt, "untargeted") - TOL
            and quantity(pt, "targeted") > quantity(pt, "untargeted") + TOL
        ),
        lambda pt: (
            f"{point_label(pt)}: {name} {quantity(pt, 'targeted'):.4f} (targeted), "
            f"{quantity(pt, 'independent'):.4f} (independent), {quantity(pt, 'untargeted'):.4f} "
            "(untargeted)"
        ),
    )


def _regime(lam_positive: bool | None) -> str:
    return {
        True: "a loaded market ($\\lambda>0$)",
        False: "a fair market ($\\lambda=0$)",
        None: "fair and loaded markets",
    }[lam_positive]


def _cover_order(lam_positive: bool | None, quantity: Callable[[Point, str], float], name: str) -> ClaimResult:
    """The proof's chain for ``quantity`` (cover or spending) in one regime or both."""
    regimes = (True, False) if lam_positive is None else (lam_positive,)
    found = {lp: _order_failures(lp, quantity, name) for lp in regimes}
    checked = sum(n for n, _ in found.values())
    failed = [f for _, bad in found.values() for f in bad]
    symbol = "I" if name == "cover" else "\\pi I"
    by_regime = "; ".join(f"{len(bad)} of {n} fail in {_regime(lp)}" for lp, (n, bad) in found.items())
    out = result(
        f"${symbol}^{{nI}}>{symbol}^{{oI}}\\ge {symbol}^{{pI}}$ in {_regime(lam_positive)}",
        checked,
        failed,
        f"the points of {GRID} in {_regime(lam_positive)} where all three insured cases are interior",
        note=by_regime if lam_positive is None else "",
    )
    per_regime = {f"failures_{'loaded' if lp else 'fair'}": len(bad) for lp, (_, bad) in found.items()}
    return replace(out, evidence={**out.evidence, **per_regime})


@claim(
    "shim2012:proposition_2",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 2",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 2 (proof in the appendix)",
    reading="'spend more on coverage' read as buying more cover $I$, which is what the appendix proof "
    "compares (eqs 10, 12, 14); checked in a loaded market, $\\lambda>0$",
    statement="With a cyber-insurance market, firms facing targeted attacks spend more on cyber-insurance "
    "coverage than firms facing untargeted attacks; the proof shows $I^{nI}>I^{oI}\\ge I^{pI}$.",
    contrast="the same comparison of cover in a fair market, $\\lambda=0$",
    repairs="shim2012:proposition_2_fair_market",
)
def proposition_2(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _cover_order(False, _cover, "cover")
    found = _cover_order(True, _cover, "cover")
    return _with_repair(
        found,
        "restricted to a loaded market ($\\lambda>0$): at a fair price every firm "
        "buys full cover $I=L$, so targeted firms buy the same cover, not more",
    )


@claim(
    "shim2012:proposition_2_fair_market",
    quantifier="all",
    failure_kind="degenerate",
    label="Proposition 2 (fair market)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 2; Section 3.2.1 (full cover at $\\lambda=0$)",
    reading="cover $I$, over the whole domain of the wording, which includes the mature market $\\lambda=0$",
    statement="With a cyber-insurance market, mature ($\\lambda=0$) or not, firms facing targeted attacks buy "
    "more cover than firms facing untargeted attacks.",
    contrast="the same comparison in a loaded market, $\\lambda>0$",
)
def proposition_2_fair_market(contrast: bool = False) -> ClaimResult:
    return _cover_order(True if contrast else None, _cover, "cover")


@claim(
    "shim2012:proposition_2_spending",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 2 (spending)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 2",
    reading="'spend more on coverage' read literally as money spent on insurance, the premium "
    "$\\pi I=(1+\\lambda)P I$; the proof compares cover $I$ instead",
    statement="With a cyber-insurance market, firms facing targeted attacks spend more on cyber insurance "
    "(pay a larger premium $\\pi I$) than firms facing untargeted attacks.",
    contrast="the same comparison of cover $I$ in place of spending $\\pi I$ (the proof's reading), in a loaded market",
)
def proposition_2_spending(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _cover_order(True, _cover, "cover")
    return _cover_order(None, _spending, "spending")


# -- Propositions 3 and 4 ----------------------------------------------------------


def _slope_check(
    what: str,
    roots: list[Equilibrium],
    parameter: str,
    quantity: str,
    closed: Callable[[Equilibrium], float] | None,
    over: str,
) -> ClaimResult:
    """d(quantity)/d(parameter) > 0 at every root, by re-solving the model at shifted parameters.

    The appendix's closed form, where given, is a cross-check of the re-solved derivative
    (relative tolerance :data:`APPENDIX_TOL`).  Cover at a fair price is I = L whatever the
    model, so dI/dL = 1 there by the cover rule: those points cannot fail and are not
    counted as informative.
    """
    checked, failed, worst, informative = 0, [], 0.0, 0
    for eq in roots:
        s = branch_derivative(eq, parameter=parameter)
        value = s.dz if quantity == "z" else s.dI
        checked += 1
        informative += not (quantity == "I" and parameter == "L" and eq.inputs.lam == 0.0)
        if closed is not None:
            formula = closed(eq)
            worst = max(worst, abs(value - formula) / max(1.0, abs(formula)))
        if not value > TOL:
            failed.append(f"{eq_label(eq)}: $d{quantity}/d{_symbol(parameter)}={value:.3g}$")
    note = (
        f"the appendix's closed form agrees with the re-solved derivative to {worst:.0e} (relative)"
        if closed is not None
        else ""
    )
    checks = (
        (CrossCheck("the appendix's closed form against the re-solved derivative", worst, 0.0, APPENDIX_TOL),)
        if closed is not None
        else ()
    )
    return result(
        what,
        checked,
        failed,
        over,
        note=note,
        cross_checks=checks,
        informative=informative,
        max_relative_gap_to_appendix=worst,
    )


_STABILITY = (
    "at stable equilibria (for untargeted attacks $H=p''(1-qp)-q\\,p'^2>0$, Ogut et al.'s "
    "condition (11), which the proof of Proposition 3 needs to sign its denominator and the "
    "paper does not state)"
)


@claim(
    "shim2012:proposition_3",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 3",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 3 (proof in the appendix)",
    reading="'the level of security risks' read as the loss $L$ from a breach, as the formula and the proof do",
    statement="With a cyber-insurance market, firms increase their security investment as the level of "
    "security risks rises, $\\partial z/\\partial L>0$.",
    contrast="the same check at every symmetric root, the unstable ones included",
    repairs="shim2012:proposition_3_stability",
)
def proposition_3(contrast: bool = False) -> ClaimResult:
    if contrast:
        return proposition_3_stability()
    found = _slope_check(
        "$\\partial z/\\partial L>0$ (re-solved at $L\\pm h$) at stable insured equilibria",
        insured_roots(unstable=False),
        "L",
        "z",
        appendix.dz_dL,
        roots_over(False),
    )
    return _with_repair(found, _STABILITY)


@claim(
    "shim2012:proposition_3_stability",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 3 (every equilibrium)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 3, and the appendix proof (untargeted case)",
    reading="the loss $L$, at every symmetric equilibrium (the wording names no stability condition; the proof "
    "divides by $H=p''(1-qp)-q\\,p'^2$ and signs the result positive without stating $H>0$)",
    statement="With a cyber-insurance market, firms increase their security investment as the level of "
    "security risks rises, $\\partial z/\\partial L>0$.",
    contrast="the same check restricted to stable equilibria, where $H>0$",
)
def proposition_3_stability(contrast: bool = False) -> ClaimResult:
    roots = insured_roots(unstable=not contrast)
    return _slope_check(
        "$\\partial z/\\partial L>0$ (re-solved at $L\\pm h$)",
        roots,
        "L",
        "z",
        appendix.dz_dL,
        roots_over(not contrast),
    )


@claim(
    "shim2012:proposition_3_breach_risk",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 3 (breach risk)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 3",
    reading="'as the level of security risks rises' read as a higher baseline breach probability $p_0$ "
    "(the scale of $p(z)$), not a higher loss; the proof and the formula use the loss $L$",
    statement="With a cyber-insurance market, firms invest more in security as the level of security risk "
    "(the baseline breach probability $p_0$) rises: $\\partial z/\\partial p_0>0$.",
    contrast="the same check for a rise in the effectiveness $a$ of investment, which lowers the breach "
    "probability at every $z>0$",
)
def proposition_3_breach_risk(contrast: bool = False) -> ClaimResult:
    parameter = "a" if contrast else "p0"
    return _slope_check(
        f"$\\partial z/\\partial {_symbol(parameter)}>0$ (re-solved)",
        insured_roots(unstable=True),
        parameter,
        "z",
        None,
        roots_over(True),
    )


@claim(
    "shim2012:proposition_4",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 4",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 4 (proof in the appendix)",
    statement="With a cyber-insurance market, firms buy more cover as the loss from a breach rises: "
    "$\\partial I/\\partial L>0$.",
    contrast="the same check with the loading $\\lambda$ in place of the loss $L$ (cover falls as insurance "
    "gets dearer)",
)
def proposition_4(contrast: bool = False) -> ClaimResult:
    parameter = "lam" if contrast else "L"
    closed = None if contrast else appendix.dI_dL
    return _slope_check(
        f"$\\partial I/\\partial {_symbol(parameter)}>0$ (re-solved), fair and loaded markets",
        insured_roots(unstable=True),
        parameter,
        "I",
        closed,
        roots_over(True),
    )


# -- The appendix's closed forms ------------------------------------------------------

_SIGN_REPAIR = (
    "the targeted case's $\\partial I/\\partial p$ and $\\partial p/\\partial z$ (proof of "
    "Proposition 5) read with the minus signs that their stated '$<0$' requires; the print has none"
)


def _appendix_check(as_printed: bool) -> ClaimResult:
    """The appendix's dz/dL, dI/dL (Propositions 3-4) and the factors dI/dp, dp/dz and their
    product dI/dz (Proposition 5) against the model: re-solved at L +- h, the slope of the
    cover rule, and p'(z) of the breach family."""
    checked, failed, worst = 0, [], 0.0
    for eq in insured_roots(unstable=False):
        s = branch_derivative(eq, parameter="L")
        pairs = [
            ("\\partial z/\\partial L", s.dz, appendix.dz_dL(eq)),
            ("\\partial I/\\partial L", s.dI, appendix.dI_dL(eq)),
        ]
        if eq.inputs.lam > 0:
            h = 1e-6 * eq.z
            rule = (cover_at(eq.inputs, eq.z + h) - cover_at(eq.inputs, eq.z - h)) / (2 * h)
            dp = float(eq.inputs.breach.dp(eq.z))
            sign = -1.0 if as_printed and eq.inputs.case == "targeted" else 1.0
            pairs += [
                ("\\partial I/\\partial p", rule / dp, sign * appendix.dI_dp(eq)),
                ("\\partial p/\\partial z", dp, sign * appendix.dp_dz(eq)),
                ("dI/dz", rule, appendix.dI_dp(eq) * appendix.dp_dz(eq)),
            ]
        for name, model, formula in pairs:
            checked += 1
            gap = abs(model - formula) / max(1.0, abs(model))
            worst = max(worst, gap)
            if gap > 1e-4:
                failed.append(f"{eq_label(eq)}: ${name}={model:.4g}$ in the model, {formula:.4g} by the appendix")
    return result(
        "the appendix's closed forms equal the model's derivatives (to a relative 1e-4)"
        + (", signs as printed" if as_printed else ""),
        checked,
        failed,
        f"$\\partial z/\\partial L$ and $\\partial I/\\partial L$ at {roots_over(False)}, and "
        "$\\partial I/\\partial p$, $\\partial p/\\partial z$ and $dI/dz$ where $\\lambda>0$",
        unit="comparisons",
        note=f"largest relative gap {worst:.0e}" if not failed else "",
        max_relative_gap=worst,
    )


@claim(
    "shim2012:appendix_proofs",
    quantifier="all",
    failure_kind="substantive",
    label="Appendix, proofs of Propositions 3-5",
    chapter=INSURANCE,
    location="Appendix, proofs of Propositions 3, 4 and 5",
    statement="The appendix's closed forms of $\\partial z/\\partial L$, $\\partial I/\\partial L$ and "
    "$\\partial I/\\partial z=(\\partial I/\\partial p)(\\partial p/\\partial z)$, with "
    "$\\partial I/\\partial p<0$ and $\\partial p/\\partial z<0$, are the model's derivatives.",
    contrast="the same comparison with the targeted case's two factors signed as printed",
    repairs="shim2012:appendix_proofs_as_printed",
)
def appendix_proofs(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _appendix_check(as_printed=True)
    return _with_repair(_appendix_check(as_printed=False), _SIGN_REPAIR)


@claim(
    "shim2012:appendix_proofs_as_printed",
    quantifier="all",
    failure_kind="misprint",
    label="Appendix, proofs (as printed)",
    chapter=INSURANCE,
    location="Appendix, proof of Proposition 5 (targeted case)",
    statement="The appendix's closed forms, with the signs as printed, are the model's derivatives (the "
    "targeted case's $\\partial I/\\partial p$ and $\\partial p/\\partial z$ are printed without "
    "their minus signs, yet said to be negative; their product keeps its sign).",
    contrast="the same comparison with the minus signs restored",
)
def appendix_proofs_as_printed(contrast: bool = False) -> ClaimResult:
    return _appendix_check(as_printed=not contrast)
