"""Tables of the chapter "One network, every remedy" (ours, beyond the papers)."""

from __future__ import annotations

import numpy as np

from replication.beyond.model.network import (
    ALL_REMEDIES,
    FIRMS,
    LAM,
    MECHANISM,
    REMEDIES,
    SEEDS,
    SHOWN,
    draw_network,
    remedies,
    study,
)
from replication.core import validate
from replication.core.numbers import num
from replication.ledger.registry import Table, table

CHAPTER = "book/beyond/one_network"
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _in_words(n: int) -> str:
    """``n`` in words up to ten, in digits beyond."""
    return _WORDS[n] if isinstance(n, int) and 0 <= n < len(_WORDS) else str(n)


@table(
    "beyond:table_one_network",
    number="Table 1",
    caption="The network of seed {seed} ({firms_in_words} unequal firms) without intervention, at the social optimum "
    "and under each remedy (insurance at loading $\\lambda={lam:g}$): social cost $S=\\sum_i(z_i+L_iP_i)$, total "
    "investment, firms buying cover, share of the welfare gap closed, and the global best-reply certificate; "
    "last, Naghizadeh & Liu's mechanism with every firm in (full cover; for its equilibrium messages the "
    "certificate is a multi-start search for a profitable change of message, not a global check). Ours.",
    chapter=CHAPTER,
    fields=lambda values: {"firms_in_words": _in_words(values["firms"])},
)
def table_one_network(*, seed: int = SHOWN, firms: int = FIRMS, lam: float = LAM) -> Table:
    """The network of ``seed`` with ``firms`` firms (at least 3, for the mechanism) at loading ``lam``."""
    R = remedies(draw_network(seed, n=firms), lam=lam)
    rows = []
    for name in ("nash", "optimum", *REMEDIES):
        o = R.outcome(name)
        closed = {"nash": 0.0, "optimum": 1.0}.get(name, R.gap_closed(name) if name in REMEDIES else 0.0)
        insured = int(np.sum(o.I > 0.0))
        rows.append(
            (
                name,
                f"{o.social_cost:.4f}",
                f"{o.z.sum():.4f}",
                f"{insured} of {R.firms.n}",
                f"{closed:.3f}",
                "yes" if o.nash else "no",
            )
        )
    M = R.mechanism
    rows.append(
        (
            MECHANISM,
            f"{M.social_cost:.4f}",
            f"{M.x.sum():.4f}",
            f"{R.firms.n} of {R.firms.n}",
            f"{R.gap_closed(MECHANISM):.3f}",
            "no gain found" if M.deviation_gain <= 1e-9 else f"gain {M.deviation_gain:.2e}",
        )
    )
    return Table(
        columns=("outcome", "social cost S", "total investment", "insured firms", "gap closed", "Nash (certified)"),
        rows=tuple(rows),
    )


@table(
    "beyond:table_gap_summary",
    number="Table 2",
    caption="Share of the welfare gap closed by each remedy over {networks} drawn networks: median, "
    "range, and the networks where the remedy widens the gap; the mechanism with every firm in, and when the "
    "firm whose absence costs most among those that would rather stay out does stay out. Ours.",
    chapter=CHAPTER,
)
def table_gap_summary(*, networks: int = len(SEEDS), firms: int = FIRMS, lam: float = LAM) -> Table:
    """The study over seeds ``0, ..., networks - 1`` with ``firms`` firms per network at loading ``lam``."""
    networks = validate.integer_at_least("networks", networks, 1)
    s = study(seeds=range(networks), n=firms, lam=lam)
    rows = []
    for remedy, key in [(r, r) for r in ALL_REMEDIES] + [("mechanism, worst firm out", "worst_defection")]:
        v = np.asarray(s[key])
        rows.append(
            (remedy, f"{np.median(v):.3f}", f"{v.min():.3f} to {v.max():.3f}", f"{int(np.sum(v < 0))} of {v.size}")
        )
    return Table(columns=("remedy", "median", "range", "widens the gap"), rows=tuple(rows))


@table(
    "beyond:table_mechanism_one_network",
    number="Table 4",
    caption="Naghizadeh & Liu's mechanism on the network of seed {seed}, firm by firm (risk-neutral firms, "
    "cost $z_i + L_iP_i$): investment at the optimum $x^*$, net payment $t_i$ (negative: the firm is paid; they "
    "sum to zero), full-cover premium $\\rho_i = t_i + L_iP_i(x^*)$, cost when joining, cost when staying out "
    "while the others join (the loner game), and whether it joins (voluntary participation). Ours.",
    chapter=CHAPTER,
)
def table_mechanism_one_network(*, seed: int = SHOWN, firms: int = FIRMS) -> Table:
    """The mechanism on the network of ``seed`` with ``firms`` firms (at least 3)."""
    R = remedies(draw_network(seed, n=firms))
    M = R.mechanism
    vp = M.participation
    premium = M.payments + M.model.expected_losses(M.x)
    rows = [
        (
            str(i + 1),
            f"{M.x[i]:.4f}",
            num(M.payments[i], 4, sign=True),
            f"{premium[i]:.4f}",
            f"{vp.participating_cost[i]:.4f}",
            f"{vp.loner_cost[i]:.4f}",
            "yes" if vp.vp[i] else "no",
        )
        for i in range(R.firms.n)
    ]
    rows.append(
        ("sum", f"{M.x.sum():.4f}", num(M.budget, 4, sign=True), f"{premium.sum():.4f}", "", "", f"{M.joiners}")
    )
    return Table(
        columns=("firm", "x*", "net payment t", "premium", "cost joining", "cost staying out", "joins"),
        rows=tuple(rows),
    )


@table(
    "beyond:table_assumptions",
    number="Table 3",
    caption="The papers' assumptions side by side: what each paper assumes, and what the network of this "
    "chapter assumes.",
    chapter=CHAPTER,
)
def table_assumptions() -> Table:
    return Table(
        columns=("", "Shim (2012)", "Ogut et al. (2005)", "Naghizadeh & Liu (2014)", "this chapter (ours)"),
        rows=(
            ("firms", "two, identical", "n identical (mostly two)", "N heterogeneous users", "n unequal firms"),
            ("network", "one link, spread q", "all pairs, spread q", "dependence matrix", "directed links q[i, j]"),
            (
                "risk attitude",
                "CARA, Taylor step",
                "CARA, Taylor step",
                "risk neutral",
                "CARA, Taylor step (risk neutral under the mechanism)",
            ),
            ("effort cost", "linear", "linear", "linear", "linear"),
            ("breach risk", "untargeted or targeted", "untargeted", "total effort, weakest link", "untargeted"),
            (
                "insurance",
                "loading lam, insurer sees z",
                "loading lam, insurer sees z",
                "profit-neutral mechanism",
                "loading lam, insurer sees z; or the mechanism",
            ),
            (
                "liability",
                "none",
                "for breaches passed on (two firms)",
                "none",
                "for breaches passed on (n firms, ours)",
            ),
            ("welfare", "planner in words", "sum of costs (eq 14)", "social cost", "expected loss plus investment"),
        ),
    )
