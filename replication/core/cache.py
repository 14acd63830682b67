"""A small on-disk cache for expensive, deterministic computations.

Entries are keyed on the name of the computation, its parameters and a fingerprint of
the package's source code, so any code change invalidates them; a computation outside
the package (a claim of one's own) is keyed on its own code too (:func:`code_fingerprint`).  The cache lives in
``$REPLICATION_CACHE_DIR`` if set, else in ``_build/cache`` of the project checkout
(``make clean`` removes it), else in ``~/.cache/replication``.  Set
``REPLICATION_CACHE=off`` to recompute everything.

An entry is a NumPy ``.npz`` archive that reading cannot turn into code: one member holds
a JSON document (the format, the key, a SHA-256 checksum and the value), the others the
value's arrays, read with ``allow_pickle=False``.  The JSON describes the value with tags
for what JSON lacks (tuples, dictionaries with non-string keys, non-finite floats, NumPy
scalars, arrays, SymPy sums, products and powers of symbols and rationals, and the
package's own result objects, rebuilt from their attributes without calling their
constructors); a value of any other kind (a function, an object of
another library) is computed but not stored.

It is written to a temporary file and renamed, so a reader never sees half an entry.
On reading, an entry that is truncated, corrupt, altered (the checksum over its key and
content does not match) or of another key is discarded with one :class:`CacheWarning`
and recomputed.  The cache never stops a run: a cache folder that cannot be created,
read or written (read-only, a file in its place, a full disk, a folder at an entry's
path) is a :class:`CacheWarning` and the result is computed and returned.  Entries of
other versions of the source (their file name carries the source fingerprint) and
temporary files of writers that no longer run are pruned the first time this process
writes to the cache.
"""

from __future__ import annotations

import enum
import hashlib
import importlib
import inspect
import io
import json
import math
import os
import sys
import time
import warnings
import zipfile
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The format tag of an entry (its JSON member's ``format``).
FORMAT = "replication-cache 2"
#: File suffix of an entry.
SUFFIX = ".npz"
#: Leftover temporary files (from interrupted writes) older than this are removed, seconds.
STALE_TMP_AGE = 3600.0
#: Modules whose classes an entry may name (the package's own result objects).
TRUSTED_MODULE = "replication"
#: NumPy dtype kinds stored as arrays (everything but objects and structured records).
ARRAY_KINDS = frozenset("biufcUSMm")


class CacheWarning(RuntimeWarning):
    """A cache entry could not be trusted or the cache could not be used (the result is recomputed)."""


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """SHA-256 over every ``.py`` file of the package (path and content)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest_code(code: CodeType, digest: Any) -> None:
    """Feed a code object's instructions, names and constants (nested code too) to ``digest``."""
    digest.update(code.co_code)
    digest.update(repr((code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars)).encode())
    for const in code.co_consts:
        if isinstance(const, CodeType):
            _digest_code(const, digest)
        elif isinstance(const, frozenset):  # a set's repr order depends on string hashing
            digest.update(repr(sorted(repr(c) for c in const)).encode())
        else:
            digest.update(repr(const).encode())


#: Kinds of default values whose ``repr`` is stable across processes.
_PLAIN = (type(None), bool, int, float, complex, str, bytes)


def _plain_repr(value: Any) -> str:
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_plain_repr(v) for v in value) + ")"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def code_fingerprint(func: Callable[..., Any]) -> str:
    """SHA-256 of a function's own code: its source text (where it can be read), its
    bytecode with names and constants (nested functions included), its defaults and, for
    a function defined outside the package, the whole file of its module (so an edited
    helper of a claim of one's own changes it too).  Stable across processes."""
    digest = hashlib.sha256()
    func = inspect.unwrap(func)
    try:
        digest.update(inspect.getsource(func).encode())
    except (OSError, TypeError):
        digest.update(b"\0no source")
    code = getattr(func, "__code__", None)
    if isinstance(code, CodeType):
        _digest_code(code, digest)
    digest.update(_plain_repr(getattr(func, "__defaults__", None) or ()).encode())
    digest.update(_plain_repr(sorted((getattr(func, "__kwdefaults__", None) or {}).items())).encode())
    module = sys.modules.get(getattr(func, "__module__", "") or "")
    file = getattr(module, "__file__", None)
    if file:
        path = Path(file).resolve()
        if not path.is_relative_to(PACKAGE_DIR):
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass
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


# -- the value as JSON and arrays ------------------------------------------------------------


def _class_name(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _trusted_class(kind: type) -> bool:
    module = kind.__module__
    return (module == TRUSTED_MODULE or module.startswith(TRUSTED_MODULE + ".")) and "<locals>" not in kind.__qualname__


def _state(value: Any) -> dict[str, Any]:
    state: dict[str, Any] = dict(getattr(value, "__dict__", {}))
    for kind in type(value).__mro__:
        for slot in getattr(kind, "__slots__", ()):
            if slot not in ("__dict__", "__weakref__") and hasattr(value, slot):
                state[slot] = getattr(value, slot)
    return state


class _Packed(list[np.ndarray]):
    """The arrays of a value being packed, and what was packed already (by identity), so
    that an object or array met twice is stored once and shared again when read, as before."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[int, tuple[Any, Any]] = {}
        self.objects = 0


class _Unpacked:
    """The arrays of an entry being read and the objects rebuilt so far (in the order written)."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.objects: list[Any] = []


def _pack(value: Any, arrays: _Packed) -> Any:
    """``value`` as JSON-ready data, its arrays appended to ``arrays``; ``TypeError`` for a kind that is not stored."""
    kind = type(value)
    if id(value) in arrays.seen:
        return arrays.seen[id(value)][1]
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is list:
        return [_pack(v, arrays) for v in value]
    if kind is tuple:
        return {"$tuple": [_pack(v, arrays) for v in value]}
    if kind is dict:
        return {"$dict": [[_pack(k, arrays), _pack(v, arrays)] for k, v in value.items()]}
    if kind in (set, frozenset):
        return {"$" + kind.__name__: [_pack(v, arrays) for v in value]}
    if kind is complex:
        return {"$complex": [repr(value.real), repr(value.imag)]}
    if isinstance(value, np.generic):
        if value.dtype.kind not in ARRAY_KINDS:
            raise TypeError(f"a NumPy scalar of dtype {value.dtype} is not stored")
        return {"$scalar": value.dtype.str, "bytes": value.tobytes().hex()}
    if kind is np.ndarray:
        if value.dtype.kind in ARRAY_KINDS and value.dtype.fields is None:
            arrays.append(value)
            arrays.seen[id(value)] = (value, {"$array": len(arrays) - 1})
            return arrays.seen[id(value)][1]
        if value.dtype.kind == "O":
            return {"$objects": list(value.shape), "items": [_pack(v, arrays) for v in value.ravel().tolist()]}
        raise TypeError(f"an array of dtype {value.dtype} is not stored")
    if isinstance(value, enum.Enum) and _trusted_class(kind):
        return {"$enum": _class_name(kind), "name": value.name}
    if isinstance(value, tuple) and hasattr(kind, "_fields") and _trusted_class(kind):
        return {"$namedtuple": _class_name(kind), "items": [_pack(v, arrays) for v in value]}
    if "sympy" in sys.modules and isinstance(value, sys.modules["sympy"].Basic):
        return _pack_symbolic(value, arrays)
    if _trusted_class(kind) and not isinstance(value, (type, BaseException)):
        arrays.seen[id(value)] = (value, {"$ref": arrays.objects})
        arrays.objects += 1
        return {"$object": _class_name(kind), "state": [[k, _pack(v, arrays)] for k, v in _state(value).items()]}
    raise TypeError(f"a {kind.__module__}.{kind.__qualname__} is not stored")


#: SymPy operations an entry may hold (rebuilt unevaluated, so exactly as stored).
SYMPY_OPERATIONS = ("Add", "Mul", "Pow")


def _pack_symbolic(value: Any, arrays: _Packed) -> Any:
    """A SymPy expression of symbols, rationals, sums, products and powers as a tree."""
    import sympy as sp

    kind = type(value)
    if kind is sp.Symbol:
        return {"$symbol": value.name, "assumptions": {k: v for k, v in sorted(value._assumptions_orig.items())}}
    if isinstance(value, sp.Rational):
        return {"$rational": [int(value.p), int(value.q)]}
    if kind.__name__ in SYMPY_OPERATIONS and kind is getattr(sp, kind.__name__):
        return {"$sympy": kind.__name__, "args": [_pack_symbolic(a, arrays) for a in value.args]}
    raise TypeError(f"a sympy {kind.__name__} is not stored")


def _unpack_symbolic(data: Any) -> Any:
    import sympy as sp

    if type(data) is not dict or len(data) not in (1, 2):
        raise ValueError("malformed expression")
    if "$symbol" in data:
        assumptions = data["assumptions"]
        if type(data["$symbol"]) is not str or not all(type(v) is bool for v in assumptions.values()):
            raise ValueError("malformed symbol")
        return sp.Symbol(data["$symbol"], **assumptions)
    if "$rational" in data:
        p, q = data["$rational"]
        if type(p) is not int or type(q) is not int:
            raise ValueError("malformed rational")
        return sp.Rational(p, q)
    if data.get("$sympy") in SYMPY_OPERATIONS:
        return getattr(sp, data["$sympy"])(*(_unpack_symbolic(a) for a in data["args"]), evaluate=False)
    raise ValueError("malformed expression")


def _resolve(name: Any) -> type:
    if not isinstance(name, str) or ":" not in name:
        raise ValueError(f"not a class name: {name!r}")
    module_name, qualname = name.split(":", 1)
    if not (module_name == TRUSTED_MODULE or module_name.startswith(TRUSTED_MODULE + ".")):
        raise ValueError(f"names a class outside the package: {name}")
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    target: Any = module
    for part in qualname.split("."):
        target = getattr(target, part, None)
    if not isinstance(target, type) or not _trusted_class(target) or _class_name(target) != name:
        raise ValueError(f"names no class of the package: {name}")
    return target


def _unpack(data: Any, arrays: _Unpacked) -> Any:
    """The value :func:`_pack` described (``ValueError`` for anything it cannot have written)."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [_unpack(v, arrays) for v in data]
    if type(data) is not dict or len(data) not in (1, 2):
        raise ValueError("malformed value")
    tag = next(iter(data))
    body = data[tag]
    if tag == "$float":
        return float(body)
    if tag == "$tuple":
        return tuple(_unpack(v, arrays) for v in body)
    if tag == "$dict":
        return {_unpack(k, arrays): _unpack(v, arrays) for k, v in body}
    if tag == "$set":
        return {_unpack(v, arrays) for v in body}
    if tag == "$frozenset":
        return frozenset(_unpack(v, arrays) for v in body)
    if tag == "$complex":
        return complex(float(body[0]), float(body[1]))
    if tag == "$scalar":
        dtype = np.dtype(body)
        if dtype.kind not in ARRAY_KINDS or dtype.fields is not None:
            raise ValueError(f"malformed scalar of dtype {dtype}")
        return np.frombuffer(bytes.fromhex(data["bytes"]), dtype=dtype)[0]
    if tag == "$array":
        return arrays.arrays[f"a{int(body)}"]
    if tag == "$ref":
        return arrays.objects[int(body)]
    if tag == "$objects":
        out = np.empty(len(data["items"]), dtype=object)
        for i, v in enumerate(data["items"]):
            out[i] = _unpack(v, arrays)
        return out.reshape(tuple(int(s) for s in body))
    if tag in ("$symbol", "$rational", "$sympy"):
        return _unpack_symbolic(data)
    if tag == "$enum":
        return _resolve(body)[data["name"]]  # type: ignore[index]
    if tag == "$namedtuple":
        return _resolve(body)._make(_unpack(v, arrays) for v in data["items"])  # type: ignore[attr-defined]
    if tag == "$object":
        kind = _resolve(body)
        obj: Any = object.__new__(kind)
        arrays.objects.append(obj)
        for attr, v in data["state"]:
            if type(attr) is not str:
                raise ValueError(f"malformed attribute name {attr!r}")
            object.__setattr__(obj, attr, _unpack(v, arrays))
        return obj
    raise ValueError(f"unknown tag {tag!r}")


def _checksum(key: str, document: dict[str, Any], arrays: Mapping[str, np.ndarray]) -> str:
    digest = hashlib.sha256(key.encode() + b"\0" + json.dumps(document, sort_keys=True).encode())
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"\0{name}\0{array.dtype.str}\0{array.shape}\0".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def encode(key: str, value: Any) -> bytes:
    """The bytes of a cache entry holding ``value`` under ``key``; ``TypeError`` if ``value``
    holds something that is not stored (see the module docstring)."""
    packed = _Packed()
    document = {"format": FORMAT, "value": _pack(value, packed)}
    arrays = {f"a{i}": a for i, a in enumerate(packed)}
    document["checksum"] = _checksum(key, document, arrays)
    text = json.dumps(document, sort_keys=True, allow_nan=False).encode()
    buffer = io.BytesIO()
    members: dict[str, Any] = {"__json__": np.frombuffer(text, dtype=np.uint8), **arrays}
    np.savez(buffer, **members)
    return buffer.getvalue()


def decode(key: str, blob: bytes) -> Any:
    """The value of a cache entry; ``ValueError`` saying why when it cannot be trusted.

    Nothing in the entry can run code: arrays are read with ``allow_pickle=False`` and
    objects are rebuilt only as instances of the package's own classes.
    """
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
            members = {name: archive[name] for name in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as err:
        raise ValueError(f"not a cache entry of this format (truncated or foreign: {type(err).__name__})") from None
    text = members.pop("__json__", None)
    try:
        if text is None or text.dtype != np.uint8:
            raise ValueError
        document = json.loads(text.tobytes().decode("utf-8"))
        if type(document) is not dict or document.get("format") != FORMAT:
            raise ValueError
    except ValueError:
        raise ValueError("not a cache entry of this format (truncated or foreign)") from None
    checksum = document.pop("checksum", None)
    if checksum != _checksum(key, document, members):
        raise ValueError("checksum mismatch (the entry is truncated, corrupt, altered or of another key)")
    try:
        return _unpack(document["value"], _Unpacked(members))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ImportError) as err:
        raise ValueError(f"the stored value does not rebuild ({type(err).__name__}: {err})") from None


# -- files ------------------------------------------------------------------------------------


def _path(name: str, key: str) -> Path:
    stem = name.replace(":", "_").replace("/", "_")
    return cache_dir() / f"{stem}-{source_fingerprint()[:12]}-{key[:20]}{SUFFIX}"


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


def stale_temporary(path: Path, *, now: float | None = None, max_age: float = STALE_TMP_AGE) -> bool:
    """Whether ``path``, a temporary file ``<name>.<pid>.tmp``, was left by an interrupted writer:
    its process no longer runs, its name carries no process id, or it is older than ``max_age`` seconds."""
    parts = path.name.rsplit(".", 2)
    if len(parts) != 3 or parts[2] != "tmp" or not parts[1].isdigit():
        return True
    if not _writer_alive(int(parts[1])):
        return True
    try:
        return (now if now is not None else time.time()) - path.stat().st_mtime > max_age
    except OSError:
        return False


@lru_cache(maxsize=8)
def prune(folder: Path) -> list[Path]:
    """Remove entries of other source versions or formats and stale temporary files from
    ``folder`` (once per folder and process); return what was removed."""
    current = source_fingerprint()[:12]
    removed: list[Path] = []
    now = time.time()
    try:
        for path in folder.glob(f"*{SUFFIX}"):
            parts = path.stem.rsplit("-", 2)
            if (len(parts) != 3 or parts[1] != current) and path.is_file():
                removed.append(path)
        removed += [p for p in folder.glob("*.pkl") if p.is_file()]  # the former pickled format
        removed += [p for p in folder.glob("*.tmp") if p.is_file() and stale_temporary(p, now=now)]
    except OSError:
        return []
    for path in removed:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    return removed


def _store(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    prune(path.parent)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=3)


def _load(path: Path, key: str) -> tuple[bool, Any, bool]:
    """``(found, value, storable)``: the value of a trusted entry at ``path`` if there is one
    (a warning if an entry is there but cannot be used), and whether a new entry can go there."""
    try:
        if not path.exists():
            return False, None, True
        if not path.is_file():
            _warn(f"cache entry {path.name} is not a file; the result is computed and not stored")
            return False, None, False
        blob = path.read_bytes()
    except OSError as err:
        _warn(f"cache entry {path.name} cannot be read ({err.strerror or err}); the result is recomputed")
        return False, None, True
    try:
        return True, decode(key, blob), True
    except ValueError as err:
        _warn(f"cache entry {path.name} discarded and recomputed: {err}")
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return False, None, True


#: Values of entries asked for with ``shared=True``, by entry path: decoded once per process.
_SHARED: dict[Path, Any] = {}


def cached(
    name: str,
    params: Mapping[str, Any],
    compute: Callable[[], T],
    *,
    code: tuple[Callable[..., Any], ...] = (),
    shared: bool = False,
) -> T:
    """``compute()``, memoised on disk under ``name``, ``params`` and the source fingerprint.

    ``params`` must have a deterministic ``repr`` (numbers, strings, tuples).  The
    :func:`code_fingerprint` of every function in ``code`` joins the key, so that a
    computation defined outside the package (a claim of one's own) is recomputed when
    its code is edited.  An entry that cannot be trusted is discarded with a
    :class:`CacheWarning` and recomputed; a cache that cannot be used is a
    :class:`CacheWarning` and the result is computed and returned (never an error).
    With ``shared``, the value is also kept in memory and the same object is returned to
    every later call of this process with the same key: for a large entry read by many
    callers (decoding it each time would cost more than their own work) that do not
    modify it.
    """
    if not enabled():
        return compute()
    identity: tuple[Any, ...] = (name, sorted(params.items()), source_fingerprint())
    if code:
        identity += (tuple(code_fingerprint(f) for f in code),)
    key = hashlib.sha256(repr(identity).encode()).hexdigest()
    path = _path(name, key)
    if shared and path in _SHARED:
        return _SHARED[path]
    found, value, storable = _load(path, key)
    if not found:
        value = compute()
        try:  # the warnings are raised here, so that they name the caller of cached (stacklevel)
            if storable:
                _store(path, encode(key, value))
        except TypeError as err:  # from encode: a value of a kind an entry cannot hold
            _warn(f"result of {name} not stored in the cache: {err}")
        except OSError as err:
            _warn(
                f"cache folder {path.parent} cannot be used ({err.strerror or err}); "
                "the result is computed and not stored"
            )
    if shared:
        _SHARED[path] = value
    return value
