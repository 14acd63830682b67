"""Faults: a damaged, forged or unusable cache, an interrupted write or run, a full disk, an
output folder that cannot be used."""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import math
import os
import pickle
import signal
import subprocess
import sys
import time
import warnings
from functools import partial

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from replication import cli  # noqa: E402
from replication.core import cache  # noqa: E402
from replication.drawing.output import atomic_write, save_figure, write_text  # noqa: E402
from replication.ledger import ClaimResult
from replication.security import ExponentialBreach  # noqa: E402


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    cache.prune.cache_clear()
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert cache.cached("study", {"seed": 1}, compute) == {"value": 1}
    (entry,) = tmp_path.glob("study-*.npz")
    return entry, compute, calls


def recomputed_with_one_warning(compute, calls):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = cache.cached("study", {"seed": 1}, compute)
    assert value == {"value": len(calls)} and len(calls) == 2
    assert [w.category for w in caught] == [cache.CacheWarning]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rewritten entry is trusted again, silently
        assert cache.cached("study", {"seed": 1}, compute) == {"value": 2}
    return str(caught[0].message)


def _members(entry):
    with np.load(entry, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def _document(entry):
    return json.loads(_members(entry)["__json__"].tobytes())


def _rewrite(entry, document, **arrays):
    text = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    with entry.open("wb") as fh:
        np.savez(fh, __json__=text, **arrays)


def test_truncated_entry_is_discarded_and_recomputed(store):
    entry, compute, calls = store
    entry.write_bytes(entry.read_bytes()[:-5])
    assert "not a cache entry" in recomputed_with_one_warning(compute, calls)


def test_garbage_entry_is_discarded(store):
    entry, compute, calls = store
    entry.write_bytes(b"\x00\x01 not an entry at all")
    assert "not a cache entry" in recomputed_with_one_warning(compute, calls)


def test_altered_value_is_not_trusted(store):
    entry, compute, calls = store
    document = _document(entry)
    document["value"] = {"$dict": [["value", 99]]}
    _rewrite(entry, document)
    assert "checksum mismatch" in recomputed_with_one_warning(compute, calls)


def test_entry_of_another_key_is_not_trusted(store, tmp_path):
    entry, compute, calls = store
    cache.cached("study", {"seed": 2}, compute)
    other = next(p for p in tmp_path.glob("study-*.npz") if p != entry)
    entry.write_bytes(other.read_bytes())
    calls.pop()
    assert "checksum mismatch" in recomputed_with_one_warning(compute, calls)


class _RunsCode:
    """Pickling this object makes unpickling call ``Path.touch`` on a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (type(self.marker).touch, (self.marker,))


def test_a_pickle_at_an_entry_never_runs(store, tmp_path):
    entry, compute, calls = store
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_RunsCode(marker)))
    assert "not a cache entry" in recomputed_with_one_warning(compute, calls)
    assert not marker.exists()


def test_an_object_array_in_an_entry_is_never_unpickled(store, tmp_path):
    entry, compute, calls = store
    marker = tmp_path / "ran"
    document = _document(entry)
    payload = np.empty(1, dtype=object)
    payload[0] = _RunsCode(marker)
    with entry.open("wb") as fh:
        np.savez(fh, __json__=np.frombuffer(json.dumps(document).encode(), dtype=np.uint8), a0=payload)
    assert "not a cache entry" in recomputed_with_one_warning(compute, calls)
    assert not marker.exists()


@pytest.mark.parametrize("forged", ["os:system", "subprocess:Popen", "builtins:eval", "replication.core.cache:nope"])
def test_an_entry_naming_a_class_outside_the_package_is_refused(forged):
    blob = cache.encode("k", {"x": 1})
    members = _members(io.BytesIO(blob))
    document = json.loads(members.pop("__json__").tobytes())
    document.pop("checksum")
    document["value"] = {"$object": forged, "state": [["args", "echo hi"]]}
    document["checksum"] = cache._checksum("k", document, {})
    buffer = io.BytesIO()
    np.savez(buffer, __json__=np.frombuffer(json.dumps(document).encode(), dtype=np.uint8))
    with pytest.raises(ValueError, match="does not rebuild"):
        cache.decode("k", buffer.getvalue())


def _identical(a, b):
    assert type(a) is type(b), (a, b)
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype.kind == "O":
            for x, y in zip(a.ravel(), b.ravel()):
                _identical(x, y)
        else:
            assert a.tobytes() == b.tobytes()
    elif isinstance(a, np.generic):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    elif isinstance(a, float):
        assert repr(a) == repr(b)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _identical(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            _identical(a[k], b[k])
    elif dataclasses.is_dataclass(a):
        assert list(vars(a)) == list(vars(b))
        for k in vars(a):
            _identical(getattr(a, k), getattr(b, k))
    else:
        assert a == b


def test_values_come_back_with_their_exact_types_and_bits():
    objects = np.empty(2, dtype=object)
    objects[0], objects[1] = (1, 2.5), None
    value = {
        "floats": [0.1, -0.0, math.nan, math.inf, -math.inf, 1e-308, 2.0**0.5],
        (1, "key"): (np.float64(0.1), np.float32(1.1), np.int64(-3), np.bool_(True), np.uint8(7)),
        "arrays": [np.arange(6.0).reshape(2, 3), np.array(2.5), np.array([True, False]), np.array(["a", "bc"])],
        "objects": objects,
        "result": ClaimResult("reproduced", "all good", {"points": np.int64(3), "gap": [0.5, math.nan]}),
        "big": 10**40,
        "text": "ünïcode $tag",
        "set": frozenset({1, 2}),
        "complex": complex(1.5, -2.0),
        "breach": ExponentialBreach(0.5, 5.0),
    }
    back = cache.decode("k", cache.encode("k", value))
    _identical({k: v for k, v in value.items() if k != "breach"}, {k: v for k, v in back.items() if k != "breach"})
    assert repr(back["breach"]) == repr(value["breach"]) and back["breach"](0.3) == value["breach"](0.3)


def test_shared_objects_and_arrays_stay_shared():
    breach, grid = ExponentialBreach(0.5, 5.0), np.linspace(0.0, 1.0, 3)
    results = [ClaimResult("reproduced", "a", {"breach": breach, "grid": grid}) for _ in range(2)]
    back = cache.decode("k", cache.encode("k", (results, breach, grid)))
    assert back[0][0].evidence["breach"] is back[0][1].evidence["breach"] is back[1]
    assert back[0][0].evidence["grid"] is back[2] and back[1] == breach


def test_a_shared_entry_is_read_from_disk_once_per_process(tmp_path, monkeypatch):
    """``shared=True``: the first call computes and stores (or reads) the entry; later calls
    with the same key return that same object without reading the disk again, while another
    key, another cache folder or the cache turned off does not see it."""
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    monkeypatch.setattr(cache, "_SHARED", {})
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    first = cache.cached("study", {"seed": 1}, compute, shared=True)
    assert first == {"value": 1} and len(list(tmp_path.glob("study-*.npz"))) == 1
    reads = []
    monkeypatch.setattr(cache, "_load", lambda path, key: reads.append(path) or (False, None, True))
    assert cache.cached("study", {"seed": 1}, compute, shared=True) is first and reads == [] and calls == [1]
    assert cache.cached("study", {"seed": 1}, compute) == {"value": 2} and len(reads) == 1  # not shared: read
    assert cache.cached("study", {"seed": 2}, compute, shared=True) == {"value": 3}  # another key
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path / "other"))
    assert cache.cached("study", {"seed": 1}, compute, shared=True) == {"value": 4}  # another folder
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    assert cache.cached("study", {"seed": 1}, compute, shared=True) == {"value": 5}  # off: computed


def test_a_shared_entry_from_an_earlier_process_is_decoded_once(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    monkeypatch.setattr(cache, "_SHARED", {})
    assert cache.cached("study", {"seed": 1}, lambda: [1.5, 2.5]) == [1.5, 2.5]  # written, not shared
    decoded = []
    monkeypatch.setattr(cache, "decode", lambda key, blob, real=cache.decode: decoded.append(key) or real(key, blob))
    first = cache.cached("study", {"seed": 1}, list, shared=True)
    assert first == [1.5, 2.5] and cache.cached("study", {"seed": 1}, list, shared=True) is first
    assert len(decoded) == 1


def test_a_value_that_cannot_be_stored_is_returned_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    function = len
    with pytest.warns(cache.CacheWarning, match="not stored") as caught:
        assert cache.cached("study", {"seed": 1}, lambda: [function]) == [function]
    assert list(tmp_path.glob("*.npz")) == []
    assert caught[0].filename == __file__  # it names the caller, so each caller's is shown once


def _computed_despite(monkeypatch, folder, match):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(folder))
    monkeypatch.setenv("REPLICATION_CACHE", "on")
    cache.prune.cache_clear()
    with pytest.warns(cache.CacheWarning, match=match):
        assert cache.cached("study", {"seed": 1}, lambda: {"value": 7}) == {"value": 7}


def test_a_cache_path_that_is_a_file_does_not_stop_the_run(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    _computed_despite(monkeypatch, blocker, "cannot be used")
    _computed_despite(monkeypatch, blocker / "below", "cannot be used")
    assert blocker.read_text() == "not a folder"


def test_a_folder_at_an_entry_path_does_not_stop_the_run(store):
    entry, compute, calls = store
    entry.unlink()
    entry.mkdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cache.cached("study", {"seed": 1}, compute) == {"value": 2}
    assert [str(w.message) for w in caught] == [
        f"cache entry {entry.name} is not a file; the result is computed and not stored"
    ]
    assert entry.is_dir() and [p.name for p in entry.parent.glob("*.tmp")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_cache_folder_does_not_stop_the_run(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        _computed_despite(monkeypatch, folder, "cannot be used")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.EROFS, "Read-only file system"),
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EDQUOT, "Disk quota exceeded"),
    ],
    ids=["read-only", "permission", "full-disk", "quota"],
)
def test_a_write_that_fails_does_not_stop_the_run_and_leaves_no_temporary(tmp_path, monkeypatch, failure):
    original = os.fsync

    def fails(fd):
        original(fd)
        raise failure

    monkeypatch.setattr(cache.os, "fsync", fails)
    _computed_despite(monkeypatch, tmp_path, "cannot be used")
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_entry_is_recomputed(store, monkeypatch):
    entry, compute, calls = store

    def unreadable(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(type(entry), "read_bytes", unreadable)
    with pytest.warns(cache.CacheWarning, match="cannot be read"):
        assert cache.cached("study", {"seed": 1}, compute) == {"value": 2}


def test_stale_entries_and_leftover_temporaries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    cache.prune.cache_clear()
    stale = tmp_path / "study-000000000000-abc.npz"
    stale.write_bytes(b"old")
    pickled = tmp_path / f"study-{cache.source_fingerprint()[:12]}-abc.pkl"
    pickled.write_bytes(b"the former pickled format")
    old = tmp_path / f"x.npz.{os.getpid()}.tmp"
    old.write_bytes(b"half, of a writer that still runs but long ago")
    os.utime(old, (1.0, 1.0))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = tmp_path / f"z.npz.{dead.pid}.tmp"
    killed.write_bytes(b"half, of a writer that no longer runs")
    anonymous = tmp_path / "w.tmp"
    anonymous.write_bytes(b"no process id")
    fresh_tmp = tmp_path / f"y.npz.{os.getpid()}.tmp"
    fresh_tmp.write_bytes(b"being written")
    cache.cached("study", {"seed": 1}, lambda: 1)
    assert fresh_tmp.exists()
    assert not any(p.exists() for p in (stale, pickled, old, killed, anonymous))
    assert len(list(tmp_path.glob("study-*.npz"))) == 1


def test_interrupted_write_leaves_nothing_under_the_final_name(tmp_path):
    target = tmp_path / "figure.png"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as tmp:
            tmp.write_bytes(b"\x89PNG half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as tmp:
            tmp.write_text("new but unfinished")
            raise RuntimeError
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]


def test_figure_interrupted_while_drawing_leaves_no_png(tmp_path, monkeypatch):
    fig = plt.figure()
    original = fig.savefig

    def interrupted(fname, **kwargs):
        original(fname, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_figure(fig, tmp_path / "f")
    plt.close(fig)
    assert list(tmp_path.iterdir()) == []


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path, monkeypatch, capsys):
    target = tmp_path / "out"
    target.write_text("x")
    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("work started"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["figures", "--out", str(target)])
    assert exit_.value.code == 2
    assert "is a file, not a folder" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_out_that_is_not_writable_is_refused(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("work started"))
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main(["claims", "--out", str(locked / "sub")])
    finally:
        locked.chmod(0o700)
    assert exit_.value.code == 2
    assert "is not a writable folder" in capsys.readouterr().err


def test_out_under_a_file_is_refused(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("work started"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["claims", "--out", str(blocker / "sub")])
    assert exit_.value.code == 2
    assert "is not a writable folder" in capsys.readouterr().err


# -- interruptions and a full disk in the command line -----------------------------------------


def _main_with(registry, monkeypatch, argv):
    monkeypatch.setenv("REPLICATION_CACHE", "off")
    monkeypatch.setattr(cli, "run", partial(cli.run, registry=registry, log=lambda line: None))
    try:
        return cli.main(argv)
    except SystemExit as exit_:
        return exit_.code


def _one_clear_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_full_disk_is_one_line_and_leaves_nothing_partial(registry, tmp_path, monkeypatch, capsys):
    original = type(tmp_path).write_text

    def full(self, text, *args, **kwargs):
        original(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(type(tmp_path), "write_text", full)
    out = tmp_path / "out"
    assert _main_with(registry, monkeypatch, ["tables", "--out", str(out)]) == 1
    line = _one_clear_line(capsys.readouterr().err)
    assert line.startswith(f"error: no space left on the device while writing to {out}")
    assert list(out.iterdir()) == []


def test_a_failed_write_of_another_kind_is_one_line(registry, tmp_path, monkeypatch, capsys):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "claims.json")

    monkeypatch.setattr(cli, "write_json", refused)
    assert _main_with(registry, monkeypatch, ["claims", "--out", str(tmp_path)]) == 1
    assert (
        _one_clear_line(capsys.readouterr().err)
        == f"error: cannot write to {tmp_path} (claims.json): Permission denied"
    )


def test_ctrl_c_in_process_is_one_line_with_status_130(registry, tmp_path, monkeypatch, capsys):
    def interrupted(entry):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check", interrupted)
    assert _main_with(registry, monkeypatch, ["claims", "--out", str(tmp_path)]) == 130
    assert _one_clear_line(capsys.readouterr().err).startswith("interrupted (SIGINT)")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(registry, tmp_path, monkeypatch):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = [tmp_path / f".shim2012_figure_2.png.{dead.pid}.tmp", tmp_path / ".xxx.tmp"]
    running = tmp_path / f".claims.json.{os.getpid()}.tmp"  # a writer that still runs
    for path in (*killed, running):
        path.write_bytes(b"half a file")
    assert _main_with(registry, monkeypatch, ["tables", "--out", str(tmp_path)]) == 0
    assert not any(p.exists() for p in killed) and running.exists()
    assert {p.name for p in tmp_path.iterdir()} == {
        running.name,
        "ogut2005_table_regions.csv",
        "ogut2005_table_regions.md",
        "ogut2005_table_regions.tex",
    }


def test_sigterm_in_process_is_one_line_with_status_143(registry, tmp_path, monkeypatch, capsys):
    def terminated(entry):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
        pytest.fail("SIGTERM did not stop the run")

    monkeypatch.setattr(cli, "check", terminated)
    previous = signal.getsignal(signal.SIGTERM)
    assert _main_with(registry, monkeypatch, ["claims", "--out", str(tmp_path)]) == 143
    assert _one_clear_line(capsys.readouterr().err).startswith("interrupted (SIGTERM)")
    assert signal.getsignal(signal.SIGTERM) == previous


def test_ctrl_c_in_a_command_line_run_is_one_line_with_status_130(tmp_path):
    signum = signal.SIGINT
    out = tmp_path / "out"
    env = {**os.environ, "REPLICATION_CACHE": "off", "PYTHONPATH": os.pathsep.join(sys.path)}
    # the whole run (about a minute without the cache), so the signal comes while it works; Ctrl-C
    # as in a terminal: a shell starts background jobs with SIGINT ignored, and the tests may be one
    argv = [sys.executable, "-m", "replication", "all", "--out", str(out)]
    process = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not out.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # --out is made inside the run's error handling, before the registry loads
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum
    assert _one_clear_line(err).startswith(f"interrupted ({signal.Signals(signum).name})")
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_a_cache_that_cannot_be_used_does_not_stop_a_command_line_run(registry, tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(blocker))
    cache.prune.cache_clear()
    out = tmp_path / "out"
    monkeypatch.setattr(cli, "run", partial(cli.run, registry=registry, log=lambda line: None))
    monkeypatch.setattr(cli, "check", lambda entry: cache.cached("claim", {"id": entry.id}, entry.check))
    seen = []

    def shown(message, category, filename, lineno, file=None, line=None):
        seen.append(warnings.formatwarning(message, category, filename, lineno, line))

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        monkeypatch.setattr(warnings, "showwarning", shown)
        assert cli.main(["claims", "--out", str(out)]) == 0
    assert len(seen) == 3 and all(w.startswith("warning: cache folder") and w.count("\n") == 1 for w in seen)
    assert len(json.loads((out / "claims.json").read_text())) == 3
    assert cli._format_warning(UserWarning("other"), UserWarning, "f.py", 1).count("\n") >= 1
