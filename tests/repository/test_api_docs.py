"""The API reference is complete: every public definition of the package has a docstring,
and every module is on the API page of the book."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import replication

ROOT = Path(__file__).resolve().parents[2]


def modules() -> list[str]:
    return ["replication"] + sorted(
        info.name
        for info in pkgutil.walk_packages(replication.__path__, "replication.")
        if not info.name.endswith("__main__")
    )


def public_definitions() -> list[tuple[str, object]]:
    found = []
    for name in modules():
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if (inspect.isfunction(obj) and obj.__name__ != "<lambda>") or inspect.isclass(obj):
                found.append((f"{name}.{attr}", obj))
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    function = value.fget if isinstance(value, property) else value
                    if not member.startswith("_") and inspect.isfunction(function):
                        found.append(
                            (
                                f"{name}.{attr}.{member}",
                                getattr(obj, member) if not isinstance(value, property) else value,
                            )
                        )
    return found


def test_every_public_definition_has_a_docstring():
    missing = []
    for qualname, obj in public_definitions():
        doc = inspect.getdoc(obj) or ""
        if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):  # the dataclass default
            doc = ""
        if not doc.strip():
            missing.append(qualname)
    assert not missing, f"{len(missing)} public definitions without a docstring: {missing}"


def test_every_module_is_on_the_api_page():
    page = "\n".join(path.read_text() for path in sorted((ROOT / "book" / "api").glob("*.md")))
    documented = set(re.findall(r"^\.\. automodule:: (\S+)$", page, re.M))
    assert set(modules()) - documented == set(), "modules missing from the API pages (book/api/)"
    assert documented - set(modules()) == set(), "the API pages name modules that do not exist"
