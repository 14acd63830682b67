"""The release's machinery on small inputs: one version everywhere, reproducible archives,
the lab's workspace, the PDF's link rewriting (fast: part of ``make test``)."""

from __future__ import annotations

import gzip
import io
import os
import re
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import replication
from tools import lab, release, version
from tools.pdf import Chapter, _Rewriter, reading_order
from tools.toc import chapters
from tools.version import citation, project_version

ROOT = Path(__file__).resolve().parents[2]


def test_one_version_in_pyproject_metadata_package_and_citation():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert project_version() == declared == replication.__version__
    assert str(citation(ROOT / "CITATION.cff")["version"]) == declared


def test_release_refuses_a_citation_with_another_version(monkeypatch):
    monkeypatch.setattr(release, "citation", lambda: {"version": "0.0.1"})
    with pytest.raises(ValueError, match="CITATION.cff gives version 0.0.1"):
        release.check_citation(project_version())


def test_source_date_epoch_defaults_to_the_release_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(version, "release_date", lambda: "2026-11-22")
    assert version.source_date_epoch() == 1795305600  # 2026-11-22T00:00:00Z
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert version.source_date_epoch() == 86400
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        version.source_date_epoch()


def test_zip_of_a_folder_is_sorted_dated_and_the_same_whatever_the_files_times(tmp_path):
    folder = tmp_path / "f"
    (folder / "b").mkdir(parents=True)
    for name, text in (("z.txt", "z"), ("a.txt", "a"), ("b/c.txt", "c")):
        (folder / name).write_text(text)
    first = release.zip_folder(folder, tmp_path / "1.zip", 1795305600).read_bytes()
    for path in folder.rglob("*.txt"):
        path.touch()
        path.chmod(0o600)
    second = release.zip_folder(folder, tmp_path / "2.zip", 1795305600).read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a.txt", "b/c.txt", "z.txt"]
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 22, 0, 0, 0)}
        assert {(i.external_attr >> 16) & 0o777 for i in archive.infolist()} == {0o644}


def _tar_gz(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data, mtime, mode in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uid, info.uname = len(data), mtime, mode, 1000, "someone"
            archive.addfile(info, io.BytesIO(data))
    return path


def test_sdist_normalised_to_the_same_bytes(tmp_path):
    one = _tar_gz(tmp_path / "one.tar.gz", [("p/b.py", b"b", 5, 0o600), ("p/a.py", b"a", 7, 0o664)])
    two = _tar_gz(tmp_path / "two.tar.gz", [("p/a.py", b"a", 99, 0o644), ("p/b.py", b"b", 12, 0o755)])
    assert one.read_bytes() != two.read_bytes()
    for path in (one, two):
        release.normalise_sdist(path, 86400)
    assert one.read_bytes() == two.read_bytes()
    with tarfile.open(one) as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == ["p/a.py", "p/b.py"]
    assert {(m.mtime, m.mode, m.uid, m.uname) for m in members} == {(86400, 0o644, 0, "")}
    with gzip.open(one) as raw:
        raw.read()
        assert raw.mtime == 86400


def test_sha256sums_is_what_sha256sum_checks(tmp_path):
    (tmp_path / "b.bin").write_bytes(b"")
    (tmp_path / "a.txt").write_text("abc")
    text = release.sha256sums(tmp_path, ["b.bin", "a.txt"]).read_text()
    assert text == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b.bin\n"
    )


def test_lab_opens_every_chapter_notebook_in_reading_order_on_localhost():
    notebooks = lab.chapter_notebooks()
    expected = [f"{doc}.ipynb" for doc in chapters() if (ROOT / f"{doc}.ipynb").is_file()]
    assert notebooks == expected and len(notebooks) >= 10
    space = lab.workspace(notebooks)
    assert space["data"]["layout-restorer:data"]["main"]["dock"]["widgets"] == [f"notebook:{p}" for p in notebooks]
    assert all(space["data"][f"notebook:{p}"]["data"]["path"] == p for p in notebooks)


def test_lab_command_listens_on_loopback_only(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    cmd = lab.command(8890, root=tmp_path, open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=8890" in cmd and "--no-browser" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert list((tmp_path / "_build" / "lab" / "workspaces").glob("*.jupyterlab-workspace"))


def test_print_document_links_stay_inside_the_pdf(tmp_path):
    order = reading_order(ROOT / "_toc.yml")
    assert order[0] == ("book/intro", "") and len(order) == len(chapters())
    docs = {doc: Chapter(doc, part).anchor for doc, part in order}
    rewriter = _Rewriter(tmp_path, tmp_path, docs, {}, tmp_path, None)
    here = "book/shim2012/insurance"
    assert rewriter.link(here, "#overview") == f"#{docs[here]}--overview"
    assert (
        rewriter.link(here, "../ogut2005/independent.html#result-1")
        == f"#{docs['book/ogut2005/independent']}--result-1"
    )
    assert rewriter.link(here, "../ledger.html") == f"#{docs['book/ledger']}"
    assert rewriter.link(here, "../../genindex.html") == f"#{docs[here]}"
    assert rewriter.link(here, "https://doi.org/10.1/x") == "https://doi.org/10.1/x"


def test_devtools_pipe_prints_a_page_to_pdf(tmp_path):
    import os
    import shutil

    from pypdf import PdfReader

    from tools.devtools import Browser, DevToolsError

    if not shutil.which("chromium") and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed")
    page_file = tmp_path / "page.html"
    page_file.write_text(
        "<!DOCTYPE html><html><body><h1>Heading one</h1><p>Some text.</p>"
        "<h1 style='break-before: page'>Heading two</h1></body></html>"
    )
    with Browser() as browser:
        page = browser.open(page_file.as_uri())
        assert page.evaluate("Promise.resolve(document.querySelectorAll('h1').length)") == 2
        with pytest.raises(DevToolsError, match="JavaScript error"):
            page.evaluate("undefinedName.property")
        pdf = page.print_pdf(tmp_path / "page.pdf", generateDocumentOutline=True)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert "Some text." in reader.pages[0].extract_text()
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [0, 1]


@pytest.mark.parametrize("lowest_free", [3, 97, 98, 99, 100])
def test_devtools_pipe_ends_land_on_any_descriptor(lowest_free):
    """Chromium's descriptors 3 and 4 are wired whichever numbers the pipe ends got."""
    import os
    import shutil

    from tools.devtools import Browser

    if not shutil.which("chromium") and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed")
    held = []
    try:
        while True:
            fd = os.open(os.devnull, os.O_RDONLY)
            if fd >= lowest_free:
                os.close(fd)
                break
            held.append(fd)
        with Browser() as browser:
            assert browser.open("about:blank#ready").evaluate("6 * 7") == 42
    finally:
        for fd in held:
            os.close(fd)


#: what a fresh clone needs for `make book` and `make test`, besides the package and the chapters
CLONE_FILES = (
    "Makefile",
    "pyproject.toml",
    "requirements.in",
    "requirements.lock",
    "environment.yml",
    "_config.yml",
    "_toc.yml",
    "_static/book.css",
    "conftest.py",
    "CITATION.cff",
    ".zenodo.json",
    "LICENSE",
    "LICENSE-text",
    "README.md",
    ".ci/run",
    "replication/py.typed",
    "book/references.bib",
)


@pytest.mark.slow  # two processes import the package and draw a figure: about 12 s of CPU
def test_source_archive_holds_the_whole_project_and_regenerates_the_outputs(tmp_path, monkeypatch):
    """Unpacked into a fresh folder, the source archive has every file `make book` and `make test`
    read, and regenerates a figure and a claim, byte for byte, with only that folder on the path."""
    import subprocess
    import sys

    from replication.cli import run

    monkeypatch.setenv("REPLICATION_CACHE", "off")
    target = release.write_source_archive(tmp_path / "replication-9.9.9-source.tar.gz", 1795305600)
    (tmp_path / "again").mkdir()
    again = release.write_source_archive(tmp_path / "again" / target.name, 1795305600)
    assert again.read_bytes() == target.read_bytes()  # reproducible
    with tarfile.open(target) as archive:
        members = {m.name: m for m in archive.getmembers()}
        archive.extractall(tmp_path / "fresh", filter="data")
    root = tmp_path / "fresh" / "replication-9.9.9-source"
    names = {name.removeprefix("replication-9.9.9-source/") for name in members}
    assert set(CLONE_FILES) <= names
    tracked = {f"{doc}.ipynb" for doc in chapters()} | {f"{doc}.md" for doc in chapters()}
    assert {name for name in tracked if (ROOT / name).is_file()} <= names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")} <= names
    for folder in ("replication", "tools", "benchmarks"):
        assert {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*.py")} <= names, folder
    assert not [n for n in names if n.split("/")[0] in (".venv", "_build", "dist", ".git") or "__pycache__" in n]
    assert members["replication-9.9.9-source/.ci/run"].mode == 0o755
    assert {(m.mtime, m.uid, m.mode & 0o644) for m in members.values()} == {(1795305600, 0, 0o644)}

    ids = ["shim2012:figure_6", "shim2012:externality_signs"]
    out = tmp_path / "from-archive"
    entry = "import sys, replication; print(replication.__file__); from replication.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", entry, "all", "--only", *ids, "--out", str(out)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "REPLICATION_CACHE": "off"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.splitlines()[0]).resolve() == (root / "replication" / "__init__.py").resolve()
    here = tmp_path / "from-checkout"
    here.mkdir()
    run(("figures", "tables", "claims"), here, ids, log=lambda line: None)
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(p.name for p in here.iterdir())
    assert {"shim2012_figure_6.png", "shim2012_figure_6.svg", "shim2012_figure_6.csv", "claims.json"} <= set(made)
    for name in made:
        assert (out / name).read_bytes() == (here / name).read_bytes(), name


def test_the_wheel_is_what_users_install_and_cite(tmp_path):
    """Built as `make dist` builds it: the free distribution name, ranges not pins, no cap on
    Python, the extras, the console script, py.typed and both licences."""
    from email.parser import Parser

    sdist, wheel = release.build_package(tmp_path, 1795305600)
    assert wheel.name == f"cyberinsurance_replication-{replication.__version__}-py3-none-any.whl"
    assert sdist.name == f"cyberinsurance_replication-{replication.__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"cyberinsurance_replication-{replication.__version__}.dist-info"
        meta = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        scripts = archive.read(f"{info}/entry_points.txt").decode()
    assert "replication/py.typed" in names and "replication/__init__.py" in names
    assert not [n for n in names if n.startswith(("tests/", "book/", "benchmarks/"))]
    assert meta["Name"] == "cyberinsurance-replication" and meta["Requires-Python"] == ">=3.11"
    assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
    assert set(meta.get_all("License-File")) == {"LICENSE", "LICENSE-text"}
    runtime = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert {re.match(r"[\w-]+", r).group(0) for r in runtime} >= {"numpy", "scipy", "matplotlib", "sympy"}
    specs = [r.split(";")[0] for r in meta.get_all("Requires-Dist")]
    assert all(">=" in s and "==" not in s for s in specs), specs
    assert {"book", "test"} <= set(meta.get_all("Provides-Extra"))
    assert "Typing :: Typed" in meta.get_all("Classifier") and "replication" in meta["Keywords"]
    assert "replication = replication.cli:main" in scripts
