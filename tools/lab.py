"""JupyterLab on the chapters, in this environment, reachable only from this machine.

    python -m tools.lab [--port 8888] [--no-browser]

starts JupyterLab on 127.0.0.1 in the project folder with every chapter of the table of
contents open in its own tab (a JupyterLab workspace written to
``_build/lab/workspaces``). The kernel is this environment's ``python3``, so the chapters
import the installed ``replication`` package. The server asks for the token it prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from tools.toc import chapters

PROJECT = Path(__file__).resolve().parents[1]
WORKSPACE = "replication"


def chapter_notebooks(toc: Path = PROJECT / "_toc.yml") -> list[str]:
    """The chapters that are notebooks, as paths relative to the project, in reading order."""
    return [f"{doc}.ipynb" for doc in chapters(toc) if (toc.parent / f"{doc}.ipynb").is_file()]


def workspace(notebooks: list[str]) -> dict[str, Any]:
    """A JupyterLab workspace with every notebook open as a tab, the first one shown."""
    widgets = [f"notebook:{path}" for path in notebooks]
    data: dict[str, Any] = {f"notebook:{path}": {"data": {"path": path, "factory": "Notebook"}} for path in notebooks}
    data["layout-restorer:data"] = {
        "main": {
            "dock": {"type": "tab-area", "currentIndex": 0, "widgets": widgets},
            "current": widgets[0] if widgets else None,
        },
        "left": {"collapsed": False, "visible": True, "current": "filebrowser", "widgets": ["filebrowser"]},
    }
    return {"data": data, "metadata": {"id": WORKSPACE}}


def command(port: int, root: Path = PROJECT, open_browser: bool = True) -> list[str]:
    """The ``jupyter lab`` command line (``--allow-root`` only when run as root)."""
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    folder = root / "_build" / "lab" / "workspaces"
    WorkspacesManager(str(folder)).save(WORKSPACE, json.dumps(workspace(chapter_notebooks(root / "_toc.yml"))))
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.workspaces_dir={folder}",
        f"--LabApp.default_url=/lab/workspaces/{WORKSPACE}",
    ]
    if not open_browser:
        args.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make lab``: start JupyterLab on 127.0.0.1 with the chapters open; returns its exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.lab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default 8888)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535, got {args.port}")
    cmd = command(args.port, open_browser=not args.no_browser)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
