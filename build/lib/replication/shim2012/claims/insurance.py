"""Shim (2012), Section III with insurance: the statements of the text around the propositions,
Table 1 as printed, and the implications of Section IV, each checked as worded (chapter
*Security investment with cyber insurance*).

Two implications are contradicted by the paper's own model: insurance does not lower
investment for firms that buy no cover, and a subsidy on insurance lowers investment
against untargeted attacks (see *What we found* in the book, entries
``shim2012:implication_insurance_lowers_investment`` and ``shim2012:implication_subsidy``).
"""

from __future__ import annotations

from dataclasses import replace

from replication.ledger import ClaimResult, claim
from replication.numerics.solvers import NoInteriorSolution
from replication.shim2012.claims.common import (
    _COMPLETE,
    _P,
    GRID,
    INSURANCE,
    TOL,
    _both_regimes,
    _cover,
    _exact_cover,
    _with_repair,
    count,
    eq_label,
    insured_roots,
    point_label,
    result,
    roots_over,
)
from replication.shim2012.model import derivation as T
from replication.shim2012.model.game import (
    CASES,
    branch_derivative,
    cover_at,
    shifted,
    solve,
)
from replication.shim2012.studies.grid import (
    LOSS,
    grid,
    points,
)


@claim(
    "shim2012:premium_untargeted",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.3, text",
    chapter=INSURANCE,
    location="Section 3.3, text after Proposition 1",
    statement="Insurers charge firms facing untargeted attacks a higher premium rate than firms with "
    "independent risks: $(1+\\lambda)P^{pI}>(1+\\lambda)P^{oI}$.",
    contrast="the reversed inequality on the same equilibria",
)
def premium_untargeted(contrast: bool = False) -> ClaimResult:
    hi, lo = ("independent", "untargeted") if contrast else ("untargeted", "independent")
    rate = lambda pt, c: pt.solution(c, True).premium_rate  # noqa: E731
    checked, failed = count(
        points(insured=True),
        lambda pt: rate(pt, hi) > rate(pt, lo),
        lambda pt: f"{point_label(pt)}: {rate(pt, hi):.4f} vs {rate(pt, lo):.4f}",
    )
    return result(
        f"premium rate $(1+\\lambda)P$ ({hi}) $>$ ({lo})",
        checked,
        failed,
        f"the points of {GRID} where all three insured cases are interior (fair and loaded)",
    )


@claim(
    "shim2012:total_risk_targeted",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.3, text",
    chapter=INSURANCE,
    location="Section 3.3, text before Proposition 2",
    statement="Firms facing targeted attacks carry a lower total risk than firms facing untargeted attacks, "
    "so insurers may charge them a lower premium: $P^{nI}<P^{pI}$ (and $P^n<P^p$).",
    contrast="the reversed inequality on the same equilibria",
)
def total_risk_targeted(contrast: bool = False) -> ClaimResult:
    lo, hi = ("untargeted", "targeted") if contrast else ("targeted", "untargeted")
    return _both_regimes(
        lambda pt, i: _P(pt, lo, i) < _P(pt, hi, i),
        lambda pt, i: f"$P$ {_P(pt, lo, i):.4f} vs {_P(pt, hi, i):.4f}",
        f"$P$ ({lo}) $<$ $P$ ({hi})",
        _COMPLETE,
    )


_STATEMENT_AFTER_P2 = (
    "From Propositions 1 and 2, positive externalities (untargeted attacks) lead firms to lower "
    "both their security investment and their insurance cover: $z^{pI}<z^{oI}$ and "
    "$I^{pI}<I^{oI}$."
)


@claim(
    "shim2012:untargeted_less_cover_loaded",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.3, text (loaded market)",
    chapter=INSURANCE,
    location="Section 3.3, text after Proposition 2",
    statement=_STATEMENT_AFTER_P2,
    contrast="the same check in fair and loaded markets, $\\lambda\\ge0$",
    repairs="shim2012:untargeted_less_cover",
)
def untargeted_less_cover_loaded(contrast: bool = False) -> ClaimResult:
    found = _less_cover(loaded_only=not contrast)
    if contrast:
        return found
    return _with_repair(
        found,
        "restricted to a loaded market ($\\lambda>0$), as for Proposition 2: at a fair "
        "price every firm buys full cover $I=L$",
    )


@claim(
    "shim2012:untargeted_less_cover",
    quantifier="all",
    failure_kind="degenerate",
    label="Section 3.3, text",
    chapter=INSURANCE,
    location="Section 3.3, text after Proposition 2",
    statement=_STATEMENT_AFTER_P2,
    contrast="the same check in a loaded market only, $\\lambda>0$",
)
def untargeted_less_cover(contrast: bool = False) -> ClaimResult:
    return _less_cover(loaded_only=contrast)


def _less_cover(loaded_only: bool) -> ClaimResult:
    """z^pI < z^oI and I^pI < I^oI at the insured points (loaded market only, or fair and loaded)."""
    domain = points(insured=True, lam_positive=True if loaded_only else None)
    checked, failed = count(
        domain,
        lambda pt: (
            pt.solution("untargeted", True).z < pt.solution("independent", True).z
            and _cover(pt, "untargeted") < _cover(pt, "independent") - TOL
        ),
        lambda pt: (
            f"{point_label(pt)}: $I^{{pI}}={_cover(pt, 'untargeted'):.4f}$, $I^{{oI}}={_cover(pt, 'independent'):.4f}$"
        ),
    )
    regime = "$\\lambda>0$" if loaded_only else "$\\lambda\\ge0$"
    return result(
        f"$z^{{pI}}<z^{{oI}}$ and $I^{{pI}}<I^{{oI}}$ ({regime})",
        checked,
        failed,
        f"the points of {GRID} with {regime} where all three insured cases are interior",
    )


# -- Sections 3.2.1-3.2.2: the mature market --------------------------------------------


@claim(
    "shim2012:fair_full_cover",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.2.1, text",
    chapter=INSURANCE,
    location="Section 3.2.1, text after eq 10; Section 3.2.2, text after eq 12",
    statement="When the insurance market is mature ($\\lambda=0$), a firm buys full cover, $I=L$.",
    contrast="the same check with a loaded price, $\\lambda=0.1$",
)
def fair_full_cover(contrast: bool = False) -> ClaimResult:
    """Full cover at a fair price: the cover rule (eq 10/12/14) and, independently, the cover
    that maximises exact CARA expected utility (found by direct maximisation)."""
    lam = 0.1 if contrast else 0.0
    rows = []
    for pt in grid():
        for case in CASES:
            eq = pt.get(case, False)
            if eq is None or pt.lam != 0.0 or (case != "untargeted" and pt.q != 0.2):
                continue
            ins = replace(eq.inputs, insured=True, lam=lam)
            rows.append((f"{case}, {point_label(pt)}", cover_at(ins, eq.z), _exact_cover(eq.P, pt.r, lam)))
    failed = [
        f"{name}: $I={rule:.4f}$ (cover rule), {exact:.4f} (exact CARA)"
        for name, rule, exact in rows
        if not (abs(rule - LOSS) < 1e-9 and abs(exact - LOSS) < 1e-6)
    ]
    return result(
        f"$I=L$ at $\\lambda={lam:g}$ by the cover rule and by maximising exact CARA utility",
        len(rows),
        failed,
        f"the uninsured equilibria of {GRID} (each instance once), cover chosen at $\\lambda={lam:g}$",
    )


def _loading_check(unstable: bool) -> ClaimResult:
    """dz/dlam > 0 at the insured roots (stable ones only, or every root), re-solved at lam +- h."""
    roots = insured_roots(unstable=unstable)
    checked, failed = 0, []
    for eq in roots:
        dz = branch_derivative(eq, parameter="lam").dz
        checked += 1
        if not dz > TOL:
            failed.append(f"{eq_label(eq)}: $dz/d\\lambda={dz:.3g}$")
    return result(
        "$\\partial z/\\partial\\lambda>0$ (re-solved at $\\lambda\\pm h$)",
        checked,
        failed,
        roots_over(unstable),
        note="it holds at every stable equilibrium; the counterexamples are the unstable roots of the "
        "high-risk instances"
        if failed and unstable
        else "",
    )


_STATEMENT_3_2_2 = (
    "As the insurance market matures ($\\lambda$ falls towards 0), firms invest less in "
    "self-protection (and buy full cover): $\\partial z/\\partial\\lambda>0$ for insured firms."
)


@claim(
    "shim2012:investment_rises_with_loading_stable",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.2.2, text (stable equilibria)",
    chapter=INSURANCE,
    location="Section 3.2.2, text after eq 12",
    statement=_STATEMENT_3_2_2,
    contrast="the same check at every symmetric root, the unstable ones included",
    repairs="shim2012:investment_rises_with_loading",
)
def investment_rises_with_loading_stable(contrast: bool = False) -> ClaimResult:
    found = _loading_check(unstable=contrast)
    if contrast:
        return found
    return _with_repair(
        found,
        "at stable equilibria (for untargeted attacks $H=p''(1-qp)-q\\,p'^2>0$, the "
        "condition Proposition 3 needs too; the text states none)",
    )


@claim(
    "shim2012:investment_rises_with_loading",
    quantifier="all",
    failure_kind="reading",
    label="Section 3.2.2, text",
    chapter=INSURANCE,
    location="Section 3.2.2, text after eq 12",
    reading="at every symmetric equilibrium, stable or not (the text names no stability condition)",
    statement=_STATEMENT_3_2_2,
    contrast="the same check at stable equilibria only",
)
def investment_rises_with_loading(contrast: bool = False) -> ClaimResult:
    return _loading_check(unstable=not contrast)


@claim(
    "shim2012:investment_inefficiency",
    quantifier="all",
    failure_kind="substantive",
    label="Section IV, implications",
    chapter=INSURANCE,
    location="Section IV, first set of implications; Sections 3.1.2-3.1.3 and Figures 7 and 9",
    statement="Firms protecting against untargeted attacks invest less than is socially efficient, and firms "
    "protecting against targeted attacks invest more ('destructive competition').",
    contrast="the same check applied to independent risks, where the firm's level is the efficient one",
)
def investment_inefficiency(contrast: bool = False) -> ClaimResult:
    """Nash level against the planner's (our reconstruction), with and without insurance."""
    expect = {"independent": -1} if contrast else {"untargeted": -1, "targeted": 1}
    items = [
        (pt, case, ins, sign)
        for pt in grid()
        for ins in (False, True)
        for case, sign in expect.items()
        if pt.get(case, ins) is not None and pt.get(case, ins, True) is not None
    ]
    gap = lambda it: it[0].solution(it[1], it[2]).z - it[0].solution(it[1], it[2], True).z  # noqa: E731
    checked, failed = count(
        items,
        lambda it: it[3] * gap(it) > TOL,
        lambda it: (
            f"{it[1]}, {point_label(it[0])}, {'insured' if it[2] else 'uninsured'}: Nash minus planner {gap(it):+.4f}"
        ),
    )
    return result(
        "untargeted Nash level below the planner's, targeted above"
        if not contrast
        else "independent Nash level below the planner's",
        checked,
        failed,
        f"the points of {GRID} where the Nash and planner levels are interior, with and without "
        "insurance; the planner maximises both firms' welfare (our reconstruction)",
    )


@claim(
    "shim2012:implication_insurance_lowers_investment",
    quantifier="all",
    failure_kind="substantive",
    label="Section IV, implications",
    chapter=INSURANCE,
    location="Section IV, second set of implications",
    statement="The adoption of cyber insurance lowers the overall level of security investment, regardless "
    "of whether firms buy cyber-insurance policies.",
    contrast="the same check in a mature market, $\\lambda=0$, where every firm buys cover",
)
def implication_insurance_lowers_investment(contrast: bool = False) -> ClaimResult:
    """Investment once insurance is offered against investment without it, firm by firm.

    A firm for which the cover rule gives I <= 0 at its uninsured optimum buys no cover
    and keeps its uninsured investment (the corner the paper does not treat)."""
    checked, failed, corners = 0, [], 0
    for pt in grid():
        if contrast and pt.lam > 0:
            continue
        for case in CASES:
            base = pt.get(case, False)
            if base is None or (case != "untargeted" and pt.q != 0.2):
                continue
            insured = pt.get(case, True)
            if insured is not None:
                z_ins, corner = insured.z, False
            elif cover_at(replace(base.inputs, insured=True, lam=pt.lam), base.z) <= 0.0:
                z_ins, corner = base.z, True
            else:
                continue
            checked += 1
            corners += corner
            if not z_ins < base.z:
                failed.append(f"{case}, {point_label(pt)}: the firm buys no cover and invests {base.z:.4f} either way")
    return result(
        "investment with insurance on offer below investment without it",
        checked,
        failed,
        f"each instance of {GRID} once, three cases, where the uninsured equilibrium is interior"
        + (", $\\lambda=0$" if contrast else ""),
        note=f"{corners} instances buy no cover",
        no_cover=corners,
    )


#: The subsidy: the loading falls by this share (a subsidy on the price of cover).
SUBSIDY = 0.5


@claim(
    "shim2012:implication_subsidy",
    quantifier="all",
    failure_kind="substantive",
    label="Section IV, implications",
    chapter=INSURANCE,
    location="Section IV, last set of implications",
    statement="Because investment and insurance are complements, subsidising the purchase of cyber insurance "
    "against untargeted attacks raises both the insurance bought and the security investment.",
    contrast="the same check for a rise in the loss $L$ by 10%, the shift under which Propositions 3-4 make "
    "investment and cover rise together",
)
def implication_subsidy(contrast: bool = False) -> ClaimResult:
    """Re-solve the untargeted insured equilibrium after the policy and compare z and I."""
    checked, failed = 0, []
    for pt in points(insured=True, lam_positive=True):
        eq = pt.solution("untargeted", True)
        after_inputs = (
            shifted(eq.inputs, parameter="L", value=1.1 * LOSS)
            if contrast
            else shifted(eq.inputs, parameter="lam", value=(1 - SUBSIDY) * pt.lam)
        )
        try:
            after = solve(after_inputs)
        except NoInteriorSolution:
            continue
        if after.corner is not None:  # the claim is about the interior solutions the paper treats
            continue
        checked += 1
        if not (after.z > eq.z and after.I > eq.I):
            failed.append(f"{point_label(pt)}: $z$ {eq.z:.4f} -> {after.z:.4f}, $I$ {eq.I:.4f} -> {after.I:.4f}")
    policy = "the loss rises 10%" if contrast else f"a subsidy cuts the loading by {SUBSIDY:.0%}"
    return result(
        f"both $z^{{pI}}$ and $I^{{pI}}$ rise when {policy}",
        checked,
        failed,
        f"the untargeted insured equilibria of {GRID} with $\\lambda>0$, solved again after the change",
    )


# -- Table 1 ------------------------------------------------------------------------


@claim(
    "shim2012:table_1_as_printed",
    quantifier="all",
    failure_kind="misprint",
    label="Table 1",
    chapter=INSURANCE,
    location="Section 3.3, Table 1",
    statement="Table 1 gives the investment condition and the cover of each case (independent, untargeted, "
    "targeted) with and without an insurance market.",
    contrast="the same comparison with the equations as the text prints them (eqs 3, 6, 7, 9-14)",
)
def table_1_as_printed(contrast: bool = False) -> ClaimResult:
    """Each printed cell against the sympy derivation of :mod:`replication.shim2012.model.derivation`."""
    printed = T.IN_TEXT if contrast else T.PRINTED
    diffs = T.printing_differences(printed)
    names = [
        f"{case}, {'insurance' if insured else 'no insurance'}, {which} cell" for case, insured, which, _, _ in diffs
    ]
    return result(
        "the printed cells equal the conditions derived with sympy from eqs 1 and 8 and the Taylor step",
        2 * len(printed),
        names,
        f"the {2 * len(printed)} cells (investment condition and cover, 3 cases x 2 regimes) of "
        + ("the equations in the text" if contrast else "Table 1 as printed"),
        unit="cells",
    )
