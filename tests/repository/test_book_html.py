"""The built HTML book as a reader meets it (run after `make book`; `make test` does).

Static checks parse every page: each table-of-contents page exists, no page loads a script
from the internet (math must typeset offline), every internal link and anchor resolves,
every image has alt text.  The browser check opens every page in headless Chromium through
a small harness page, once at 1400 px and once at 400 px wide, and reads back per page the
typeset math, the loaded images and the layout a reader sees: display equations that start
left of their box or spill out of the column, inline formulas that are really dollar amounts,
status badges outside the visible area, tables wider than the column, pages that scroll
sideways.  A static check reads the papers' own figure numbers in captions and references.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tools.toc import chapters, missing_pages

pytestmark = pytest.mark.book
ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


def _require_build() -> None:
    if not (HTML / "index.html").is_file():
        message = "the book is not built: run `make book` first"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


class Page(HTMLParser):
    """Links, ids, images and scripts of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.has_math = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a)
            self.links.append(a.get("src") or "")
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("href"):
            self.links.append(a["href"])
        if "math" in (a.get("class") or "").split():
            self.has_math = True


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages() -> list[Path]:
    """The chapter pages (``index.html`` only redirects to the first of them)."""
    return [HTML / f"{doc}.html" for doc in chapters()]


def test_every_toc_page_is_built():
    _require_build()
    assert missing_pages(HTML) == []


def test_index_redirects_to_the_first_chapter():
    _require_build()
    assert f"{chapters()[0]}.html" in (HTML / "index.html").read_text()


def test_no_page_loads_anything_from_the_internet():
    _require_build()
    for path in HTML.rglob("*.html"):
        page = parse(path)
        remote = [s for s in page.scripts if re.match(r"^(https?:)?//", s)]
        assert not remote, f"{path.relative_to(HTML)} loads {remote}"
    assert (HTML / "_static" / "mathjax" / "tex-chtml.js").is_file(), "offline MathJax was not copied"


def test_internal_links_and_anchors_resolve():
    _require_build()
    cache: dict[Path, Page] = {}
    broken = []
    for path in pages():
        for link in parse(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "//")) or not link:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(HTML)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in cache:
                    cache[target] = parse(target)
                if unquote(parts.fragment) not in cache[target].ids:
                    broken.append(f"{path.relative_to(HTML)} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_every_image_has_alt_text():
    _require_build()
    missing = [
        f"{p.relative_to(HTML)}: {img.get('src')}"
        for p in pages()
        for img in parse(p).images
        if not (img.get("alt") or "").strip()
    ]
    assert not missing, "\n".join(missing)


def test_no_equation_is_numbered_twice():
    """A display equation carrying the paper's own tag (``\\tag{7}``, ``\\tag{R-1}``) gets no
    running number from Sphinx next to it."""
    _require_build()
    twice = [
        f"{path.name}: {m[:60]!r}"
        for path in pages()
        for m in re.findall(r'<span class="eqno">.*?</span>(.*?)</div>', path.read_text(encoding="utf-8"), re.S)
        if "\\tag{" in m
    ]
    assert not twice, "equations with both a tag and a running number:\n" + "\n".join(twice)


WIDTHS = (1400, 400)

HARNESS = """<!doctype html><html><body><pre id="result">pending</pre><script>
const pages = %s, widths = %s;
function clipLimits(win, el) {
  // the visible horizontal extent of el's box: the window, narrowed by every clipping ancestor
  let left = 0, right = win.innerWidth;
  for (let a = el.parentElement; a && a.tagName !== 'BODY'; a = a.parentElement) {
    if (win.getComputedStyle(a).overflowX !== 'visible') {
      const r = a.getBoundingClientRect();
      left = Math.max(left, r.left); right = Math.min(right, r.right);
    }
  }
  return [left, right];
}
function inlineCurrency(tex) {
  const prose = tex.replace(/\\\\(text|mathrm|textrm|operatorname|mbox)\\{[^}]*\\}/g, ' ');
  return /^\\s*\\d+(\\.\\d+)?\\s*(M|K|B|bn|million|billion)\\b/.test(tex)
      || /(^|\\s)(and|or|the|of|to|with|for|pays)(\\s|$)/.test(prose);
}
function widest(win, doc) {
  // the outermost elements reaching past the right edge of the window, for the failure message
  const out = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    let clipped = false;
    for (let a = el.parentElement; a && a.tagName !== 'BODY'; a = a.parentElement)
      if (win.getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right < right) clipped = true;
    if (right > win.innerWidth + 1 && !clipped
        && !(el.parentElement && el.parentElement.getBoundingClientRect().right > win.innerWidth + 1))
      out.push(el.tagName.toLowerCase() + '.' + el.className + ': ' + el.textContent.trim().slice(0, 60));
    if (out.length >= 5) break;
  }
  return out;
}
function rawTex(doc) {
  // TeX a reader would see as source: text outside code, outputs, signatures and typeset math
  const found = [], article = doc.querySelector('article') || doc.body;
  const walker = doc.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('pre, code, mjx-container, script, style, .math, .sig')) continue;
    const m = node.textContent.match(/\\$(?![MKB]\\b)[A-Za-z\\\\{]|\\\\(frac|begin|lambda|gamma|mathrm)\\b/);
    if (m) found.push(node.textContent.slice(Math.max(0, m.index - 30), m.index + 40));
    if (found.length >= 5) break;
  }
  return found;
}
async function visit(url, width) {
  const frame = document.createElement('iframe');
  frame.style.width = width + 'px'; frame.style.height = '900px';
  document.body.appendChild(frame);
  await new Promise(resolve => { frame.onload = resolve; frame.src = url; });
  const win = frame.contentWindow, doc = frame.contentDocument;
  for (let i = 0; i < 200 && !(win.MathJax && win.MathJax.startup && win.MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 50));
  if (win.MathJax && win.MathJax.startup && win.MathJax.startup.promise) await win.MathJax.startup.promise;
  const images = Array.from(doc.images).map(img => ({src: img.getAttribute('src'),
      loaded: img.complete && img.naturalWidth > 0, alt: img.alt}));
  const column = (doc.querySelector('article') || doc.body).getBoundingClientRect();
  const math = [];
  for (const box of doc.querySelectorAll('mjx-container[display="true"]')) {
    const inner = box.querySelector('mjx-math') || box;
    const b = box.getBoundingClientRect(), m = inner.getBoundingClientRect();
    const scrolls = ['auto', 'scroll'].includes(win.getComputedStyle(box).overflowX);
    const [left, right] = clipLimits(win, box);
    const problems = [];
    if (m.left < b.left - 1) problems.push('the equation starts left of its box');
    if (b.left < Math.max(left, column.left) - 1) problems.push('its box starts left of the visible column');
    if (b.right > Math.min(right, column.right) + 1) problems.push('its box spills right of the visible column');
    if (!scrolls && m.right > b.right + 1) problems.push('it spills right of a box that does not scroll');
    if (problems.length) math.push({tex: (box.getAttribute('aria-label') || box.textContent).slice(0, 80), problems});
  }
  const currency = [];
  const mdoc = win.MathJax && win.MathJax.startup && win.MathJax.startup.document;
  if (mdoc) for (const item of mdoc.math) if (!item.display && inlineCurrency(item.math)) currency.push(item.math);
  const badges = [];
  for (const badge of doc.querySelectorAll('.status-badge')) {
    const r = badge.getBoundingClientRect(), [left, right] = clipLimits(win, badge);
    if (r.width === 0 || r.left < left - 1 || r.right > right + 1) badges.push(badge.textContent);
  }
  const wide = Array.from(doc.querySelectorAll('article table')).filter(t => {
      const [left, right] = clipLimits(win, t), r = t.getBoundingClientRect();
      return r.right > right + 1 || r.left < left - 1; }).map(t => t.textContent.trim().slice(0, 60));
  const result = {url, width, title: doc.title, mathjax: !!(win.MathJax && win.MathJax.startup),
      typeset: doc.querySelectorAll('mjx-container').length,
      errorTexts: Array.from(doc.querySelectorAll('mjx-merror')).map(e =>
          (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120)),
      raw: doc.querySelectorAll('.math').length, images, math, currency, badges, wide,
      pageScrolls: doc.documentElement.scrollWidth > win.innerWidth + 1,
      rawTex: width === widths[0] ? rawTex(doc) : [],
      overflowing: doc.documentElement.scrollWidth > win.innerWidth + 1 ? widest(win, doc) : [],
      badgeCount: doc.querySelectorAll('.status-badge').length};
  frame.remove();
  return result;
}
(async () => {
  const out = [];
  for (const width of widths) for (const url of pages) out.push(await visit(url, width));
  document.getElementById('result').textContent = JSON.stringify(out);
})();
</script></body></html>"""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium is not installed (Debian: apt-get install chromium); browser check skipped"
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI: " + message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def rendered() -> list[dict]:
    """Every TOC page as rendered by headless Chromium (one browser run)."""
    _require_build()
    browser = chromium()
    urls = [f"/{p.relative_to(HTML).as_posix()}" for p in pages()]
    harness = (HARNESS % (json.dumps(urls), json.dumps(WIDTHS))).encode()

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            if self.path == "/__check__.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(harness)))
                self.end_headers()
                self.wfile.write(harness)
            else:
                super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(HTML)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as profile:
            proc = subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=120000",
                    "--dump-dom",
                    f"http://127.0.0.1:{server.server_port}/__check__.html",
                ],
                capture_output=True,
                text=True,
                timeout=300,
            )
    finally:
        server.shutdown()
    match = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert match and match.group(1) != "pending", f"harness did not finish: {proc.stderr[-2000:]}"
    import html as html_lib

    return json.loads(html_lib.unescape(match.group(1)))


def test_browser_opens_every_page(rendered):
    urls = [f"/{p.relative_to(HTML).as_posix()}" for p in pages()]
    assert [(r["width"], r["url"]) for r in rendered] == [(w, u) for w in WIDTHS for u in urls]
    assert all(r["title"] for r in rendered)


def test_math_is_typeset_offline_wherever_there_is_math(rendered):
    untypeset = [r["url"] for r in rendered if r["raw"] and not (r["mathjax"] and r["typeset"] > 0)]
    assert not untypeset, f"math not typeset: {untypeset}"
    errors = [f"{r['url']} at {r['width']} px: {e}" for r in rendered for e in r["errorTexts"]]
    assert not errors, "MathJax errors:\n" + "\n".join(errors)


def test_no_tex_source_is_left_in_the_prose(rendered):
    """Outside code and outputs, no formula is left as TeX source (a ``$`` that did not pair,
    math inside a link text)."""
    raw = [f"{r['url']}: {t!r}" for r in rendered for t in r["rawTex"]]
    assert not raw, "TeX source shown as text:\n" + "\n".join(raw)


def test_every_image_loads_in_the_browser(rendered):
    broken = [f"{r['url']}: {img['src']}" for r in rendered for img in r["images"] if not img["loaded"]]
    assert not broken, "\n".join(broken)
    assert all(img["alt"].strip() for r in rendered for img in r["images"])


def test_no_display_equation_is_clipped(rendered):
    """At 1400 and 400 px every display equation starts inside its box, its box inside the
    page column, and it either fits or scrolls inside its own box."""
    clipped = [
        f"{r['url']} at {r['width']} px: {m['tex']!r}: {', '.join(m['problems'])}" for r in rendered for m in r["math"]
    ]
    assert not clipped, "\n".join(clipped)


def test_no_currency_amount_is_typeset_as_math(rendered):
    found = [f"{r['url']} at {r['width']} px: {tex!r}" for r in rendered for tex in r["currency"]]
    assert not found, "dollar amounts parsed as math (escape the $):\n" + "\n".join(found)


def test_every_status_badge_is_visible_at_full_width(rendered):
    wide = [r for r in rendered if r["width"] == max(WIDTHS)]
    hidden = [f"{r['url']}: {text!r}" for r in wide for text in r["badges"]]
    assert not hidden, "status badges outside the visible area:\n" + "\n".join(hidden)
    ledger = next(r for r in wide if r["url"].endswith("/ledger.html"))
    assert ledger["badgeCount"] > 0, "the ledger shows no status badge"


def test_ledger_and_findings_need_no_horizontal_scrolling(rendered):
    for r in rendered:
        if r["url"].endswith(("/ledger.html", "/findings.html")):
            assert not r["pageScrolls"] and not r["wide"], f"{r['url']} at {r['width']} px: {r['wide']}"


def test_no_page_scrolls_sideways(rendered):
    scrolls = [f"{r['url']} at {r['width']} px: {r['overflowing']}" for r in rendered if r["pageScrolls"]]
    assert not scrolls, "pages wider than the window:\n" + "\n".join(scrolls)


def test_figure_captions_and_references_carry_the_papers_numbers():
    """A registered figure's caption starts with the paper's own number ("Shim (2012), Figure 7"),
    and no caption or cross-reference shows the book's running number ("Fig. 4")."""
    _require_build()
    from replication.core.papers import PAPERS
    from replication.ledger.registry import REGISTRY, load_all
    from tools.notebooks import figure_label

    load_all()
    expected = {figure_label(e.id): f"{PAPERS[e.paper].short}, {e.number}" for e in REGISTRY.sorted("figures")}
    seen: dict[str, str] = {}
    running = []
    for path in pages():
        text = path.read_text(encoding="utf-8")
        for fid, number in re.findall(
            r'<figure[^>]*id="([^"]+)"[^>]*>.*?<span class="caption-number">([^<]*)</span>', text, re.S
        ):
            seen[fid] = number.strip()
        running += [f"{path.name}: {m}" for m in re.findall(r'caption-number">(Fig\. \d+)', text)]
        running += [f"{path.name}: {m}" for m in re.findall(r'std-numref">(Fig\. \d+)', text)]
    assert not running, "running figure numbers shown:\n" + "\n".join(running)
    assert {fid: seen.get(fid) for fid in expected} == expected
