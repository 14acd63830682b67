"""First-order conditions of the security-investment problems under the papers' Taylor step.

Both papers expand the breach-state utility around the no-breach state (Shim 2012,
footnote 8): U_N ~ U_L + U_L' L and U_N' ~ U_L' + U_L'' L, with absolute risk aversion
r = -U''/U'.  For a firm with breach probability P(z) and marginal effect dP/dz this gives

* no insurance (Shim eq 3, and eqs 5-7 for the interdependent cases)::

      dP/dz = -1/L + r (1 - P)

* insurance at the unit price (1 + lam) P that responds to the firm's own investment
  (Shim eqs 9-14; Ogut et al. eqs 9-10, 21-22)::

      dP/dz = -1 / ((1 + lam) L),        I = L - lam / (r (1 + lam) (1 - P)).

The residuals below are written so that they cross zero from below at a stable solution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from replication.core import validate
from replication.numerics.optimize import expanding_bound
from replication.numerics.solvers import all_roots
from replication.security.breach import BreachFunction, Value
from replication.security.interdependence import Structure


def uninsured_residual(dP: Value, P: Value, *, L: float, r: float) -> Value:
    """dP + 1/L - r (1 - P): zero at the uninsured optimum (Shim eqs 3, 5-7).

    ``dP`` is the marginal effect dP/dz (per unit of investment), ``P`` the breach
    probability (float or array), ``L`` the loss and ``r`` the absolute risk aversion (per
    unit of wealth).  No checks: the solvers validate L and r once.
    """
    return dP + 1.0 / L - r * (1.0 - P)


def insured_residual(dP: Value, *, L: float, lam: float) -> Value:
    """dP + 1/((1 + lam) L): zero at the insured optimum (Shim eqs 9, 11, 13; Ogut eqs 9, 14, 21).

    ``dP`` is the marginal effect dP/dz, ``L`` the loss, ``lam`` the loading of the unit
    price (1 + lam) P.  No checks: the solvers validate L and lam once.
    """
    return dP + 1.0 / ((1.0 + lam) * L)


def cover(P: Value, *, L: float, r: float, lam: float) -> Value:
    """Optimal cover L - lam / (r (1 + lam) (1 - P))  (Shim eqs 10, 12, 14; Ogut eqs 10, 22).

    At a fair price (lam = 0) the firm insures fully.  The formula is the interior
    solution, in units of the loss L: a value <= 0 means the firm would rather not insure.
    Raises ``ValueError`` naming the argument unless 0 <= P < 1 (float or array), L > 0,
    r > 0 and lam >= 0.
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    P_arr = validate.array("P (the breach probability)", P)
    if ((P_arr < 0.0) | (P_arr >= 1.0)).any():
        raise ValueError(f"P (the breach probability) must lie in [0, 1), got {P!r}")
    value = L - lam / (r * (1.0 + lam) * (1.0 - P_arr))
    return float(value) if P_arr.ndim == 0 else value


@dataclass(frozen=True)
class SymmetricSolution:
    """A symmetric solution z1 = z2 = z of the first-order conditions.

    ``I`` is the interior cover formula (0 when uninsured; callers decide what a value
    outside (0, L) means), ``premium_rate`` the unit price (1 + lam) P, ``slope`` the
    derivative of the symmetric residual (> 0: ``stable``), ``own_soc`` whether the
    firm's own second-order condition holds.
    """

    z: float
    I: float
    P: float
    premium_rate: float
    residual: float
    slope: float
    stable: bool
    own_soc: bool


def check_parameters(*, L: float, r: float, lam: float) -> tuple[float, float, float]:
    """The loss L > 0, risk aversion r > 0 and loading lam >= 0 as floats.

    Raises ``ValueError`` (``TypeError`` for a non-number) naming the first argument that fails.
    """
    return validate.positive("L", L), validate.positive("r", r), validate.nonnegative("lam", lam)


def check_model(breach: BreachFunction, structure: Structure) -> tuple[BreachFunction, Structure]:
    """``breach`` and ``structure`` if they are a breach family and an interdependence structure.

    Raises ``TypeError`` naming ``breach`` or ``structure`` otherwise.
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    validate.instance("structure", structure, Structure, "an interdependence Structure (e.g. Untargeted(q))")
    return breach, structure


def search_bound(breach: BreachFunction, structure: Structure, *, price: float = 1.0, r: float = 0.0) -> float:
    """An investment beyond which the symmetric residuals have no root.

    Each residual sets the marginal effect dP/dz against a marginal price: ``price`` =
    1/((1+lam)L) insured, 1/L - r(1 - P) uninsured (pass 1/L and r).  Past the bound the
    marginal effect, the firm's own and the planner's, is below ``1e-10 price`` (and,
    uninsured, r P below a thousandth of ``abs(r - 1/L)``) and stays there, so the residual
    keeps the sign it has there: both are bounded through the structure's
    :meth:`~replication.security.interdependence.Structure.envelope` ``K`` by ``K |p'(z)|``
    and ``K p(z)``, which fall in z.  The bound is searched by doubling from the breach
    family's own scale (``BreachFunction.scale``), relative to the price, so losses,
    money units and steepness far from the papers' values are bracketed as well;
    ``ValueError`` names the limit when no float is large enough.
    """
    level = 1e-10 * validate.positive("price", price)
    far = abs(r - price)
    K = float(structure.envelope())

    def beyond(z: float) -> bool:
        own, total = float(structure.dP_own_sym(breach, z)), float(structure.dP_total_sym(breach, z))
        flat = abs(own) <= level and abs(total) <= level and K * abs(float(breach.dp(z))) <= level
        return flat and (r == 0.0 or r * K * float(breach.p(z)) <= 1e-3 * far)

    return expanding_bound(beyond, breach.scale, f"the root bracket for p(z) = {breach.label}")


def bound_for(breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float) -> float:
    """:func:`search_bound` at the marginal price of the insured, 1/((1+lam)L), or uninsured, 1/L, residual.

    Expects validated L > 0, r > 0, lam >= 0; raises ``ValueError`` when no bound is found.
    """
    if insured:
        return search_bound(breach, structure, price=1.0 / ((1.0 + lam) * L))
    return search_bound(breach, structure, price=1.0 / L, r=r)


def _residual(
    breach: BreachFunction, structure: Structure, L: float, r: float, lam: float, insured: bool, planner: bool
) -> Callable[[float], float]:
    marginal = structure.dP_total_sym if planner else structure.dP_own_sym
    if insured:
        return lambda z: float(insured_residual(marginal(breach, z), L=L, lam=lam))
    return lambda z: float(uninsured_residual(marginal(breach, z), structure.P_sym(breach, z), L=L, r=r))


def symmetric_solutions(
    breach: BreachFunction,
    structure: Structure,
    *,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    planner: bool = False,
) -> list[SymmetricSolution]:
    """Every symmetric solution z > 0 of the Taylor-step conditions, sorted by z.

    With ``insured`` the condition of Shim eqs 9, 11, 13 (Ogut eqs 9, 21), otherwise Shim
    eqs 3, 5-7; L is the loss, r the absolute risk aversion, lam the loading.  Nash firms
    weigh their own marginal effect ``dP_own_sym``; the planner (``planner=True``) weighs
    the total ``dP_total_sym`` (Shim Section 3.3; Ogut eq 14).  Roots are sign changes of
    the symmetric residual on [0, search_bound], refined by Brent's method.  An empty list
    means there is no interior solution.  Raises ``ValueError`` for L <= 0, r <= 0,
    lam < 0 or a breach family that violates 0 < p < 1, p' < 0 < p'', and ``TypeError``
    naming ``breach``, ``structure``, ``insured`` or ``planner`` for an object of the wrong kind.
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    breach, structure = check_model(breach, structure)
    insured, planner = validate.flag("insured", insured), validate.flag("planner", planner)
    z_max = bound_for(breach, structure, insured=insured, L=L, r=r, lam=lam)
    breach.check(z_max)
    g = _residual(breach, structure, L, r, lam, insured, planner)
    solutions = []
    for root in all_roots(g, 0.0, z_max, grid=600, scale=breach.scale):
        if root.x <= 0.0:
            continue
        P = float(structure.P_sym(breach, root.x))
        own_curvature = float(structure.d2P_own_sym(breach, root.x))
        if not insured:
            own_curvature += r * float(structure.dP_own_sym(breach, root.x))
        solutions.append(
            SymmetricSolution(
                z=root.x,
                I=float(cover(P, L=L, r=r, lam=lam)) if insured else 0.0,
                P=P,
                premium_rate=(1.0 + lam) * P,
                residual=abs(root.residual),
                slope=root.slope,
                stable=bool(root.slope > 0),
                own_soc=bool(own_curvature > 0) if not planner else bool(root.slope > 0),
            )
        )
    return solutions
