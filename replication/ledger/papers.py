"""The three papers this package replicates, in the order the book presents them, then our own part beyond them."""

from __future__ import annotations

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
