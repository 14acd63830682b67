"""A small on-disk cache for expensive, deterministic computations.

Entries are keyed on the name of the computation, its parameters and a fingerprint of
the package's source code, so any code change invalidates them.  The cache lives in
``$REPLICATION_CACHE_DIR`` if set, else in ``_build/cache`` of the project checkout
(``make clean`` removes it), else in ``~/.cache/replication``.  Set
``REPLICATION_CACHE=off`` to recompute everything.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """SHA-256 over every ``.py`` file of the package (path and content)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where cached results are stored (see the module docstring)."""
    if env := os.environ.get("REPLICATION_CACHE_DIR"):
        return Path(env)
    project = PACKAGE_DIR.parent
    if (project / "pyproject.toml").is_file() and (project / "_toc.yml").is_file():
        return project / "_build" / "cache"
    return Path.home() / ".cache" / "replication"


def enabled() -> bool:
    """Whether the result cache is on: the environment variable ``REPLICATION_CACHE`` is not ``off``, ``0``, ``false`` or ``no``."""
    return os.environ.get("REPLICATION_CACHE", "on").lower() not in {"off", "0", "false", "no"}


def cached(name: str, params: Mapping[str, Any], compute: Callable[[], T]) -> T:
    """``compute()``, memoised on disk under ``name``, ``params`` and the source fingerprint.

    ``params`` must have a deterministic ``repr`` (numbers, strings, tuples).
    """
    if not enabled():
        return compute()
    key = hashlib.sha256(repr((name, sorted(params.items()), source_fingerprint())).encode()).hexdigest()
    path = cache_dir() / f"{name.replace(':', '_').replace('/', '_')}-{key[:20]}.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)
    value = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return value
