"""The release archive: every file a reader or an archive needs, byte-reproducibly.

    python -m tools.release [--html _build/html] [--pdf _build/pdf] [--out dist]

writes into ``dist/`` (``<v>`` is the package version)::

    replication-<v>-source.tar.gz      the complete source: everything ``make book`` and
                                       ``make test`` need (the package, the tools, the
                                       chapters, the tests, the lock, ...)
    cyberinsurance_replication-<v>.tar.gz            the package's source distribution
    cyberinsurance_replication-<v>-py3-none-any.whl  the package as a wheel
    replication-<v>-html.zip           the HTML book
    replication-<v>.pdf                the PDF edition
    replication-<v>-outputs.zip        every figure, table and claims.json (``python -m replication all``)
    CITATION.cff                       how to cite this version
    <the hashed lock>                  when the project has one
    SHA256SUMS                         checksums of all the above (``sha256sum -c SHA256SUMS``)

Two runs give the same bytes: every archive has its entries sorted, the time stamp
``SOURCE_DATE_EPOCH`` (default: midnight UTC of ``date-released`` in ``CITATION.cff``),
owner 0 and permissions 644 (755 for folders).
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from tools.version import PROJECT, citation, project_version, source_date_epoch

#: what the source archive leaves out when git cannot list the project's files
SOURCE_EXCLUDE = (
    ".git",
    ".venv",
    "_build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".ipynb_checkpoints",
    ".pytest_cache",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
)
#: hashed lock files the release carries when the project has one
LOCKS = ("requirements.lock", "requirements-lock.txt", "requirements.lock.txt", "pylock.toml")
FILE_MODE, DIR_MODE = 0o644, 0o755
EXEC_MODE = 0o755  # a file the checkout has executable (.ci/run)
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    return datetime.fromtimestamp(max(epoch, ZIP_EPOCH), UTC).timetuple()[:6]


def write_zip(entries: dict[str, bytes], target: Path, epoch: int, *, keep_order: bool = False) -> Path:
    """A zip of ``{name: bytes}``, entries sorted (or in the given order), fixed time and mode."""
    names = list(entries) if keep_order else sorted(entries)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_zip_time(epoch))
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return target


def zip_folder(folder: Path, target: Path, epoch: int, prefix: str = "") -> Path:
    """Every file below ``folder`` into a reproducible zip, names relative to it."""
    files = {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
    if not files:
        raise ValueError(f"{folder} holds no files")
    return write_zip(files, target, epoch)


def normalise_wheel(path: Path, epoch: int) -> Path:
    """Rewrite a wheel with fixed times and modes, keeping its entry order (RECORD last)."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    return write_zip(entries, path, epoch, keep_order=True)


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes | None:
    """A regular member's bytes (None for folders and links)."""
    handle = archive.extractfile(member) if member.isfile() else None
    return handle.read() if handle is not None else None


def normalise_sdist(path: Path, epoch: int) -> Path:
    """Rewrite a ``.tar.gz`` with sorted members, owner 0, fixed times and modes."""
    with tarfile.open(path, "r:gz") as archive:
        members = [(m, _read(archive, m)) for m in archive.getmembers()]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for member, data in sorted(members, key=lambda m: m[0].name):
            member.mtime, member.uid, member.gid, member.uname, member.gname = epoch, 0, 0, "", ""
            member.mode = DIR_MODE if member.isdir() else FILE_MODE
            member.pax_headers = {}
            archive.addfile(member, io.BytesIO(data) if data is not None else None)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as out:
        out.write(buffer.getvalue())
    return path


def build_package(out: Path, epoch: int) -> list[Path]:
    """sdist, then the wheel built from that sdist (as ``python -m build`` does)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    hook = "import sys; from setuptools import build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(
            PROJECT,
            source,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "_build", "dist", "*.egg-info", "__pycache__", ".ipynb_checkpoints"
            ),
        )
        name = subprocess.run(
            [sys.executable, "-c", hook, "build_sdist", str(out)],
            cwd=source,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        sdist = normalise_sdist(out / name, epoch)
        with tarfile.open(sdist) as archive:
            archive.extractall(Path(tmp) / "unpacked", filter="data")
        unpacked = next((Path(tmp) / "unpacked").iterdir())
        name = subprocess.run(
            [sys.executable, "-c", hook, "build_wheel", str(out)],
            cwd=unpacked,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        wheel = normalise_wheel(out / name, epoch)
    return [sdist, wheel]


def source_files(root: Path = PROJECT) -> list[str]:
    """The project's files as a fresh clone has them, relative to ``root`` and sorted: the
    files git tracks or would track (not ignored) in a git checkout, else every file outside
    :data:`SOURCE_EXCLUDE`.  Symbolic links (a local ``.venv``) are left out."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            check=True,
            capture_output=True,
        ).stdout.decode()
        names = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # no git, or not a checkout (an unpacked archive)
        names = [
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if not any(
                fnmatch.fnmatch(part, pattern) for part in p.relative_to(root).parts for pattern in SOURCE_EXCLUDE
            )
        ]
    return sorted(n for n in set(names) if (root / n).is_file() and not (root / n).is_symlink())


def write_source_archive(target: Path, epoch: int, root: Path = PROJECT) -> Path:
    """The complete source as a reproducible ``.tar.gz`` below one folder named as ``target``
    (``replication-<v>-source/``): every file of :func:`source_files`, sorted, owner 0, time
    stamp ``epoch``, mode 644 (755 for a file the checkout has executable, such as ``.ci/run``).
    Unpacked, ``make book`` and ``make test`` run in it as in a clone."""
    prefix = target.name.removesuffix(".tar.gz")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in source_files(root):
            data = (root / name).read_bytes()
            info = tarfile.TarInfo(f"{prefix}/{name}")
            info.size, info.mtime, info.uid, info.gid = len(data), epoch, 0, 0
            info.mode = EXEC_MODE if os.access(root / name, os.X_OK) else FILE_MODE
            archive.addfile(info, io.BytesIO(data))
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as out:
        out.write(buffer.getvalue())
    return target


def build_outputs(target: Path, epoch: int) -> Path:
    """Every figure, table and ``claims.json`` from the command line, zipped."""
    with tempfile.TemporaryDirectory(prefix="outputs-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "replication", "all", "--out", tmp], check=True, stdout=subprocess.DEVNULL
        )
        return zip_folder(Path(tmp), target, epoch, prefix=target.stem + "/")


def copy_fixed(source: Path, target: Path, epoch: int) -> Path:
    """Copy ``source`` to ``target`` with the fixed mode and time stamp ``epoch``; returns ``target``."""
    shutil.copyfile(source, target)
    target.chmod(FILE_MODE)
    os.utime(target, (epoch, epoch))
    return target


def sha256sums(folder: Path, names: list[str]) -> Path:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads."""
    lines = [f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in sorted(names)]
    path = folder / "SHA256SUMS"
    path.write_text("".join(lines))
    return path


def check_citation(version: str) -> None:
    """Raise ValueError unless CITATION.cff gives the package's ``version``."""
    cited = str(citation()["version"])
    if cited != version:
        raise ValueError(f"CITATION.cff gives version {cited}, the package {version}: make them agree")


def build(html_dir: Path, pdf_dir: Path, out: Path, log=print) -> list[Path]:
    """Write the release archive into ``out`` (emptied first); return its files."""
    version = project_version()
    check_citation(version)
    pdf = pdf_dir / f"replication-{version}.pdf"
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir} holds no built book: run `make book` first")
    if not pdf.is_file():
        raise FileNotFoundError(f"{pdf} is missing: run `make pdf` first")
    epoch = source_date_epoch()
    html_dir, out = html_dir.resolve(), out.resolve()  # the package is built in another folder
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = build_package(out, epoch)
    log(f"package: {', '.join(p.name for p in files)}")
    files.append(write_source_archive(out / f"replication-{version}-source.tar.gz", epoch))
    files.append(
        zip_folder(html_dir, out / f"replication-{version}-html.zip", epoch, prefix=f"replication-{version}-html/")
    )
    files.append(copy_fixed(pdf, out / pdf.name, epoch))
    files.append(build_outputs(out / f"replication-{version}-outputs.zip", epoch))
    files.append(copy_fixed(PROJECT / "CITATION.cff", out / "CITATION.cff", epoch))
    files += [copy_fixed(PROJECT / lock, out / lock, epoch) for lock in LOCKS if (PROJECT / lock).is_file()]
    files.append(sha256sums(out, [p.name for p in files]))
    total = sum(p.stat().st_size for p in files)
    log(
        f"wrote {len(files)} files to {out} ({total / 1e6:.1f} MB); verify with "
        f"`cd {out.name} && sha256sum -c SHA256SUMS`"
    )
    return files


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make dist``: write the release archive; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.release", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=PROJECT / "_build" / "html", help="the built HTML book")
    parser.add_argument("--pdf", type=Path, default=PROJECT / "_build" / "pdf", help="folder of the PDF edition")
    parser.add_argument("--out", type=Path, default=PROJECT / "dist", help="output folder (emptied first)")
    args = parser.parse_args(argv)
    try:
        build(args.html, args.pdf, args.out)
    except (FileNotFoundError, ValueError) as err:
        parser.exit(1, f"error: {err}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
