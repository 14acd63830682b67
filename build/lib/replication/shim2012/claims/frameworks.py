"""Shim (2012), Section II: the externalities the two attack types create (chapter *Attack types
and the externalities they create*)."""

from __future__ import annotations

from itertools import product

from replication.ledger import ClaimResult, claim
from replication.shim2012.claims.common import FRAMEWORKS, count, result
from replication.shim2012.studies.grid import (
    FAMILIES,
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
