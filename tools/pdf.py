"""The PDF edition: the built HTML book printed as one document by headless Chromium.

    python -m tools.pdf [--html _build/html] [--out _build/pdf]

writes ``<out>/replication-<version>.pdf``. The chapters of the table of contents
(``_toc.yml``) are read from the built HTML and joined, in reading order, into one print
document behind a title page and a table of contents: code cells are left out (only their
outputs are printed), identifiers are made unique per chapter so that cross-references
become links inside the PDF, and every registered figure is redrawn at print resolution
(``PRINT_DPI``) by the same function that drew it for the page. Chromium typesets the
mathematics with the book's own offline MathJax, then prints twice: the first print tells
on which page each chapter starts, the second has those page numbers in the table of
contents. ``pypdf`` then adds the bookmarks (parts, chapters, sections) and fixed metadata,
so two runs on the same HTML give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
)

from replication.drawing.output import PNG_METADATA, file_stem
from replication.ledger.registry import REGISTRY, Registry, load_all
from tools.devtools import Browser
from tools.version import project_version, release_date, source_date_epoch

PROJECT = Path(__file__).resolve().parents[1]
PRINT_DPI = 300
STYLESHEET = Path(__file__).with_name("print.css")
FOOTER = (
    '<div style="font-size:7.5pt;width:100%;margin:0 18mm;display:flex;'
    'justify-content:space-between;color:#555"><span>{title}, version {version}</span>'
    '<span class="pageNumber"></span></div>'
)
#: removed from every page: code, the toggles that fold it, permalinks, screen-only widgets
DROP = (
    "div.cell_input",
    "details.above-input",
    "a.headerlink",
    "button",
    "script",
    "div.prev-next-area",
    "nav",
    ".toggle-details__summary",
)


@dataclass
class Chapter:
    """One page of the book as it is printed."""

    doc: str  # e.g. "book/shim2012/insurance"
    part: str  # the part's caption ("" for front matter)
    title: str = ""
    body: str = ""
    sections: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The chapter's anchor in the print document (``doc-`` and its page path)."""
        return "doc-" + re.sub(r"[^a-z0-9]+", "-", self.doc.lower()).strip("-")


def reading_order(toc: Path) -> list[tuple[str, str]]:
    """(document, part caption) for every page of the table of contents, root first."""
    data = yaml.safe_load(toc.read_text())
    order = [(data["root"], "")]
    for part in data.get("parts", []):
        order += [(c["file"], part.get("caption", "")) for c in part.get("chapters", [])]
    order += [(c["file"], "") for c in data.get("chapters", [])]
    return order


def figure_names(registry: Registry = REGISTRY) -> dict[str, str]:
    """Cross-reference name of each registered figure (``shim2012-figure-3``) -> its id."""
    load_all(registry)
    return {entry.id.replace(":", "-").replace("_", "-"): entry.id for entry in registry.sorted("figures")}


def draw_figure(entry_id: str, folder: Path, registry: Registry = REGISTRY) -> Path:
    """The registered figure as a PNG at ``PRINT_DPI`` (no timestamp, fixed bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem(entry_id)}.png"
    made = registry.get(entry_id, "figures").make()
    made.figure.savefig(path, dpi=PRINT_DPI, metadata=PNG_METADATA)
    return path


class _Rewriter:
    """Make one chapter's HTML fit into the single print document."""

    def __init__(
        self,
        html_dir: Path,
        out: Path,
        anchors: dict[str, str],
        figures: dict[str, str],
        figure_dir: Path,
        registry: Registry,
    ) -> None:
        self.html_dir, self.out, self.anchors = html_dir, out, anchors
        self.figures, self.figure_dir, self.registry = figures, figure_dir, registry
        self.drawn: dict[str, Path] = {}

    def chapter(self, chapter: Chapter) -> None:
        page = self.html_dir / f"{chapter.doc}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None:
            raise ValueError(f"{page.relative_to(self.html_dir)} has no article: is it a page of the built book?")
        for selector in DROP:
            for node in article.select(selector):
                node.decompose()
        for details in article.find_all("details"):
            details["open"] = ""
        heading = article.find("h1")
        if heading is None:
            raise ValueError(f"{chapter.doc}: the page has no title (h1)")
        chapter.title = " ".join(heading.get_text(" ").split())
        chapter.sections = [" ".join(h.get_text(" ").split()) for h in article.find_all("h2")]
        prefix = chapter.anchor
        for node in article.find_all(id=True):
            node["id"] = f"{prefix}--{node['id']}"
        for link in article.find_all("a", href=True):
            link["href"] = self.link(chapter.doc, str(link["href"]))
        for img in article.find_all("img", src=True):
            img["src"] = self.image(chapter.doc, img)
        chapter.body = f'<section class="chapter" id="{prefix}">' + article.decode_contents() + "</section>"

    def _resolve(self, doc: str, target: str) -> PurePosixPath:
        parts: list[str] = []
        for piece in (PurePosixPath(doc).parent / target).parts:
            if piece == "..":
                parts.pop() if parts else None
            elif piece != ".":
                parts.append(piece)
        return PurePosixPath(*parts)

    def link(self, doc: str, href: str) -> str:
        split = urlsplit(href)
        if split.scheme or split.netloc:
            return href
        target = doc if not split.path else str(self._resolve(doc, split.path).with_suffix(""))
        if target not in self.anchors:
            return f"#{self.anchors[doc]}"  # a page not in the edition (index, sources)
        prefix = self.anchors[target]
        return f"#{prefix}--{split.fragment}" if split.fragment else f"#{prefix}"

    def image(self, doc: str, img: Tag) -> str:
        figure = img.find_parent("figure")
        name = str(figure.get("id", "")).split("--", 1)[-1] if figure is not None else ""
        if name in self.figures:
            entry_id = self.figures[name]
            if entry_id not in self.drawn:
                self.drawn[entry_id] = draw_figure(entry_id, self.figure_dir, self.registry)
            img["class"] = " ".join([*img.get_attribute_list("class"), "print-figure"]).strip()
            return os.path.relpath(self.drawn[entry_id], self.out)
        return os.path.relpath(self.html_dir / self._resolve(doc, str(img["src"])), self.out)


def _head(html_dir: Path, out: Path, title: str) -> str:
    """Stylesheets of the built book, offline MathJax (SVG output, for print), ours last."""
    root = html_dir / f"{reading_order(PROJECT / '_toc.yml')[0][0]}.html"
    soup = BeautifulSoup(root.read_text(encoding="utf-8"), "html.parser")
    links = []
    for link in soup.find_all("link", rel="stylesheet"):
        href = urlsplit(str(link["href"])).path
        path = (root.parent / href).resolve()
        links.append(f'<link rel="stylesheet" href="{os.path.relpath(path, out)}">')
    mathjax = os.path.relpath(html_dir / "_static" / "mathjax" / "tex-svg.js", out)
    config = (
        '{"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},'
        ' "svg": {"fontCache": "global"}}'
    )
    return (
        '<meta charset="utf-8">'
        + f"<title>{html.escape(title)}</title>"
        + "".join(links)
        + f'<link rel="stylesheet" href="{os.path.relpath(STYLESHEET, out)}">'
        + f"<script>window.MathJax = {config}</script>"
        + f'<script defer src="{mathjax}"></script>'
    )


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


def title_page(title: str, author: str, version: str, date: str) -> str:
    """The HTML of the PDF's title page (title, author, version and date, all escaped)."""
    return (
        f'<section class="title-page" id="title-page"><h1 class="book-title">{html.escape(title)}</h1>'
        f'<p class="edition">PDF edition, version {version}</p>'
        f'<p class="authors">{html.escape(author)}</p><p class="date">{date}</p>'
        f'<p class="how-to-cite">Cite as: {html.escape(author)} ({date[:4]}). '
        f"<em>{html.escape(title)}</em>, version {version}. "
        "See CITATION.cff in the release archive for the preferred citation, and cite the "
        "paper whose results you use.</p>"
        '<p class="licence">Code: MIT licence. Text, figures and the notebooks\' prose: '
        "CC BY 4.0.</p></section>"
    )


def contents(chapters: list[Chapter], pages: dict[str, int] | None) -> str:
    """The table of contents; page numbers are blank until the first print found them."""
    rows, part, number = [], None, 0
    for chapter in chapters:
        if chapter.part != part:
            part = chapter.part
            if part:
                number += 1
                rows.append(f'<li class="toc-part">Part {_roman(number)}. {html.escape(part)}</li>')
        page = str(pages[chapter.doc]) if pages else ""
        rows.append(
            f'<li class="toc-chapter"><a href="#{chapter.anchor}">{html.escape(chapter.title)}</a>'
            f'<span class="toc-page">{page}</span></li>'
        )
    return (
        f'<section class="contents" id="contents"><h1 class="contents-title">Contents</h1>'
        f"<ul>{''.join(rows)}</ul></section>"
    )


def document(chapters: list[Chapter], head: str, front: str, pages: dict[str, int] | None) -> str:
    """The whole print document as one HTML page: front matter, contents (with ``pages`` once known) and chapters."""
    body, part, number = [], None, 0
    for chapter in chapters:
        banner = ""
        if chapter.part != part:
            part = chapter.part
            if part:
                number += 1
                banner = f'<p class="part-banner">Part {_roman(number)}. {html.escape(part)}</p>'
        body.append(banner + chapter.body)
    return (
        f'<!DOCTYPE html><html lang="en" data-theme="light"><head>{head}</head>'
        f'<body class="print-edition">{front}{contents(chapters, pages)}{"".join(body)}</body></html>'
    )


WAIT = """
(async () => {
  for (let i = 0; !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++) {
    if (i > 3000) throw new Error('MathJax did not start within 300 s');
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  await MathJax.startup.promise;
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  const broken = [...document.images].filter(img => !img.complete || img.naturalWidth === 0)
      .map(img => img.getAttribute('src'));
  const errors = document.querySelectorAll('mjx-merror, [data-mjx-error]').length;
  const heads = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => ({
      level: h.tagName, chapter: (h.closest('body > section') || {}).id || null}));
  return {broken, errors, heads, typeset: document.querySelectorAll('mjx-container').length};
})()
"""


def _print(browser: Browser, path: Path, pdf: Path, footer: str) -> dict:
    page = browser.open(path.resolve().as_uri())
    state = page.evaluate(WAIT)
    if state["broken"]:
        raise RuntimeError(f"images that did not load: {', '.join(state['broken'])}")
    if state["errors"]:
        raise RuntimeError(f"MathJax could not typeset {state['errors']} formula(s)")
    page.print_pdf(
        pdf,
        displayHeaderFooter=True,
        headerTemplate="<span></span>",
        footerTemplate=footer,
        printBackground=True,
        preferCSSPageSize=True,
        generateDocumentOutline=True,
        generateTaggedPDF=True,
    )
    return state


def outline_pages(pdf: Path) -> list[int]:
    """0-based page of every entry of a PDF's outline, in document order."""
    reader = PdfReader(pdf)
    pages: list[int] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            if page is None:
                raise RuntimeError(f"the outline entry {item.title!r} points to no page")
            pages.append(page)

    walk(reader.outline)
    return pages


def heading_pages(pdf: Path, heads: list[dict]) -> list[tuple[dict, int]]:
    """Each h1/h2 heading of the print document with its 0-based page.

    Chromium's outline lists the headings in document order with their pages; its titles
    lose spaces at line breaks, so only the order is used, and the count is checked.
    """
    pages = outline_pages(pdf)
    if len(pages) != len(heads):
        raise RuntimeError(f"the PDF outline has {len(pages)} headings, the document {len(heads)}")
    return list(zip(heads, pages, strict=True))


def chapter_pages(pdf: Path, heads: list[dict], chapters: list[Chapter]) -> dict[str, int]:
    """1-based page on which each chapter starts."""
    anchors = {c.anchor: c.doc for c in chapters}
    starts: dict[str, int] = {}
    for head, page in heading_pages(pdf, heads):
        doc = anchors.get(head["chapter"])
        if doc and head["level"] == "H1" and doc not in starts:
            starts[doc] = page + 1
    missing = [c.doc for c in chapters if c.doc not in starts]
    if missing:
        raise RuntimeError(f"no title found in the PDF for {', '.join(missing)}")
    return starts


def _structure_elements(writer: PdfWriter) -> list[tuple[IndirectObject, DictionaryObject]]:
    """The tagged PDF's structure elements in document order (depth first along ``/K``)."""
    tree = writer.root_object.get("/StructTreeRoot")
    found: list[tuple[IndirectObject, DictionaryObject]] = []
    seen: set[int] = set()

    def visit(node: PdfObject | None, ref: IndirectObject | None) -> None:
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            visit(node.get_object(), node)
        elif isinstance(node, ArrayObject):
            for child in node:
                visit(child, None)
        elif isinstance(node, DictionaryObject):
            if ref is not None and node.get("/Type") == "/StructElem":
                found.append((ref, node))
            visit(node.get("/K"), None)

    visit(tree.get_object() if tree is not None else None, None)
    return found


def renumber_structure_ids(writer: PdfWriter) -> int:
    """Give the structure elements identifiers by their order in the document.

    Chromium names each tagged element after its DOM node (``/ID (node00001062)``), a number
    that changes from one print to the next, so two prints of one book differ.  The elements
    are renamed ``e000001, e000002, ...`` in document order, the table cells' ``/Headers``
    that refer to them follow, and the ``/IDTree`` is rebuilt.  Returns the number renamed.
    """
    elements = [(ref, node) for ref, node in _structure_elements(writer) if "/ID" in node]
    names = {str(node["/ID"]): f"e{i:06d}" for i, (_, node) in enumerate(elements, start=1)}
    for _, node in _structure_elements(writer):
        if "/ID" in node:
            node[NameObject("/ID")] = TextStringObject(names[str(node["/ID"])])
        attributes = node.get("/A")
        for attribute in attributes if isinstance(attributes, ArrayObject) else [attributes]:
            attribute = attribute.get_object() if attribute is not None else None
            headers = attribute.get("/Headers") if isinstance(attribute, DictionaryObject) else None
            if isinstance(attribute, DictionaryObject) and isinstance(headers, ArrayObject):
                attribute[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(names.get(str(h), str(h))) for h in headers
                )
    tree = writer.root_object.get("/StructTreeRoot")
    id_tree = tree.get_object().get("/IDTree") if tree is not None else None
    if id_tree is not None:
        _rename_name_tree(id_tree.get_object(), names)
    return len(elements)


def _rename_name_tree(root: DictionaryObject, names: dict[str, str]) -> None:
    """Rename the keys of a PDF name tree in place, keeping its shape: the renamed entries,
    sorted, fill its leaves in order with as many entries each as before, and every node's
    ``/Limits`` follows (in-place, so that no object with the old names is left behind)."""
    leaves: list[tuple[DictionaryObject, ArrayObject]] = []

    def collect(node: DictionaryObject) -> None:
        if isinstance(keyed := node.get("/Names"), ArrayObject):
            leaves.append((node, keyed))
        for kid in node.get("/Kids", []):
            collect(kid.get_object())

    collect(root)
    entries = sorted(
        (names.get(str(keyed[i]), str(keyed[i])), keyed[i + 1]) for _, keyed in leaves for i in range(0, len(keyed), 2)
    )
    start = 0
    for leaf, keyed in leaves:
        count = len(keyed) // 2
        chunk = entries[start : start + count]
        start += count
        leaf[NameObject("/Names")] = ArrayObject(x for key, ref in chunk for x in (TextStringObject(key), ref))

    def limits(node: DictionaryObject) -> tuple[str, str] | None:
        if isinstance(keyed := node.get("/Names"), ArrayObject):
            keys = [str(k) for k in keyed[::2]]
            bounds = (keys[0], keys[-1]) if keys else None
        else:
            spans = [b for kid in node.get("/Kids", []) if (b := limits(kid.get_object()))]
            bounds = (spans[0][0], spans[-1][1]) if spans else None
        if "/Limits" in node and bounds:
            node[NameObject("/Limits")] = ArrayObject(TextStringObject(b) for b in bounds)
        return bounds

    limits(root)


def finish(
    printed: Path,
    target: Path,
    chapters: list[Chapter],
    heads: list[dict],
    starts: dict[str, int],
    meta: dict[str, str],
) -> Path:
    """Bookmarks (parts > chapters > sections), fixed metadata and identifier."""
    reader = PdfReader(printed)
    writer = PdfWriter(clone_from=reader)
    # Chromium's own outline (every heading, its title text doubled where a heading holds a
    # permalink) is replaced by ours, not added to.
    writer.root_object.pop(NameObject("/Outlines"), None)
    renumber_structure_ids(writer)
    h2: dict[str, list[int]] = {}
    contents_page = 1
    for head, page in heading_pages(printed, heads):
        if head["level"] == "H2" and head["chapter"]:
            h2.setdefault(head["chapter"], []).append(page)
        if head["chapter"] == "contents":
            contents_page = page
    writer.add_outline_item("Title page", 0)
    writer.add_outline_item("Contents", contents_page)
    part, parent, number = None, None, 0
    for chapter in chapters:
        if chapter.part != part:
            part = chapter.part
            if part:
                number += 1
                parent = writer.add_outline_item(f"Part {_roman(number)}. {part}", starts[chapter.doc] - 1)
            else:
                parent = None
        item = writer.add_outline_item(chapter.title, starts[chapter.doc] - 1, parent=parent)
        for title, page in zip(chapter.sections, h2.get(chapter.anchor, []), strict=True):
            writer.add_outline_item(title, page, parent=item)
    writer.page_mode = "/UseOutlines"
    stamp = datetime.fromtimestamp(source_date_epoch(), UTC)
    date = stamp.strftime("D:%Y%m%d%H%M%SZ")
    writer.metadata = {
        "/Title": meta["title"],
        "/Author": meta["author"],
        "/Subject": f"PDF edition, version {meta['version']}",
        "/Creator": "tools.pdf",
        "/Producer": "Chromium and pypdf",
        "/CreationDate": date,
        "/ModDate": date,
    }
    identifier = ByteStringObject(bytes.fromhex(meta["digest"]))
    writer._ID = ArrayObject([identifier, identifier])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def build(
    html_dir: Path,
    out: Path,
    toc: Path = PROJECT / "_toc.yml",
    config: Path = PROJECT / "_config.yml",
    registry: Registry = REGISTRY,
    log=print,
) -> Path:
    """Print the book in ``html_dir`` to ``out/replication-<version>.pdf``; return the path."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailers draw harmless notes
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir} holds no built book: run `make book` first")
    if not (html_dir / "_static" / "mathjax" / "tex-svg.js").is_file():
        raise FileNotFoundError(f"{html_dir} lacks the offline MathJax (_static/mathjax): rebuild it with `make book`")
    out.mkdir(parents=True, exist_ok=True)
    html_dir, out = html_dir.resolve(), out.resolve()  # relative links are computed between real paths
    started = time.perf_counter()
    settings = yaml.safe_load(config.read_text())
    version = project_version()
    title, author = settings["title"], settings.get("author", "")
    out.mkdir(parents=True, exist_ok=True)
    chapters = [Chapter(doc, part) for doc, part in reading_order(toc)]
    anchors = {c.doc: c.anchor for c in chapters}
    rewriter = _Rewriter(html_dir, out, anchors, figure_names(registry), out / "figures", registry)
    for chapter in chapters:
        rewriter.chapter(chapter)
    log(
        f"{len(chapters)} pages read, {len(rewriter.drawn)} figures drawn at {PRINT_DPI} dpi "
        f"({time.perf_counter() - started:.0f} s)"
    )
    head = _head(html_dir, out, title)
    front = title_page(title, author, version, release_date())
    footer = FOOTER.format(title=html.escape(title.split(":")[0]), version=version)
    source = out / "print.html"
    first, second = out / "first-print.pdf", out / "second-print.pdf"
    with Browser() as browser:
        source.write_text(document(chapters, head, front, None), encoding="utf-8")
        state = _print(browser, source, first, footer)
        starts = chapter_pages(first, state["heads"], chapters)
        source.write_text(document(chapters, head, front, starts), encoding="utf-8")
        state = _print(browser, source, second, footer)
    if chapter_pages(second, state["heads"], chapters) != starts:
        raise RuntimeError("page numbers moved between the two prints")
    log(
        f"printed {len(PdfReader(second).pages)} pages, {state['typeset']} formulas typeset "
        f"({time.perf_counter() - started:.0f} s)"
    )
    # the file identifier: the book's pages and the version, not where this print was staged
    digest = hashlib.md5(
        version.encode() + b"".join((html_dir / f"{c.doc}.html").read_bytes() for c in chapters)
    ).hexdigest()
    target = finish(
        second,
        out / f"replication-{version}.pdf",
        chapters,
        state["heads"],
        starts,
        {"title": title, "author": author, "version": version, "digest": digest},
    )
    first.unlink()
    second.unlink()
    log(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.0f} s)")
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make pdf``: print the built HTML book to one PDF; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=PROJECT / "_build" / "html", help="the built HTML book")
    parser.add_argument("--out", type=Path, default=PROJECT / "_build" / "pdf", help="output folder")
    args = parser.parse_args(argv)
    try:
        build(args.html, args.out)
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        parser.exit(1, f"error: {err}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
