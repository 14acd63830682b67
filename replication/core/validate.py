"""Input validation shared by every model: a clear ``ValueError`` naming the parameter.

Nothing is silently clipped: a value outside a model's assumptions is an error that
says which assumption failed.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray


def _scalar(name: str, value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if math.isnan(x):
        raise ValueError(f"{name} is NaN")
    if math.isinf(x):
        raise ValueError(f"{name} must be finite, got {x}")
    return x


def finite(name: str, value: Any) -> float:
    """``value`` as a finite float."""
    return _scalar(name, value)


def positive(name: str, value: Any) -> float:
    """``value`` as a float > 0."""
    x = _scalar(name, value)
    if x <= 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    return x


def nonnegative(name: str, value: Any) -> float:
    """``value`` as a float >= 0."""
    x = _scalar(name, value)
    if x < 0:
        raise ValueError(f"{name} must be >= 0, got {x}")
    return x


def in_interval(name: str, value: Any, lo: float, hi: float, *,
                closed: tuple[bool, bool] = (True, True)) -> float:
    """``value`` as a float in the interval from ``lo`` to ``hi`` (ends closed as given)."""
    x = _scalar(name, value)
    above = x >= lo if closed[0] else x > lo
    below = x <= hi if closed[1] else x < hi
    if not (above and below):
        left, right = "[" if closed[0] else "(", "]" if closed[1] else ")"
        raise ValueError(f"{name} must lie in {left}{lo}, {hi}{right}, got {x}")
    return x


def integer_at_least(name: str, value: Any, minimum: int) -> int:
    """``value`` as an int >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def array(name: str, value: Any, *, shape: tuple[int | None, ...] | None = None,
          positive: bool = False, nonnegative: bool = False) -> NDArray[np.float64]:
    """``value`` as a finite float array of the given shape (``None`` = any length)."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of real numbers") from None
    if shape is not None:
        if arr.ndim != len(shape) or any(s is not None and s != d for s, d in zip(shape, arr.shape)):
            want = "x".join("n" if s is None else str(s) for s in shape)
            raise ValueError(f"{name} must have shape ({want}), got {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite")
    if positive and (arr <= 0).any():
        raise ValueError(f"{name} must be > 0 everywhere, got min {arr.min()}")
    if nonnegative and (arr < 0).any():
        raise ValueError(f"{name} must be >= 0 everywhere, got min {arr.min()}")
    return arr
