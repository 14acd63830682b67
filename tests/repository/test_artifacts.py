"""The artifacts read back: the PDF edition, the release archive built twice, JupyterLab.

These need the built book and PDF and take minutes, so ``make test`` skips them and
``make test-artifacts`` (which builds the PDF first) runs them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import unicodedata
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from replication.ledger.registry import REGISTRY, load_all
from tools import lab, release
from tools.toc import chapters
from tools.version import citation, project_version

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
PDF_DIR = ROOT / "_build" / "pdf"

pytestmark = pytest.mark.skipif(
    not os.environ.get("REPLICATION_ARTIFACT_TESTS"), reason="artifact tests run with `make test-artifacts`"
)


def flat(text: str) -> str:
    """Text as compared: ligatures undone, lines broken after a hyphen joined, dashes and quotes
    plain, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\w)-\n(?=\w)", "-", text)  # a line broken after a hyphen ("weakest-link")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    path = PDF_DIR / f"replication-{project_version()}.pdf"
    assert path.is_file(), "run `make pdf` first"
    return PdfReader(path)


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    """Each page's text, by poppler's pdftotext where installed (fast), else pypdf."""
    path = PDF_DIR / f"replication-{project_version()}.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        found = [flat(page) for page in text.split("\f")[: len(pdf.pages)]]
    else:
        found = [flat(page.extract_text()) for page in pdf.pages]
    assert len(found) == len(pdf.pages)
    return found


def image_sizes(resources) -> list[tuple[int, int]]:
    """Pixel sizes of the images a page draws, Form XObjects followed (nothing decoded)."""
    sizes = []
    objects = resources.get("/XObject", {}) if resources else {}
    for ref in objects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            sizes.append((int(obj["/Width"]), int(obj["/Height"])))
        elif obj.get("/Subtype") == "/Form":
            sizes += image_sizes(obj.get("/Resources"))
    return sizes


def html_titles() -> dict[str, str]:
    titles = {}
    for doc in chapters():
        soup = BeautifulSoup((HTML / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        heading = soup.select_one("article.bd-article h1")
        for link in heading.select("a.headerlink"):
            link.decompose()
        titles[doc] = flat(heading.get_text(" "))
    return titles


def test_pdf_has_a_title_page_with_the_version_then_contents(pdf, pages):
    version = project_version()
    assert f"version {version}" in pages[0]
    assert pdf.metadata.title.startswith("Cyber insurance")
    assert version in pdf.metadata.subject
    assert pages[1].startswith("Contents")


def test_pdf_page_count_and_every_chapter_title(pdf, pages):
    titles = html_titles()
    # title page, contents, then at least a page per chapter
    assert len(pdf.pages) >= len(titles) + 2
    text = " ".join(pages[2:])
    missing = [t for t in titles.values() if t not in text]
    assert not missing, f"chapter titles not in the PDF: {missing}"


def test_contents_page_numbers_point_at_the_chapters(pages):
    """Each contents line ends in the page where that chapter's title is printed."""
    contents = pages[1]
    for title in html_titles().values():
        found = re.search(re.escape(title) + r" (\d+)", contents)
        assert found, f"{title!r} not in the contents with a page number"
        assert pages[int(found.group(1)) - 1].find(title) != -1, f"{title!r} is not on page {found.group(1)}"


def test_bookmarks_lead_to_every_chapter(pdf, pages):
    marks = {}

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                marks[flat(item.title)] = (depth, pdf.get_destination_page_number(item))

    walk(pdf.outline)
    top = [flat(item.title) for item in pdf.outline if not isinstance(item, list)]
    assert top[:2] == ["Title page", "Contents"], f"the outline does not start with ours: {top[:3]}"
    assert len(top) == len(set(top)), f"bookmarks listed twice: {top}"
    assert marks["Title page"] == (0, 0)
    assert "Contents" in marks
    assert sum(1 for t, (d, _) in marks.items() if t.startswith("Part ") and d == 0) >= 3
    for title in html_titles().values():
        assert title in marks, f"no bookmark for {title!r}"
        assert title in pages[marks[title][1]], f"the bookmark for {title!r} points to another page"


def prose(caption: str) -> list[str]:
    """The caption's text between its formulas (an escaped \\$ is a dollar sign)."""
    pieces = re.split(r"(?<!\\)\$[^$]*(?<!\\)\$", caption)
    return [flat(piece.replace("\\$", "$")) for piece in pieces]


def test_every_paper_figure_caption_is_in_the_pdf(pages):
    load_all()
    text = " ".join(pages)
    figures = REGISTRY.sorted("figures")
    assert figures
    # the prose of each caption; its formulas are typeset, so not text
    missing = [e.id for e in figures if any(len(p) > 3 and p not in text for p in prose(e.caption))]
    assert not missing, f"captions not found: {missing}"


def bookmark_pages(pdf: PdfReader) -> dict[str, int]:
    """0-based first page of every bookmark, by its title."""
    marks: dict[str, int] = {}

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks.setdefault(flat(item.title), pdf.get_destination_page_number(item))

    walk(pdf.outline)
    return marks


def test_no_raw_tex_or_dollar_left(pdf, pages):
    """No TeX source survives typesetting; a dollar sign appears only as currency ($40M).

    The API reference is left out: it documents code, whose signatures and literals (a
    default value, the docstring of the currency escaper) are Python, printed as written."""
    marks = bookmark_pages(pdf)
    api = range(marks["API reference"], marks["References"])
    assert len(api) > 0
    for number, text in enumerate(pages, start=1):
        if number - 1 in api:
            continue
        text = re.sub(r"\$(?=\d|[MBK]\b)", "USD", text)
        for token in ("$", "\\(", "\\[", "\\frac", "\\mathrm", "\\begin{", "\\left"):
            assert token not in text, (
                f"page {number} has raw {token!r}: ...{text[max(0, text.find(token) - 60) : text.find(token) + 60]}..."
            )


def outline(pdf: PdfReader) -> list[tuple[str, int]]:
    """Every bookmark in reading order: (title, 0-based page)."""
    found: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((flat(item.title), pdf.get_destination_page_number(item)))

    walk(pdf.outline)
    return found


def squash(text: str) -> str:
    """Letters and digits only, lower case: text compared across line breaks and hyphenation."""
    return re.sub(r"[\W_]+", "", flat(text)).lower()


def test_the_ledger_summary_tables_are_printed_without_tex(pdf, pages):
    """The ledger's summary tables are in the PDF: from the bookmark "At a glance" to the next
    bookmark, every paper's table is there, in the book's order, with a status per claim, and
    none of it is raw TeX."""
    from replication.core.papers import PAPERS

    load_all()
    marks = outline(pdf)
    titles = [title for title, _ in marks]
    assert "At a glance" in titles, "the ledger has no summary section"
    k = titles.index("At a glance")
    glance = " ".join(pages[marks[k][1] : marks[k + 1][1] + 1])
    for token in ("\\(", "\\frac", "\\mathrm", "\\begin{", "{ref}", "{status}", ":::"):
        assert token not in glance, f"raw {token!r} in the summary tables"
    # the running header (title, version, page) can fall inside a table row: take it out
    text, rows = re.sub(r"cyberinsuranceandsecurityinvestmentunderinterdependentriskversion\d+", "", squash(glance)), 0
    papers = [paper for paper in PAPERS if any(e.paper == paper for e in REGISTRY.sorted("claims"))]
    starts, cursor = [], 0
    for paper in papers:
        cursor = text.find(squash(PAPERS[paper].short), cursor)
        assert cursor >= 0, f"no summary table for {paper}"
        starts.append(cursor)
    # the extracted text interleaves a table's cells line by line, so labels are not compared
    # word for word; every claim must have its row's status
    rows = sum(1 for e in REGISTRY.sorted("claims") if e.paper in papers)
    assert rows > 0
    statuses = sum(flat(glance).count(word) for word in ("reproduced", "calibrated"))
    assert statuses >= rows, f"{statuses} status badges for {rows} rows"


def test_every_figure_is_embedded_at_print_resolution(pdf):
    """Each figure drawn at 300 dpi is in the PDF at its full pixel size."""
    from tools.pdf import PRINT_DPI

    load_all()
    drawn = sorted((PDF_DIR / "figures").glob("*.png"))
    assert len(drawn) == len(REGISTRY.sorted("figures"))
    embedded = []
    for page in pdf.pages:
        embedded += image_sizes(page.get("/Resources"))
    for path in drawn:
        size = struct.unpack(">II", path.read_bytes()[16:24])  # the PNG header's width, height
        assert size in embedded, f"{path.name} ({size[0]}x{size[1]} px) is not embedded in the PDF"
        assert size[0] >= 4 * PRINT_DPI, f"{path.name} is only {size[0]} px wide"


def test_code_is_folded_away(pages):
    """No line of a chapter's code cells is printed; imports are left out of the comparison,
    since the Explore sections print the imports their example calls need."""
    text = " ".join(pages)
    assert "Show code cell" not in text
    printed = []
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                lines = [flat(line) for line in cell.source.splitlines()]
                printed += [
                    f"{path.name}: {line}"
                    for line in lines
                    if len(line) >= 30 and not line.startswith(("from ", "import ")) and line in text
                ]
    assert not printed, "code cells printed:\n" + "\n".join(printed[:10])


# --- the release archive -------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory) -> tuple[Path, Path]:
    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name) / "dist"
        release.build(HTML, PDF_DIR, out, log=lambda *a: None)
        outs.append(out)
    return outs[0], outs[1]


def test_release_builds_byte_identically_twice(two_releases):
    first, second = two_releases
    assert (first / "SHA256SUMS").read_text() == (second / "SHA256SUMS").read_text()
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())


def test_release_contents_and_checksums(two_releases):
    out = two_releases[0]
    version = project_version()
    names = {p.name for p in out.iterdir()}
    for name in (
        f"cyberinsurance_replication-{version}.tar.gz",
        f"cyberinsurance_replication-{version}-py3-none-any.whl",
        f"replication-{version}-html.zip",
        f"replication-{version}.pdf",
        f"replication-{version}-outputs.zip",
        "CITATION.cff",
        "SHA256SUMS",
    ):
        assert name in names, name
    listed = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert set(listed) == names - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=out, check=True)
    assert str(citation(out / "CITATION.cff")["version"]) == version


def test_release_outputs_hold_every_figure_table_and_the_claims(two_releases):
    import zipfile

    load_all()
    version = project_version()
    with zipfile.ZipFile(two_releases[0] / f"replication-{version}-outputs.zip") as archive:
        names = {Path(n).name for n in archive.namelist()}
        claims = json.loads(archive.read(f"replication-{version}-outputs/claims.json"))
    for entry in REGISTRY.sorted("figures"):
        stem = entry.id.replace(":", "_")
        assert {f"{stem}.png", f"{stem}.svg", f"{stem}.csv"} <= names
    for entry in REGISTRY.sorted("tables"):
        assert f"{entry.id.replace(':', '_')}.csv" in names
    assert {c["id"] for c in claims} == {e.id for e in REGISTRY.sorted("claims")}


def test_the_wheel_installs_and_reports_its_version(two_releases, tmp_path):
    version = project_version()
    wheel = two_releases[0] / f"cyberinsurance_replication-{version}-py3-none-any.whl"
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    code = (  # the installed distribution's version, and no book tooling shipped with the package
        "import importlib.metadata as m, importlib.util as u, replication; "
        "print(m.version(replication.DISTRIBUTION), replication.__version__, u.find_spec('tools') is None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == [version, version, "True"]


# --- JupyterLab ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port, token = free_port(), uuid.uuid4().hex
    cmd = lab.command(port, open_browser=False) + [f"--IdentityProvider.token={token}"]
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        yield url, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def api(url: str, token: str, path: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{url}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        text = reply.read()
    return json.loads(text) if text else {}


def test_lab_answers_only_with_the_token_and_opens_the_chapters(server):
    url, token = server
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{url}/api/contents", timeout=10)
    with urllib.request.urlopen(f"{url}/lab/workspaces/{lab.WORKSPACE}?token={token}", timeout=30) as reply:
        assert reply.status == 200
    saved = api(url, token, f"/lab/api/workspaces/{lab.WORKSPACE}")
    opened = saved["data"]["layout-restorer:data"]["main"]["dock"]["widgets"]
    assert opened == [f"notebook:{p}" for p in lab.chapter_notebooks()]


def run_in_kernel(url: str, token: str, kernel: str, sources: list[str], timeout: float = 600) -> list[dict]:
    """Execute each source in the server's kernel over its websocket; return the replies."""
    import websocket

    ws = websocket.create_connection(
        f"{url.replace('http', 'ws')}/api/kernels/{kernel}/channels?token={token}", timeout=timeout
    )
    replies = []
    try:
        for source in sources:
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "msg_type": "execute_request",
                            "username": "test",
                            "session": uuid.uuid4().hex,
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "channel": "shell",
                        "buffers": [],
                        "content": {
                            "code": source,
                            "silent": False,
                            "store_history": True,
                            "user_expressions": {},
                            "allow_stdin": False,
                        },
                    }
                )
            )
            streams = []
            while True:
                message = json.loads(ws.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if message["msg_type"] == "stream":
                    streams.append(message["content"]["text"])
                if message["channel"] == "shell" and message["msg_type"] == "execute_reply":
                    replies.append({**message["content"], "stdout": "".join(streams)})
                    break
    finally:
        ws.close()
    return replies


def test_a_chapter_executes_in_the_lab_kernel_of_this_environment(server):
    url, token = server
    chapter = "book/ogut2005/independent.ipynb"
    session = api(
        url,
        token,
        "/api/sessions",
        "POST",
        {"path": chapter, "type": "notebook", "name": Path(chapter).name, "kernel": {"name": "python3"}},
    )
    try:
        kernel = session["kernel"]["id"]
        where = run_in_kernel(url, token, kernel, ["import sys, os; print(sys.prefix); print(os.getcwd())"])[0]
        prefix, cwd = where["stdout"].split("\n")[:2]
        assert Path(prefix).resolve() == Path(sys.prefix).resolve()
        assert Path(cwd).resolve() == (ROOT / chapter).parent.resolve()
        cells = [c.source for c in nbformat.read(ROOT / chapter, as_version=4).cells if c.cell_type == "code"]
        replies = run_in_kernel(url, token, kernel, cells)
        failed = [(i, r.get("ename"), r.get("evalue")) for i, r in enumerate(replies) if r["status"] != "ok"]
        assert not failed, f"cells that failed in the lab kernel: {failed}"
        assert len(replies) == len(cells)
    finally:
        api(url, token, f"/api/sessions/{session['id']}", "DELETE")


def test_pdf_prints_byte_identically_from_another_folder(tmp_path):
    """Two prints of the same pages, staged in different folders, are the same bytes (the
    tagged PDF's element ids, the file identifier and the dates do not depend on the run).
    Three chapters (front matter, a diagram chapter, a chapter with tables and many
    formulas) keep it to a minute; ``make pdf`` prints the whole book the same way."""
    from tools.pdf import build

    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Excerpt\n    chapters:\n"
        "      - file: book/shim2012/frameworks\n      - file: book/naghizadeh2014/mechanism\n"
    )
    folders = (tmp_path / "a", tmp_path / "b" / "one level deeper")
    prints = [build(HTML, folder, toc=toc, log=lambda *a: None) for folder in folders]
    assert prints[0].read_bytes() == prints[1].read_bytes()
