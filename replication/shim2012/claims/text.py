"""Shim (2012): the statements of the text around the propositions, Section II's taxonomy,
Table 1 as printed, and the implications of Section IV, each checked as worded.

Two implications are contradicted by the paper's own model: insurance does not lower
investment for firms that buy no cover, and a subsidy on insurance lowers investment
against untargeted attacks (see *What we found* in the book, entries
``shim2012:implication_insurance_lowers_investment`` and ``shim2012:implication_subsidy``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import product

from replication.ledger import ClaimResult, claim
from replication.ledger.verdicts import Tally, verdict
from replication.numerics.solvers import NoInteriorSolution
from replication.shim2012.claims.common import (
    FRAMEWORKS,
    GRID,
    INSURANCE,
    NO_INSURANCE,
    TOL,
    count,
    eq_label,
    insured_roots,
    point_label,
    result,
    roots_over,
)
from replication.shim2012.claims.propositions import _cover, _exact_cover, _with_repair
from replication.shim2012.model import derivation as T
from replication.shim2012.model.game import (
    CASES,
    Equilibrium,
    branch_derivative,
    cover_at,
    equilibria,
    shifted,
    solve,
    structure,
)
from replication.shim2012.studies.grid import FAMILIES, LOSS, Point, grid, points


def _P(pt: Point, case: str, insured: bool) -> float:
    return pt.solution(case, insured).P


def _both_regimes(
    holds: Callable[[Point, bool], bool], describe: Callable[[Point, bool], str], what: str, over: str
) -> ClaimResult:
    """Check ``holds(pt, insured)`` at the points complete in each regime."""
    items = [(pt, insured) for insured in (False, True) for pt in points(insured=insured)]
    checked, failed = count(
        items,
        lambda it: holds(*it),
        lambda it: f"{point_label(it[0])}, {'insured' if it[1] else 'uninsured'}: {describe(*it)}",
    )
    return result(what, checked, failed, over)


_COMPLETE = (
    f"the points of {GRID} where all three cases have an interior stable equilibrium, with and without insurance"
)


# -- Section 3.3: total risk and premiums ---------------------------------------------


@claim(
    "shim2012:total_risk_untargeted",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.3, text",
    chapter=NO_INSURANCE,
    location="Section 3.3, text after Proposition 1",
    statement="Although they invest less, firms facing untargeted attacks carry a higher total breach "
    "probability than firms with independent risks: $P^p>P^o$ (and $P^{pI}>P^{oI}$).",
    contrast="the reversed inequality $P^o>P^p$ on the same equilibria",
)
def total_risk_untargeted(contrast: bool = False) -> ClaimResult:
    hi, lo = ("independent", "untargeted") if contrast else ("untargeted", "independent")
    return _both_regimes(
        lambda pt, i: _P(pt, hi, i) > _P(pt, lo, i),
        lambda pt, i: f"$P$ {_P(pt, hi, i):.4f} vs {_P(pt, lo, i):.4f}",
        f"$P$ ({hi}) $>$ $P$ ({lo})",
        _COMPLETE,
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


# -- Section 3.3: efficiency and controllability -----------------------------------------

EFFICIENCY_Z = (0.05, 0.2, 0.5)
EFFICIENCY_Q = (0.2, 0.5, 1.0)


@claim(
    "shim2012:efficiency_of_investment",
    quantifier="all",
    failure_kind="misprint",
    label="Section 3.3, text",
    chapter=NO_INSURANCE,
    location="Section 3.3, text after Table 1",
    statement="For identical firms, untargeted attacks cut the risk a firm controls from $p(z_1)$ to "
    "$p(z_1)[1-qp(z_2)]$ and the efficiency of its investment from $|p'(z_1)|$ to "
    "$|p'(z_1)|[1-qp(z_2)]$ (the paper prints $|p(z_1)[1-qp(z_2)]|$, dropping the prime), while "
    "targeted attacks leave the breach probability at $p(z_1)$ and double the efficiency to "
    "$|2p'(z_1)|$.",
    contrast="the same check at unequal investments, $z_2=1.5\\,z_1$ (the firms are no longer symmetric)",
)
def efficiency_of_investment(contrast: bool = False) -> ClaimResult:
    """Numerical derivatives of the breach structures (not their closed forms) at z1 = z2."""
    h, checked, failed = 1e-6, 0, []
    for breach, z, q in product(FAMILIES, EFFICIENCY_Z, EFFICIENCY_Q):
        z2 = 1.5 * z if contrast else z
        p, dp = float(breach.p(z)), float(breach.dp(z))
        un, tg = structure("untargeted", q=q), structure("targeted")
        d_un = float(un.P(breach, z + h, z2) - un.P(breach, z - h, z2)) / (2 * h)
        d_tg = float(tg.P(breach, z + h, z2) - tg.P(breach, z - h, z2)) / (2 * h)
        controlled = float(un.P(breach, z, z2)) - q * float(breach.p(z2))
        pz2 = float(breach.p(z2))
        ok = (
            abs(controlled - p * (1 - q * pz2)) < 1e-12
            and abs(d_un - dp * (1 - q * pz2)) < 1e-6 * abs(dp)
            and abs(d_un) < abs(dp)
            and abs(float(tg.P(breach, z, z2)) - p) < 1e-12
            and abs(d_tg - 2 * dp) < 1e-6 * abs(dp)
        )
        checked += 1
        if not ok:
            failed.append(
                f"$p={breach.label}$, $z_1={z:g}$, $z_2={z2:g}$, $q={q:g}$: targeted $P_1="
                f"{float(tg.P(breach, z, z2)):.4f}$ vs $p(z_1)={p:.4f}$, $\\partial P_1/\\partial z_1="
                f"{d_tg:.4f}$ vs $2p'={2 * dp:.4f}$"
            )
    return result(
        "controllable risk, efficiency $|\\partial P_1/\\partial z_1|$ and targeted risk as stated",
        checked,
        failed,
        f"{len(FAMILIES)} breach families x $z_1\\in\\{{0.05, 0.2, 0.5\\}}$ x "
        f"$q\\in\\{{0.2, 0.5, 1\\}}$, $z_2={'1.5z_1' if contrast else 'z_1'}$",
    )


# -- Section II and Section IV: externalities and inefficiency -----------------------------


@claim(
    "shim2012:externality_signs",
    quantifier="all",
    failure_kind="substantive",
    label="Section II, Figure 3",
    chapter=FRAMEWORKS,
    location="Section 2.1 and Figure 3",
    statement="Untargeted attacks make security investment a positive externality and targeted attacks a "
    "negative one: firm 2's investment lowers, resp. raises, firm 1's breach probability.",
    contrast="the taxonomy with the two signs swapped (untargeted negative, targeted positive)",
)
def externality_signs(contrast: bool = False) -> ClaimResult:
    from replication.shim2012.model.attacks import ATTACKS, externality, externality_kind

    swap = {"positive": "negative", "negative": "positive"}
    levels = (0.05, 0.2, 0.5, 1.0)
    items = [
        (a, b, z1, z2, q)
        for a, b, z1, z2, q in product(ATTACKS, FAMILIES, levels, levels, (0.2, 1.0))
        if a.case == "untargeted" or q == 0.2
    ]

    def holds(item) -> bool:
        a, b, z1, z2, q = item
        expected = swap[a.externality] if contrast else a.externality
        return externality_kind(externality(b, case=a.case, z1=z1, z2=z2, q=q)) == expected

    checked, failed = count(
        items, holds, lambda it: f"{it[0].name}, $p={it[1].label}$, $z_1={it[2]:g}$, $z_2={it[3]:g}$, $q={it[4]:g}$"
    )
    return result(
        "the sign of $\\partial P_1/\\partial z_2$ matches the taxonomy",
        checked,
        failed,
        f"{len(FAMILIES)} breach families x $z_1, z_2\\in\\{{0.05, 0.2, 0.5, 1\\}}$ x "
        "$q\\in\\{0.2, 1\\}$ (untargeted)",
    )


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


# -- Section 3.1.3: targeted attacks may create instability ------------------------------


@claim(
    "shim2012:targeted_instability",
    quantifier="some",
    failure_kind="substantive",
    label="Section 3.1.3 (instability)",
    chapter=NO_INSURANCE,
    location="Section 3.1.3, first paragraph",
    statement="The focus of attackers on a single target may create instability in the network, "
    "something akin to an arms race among targets.",
    reading="instability read as: the symmetric level that solves the first-order condition (eq 7, or "
    "eq 13 insured) is not an equilibrium, because a firm gains by deviating from it (e.g. by investing "
    "nothing); checked for some instance of the grid, with or without insurance",
    contrast="the same check on untargeted attacks, whose roots are all equilibria",
)
def targeted_instability(contrast: bool = False) -> ClaimResult:
    case = "untargeted" if contrast else "targeted"
    examples: list[str] = []
    settled: list[str] = []
    first: dict[str, object] = {}
    checked = 0
    for pt in grid():
        for insured in (False, True):
            checked += 1
            if (case, insured, False) not in pt.uncertified:
                settled.append(f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}")
            else:
                found = equilibria(pt.breach, case=case, insured=insured, L=LOSS, r=pt.r, q=pt.q, lam=pt.lam)
                roots = [e for e in found if e.corner is None]
                worst = max(roots, key=lambda e: e.deviation.gain)
                first = first or {
                    "instance": f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}",
                    "root": worst.z,
                    "root_cost": worst.deviation.candidate_cost,
                    "deviation": worst.deviation.z,
                    "deviation_cost": worst.deviation.cost,
                }
                examples.append(
                    f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}: at the root "
                    f"$z={worst.z:.4f}$, {md_deviation(worst)}"
                )
    holds = len(examples)
    return verdict(
        "some",
        [Tally("instances with no equilibrium", checked, tuple(settled))],
        what=f"{case} instances whose every symmetric root fails the global best-reply check",
        checked_over=f"the {case} case on {GRID}, with and without insurance",
        unit="instances",
        note=(f"for example {examples[0]}" if examples else "every root is an equilibrium"),
        instances_without_equilibrium=holds,
        examples=examples[:5],
        first_example=first,
    )


def md_deviation(eq: Equilibrium) -> str:
    """The profitable deviation from a root, in words, for a claim's evidence."""
    d = eq.deviation
    return (
        f"investing $z_1={d.z:.4f}$ instead costs {d.cost:.4f} against {d.candidate_cost:.4f} "
        "(the firm's Taylor-step cost)"
    )
