"""Numbers in words for summaries and chapters: one rounding rule for the whole book.

Claim summaries and chapter prose quote computed numbers; these helpers fix how they are
written, so that the same number reads the same in the ledger and in every chapter.
"""

from __future__ import annotations

import numpy as np

#: Below this size a residual, gap or sum that is zero in exact arithmetic is rounding: its
#: last bits differ between machines (another BLAS kernel or SIMD path sums in another
#: order), so it is written as a bound, never as its digits.
ROUNDING = 1e-12


def bound(value: float, floor: float = ROUNDING) -> str:
    """A number that is zero up to rounding, in words: ``"below 1e-12"``.

    Below ``floor`` (raised to a power of ten) the words do not depend on ``value``, so a
    summary reads the same on every machine; at or above it the number is written with two
    significant digits (it is then not rounding).  ``value`` may be negative (its size is
    used).

    Examples
    --------
    >>> bound(0.0), bound(-3e-15), bound(2.8e-17), bound(4e-9), bound(4e-9, floor=1e-6)
    ('below 1e-12', 'below 1e-12', 'below 1e-12', '4e-09', 'below 1e-06')
    """
    size, floor = abs(float(value)), float(floor)
    if not np.isfinite(size) or not (np.isfinite(floor) and floor > 0):
        raise ValueError(f"bound needs a finite value and a positive floor, got {value!r} and {floor!r}")
    power = 10.0 ** np.ceil(np.log10(floor))
    return f"below {power:.0e}" if size < power else f"{value:.2g}"


def at_least(value: float) -> str:
    """A lower bound found by a search, in words: ``value`` rounded down to one significant digit.

    A search that stops before its optimum (a capped number of iterations, or a box around
    an unbounded gain) finds a value whose last digits depend on the machine's rounding;
    its leading digit, rounded down, is what it shows: the gain is at least that.

    Examples
    --------
    >>> at_least(65.58), at_least(0.00476), at_least(163.9), at_least(7.0)
    ('60', '0.004', '100', '7')
    """
    size = float(value)
    if not (np.isfinite(size) and size > 0):
        raise ValueError(f"at_least needs a positive finite value, got {value!r}")
    exponent = int(np.floor(np.log10(size)))
    lead = int(size / 10.0**exponent + 1e-9)
    if lead >= 10:  # log10 rounded below an exact power of ten
        lead, exponent = 1, exponent + 1
    return f"{lead * 10.0**exponent:g}"


def pct(share: float, digits: int = 0) -> str:
    """A share in ``[0, 1]`` as a percentage with ``digits`` decimals: ``pct(0.256) == "26%"``.

    Raises ValueError for a negative ``digits``.
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return f"{100 * float(share):.{digits}f}%"


def num(value: float, digits: int, *, sign: bool = False) -> str:
    """``value`` rounded to ``digits`` decimals, never printed as ``-0.0``: ``num(-1e-9, 2) == "0.00"``.

    Rounding first and adding ``0.0`` turns a negative zero into a positive one, so that a
    glued number does not change sign with the last bits of a computation; with ``sign``
    the sign is always written (``num(-1e-9, 2, sign=True) == "+0.00"``, on every machine).
    Raises ValueError for a negative ``digits``.
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return f"{round(float(value), digits) + 0.0:{'+' if sign else ''}.{digits}f}"
