"""Tables of the chapter "One network, every remedy" (ours, beyond the papers)."""

from __future__ import annotations

import numpy as np

from replication.beyond.network import LAM, REMEDIES, SEEDS, SHOWN, draw_network, remedies, study
from replication.core.registry import Table, table

CHAPTER = "book/beyond/one_network"


@table(
    "beyond:table_one_network",
    number="Table 1",
    caption=f"The network of seed {SHOWN} (six unequal firms) without intervention, at the social optimum "
    f"and under each remedy (insurance at loading $\\lambda={LAM}$): social cost $S=\\sum_i(z_i+L_iP_i)$, total "
    "investment, firms buying cover, share of the welfare gap closed, and the global best-reply certificate. Ours.",
    chapter=CHAPTER,
)
def table_one_network() -> Table:
    R = remedies(draw_network(SHOWN))
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
    return Table(
        columns=("outcome", "social cost S", "total investment", "insured firms", "gap closed", "Nash (certified)"),
        rows=tuple(rows),
    )


@table(
    "beyond:table_gap_summary",
    number="Table 2",
    caption=f"Share of the welfare gap closed by each remedy over {len(SEEDS)} drawn networks: median, "
    "range, and the networks where the remedy widens the gap. Ours.",
    chapter=CHAPTER,
)
def table_gap_summary() -> Table:
    s = study()
    rows = []
    for remedy in REMEDIES:
        v = np.asarray(s[remedy])
        rows.append(
            (remedy, f"{np.median(v):.3f}", f"{v.min():.3f} to {v.max():.3f}", f"{int(np.sum(v < 0))} of {v.size}")
        )
    return Table(columns=("remedy", "median", "range", "widens the gap"), rows=tuple(rows))


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
            ("risk attitude", "CARA, Taylor step", "CARA, Taylor step", "risk neutral", "CARA, Taylor step"),
            ("effort cost", "linear", "linear", "linear", "linear"),
            ("breach risk", "untargeted or targeted", "untargeted", "total effort, weakest link", "untargeted"),
            (
                "insurance",
                "loading lam, insurer sees z",
                "loading lam, insurer sees z",
                "profit-neutral mechanism",
                "loading lam, insurer sees z",
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
