"""Exhibits of Ogut et al. (2005), regenerated from the model.

No figure of the paper survives, so each exhibit here is our
reconstruction of what the text describes, computed from eqs (6)-(22);
the captions say so.  The last two are beyond the paper (exact CARA utility).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from replication.core import validate
from replication.core.cache import cached
from replication.drawing.style import COLORS, LINESTYLES, MARKERS, PLAIN, legend_above, new_figure
from replication.ledger.parameters import at_paper_values
from replication.ledger.registry import FigureData, figure
from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005.model.exact import exact_cara_equilibrium
from replication.ogut2005.model.game import (
    Equilibrium,
    Parameters,
    Setting,
    equilibrium,
    reaction,
    reaction_crossings,
    symmetric_equilibria,
)
from replication.ogut2005.model.statics import statics
from replication.ogut2005.studies.exact_grid import MAP_POINTS, FairInsuranceMap, fair_insurance_map
from replication.security.breach import ExponentialBreach

RECONSTRUCTED = "Reconstructed exhibit (no original figure survives), computed from our reconstruction of the model."
INTERDEPENDENT = "book/ogut2005/interdependent"
REGIONS = "book/ogut2005/regions_planner"
EXACT = "book/ogut2005/exact_cara"

#: The base parameter set of the chapters (one set at which every result can be shown).
BASE: Parameters = {"breach": ExponentialBreach(0.5, 5.0), "q": 0.5, "L": 1.0, "r": 0.5, "lam": 0.2}
#: Our example for Proof 8 (the paper prints none) of cover that is not monotone in lam.
NON_MONOTONE: Setting = {"breach": ExponentialBreach(0.45, 2.381), "q": 1.0, "L": 1.0, "r": 2.0}
#: Our example for Proof 4 (the paper prints none) of several equilibria.
SEVERAL: Parameters = {"breach": ExponentialBreach(0.95, 8.0), "q": 1.0, "L": 1.0, "r": 0.5, "lam": 0.0}


#: A reaction panel's title by the number of crossings it shows.
_CROSSINGS = {0: "no crossing", 1: "single crossing", 2: "two crossings", 3: "three crossings"}


def _reaction_panel(ax: Axes, args: Parameters, z_max: float, data: dict[str, list]) -> None:
    breach, q, L, r, lam = args["breach"], args["q"], args["L"], args["r"], args["lam"]
    zs = np.linspace(0.0, z_max, 400)
    best = np.array([reaction(breach, L=L, q=q, lam=lam, z2=z) for z in zs])
    ax.plot(best, zs, color=COLORS[0], linestyle=LINESTYLES[0], label="firm 1: $z_1=R(z_2)$")
    ax.plot(zs, best, color=COLORS[1], linestyle=LINESTYLES[1], label="firm 2: $z_2=R(z_1)$")
    stable = {round(e.z, 10): e.stable for e in symmetric_equilibria(breach, L=L, r=r, q=q, lam=lam)}
    crossings = reaction_crossings(breach, L=L, q=q, lam=lam, z_max=z_max)
    for z1, z2 in crossings:
        is_stable = stable.get(round(z1, 10), z1 == 0.0)
        ax.plot(
            z1,
            z2,
            MARKERS[0],
            color=PLAIN["ink"],
            markerfacecolor=PLAIN["ink"] if is_stable else PLAIN["white"],
            markersize=7,
            zorder=3,
        )
    title = _CROSSINGS.get(len(crossings), f"{len(crossings)} crossings")
    ax.set(xlabel="$z_1$", ylabel="$z_2$", title=title, xlim=(0, z_max), ylim=(0, z_max), aspect="equal")
    legend_above(ax)
    data["panel"] += [title] * len(zs)
    data["z_other"] += list(zs)
    data["best_response"] += list(best)


#: The reaction-curves figure's parameters at the paper's values: the left panel is the base set,
#: the right one (suffix ``_several``) our example of several equilibria.
_REACTION_PAPER = {
    "p0": 0.5,
    "a": 5.0,
    "L": BASE["L"],
    "q": BASE["q"],
    "lam": BASE["lam"],
    "p0_several": 0.95,
    "a_several": 8.0,
    "q_several": SEVERAL["q"],
    "lam_several": SEVERAL["lam"],
}


def _reaction_fields(values: Mapping[str, Any]) -> dict[str, str]:
    """What the caption and alt text of the reaction curves state only at the paper's values."""

    def paper(found: str, otherwise: str) -> str:
        return at_paper_values(values, _REACTION_PAPER, found, otherwise)

    return {
        "left_found": paper(", where eq (11) holds and the curves cross once", ""),
        "right_found": paper(", where eq (11) fails near $z=0$ and they cross three times", ""),
        "alt_found": paper(
            "Both reaction curves slope upward. With a low base risk they cross once on the diagonal; with "
            "base risk 0.95 and full spillover they cross at the origin, at a small unstable investment and "
            "at a larger stable one.",
            "Two panels, each with both firms' reaction curves and their crossings marked (filled: stable, "
            "hollow: unstable); each panel's title counts the crossings.",
        ),
    }


@figure(
    "ogut2005:figure_reaction_curves",
    number="Reconstructed exhibit: reaction curves",
    chapter=INTERDEPENDENT,
    caption="Reaction curves of two insured firms in the $(z_1, z_2)$ plane (Result 4). Left: "
    "$p={p0:g}e^{{-{a:g}z}}$, $q={q:g}$, $L={L:g}$, $\\lambda={lam:g}${left_found}. "
    "Right: $p={p0_several:g}e^{{-{a_several:g}z}}$, $q={q_several:g}$, $\\lambda={lam_several:g}$"
    "{right_found} (filled: stable, hollow: unstable). " + RECONSTRUCTED,
    alt="{alt_found}",
    fields=_reaction_fields,
)
def figure_reaction_curves(
    *,
    p0: float = _REACTION_PAPER["p0"],
    a: float = _REACTION_PAPER["a"],
    L: float = _REACTION_PAPER["L"],
    q: float = _REACTION_PAPER["q"],
    lam: float = _REACTION_PAPER["lam"],
    p0_several: float = _REACTION_PAPER["p0_several"],
    a_several: float = _REACTION_PAPER["a_several"],
    q_several: float = _REACTION_PAPER["q_several"],
    lam_several: float = _REACTION_PAPER["lam_several"],
) -> FigureData:
    """Left: the base set (its ``r``); right: our example of several equilibria (its ``L`` and ``r``)."""
    fig, axes = new_figure(1, 2, figsize=(8.0, 4.0))
    data: dict[str, list] = {"panel": [], "z_other": [], "best_response": []}
    left = BASE | {"breach": ExponentialBreach(p0, a), "q": q, "L": L, "lam": lam}
    right = SEVERAL | {"breach": ExponentialBreach(p0_several, a_several), "q": q_several, "lam": lam_several}
    _reaction_panel(axes[0], left, 0.4, data)
    _reaction_panel(axes[1], right, 0.35, data)
    return FigureData(fig, data)


_SWEEPS = {
    "q": ("$q$", tuple(np.linspace(0.0, 1.0, 26))),
    "L": ("$L$", tuple(np.linspace(0.6, 2.0, 26))),
    "r": ("$r$", tuple(np.linspace(0.3, 3.0, 26))),
    "lam": ("$\\lambda$", tuple(np.linspace(0.0, 1.0, 26))),
}


def _moved(name: str, value: float, base: Parameters = BASE) -> Parameters:
    """``base`` with the model parameter ``name`` (one of the keys of _SWEEPS) set to ``value``."""
    levels = {"q": base["q"], "L": base["L"], "r": base["r"], "lam": base["lam"]} | {name: value}
    return {"breach": base["breach"], "q": levels["q"], "L": levels["L"], "r": levels["r"], "lam": levels["lam"]}


def _statics_sweeps(base: Parameters = BASE) -> dict[str, tuple[list[float], list[float]]]:
    """(z*, I*) along each one-parameter sweep from ``base``."""
    out = {}
    for name, (_, values) in _SWEEPS.items():
        eqs = [equilibrium(**_moved(name, float(v), base)) for v in values]
        out[name] = ([e.z for e in eqs], [e.I for e in eqs])
    return out


def _base(p0: float, a: float, *, L: float, r: float, q: float, lam: float) -> Parameters:
    """A parameter set with an exponential breach function ``p0 * exp(-a z)``."""
    return {"breach": ExponentialBreach(p0, a), "q": q, "L": L, "r": r, "lam": lam}


#: The base set's breach function, ``p0 * exp(-a z)``.
_P0, _A = 0.5, 5.0


@figure(
    "ogut2005:figure_statics",
    number="Reconstructed exhibit: comparative statics",
    chapter=INTERDEPENDENT,
    caption="Equilibrium investment $z^*$ (top) and cover $I^*$ (bottom) as one parameter moves from the set "
    "$p={p0:g}e^{{-{a:g}z}}$, $q={q:g}$, $L={L:g}$, $r={r:g}$, $\\lambda={lam:g}$ (Results 6 and 8). Where cover "
    "reaches zero the "
    "firm buys none (a corner) and invests at its uninsured level. " + RECONSTRUCTED,
    alt="Investment falls with q, rises with L and with lambda, and is flat in r; cover falls with q, "
    "rises with L and r, and falls with lambda until, near lambda 0.7, the firm stops insuring "
    "(a corner with no cover) and investment stays at its uninsured level.",
)
def figure_statics(
    *,
    p0: float = _P0,
    a: float = _A,
    L: float = BASE["L"],
    r: float = BASE["r"],
    q: float = BASE["q"],
    lam: float = BASE["lam"],
) -> FigureData:
    base = _base(p0, a, L=L, r=r, q=q, lam=lam)
    fig, axes = new_figure(2, 4, figsize=(9.0, 4.4), sharey="row")
    data: dict[str, list] = {"parameter": [], "value": [], "z": [], "I": []}
    sweeps = cached(
        "ogut2005:statics_sweeps", {"base": repr(base), "sweeps": repr(_SWEEPS)}, lambda: _statics_sweeps(base)
    )
    for col, (name, (label, values)) in enumerate(_SWEEPS.items()):
        z, cover = sweeps[name]
        axes[0, col].plot(values, z, color=COLORS[0], linestyle=LINESTYLES[0])
        axes[1, col].plot(values, cover, color=COLORS[1], linestyle=LINESTYLES[1])
        axes[1, col].set_xlabel(label)
        data["parameter"] += [name] * len(values)
        data["value"] += list(values)
        data["z"] += z
        data["I"] += cover
    axes[0, 0].set_ylabel("investment $z^*$")
    axes[1, 0].set_ylabel("cover $I^*$")
    return FigureData(fig, data)


@figure(
    "ogut2005:figure_loading_cover",
    number="Reconstructed exhibit: cover and loading",
    chapter=INTERDEPENDENT,
    caption="Cover against the loading $\\lambda$ for $p={p0:g}e^{{-{a:g}z}}$, $q={q:g}$, $L={L:g}$, $r={r:g}$ "
    "(Proof 8). "
    "Cover turns down where $\\lambda/(1+\\lambda)$ meets the threshold $\\bar\\lambda$ of eq (12) "
    "(solid line); comparing $\\lambda$ itself with $\\bar\\lambda$ (dashed) would predict that cover "
    "rises throughout. " + RECONSTRUCTED,
    alt="Cover rises from about 0.44 at lambda 0.8 to a peak of about 0.518 near lambda 2 and then "
    "falls slightly; the peak sits where lambda over one plus lambda crosses the threshold.",
)
def figure_loading_cover(
    *,
    p0: float = 0.45,
    a: float = 2.381,
    L: float = NON_MONOTONE["L"],
    r: float = NON_MONOTONE["r"],
    q: float = NON_MONOTONE["q"],
) -> FigureData:
    fig, (left, right) = new_figure(1, 2, figsize=(8.0, 3.6))
    lams = np.linspace(0.75, 4.0, 66)
    args: Setting = {"breach": ExponentialBreach(p0, a), "q": q, "L": L, "r": r}
    eqs = [equilibrium(args["breach"], L=args["L"], r=args["r"], q=args["q"], lam=float(lam)) for lam in lams]
    bars = [
        statics(args["breach"], L=args["L"], r=args["r"], q=args["q"], lam=float(lam), z=e.z).lam_bar
        for lam, e in zip(lams, eqs)
    ]
    left.plot(lams, [e.I for e in eqs], color=COLORS[0], linestyle=LINESTYLES[0])
    left.set(xlabel="$\\lambda$", ylabel="cover $I^*$")
    right.plot(lams, lams / (1 + lams), color=COLORS[0], linestyle=LINESTYLES[0], label="$\\lambda/(1+\\lambda)$")
    right.plot(lams, lams, color=COLORS[1], linestyle=LINESTYLES[1], label="$\\lambda$")
    right.plot(lams, bars, color=COLORS[2], linestyle=LINESTYLES[2], label="$\\bar\\lambda$ (eq 12)")
    right.set(xlabel="$\\lambda$", ylabel="loading and its thresholds", ylim=(0, 1.2))
    legend_above(right, ncols=3)
    return FigureData(fig, {"lam": list(lams), "I": [e.I for e in eqs], "lam_bar": bars})


def _interior_or_none(args: Parameters) -> Equilibrium | None:
    """The equilibrium, or None where investing is not worthwhile (the corner z = 0)."""
    try:
        found = equilibrium(**args)
    except NoInteriorSolution:
        return None
    return None if found.z == 0.0 else found


@figure(
    "ogut2005:figure_n_firms",
    number="Reconstructed exhibit: number of firms",
    chapter=REGIONS,
    caption="Investment and cover of $n$ interdependent firms (eqs 21-22, Result 13) for $p={p0:g}e^{{-{a:g}z}}$, "
    "$L={L:g}$, $r={r:g}$, $\\lambda={lam:g}$ and three spillover probabilities; a line ends where no firm "
    "finds the first unit of investment worthwhile any more (the corner $z=0$). " + RECONSTRUCTED,
    alt="Investment and cover both fall as the number of firms grows, and fall faster the higher q is.",
)
def figure_n_firms(
    *,
    p0: float = _P0,
    a: float = _A,
    L: float = BASE["L"],
    r: float = BASE["r"],
    lam: float = BASE["lam"],
    q1: float = 0.1,
    q2: float = 0.2,
    q3: float = 0.5,
    n_max: int = 10,
) -> FigureData:
    if isinstance(n_max, bool) or not isinstance(n_max, int) or n_max < 2:
        raise ValueError(f"n_max must be an integer >= 2, got {n_max!r}")
    base = _base(p0, a, L=L, r=r, q=BASE["q"], lam=lam)
    fig, (left, right) = new_figure(1, 2, figsize=(8.0, 3.4))
    ns = np.arange(2, n_max + 1)
    data: dict[str, list] = {"q": [], "n": [], "z": [], "I": []}
    for k, q in enumerate((q1, q2, q3)):
        eqs = [_interior_or_none(base | {"q": q, "n": int(n)}) for n in ns]
        z = [e.z if e else np.nan for e in eqs]
        cover = [e.I if e else np.nan for e in eqs]
        style = {"color": COLORS[k], "linestyle": LINESTYLES[k], "marker": MARKERS[k], "label": f"$q={q:g}$"}
        left.plot(ns, z, **style)
        right.plot(ns, cover, **style)
        data["q"] += [q] * len(ns)
        data["n"] += list(ns)
        data["z"] += z
        data["I"] += cover
    left.set(xlabel="number of firms $n$", ylabel="investment $z^*$")
    right.set(xlabel="number of firms $n$", ylabel="cover $I^*$")
    legend_above(left, ncols=3)
    return FigureData(fig, data)


#: The fair-insurance map's parameters at our values: the breach function's ``p0`` and the grid's points per axis.
_FAIR_MAP_PAPER = {"p0": 0.95, "points": MAP_POINTS}


def _label_region(m: FairInsuranceMap, raises: np.ndarray, where: tuple[float, float], wanted: float) -> bool:
    """Whether the map's cell nearest ``where`` (a, rL) is the region ``wanted`` (1: raises, 0: lowers)."""
    col, row = int(np.abs(m.a - where[0]).argmin()), int(np.abs(m.rL - where[1]).argmin())
    return bool(raises[row, col] == wanted)


@figure(
    "ogut2005:figure_exact_fair_insurance",
    number="Beyond the paper: fair insurance without the Taylor step",
    chapter=EXACT,
    caption="Where Result 2 (fair insurance lowers investment) holds under exact CARA utility, independent "
    "risk, $p={p0:g}e^{{-az}}$, $L=1$. Hatched: fair insurance raises investment; plain: it lowers investment; "
    "dashed curve: the "
    "breach probability at the uninsured optimum equals one half; blank corner: no interior solution. "
    "Our computation, not in the paper.",
    alt="{alt_found}",
    fields=lambda values: {
        "alt_found": at_paper_values(
            values,
            _FAIR_MAP_PAPER,
            "Fair insurance raises investment where security is least effective (small a), the region "
            "where the uninsured breach probability is above about one half; elsewhere it lowers investment.",
            "Over the plane of the effectiveness of security a and risk aversion times loss rL: hatched where "
            "fair insurance raises investment, plain where it lowers it, blank where there is no interior "
            "solution; a dashed curve marks an uninsured breach probability of one half.",
        )
    },
)
def figure_exact_fair_insurance(*, p0: float = 0.95, points: int = MAP_POINTS) -> FigureData:
    """The map of :func:`~replication.ogut2005.studies.exact_grid.fair_insurance_map` at ``p0`` on
    ``points`` values per axis; a region's label is drawn where its region is."""
    points = validate.integer_at_least("points", points, 2, validate.MAX_COUNT)
    m = fair_insurance_map(p0, points)
    fig, ax = new_figure(figsize=(6.0, 4.2))
    raises = np.where(np.isnan(m.z_none), np.nan, (m.z_fair > m.z_none).astype(float))
    ax.contourf(
        m.a, m.rL, raises, levels=[-0.5, 0.5, 1.5], colors=[COLORS[5], COLORS[4]], hatches=["", "//"], alpha=0.6
    )
    if _label_region(m, raises, (4.0, 0.5), 0.0):
        ax.text(4.0, 0.5, "insurance lowers $z$", ha="center")
    if _label_region(m, raises, (1.75, 0.12), 1.0):
        ax.text(1.75, 0.12, "raises $z$", ha="center", backgroundcolor=PLAIN["white"])
    ax.contour(m.a, m.rL, m.P_none, levels=[0.5], colors=PLAIN["ink"], linestyles="--")
    ax.set(xlabel="effectiveness of security $a$", ylabel="risk aversion times loss $rL$")
    a, rL = np.meshgrid(m.a, m.rL)
    return FigureData(
        fig,
        {
            "a": a.ravel(),
            "rL": rL.ravel(),
            "z_none": m.z_none.ravel(),
            "z_fair": m.z_fair.ravel(),
            "P_none": m.P_none.ravel(),
        },
    )


@figure(
    "ogut2005:figure_exact_risk_aversion",
    number="Beyond the paper: investment and risk aversion",
    chapter=EXACT,
    caption="Equilibrium investment against risk aversion $r$ with insurance at loading $\\lambda={lam:g}$, "
    "$p={p0:g}e^{{-{a:g}z}}$, $q={q:g}$, $L={L:g}$: flat under the Taylor step (Result 6(iii)), rising under "
    "exact CARA utility. Our computation, not in the paper.",
    alt="The Taylor-step investment is a horizontal line; the exact investment lies below it and "
    "rises slowly toward it as risk aversion grows.",
)
def figure_exact_risk_aversion(
    *, p0: float = _P0, a: float = _A, L: float = BASE["L"], q: float = BASE["q"], lam: float = BASE["lam"]
) -> FigureData:
    fig, ax = new_figure(figsize=(5.6, 3.6))
    rs = np.linspace(0.2, 3.0, 29)
    b = _base(p0, a, L=L, r=BASE["r"], q=q, lam=lam)
    taylor = [equilibrium(b["breach"], L=b["L"], r=float(r), q=b["q"], lam=b["lam"]).z for r in rs]
    exact = [
        exact_cara_equilibrium(b["breach"], insured=True, L=b["L"], r=float(r), q=b["q"], lam=b["lam"]).z for r in rs
    ]
    ax.plot(rs, taylor, color=COLORS[0], linestyle=LINESTYLES[0], label="Taylor step (paper)")
    ax.plot(rs, exact, color=COLORS[1], linestyle=LINESTYLES[1], label="exact CARA")
    ax.set(xlabel="risk aversion $r$", ylabel="investment $z^*$")
    legend_above(ax)
    return FigureData(fig, {"r": list(rs), "z_taylor": taylor, "z_exact": exact})
