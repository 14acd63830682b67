"""The built book as a reader uses it, in headless Chromium driven over the DevTools pipe: the
audit that ``test_book_reader.py`` (1400 px) and ``test_book_reader_phone.py`` (400 px) run,
one width per file so that the two run on both workers of ``make test``.

Every table-of-contents page is opened at the width.  On each: axe-core (the copy the
``axe-core-python`` package ships, injected into the page, so nothing is fetched) audits the
page, and no critical or serious violation may remain; no JavaScript error may reach the
console.  At 400 px the visible "site navigation" and "on this page" buttons are clicked, as a
reader's tap, and their drawers must open; every figure image must open its full-size file when
tapped; every table with status badges must show them in the window.  At 1400 px the ledger's
filters must hide exactly the rows that do not match.  A few screenshots are written to
``_build/screenshots`` for a person to look at.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tools.toc import chapters

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
#: The desktop and the phone width.
DESKTOP, PHONE = 1400, 400

#: Collects what would reach the console as an error: uncaught exceptions, rejected promises,
#: resources that fail to load, and console.error calls.  Installed before any page script.
ERRORS = """
window.__bookErrors = [];
window.addEventListener('error', (e) => {
  const t = e.target;
  window.__bookErrors.push(t && t !== window && (t.src || t.href)
      ? 'failed to load ' + (t.src || t.href) : String(e.message) + ' at ' + e.filename + ':' + e.lineno);
}, true);
window.addEventListener('unhandledrejection', (e) => window.__bookErrors.push('unhandled rejection: ' + e.reason));
const __consoleError = console.error;
console.error = function (...args) {
  window.__bookErrors.push(args.map(String).join(' '));
  return __consoleError.apply(this, args);
};
"""

#: Waits for MathJax to finish typesetting, on a page that configures or loads it (others have nothing to wait for).
SETTLE = """(async () => {
  const typesets = window.MathJax !== undefined || document.querySelector('script[src*="mathjax" i]') !== null;
  for (let i = 0; typesets && i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 50));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await new Promise(r => setTimeout(r, 300));
  return true;
})()"""

AXE = """(async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
})()"""

#: The visible button of a kind (its centre in the window), or null.
VISIBLE_BUTTON = """((selector) => {
  for (const b of document.querySelectorAll(selector)) {
    const r = b.getBoundingClientRect(), style = getComputedStyle(b);
    if (r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.top >= 0 && r.bottom <= innerHeight)
      return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  return null;
})(%s)"""

DRAWER = """((id) => {
  const d = document.getElementById(id);
  if (!d || !d.open) return {open: false};
  const r = d.getBoundingClientRect();
  const links = Array.from(d.querySelectorAll('a')).filter(a => a.getBoundingClientRect().width > 0).length;
  return {open: true, width: r.width, links};
})(%s)"""

CLOSE_DRAWERS = "document.querySelectorAll('dialog[open]').forEach(d => d.close()); true"

FIGURES = """Array.from(document.querySelectorAll('article img')).map(img => {
  const link = img.closest('a');
  return {src: img.getAttribute('src'), shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
          href: link ? link.href : null};
})"""

HIDDEN_BADGES = """Array.from(document.querySelectorAll('article table .status-badge')).filter(b => {
  const r = b.getBoundingClientRect();
  let left = 0, right = innerWidth;
  for (let a = b.parentElement; a && a !== document.body; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') {
      const box = a.getBoundingClientRect(); left = Math.max(left, box.left); right = Math.min(right, box.right);
    }
  return r.width === 0 || r.left < left - 1 || r.right > right + 1;
}).map(b => b.closest('tr').textContent.trim().slice(0, 60))"""

FILTER = """((key, value) => {
  const select = document.getElementById('ledger-filter-' + key);
  if (!select) return null;
  select.value = value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  const rows = Array.from(document.querySelectorAll('div.ledger-glance tbody tr'));
  const shown = rows.filter(r => r.getClientRects().length > 0);
  return {total: rows.length, shown: shown.length,
          matching: rows.filter(r => !value || r.dataset[key] === value).length,
          shownMatch: shown.every(r => !value || r.dataset[key] === value),
          options: Array.from(select.options).map(o => o.value).filter(Boolean)};
})(%s, %s)"""


def _axe_source() -> str:
    try:
        import axe_core_python
    except ImportError:  # pragma: no cover - the lock installs it
        pytest.fail("axe-core-python is not installed: run `make` (it is in requirements.lock)")
    return (Path(axe_core_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class Tab:
    """One tab at a fixed window width, with the error collector installed."""

    def __init__(self, browser, width: int) -> None:
        from tools.devtools import Page

        self.browser = browser
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.page = Page(browser, self.session)
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False)
        self.call("Page.enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", source=ERRORS)

    def call(self, method: str, **params):
        return self.browser.call(method, self.session, **params)

    def evaluate(self, expression: str):
        return self.page.evaluate(expression)

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.evaluate("document.readyState === 'complete' && location.href") == url:
                    self.evaluate(SETTLE)
                    return
            except Exception:  # the context was replaced while evaluating
                pass
            time.sleep(0.1)
        raise AssertionError(f"{url} did not load in 120 s")

    def poll(self, expression: str, done, seconds: float = 2.0):
        """The value of ``expression`` once ``done(value)`` holds, or its last value after ``seconds``."""
        deadline = time.monotonic() + seconds
        while not done(value := self.evaluate(expression)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return value

    def tap(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        params: dict = {"format": "png"}
        if height:
            width = self.evaluate("document.documentElement.clientWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
            params["captureBeyondViewport"] = True
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", **params)["data"]))
        return path


def _serve():
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_audit(width: int) -> dict:
    """Per page at ``width``: axe's violations, console errors and, at the phone width, the
    drawers opened by a tap, figures and hidden status badges; at the desktop width the ledger's
    filter results.  Skips the calling test when the book is not built or Chromium is missing."""
    if not (HTML / "index.html").is_file():
        pytest.skip("the book is not built: run `make book` first")
    from tools.devtools import Browser, find_chromium

    try:
        executable = find_chromium()
    except FileNotFoundError as error:
        pytest.skip(str(error))
    axe = _axe_source()
    server = _serve()
    base = f"http://127.0.0.1:{server.server_port}"
    out: dict = {"pages": {}, "filters": {}}
    try:
        with Browser(executable) as browser:
            tab = Tab(browser, width)
            for doc in chapters():
                url = f"{base}/{doc}.html"
                tab.goto(url)
                record: dict = {}
                if width == PHONE:
                    record["figures"] = tab.evaluate(FIGURES)
                    record["hidden_badges"] = tab.evaluate(HIDDEN_BADGES)
                    record["drawers"] = {}
                    for selector, dialog in (
                        (".primary-toggle", "pst-primary-sidebar-modal"),
                        (".secondary-toggle", "pst-secondary-sidebar-modal"),
                    ):
                        button = tab.evaluate(VISIBLE_BUTTON % json.dumps(selector))
                        if button is None:
                            record["drawers"][selector] = None
                            continue
                        tab.tap(button["x"], button["y"])
                        record["drawers"][selector] = tab.poll(DRAWER % json.dumps(dialog), lambda d: d["open"])
                        tab.evaluate(CLOSE_DRAWERS)
                tab.evaluate(axe)
                record["violations"] = tab.evaluate(AXE)
                record["errors"] = tab.evaluate("window.__bookErrors")
                out["pages"][(width, doc)] = record
                if doc.endswith("ledger") and width == DESKTOP:
                    for key in ("paper", "status", "kind"):
                        first = tab.evaluate(FILTER % (json.dumps(key), json.dumps("")))
                        if first is None:
                            out["filters"][key] = None
                            continue
                        out["filters"][key] = [
                            (value, tab.evaluate(FILTER % (json.dumps(key), json.dumps(value))))
                            for value in first["options"]
                        ]
                        tab.evaluate(FILTER % (json.dumps(key), json.dumps("")))
                    tab.evaluate("document.getElementById('ledger-at-a-glance').scrollIntoView(); true")
                    tab.screenshot(SHOTS / "ledger-1400.png")
                if doc.endswith("findings") and width == DESKTOP:
                    tab.screenshot(SHOTS / "findings-1400.png")
                if doc.endswith("shim2012/insurance") and width == PHONE:
                    tab.screenshot(SHOTS / "insurance-400.png")
                    tab.evaluate("document.querySelector('article table.has-status').scrollIntoView(); true")
                    tab.screenshot(SHOTS / "insurance-400-claims.png")
                if doc.endswith("ledger") and width == PHONE:
                    tab.evaluate("document.getElementById('ledger-at-a-glance').scrollIntoView(); true")
                    tab.screenshot(SHOTS / "ledger-400.png")
    finally:
        server.shutdown()
    (SHOTS / f"audit-{width}.json").parent.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"audit-{width}.json").write_text(
        json.dumps({f"{w} {d}": r for (w, d), r in out["pages"].items()} | {"filters": out["filters"]}, indent=1)
    )
    return out


def every_page_audited(audit: dict, width: int) -> None:
    assert sorted(audit["pages"]) == sorted((width, d) for d in chapters())


def no_serious_violation(audit: dict) -> None:
    found = [
        f"{d} at {w} px: {v['impact']} {v['id']} ({v['count']}x: {v['help']}) e.g. {v['targets']}"
        for (w, d), r in audit["pages"].items()
        for v in r["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert not found, "\n".join(found)


def no_javascript_error(audit: dict) -> None:
    found = [f"{d} at {w} px: {e}" for (w, d), r in audit["pages"].items() for e in r["errors"]]
    assert not found, "\n".join(found)
