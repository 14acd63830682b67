"""The parameters of a registered figure or table: the function's keywords, the paper's
values as their defaults, and the caption and alt text rendered from the values used."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any


def parameters_of(func: Callable[..., Any], entry_id: str = "") -> dict[str, Any]:
    """The parameters of a figure or table function: name -> default (the paper's value).

    Every parameter must be passable by keyword and have a default; raises ``ValueError``
    naming the first that is not.
    """
    out: dict[str, Any] = {}
    for name, param in inspect.signature(func).parameters.items():
        if param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            raise ValueError(f"{entry_id}: parameter {name!r} must be a keyword (no *args or **kwargs)")
        if param.default is param.empty:
            raise ValueError(f"{entry_id}: parameter {name!r} needs the paper's value as its default")
        out[name] = param.default
    return out


def render_template(entry_id: str, field_name: str, template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``values`` substituted (``str.format``); a template of a function
    without parameters is literal text."""
    if not values:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as err:
        raise ValueError(
            f"{entry_id}: the {field_name} is a format string over the parameters {sorted(values)} "
            f"(write a literal brace as {{{{ or }}}}), but it does not format: {type(err).__name__}: {err}"
        ) from None


def same_value(a: Any, b: Any) -> bool:
    """Whether a parameter's value is the paper's (equal, and of the same kind)."""
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return a is b


def at_paper_values(values: Mapping[str, Any], paper: Mapping[str, Any], found: str, otherwise: str) -> str:
    """``found`` (text stating what the exhibit shows at the paper's values) when every value in
    ``paper`` is used unchanged, else ``otherwise`` (text true at any values).

    A caption or alt text that reports a finding measured at the paper's values uses this as a
    template field, so it is not wrong at other values.  Raises ``KeyError`` for a name of
    ``paper`` missing from ``values``.

    >>> at_paper_values({"seed": 1}, {"seed": 1}, "It rises.", "The curve.")
    'It rises.'
    >>> at_paper_values({"seed": 2}, {"seed": 1}, "It rises.", "The curve.")
    'The curve.'
    """
    return found if all(same_value(values[k], v) for k, v in paper.items()) else otherwise
