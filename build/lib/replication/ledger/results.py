"""What a claim returns and the rule that gives its status: the four statuses, the paper's
quantifiers, the kinds of failure, a claim's cross-checks and its result (:class:`ClaimResult`),
and :func:`status_by_rule`.  What a figure or table function returns is
:mod:`replication.drawing.exhibit`.

Every claim of the ledger returns a :class:`ClaimResult`; the registry
(:mod:`replication.ledger.registry`) records the claims and re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

REPRODUCED = "reproduced"
CAVEAT = "reproduced with caveat"
CALIBRATED = "calibrated"
NOT_REPRODUCED = "not reproduced"
STATUSES = (REPRODUCED, CAVEAT, CALIBRATED, NOT_REPRODUCED)


#: The status rule, as printed on the ledger page and applied by :func:`status_by_rule`.
STATUS_RULE: dict[str, str] = {
    REPRODUCED: "the statement holds as worded at every point of the stated domain that was checked.",
    CAVEAT: "the statement holds only after a stated repair or under an added condition; the "
    "unrepaired statement stays in the ledger as not reproduced, with its counterexample.",
    CALIBRATED: "a number that matches only because an input the paper does not publish was set to "
    "match it; the evidence gives the number's range over the plausible inputs.",
    NOT_REPRODUCED: "the check found a counterexample to the statement as worded; the evidence gives it.",
}


#: The paper's quantifier, as recorded for every claim (``ClaimEntry.quantifier``).
QUANTIFIERS: dict[str, str] = {
    "all": "the paper states it for every point of its stated domain; one counterexample is a failure.",
    "some": "the paper states that it can happen (\u201cmay\u201d, \u201ccan\u201d, \u201cnot necessarily\u201d); "
    "one instance where it happens reproduces it.",
    "share": "the paper shows a typical or single illustrative draw; the evidence gives the share of draws "
    "where it holds.",
}

MISPRINT = "misprint"
DEGENERATE = "degenerate"
DOMAIN = "domain"
READING = "reading"
SUBSTANTIVE = "substantive"
#: The kind of a failure, recorded for every claim that is not reproduced.
FAILURE_KINDS: dict[str, str] = {
    MISPRINT: "a typo in a printed formula or number; the intended statement holds.",
    DEGENERATE: "it fails only at ties or degenerate points.",
    DOMAIN: "it holds in the paper's stated domain and fails beyond it.",
    READING: "it fails under this reading of an ambiguous sentence; the other reading is its own claim.",
    SUBSTANTIVE: "it fails within the paper's stated domain, as worded.",
}


@dataclass(frozen=True)
class CrossCheck:
    """A cross-check a claim reports: our ``value`` against a ``reference`` (a closed form,
    the paper's formula or printed number, an independent solver), within ``tolerance``.

    ``relative`` measures the disagreement relative to ``|reference|``.  A cross-check that
    fails lowers the claim's status (:func:`status_by_rule`): a status never contradicts its
    own evidence.
    """

    name: str
    value: float
    reference: float
    tolerance: float
    relative: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a cross-check needs a name")
        if not (np.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ValueError(f"{self.name}: tolerance must be a finite number >= 0, got {self.tolerance!r}")

    @property
    def disagreement(self) -> float:
        """``|value - reference|``, divided by ``|reference|`` when ``relative`` (inf if not finite)."""
        gap = abs(float(self.value) - float(self.reference))
        if self.relative:
            gap = gap / abs(float(self.reference)) if self.reference != 0 else (0.0 if gap == 0 else float("inf"))
        return gap if np.isfinite(gap) else float("inf")

    @property
    def passed(self) -> bool:
        """The disagreement is within the tolerance."""
        return self.disagreement <= self.tolerance

    def record(self) -> dict[str, Any]:
        """The JSON object of this cross-check."""
        return {
            "name": self.name,
            "value": float(self.value),
            "reference": float(self.reference),
            "tolerance": float(self.tolerance),
            "relative": self.relative,
            "disagreement": self.disagreement,
            "passed": self.passed,
        }


def status_by_rule(
    failures: int,
    checked: int,
    *,
    repair: str = "",
    calibration: str = "",
    cross_checks: Sequence[CrossCheck] = (),
) -> str:
    """The status a check earns by the ledger's written rule (:data:`STATUS_RULE`).

    ``failures`` of ``checked`` points (or draws, or cases) contradict the statement as the
    check tests it.  Any failure means *not reproduced*.  Otherwise a stated ``repair``
    (or added condition) gives *reproduced with caveat*, a stated ``calibration`` (an
    unpublished input tuned to the paper's number) gives *calibrated*, and only a check
    with neither is *reproduced*.  A failed cross-check (:class:`CrossCheck`) counts as a
    failure: a status never contradicts its own evidence.  Raises ``ValueError`` when
    nothing was checked.
    """
    for name, value in (("failures", failures), ("checked", checked)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if checked == 0:
        raise ValueError("no point satisfied the claim's domain, so nothing was checked; widen the domain")
    if failures > checked:
        raise ValueError(f"failures ({failures}) cannot exceed the points checked ({checked})")
    if repair and calibration:
        raise ValueError("a claim is either repaired or calibrated, not both: register two claims")
    if failures or not all(c.passed for c in cross_checks):
        return NOT_REPRODUCED
    if repair:
        return CAVEAT
    if calibration:
        return CALIBRATED
    return REPRODUCED


@dataclass(frozen=True)
class ClaimResult:
    """Outcome of a claim's check.

    ``status`` is one of ``STATUSES``; ``summary`` is one sentence of evidence in
    words with the numbers; ``evidence`` holds the numbers themselves (JSON-serialisable:
    counts of grid points checked, residuals, the counterexample).  ``checked_over`` says
    what was checked (grid or draws: sizes and ranges).  A *reproduced with caveat* result
    states its ``repair`` (or added condition); a *calibrated* one states its
    ``calibration`` (which unpublished input was tuned, and the number's range over the
    plausible inputs).

    ``failure_kind`` (one of :data:`FAILURE_KINDS`) is the kind of a failure, where the
    check decides it (e.g. *degenerate* when every counterexample is a tie); otherwise the
    registration's ``failure_kind`` applies.  ``cross_checks`` are the check's
    :class:`CrossCheck` s; a passing status with a failed cross-check is refused.
    ``informative`` is the number of checked points at which the check could have failed
    (None when every point could); a check whose every point is uninformative is no evidence.
    """

    status: str
    summary: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    checked_over: str = ""
    repair: str = ""
    calibration: str = ""
    failure_kind: str = ""
    cross_checks: tuple[CrossCheck, ...] = ()
    informative: int | None = None

    def __post_init__(self) -> None:
        if self.failure_kind and self.failure_kind not in FAILURE_KINDS:
            raise ValueError(f"failure_kind must be one of {tuple(FAILURE_KINDS)}, got {self.failure_kind!r}")
        if self.status != NOT_REPRODUCED and any(not c.passed for c in self.cross_checks):
            failed = ", ".join(
                f"{c.name} (off by {c.disagreement:.3g} > {c.tolerance:g})" for c in self.cross_checks if not c.passed
            )
            raise ValueError(f"status {self.status!r} contradicts a failed cross-check: {failed}")
        if self.informative is not None and self.informative < 0:
            raise ValueError(f"informative must be a count >= 0, got {self.informative!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if not self.summary.strip():
            raise ValueError("a claim result needs a summary of its evidence")
        if self.status == CAVEAT and not self.repair.strip():
            raise ValueError("a result 'reproduced with caveat' must state its repair or added condition")
        if self.status == CALIBRATED and not self.calibration.strip():
            raise ValueError("a 'calibrated' result must state the input tuned and the number's range")
