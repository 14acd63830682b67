"""Shim (2012), Section II: a taxonomy of cyber attacks and the externality each creates.

Untargeted attacks (viruses, worms, trojans, spyware) spread to any vulnerable system,
so one firm's protection also protects its partners: a positive externality and
under-investment.  Targeted attacks (hacking, whaling, DDoS) pick a victim and move to
a less-protected one, so one firm's protection raises its rival's risk: a negative
externality and over-investment.  Hybrid attacks chain the two in stages (footnote 3,
Figures 4 and 5); the paper does not model them.

:func:`externality` reads the sign of the externality off the breach-probability
structure of the model (dP1/dz2), so the taxonomy and the model are checked against
each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from replication.core import validate
from replication.security import BreachFunction
from replication.shim2012.model.game import structure


@dataclass(frozen=True)
class AttackType:
    """A class of attack: examples, how it chooses victims, and what that does to incentives."""

    name: str
    examples: tuple[str, ...]
    victims: str
    mechanism: str
    externality: str
    investment_problem: str
    case: str | None  # the model's risk case; None when the paper does not model it


UNTARGETED = AttackType(
    "untargeted",
    ("viruses", "worms", "trojan horses", "spyware"),
    "any vulnerable system on the network",
    "protection stops malware spreading to partners",
    "positive",
    "under-investment",
    "untargeted",
)
TARGETED = AttackType(
    "targeted",
    ("malicious hacking", "whaling", "DDoS"),
    "one chosen firm, attacked with a customised attack",
    "attackers switch to less-protected targets",
    "negative",
    "over-investment",
    "targeted",
)
ATTACKS = (UNTARGETED, TARGETED)


@dataclass(frozen=True)
class HybridStage:
    """One stage of a hybrid attack: which kind of attack, and what it does."""

    kind: str
    action: str


#: Footnote 3 and Figures 4-5: two-stage hybrids, untargeted spread then a targeted strike.
HYBRIDS: dict[str, tuple[HybridStage, ...]] = {
    "back door": (
        HybridStage("untargeted", "malware infects many systems and leaves back doors"),
        HybridStage("targeted", "the adversary breaks into one infected system through its back door"),
    ),
    "botnet": (
        HybridStage("untargeted", "malware turns infected machines into remote-controlled zombies"),
        HybridStage("targeted", "the zombies attack one vulnerable target (DDoS, spam)"),
    ),
}


def externality(
    breach: BreachFunction, *, case: str, z1: float, z2: float, q: float = 0.5, h: float | None = None
) -> float:
    """dP1/dz2: how firm 2's investment changes firm 1's breach probability (central difference).

    Negative: a positive externality (untargeted, eq 4); positive: a negative externality
    (targeted, P1 = p(z1 z1/z2)); zero: independent risks.  z1, z2 are the investments
    (z2 > h), q the spillover probability of the untargeted case, h the step (default
    ``1e-6 z2``, relative, so the derivative scales with the unit of money).  Raises
    ``ValueError`` naming ``case`` or ``q`` (as :func:`~replication.shim2012.model.game.structure`),
    ``z2`` or ``h``.
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    z1, z2 = validate.nonnegative("z1", z1), validate.positive("z2", z2)
    h = 1e-6 * z2 if h is None else validate.positive("h", h)
    if z2 <= h:
        raise ValueError(f"z2 must exceed the step h = {h:g}, got {z2:g}")
    s = structure(case, q=q)
    return float((s.P(breach, z1, z2 + h) - s.P(breach, z1, z2 - h)) / (2 * h))


def externality_kind(sign: float, tol: float = 0.0) -> str:
    """'positive' when dP1/dz2 < 0 (others' protection helps), 'negative' when > 0, else 'none'."""
    return "positive" if sign < -tol else "negative" if sign > tol else "none"
