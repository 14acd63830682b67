"""The statements of the chapter "One network, every remedy": ours, beyond the papers."""

from __future__ import annotations

from replication.ledger.inventory import Statement

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "Beyond the papers: the remedies",
        "in-text",
        "Liability with insurance closes more of the welfare gap than insurance alone on every drawn network.",
        claims=("beyond:liability_beats_insurance",),
    ),
    Statement(
        "Beyond the papers: the remedies",
        "in-text",
        "Insurance at the papers' loading without liability widens the welfare gap on at least half of the networks.",
        claims=("beyond:insurance_widens_the_gap",),
    ),
    Statement(
        "Beyond the papers: the remedies",
        "in-text",
        "Naghizadeh & Liu's mechanism closes the whole welfare gap with a balanced budget on every drawn network, "
        "yet on every network some firm would rather stay out.",
        claims=("beyond:mechanism_closes_the_gap_yet_firms_stay_out",),
    ),
    Statement(
        "Beyond the papers: across the papers",
        "in-text",
        "Shim's insured untargeted case is Ogut et al.'s two-firm model.",
        claims=("beyond:shim_insured_untargeted_is_ogut",),
    ),
)
