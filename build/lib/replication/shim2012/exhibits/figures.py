"""Shim (2012), Figures 1-12.

The paper's figures are schematics: Figures
1-7, 9 and 11 are redrawn from the paper's description (Sections II and III) with
:mod:`replication.drawing.diagrams`; the signs on the causal arrows are computed from the
model.  Figures 8, 10 and 12 are computed from the model for stated parameter values.
"""

from __future__ import annotations

import textwrap
from typing import TypedDict

import numpy as np
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from replication.drawing.diagrams import Diagram, row_layout
from replication.drawing.style import COLORS, PLAIN, colour, legend_above, look, mark, new_figure
from replication.ledger import FigureData, figure
from replication.ledger.registry import Column
from replication.security import ExponentialBreach
from replication.shim2012.model.attacks import ATTACKS, HYBRIDS, AttackType, externality, externality_kind
from replication.shim2012.model.game import CASES, equilibrium, planner, structure

FRAMEWORKS = "book/shim2012/frameworks"
NO_INSURANCE = "book/shim2012/no_insurance"
INSURANCE = "book/shim2012/insurance"
REDRAWN = "Redrawn from the paper's description."

#: Parameters of the computed figures (the chapters' base set).
BREACH = ExponentialBreach(0.5, 5.0)
L, R, Q, LAM = 1.0, 0.5, 0.5, 0.2
#: Reference point at which arrow signs are computed (any interior point gives the same sign).
Z_REF = (0.3, 0.2)


def _sign(case: str) -> str:
    """'-' if firm 2's investment lowers firm 1's breach probability, '+' if it raises it."""
    z1, z2 = Z_REF
    kind = externality_kind(externality(BREACH, case=case, z1=z1, z2=z2, q=Q))
    return {"positive": "-", "negative": "+"}[kind]


# -- Figures 1, 2, 4, 5: attack schematics ----------------------------------------------


@figure(
    "shim2012:figure_1",
    number="Figure 1",
    chapter=FRAMEWORKS,
    caption=f"Typical untargeted attack: self-spreading malware reaches any vulnerable firm, and "
    f"infected firms pass it to their partners. {REDRAWN}",
    alt="An attacker releases malware into the network; arrows fan out to five firms with no "
    "particular target, and dotted links between firms show the infection spreading onward.",
)
def figure_1() -> FigureData:
    fig, ax = new_figure(figsize=(7.0, 3.4))
    d = Diagram(ax, xlim=(0, 14), ylim=(0, 6.5))
    d.node("attacker", "Adversary", (1.4, 3.2), size=(2.2, 0.9), color=PLAIN["actor"], bold=True)
    d.node(
        "network",
        "Network\n(malware spreads:\nviruses, worms,\ntrojans, spyware)",
        (5.6, 3.2),
        size=(3.6, 2.8),
        shape="ellipse",
        color=PLAIN["light"],
    )
    firms = [f"firm {k}" for k in range(1, 6)]
    for name, xy in zip(firms, [(11.5, 6.0), (12.6, 4.6), (12.6, 3.2), (12.6, 1.8), (11.5, 0.5)]):
        d.node(name, name.capitalize(), xy, size=(1.8, 0.8), color=PLAIN["firm"])
    d.edge("attacker", "network", label="releases")
    for name in firms:
        d.edge("network", name)
    for a, b in zip(firms[:-1], firms[1:]):
        d.edge(a, b, style="dotted", curve=0.3)
    d.note((7, -0.1), "no victim is chosen; dotted: infection passed between connected firms", fontsize=8)
    return FigureData(fig, d.data())


@figure(
    "shim2012:figure_2",
    number="Figure 2",
    chapter=FRAMEWORKS,
    caption=f"Typical targeted attack: the adversary studies one firm and sends it a customised attack; "
    f"if that firm is well protected, the attack moves to a less-protected one. {REDRAWN}",
    alt="A dashed reconnaissance arrow and a solid attack arrow go from the adversary to one target "
    "firm; the other firms are untouched except a dotted arrow to the least-protected firm.",
)
def figure_2() -> FigureData:
    fig, ax = new_figure(figsize=(7.0, 3.4))
    d = Diagram(ax, xlim=(0, 14), ylim=(0, 6.5))
    d.node("attacker", "Adversary", (1.6, 3.2), size=(2.4, 0.9), color=PLAIN["actor"], bold=True)
    d.node("target", "Target firm\n(well protected)", (10.5, 5.2), size=(3.0, 1.1), color=PLAIN["firm"])
    d.node("other", "Other firm", (10.5, 3.2), size=(3.0, 0.9), color=PLAIN["white"])
    d.node("weak", "Less-protected\nfirm", (10.5, 1.0), size=(3.0, 1.1), color=PLAIN["highlight"])
    d.edge("attacker", "target", label="1. gathers information", style="dashed", curve=-0.25)
    d.edge("attacker", "target", label="2. customised attack\n(hacking, whaling, DDoS)", curve=0.1, label_offset=0.7)
    d.edge("attacker", "weak", label="3. switches target", style="dotted", curve=0.15)
    return FigureData(fig, d.data())


def _hybrid(name: str, victim_text: str) -> FigureData:
    """Two-stage hybrid attack (footnote 3): untargeted spread, then a targeted strike."""
    first, second = HYBRIDS[name]
    fig, ax = new_figure(figsize=(7.2, 3.6))
    d = Diagram(ax, xlim=(0, 15), ylim=(-0.6, 7))
    d.note((0.2, 6.6), f"Stage 1 ({first.kind}): {first.action}", ha="left", fontsize=8.5)
    d.note((0.2, 0.0), f"Stage 2 ({second.kind}): {second.action}", ha="left", fontsize=8.5)
    d.node("attacker", "Adversary", (1.5, 3.3), size=(2.4, 0.9), color=PLAIN["actor"], bold=True)
    systems = [f"system {k}" for k in range(1, 5)]
    for s, xy in zip(systems, row_layout(4, 5.2, 5.5, 13.5)):
        d.node(s, f"Infected\n{s}", xy, size=(1.9, 1.0), color=PLAIN["shade"], group="stage 1")
        d.edge("attacker", s, style="dotted")
    d.node("victim", victim_text, (9.5, 1.5), size=(3.4, 1.0), color=PLAIN["firm"], group="stage 2")
    if name == "back door":
        d.edge("attacker", "victim", label="enters through back door", curve=0.15)
        d.edge("system 3", "victim", style="dashed", label="same machine")
    else:
        for s in systems:
            d.edge(s, "victim", label="DDoS / spam" if s == systems[-1] else "")
        d.edge("attacker", "system 1", style="dashed", curve=-0.4, label="commands")
    return FigureData(fig, d.data())


@figure(
    "shim2012:figure_4",
    number="Figure 4",
    chapter=FRAMEWORKS,
    caption=f"First type of hybrid attack: malware spread without a target leaves back doors, "
    f"through which the adversary later breaks into one chosen system. {REDRAWN}",
    alt="Dotted arrows spread malware from the adversary to four systems; a solid arrow then enters "
    "one infected system through its back door.",
)
def figure_4() -> FigureData:
    return _hybrid("back door", "One infected system\n(targeted intrusion)")


@figure(
    "shim2012:figure_5",
    number="Figure 5",
    chapter=FRAMEWORKS,
    caption=f"Second type of hybrid attack: machines infected without a target become zombies that "
    f"the adversary turns against one vulnerable firm. {REDRAWN}",
    alt="Dotted arrows infect four systems; all four then send solid arrows at one vulnerable firm "
    "on the adversary's command, as in a DDoS attack.",
)
def figure_5() -> FigureData:
    return _hybrid("botnet", "Vulnerable target firm")


# -- Figures 3, 7, 9: attack type -> externality -> investment ----------------------------


def _chains(rows: list[tuple[str, list[str]]], width: float = 2.5) -> FigureData:
    """One row of boxes joined by arrows per entry of ``rows`` (label, box texts)."""
    n = max(len(texts) for _, texts in rows)
    fig, ax = new_figure(figsize=(1.55 * n + 0.8, 1.35 * len(rows) + 0.5))
    d = Diagram(ax, xlim=(0, 3.0 * n), ylim=(0, 2.2 * len(rows)), fontsize=8)
    for k, (label, texts) in enumerate(rows):
        y = 2.2 * (len(rows) - k) - 1.1
        names = [f"{label}:{j}" for j in range(len(texts))]
        for j, (name, text, xy) in enumerate(zip(names, texts, row_layout(len(texts), y, 1.5, 3.0 * n - 1.5))):
            d.node(
                name, text, xy, size=(width, 1.55), group=label, color=COLORS[k] + "33" if j == 0 else PLAIN["white"]
            )
        d.chain(names)
    return FigureData(fig, d.data())


def _row(attack: AttackType) -> list[str]:
    return [
        f"{attack.name.capitalize()} attacks\n(" + ",\n".join(attack.examples[:2]) + ", ...)",
        textwrap.fill(attack.mechanism.capitalize(), 15),
        f"{attack.externality.capitalize()}\nexternality",
        attack.investment_problem.capitalize(),
    ]


@figure(
    "shim2012:figure_3",
    number="Figure 3",
    chapter=FRAMEWORKS,
    caption=f"Types of attack and externalities: untargeted attacks make security investment a positive "
    f"externality (under-investment), targeted attacks a negative one (over-investment). {REDRAWN}",
    alt="Two chains: untargeted attacks lead to a positive externality and under-investment; targeted "
    "attacks lead to a negative externality and over-investment.",
)
def figure_3() -> FigureData:
    return _chains([(a.name, _row(a)) for a in ATTACKS])


@figure(
    "shim2012:figure_7",
    number="Figure 7",
    chapter=FRAMEWORKS,
    caption=f"Link between untargeted attacks and the level of investment. {REDRAWN}",
    alt="A chain from untargeted attacks, through spreading over trusted connections and a positive "
    "externality, to firms investing less than with independent risks.",
)
def figure_7() -> FigureData:
    return _chains(
        [
            (
                "untargeted",
                [
                    "Untargeted\nattack",
                    "Spreads through\ntrusted\nconnections",
                    "Investment cuts\nown and partners'\nbreach probability",
                    "Positive\nexternality",
                    "Invest less than\nwith independent\nrisks",
                ],
            )
        ]
    )


@figure(
    "shim2012:figure_9",
    number="Figure 9",
    chapter=FRAMEWORKS,
    caption=f"Link between targeted attacks and the level of investment. {REDRAWN}",
    alt="A chain from targeted attacks, through attackers choosing the weakest firm and protection "
    "that works relative to the rival's, to a negative externality and excessive investment.",
)
def figure_9() -> FigureData:
    return _chains(
        [
            (
                "targeted",
                [
                    "Targeted attack\npicks the\nweakest firm",
                    "Protection works\nrelative to\nrival (z1/z2)",
                    "Investment pushes\nattacks onto\nthe rival",
                    "Negative\nexternality",
                    "Over-investment\n('destructive\ncompetition')",
                ],
            )
        ]
    )


# -- Figures 6 and 11: feedback loops -------------------------------------------------------


def _loop(d: Diagram, case: str, center: tuple[float, float], title: str) -> None:
    """Two firms' investment and breach probability, with signed causal arrows (Figure 6)."""
    tag = case[:1]
    names = [
        (f"{tag}z1", "Firm 1\ninvestment"),
        (f"{tag}P2", "Firm 2 breach\nprobability"),
        (f"{tag}z2", "Firm 2\ninvestment"),
        (f"{tag}P1", "Firm 1 breach\nprobability"),
    ]
    d.nodes_on_circle(names, center, 3.0, start_deg=135, size=(2.6, 1.0), group=case)
    cross = _sign(case)
    d.edge(f"{tag}z1", f"{tag}P1", sign="-")
    d.edge(f"{tag}z2", f"{tag}P2", sign="-")
    d.edge(f"{tag}z1", f"{tag}P2", sign=cross)
    d.edge(f"{tag}z2", f"{tag}P1", sign=cross)
    d.note((center[0], center[1] + 3.2), title, fontweight="bold")


@figure(
    "shim2012:figure_6",
    number="Figure 6",
    chapter=NO_INSURANCE,
    caption=f"Feedback loop of security investment without insurance (after Bolot and Lelarge 2008): each "
    f"firm's investment lowers its own breach probability and, through the network, changes the "
    f"other's; the sign of that link is computed from the model's breach probabilities. {REDRAWN}",
    alt="Two causal diagrams: with untargeted attacks each firm's investment lowers the other's breach "
    "probability (minus sign, free riding); with targeted attacks it raises it (plus sign, an arms race).",
)
def figure_6() -> FigureData:
    fig, ax = new_figure(figsize=(7.6, 3.4))
    d = Diagram(ax, xlim=(0, 18.4), ylim=(0.2, 7.6), fontsize=8)
    _loop(d, "untargeted", (4.4, 3.6), "Untargeted attacks")
    _loop(d, "targeted", (14.0, 3.6), "Targeted attacks")
    return FigureData(fig, d.data())


@figure(
    "shim2012:figure_11",
    number="Figure 11",
    chapter=INSURANCE,
    caption=f"Feedback loop with cyber insurance (modified from Bolot and Lelarge 2008): the breach "
    f"probability sets the premium rate (1+λ)P, the price sets the cover, and cover feeds back "
    f"on investment. {REDRAWN}",
    alt="A causal loop: investment lowers the breach probability and so the premium rate; a dearer "
    "premium (higher breach probability or loading) lowers cover; cover lowers investment "
    "(Proposition 6) and investment raises cover (Proposition 5).",
)
def figure_11() -> FigureData:
    fig, ax = new_figure(figsize=(7.2, 4.0))
    d = Diagram(ax, xlim=(0, 14), ylim=(0, 7.6), fontsize=8)
    d.node("other", "Other firm's\ninvestment", (2.2, 6.4), size=(2.8, 1.1), color=PLAIN["light"])
    d.node("z", "Investment z", (2.2, 3.4), size=(2.8, 1.0))
    d.node("P", "Breach\nprobability P", (7.0, 6.4), size=(2.8, 1.1))
    d.node("price", "Premium rate\n(1+λ)P", (11.8, 6.4), size=(2.8, 1.1), meaning="insurance")
    d.node("I", "Cover I", (7.0, 1.0), size=(2.8, 1.0), meaning="insurance")
    d.node("lam", "Loading λ\n(market maturity)", (11.8, 1.0), size=(2.8, 1.1), color=PLAIN["light"])
    d.edge("z", "P", sign="-")
    d.edge("P", "price", sign="+")
    d.edge("lam", "price", sign="+")
    d.edge("price", "I", sign="-", label="dearer cover", label_offset=0.9)
    d.edge("I", "z", sign="-", label="Prop. 6", curve=-0.2)
    d.edge("z", "I", sign="+", label="Prop. 5", curve=-0.2)
    d.edge("other", "P", label="− untargeted\n+ targeted", style="dashed", label_offset=0.55)
    return FigureData(fig, d.data())


# -- Figures 8, 10, 12: computed ---------------------------------------------------------------

#: Figure 8: firm 1's and firm 2's investment, and the change in q shown as a band.
FIG8 = dict(z1=0.1, z2=0.1, q=0.4, q_new=0.6)


class _PatchStyle(TypedDict, total=False):
    """How one of Figure 8's rectangles is drawn (matplotlib patch properties)."""

    facecolor: str
    edgecolor: str
    hatch: str
    alpha: float


@figure(
    "shim2012:figure_8",
    number="Figure 8",
    chapter=NO_INSURANCE,
    caption=r"Breach probability with positive externalities (eq 4), for $p(z)={p0:g}e^{{-{a:g}z}}$, "
    r"$z_1=z_2={z:g}$: the direct breach $p(z_1)$ (dotted), the indirect breach through firm 2, "
    r"$[1-p(z_1)]\,q\,p(z_2)$ at $q={q:g}$ (hatched), and the extra area when $q$ rises to {q_new:g} "
    r"(solid). Areas are probabilities; computed from the model.",
    alt="In a unit square, a dotted strip of width p(z1) is the direct breach; a hatched rectangle "
    "to its right adds the indirect breach through firm 2; a solid band on top grows it when "
    "interdependence rises.",
)
def figure_8(
    *,
    p0: float = BREACH.p0,
    a: float = BREACH.a,
    z: float = FIG8["z1"],
    q: float = FIG8["q"],
    q_new: float = FIG8["q_new"],
) -> FigureData:
    breach = ExponentialBreach(p0, a)
    z1 = z2 = z
    p1, p2 = float(breach.p(z1)), float(breach.p(z2))
    fig, ax = new_figure(figsize=(7.4, 3.8))
    rects: list[tuple[str, float, float, float, float, _PatchStyle]] = [
        ("direct p(z1)", 0.0, 0.0, p1, 1.0, _PatchStyle(facecolor=PLAIN["white"], hatch="..", edgecolor=COLORS[0])),
        (
            "indirect (1-p(z1)) q p(z2)",
            p1,
            0.0,
            1 - p1,
            q * p2,
            _PatchStyle(facecolor=PLAIN["white"], hatch="///", edgecolor=COLORS[1]),
        ),
        (
            "change when q rises",
            p1,
            q * p2,
            1 - p1,
            (q_new - q) * p2,
            _PatchStyle(facecolor=COLORS[2], edgecolor=PLAIN["ink"], alpha=0.8),
        ),
    ]
    for label, x, y, w, h, style in rects:
        ax.add_patch(Rectangle((x, y), w, h, label=f"{label}: {w * h:.3f}", linewidth=1.0, **style))
    ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, edgecolor=PLAIN["ink"], linewidth=1.2))
    ax.set(
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
        xlabel="firm 1's states (width = probability)",
        ylabel="firm 2 passes a breach on (height)",
    )
    ax.set_aspect("equal")
    ax.grid(False)
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.02, 1.0), title=f"P1 = {1 - (1 - p1) * (1 - q * p2):.3f} at q = {q:g}"
    )
    data: dict[str, Column] = {
        "region": [r[0] for r in rects],
        "x": [r[1] for r in rects],
        "y": [r[2] for r in rects],
        "width": [r[3] for r in rects],
        "height": [r[4] for r in rects],
        "area": [r[3] * r[4] for r in rects],
    }
    return FigureData(fig, data)


#: Figure 10: firm 2's investment levels.
FIG10_Z2 = (0.1, 0.2)


@figure(
    "shim2012:figure_10",
    number="Figure 10",
    chapter=NO_INSURANCE,
    caption=r"Breach probability with negative externalities, for $p(z)={p0:g}e^{{-{a:g}z}}$: firm 1's breach "
    r"probability $p(z_1\cdot z_1/z_2)$ against its investment $z_1$, for two levels of the "
    r"rival's investment $z_2$, and the reference $p(z_1)$ without externality. The curves cross "
    r"at $z_1=z_2$; the shaded area is the risk added when the rival invests more. Computed from "
    r"the model.",
    alt="Firm 1's breach probability falls faster than p(z1) once it out-invests its rival and lies "
    "above p(z1) when it invests less; a higher rival investment shifts the curve up (shaded).",
)
def figure_10(
    *, p0: float = BREACH.p0, a: float = BREACH.a, z2_low: float = FIG10_Z2[0], z2_high: float = FIG10_Z2[1]
) -> FigureData:
    breach = ExponentialBreach(p0, a)
    levels = (z2_low, z2_high)
    z1 = np.linspace(0.0, 0.5, 201)
    s = structure("targeted")
    fig, ax = new_figure(figsize=(6.0, 3.8))
    ref = np.asarray(breach.p(z1))
    ax.plot(z1, ref, color=PLAIN["ink"], linestyle=":", label=r"$p(z_1)$ (no externality)")
    curves: dict[float, NDArray[np.float64]] = {}
    for k, z2 in enumerate(levels):
        curves[z2] = np.asarray(s.P(breach, z1, z2))
        ax.plot(z1, curves[z2], color=COLORS[k], linestyle=("-", "--")[k], label=rf"$p(z_1^2/z_2)$, $z_2={z2:g}$")
        ax.plot([z2], [breach.p(z2)], marker="o", color=COLORS[k])
    ax.fill_between(
        z1, curves[levels[0]], curves[levels[1]], color=COLORS[2], alpha=0.3, label="added risk when $z_2$ rises"
    )
    ax.set(xlabel="firm 1's investment $z_1$", ylabel="firm 1's breach probability $P_1$")
    legend_above(ax)
    data = {
        "z1": list(np.tile(z1, 3)),
        "series": ["p(z1)"] * len(z1) + [f"z2={z:g}" for z in levels for _ in z1],
        "P1": list(ref) + [float(v) for z in levels for v in curves[z]],
    }
    return FigureData(fig, data)


def investment_table(
    *, breach: ExponentialBreach = BREACH, L: float = L, r: float = R, q: float = Q, lam: float
) -> dict[str, list]:
    """Nash and planner investment per case, without and with insurance at loading ``lam`` (Shim eqs 3-14).

    By default at the chapters' base parameters (p(z) = 0.5 exp(-5z), L = 1, r = 0.5,
    q = 0.5); raises ``ValueError`` for lam < 0 and ``NoInteriorSolution`` where a case
    has no interior solution.
    """
    rows: dict[str, list] = {
        k: [] for k in ("case", "z_uninsured", "z_insured", "planner_uninsured", "planner_insured", "lam")
    }
    for case in CASES:
        rows["case"].append(case)
        rows["z_uninsured"].append(equilibrium(breach, case=case, insured=False, L=L, r=r, q=q).z)
        rows["z_insured"].append(equilibrium(breach, case=case, insured=True, L=L, r=r, q=q, lam=lam).z)
        rows["planner_uninsured"].append(planner(breach, case=case, insured=False, L=L, r=r, q=q).z)
        rows["planner_insured"].append(planner(breach, case=case, insured=True, L=L, r=r, q=q, lam=lam).z)
        rows["lam"].append(lam)
    return rows


@figure(
    "shim2012:figure_12",
    number="Figure 12",
    chapter=INSURANCE,
    caption=r"Effect of adopting cyber insurance on investment, for $p(z)={p0:g}e^{{-{a:g}z}}$, $L={L:g}$, "
    r"$r={r:g}$, $q={q:g}$: Nash investment without insurance (filled) and with insurance (hollow), joined by an "
    r"arrow, against two efficient levels: the planner's without insurance (solid tick) and with "
    r"insurance (dashed tick). Left: mature market ($\lambda=0$); right: $\lambda={lam:g}$. Computed "
    r"from the model.",
    alt="Insurance lowers investment in all three cases. Targeted firms move down toward the efficient "
    "level; untargeted firms fall further below the uninsured planner's level, but their shortfall "
    "against the planner's level with insurance shrinks.",
)
def figure_12(
    *, p0: float = BREACH.p0, a: float = BREACH.a, L: float = L, r: float = R, q: float = Q, lam: float = LAM
) -> FigureData:
    breach = ExponentialBreach(p0, a)
    fig, axes = new_figure(1, 2, figsize=(7.6, 3.8), sharey=True)
    data: dict[str, list] = {}
    for ax, loading in zip(axes, (0.0, lam)):
        t = investment_table(lam=loading, breach=breach, L=L, r=r, q=q)
        x = np.arange(len(CASES))
        for k in range(len(CASES)):
            ax.annotate(
                "",
                xy=(x[k], t["z_insured"][k]),
                xytext=(x[k], t["z_uninsured"][k]),
                arrowprops=dict(arrowstyle="-|>", color=PLAIN["guide"], linewidth=1.5),
            )
        ax.plot(
            x,
            t["z_uninsured"],
            "o",
            color=colour("no insurance"),
            label="Nash, no insurance",
            gid=look("no insurance")["gid"],
        )
        ax.plot(
            x,
            t["z_insured"],
            "o",
            markerfacecolor=PLAIN["white"],
            color=colour("insurance"),
            label="Nash, insurance",
            gid=look("insurance")["gid"],
        )
        for key, meaning, dashes in (
            ("planner_uninsured", "no insurance", "-"),
            ("planner_insured", "insurance", "--"),
        ):
            mark(
                ax.hlines(
                    t[key], x - 0.3, x + 0.3, colors=colour(meaning), linestyles=dashes, label=f"planner, {meaning}"
                ),
                meaning,
            )
        ax.set_xticks(x, [c for c in CASES])
        ax.set_xlim(-0.5, len(CASES) - 0.5)
        ax.set_xlabel("risk structure")
        ax.set_title(rf"$\lambda = {loading:g}$")
        for key, values in t.items():
            data.setdefault(key, []).extend(values)
    axes[0].set_ylabel("security investment $z$")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return FigureData(fig, data)
