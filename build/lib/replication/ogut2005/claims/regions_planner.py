"""Ogut et al. (2005): the regions of the market, the planner and liability (Results 10-13;
chapter *Regions and the planner*)."""

from __future__ import annotations

from collections.abc import Callable

from scipy.optimize import minimize_scalar

from replication.ledger.registry import claim
from replication.ledger.results import ClaimResult, CrossCheck
from replication.ledger.verdicts import Tally, tally, verdict
from replication.ogut2005.claims.common import GRID_WORDS, _certified_words, _interior, _where
from replication.ogut2005.model.game import Equilibrium
from replication.ogut2005.model.regions import Regions
from replication.ogut2005.studies.grid import Case, Point, grid
from replication.security.interdependence import Untargeted

#: Tolerance of the planner's z against the direct minimum of expected cost (Result 11).
PLANNER_TOL = 1e-6


# -- Result 10 -------------------------------------------------------------------------------------


def _region_rows(swap: bool) -> list[tuple[Point, dict[str, bool]]]:
    table = {(p.breach, p.q, p.L, p.r, p.lam): p for p in grid()}
    out = []
    for p in grid():
        if p.lam == 0.0:
            continue
        fair = table[(p.breach, p.q, p.L, p.r, 0.0)]
        found = (fair.independent, p.independent, fair.nash, p.nash)
        cells = [c for c in found if c is not None and not c.corner]
        if len(cells) < len(found):
            continue
        r1, r2, r3, r4 = (cells[2], cells[3], cells[0], cells[1]) if swap else cells
        regions = Regions(p.q, p.lam, r1, r2, r3, r4, p4=float(p.breach.p(r4.z)))
        out.append((p, regions.orderings()))
    return out


def _ordering(rows: list[tuple[Point, dict[str, bool]]], name: str) -> Tally:
    return tally(name, rows, lambda t: t[1][name], lambda t: _where(t[0]))


@claim(
    "ogut2005:result_10",
    quantifier="all",
    failure_kind="substantive",
    label="Result 10",
    statement="Four regions (q = 0 or > 0, $\\lambda=0$ or > 0): $z_2>z_1>z_3$, $z_2>z_4>z_3$, "
    "$I_1=I_3>I_2>I_4$, and $z_4>z_1$ if and only if $(1+\\lambda)(1-qp(z_4))>1$.",
    location="Market regions; Appendix, Proof 10",
    contrast="the same orderings with the independent and interdependent columns swapped",
    chapter="book/ogut2005/regions_planner",
)
def result_10(contrast: bool = False) -> ClaimResult:
    rows = _region_rows(swap=contrast)
    names = list(rows[0][1])
    return verdict(
        "all",
        [_ordering(rows, name) for name in names],
        what="the orderings of the four regions",
        checked_over=f"{len(rows)} points of {GRID_WORDS} with $\\lambda>0$ and certified interior solutions in "
        "all four regions"
        + _certified_words(("nash", "independent"))
        + "; the equality $I_1=I_3$ holds by construction (both are full cover, $L$) and only its strict part "
        "$I_3>I_2>I_4$ could fail",
    )


LOW_LOADING = {
    False: "$\\lambda>0$",
    True: "$q=0.2$ and $\\lambda\\in\\{0.5,1\\}$, where $(1+\\lambda)(1-qp)\\ge1.2>1$ forces $z_4>z_1$",
}


@claim(
    "ogut2005:traditional_vs_cyber_market",
    quantifier="all",
    failure_kind="substantive",
    label="Market regions text (traditional against cyber market)",
    statement="Against a traditional insurance market (independent risk, fair price), today's cyber-insurance "
    "market (interdependent risk, loaded price) gives less cover.",
    location="Market regions, traditional insurance market against the current cyber-insurance market; Appendix, "
    "Proof 10",
    contrast="the opposite inequality, more cover in the cyber market, on the same points",
    chapter="book/ogut2005/regions_planner",
)
def traditional_vs_cyber_market(contrast: bool = False) -> ClaimResult:
    pairs = _market_pairs(low_loading=False)
    s = -1.0 if contrast else 1.0
    less_cover = tally("$I_4<I_1$", pairs, lambda t: s * (t[1].I - t[2].I) > 0, lambda t: _where(t[0]))
    higher = sum(t[2].z > t[1].z for t in pairs)
    return verdict(
        "all",
        [less_cover],
        what="less cover in the cyber market",
        checked_over=f"{len(pairs)} points of {GRID_WORDS} with "
        + LOW_LOADING[False]
        + _certified_words(("nash", "independent")),
        note=f"cyber-market investment is the higher at {higher} of {len(pairs)} points "
        "(entry ogut2005:cyber_market_investment_either_way)",
        z4_above_z1=higher,
    )


def _market_pairs(*, low_loading: bool) -> list[tuple[Point, Equilibrium, Equilibrium]]:
    """(point, traditional market solution z_1, cyber-market solution z_4) at loaded interior points."""
    table = {(p.breach, p.q, p.L, p.r, p.lam): p for p in grid()}
    pairs = []
    for p in _interior():
        fair = table[(p.breach, p.q, p.L, p.r, 0.0)].independent
        if p.lam > 0 and (not low_loading or (p.q == 0.2 and p.lam >= 0.5)) and fair is not None and not fair.corner:
            pairs.append((p, fair, p.solution("nash")))
    return pairs


@claim(
    "ogut2005:cyber_market_investment_either_way",
    quantifier="some",
    failure_kind="substantive",
    label="Market regions text, investment either way",
    statement="Against a traditional insurance market, investment in today's cyber-insurance market can be "
    "higher or lower.",
    location="Market regions, traditional insurance market against the current cyber-insurance market; Appendix, "
    "Proof 10",
    contrast="the same search at $q=0.2$, $\\lambda\\ge0.5$, where cyber-market investment is always the higher",
    chapter="book/ogut2005/regions_planner",
)
def cyber_market_investment_either_way(contrast: bool = False) -> ClaimResult:
    pairs = _market_pairs(low_loading=contrast)
    return verdict(
        "some",
        [
            tally("$z_4>z_1$ (higher)", pairs, lambda t: t[2].z > t[1].z, lambda t: _where(t[0])),
            tally("$z_4<z_1$ (lower)", pairs, lambda t: t[2].z < t[1].z, lambda t: _where(t[0])),
        ],
        what="cyber-market investment above the traditional market's at some points and below at others",
        checked_over=f"{len(pairs)} points of {GRID_WORDS} with "
        + LOW_LOADING[contrast]
        + _certified_words(("nash", "independent")),
    )


# -- Results 11-13 ---------------------------------------------------------------------------------


@claim(
    "ogut2005:result_11",
    quantifier="all",
    failure_kind="substantive",
    label="Result 11",
    statement="Nash firms under-invest: a planner choosing both firms' investment invests more, $z^J>z^D$ (eq 14).",
    location="Joint decision, eqs (13)-(15); Appendix, Proof 11",
    contrast="the same comparison with the planner's externality term left out (the planner solved as a Nash firm)",
    chapter="book/ogut2005/regions_planner",
)
def result_11(contrast: bool = False) -> ClaimResult:
    points = [p for p in _interior() if p.planner is not None and not p.planner.corner]
    case: Case = "nash" if contrast else "planner"
    planner_z: Callable[[Point], float] = lambda p: p.solution(case).z
    fair = [p for p in points if p.lam == 0.0]

    def direct(p: Point) -> float:
        """At a fair price both firms insure fully, so the planner minimises the expected cost
        B(z, z) L + z of each firm; found by a bounded scalar search, not from eq (14)."""
        cost = lambda z: float(Untargeted(p.q, 2).P_sym(p.breach, z)) * p.L + z
        found = minimize_scalar(
            cost, bounds=(0.0, 5.0 * p.solution("planner").z + 1.0), method="bounded", options={"xatol": 1e-10}
        ).x
        return float(found)

    gaps = {id(p): abs(direct(p) - planner_z(p)) for p in fair}
    return verdict(
        "all",
        [
            tally("$z^J>z^D$", points, lambda p: planner_z(p) - p.solution("nash").z > 1e-9, _where),
            tally(
                "planner's $z$ equals the direct minimum of expected cost, $\\lambda=0$",
                fair,
                lambda p: gaps[id(p)] < PLANNER_TOL,
                _where,
            ),
        ],
        what="the planner invests more than Nash firms",
        checked_over=f"{len(points)} points of {GRID_WORDS} with certified interior planner and Nash solutions "
        "(the planner's optimum global along the symmetric line); "
        f"the direct minimisation at the {len(fair)} of them with $\\lambda=0$" + _certified_words(("nash", "planner")),
        cross_checks=(
            CrossCheck("planner's z against the direct minimum (max gap)", max(gaps.values()), 0.0, PLANNER_TOL),
        ),
    )


@claim(
    "ogut2005:planner_vs_independent",
    quantifier="all",
    failure_kind="substantive",
    label="Finding (Result 11, beyond the paper)",
    statement="The planner's investment with interdependent risk exceeds the independent firm's if and only "
    "if $p(z^J)<1/2$, because $1+q-2qp>1$ exactly when $p<1/2$.",
    location="Joint decision, eq (14) (our corollary)",
    contrast="the reversed criterion, $p(z^J)>1/2$",
    chapter="book/ogut2005/regions_planner",
)
def planner_vs_independent(contrast: bool = False) -> ClaimResult:
    points = [
        p
        for p in _interior()
        if p.planner is not None and not p.planner.corner and p.independent is not None and not p.independent.corner
    ]
    crit = (lambda P: P > 0.5) if contrast else (lambda P: P < 0.5)
    return verdict(
        "all",
        [
            tally(
                "$z^J$ above the independent $z$ exactly where the criterion holds",
                points,
                lambda p: (
                    (p.solution("planner").z > p.solution("independent").z)
                    == crit(float(p.breach.p(p.solution("planner").z)))
                ),
                _where,
            )
        ],
        what="the planner out-invests the independent firm exactly where $p(z^J)<1/2$",
        checked_over=f"{len(points)} points of {GRID_WORDS}" + _certified_words(("nash", "planner", "independent")),
    )


@claim(
    "ogut2005:result_12",
    quantifier="all",
    failure_kind="substantive",
    label="Result 12",
    statement="Liability for breaches passed on raises investment above the level without liability, and "
    "even above the planner's level without liability: $z^{liab}>z^J>z^D$ (eq 17).",
    location="Liability, eqs (16)-(17); Appendix, Proof 12",
    reading="our reading of eq (16), whose payoffs are not legible: a firm bears its direct breaches, is "
    "liable for the loss of a partner it infects, and is compensated for breaches that reach it "
    "only through the partner; the reading that gives the legible term pattern of eq (17)",
    contrast="the same orderings when firms are not liable (the liability case solved as the Nash case)",
    chapter="book/ogut2005/regions_planner",
)
def result_12(contrast: bool = False) -> ClaimResult:
    points = [
        p
        for p in _interior()
        if p.planner is not None and p.liability is not None and not p.planner.corner and not p.liability.corner
    ]
    case: Case = "nash" if contrast else "liability"
    liab: Callable[[Point], Equilibrium] = lambda p: p.solution(case)
    return verdict(
        "all",
        [
            tally("$z^{liab}>z^J$", points, lambda p: liab(p).z - p.solution("planner").z > 1e-9, _where),
            tally("$z^J>z^D$", points, lambda p: p.solution("planner").z - p.solution("nash").z > 1e-9, _where),
        ],
        what="liability raises investment above the planner's level",
        checked_over=f"{len(points)} points of {GRID_WORDS} with certified interior liability, planner and Nash "
        "solutions" + _certified_words(("nash", "planner", "liability")),
    )


@claim(
    "ogut2005:result_13",
    quantifier="all",
    failure_kind="substantive",
    label="Result 13",
    statement="With n interdependent firms (eqs 19-22) investment and cover fall as n grows.",
    location="Several firms, eqs (19)-(22); Appendix, Proof 13 (omitted in the paper)",
    contrast="the same test for independent firms (q = 0), where n does not matter",
    chapter="book/ogut2005/regions_planner",
)
def result_13(contrast: bool = False) -> ClaimResult:
    def chain(p: Point) -> list[Equilibrium] | None:
        """The equilibria for n = 2, ..., 5 (independent firms: the same one for every n), or
        None where one of them is missing or a corner."""
        found = [p.independent] * len(p.by_n) if contrast else [p.by_n[n] for n in sorted(p.by_n)]
        interior = [e for e in found if e is not None and not e.corner]
        return interior if len(interior) == len(found) else None

    def falls(eqs: list[Equilibrium], level: Callable[[Equilibrium], float]) -> bool:
        return all(level(a) > level(b) for a, b in zip(eqs, eqs[1:]))

    chains = [(p, eqs) for p in grid() if (eqs := chain(p)) is not None]
    loaded = [(p, eqs) for p, eqs in chains if p.lam > 0]
    where = lambda t: _where(t[0])
    return verdict(
        "all",
        [
            tally("$z$ falls in $n$ ($n=2,\\dots,5$)", chains, lambda t: falls(t[1], lambda e: e.z), where),
            tally("$I$ falls in $n$ ($\\lambda>0$)", loaded, lambda t: falls(t[1], lambda e: e.I), where),
        ],
        what="investment and cover fall as n grows",
        checked_over=f"{len(chains)} points of {GRID_WORDS} with certified interior stable equilibria for "
        "n = 2, 3, 4, 5" + _certified_words(("n=2", "n=3", "n=4", "n=5") if not contrast else ("independent",)),
    )


def _expected_cost(p: Point, z: float) -> float:
    """Each firm's expected breach loss plus investment, B(z, z) L + z, when all firms invest z.

    At a fair price every firm insures fully (Results 3 and 12), so its wealth is certain and its
    welfare falls with this cost alone; liability payments net out on the symmetric line, since
    p(1 + q(1 - p)) = 1 - (1 - p)(1 - qp).
    """
    return float(Untargeted(p.q, 2).P_sym(p.breach, z)) * p.L + z


@claim(
    "ogut2005:liability_welfare",
    quantifier="all",
    failure_kind="reading",
    label="Liability, policy reading",
    statement="Liability for breaches passed on is a remedy for under-investment: firms are better off with "
    "it than without it.",
    location="Liability, eqs (16)-(17); Appendix, Proof 12 (the policy reading of the result)",
    reading="welfare comparison at a fair price: each firm's expected breach loss plus investment is lower "
    "at the liability equilibrium than at the Nash equilibrium without liability (our reading of "
    "the implication; the paper's wording of it is not legible)",
    contrast="the same comparison at the points with $q\\ge0.5$, where liability always helps",
    chapter="book/ogut2005/regions_planner",
)
def liability_welfare(contrast: bool = False) -> ClaimResult:
    points = {
        (p.breach, p.q, p.L): p
        for p in _interior()
        if p.lam == 0.0 and p.liability is not None and not p.liability.corner and (p.q >= 0.5 or not contrast)
    }.values()
    where: Callable[[Point], str] = lambda p: (
        f"{_where(p)}: cost {_expected_cost(p, p.solution('liability').z):.5f} with liability, "
        f"{_expected_cost(p, p.solution('nash').z):.5f} without, "
        f"{_expected_cost(p, p.solution('planner').z):.5f} at the planner's level"
    )
    part = tally(
        "cost with liability below cost without",
        points,
        lambda p: _expected_cost(p, p.solution("liability").z) < _expected_cost(p, p.solution("nash").z),
        where,
    )
    return verdict(
        "all",
        [part],
        what="each firm's expected cost lower with liability than without",
        checked_over=f"{len(points)} cases of {GRID_WORDS} with $\\lambda=0$"
        + (" and $q\\ge0.5$" if contrast else "")
        + " (r does not matter at a fair price)"
        + _certified_words(("nash", "liability")),
        note="liability always over-shoots the planner's level; at a counterexample the over-shoot "
        "costs more than the under-investment it corrects",
    )
