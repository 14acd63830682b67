"""Input validation shared by every model: a clear error naming the parameter.

Nothing is silently clipped or coerced: a value outside a model's assumptions is a
``ValueError`` that says which assumption failed; a value of the wrong kind (a string
for a number, ``"no"`` for a flag, a number for a model object, a bool for a number) is an
:class:`ArgumentTypeError`, which is a ``TypeError`` and, so that callers guarding
against bad values catch it too, a ``ValueError``.  Every message names the argument and
what is allowed.  NumPy scalars (``np.float64``, ``np.int64``, ``np.float32``, ``np.str_``,
``np.bool_``) and 0-d arrays are accepted wherever the Python value is; a ragged nesting of
lists is refused with a message naming the argument, not NumPy's own; sizes are checked
against their maximum before any work.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong kind (named in the message)."""


#: Longest shown form of a refused value in a message (a huge number or array is cut).
SHOWN = 60


def shown(value: Any) -> str:
    """A short ``repr`` of ``value`` for an error message (cut to :data:`SHOWN` characters)."""
    try:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN:
            return f"an integer of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4000'} digits"
        text = repr(value)
    except Exception:  # a value whose repr fails still gets a message
        text = f"a {type(value).__name__}"
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def _unwrap(value: Any) -> Any:
    """A 0-d NumPy array as its scalar (so it is accepted wherever the scalar is)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value[()]
    return value


def _scalar(name: str, value: Any) -> float:
    value = _unwrap(value)
    if (
        isinstance(value, (str, bytes, bool, np.bool_, np.str_, np.bytes_, complex, np.complexfloating, np.ndarray))
        or value is None
    ):
        raise ArgumentTypeError(f"{name} must be a real number, got {shown(value)}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite real number, got {shown(value)}") from None
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{name} must be a real number, got {shown(value)}") from None
    if math.isnan(x):
        raise ValueError(f"{name} is NaN; it must be a finite real number")
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
    value = _unwrap(value)
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False, got {shown(value)}")
    return bool(value)


def one_of(name: str, value: Any, options: tuple[Any, ...]) -> Any:
    """``value`` if it is one of ``options`` (compared by equality and kind: a NumPy string or
    0-d string array counts as the ``str`` it holds, a bool never as a number)."""
    value = _unwrap(value)
    if isinstance(value, np.str_):
        value = str(value)
    for option in options:
        if type(value) is type(option) and value == option:
            return option
    raise ValueError(f"{name} must be one of {options}, got {shown(value)}")


def instance(name: str, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it is an instance of ``kind``; ``what`` says what the model needs."""
    if not isinstance(value, kind):
        raise ArgumentTypeError(f"{name} must be {what}, got {type(value).__name__} {value!r}")
    return value


def integer_at_least(name: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    """``value`` as an int >= ``minimum`` (and <= ``maximum`` when given, checked before any work).

    NumPy integers and 0-d integer arrays are accepted; bools, floats (even ``2.0``) and
    strings are refused with an :class:`ArgumentTypeError`.
    """
    value = _unwrap(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{name} must be an integer, got {shown(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum} (an integer), got {shown(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum} (an integer), got {shown(value)}")
    return int(value)


def index(name: str, value: Any, size: int, what: str = "a user index") -> int:
    """``value`` as an int in ``0..size-1`` (NumPy integers and 0-d arrays accepted; bools refused)."""
    value = _unwrap(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not 0 <= value < size:
        raise ValueError(f"{name} must be {what} in 0..{size - 1}, got {shown(value)}")
    return int(value)


#: Largest count of firms, draws, grid points or rounds an argument may ask for (checked
#: before any work; far beyond any use in the book).
MAX_COUNT = 10**6
#: Largest number of users of an IDS game built from scratch (its N x N matrix is dense).
MAX_USERS = 5_000
#: Most worker processes a study may start.
MAX_WORKERS = 256


def _has_flags(raw: np.ndarray) -> bool:
    return any(
        isinstance(v, (bool, np.bool_, str, bytes, complex, np.complexfloating)) or v is None for v in raw.ravel()
    )


def array(
    name: str,
    value: Any,
    *,
    shape: tuple[int | None, ...] | None = None,
    positive: bool = False,
    nonnegative: bool = False,
) -> NDArray[np.float64]:
    """``value`` as a finite float array of the given shape (``None`` = any length)."""
    if value is None or isinstance(value, (str, bytes, Mapping, set, frozenset)):
        raise ArgumentTypeError(f"{name} must be an array of real numbers, got {shown(value)}")
    try:
        raw = np.asarray(value) if not isinstance(value, np.ndarray) else value
    except (ValueError, TypeError, OverflowError):  # a ragged nesting: NumPy's own text does not name it
        raise ValueError(f"{name} must be a rectangular array of real numbers (rows of equal length)") from None
    if raw.dtype.kind not in "iuf":
        if raw.dtype.kind in "bUScmMV" or raw.dtype.kind == "O" and _has_flags(raw):
            raise ArgumentTypeError(f"{name} must be an array of real numbers, got dtype {raw.dtype}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a complex entry is refused, never cut to its real part
            arr = np.array(raw, dtype=float)
    except (TypeError, ValueError, OverflowError, Warning):
        raise ArgumentTypeError(f"{name} must be an array of real numbers") from None
    if shape is not None:
        if arr.ndim != len(shape) or any(s is not None and s != d for s, d in zip(shape, arr.shape)):
            want = "x".join("n" if s is None else str(s) for s in shape)
            raise ValueError(f"{name} must have shape ({want}), got {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; it must hold finite real numbers")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite everywhere (real numbers), got an infinite entry")
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
