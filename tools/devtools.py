"""Headless Chromium driven through the DevTools protocol over a pipe.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands from file
descriptor 3 and writes replies and events to descriptor 4, each message a JSON object
ended by a NUL byte. That needs no network port and no client library: this module is
the whole client. It is used to print the book to PDF (``Page.printToPDF``) after
MathJax has typeset every formula.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--remote-debugging-pipe",
    "--allow-file-access-from-files",
)


class DevToolsError(RuntimeError):
    """Chromium answered a command with an error, or closed the pipe."""


def find_chromium() -> str:
    """The Chromium executable (``$CHROMIUM``, else ``chromium`` on PATH)."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    raise FileNotFoundError("no Chromium found: install Debian's `chromium` package or set $CHROMIUM")


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or find_chromium()
        self._next_id = 0
        self._buffer = b""

    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-profile-")
        to_child, self._writer = os.pipe()
        self._reader, from_child = os.pipe()

        spare = max(to_child, from_child, 4) + 1  # free of both ends, and of 3 and 4

        def wire_pipes() -> None:  # runs in the child before exec
            # through numbers above both ends first, in case an end already sits on 3 or 4
            os.dup2(to_child, spare)
            os.dup2(from_child, spare + 1)
            os.dup2(spare, 3)
            os.dup2(spare + 1, 4)

        self._process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes,
            close_fds=False,  # descriptors 3 and 4 must survive exec
        )
        os.close(to_child)
        os.close(from_child)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call("Browser.close")
        except (DevToolsError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._writer)
        os.close(self._reader)
        self._profile.cleanup()

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._writer, json.dumps(message).encode() + b"\0")

    def _receive(self, timeout: float = 600.0) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if not select.select([self._reader], [], [], timeout)[0]:
                raise DevToolsError(f"Chromium sent nothing for {timeout:.0f} s")
            chunk = os.read(self._reader, 1 << 20)
            if not chunk:
                raise DevToolsError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are dropped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._send(message)
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def open(self, url: str, timeout: float = 300.0) -> Page:
        """A new tab showing ``url``, once the page has loaded (``document.readyState``)."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        self.call("Page.navigate", session, url=url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:  # the blank page answers until the navigation has committed
                if page.evaluate("document.readyState === 'complete' && location.href") == url:
                    return page
            except DevToolsError:  # the context was replaced while evaluating
                pass
            time.sleep(0.1)
        raise DevToolsError(f"{url} did not load within {timeout:.0f} s")


class Page:
    """A tab of a :class:`Browser`."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def evaluate(self, expression: str) -> Any:
        """Value of a JavaScript expression; a promise is awaited."""
        result = self.browser.call(
            "Runtime.evaluate", self.session, expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise DevToolsError(f"JavaScript error: {text}")
        return result["result"].get("value")

    def print_pdf(self, path: Path, **options: Any) -> Path:
        """``Page.printToPDF`` with ``options`` (protocol names), written to ``path``."""
        data = self.browser.call("Page.printToPDF", self.session, **options)["data"]
        path.write_bytes(base64.b64decode(data))
        return path
