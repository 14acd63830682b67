"""Tables of Ogut et al. (2005), regenerated from the model.

The paper's two-by-two classification of markets survives only as text; the table here
is our reconstruction of it with computed values.
"""

from __future__ import annotations

from replication.core import validate
from replication.ledger.registry import Table, table
from replication.numerics.solvers import NoInteriorSolution
from replication.ogut2005.model.exact import exact_cara_equilibrium
from replication.ogut2005.model.game import Parameters, equilibrium, planner, uninsured_equilibrium
from replication.ogut2005.model.liability import liability
from replication.ogut2005.model.regions import regions
from replication.security.breach import ExponentialBreach

#: The parameter set used for the regions throughout the Ogut chapters.
REGION_SET: Parameters = {"breach": ExponentialBreach(0.5, 5.0), "q": 0.5, "L": 1.0, "r": 0.5, "lam": 0.2}
#: Counterexamples to Result 2 without the Taylor step (entry
#: `ogut2005:taylor_step_insurance_lowers_investment`): breach, rL, q.
EXACT_CASES = (
    (ExponentialBreach(0.95, 1.5), 0.3, 0.0),
    (ExponentialBreach(0.95, 2.0), 1.0, 0.0),
    (ExponentialBreach(0.95, 3.0), 1.0, 0.3),
)


def _set(p0: float, a: float, *, L: float, r: float, q: float, lam: float) -> Parameters:
    """A parameter set with the exponential breach function ``p0 * exp(-a z)``."""
    return {"breach": ExponentialBreach(p0, a), "q": q, "L": L, "r": r, "lam": lam}


#: The region set's breach function, ``p0 * exp(-a z)``.
_P0, _A = 0.5, 5.0


def _cell(name: str, z: float, cover: float, rate: float) -> str:
    return f"{name}: z = {z:.4f}, I = {cover:.4f}, premium rate = {rate:.4f}"


@table(
    "ogut2005:table_regions",
    number="Reconstructed exhibit: the four regions",
    caption="The four market regions of Result 10 for $p={p0:g}e^{{-{a:g}z}}$, $L={L:g}$, $r={r:g}$: rows are the "
    "loading ($\\lambda=0$ mature, $\\lambda={lam:g}$ immature), columns the interdependence ($q=0$, $q={q:g}$). "
    "Reconstructed exhibit: the paper's classification survives only as text.",
    chapter="book/ogut2005/regions_planner",
)
def table_regions(
    *,
    p0: float = _P0,
    a: float = _A,
    L: float = REGION_SET["L"],
    r: float = REGION_SET["r"],
    q: float = REGION_SET["q"],
    lam: float = REGION_SET["lam"],
) -> Table:
    R = regions(**_set(p0, a, L=L, r=r, q=q, lam=lam))
    holds = R.orderings()
    return Table(
        columns=("loading", "independent risk (q = 0)", f"interdependent risk (q = {q:g})"),
        rows=(
            (
                "lam = 0",
                _cell("Region 1", R.r1.z, R.r1.I, R.r1.premium_rate),
                _cell("Region 3", R.r3.z, R.r3.I, R.r3.premium_rate),
            ),
            (
                f"lam = {lam:g}",
                _cell("Region 2", R.r2.z, R.r2.I, R.r2.premium_rate),
                _cell("Region 4", R.r4.z, R.r4.I, R.r4.premium_rate),
            ),
        ),
        notes=tuple(f"{name}: {'holds' if ok else 'fails'}." for name, ok in holds.items()),
    )


@table(
    "ogut2005:table_planner",
    number="Reconstructed exhibit: who invests how much",
    caption="Investment, cover and breach probability of two firms for $p={p0:g}e^{{-{a:g}z}}$, $q={q:g}$, "
    "$L={L:g}$, $r={r:g}$, $\\lambda={lam:g}$: Nash firms (eqs 9-10), independent firms, the planner (eqs 14-15) "
    "and firms liable for the breaches they pass on (eq 17, our reading of eq 16). Reconstructed "
    "exhibit.",
    chapter="book/ogut2005/regions_planner",
)
def table_planner(
    *,
    p0: float = _P0,
    a: float = _A,
    L: float = REGION_SET["L"],
    r: float = REGION_SET["r"],
    q: float = REGION_SET["q"],
    lam: float = REGION_SET["lam"],
) -> Table:
    s = _set(p0, a, L=L, r=r, q=q, lam=lam)
    cases = (
        ("Nash, interdependent (Result 3)", equilibrium(**s)),
        ("independent firms (q = 0)", equilibrium(**(s | {"q": 0.0}))),
        ("planner (Result 11)", planner(**s)),
        ("liability, our reading (Result 12)", liability(**s)),
        ("Nash, no insurance market", uninsured_equilibrium(s["breach"], L=s["L"], r=s["r"], q=s["q"])),
    )
    return Table(
        columns=("case", "z", "I", "breach probability"),
        rows=tuple((name, f"{e.z:.4f}", f"{e.I:.4f}", f"{e.P:.4f}") for name, e in cases),
    )


def _taylor_uninsured(breach: ExponentialBreach, L: float, r: float, q: float) -> str:
    """z without insurance under the Taylor step, or why there is none."""
    try:
        return f"{uninsured_equilibrium(breach, L=L, r=r, q=q).z:.3f}"
    except NoInteriorSolution:
        return "none: the Taylor-step condition has no root"


@table(
    "ogut2005:table_exact_counterexamples",
    number="Beyond the paper: Result 2 without the Taylor step",
    caption="Independent ($q=0$) and interdependent firms, $L={L:g}$, fair insurance ($\\lambda=0$): investment "
    "without and with insurance under the paper's Taylor step and under exact CARA utility. Our "
    "computation, not in the paper.",
    chapter="book/ogut2005/exact_cara",
)
def table_exact_counterexamples(*, L: float = 1.0) -> Table:
    """The cases of :data:`EXACT_CASES` at loss ``L`` (risk aversion ``r = rL / L``); the loading is
    zero, as fair insurance is the table's subject.  Raises ``ValueError`` for ``L <= 0``."""
    L = validate.positive("L", L)
    rows = []
    for breach, rL, q in EXACT_CASES:
        r = rL / L
        fair = equilibrium(breach, L=L, r=r, q=q, lam=0.0)
        exact_none = exact_cara_equilibrium(breach, insured=False, L=L, r=r, q=q, lam=0.0)
        exact_fair = exact_cara_equilibrium(breach, insured=True, L=L, r=r, q=q, lam=0.0)
        rows.append(
            (
                f"p = {breach.label}",
                f"{q:g}",
                f"{rL:g}",
                _taylor_uninsured(breach, L, r, q),
                f"{fair.z:.3f}",
                f"{exact_none.z:.3f} (P = {exact_none.P:.3f})",
                f"{exact_fair.z:.3f} (P = {exact_fair.P:.3f})",
            )
        )
    return Table(
        columns=(
            "breach function",
            "q",
            "rL",
            "Taylor: z, no insurance",
            "Taylor: z, fair insurance",
            "exact: z, no insurance",
            "exact: z, fair insurance",
        ),
        rows=tuple(rows),
    )
