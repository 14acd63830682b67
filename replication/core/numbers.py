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
