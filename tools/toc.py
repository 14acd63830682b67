"""The book's table of contents (``_toc.yml``) and checks on the built HTML.

``python -m tools.toc --check-built _build/html`` fails (exit 1) when the
built book lacks its index page or any chapter page named in the table of contents.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]


def chapters(toc: Path = PROJECT / "_toc.yml") -> list[str]:
    """Every document of the book in reading order (root first), without suffix."""
    data = yaml.safe_load(toc.read_text())
    docs = [data["root"]]
    for part in data.get("parts", []):
        docs += [chapter["file"] for chapter in part.get("chapters", [])]
    docs += [chapter["file"] for chapter in data.get("chapters", [])]
    return docs


def missing_pages(html: Path, toc: Path = PROJECT / "_toc.yml") -> list[str]:
    """Pages the built book should have but does not."""
    wanted = ["index"] + chapters(toc)
    return [doc for doc in wanted if not (html / f"{doc}.html").is_file()]


def main(argv: list[str] | None = None) -> int:
    """Check that the built HTML book has a page for every chapter of ``_toc.yml``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.toc")
    parser.add_argument("--check-built", type=Path, required=True, metavar="HTML_DIR")
    args = parser.parse_args(argv)
    missing = missing_pages(args.check_built)
    if missing:
        print(f"built book in {args.check_built} lacks: {', '.join(m + '.html' for m in missing)}")
        return 1
    print(f"built book has its index and all {len(chapters())} pages of the table of contents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
