"""Numbers in words for summaries and chapters: one rounding rule for the whole book.

Claim summaries and chapter prose quote computed numbers; these helpers fix how they are
written, so that the same number reads the same in the ledger and in every chapter.
"""

from __future__ import annotations

import numpy as np


def bound(value: float) -> str:
    """A rounding-level number in words: ``"exactly 0"`` or ``"below 1e-14"``.

    Used where a residual or gap is zero up to floating-point rounding, so that a summary
    does not change with the last bits of a sum.  ``value`` may be negative (its size is
    used).
    """
    return "exactly 0" if value == 0 else f"below 1e{int(np.ceil(np.log10(abs(value))))}"


def pct(share: float, digits: int = 0) -> str:
    """A share in ``[0, 1]`` as a percentage with ``digits`` decimals: ``pct(0.256) == "26%"``.

    Raises ValueError for a negative ``digits``.
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return f"{100 * float(share):.{digits}f}%"


def num(value: float, digits: int) -> str:
    """``value`` rounded to ``digits`` decimals, never printed as ``-0.0``: ``num(-1e-9, 2) == "0.00"``.

    Rounding first and adding ``0.0`` turns a negative zero into a positive one, so that a
    glued number does not change sign with the last bits of a computation.  Raises
    ValueError for a negative ``digits``.
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return f"{round(float(value), digits) + 0.0:.{digits}f}"
