"""Ogut et al. (2005), interdependent risk: the symmetric equilibrium, its uniqueness and stability,
and independent against interdependent firms (Results 3-5; chapter *Interdependent risk*)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import sympy as sp

from replication.ledger.registry import claim
from replication.ledger.results import ClaimResult, CrossCheck
from replication.ledger.verdicts import tally, verdict
from replication.ogut2005.claims.common import (
    GRID_WORDS,
    MAX_EXAMPLES,
    TOL,
    _certified_words,
    _derived,
    _derived_investment,
    _interior,
    _where,
)
from replication.ogut2005.model import derivation
from replication.ogut2005.model.exact import direct_best_reply
from replication.ogut2005.model.game import Equilibrium, reaction, reaction_crossings, symmetric_equilibria
from replication.ogut2005.model.statics import Statics, statics
from replication.ogut2005.studies.grid import FAMILIES, SPILLOVERS, Case, Point, grid
from replication.security.breach import BreachFunction, ExponentialBreach

#: Tolerance of the solver against eqs (9)-(10) as sympy derives them (Result 3).
DERIVED_TOL = 1e-8
#: Tolerances of the solver against the direct maximisation of exact utility (Result 3, lambda = 0).
DIRECT_Z_TOL, DIRECT_I_TOL = 1e-4, 1e-3


#: Our example for Proof 4 (the paper prints none): several symmetric equilibria.
MULTIPLE_BREACH = ExponentialBreach(0.95, 8.0)
#: A case where eq (11) holds for every z (:math:`p_0 \le 1/(2q)`): one equilibrium only.
UNIQUE_CASE = (ExponentialBreach(0.5, 5.0), 0.5)


@lru_cache(maxsize=1)
def _derived_conditions() -> tuple[Callable, Callable]:
    """Eqs (9)-(10) derived by sympy from the objective (eq 8), as numeric functions of
    (p, p', q, L, r, lam)."""
    cover, invest = _derived()[1], _derived_investment()
    P, dP = sp.symbols("P dP")
    subs = lambda e: e.subs(sp.Derivative(derivation.p(derivation.z), derivation.z), dP).subs(
        derivation.p(derivation.z), P
    )
    args = (P, dP, derivation.q, derivation.L, derivation.r, derivation.lam)
    return sp.lambdify(args, subs(invest)), sp.lambdify(args, subs(cover.rhs))


@claim(
    "ogut2005:result_3",
    quantifier="all",
    failure_kind="substantive",
    label="Result 3",
    statement="Interdependent firms: at $\\lambda=0$ each insures fully and invests where "
    "$p'(z)[1-qp(z)]=-1/L$; at $\\lambda>0$ investment solves eq (9) and cover is eq (10), "
    "under the first-order Taylor step.",
    location="Interdependent risk, eqs (6)-(10); Appendix, Proof 3",
    contrast="the same checks of the candidate that ignores interdependence (the $q=0$ solution)",
    chapter="book/ogut2005/interdependent",
)
def result_3(contrast: bool = False) -> ClaimResult:
    invest, cover = _derived_conditions()
    points = [p for p in _interior() if p.independent is not None and not p.independent.corner]
    case: Case = "independent" if contrast else "nash"
    candidate: Callable[[Point], Equilibrium] = lambda p: p.solution(case)

    def gaps(p: Point) -> tuple[float, float]:
        """|derived investment condition| and |derived cover - solved cover| at the solved z."""
        e = candidate(p)
        P, dP = float(p.breach.p(e.z)), float(p.breach.dp(e.z))
        return abs(invest(P, dP, p.q, p.L, p.r, p.lam)), abs(cover(P, dP, p.q, p.L, p.r, p.lam) - e.I)

    fair = [p for p in points if p.lam == 0.0 and p.breach in FAMILIES[:9] and p.L == 1.0]
    direct = {
        id(p): direct_best_reply(
            p.breach,
            L=p.L,
            r=p.r,
            q=p.q,
            lam=0.0,
            z2=p.solution("nash").z,
            start=(0.5 * candidate(p).z + 0.01, 0.5 * p.L),
        )
        for p in fair
    }
    derived_gap = {id(p): gaps(p) for p in points}
    z_gap = max(abs(direct[id(p)][0] - candidate(p).z) for p in fair)
    I_gap = max(abs(direct[id(p)][1] - candidate(p).I) for p in fair)
    return verdict(
        "all",
        [
            tally(
                "eqs (9)-(10) derived symbolically from eq (8), at the solved $z$",
                points,
                lambda p: max(derived_gap[id(p)]) < DERIVED_TOL,
                _where,
            ),
            tally(
                "best reply by direct maximisation, $\\lambda=0$",
                fair,
                lambda p: (
                    abs(direct[id(p)][0] - candidate(p).z) < DIRECT_Z_TOL
                    and abs(direct[id(p)][1] - candidate(p).I) < DIRECT_I_TOL
                ),
                _where,
            ),
        ],
        what="the solved equilibrium satisfies the derived conditions and is the direct best reply",
        checked_over=f"{len(points)} interior stable points of {GRID_WORDS}; the direct maximisation "
        f"of exact CARA utility at the {len(fair)} exponential-family points with "
        "$\\lambda=0$, $L=1$" + _certified_words(("nash", "independent")),
        cross_checks=(
            CrossCheck(
                "solver against the symbolic investment condition (max residual)",
                max(g[0] for g in derived_gap.values()),
                0.0,
                DERIVED_TOL,
            ),
            CrossCheck(
                "solver against the symbolic cover (max gap)", max(g[1] for g in derived_gap.values()), 0.0, DERIVED_TOL
            ),
            CrossCheck("z against the direct maximisation (max gap)", z_gap, 0.0, DIRECT_Z_TOL),
            CrossCheck("I against the direct maximisation (max gap)", I_gap, 0.0, DIRECT_I_TOL),
        ),
    )


# -- Result 4 --------------------------------------------------------------------------------------


def _count_crossings(breach, q: float, L: float, lam: float) -> int:
    """Interior crossings of the two best-reply curves; every one lies below the independent
    firm's investment, since 1 - q p(z2) <= 1 makes each best reply smaller."""
    z_max = 1.05 * reaction(breach, L=L, q=0.0, lam=lam, z2=0.0) + 1e-3
    return len([c for c in reaction_crossings(breach, L=L, q=q, lam=lam, z_max=z_max, points=200) if c[0] > 0.0])


@claim(
    "ogut2005:result_4",
    quantifier="all",
    failure_kind="substantive",
    label="Result 4",
    statement="Investments are strategic complements (each firm's best reply rises with the other's "
    "investment); where eq (11), $p''(z)[1-qp(z)]-q[p'(z)]^2>0$, holds the equilibrium is unique.",
    location="Interdependent risk, eq (11); Appendix, Proof 4",
    contrast="the same count of reaction-curve crossings where eq (11) fails for some z "
    "($p_0>1/(2q)$, exponential families)",
    chapter="book/ogut2005/interdependent",
)
def result_4(contrast: bool = False) -> ClaimResult:
    counted = _crossing_counts(several_domain=contrast)
    cases = [(b, q, lam) for b, q, lam, _ in counted]

    def complements(t: tuple) -> bool:
        """Best replies rise with the partner's investment (positive slope of the reaction curve)."""
        b, q, lam = t
        z_top = reaction(b, L=1.0, q=0.0, lam=lam, z2=0.0)
        replies = [reaction(b, L=1.0, q=q, lam=lam, z2=z2) for z2 in np.linspace(0.0, 2.0 * z_top + 0.1, 9)]
        return q == 0.0 or all(y > x for x, y in zip(replies, replies[1:]) if x > 0.0)

    slope = tally(
        "reaction curves slope up (strategic complements)",
        cases,
        complements,
        lambda t: f"$p={t[0].label}$, $q={t[1]:g}$, $\\lambda={t[2]:g}$",
    )
    part = tally(
        "one crossing of the reaction curves", [t for t in counted if t[3] > 0], lambda t: t[3] == 1, _crossing_words
    )
    several = [_crossing_words(t) for t in counted if t[3] > 1]
    domain = "$p_0>1/(2q)$ (eq 11 fails somewhere)" if contrast else "$p_0\\le1/(2q)$ (eq 11 holds for every z)"
    return verdict(
        "all",
        [part, slope],
        what="unique equilibrium where eq (11) holds, and strategic complements",
        checked_over=f"{len(counted)} cases: the exponential families with {domain} × "
        "$q\\in\\{0.2,0.5,1\\}$ × $\\lambda\\in\\{0,0.5\\}$, $L=1$; every interior crossing of the "
        "two best-reply curves (asymmetric ones included) on a 200-point scan; each crossing is a Nash "
        "equilibrium by construction (each firm's own insured residual rises in its own z, so the reaction "
        "curve is its global best reply; the choice of no cover at $\\lambda>0$ is not searched here)",
        note=("several equilibria: " + "; ".join(several[:3])) if several else "",
        several=several[:MAX_EXAMPLES],
    )


def _crossing_words(t: tuple) -> str:
    return f"$p={t[0].label}$, $q={t[1]:g}$, $\\lambda={t[2]:g}$: {t[3]} interior crossings"


def _crossing_counts(*, several_domain: bool) -> list[tuple[BreachFunction, float, float, int]]:
    """Interior crossings of the reaction curves at the exponential families with eq (11)
    failing somewhere (``several_domain``, p0 > 1/(2q)) or holding everywhere."""
    families = [b for b in FAMILIES if isinstance(b, ExponentialBreach)]
    cases = [
        (b, q, lam)
        for b in families
        for q in SPILLOVERS
        for lam in (0.0, 0.5)
        if (b.params["p0"] > 1.0 / (2.0 * q)) == several_domain
    ]
    return [(b, q, lam, _count_crossings(b, q, 1.0, lam)) for b, q, lam in cases]


@claim(
    "ogut2005:result_4_several",
    quantifier="some",
    failure_kind="substantive",
    label="Result 4, several equilibria",
    statement="Where eq (11) fails there can be several equilibria.",
    location="Interdependent risk, eq (11); Appendix, Proof 4 (the converse of the uniqueness condition)",
    contrast="the same search where eq (11) holds for every z ($p_0\\le1/(2q)$, exponential families, and "
    "$p=0.5e^{-5z}$, $q=0.5$)",
    chapter="book/ogut2005/interdependent",
)
def result_4_several(contrast: bool = False) -> ClaimResult:
    counted = _crossing_counts(several_domain=not contrast)
    b, q = UNIQUE_CASE if contrast else (MULTIPLE_BREACH, 1.0)
    counted.append((b, q, 0.0, _count_crossings(b, q, 1.0, 0.0)))
    part = tally("several interior crossings of the reaction curves", counted, lambda t: t[3] > 1, _crossing_words)
    several = [_crossing_words(t) for t in counted if t[3] > 1]
    roots = symmetric_equilibria(b, L=1.0, r=0.5, q=q, lam=0.0)
    domain = "$p_0\\le1/(2q)$ (eq 11 holds for every z)" if contrast else "$p_0>1/(2q)$ (eq 11 fails somewhere)"
    return verdict(
        "some",
        [part],
        what="several equilibria where eq (11) fails",
        checked_over=f"{len(counted)} cases: the exponential families with {domain} × "
        "$q\\in\\{0.2,0.5,1\\}$ × $\\lambda\\in\\{0,0.5\\}$, $L=1$, and "
        + ("a case where eq (11) holds, $p=0.5e^{-5z}$, $q=0.5$" if contrast else "our example, $p=0.95e^{-8z}$, $q=1$")
        + ", $\\lambda=0$; every interior crossing of the best-reply curves on a 200-point scan",
        note=f"symmetric candidates at $p={b.label}$, $q={q:g}$: "
        + ", ".join(
            f"$z={e.z:.4f}$ ({'stable' if e.stable else 'unstable'}, {'Nash' if e.nash else 'not Nash'})" for e in roots
        ),
        several=several[:MAX_EXAMPLES],
        candidates=[{"z": e.z, "stable": e.stable, "nash": e.nash} for e in roots],
    )


# -- Result 5 --------------------------------------------------------------------------------------


@claim(
    "ogut2005:result_5",
    quantifier="all",
    failure_kind="substantive",
    label="Result 5",
    statement="Independent firms invest more than interdependent ones, $z^I>z^D$, and buy more cover when "
    "$\\lambda>0$ (both insure fully when $\\lambda=0$).",
    location="Interdependent risk, after eq (10); Appendix, Proof 5",
    contrast="the opposite inequalities ($z^I<z^D$, $I^I<I^D$) on the same points",
    chapter="book/ogut2005/interdependent",
)
def result_5(contrast: bool = False) -> ClaimResult:
    s = -1.0 if contrast else 1.0
    points = [p for p in _interior() if p.independent is not None and not p.independent.corner]
    loaded = [p for p in points if p.lam > 0]
    fair = [p for p in points if p.lam == 0]
    full = sum(abs(p.solution("independent").I - p.L) < TOL and abs(p.solution("nash").I - p.L) < TOL for p in fair)
    return verdict(
        "all",
        [
            tally("$z^I>z^D$", points, lambda p: s * (p.solution("independent").z - p.solution("nash").z) > 0, _where),
            tally(
                "$I^I>I^D$ ($\\lambda>0$)",
                loaded,
                lambda p: s * (p.solution("independent").I - p.solution("nash").I) > 0,
                _where,
            ),
        ],
        what="independent firms invest more, and buy more cover at a loaded price",
        checked_over=f"{len(points)} points of {GRID_WORDS} with certified interior stable equilibria in both cases"
        + _certified_words(("nash", "independent")),
        note=f"full cover of both at $\\lambda=0$ ({full} of {len(fair)} points) holds by construction "
        "(eq 10 gives $I=L$ whatever q) and is not counted",
        full_cover_at_fair_price={"points": len(fair), "holds": full, "informative": 0},
    )


def _statics_at(root: tuple[BreachFunction, float, float, float, float, float]) -> Statics:
    """:func:`statics` at a root given as (breach, q, L, r, lam, z)."""
    breach, q, L, r, lam, z = root
    return statics(breach, L=L, r=r, q=q, lam=lam, z=z)


@claim(
    "ogut2005:stability_needed",
    quantifier="all",
    failure_kind="substantive",
    label="Finding (Results 4, 6)",
    statement="The comparative statics in q and L need the stability condition (11): at an unstable "
    "symmetric equilibrium $\\partial z/\\partial q>0$ and $\\partial z/\\partial L<0$.",
    location="Appendix, Proofs 4 and 6 (beyond the paper)",
    contrast="the same sign test at the stable roots",
    chapter="book/ogut2005/interdependent",
)
def stability_needed(contrast: bool = False) -> ClaimResult:
    candidates = [
        (p.breach, p.q, p.L, p.r, p.lam, e) for p in grid() for e in p.roots if e.stable == contrast and not e.corner
    ]
    candidates += [
        (MULTIPLE_BREACH, 1.0, 1.0, 0.5, 0.0, e)
        for e in symmetric_equilibria(MULTIPLE_BREACH, L=1.0, r=0.5, q=1.0, lam=0.0)
        if e.stable == contrast and not e.corner
    ]
    roots = [(b, q, L, r, lam, e.z) for b, q, L, r, lam, e in candidates if e.nash]
    left_out = len(candidates) - len(roots)
    where = lambda u: (
        f"$p={u[0].label}$, $q={u[1]:g}$, $L={u[2]:g}$, $\\lambda={u[4]:g}$, $z={u[5]:.4f}$: "
        f"$\\partial z/\\partial q={_statics_at(u).dz_dq:+.3f}$, "
        f"$\\partial z/\\partial L={_statics_at(u).dz_dL:+.3f}$"
    )
    part = tally(
        "$\\partial z/\\partial q>0$ and $\\partial z/\\partial L<0$",
        roots,
        lambda u: _statics_at(u).dz_dq > 0 and _statics_at(u).dz_dL < 0,
        where,
    )
    return verdict(
        "all",
        [part],
        what="reversed comparative statics at unstable equilibria" if not contrast else "reversed comparative statics",
        checked_over=f"{len(roots)} roots: every {'stable' if contrast else 'unstable'} interior symmetric root of "
        f"{GRID_WORDS}, and of our example of several equilibria, "
        f"$p=0.95e^{{-8z}}$, $q=1$, $L=1$, $r=0.5$, $\\lambda=0$, that passes the global best-reply check "
        f"(so is a Nash equilibrium); {left_out} candidate roots failed it and were left out",
        note=f"example: {where(roots[-1])}" if roots else "",
    )


# -- Statements the appendix's proofs make in passing ---------------------------------------------


@claim(
    "ogut2005:threshold_positive",
    quantifier="all",
    failure_kind="substantive",
    label="Proof 8, the threshold is positive",
    statement="The threshold of eq (12) is positive, $\\bar\\lambda>0$.",
    location="Interdependent risk, eq (12); Appendix, Proof 8 ('Denote $\\bar\\lambda=\\dots>0$')",
    contrast="the same sign at the unstable symmetric roots, where eq (11) fails",
    chapter="book/ogut2005/interdependent",
)
def threshold_positive(contrast: bool = False) -> ClaimResult:
    if contrast:
        roots = [(p, e) for p in grid() for e in p.roots if not e.stable and not e.corner and e.nash and p.lam > 0]
        items = [(p, statics(p.breach, L=p.L, r=p.r, q=p.q, lam=p.lam, z=e.z).lam_bar) for p, e in roots]
    else:
        items = [(p, p.nash_statics().lam_bar) for p in _interior() if p.lam > 0]
    return verdict(
        "all",
        [
            tally(
                "$\\bar\\lambda>0$", items, lambda t: t[1] > 0, lambda t: f"{_where(t[0])}: $\\bar\\lambda={t[1]:.4f}$"
            )
        ],
        what="the threshold of eq (12) is positive",
        checked_over=f"{len(items)} {'unstable certified roots' if contrast else 'interior stable points'} with "
        f"$\\lambda>0$ of {GRID_WORDS}" + _certified_words(),
        note=f"$\\bar\\lambda$ ranges over {min(t[1] for t in items):.4f} to {max(t[1] for t in items):.4f}"
        if items
        else "",
    )


@claim(
    "ogut2005:premium_rate_below_one",
    quantifier="all",
    failure_kind="substantive",
    label="Proof 9, cover exceeds the premium",
    statement="At the equilibrium the insured amount exceeds the premium paid for it: the premium rate "
    "$\\pi=(1+\\lambda)B$ is below 1.",
    location="Interdependent risk; Appendix, Proof 9 ('We know that insured amount will [be] greater than "
    "premium paid')",
    contrast="the same test at the grid's low loadings, $\\lambda\\le0.1$, where the premium rate stays below 0.9",
    chapter="book/ogut2005/interdependent",
)
def premium_rate_below_one(contrast: bool = False) -> ClaimResult:
    points = [p for p in _interior() if p.lam <= 0.1 or not contrast]
    items = [(_where(p), p.solution("nash").premium_rate) for p in points]
    words = (
        f"{len(items)} interior stable points of {GRID_WORDS}"
        + (" with $\\lambda\\le0.1$" if contrast else "")
        + _certified_words()
    )
    return verdict(
        "all",
        [tally("$(1+\\lambda)B<1$", items, lambda t: t[1] < 1.0, lambda t: f"{t[0]}: $\\pi={t[1]:.4f}$")],
        what="the premium rate is below 1",
        checked_over=words,
        note=f"the premium rate ranges over {min(t[1] for t in items):.4f} to {max(t[1] for t in items):.4f}"
        if items
        else "",
    )
