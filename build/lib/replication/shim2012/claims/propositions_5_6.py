"""Shim (2012), Propositions 5 and 6: cover against investment, and fair insurance against
investment and welfare, each as worded and in each reading the wording admits (chapter
*Security investment with cyber insurance*)."""

from __future__ import annotations

from itertools import product

from replication.core.cache import cached
from replication.ledger import ClaimResult, claim, status_by_rule
from replication.security import ExponentialBreach, Independent, Targeted, Untargeted
from replication.security.best_reply import cara_best_reply
from replication.security.cara import exact_symmetric_solutions
from replication.shim2012.claims.common import (
    GRID,
    INSURANCE,
    TOL,
    _exact_cover,
    _symbol,
    _with_repair,
    _z,
    eq_label,
    insured_roots,
    point_label,
    result,
)
from replication.shim2012.model import appendix
from replication.shim2012.model.game import (
    CASES,
    Equilibrium,
    cover_at,
    parameter_value,
    sensitivity,
)
from replication.shim2012.studies.grid import (
    LOSS,
    points,
)

#: Relative size below which a finite-difference elasticity is noise (the derivatives' step is 1e-6).
NOISE = 1e-5


# -- Proposition 5 -----------------------------------------------------------------

#: Distance from 0 or L within which the directly maximised cover counts as a corner: the bounded
#: search stops up to about 1e-6 short of a bound, so full cover found that way reads as 1 - 6e-7.
CORNER_TOL = 1e-5


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
