"""Modules of one's own: a Python file that registers papers, claims, figures or tables
(``from replication import claim, register_paper``), run as a module by
:func:`load_module`, as ``python -m replication claims --module PATH`` does."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from replication.ledger.registry import REGISTRY, Entry, ModulePathError, Registry


def own_module_name(path: str | Path) -> str:
    """The module name :func:`load_module` gives the file at ``path`` (its stem and a hash of its location)."""
    resolved = Path(path).resolve()
    stem = re.sub(r"\W", "_", resolved.stem)
    return f"replication_own_{stem}_{hashlib.sha256(str(resolved).encode()).hexdigest()[:10]}"


def load_module(path: str | Path, registry: Registry = REGISTRY) -> ModuleType:
    """Run the Python file at ``path`` as a module, registering its papers, claims, figures
    and tables (with :func:`replication.core.papers.register_paper`, ``replication.claim``, ...).

    Loading the same file again replaces the entries it registered before (an edited
    module is re-read).  The entries a module registered are those whose function it
    defines (:func:`entries_of`).  Raises :class:`~replication.ledger.registry.ModulePathError` naming ``path`` when it
    is not a file; errors of the module itself propagate.

    Example::

        >>> module = load_module("doe2024.py")  # doctest: +SKIP
        >>> [e.id for e in entries_of(module)]  # doctest: +SKIP
        ['doe2024:proposition_1']
    """
    file = Path(path)
    if not file.is_file():
        raise ModulePathError(f"{str(path)!r} is not a file")
    name = own_module_name(file)
    for store in (registry.figures, registry.tables, registry.claims):
        for entry_id in [i for i, e in store.items() if getattr(e.func, "__module__", None) == name]:
            del store[entry_id]
    found = importlib.util.spec_from_file_location(name, file.resolve())
    if found is None or found.loader is None:
        raise ModulePathError(f"{str(path)!r} is not a Python file")
    module = importlib.util.module_from_spec(found)
    sys.modules[name] = module
    try:
        found.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def entries_of(module: ModuleType, registry: Registry = REGISTRY) -> list[Entry]:
    """The figures, tables and claims ``module`` registered (their functions are its own), in registry order."""
    return [e for e in registry if getattr(e.func, "__module__", None) == module.__name__]
