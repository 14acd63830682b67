"""Input validation shared by every model: a clear error naming the parameter.

Nothing is silently clipped or coerced: a value outside a model's assumptions is a
``ValueError`` that says which assumption failed; a value of the wrong kind (a string
for a number, ``"no"`` for a flag, a number for a model object) is an
:class:`ArgumentTypeError`, which is a ``TypeError`` and, so that callers guarding
against bad values catch it too, a ``ValueError``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong kind (named in the message)."""


def _scalar(name: str, value: Any) -> float:
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise ArgumentTypeError(f"{name} must be a real number, got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentTypeError(f"{name} must be a real number, got {value!r}") from None
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


def in_interval(name: str, value: Any, lo: float, hi: float, *, closed: tuple[bool, bool] = (True, True)) -> float:
    """``value`` as a float in the interval from ``lo`` to ``hi`` (ends closed as given)."""
    x = _scalar(name, value)
    above = x >= lo if closed[0] else x > lo
    below = x <= hi if closed[1] else x < hi
    if not (above and below):
        left, right = "[" if closed[0] else "(", "]" if closed[1] else ")"
        raise ValueError(f"{name} must lie in {left}{lo}, {hi}{right}, got {x}")
    return x


def flag(name: str, value: Any) -> bool:
    """``value`` as a bool; anything but ``True``/``False`` (e.g. ``"no"``, 0, None) is refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def one_of(name: str, value: Any, options: tuple[Any, ...]) -> Any:
    """``value`` if it is one of ``options`` (compared by equality and type)."""
    if not any(type(value) is type(o) and value == o for o in options):
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def instance(name: str, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it is an instance of ``kind``; ``what`` says what the model needs."""
    if not isinstance(value, kind):
        raise ArgumentTypeError(f"{name} must be {what}, got {type(value).__name__} {value!r}")
    return value


def integer_at_least(name: str, value: Any, minimum: int) -> int:
    """``value`` as an int >= ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _has_flags(raw: np.ndarray) -> bool:
    return any(isinstance(v, (bool, np.bool_, str, bytes)) or v is None for v in raw.ravel())


def array(
    name: str,
    value: Any,
    *,
    shape: tuple[int | None, ...] | None = None,
    positive: bool = False,
    nonnegative: bool = False,
) -> NDArray[np.float64]:
    """``value`` as a finite float array of the given shape (``None`` = any length)."""
    if value is None or isinstance(value, (str, bytes)):
        raise ArgumentTypeError(f"{name} must be an array of real numbers, got {value!r}")
    raw = np.asarray(value) if not isinstance(value, np.ndarray) else value
    if raw.dtype.kind not in "iuf":
        if raw.dtype.kind == "b" or raw.dtype.kind in "USc" or raw.dtype.kind == "O" and _has_flags(raw):
            raise ArgumentTypeError(f"{name} must be an array of real numbers, got dtype {raw.dtype}")
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentTypeError(f"{name} must be an array of real numbers") from None
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


def sparse_matrix(name: str, value: Any, *, shape: tuple[int, int], nonnegative: bool = False) -> Any:
    """``value`` (any ``scipy.sparse`` matrix or array) as a canonical CSR array of floats.

    Checks what :func:`array` checks, on the stored entries: real numbers (not booleans),
    the shape, no NaN, finite, and ``>= 0`` when ``nonnegative``.  Duplicate entries are
    summed (as ``scipy.sparse`` reads them) and stored zeros dropped; the input is not
    modified.
    """
    if not sparse.issparse(value):
        raise ArgumentTypeError(f"{name} must be a scipy.sparse matrix, got {type(value).__name__}")
    if value.dtype.kind not in "iuf":
        raise ArgumentTypeError(f"{name} must hold real numbers, got dtype {value.dtype}")
    if value.ndim != 2 or tuple(value.shape) != shape:
        raise ValueError(f"{name} must have shape ({shape[0]}x{shape[1]}), got {tuple(value.shape)}")
    csr = sparse.csr_array(value, dtype=float, copy=True)
    csr.sum_duplicates()
    if np.isnan(csr.data).any():
        raise ValueError(f"{name} contains NaN")
    if not np.isfinite(csr.data).all():
        raise ValueError(f"{name} must be finite")
    if nonnegative and (csr.data < 0).any():
        raise ValueError(f"{name} must be >= 0 everywhere, got min {csr.data.min()}")
    csr.eliminate_zeros()
    csr.sort_indices()
    return csr
