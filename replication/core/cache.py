"""A small on-disk cache for expensive, deterministic computations.

Entries are keyed on the name of the computation, its parameters and a fingerprint of
the package's source code, so any code change invalidates them.  The cache lives in
``$REPLICATION_CACHE_DIR`` if set, else in ``_build/cache`` of the project checkout
(``make clean`` removes it), else in ``~/.cache/replication``.  Set
``REPLICATION_CACHE=off`` to recompute everything.

An entry is a header line and a pickle::

    replication-cache 1 <sha256 of key and payload> <module.qualname of the value>\\n<pickle>

It is written to a temporary file and renamed, so a reader never sees half an entry.
On reading, an entry that is truncated, corrupt, altered (the checksum over its key and
payload does not match) or of another type than its header says is discarded with one
:class:`CacheWarning` and recomputed.  Entries written by other versions of the source
(their file name carries the source fingerprint) are pruned the first time this process
writes to the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
MAGIC = b"replication-cache 1"
#: Leftover temporary files (from interrupted writes) older than this are removed, seconds.
STALE_TMP_AGE = 3600.0


class CacheWarning(RuntimeWarning):
    """A cache entry could not be trusted and was discarded (it is recomputed)."""


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
    """Whether the result cache is on.

    It is on unless the environment variable ``REPLICATION_CACHE`` is ``off``, ``0``, ``false`` or ``no``.
    """
    return os.environ.get("REPLICATION_CACHE", "on").lower() not in {"off", "0", "false", "no"}


def _type_name(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _checksum(key: str, payload: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + payload).hexdigest()


def encode(key: str, value: Any) -> bytes:
    """The bytes of a cache entry holding ``value`` under ``key``."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = b" ".join((MAGIC, _checksum(key, payload).encode(), _type_name(value).encode()))
    return header + b"\n" + payload


def decode(key: str, blob: bytes) -> Any:
    """The value of a cache entry; ``ValueError`` saying why when it cannot be trusted."""
    header, sep, payload = blob.partition(b"\n")
    parts = header.split(b" ")
    if not sep or len(parts) != 4 or b" ".join(parts[:2]) != MAGIC:
        raise ValueError("not a cache entry of this format (truncated or foreign)")
    checksum, type_name = parts[2].decode("ascii", "replace"), parts[3].decode("ascii", "replace")
    if checksum != _checksum(key, payload):
        raise ValueError("checksum mismatch (the entry is truncated, corrupt or altered)")
    try:
        value = pickle.loads(payload)
    except Exception as err:  # a checksummed payload that does not load: a foreign pickle
        raise ValueError(f"payload does not load ({type(err).__name__})") from None
    if _type_name(value) != type_name:
        raise ValueError(f"holds a {_type_name(value)}, its header says {type_name}")
    return value


def _path(name: str, key: str) -> Path:
    stem = name.replace(":", "_").replace("/", "_")
    return cache_dir() / f"{stem}-{source_fingerprint()[:12]}-{key[:20]}.pkl"


@lru_cache(maxsize=8)
def prune(folder: Path) -> list[Path]:
    """Remove entries of other source versions and stale temporary files from ``folder``
    (once per folder and process); return what was removed."""
    current = source_fingerprint()[:12]
    removed: list[Path] = []
    now = time.time()
    for path in folder.glob("*.pkl"):
        parts = path.stem.rsplit("-", 2)
        if len(parts) != 3 or parts[1] != current:
            removed.append(path)
    for path in folder.glob("*.tmp"):
        try:
            if now - path.stat().st_mtime > STALE_TMP_AGE:
                removed.append(path)
        except OSError:
            continue
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _store(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    prune(path.parent)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def cached(name: str, params: Mapping[str, Any], compute: Callable[[], T]) -> T:
    """``compute()``, memoised on disk under ``name``, ``params`` and the source fingerprint.

    ``params`` must have a deterministic ``repr`` (numbers, strings, tuples).  An entry
    that cannot be trusted is discarded with a :class:`CacheWarning` and recomputed.
    """
    if not enabled():
        return compute()
    key = hashlib.sha256(repr((name, sorted(params.items()), source_fingerprint())).encode()).hexdigest()
    path = _path(name, key)
    if path.is_file():
        try:
            return decode(key, path.read_bytes())
        except (ValueError, OSError) as err:
            warnings.warn(f"cache entry {path.name} discarded and recomputed: {err}", CacheWarning, stacklevel=2)
            path.unlink(missing_ok=True)
    value = compute()
    _store(path, encode(key, value))
    return value
