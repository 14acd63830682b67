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
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.numerics.solvers import expanding_bound, root_in, sign_changes
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

    Parameters
    ----------
    P : float or ndarray
        The breach probability, 0 <= P < 1.
    L : float
        The loss from a breach (money), L > 0.
    r : float
        The absolute risk aversion (per unit of money), r > 0.
    lam : float
        The insurance loading, lam >= 0.

    Returns
    -------
    float or ndarray
        The cover (money), of the shape of ``P``.

    Raises
    ------
    ValueError
        ``P`` outside [0, 1), L <= 0, r <= 0 or lam < 0, naming the argument.

    Examples
    --------
    >>> from replication.security import cover
    >>> round(cover(0.2584, L=1.0, r=0.5, lam=0.2), 4), cover(0.3, L=1.0, r=0.5, lam=0.0)
    (0.5505, 1.0)
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    P_arr = validate.array("P (the breach probability)", P)
    if ((P_arr < 0.0) | (P_arr >= 1.0)).any():
        raise ValueError(f"P (the breach probability) must lie in [0, 1), got {P!r}")
    value = cover_formula(P_arr, L=L, r=r, lam=lam)
    return float(value) if P_arr.ndim == 0 else value


def cover_formula(P: Value, *, L: float, r: float, lam: float) -> Value:
    """The cover of :func:`cover`, L - lam / (r (1 + lam) (1 - P)), without its checks.

    For the solvers' inner loops: L, r and lam were validated where they entered, and P is
    a breach probability in [0, 1).  A float ``P`` gives a float.

    >>> cover_formula(0.3, L=1.0, r=0.5, lam=0.0)
    1.0
    >>> cover_formula(0.2584, L=1.0, r=0.5, lam=0.2) == cover(0.2584, L=1.0, r=0.5, lam=0.2)
    True
    """
    return L - lam / (r * (1.0 + lam) * (1.0 - P))


@dataclass(frozen=True)
class SymmetricSolution:
    """A symmetric solution z1 = z2 = z of the first-order conditions.

    ``I`` is the interior cover formula (0 when uninsured; callers decide what a value
    outside (0, L) means), ``premium_rate`` the unit price (1 + lam) P, ``slope`` the
    derivative of the symmetric residual (> 0: ``stable``), ``own_soc`` whether the
    firm's own second-order condition holds.

    Attributes
    ----------
    z : float
        The investment of each firm (money).
    I : float
        The interior cover formula (money; 0 when uninsured).
    P : float
        The breach probability at z.
    premium_rate : float
        The unit price of cover, (1 + lam) P.
    residual, slope : float
        The symmetric residual at z and its derivative.
    stable : bool
        Whether the slope is positive.
    own_soc : bool
        Whether the firm's own second-order condition holds.

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Untargeted, symmetric_solutions
    >>> [s] = symmetric_solutions(ExponentialBreach(0.5, 5.0), Untargeted(0.5), insured=True, L=1.0, r=0.5, lam=0.2)
    >>> round(s.z, 4), round(s.I, 4), round(s.P, 4), s.stable, s.own_soc
    (0.2005, 0.5505, 0.2584, True, True)
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


def residual_function(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float, planner: bool
) -> Callable[[Value], Value]:
    """The symmetric residual R(z) (float or array z) of the insured or uninsured condition.

    Nash firms weigh their own marginal effect ``dP_own_sym``, the planner the total
    ``dP_total_sym``.  Expects validated arguments.
    """
    marginal = structure.dP_total_sym if planner else structure.dP_own_sym
    if insured:
        return lambda z: insured_residual(marginal(breach, z), L=L, lam=lam)
    return lambda z: uninsured_residual(marginal(breach, z), structure.P_sym(breach, z), L=L, r=r)


#: Intervals of the geometric scan for sign changes of the residual.
SCAN = 600


def scan_grid(z_max: float) -> NDArray[np.float64]:
    """The scan: 0, then ``SCAN`` geometric points from ``1e-9 z_max`` to ``z_max``."""
    return np.concatenate(([0.0], np.geomspace(z_max * 1e-9, z_max, SCAN)))


def roots_on_scan(
    zs: NDArray[np.float64],
    values: NDArray[np.float64],
    breach: BreachFunction,
    structure: Structure,
    *,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    planner: bool,
) -> list[SymmetricSolution]:
    """Every solution z > 0 whose sign change (or exact zero) the residual ``values`` on ``zs`` shows.

    The one refinement every route shares: Brent's method on each bracket, to a tolerance
    relative to the family's scale, the slope of the residual by a central difference, the
    cover (eq 10 / Ogut eq 10) and both second-order flags.  Expects validated arguments.
    """
    if not np.isfinite(values).all():
        raise ValueError(f"the residual is not finite on [0, {zs[-1]:g}] for p(z) = {breach.label}")
    R = residual_function(breach, structure, insured=insured, L=L, r=r, lam=lam, planner=planner)
    g = lambda z: float(R(z))  # noqa: E731 (a scalar view for Brent's method)
    roots = [root_in(g, zs[i], zs[i + 1], breach.scale) for i in sign_changes(values)]
    roots += [float(z) for z in zs[:-1][values[:-1] == 0.0] if z > 0.0]
    solutions = []
    for z in sorted(roots):
        h = 1e-7 * max(z, breach.scale)
        slope = (g(z + h) - g(max(z - h, 0.0))) / (z + h - max(z - h, 0.0))
        P = float(structure.P_sym(breach, z))
        curvature = float(structure.d2P_own_sym(breach, z))
        if not insured:
            curvature += r * float(structure.dP_own_sym(breach, z))
        solutions.append(
            SymmetricSolution(
                z=z,
                I=float(cover_formula(P, L=L, r=r, lam=lam)) if insured else 0.0,
                P=P,
                premium_rate=(1.0 + lam) * P,
                residual=abs(g(z)),
                slope=slope,
                stable=bool(slope > 0),
                own_soc=bool(slope > 0) if planner else bool(curvature > 0),
            )
        )
    return solutions


def solve_validated(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float, planner: bool
) -> list[SymmetricSolution]:
    """:func:`symmetric_solutions` for arguments already validated where they entered."""
    z_max = bound_for(breach, structure, insured=insured, L=L, r=r, lam=lam)
    breach.check(z_max)
    zs = scan_grid(z_max)
    R = residual_function(breach, structure, insured=insured, L=L, r=r, lam=lam, planner=planner)
    values = np.asarray(R(zs), dtype=float)
    return roots_on_scan(zs, values, breach, structure, insured=insured, L=L, r=r, lam=lam, planner=planner)


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
    the symmetric residual on a geometric scan of [0, search_bound], refined by Brent's
    method.  This is the one solver of the condition: Shim's model and Ogut et al.'s call it
    (the latter through :class:`BracketedSolver` on a grid).  An empty list means there is no
    interior solution.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    structure : Structure
        The interdependence structure (:class:`~replication.security.interdependence.Untargeted`, ...).
    insured : bool
        Whether the firms buy cover.
    L : float
        The loss from a breach (money), L > 0.
    r : float
        The absolute risk aversion (per unit of money), r > 0.
    lam : float
        The insurance loading, lam >= 0.
    planner : bool, default False
        Solve the planner's condition instead of the Nash firms'.

    Returns
    -------
    list of SymmetricSolution
        Every root z > 0, sorted by z (empty when there is no interior solution).

    Raises
    ------
    ValueError
        L <= 0, r <= 0, lam < 0, or a breach family that violates 0 < p < 1, p' < 0 < p''.
    TypeError
        ``breach``, ``structure``, ``insured`` or ``planner`` of the wrong kind.

    Examples
    --------
    >>> from replication.security import ExponentialBreach, Untargeted, symmetric_solutions
    >>> [s] = symmetric_solutions(ExponentialBreach(0.5, 5.0), Untargeted(0.5), insured=True, L=1.0, r=0.5, lam=0.2)
    >>> round(s.z, 4), s.stable
    (0.2005, True)
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    breach, structure = check_model(breach, structure)
    insured, planner = validate.flag("insured", insured), validate.flag("planner", planner)
    return solve_validated(breach, structure, insured=insured, L=L, r=r, lam=lam, planner=planner)


#: The shared scan of :class:`BracketedSolver` serves a loss only while the marginal effect at
#: its end is below this fraction of the condition's price (every root then lies well inside it).
SCAN_END_MARGIN = 1e-3


@dataclass(frozen=True)
class BracketedSolver:
    """Symmetric Taylor-step solutions for one breach family and structure, many parameters.

    On a parameter grid the residual changes only through constants (L, r, lam), so the
    marginal effect dP/dz and the breach probability P are evaluated on one scan per
    (family, structure), at the family's own price, and every call only locates its sign
    changes and refines them with the shared :func:`roots_on_scan`: the roots, slopes and
    flags are those of :func:`symmetric_solutions` (a test checks they agree).
    """

    breach: BreachFunction
    structure: Structure
    planner: bool = False

    @cached_property
    def _scan(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        # the bound at the family's own price 1/scale: the scan follows the unit of money
        z_max = search_bound(self.breach, self.structure, price=1.0 / self.breach.scale)
        self.breach.check(z_max)
        zs = scan_grid(z_max)
        marginal = self.structure.dP_total_sym if self.planner else self.structure.dP_own_sym
        return (
            zs,
            np.asarray(marginal(self.breach, zs), dtype=float),
            np.asarray(self.structure.P_sym(self.breach, zs), dtype=float),
        )

    def __call__(self, *, L: float, r: float, lam: float, insured: bool) -> list[SymmetricSolution]:
        """Every symmetric root z > 0, as :func:`symmetric_solutions` returns them.

        Raises ``ValueError`` naming the argument for L <= 0, r <= 0 or lam < 0, and when L
        is too large for the shared scan.
        """
        L, r, lam = check_parameters(L=L, r=r, lam=lam)
        zs, dPs, Ps = self._scan
        price = 1.0 / ((1.0 + lam) * L) if insured else 1.0 / L
        if abs(dPs[-1]) > SCAN_END_MARGIN * price:
            raise ValueError(
                f"L = {L:g} is too large for the shared scan of p(z) = {self.breach.label} "
                f"(it ends at z = {zs[-1]:g}); solve this instance with symmetric_solutions"
            )
        values = insured_residual(dPs, L=L, lam=lam) if insured else uninsured_residual(dPs, Ps, L=L, r=r)
        return roots_on_scan(
            zs,
            np.asarray(values, dtype=float),
            self.breach,
            self.structure,
            insured=insured,
            L=L,
            r=r,
            lam=lam,
            planner=self.planner,
        )
