"""Ogut et al. (2005) without the Taylor step: the repairs of Results 2 and 6 checked with exact
CARA utility (chapter *Exact CARA*)."""

from __future__ import annotations

from replication.ledger.registry import claim
from replication.ledger.results import ClaimResult
from replication.ledger.verdicts import verdict
from replication.ogut2005.claims.common import (
    EXACT_WORDS,
    MAP_WORDS,
    _dz_dr_zero,
    _exact_pairs,
    _exact_r_moves,
    _insurance_lowers,
    _map_words,
)
from replication.ogut2005.studies.exact_grid import exact_grid

#: The uninsured breach probability below which fair insurance always lowers investment exactly.
LOW_P = 0.4


@claim(
    "ogut2005:taylor_step_insurance_lowers_investment",
    quantifier="all",
    failure_kind="domain",
    label="Result 2, exact CARA",
    statement="Result 2 without the approximation: a firm with CARA utility (the paper's assumption) invests "
    "more without insurance than with fair insurance.",
    location="Independent risk, eq (5); Appendix, Proof 2 (the Taylor step for large W)",
    contrast=f"the part of the map where the uninsured breach probability is below {LOW_P}",
    chapter="book/ogut2005/exact_cara",
)
def taylor_step_insurance_lowers_investment(contrast: bool = False) -> ClaimResult:
    if contrast:
        return _insurance_lowers(
            _exact_pairs(max_P=LOW_P), MAP_WORDS + f", points with uninsured $P<{LOW_P}$" + _map_words()
        )
    return _insurance_lowers(_exact_pairs(), MAP_WORDS + "; exact CARA utility" + _map_words())


@claim(
    "ogut2005:taylor_step_dz_dr",
    quantifier="all",
    failure_kind="domain",
    label="Result 6(iii), exact CARA",
    statement="Result 6(iii) without the approximation: with CARA utility investment does not depend on "
    "risk aversion, $\\partial z/\\partial r=0$.",
    location="Interdependent risk, comparative statics; Appendix, Proof 6 (iii)",
    contrast="the fairly priced points ($\\lambda=0$), where cover is full and r drops out",
    chapter="book/ogut2005/exact_cara",
)
def taylor_step_dz_dr(contrast: bool = False) -> ClaimResult:
    moves = _exact_r_moves(lam_positive=not contrast)
    dz = [m for _, m in moves]
    missing = sum(1 for e in exact_grid() if (e.lam > 0) != contrast and e.no_equilibrium)
    return verdict(
        "all",
        [_dz_dr_zero(moves)],
        what="investment unchanged when r rises 5%",
        checked_over=f"{len(moves)} interior points of {EXACT_WORDS} with $\\lambda="
        f"{'0' if contrast else '0.2'}$; z recomputed at a 5% higher r; only certified equilibria (global "
        f"best-reply check of exact CARA utility): {missing} points had candidates but no equilibrium"
        + ("; at $\\lambda=0$ cover is full and r drops out, so this contrast cannot fail" if contrast else ""),
        note=f"$z$ changes by {min(dz):+.2e} to {max(dz):+.2e}",
        dz_for_5pct_higher_r={"min": min(dz), "max": max(dz)},
    )
