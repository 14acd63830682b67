"""Faults: a damaged cache, an interrupted write, an output folder that cannot be used."""

from __future__ import annotations

import os
import pickle
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from replication import cli  # noqa: E402
from replication.core import cache  # noqa: E402
from replication.core.output import atomic_write, save_figure, write_text  # noqa: E402


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
    (entry,) = tmp_path.glob("study-*.pkl")
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


def test_truncated_entry_is_discarded_and_recomputed(store):
    entry, compute, calls = store
    entry.write_bytes(entry.read_bytes()[:-5])
    assert "checksum mismatch" in recomputed_with_one_warning(compute, calls)


def test_garbage_entry_is_discarded(store):
    entry, compute, calls = store
    entry.write_bytes(b"\x00\x01 not a pickle at all")
    assert "not a cache entry" in recomputed_with_one_warning(compute, calls)


def test_altered_but_valid_pickle_is_not_trusted(store):
    entry, compute, calls = store
    header, _, _ = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header + b"\n" + pickle.dumps({"value": 99}))
    assert "checksum" in recomputed_with_one_warning(compute, calls)


def test_entry_of_another_key_is_not_trusted(store, tmp_path):
    entry, compute, calls = store
    cache.cached("study", {"seed": 2}, compute)
    other = next(p for p in tmp_path.glob("study-*.pkl") if p != entry)
    entry.write_bytes(other.read_bytes())
    calls.pop()
    assert "checksum" in recomputed_with_one_warning(compute, calls)


def test_type_in_header_is_checked():
    blob = cache.encode("k", [1, 2])
    header, _, payload = blob.partition(b"\n")
    forged = header.replace(b"builtins.list", b"builtins.dict") + b"\n" + payload
    with pytest.raises(ValueError, match="holds a builtins.list, its header says builtins.dict"):
        cache.decode("k", forged)
    assert cache.decode("k", blob) == [1, 2]


def test_stale_entries_and_leftover_temporaries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLICATION_CACHE_DIR", str(tmp_path))
    cache.prune.cache_clear()
    stale = tmp_path / "study-000000000000-abc.pkl"
    stale.write_bytes(b"old")
    leftover = tmp_path / "x.pkl.123.tmp"
    leftover.write_bytes(b"half")
    os.utime(leftover, (1.0, 1.0))
    fresh_tmp = tmp_path / "y.pkl.456.tmp"
    fresh_tmp.write_bytes(b"being written")
    cache.cached("study", {"seed": 1}, lambda: 1)
    assert not stale.exists() and not leftover.exists() and fresh_tmp.exists()
    assert len(list(tmp_path.glob("study-*.pkl"))) == 1


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
