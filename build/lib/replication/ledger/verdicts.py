"""The one claims toolkit of the three papers: tallies, the quantifier, the status rule.

A claim's check counts, over the points (grid points, draws, instances, comparisons) of the
paper's domain, where the statement holds; :func:`verdict` turns those counts into a
:class:`~replication.ledger.results.ClaimResult` by the written rule, *under the paper's
quantifier*:

* ``"all"``: any counterexample is a failure;
* ``"some"``: one point where the statement holds reproduces it (it fails only when it
  holds nowhere that was checked);
* ``"share"``: the paper shows one illustrative draw; the statement is reproduced when it
  holds in a typical draw, i.e. in at least :data:`TYPICAL_SHARE` of the draws, and the
  evidence always gives the share.

Each count can say how many of its points were *informative* (could have failed); a check
none of whose points could fail is refused, since it is no evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from replication.ledger.results import QUANTIFIERS, ClaimResult, CrossCheck, status_by_rule

T = TypeVar("T")
#: A draw is typical of the paper's illustration when the statement holds in at least this share of draws.
TYPICAL_SHARE = 0.5
#: Counterexamples kept in a result's evidence.
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class Tally:
    """Points checked, the counterexamples found (labels), and how many points were informative.

    ``informative`` is None when every point could have failed.
    """

    name: str
    checked: int
    counterexamples: tuple[str, ...] = ()
    informative: int | None = None

    @property
    def holds(self) -> int:
        """Points where the statement holds."""
        return self.checked - len(self.counterexamples)

    def record(self) -> dict[str, Any]:
        """The tally's JSON object for a result's evidence."""
        out: dict[str, Any] = {
            "points": self.checked,
            "failures": len(self.counterexamples),
            "counterexamples": list(self.counterexamples[:MAX_EXAMPLES]),
        }
        if self.informative is not None:
            out["informative"] = self.informative
        return out


def tally(
    name: str,
    items: Iterable[T],
    holds: Callable[[T], bool],
    label: Callable[[T], str],
    *,
    informative: Callable[[T], bool] | None = None,
) -> Tally:
    """Count ``items``, the labels of those where ``holds`` is False, and those that were informative.

    Parameters
    ----------
    name : str
        The tally's name (a short phrase, shown in the summary).
    items : iterable
        The points checked.
    holds : callable
        ``holds(item)``: whether the statement holds at the point.
    label : callable
        ``label(item)``: the point's label, kept for a counterexample.
    informative : callable, optional
        ``informative(item)``: whether the check could have failed at the point.

    Returns
    -------
    Tally
        The points checked, the counterexamples' labels and the informative count
        (None without ``informative``).

    Examples
    --------
    >>> from replication.ledger.verdicts import tally
    >>> tally("n^2 > n", range(5), lambda n: n * n > n, lambda n: f"n = {n}")
    Tally(name='n^2 > n', checked=5, counterexamples=('n = 0', 'n = 1'), informative=None)
    """
    checked, failed, useful = 0, [], 0
    for item in items:
        checked += 1
        if not holds(item):
            failed.append(label(item))
        if informative is not None and informative(item):
            useful += 1
    return Tally(name, checked, tuple(failed), useful if informative is not None else None)


def failures_under(quantifier: str, holds: int, checked: int) -> int:
    """The number of failures the status rule counts under ``quantifier`` (see the module docstring)."""
    if quantifier not in QUANTIFIERS:
        raise ValueError(f"quantifier must be one of {tuple(QUANTIFIERS)}, got {quantifier!r}")
    if not 0 <= holds <= checked:
        raise ValueError(f"need 0 <= holds <= checked, got {holds} of {checked}")
    if quantifier == "all":
        return checked - holds
    if quantifier == "some":
        return 0 if holds else checked
    return 0 if checked and holds >= TYPICAL_SHARE * checked else checked - holds


@dataclass(frozen=True)
class Verdict:
    """What :func:`verdict` needs beside the tallies (all optional)."""

    repair: str = ""
    calibration: str = ""
    note: str = ""
    failure_kind: str = ""
    cross_checks: tuple[CrossCheck, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)


def verdict(
    quantifier: str,
    tallies: Sequence[Tally],
    *,
    what: str,
    checked_over: str,
    unit: str = "points",
    repair: str = "",
    calibration: str = "",
    note: str = "",
    failure_kind: str = "",
    cross_checks: Sequence[CrossCheck] = (),
    **evidence: Any,
) -> ClaimResult:
    """The claim's result by the written rule under ``quantifier``, from its ``tallies``.

    ``what`` names the statement checked (a short phrase), ``checked_over`` the domain.  The
    summary gives, per tally, where it holds, the first counterexample, the informative
    points, and any ``note``; a failed cross-check lowers the status.

    Parameters
    ----------
    quantifier : str
        The paper's quantifier: ``"all"``, ``"some"`` or ``"share"`` (module docstring).
    tallies : sequence of Tally
        The counts, at least one.
    what : str
        The statement checked (a short phrase).
    checked_over : str
        The domain checked (grid or draws: sizes and ranges).
    unit : str, default "points"
        What a tally counts, in the summary.
    repair, calibration : str, optional
        A repair or added condition (status *reproduced with caveat*), or the calibration
        (status *calibrated*).
    note : str, optional
        Appended to the summary.
    failure_kind : str, optional
        The kind of a failure.
    cross_checks : sequence of CrossCheck, optional
        Independent computations compared; a failed one lowers the status.
    ``**evidence``
        Further numbers for the result's evidence (JSON-serialisable).

    Returns
    -------
    ClaimResult
        The status by the written rule, the summary and the evidence.

    Raises
    ------
    ValueError
        No tally, a tally that checked nothing, or one none of whose points was informative.

    Examples
    --------
    >>> from replication.ledger.verdicts import tally, verdict
    >>> counted = tally("n^2 > n", range(5), lambda n: n * n > n, lambda n: f"n = {n}")
    >>> result = verdict("all", [counted], what="n^2 > n", checked_over="n = 0, ..., 4")
    >>> result.status
    'not reproduced'
    >>> result.summary
    'n^2 > n: holds at 3 of 5 points; first counterexample: n = 0'
    >>> verdict("some", [counted], what="n^2 > n", checked_over="n = 0, ..., 4").status
    'reproduced'
    """
    if not tallies:
        raise ValueError("a verdict needs at least one tally")
    for t in tallies:
        if t.checked == 0:
            raise ValueError(f"no point in the domain of {t.name!r}: the check is mis-specified")
        if t.informative == 0:
            raise ValueError(f"none of the {t.checked} points of {t.name!r} could fail: widen the domain")
    failures = sum(failures_under(quantifier, t.holds, t.checked) for t in tallies)
    checked = sum(t.checked for t in tallies)
    status = status_by_rule(failures, checked, repair=repair, calibration=calibration, cross_checks=cross_checks)
    parts = "; ".join(
        f"{t.name}: {t.holds} of {t.checked} {unit}"
        + (f" ({t.informative} informative)" if t.informative is not None else "")
        for t in tallies
    )
    summary = (
        f"{what}: holds at {parts}" if len(tallies) > 1 else f"{what}: holds at {tallies[0].holds} of {checked} {unit}"
    )
    if len(tallies) == 1 and tallies[0].informative is not None:
        summary += f" ({tallies[0].informative} informative)"
    if quantifier == "share":
        summary += f" (share {sum(t.holds for t in tallies) / checked:.0%}; the paper shows one draw)"
    first = next((t.counterexamples[0] for t in tallies if t.counterexamples), None)
    if first is not None and quantifier != "some":
        summary += f"; {'first counterexample' if quantifier == 'all' else 'an instance where it fails'}: {first}"
    failed_checks = [c for c in cross_checks if not c.passed]
    if failed_checks:
        summary += "; cross-check failed: " + ", ".join(
            f"{c.name} off by {c.disagreement:.3g} (tolerance {c.tolerance:g})" for c in failed_checks
        )
    if note:
        summary += f"; {note}"
    informative = [t.informative for t in tallies]
    record: dict[str, Any] = tallies[0].record() if len(tallies) == 1 else {t.name: t.record() for t in tallies}
    if len(tallies) > 1:
        record.update(points=checked, failures=sum(len(t.counterexamples) for t in tallies))
    return ClaimResult(
        status,
        summary,
        {**record, **evidence},
        checked_over=checked_over,
        repair=repair if status != "not reproduced" else "",
        calibration=calibration if status == "calibrated" else "",
        failure_kind=failure_kind,
        cross_checks=tuple(cross_checks),
        informative=None if any(i is None for i in informative) else sum(i for i in informative if i is not None),
    )
