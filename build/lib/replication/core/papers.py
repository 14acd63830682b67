"""The three papers this package replicates, in the order the book presents them, then our own part beyond them.

:func:`register_paper` adds a paper of one's own, whose claims and figures are then
registered under its key (see ``replication.claim``).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """One of the three papers: its key (the package name), short and full citation, and the book's part title."""

    key: str
    short: str
    citation: str
    part: str


PAPERS: dict[str, Paper] = {
    paper.key: paper
    for paper in (
        Paper(
            "shim2012",
            "Shim (2012)",
            "Shim, W. (2012). An analysis of information security management strategies in the "
            "presence of interdependent security risk. Asia Pacific Journal of Information "
            "Systems, 22(1).",
            "Shim 2012",
        ),
        Paper(
            "ogut2005",
            "Ogut, Menon & Raghunathan (2005)",
            "Ogut, H., Menon, N., & Raghunathan, S. (2005). Cyber insurance and IT security "
            "investment: Impact of interdependent risk. Workshop on the Economics of "
            "Information Security (WEIS).",
            "Ogut, Menon & Raghunathan 2005",
        ),
        Paper(
            "naghizadeh2014",
            "Naghizadeh & Liu (2014)",
            "Naghizadeh, P., & Liu, M. (2014). Voluntary participation in cyber-insurance "
            "markets. Workshop on the Economics of Information Security (WEIS).",
            "Naghizadeh & Liu 2014",
        ),
        Paper(
            "beyond",
            "Beyond the papers (ours)",
            "Our extension, not a paper: the Shim and Ogut et al. model with unequal firms on a network, "
            "and the three papers' remedies compared on it.",
            "Beyond the papers",
        ),
    )
}


#: The form of a paper key: a lower-case letter, then lower-case letters and digits.
PAPER_KEY = re.compile(r"^[a-z][a-z0-9]*$")


def register_paper(key: str, *, short: str, citation: str, part: str) -> Paper:
    """Add a paper of one's own to :data:`PAPERS`, so that claims, figures and tables can be
    registered under ``key`` (ids ``<key>:<label>``).

    ``short`` is the short citation (``"Doe (2024)"``), ``citation`` the full one and
    ``part`` the title of its part in a report.  Registering the same paper again is
    harmless (a module may be run twice); a key already taken by another paper, a key not
    of the form :data:`PAPER_KEY`, a key naming a module of the package (``core``,
    ``security``, ...) or an empty field raises ``ValueError`` naming the argument.

    Example::

        >>> from replication import register_paper
        >>> register_paper("doe2024", short="Doe (2024)", citation="Doe, J. (2024). A model.", part="Doe 2024").key
        'doe2024'
    """
    if not isinstance(key, str) or not PAPER_KEY.match(key):
        raise ValueError(f"key must be a lower-case letter, then lower-case letters and digits (doe2024), got {key!r}")
    for name, value in (("short", short), ("citation", citation), ("part", part)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    paper = Paper(key, short, citation, part)
    known = PAPERS.get(key)
    if known is not None:
        if known != paper:
            raise ValueError(f"key {key!r} is already the paper {known.short!r}; choose another key")
        return known
    if importlib.util.find_spec(f"replication.{key}") is not None:
        raise ValueError(f"key {key!r} names a module of the package (replication.{key}); choose another key")
    PAPERS[key] = paper
    return paper
