"""A small Sphinx extension for the book: the papers' own figure numbers, status badges.

- **Figure numbers.** Sphinx numbers the book's figures in its own running order (1, 2, ...
  across chapters), which clashes with the papers' numbering.  For every figure registered
  in :mod:`replication.ledger.registry` this extension replaces that number by the paper's
  own ("Shim (2012), Figure 7"), so captions and ``{numref}`` references both show it, and
  removes the same words from the front of the caption text so they are not said twice.
  With ``numfig_format = {"figure": "%s"}`` a ``{numref}`` reads "Shim (2012), Figure 7".
- **Status badges.** The role ``{status}`reproduced with caveat``` renders a claim's
  status as a badge: the status in words, in a box whose colour and border style differ by
  status (so it survives a greyscale print); the CSS classes are ``status-badge`` and
  ``status-<slug>`` (:func:`status_slug`).  The role ``{failure-kind}`misprint``` renders
  the kind of a failure (:data:`~replication.ledger.registry.FAILURE_KINDS`) as a smaller
  badge beside it, with the classes ``kind-badge`` and ``kind-<kind>``.
- **Figure conventions.** The directive ``{figure-conventions}`` shows the one colour and
  hatch of each recurring concept (:data:`replication.drawing.style.CONVENTIONS`).
- **Citation.** The directive ``{bibtex-citation}`` shows the BibTeX entries generated from
  ``CITATION.cff``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive

from replication.ledger.markdown import SLUGS
from replication.ledger.registry import FAILURE_KINDS, STATUSES


def _badge(
    rawtext: str, text: str, lineno: int, inliner: Any, *, known: tuple[str, ...], what: str, classes: list[str]
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``text`` as an inline badge with ``classes``, or an error naming ``what`` unless ``text`` is ``known``."""
    if text not in known:
        message = inliner.reporter.error(f"unknown {what} {text!r}; expected one of {known}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, text, classes=classes)], []


def status_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict | None = None,
    content: list | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The ``status`` role: a claim status as a badge (see the module docstring)."""
    classes = ["status-badge", f"status-{SLUGS.get(text, '')}"]
    return _badge(rawtext, text, lineno, inliner, known=STATUSES, what="status", classes=classes)


def kind_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict | None = None,
    content: list | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The ``failure-kind`` role: the kind of a failure as a badge (see the module docstring)."""
    classes = ["kind-badge", f"kind-{text}"]
    return _badge(rawtext, text, lineno, inliner, known=tuple(FAILURE_KINDS), what="failure kind", classes=classes)


@cache
def paper_numbers() -> dict[str, tuple[str, str]]:
    """Figure label -> (the paper's number as shown, the caption prefix the registry adds)."""
    from replication.ledger.papers import PAPERS
    from replication.ledger.registry import REGISTRY, load_all
    from tools.notebooks import figure_label

    load_all(REGISTRY)
    return {
        figure_label(e.id): (f"{PAPERS[e.paper].short}, {e.number}", f"{PAPERS[e.paper].short} {e.number}. ")
        for e in REGISTRY.sorted("figures")
    }


def _renumber(app: Any, env: Any) -> list[str]:
    """After Sphinx has numbered the figures, give registered ones the paper's number and
    any other figure a number that cannot be mistaken for a paper's ("Book figure 3")."""
    numbers = paper_numbers()
    for per_type in env.toc_fignumbers.values():
        figures = per_type.get("figure", {})
        for figure_id, number in figures.items():
            if figure_id in numbers:
                figures[figure_id] = (numbers[figure_id][0],)
            elif all(isinstance(n, int) for n in number):
                figures[figure_id] = ("Book figure " + ".".join(map(str, number)),)
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
            first.parent.replace(first, nodes.Text(str(first)[len(prefix) :]))


class BibtexCitation(Directive):
    """``{bibtex-citation}``: the BibTeX entries of the package and the papers, generated
    from ``CITATION.cff`` when the book is built (:mod:`tools.citation`)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The BibTeX entries generated from CITATION.cff, as a literal block."""
        from tools.citation import CFF, bibtex_block

        self.state.document.settings.record_dependencies.add(str(CFF))
        text = bibtex_block()
        block = nodes.literal_block(text, text, language="bibtex")
        return [block]


#: CSS drawing of each matplotlib hatch used in :data:`replication.drawing.style.CONVENTIONS`.
_HATCH_CSS = {
    "": "",
    "///": "repeating-linear-gradient(135deg, #000 0 1px, transparent 1px 6px)",
    "\\\\": "repeating-linear-gradient(45deg, #000 0 1px, transparent 1px 6px)",
    "...": "radial-gradient(circle, #000 1px, transparent 1.5px) 0 0 / 5px 5px",
}


class FigureConventions(Directive):
    """``{figure-conventions}``: the book's colour and hatch per concept, as a legend
    (from :data:`replication.drawing.style.CONVENTIONS`)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The legend of the book's figure conventions, as an image."""
        from html import escape

        from replication.drawing.style import CONVENTIONS

        rows = []
        for look in CONVENTIONS.values():
            hatch = _HATCH_CSS[look["hatch"]]
            fill = f"background: {hatch + ', ' if hatch else ''}{look['color']};"
            rows.append(f'<li><span class="swatch" style="{fill}"></span>{escape(look["meaning"])}</li>')
        html = '<ul class="figure-conventions">' + "".join(rows) + "</ul>"
        return [nodes.raw("", html, format="html")]


def _unique_scripts(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop a repeated inline script from a page.  sphinx-thebe adds its inline settings
    (``const THEBE_JS_URL = ...``) each time the environment is read, and the second copy
    throws a SyntaxError ("already been declared") in the reader's console."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", None) or "", (getattr(script, "attributes", {}) or {}).get("body", ""))
        if key in seen and key[1]:
            continue
        seen.add(key)
        unique.append(script)
    if "script_files" in context:
        context["script_files"] = unique


def setup(app: Any) -> dict[str, Any]:
    """Register the book's Sphinx directives and the papers' figure numbers with ``app``."""
    app.add_directive("figure-conventions", FigureConventions)
    app.add_role("status", status_role)
    app.add_role("failure-kind", kind_role)
    app.add_directive("bibtex-citation", BibtexCitation)
    app.connect("env-get-updated", _renumber, priority=900)
    app.connect("doctree-read", _strip_caption_prefix)
    app.connect("html-page-context", _unique_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
