"""Shim (2012), Propositions 1-6: each as worded, and each reading where the wording admits several.

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
from itertools import product

from scipy.optimize import minimize_scalar

from replication.core.cache import cached
from replication.ledger import ClaimResult, claim, status_by_rule
from replication.ledger.registry import CrossCheck
from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
from replication.security.best_reply import cara_best_reply
from replication.security.cara import exact_symmetric_solutions
from replication.security.cara import expected_utility as cara_utility
from replication.shim2012.claims.common import (
    GRID,
    INSURANCE,
    TOL,
    count,
    eq_label,
    insured_roots,
    point_label,
    result,
    roots_over,
)
from replication.shim2012.model import appendix
from replication.shim2012.model.game import (
    CASES,
    Equilibrium,
    branch_derivative,
    cover_at,
    parameter_value,
    sensitivity,
)
from replication.shim2012.studies.grid import LOSS, Point, points

#: Largest relative gap between the appendix's closed forms and the re-solved derivatives.
APPENDIX_TOL = 1e-4
#: Relative size below which a finite-difference elasticity is noise (the derivatives' step is 1e-6).
NOISE = 1e-5

#: Proposition 1's ordering, most investment first: targeted (n), independent (o), untargeted (p).
ORDER = ("targeted", "independent", "untargeted")


def _z(pt: Point, case: str, insured: bool) -> float:
    return pt.solution(case, insured).z


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


# -- Proposition 2 -----------------------------------------------------------------


def _cover(pt: Point, case: str) -> float:
    return pt.solution(case, True).I


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


def _with_repair(found: ClaimResult, repair: str) -> ClaimResult:
    """``found`` re-ruled with a stated repair (the domain the check was restricted to)."""
    status = status_by_rule(found.evidence["failures"], found.evidence["points"], repair=repair)
    return ClaimResult(
        status,
        found.summary,
        found.evidence,
        checked_over=found.checked_over,
        repair=repair if status != "not reproduced" else "",
    )


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


def _symbol(parameter: str) -> str:
    return {"lam": "\\lambda", "p0": "p_0"}.get(parameter, parameter)


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


# -- Proposition 5 -----------------------------------------------------------------

#: Distance from 0 or L within which the directly maximised cover counts as a corner: the bounded
#: search stops up to about 1e-6 short of a bound, so full cover found that way reads as 1 - 6e-7.
CORNER_TOL = 1e-5


def _exact_cover(P: float, r: float, lam: float) -> float:
    """Cover maximising exact CARA expected utility at breach probability P (direct maximisation)."""
    found = minimize_scalar(
        lambda I: -cara_utility(P, 0.0, I, W=0.0, L=LOSS, r=r, lam=lam),
        bounds=(0.0, LOSS),
        method="bounded",
        options={"xatol": 1e-12},
    )
    return float(found.x)


def _cover_slopes(eq: Equilibrium) -> tuple[float, float | None]:
    """dI/dz at fixed parameters along the cover rule (eqs 10/12/14) and along exact CARA
    utility's optimal cover (``None`` where that cover is at a corner, 0 or L, near z)."""
    i, h = eq.inputs, 1e-4 * max(eq.z, 0.01)
    rule = (cover_at(i, eq.z + h) - cover_at(i, eq.z - h)) / (2 * h)
    covers = [_exact_cover(float(i.structure.P_sym(i.breach, z)), i.r, i.lam) for z in (eq.z - h, eq.z + h)]
    if not all(CORNER_TOL < c < LOSS - CORNER_TOL for c in covers):
        return rule, None
    return rule, (covers[1] - covers[0]) / (2 * h)


def _cover_rule_check(lam_positive: bool | None) -> ClaimResult:
    """dI/dz > 0 at fixed parameters at the stable insured roots of one regime (or both, ``None``)."""
    roots = insured_roots(unstable=False, lam_positive=lam_positive)
    checked, failed, exact_n, exact_up, worst = 0, [], 0, 0, 0.0
    for eq in roots:
        rule, exact = _cover_slopes(eq)
        checked += 1
        if exact is not None:
            exact_n += 1
            exact_up += exact > TOL
        worst = max(worst, abs(rule - appendix.dI_dz(eq)) / max(1.0, abs(rule)))
        if not (rule > TOL and (exact is None or exact > TOL)):
            failed.append(
                f"{eq_label(eq)}: $dI/dz={rule:.3g}$ along the cover rule"
                + (f", {exact:.3g} along exact CARA cover" if exact is not None else "")
            )
    regime = {True: "loaded ($\\lambda>0$)", False: "fair ($\\lambda=0$)", None: "fair or loaded ($\\lambda\\ge0$)"}[
        lam_positive
    ]
    return result(
        f"$dI/dz>0$ at fixed parameters in a {regime} market, along the cover rule (and along exact "
        "CARA utility's optimal cover where it is interior)",
        checked,
        failed,
        f"the stable insured equilibria with interior cover on {GRID} and the high-risk instances, {regime}",
        note=(
            f"exact CARA cover is interior at {exact_n} and rises with $z$ at {exact_up} of them; the "
            f"appendix's $dI/dz$ agrees with the numerical slope to {worst:.0e}"
        ),
        exact_interior=exact_n,
        exact_cover_rises=exact_up,
    )


@claim(
    "shim2012:proposition_5",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 5",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 5 (proof in the appendix)",
    reading="the proof's reading: at fixed parameters, a firm with higher investment buys more cover "
    "along the cover rule, $dI^*/dz^*>0$ (the statement prints $\\partial I^*/\\partial L^*$, a slip "
    "for $z^*$); checked in a loaded market",
    statement="With a cyber-insurance market, firms that make higher security investments in equilibrium "
    "also cover more of their risk through insurance.",
    contrast="the same check in a fair market, $\\lambda=0$",
    repairs="shim2012:proposition_5_fair_market",
)
def proposition_5(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _cover_rule_check(False)
    return _with_repair(
        _cover_rule_check(True),
        "restricted to a loaded market ($\\lambda>0$): at a fair price cover is $I=L$ whatever the investment",
    )


@claim(
    "shim2012:proposition_5_fair_market",
    quantifier="all",
    failure_kind="degenerate",
    label="Proposition 5 (fair market)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 5; Section 3.2.1 (full cover at $\\lambda=0$)",
    reading="the proof's reading (cover rises with investment along the cover rule), over the whole "
    "domain of the wording, which includes the mature market $\\lambda=0$",
    statement="With a cyber-insurance market, mature or not, a firm that invests more buys more cover.",
    contrast="the same check in a loaded market, $\\lambda>0$",
)
def proposition_5_fair_market(contrast: bool = False) -> ClaimResult:
    return _cover_rule_check(True if contrast else None)


#: Parameter shifts for the across-equilibria reading of Proposition 5.
SHIFTS = ("L", "q", "lam", "r", "p0", "a")
#: The shifts under which investment and cover move together (the contrast case).
COMOVING = ("L", "q")


@claim(
    "shim2012:proposition_5_across_equilibria",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 5 (across equilibria)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 5 and the text before it",
    reading="'firms that make higher security investments in equilibrium' read as a comparison across "
    "equilibria: whatever makes two firms' equilibria differ, the one investing more insures more",
    statement="With a cyber-insurance market, firms that make higher security investments in equilibrium "
    "also buy more cover, whatever makes their equilibria differ.",
    contrast="the same check for shifts in the loss $L$ and the interdependence $q$ only",
)
def proposition_5_across_equilibria(contrast: bool = False) -> ClaimResult:
    shifts = COMOVING if contrast else SHIFTS
    counts = {s: [0, 0] for s in shifts}
    example: dict[str, str] = {}
    for eq in insured_roots(unstable=False, lam_positive=True):
        i = eq.inputs
        for shift in shifts:
            if shift == "q" and i.case != "untargeted" or shift not in ("L", "q", "lam", "r", *i.breach.params):
                continue
            s = sensitivity(eq, parameter=shift)
            # Elasticities, so that "does not move" is judged on the finite-difference noise
            # (about 1e-6 relative), not on an absolute threshold: dI/dp0 is exactly 0 for
            # exponential p in the independent and targeted cases (P does not depend on p0).
            theta = abs(float(parameter_value(i, shift))) or 1.0
            moves_z, moves_I = abs(s.dz) * theta > NOISE * eq.z, abs(s.dI) * theta > NOISE * eq.I
            if not moves_z and not moves_I:
                continue
            counts[shift][0] += 1
            if not (moves_z and moves_I and s.dz * s.dI > 0):
                counts[shift][1] += 1
                example.setdefault(
                    shift, f"{eq_label(eq)}: $dz/d{_symbol(shift)}={s.dz:.3g}$, $dI/d{_symbol(shift)}={s.dI:.3g}$"
                )
    failing = [s for s in shifts if counts[s][1]]
    checked, n_failed = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    parts = ", ".join(f"${_symbol(s)}$: {c[0] - c[1]}/{c[0]}" for s, c in counts.items())
    summary = f"$z$ and $I$ move together (together / checked) {parts}; as a comparison across equilibria it "
    summary += (
        f"fails when the difference comes from {', '.join(f'${_symbol(s)}$' for s in failing)}"
        if failing
        else "holds for every shift checked"
    )
    if failing:
        summary += f" (e.g. {example[failing[0]]})"
    return ClaimResult(
        status_by_rule(n_failed, checked),
        summary,
        {
            "checked": {s: c[0] for s, c in counts.items()},
            "failures": {s: c[1] for s, c in counts.items()},
            "holds_for": [s for s in shifts if counts[s][0] and not counts[s][1]],
            "fails_for": failing,
            "examples": example,
        },
        checked_over=f"shifts in {', '.join(f'${_symbol(s)}$' for s in shifts)} at the stable insured "
        f"equilibria with $\\lambda>0$ and interior cover on {GRID} and the high-risk "
        "instances (implicit-function derivatives)",
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


# -- Proposition 6 -----------------------------------------------------------------


def _taylor_comparisons() -> list[tuple[str, float, float]]:
    """(instance, z without insurance, z with fair insurance) in the paper's Taylor-step model."""
    rows = []
    for pt in points(insured=True, lam_positive=False):
        if not pt.complete(False):
            continue
        for case in CASES:
            rows.append((f"{case}, {point_label(pt)}", _z(pt, case, False), _z(pt, case, True)))
    return rows


#: Exact-CARA grid (exponential families x rL x q) for Proposition 6 without the Taylor step.
EXACT_FAMILIES = tuple(ExponentialBreach(p0, a) for p0, a in product((0.3, 0.5, 0.7, 0.95), (1.5, 3.0, 6.0)))
EXACT_RL = (0.1, 0.5, 1.0)
EXACT_Q = (0.3, 1.0)


def _exact_z(breach: ExponentialBreach, case: str, q: float, rL: float, insured: bool) -> float | None:
    structure = {"independent": Independent(), "untargeted": Untargeted(q), "targeted": Targeted()}[case]
    args = {"L": LOSS, "r": rL / LOSS, "lam": 0.0}
    certified = [
        s
        for s in exact_symmetric_solutions(breach, structure, insured=insured, **args)
        if s.stable and cara_best_reply(breach, structure, insured=insured, z=s.z, **args).nash
    ]
    return certified[0].z if certified else None


def _exact_comparisons() -> list[tuple[str, float, float]]:
    """(instance, z without insurance, z with fair insurance) under exact CARA, interior cases."""
    rows = []
    for breach, rL, q in product(EXACT_FAMILIES, EXACT_RL, EXACT_Q):
        for case in CASES:
            if case != "untargeted" and q != EXACT_Q[0]:
                continue
            z0, z1 = _exact_z(breach, case, q, rL, False), _exact_z(breach, case, q, rL, True)
            if z0 is not None and z1 is not None:
                rows.append(
                    (
                        f"{case}, $p={breach.label}$, $rL={rL:g}$" + (f", $q={q:g}$" if case == "untargeted" else ""),
                        z0,
                        z1,
                    )
                )
    return rows


def _fair_insurance_lowers(exact: bool) -> ClaimResult:
    if exact:
        rows = cached(
            "shim2012_exact_cara_prop6",
            {"families": tuple(map(repr, EXACT_FAMILIES)), "rL": EXACT_RL, "q": EXACT_Q},
            _exact_comparisons,
        )
        over = (
            f"{len(rows)} interior instances of exact CARA expected utility (no Taylor step): "
            f"{len(EXACT_FAMILIES)} exponential families ($p_0\\in\\{{0.3, 0.5, 0.7, 0.95\\}}$, "
            "$a\\in\\{1.5, 3, 6\\}$) x $rL\\in\\{0.1, 0.5, 1\\}$ x $q\\in\\{0.3, 1\\}$, $\\lambda=0$"
        )
        model = "exact CARA utility"
    else:
        rows = _taylor_comparisons()
        over = f"the three cases at the points of {GRID} with $\\lambda=0$ and all six equilibria interior"
        model = "the paper's Taylor-step model"
    failed = [f"{name}: $z$ {z0:.3f} without insurance, {z1:.3f} with" for name, z0, z1 in rows if not z1 < z0]
    return result(f"$z^{{cI}}<z^c$ at a fair price in {model}", len(rows), failed, over)


@claim(
    "shim2012:proposition_6",
    quantifier="all",
    failure_kind="substantive",
    label="Proposition 6",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 6 (proof in the appendix)",
    statement="If a cyber-insurance market is available and mature (fair price, $\\lambda=0$), firms invest "
    "less in security than without insurance: $z^{oI}<z^o$, $z^{pI}<z^p$, $z^{nI}<z^n$.",
    contrast="the same comparison in exact CARA expected utility, without the Taylor step",
    repairs="shim2012:proposition_6_taylor_step",
)
def proposition_6(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _fair_insurance_lowers(exact=True)
    return _with_repair(
        _fair_insurance_lowers(exact=False),
        "holds in the paper's first-order Taylor approximation of expected utility (footnote 8); "
        "in exact expected utility it fails at high breach probabilities",
    )


@claim(
    "shim2012:proposition_6_taylor_step",
    quantifier="all",
    failure_kind="domain",
    label="Proposition 6 (exact utility)",
    chapter=INSURANCE,
    location="Section 3.3, Proposition 6; footnote 8 (the Taylor step)",
    reading="the firms of eq 8 maximise expected utility itself (CARA), not its first-order Taylor "
    "approximation; footnote 8 justifies the approximation by large wealth, which does not "
    "improve it under CARA",
    statement="Fair insurance lowers security investment for expected-utility-maximising firms "
    "(exact CARA utility, no Taylor step).",
    contrast="the same comparison in the paper's Taylor-step model",
)
def proposition_6_taylor_step(contrast: bool = False) -> ClaimResult:
    return _fair_insurance_lowers(exact=not contrast)


# -- The welfare reading of Proposition 6 -------------------------------------------

#: Risk aversion up to which fair insurance does not overshoot the efficient targeted level.
LOW_R = 0.5


def _values(values: set[float]) -> str:
    return ", ".join(f"{v:g}" for v in sorted(values))


def _welfare(benchmark: str, r_max: float | None) -> ClaimResult:
    """Untargeted shortfall widens and targeted over-investment is partly corrected, at lam = 0.

    ``benchmark`` is the efficient level: the planner's without insurance ("uninsured") or
    with insurance ("insured"); the planner is our reconstruction (it weighs firm 1's effect
    on both firms' breach probabilities).
    """
    keys = [(c, ins, pl) for c in ("untargeted", "targeted") for ins in (False, True) for pl in (False, True)]
    checked, failed, worse, partial, failing_r = 0, [], 0, 0, set()
    for pt in points(insured=True, lam_positive=False):
        if any(pt.get(*k) is None for k in keys) or (r_max is not None and pt.r > r_max):
            continue
        zp, plan_p, zpI, plan_pI, zn, plan_n, znI, plan_nI = (pt.solution(*k).z for k in keys)
        target_p, target_n = (plan_p, plan_n) if benchmark == "uninsured" else (plan_pI, plan_nI)
        widens = target_p - zpI > plan_p - zp
        part = abs(znI - target_n) < zn - plan_n and znI < zn
        checked += 1
        worse += widens
        partial += part
        if not (widens and part):
            failing_r.add(pt.r)
            failed.append(
                f"{point_label(pt)}: untargeted shortfall {plan_p - zp:.4f} without insurance, "
                f"{target_p - zpI:.4f} with; targeted excess {zn - plan_n:.4f} without, "
                f"{znI - target_n:+.4f} with"
            )
    over = (
        f"the points of {GRID} with $\\lambda=0$ where Nash and planner levels are interior in both cases "
        "and regimes" + (f", $r\\le{r_max:g}$" if r_max is not None else "")
    )
    return result(
        "untargeted under-investment widens and targeted over-investment is partly (not over-) "
        f"corrected, against the planner's level {'without' if benchmark == 'uninsured' else 'with'} "
        "insurance",
        checked,
        failed,
        over,
        note=(
            f"the untargeted half holds at {worse}, the targeted half at {partial}"
            + (f"; the failures are at risk aversion $r\\in\\{{{_values(failing_r)}\\}}$" if failing_r else "")
        ),
        untargeted_worse=worse,
        targeted_partial_fix=partial,
        failing_r=sorted(failing_r),
    )


@claim(
    "shim2012:proposition_6_welfare_benchmark",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 6 (welfare, fixed benchmark)",
    chapter=INSURANCE,
    location="Section 3.3, text after Proposition 6; Figure 12",
    reading="the efficient level is the planner's level without insurance, a fixed benchmark",
    statement="Cyber insurance only partly resolves over-investment against targeted attacks, by reducing "
    "investment, while under-investment against untargeted attacks becomes more severe.",
    contrast=f"the same check at risk aversion $r\\le{LOW_R}$, where fair insurance does not push targeted "
    "firms below the efficient level",
)
def proposition_6_welfare_benchmark(contrast: bool = False) -> ClaimResult:
    return _welfare("uninsured", LOW_R if contrast else None)


@claim(
    "shim2012:proposition_6_welfare_insured_planner",
    quantifier="all",
    failure_kind="reading",
    label="Proposition 6 (welfare, insured planner)",
    chapter=INSURANCE,
    location="Section 3.3, text after Proposition 6; Figure 12",
    reading="the efficient level is the planner's level when insurance is available (the planner insures too)",
    statement="Cyber insurance only partly resolves over-investment against targeted attacks, by reducing "
    "investment, while under-investment against untargeted attacks becomes more severe.",
    contrast=f"the same check against the fixed benchmark (the planner without insurance) at $r\\le{LOW_R}$",
)
def proposition_6_welfare_insured_planner(contrast: bool = False) -> ClaimResult:
    return _welfare("uninsured", LOW_R) if contrast else _welfare("insured", None)
