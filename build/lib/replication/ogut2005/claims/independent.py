"""Ogut et al. (2005), independent risk: Results 1 and 2 (chapter *Independent risk*)."""

from __future__ import annotations

from replication.ledger.registry import claim
from replication.ledger.results import ClaimResult
from replication.ledger.verdicts import tally, verdict
from replication.ogut2005.claims.common import MAP_WORDS, _certified_words, _exact_pairs, _insurance_lowers, _map_words
from replication.ogut2005.model.exact import direct_best_reply
from replication.ogut2005.studies.grid import FAMILIES, Point, grid

#: Tolerance of a direct numerical maximisation (Nelder-Mead on exact expected utility).
OPT_TOL = 1e-5


# -- Result 1 --------------------------------------------------------------------------------------


def _fair_cases() -> list[Point]:
    cases = {(p.breach, p.L, p.r): p for p in grid() if p.lam == 0.0 and p.independent is not None}
    return list(cases.values())


@claim(
    "ogut2005:result_1",
    quantifier="all",
    failure_kind="substantive",
    label="Result 1",
    statement="Independent risk at a fair price ($\\pi=B$): the firm insures fully, $I=L$, and invests "
    "where $B'(z)=-1/L$ (eqs 2-3).",
    location="Independent risk, eqs (1)-(3); Appendix, Proof 1",
    contrast="the same direct maximisation at a loaded price, $\\lambda=0.2$ (cover is then partial)",
    chapter="book/ogut2005/independent",
)
def result_1(contrast: bool = False) -> ClaimResult:
    lam = 0.2 if contrast else 0.0
    found = []
    for p in _fair_cases():
        z, cover = direct_best_reply(
            p.breach, L=p.L, r=p.r, q=0.0, lam=lam, z2=0.0, start=(0.5 * p.solution("independent").z + 0.01, 0.5 * p.L)
        )
        found.append((p, z, cover))
    where = lambda t: (
        f"$p={t[0].breach.label}$, $L={t[0].L:g}$, $r={t[0].r:g}$, $\\lambda={lam:g}$: $z={t[1]:.5f}$, $I={t[2]:.5f}$"
    )
    full = tally("$I=L$", found, lambda t: abs(t[2] - t[0].L) < OPT_TOL * 10 * t[0].L, where)
    foc = tally("$B'(z)=-1/L$", found, lambda t: abs(float(t[0].breach.dp(t[1])) * t[0].L + 1.0) < OPT_TOL * 100, where)
    return verdict(
        "all",
        [full, foc],
        what="full cover and $B'(z)=-1/L$ at the direct optimum",
        checked_over=f"{len(found)} cases ({len(FAMILIES)} families × L × r) at "
        f"$\\lambda={lam:g}$; exact CARA expected utility maximised directly over (z, I)",
    )


# -- Result 2 and its unrepaired sibling ----------------------------------------------------------


def _taylor_pairs() -> list[tuple[str, float, float, float]]:
    """(where, z without insurance, z with fair insurance, uninsured P) under the Taylor step."""
    cases = {
        (p.breach, p.L, p.r): p
        for p in grid()
        if p.lam == 0.0 and p.independent is not None and p.uninsured_independent is not None
    }
    return [
        (
            f"$p={p.breach.label}$, $L={p.L:g}$, $r={p.r:g}$",
            p.solution("uninsured_independent").z,
            p.solution("independent").z,
            p.solution("uninsured_independent").P,
        )
        for p in cases.values()
    ]


TAYLOR_REPAIR = (
    "holds inside the paper's first-order Taylor step ($U_N\\approx U_L+U_L'L$, "
    "$U_N'\\approx U_L'+U_L''L$); with exact CARA utility it fails where the breach "
    "probability at the uninsured optimum is high (entry ogut2005:taylor_step_insurance_lowers_investment)"
)


@claim(
    "ogut2005:result_2",
    quantifier="all",
    failure_kind="substantive",
    label="Result 2",
    statement="Independent risk: a firm invests more in security without insurance than with insurance at "
    "a fair price (eq 5).",
    location="Independent risk, eqs (4)-(5); Appendix, Proof 2",
    contrast="the same comparison without the Taylor step: exact CARA utility on the (a, rL) map",
    repairs="ogut2005:taylor_step_insurance_lowers_investment",
    chapter="book/ogut2005/independent",
)
def result_2(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _insurance_lowers(_exact_pairs(), MAP_WORDS + "; exact CARA utility" + _map_words())
    pairs = _taylor_pairs()
    return _insurance_lowers(
        pairs,
        f"{len(pairs)} independent-risk cases of the grid ($\\lambda=0$; families × L × r) with a "
        "certified interior optimum both with and without insurance; "
        "the paper's Taylor-step conditions" + _certified_words(("independent", "uninsured_independent")),
        repair=TAYLOR_REPAIR,
    )
