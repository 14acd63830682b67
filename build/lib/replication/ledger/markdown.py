"""Text for the book's pages, made safe for MyST Markdown: registry text escaped (currency
dollars, table pipes, malformed math), short statements, anchors, status and kind badges."""

from __future__ import annotations

import re
from typing import Any

from replication.ledger.registry import (
    FAILURE_KINDS,
    STATUSES,
    ClaimEntry,
    ClaimResult,
)

#: The CSS class suffix of each status.
SLUGS: dict[str, str] = {status: "caveat" if "caveat" in status else status.replace(" ", "-") for status in STATUSES}


def status_slug(status: str) -> str:
    """The CSS class suffix of ``status``: reproduced, caveat, calibrated, not-reproduced."""
    if status not in SLUGS:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    return SLUGS[status]


# -- text from the registry, made safe for MyST Markdown ---------------------------------

_MATHY = re.compile(r"[\\^_{}=<>]")
_CURRENCY = re.compile(r"\d")


def _unescaped_dollar(text: str, start: int) -> int:
    """Index of the next ``$`` at or after ``start`` not escaped by a backslash, or -1."""
    i = text.find("$", start)
    while i > 0 and text[i - 1] == "\\":
        i = text.find("$", i + 1)
    return i


def escape_currency(text: str) -> str:
    """``text`` with every dollar sign that is not math escaped (``$4.7M`` -> ``\\$4.7M``).

    With MyST's ``dollarmath`` the text "$4.7M and $7M" would render as the italic formula
    "4.7Mand7M".  A ``$`` opens math only when a closing ``$`` follows and what lies between
    looks like mathematics (a backslash, a sub- or superscript, braces, a relation) or does
    not start with a digit; a ``$`` before an amount ("$50M", "$0") or without a partner is
    escaped.  Math written as ``$\\lambda$`` or ``$x_i^*$`` is left as it is.
    """
    out, i = [], 0
    while (j := _unescaped_dollar(text, i)) >= 0:
        if text.startswith("$$", j):  # display math: keep up to its closing $$
            k = text.find("$$", j + 2)
            end = len(text) if k < 0 else k + 2
            out.append(text[i:end])
            i = end
            continue
        k = _unescaped_dollar(text, j + 1)
        inner = text[j + 1 : k] if k >= 0 else ""
        is_math = (
            k > j + 1
            and not inner[0].isspace()
            and not inner[-1].isspace()
            and (_MATHY.search(inner) or not _CURRENCY.match(inner))
        )
        if is_math:
            out.append(text[i : k + 1])
            i = k + 1
        else:
            out.append(text[i:j] + "\\$")
            i = j + 1
    out.append(text[i:])
    return "".join(out)


_NUMBER = re.compile(r"-?[\d.,]+[MKB]?")


def malformed_math(text: str) -> list[str]:
    """The inline formulas of registry text that would not typeset as written.

    Registry text (statements, summaries, evidence) marks formulas with ``$ ... $`` and
    writes money as "USD 50 million".  Flagged: an odd number of unescaped ``$``; an empty
    formula, one that starts or ends with a space (``$I = $``), and a bare number
    (``$0.04$``), which :func:`escape_currency` reads as an amount and so breaks the pairing
    of every later ``$``.  Display math (``$$``) is not inspected.
    """
    if "$$" in text:
        return []
    dollars = [i for i in range(len(text)) if text[i] == "$" and (i == 0 or text[i - 1] != "\\")]
    found = ["an odd number of $"] if len(dollars) % 2 else []
    for a, b in zip(dollars[::2], dollars[1::2]):
        inner = text[a + 1 : b]
        if not inner or inner[0].isspace() or inner[-1].isspace() or _NUMBER.fullmatch(inner):
            found.append(f"${inner}$")
    return found


_SPECIAL = re.compile(r"([*_|<\[\]])")


def md_text(text: Any, *, table: bool = False) -> str:
    """Registry text (a statement, a summary) as MyST Markdown that shows it as written.

    Currency is escaped (:func:`escape_currency`); outside math and code, the characters
    that Markdown would read as emphasis, links, HTML or table cells (``* _ | < [ ]``) are
    escaped, so "x*" and "m*" stay starred; whitespace runs become single spaces.  In a
    table cell (``table=True``) the pipes inside math are escaped too: the table parser
    removes one backslash before each pipe, so the formula reaches MathJax unchanged.
    """
    text = escape_currency(" ".join(str(text).split()))
    out, i = [], 0
    for match in re.finditer(r"`[^`]*`|(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$", text):
        out.append(_SPECIAL.sub(r"\\\1", text[i : match.start()]))
        out.append(match.group(0).replace("|", "\\|") if table else match.group(0))
        i = match.end()
    out.append(_SPECIAL.sub(r"\\\1", text[i:]))
    return "".join(out)


#: An inline formula of registry text (after :func:`escape_currency`): an unescaped ``$ ... $``.
_INLINE = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)+?(?<!\\)\$")
#: Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = frozenset("e.g. i.e. cf. vs. al. eq. eqs. fig. figs. prop. sec. no. resp. approx. ch. p. pp.".split())


def _first_sentence(text: str) -> str:
    """The first sentence of ``text``: up to the first ``.``, ``!`` or ``?`` outside a
    formula that is followed by a space and a word not in lower case (or ends the text),
    and does not close an abbreviation such as "e.g." or "eq."."""
    formulas = [m.span() for m in _INLINE.finditer(text)]
    for match in re.finditer(r"[.!?](?=\s+[^a-z\s]|\s*$)", text):
        end = match.end()
        if any(a < end <= b for a, b in formulas):
            continue
        if text[:end].rsplit(" ", 1)[-1].lower() in _ABBREVIATIONS:
            continue
        return text[:end]
    return text


def short_statement(text: str, limit: int = 160) -> str:
    """Registry text shortened for a table cell: its first sentence, cut after the last
    whole word or formula that fits in ``limit`` characters (then ending in "\u2026").

    Formulas are never cut, and dollar amounts are escaped first
    (:func:`escape_currency`), so the result typesets as the full text does.  Raises
    ValueError when ``limit`` is below 20.

    >>> short_statement("Firms invest more. They insure less.")
    'Firms invest more.'
    >>> short_statement("Investment $z^*$ rises with the loading whenever cover is bought", limit=30)
    'Investment $z^*$ rises with\u2026'
    """
    if limit < 20:
        raise ValueError(f"limit must be at least 20 characters, got {limit!r}")
    sentence = _first_sentence(escape_currency(" ".join(str(text).split())))
    if len(sentence) <= limit:
        return sentence
    formulas = [m.span() for m in _INLINE.finditer(sentence)]
    cut = 0
    for match in re.finditer(r"\s", sentence):
        if match.start() > limit - 1:
            break
        if not any(a < match.start() < b for a, b in formulas):
            cut = match.start()
    return sentence[:cut].rstrip(" ,;:") + "\u2026" if cut else sentence  # one long formula: kept whole


def anchor(prefix: str, entry_id: str) -> str:
    """Stable anchor of a claim: ``anchor("finding", "shim2012:proposition_3_stability")``
    -> ``finding-shim2012-proposition-3-stability``."""
    paper, label = entry_id.split(":", 1)
    return f"{prefix}-{paper}-{label}".replace("_", "-")


def badge(status: str) -> str:
    """A status as a badge (the book's ``{status}`` role: colour, border and the word)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    return f"{{status}}`{status}`"


def kind_badge(kind: str) -> str:
    """The kind of a failure as a small badge (the book's ``{failure-kind}`` role), shown
    next to the status badge of a claim that is not reproduced.

    ``kind`` is one of :data:`~replication.ledger.registry.FAILURE_KINDS`; raises ValueError
    otherwise.

    >>> kind_badge("misprint")
    '{failure-kind}`misprint`'
    """
    if kind not in FAILURE_KINDS:
        raise ValueError(f"kind must be one of {tuple(FAILURE_KINDS)}, got {kind!r}")
    return f"{{failure-kind}}`{kind}`"


def _badges(entry: ClaimEntry, result: ClaimResult) -> str:
    """The status badge, followed by the kind badge when the claim is not reproduced."""
    kind = entry.kind_of_failure(result)
    return badge(result.status) + (f" {kind_badge(kind)}" if kind else "")


def _claim_class(status: str) -> str:
    return f"claim-{status_slug(status)}"


def _doc(chapter: str, text: str = "") -> str:
    """A ``{doc}`` link to a chapter path such as ``book/shim2012/insurance``."""
    return f"{{doc}}`{text} </{chapter}>`" if text else f"{{doc}}`/{chapter}`"


def exhibit_label(entry_id: str) -> str:
    """The anchor of an exhibit in its chapter: ``shim2012:table_1`` -> ``shim2012-table-1``."""
    return entry_id.replace(":", "-").replace("_", "-")
