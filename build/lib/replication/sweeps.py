"""Tidy parameter sweeps: one row per parameter value, the result's fields as columns.

:func:`sweep` calls any solver of the package (or any function) once per value of the
swept parameters and returns a pandas ``DataFrame``.  pandas is an optional dependency
(the ``sweep`` extra); everything else in the package works without it.
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

#: The column that holds a failed call's exception, ``"<ExceptionType>: <message>"``, None where the call succeeded.
ERROR = "error"


def _is_swept(value: object) -> bool:
    """Whether a keyword holds values to sweep: a list, tuple, range, 1-D array, pandas Series or Index."""
    if isinstance(value, (list, tuple, range)):
        return True
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    kind = type(value).__name__
    return kind in ("Series", "Index") and type(value).__module__.startswith("pandas")


def _public_properties(cls: type) -> list[str]:
    """Names of the plain (not cached) public properties of ``cls`` and its bases, in definition order."""
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if isinstance(attr, property) and not name.startswith("_") and name not in names:
                names.append(name)
    return names


def fields_of(result: object) -> dict[str, Any]:
    """The columns of one result: a dataclass's fields followed by its public properties
    (the shared vocabulary: ``investment``, ``cover``, ``breach_probability``, ``corner``, ...);
    a mapping's items; a named tuple's fields; anything else as one column ``value``."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        row = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
        for name in _public_properties(type(result)):
            if name not in row:
                row[name] = getattr(result, name)
        return row
    if isinstance(result, Mapping):
        return {str(k): v for k, v in result.items()}
    if isinstance(result, tuple) and hasattr(result, "_asdict"):
        return dict(result._asdict())
    return {"value": result}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:  # pragma: no cover - exercised in an environment without pandas
        from replication import DISTRIBUTION

        raise ImportError(
            "replication.sweep returns a pandas DataFrame and needs pandas, an optional dependency: "
            f'install the package with its "sweep" extra (pip install "{DISTRIBUTION}[sweep]") or pip install pandas'
        ) from err
    return pandas


def sweep(function: Callable[..., Any], /, **arguments: Any) -> Any:
    """Call ``function`` once per value of the swept keywords and tabulate the results.

    ``sweep(function, NAME=values, **fixed)``: a keyword whose value is a list, tuple,
    range, one-dimensional NumPy array or pandas Series is *swept*; every other keyword
    is passed unchanged to each call (*fixed*).  To hold a sequence fixed, wrap it in a
    one-element list (``A=[matrix]``).

    Several swept keywords give the **cartesian product** of their values, in the order
    the keywords are written (the first varies slowest, as :func:`itertools.product`);
    sweep a path through parameter space by calling the function yourself.

    Returns a ``pandas.DataFrame`` with one row per call: first a column per swept
    keyword (its value), then the result's fields (:func:`fields_of`: a dataclass's
    fields and public properties, e.g. ``z``, ``I``, ``corner``, ``investment``, ``cover``,
    ``breach_probability``, ``residual``), then the column ``error``.  A call that raises
    an ``Exception`` is a row too: ``error`` holds ``"<ExceptionType>: <message>"`` and its
    result columns are NaN; ``error`` is missing (None or NaN, ``isna()``) on every row
    that succeeded.  Corners are solutions and rows like any other (``corner`` names the
    binding bound; it is missing at an interior solution).

    Raises ``TypeError`` (before any call) when ``function`` is not callable, nothing is
    swept, or a keyword is not a parameter of ``function``; ``ValueError`` when a swept
    keyword has no values; ``ImportError`` naming the ``sweep`` extra when pandas is
    missing.

    >>> import numpy as np
    >>> from replication import sweep
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium
    >>> table = sweep(equilibrium, lam=np.linspace(0.0, 3.0, 7), breach=ExponentialBreach(0.5, 5.0),
    ...               case="untargeted", insured=True, L=1.0, r=0.5, q=0.5)
    >>> table["corner"].fillna("interior").tolist()
    ['interior', 'interior', 'cover', 'cover', 'cover', 'cover', 'cover']
    >>> bool(table["error"].isna().all())
    True
    """
    if not callable(function):
        raise TypeError(f"function must be callable, got {function!r}")
    swept = {name: list(values) for name, values in arguments.items() if _is_swept(values)}
    fixed = {name: value for name, value in arguments.items() if name not in swept}
    if not swept:
        raise TypeError(
            "sweep needs at least one keyword whose value is a list, tuple, range or 1-D array of values "
            f"to sweep; got only fixed keywords {sorted(fixed)}"
        )
    for name, values in swept.items():
        if not values:
            raise ValueError(f"{name} has no values to sweep")
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # builtins without a signature: checked by the calls
        signature = None
    if signature is not None:
        try:
            signature.bind_partial(**arguments)
        except TypeError as err:
            raise TypeError(f"sweep: {err} (the keywords of {getattr(function, '__name__', function)!r})") from None
    pd = _pandas()
    names = list(swept)
    rows: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for combination in itertools.product(*(swept[name] for name in names)):
        point = dict(zip(names, combination))
        try:
            row = fields_of(function(**fixed, **point))
        except Exception as err:  # a failure is a row, not a hole
            row = {ERROR: f"{type(err).__name__}: {err}"}
        rows.append((point, row))
    columns: list[str] = []
    for _, row in rows:
        for name in row:
            if name not in columns and name != ERROR and name not in names:
                columns.append(name)
    records = []
    for point, row in rows:
        failed = ERROR in row
        record = dict(point)
        record.update({name: math.nan if failed else row.get(name, math.nan) for name in columns})
        record[ERROR] = row.get(ERROR)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[*names, *columns, ERROR])
