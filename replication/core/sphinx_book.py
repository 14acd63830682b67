"""A small Sphinx extension for the book: the papers' own figure numbers, status badges.

- **Figure numbers.** Sphinx numbers the book's figures in its own running order (1, 2, ...
  across chapters), which clashes with the papers' numbering.  For every figure registered
  in :mod:`replication.core.registry` this extension replaces that number by the paper's
  own ("Shim (2012), Figure 7"), so captions and ``{numref}`` references both show it, and
  removes the same words from the front of the caption text so they are not said twice.
  With ``numfig_format = {"figure": "%s"}`` a ``{numref}`` reads "Shim (2012), Figure 7".
- **Status badges.** The role ``{status}`reproduced with caveat``` renders a claim's
  status as a badge: the status in words, in a box whose colour and border style differ by
  status (so it survives a greyscale print); the CSS classes are ``status-badge`` and
  ``status-<slug>`` (:func:`status_slug`).
"""
from __future__ import annotations

from functools import cache
from typing import Any

from docutils import nodes

from replication.core.registry import STATUSES

#: The CSS class suffix of each status.
SLUGS: dict[str, str] = {status: "caveat" if "caveat" in status else status.replace(" ", "-")
                         for status in STATUSES}


def status_slug(status: str) -> str:
    """The CSS class suffix of ``status``: reproduced, caveat, calibrated, not-reproduced."""
    if status not in SLUGS:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    return SLUGS[status]


def status_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                options: dict | None = None, content: list | None = None
                ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The ``status`` role: a claim status as a badge (see the module docstring)."""
    if text not in SLUGS:
        message = inliner.reporter.error(f"unknown status {text!r}; expected one of {STATUSES}",
                                         line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, text, classes=["status-badge", f"status-{status_slug(text)}"])], []


@cache
def paper_numbers() -> dict[str, tuple[str, str]]:
    """Figure label -> (the paper's number as shown, the caption prefix the registry adds)."""
    from replication.core.notebooks import figure_label
    from replication.core.papers import PAPERS
    from replication.core.registry import REGISTRY, load_all

    load_all(REGISTRY)
    return {figure_label(e.id): (f"{PAPERS[e.paper].short}, {e.number}",
                                 f"{PAPERS[e.paper].short} {e.number}. ")
            for e in REGISTRY.sorted("figures")}


def _renumber(app: Any, env: Any) -> list[str]:
    """After Sphinx has numbered the figures, give registered ones the paper's number."""
    numbers = paper_numbers()
    for per_type in env.toc_fignumbers.values():
        figures = per_type.get("figure", {})
        for figure_id in figures:
            if figure_id in numbers:
                figures[figure_id] = (numbers[figure_id][0],)
    return []


def _strip_caption_prefix(app: Any, doctree: nodes.document) -> None:
    """Drop "Shim (2012) Figure 7. " from a registered figure's caption (the number says it)."""
    numbers = paper_numbers()
    for figure in doctree.findall(nodes.figure):
        known = [numbers[i] for i in figure["ids"] + figure.get("names", []) if i in numbers]
        caption = figure.next_node(nodes.caption)
        if not known or caption is None:
            continue
        prefix = known[0][1]
        first = caption.next_node(nodes.Text)
        if first is not None and str(first).startswith(prefix):
            first.parent.replace(first, nodes.Text(str(first)[len(prefix):]))


def setup(app: Any) -> dict[str, Any]:
    app.add_role("status", status_role)
    app.connect("env-get-updated", _renumber, priority=900)
    app.connect("doctree-read", _strip_caption_prefix)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
