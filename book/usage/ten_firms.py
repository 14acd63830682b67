"""A claim of one's own, checked by the package's ledger: an example for the chapter
"Using the package on your own model".

Load it with ``python -m replication claims --module book/usage/ten_firms.py --out DIR`` or
:func:`replication.load_module`.  The key ``example2026`` names a model of our own, not a paper.
"""

from __future__ import annotations

from replication import ClaimResult, claim, register_paper
from replication.ledger.verdicts import tally, verdict
from replication.ogut2005 import equilibrium, planner
from replication.security import ExponentialBreach

register_paper(
    "example2026",
    short="Ten firms (an example)",
    citation="An example of a claim of one's own about Ogut et al.'s model with ten firms.",
    part="Using the package",
)

FIRMS = 10
BREACH = ExponentialBreach(0.5, 5.0)
SPREADS = (0.2, 0.5, 0.8)


@claim(
    "example2026:ten_firms_underinvest",
    label="Ten firms underinvest",
    statement="With ten insured firms, each invests less than the social planner would have it invest, "
    "whenever breaches spread between firms (q > 0).",
    quantifier="all",
    contrast="firms whose breaches do not spread (q = 0), where the two coincide",
    failure_kind="substantive",
)
def ten_firms_underinvest(contrast: bool = False) -> ClaimResult:
    spreads = (0.0,) if contrast else SPREADS
    pairs = [
        (
            q,
            equilibrium(BREACH, L=1.0, r=0.5, q=q, lam=0.2, n=FIRMS).z,
            planner(BREACH, L=1.0, r=0.5, q=q, lam=0.2, n=FIRMS).z,
        )
        for q in spreads
    ]
    below = tally(
        "Nash below the planner",
        pairs,
        holds=lambda p: p[1] < p[2] * (1 - 1e-9),
        label=lambda p: f"q = {p[0]}: Nash z = {p[1]:.4f}, planner z = {p[2]:.4f}",
    )
    return verdict(
        "all",
        [below],
        what="Nash investment below the planner's with ten firms",
        checked_over=f"q in {spreads}, p(z) = 0.5 exp(-5 z), L = 1, r = 0.5, lam = 0.2",
        unit="values of q",
    )
