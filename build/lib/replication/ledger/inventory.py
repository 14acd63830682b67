"""The papers' inventories of checkable statements.

Each paper package has a module ``inventory`` with a tuple ``STATEMENTS`` listing, in
paper order, every checkable statement the paper makes: propositions, theorems, results,
the quantitative and qualitative statements of the text and the figure discussions, the
implications and the conclusions.  Each :class:`Statement` names the claim ids that check
it, or says why it is context rather than a model claim (a market statistic, an
anecdote).  The ledger lists claims in inventory order, and a test fails when a statement
has no claim or a claim is in no statement.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from replication.core.papers import PAPERS

#: What kind of statement an inventory entry is.
KINDS = (
    "proposition",
    "theorem",
    "lemma",
    "result",
    "example",
    "in-text",
    "figure",
    "table",
    "number",
    "implication",
    "conclusion",
)


@dataclass(frozen=True)
class Statement:
    """One checkable statement of a paper.

    ``location`` is where the paper makes it (section, proposition, figure, footnote,
    equation); ``kind`` one of :data:`KINDS`; ``paraphrase`` the statement in our words;
    ``claims`` the ids of the claims that check it (one per reading where the wording
    admits several); ``context`` instead of ``claims``, why the statement is not a model
    claim.
    """

    location: str
    kind: str
    paraphrase: str
    claims: tuple[str, ...] = ()
    context: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r} ({self.location})")
        if not self.location.strip() or not self.paraphrase.strip():
            raise ValueError(f"a statement needs a location and a paraphrase: {self!r}")
        if not isinstance(self.claims, tuple):
            raise TypeError(f"claims must be a tuple of claim ids, got {type(self.claims).__name__}")
        if bool(self.claims) == bool(self.context.strip()):
            raise ValueError(
                f"{self.location}: give either the claims that check the statement "
                f"or the reason it is context, not both or neither"
            )


def inventory(paper: str) -> tuple[Statement, ...]:
    """The statements of ``paper`` in paper order (from ``replication.<paper>.inventory``)."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; known: {sorted(PAPERS)}")
    module = importlib.import_module(f"replication.{paper}.inventory")
    statements = module.STATEMENTS
    if not isinstance(statements, tuple) or not all(isinstance(s, Statement) for s in statements):
        raise TypeError(f"replication.{paper}.inventory.STATEMENTS must be a tuple of Statement")
    return statements


def claim_order(paper: str) -> list[str]:
    """The paper's claim ids in inventory order, each once (at its first statement)."""
    seen: dict[str, None] = {}
    for statement in inventory(paper):
        for claim_id in statement.claims:
            seen.setdefault(claim_id, None)
    return list(seen)


def statements_of(claim_id: str) -> list[Statement]:
    """The inventory statements that ``claim_id`` checks."""
    paper = claim_id.split(":", 1)[0]
    return [s for s in inventory(paper) if claim_id in s.claims]
