"""Security investment and insurance under exact CARA utility, without the Taylor step.

Both papers expand utility around the breach state and drop higher-order terms (Shim
2012, footnote 8; Ogut et al. 2005, Appendix).  Here the same problems are solved with
the exact constant-absolute-risk-aversion utility U(w) = -exp(-r w), so that results can be
checked for whether they survive without the approximation.  Everything in this module is
our derivation; none of it is in either paper.

A firm with wealth W, loss L, investment z1 (the others invest z2), breach probability
P = P(z1, z2), cover I and unit premium pi = (1 + lam) P (the insurer observes z) has

    EU = -exp(-r (W - z1 - pi I)) [P A + 1 - P],        A = exp(r (L - I)).

* Cover (dEU/dI = 0) has the closed form

      I* = L - (1/r) ln[(1 + lam)(1 - P) / (1 - (1 + lam) P)]        (needs (1 + lam) P < 1),

  with I* = L at a fair price and I* < L when lam > 0.  A negative I* means the firm
  would like to sell insurance: the optimum with I >= 0 is the corner I = 0.
* Investment (dEU/dz1 = 0, envelope theorem in I, premium responding to z1) reads

      dP/dz1 + 1/B = 0,   B = (1 + lam) I + (A - 1) / (r (P A + 1 - P)),

  written, like :mod:`replication.security.taylor`, as a residual in units of dP/dz that
  crosses zero from below at a stable solution.  Without insurance (I = 0) it is
  dP/dz1 + r (1 + P k)/k with k = exp(r L) - 1; the Taylor step replaces this by
  dP/dz1 + 1/L - r (1 - P) (Shim eq 3), which overstates the benefit of protection by about
  r/2 (the source of the Taylor-step artefacts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from replication.core import validate
from replication.numerics.solvers import root_in, sign_changes
from replication.security.breach import BreachFunction, Value
from replication.security.interdependence import Structure
from replication.security.taylor import SymmetricSolution, bound_for, check_model, check_parameters

_STEP = 1e-6
_GRID = 600


def expected_utility(P: Value, z: Value, I: Value, *, W: float, L: float, r: float, lam: float) -> Value:
    """Exact CARA expected utility -exp(-r w) over the breach and no-breach states.

    Ogut et al. (2005) eq 8 / Shim (2012) eq 8 with U(w) = -exp(-r w) and the unit premium
    (1 + lam) P; W is initial wealth, L the loss, z the investment and I the cover, all in
    the same money unit (r per unit of it).  No checks (a building block of the solvers).
    """
    premium = (1.0 + lam) * P * I
    breached = W - L + I - premium - z
    safe = W - premium - z
    return -(P * np.exp(-r * breached) + (1.0 - P) * np.exp(-r * safe))


def exact_cover(P: Value, *, L: float, r: float, lam: float) -> Value:
    """Unconstrained optimal cover I* = L - (1/r) ln[(1+lam)(1-P)/(1-(1+lam)P)] (our derivation).

    The exact-CARA counterpart of Shim eq 10 / Ogut eq 10, in units of the loss L, for a
    breach probability P (float or array), risk aversion r > 0 and loading lam >= 0.
    Returns ``-inf`` where (1 + lam) P >= 1 (a unit of cover costs at least what it pays in
    expectation, so no positive cover is wanted).  A value <= 0 means the corner I = 0.
    No checks (the solvers validate L, r, lam once).
    """
    P = np.asarray(P, dtype=float)
    price = (1.0 + lam) * P
    # (1+lam)(1-P)/(1-(1+lam)P) = 1 + lam/(1-(1+lam)P): log1p keeps small loadings exact
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(price < 1.0, L - np.log1p(lam / np.maximum(1.0 - price, 1e-300)) / r, -np.inf)
    return float(value) if value.ndim == 0 else value


def chosen_cover(P: Value, *, L: float, r: float, lam: float) -> tuple[Value, Value]:
    """The cover the firm buys, max(I*, 0) of :func:`exact_cover`, and a flag that is True at the corner I = 0.

    The corner is a result of the model (insurance too dear), reported by the flag.  Same
    arguments and assumptions as :func:`exact_cover` (our derivation).
    """
    unconstrained = exact_cover(P, L=L, r=r, lam=lam)
    corner = np.asarray(unconstrained) <= 0.0
    bought = np.where(corner, 0.0, unconstrained)
    if np.ndim(bought) == 0:
        return float(bought), bool(corner)
    return bought, corner


def investment_residual(dP: Value, P: Value, I: Value, *, L: float, r: float, lam: float) -> Value:
    """dP + 1/B with B = (1+lam) I + (A-1)/(r(PA+1-P)), A = exp(r(L-I)) (our derivation).

    Zero where the firm's exact first-order condition in its own investment holds, given
    the cover I it buys (the exact counterpart of Shim eq 9 / Ogut eq 9).  With I = 0 this
    is the exact uninsured condition dP + r(1 + P k)/k, k = exp(rL) - 1.  dP, P, I are
    floats or arrays; no checks (the solvers validate L, r, lam once).
    """
    I = np.asarray(I, dtype=float)
    k = np.expm1(r * (L - I))  # A - 1, exact also at tiny risk aversion (B -> (1+lam) I + L - I)
    B = (1.0 + lam) * I + k / (r * (1.0 + P * k))
    return dP + 1.0 / B


def uninsured_residual(dP: Value, P: Value, *, L: float, r: float) -> Value:
    """Exact uninsured condition dP + r(1 + P k)/k, k = exp(r L) - 1 (our derivation).

    Shim eq 3 without the Taylor step; arguments as :func:`investment_residual`.
    """
    return investment_residual(dP, P, 0.0, L=L, r=r, lam=0.0)


@dataclass(frozen=True)
class ExactSymmetricSolution(SymmetricSolution):
    """A symmetric solution of the exact CARA problem.

    Same fields as :class:`replication.security.taylor.SymmetricSolution`; ``I`` is the
    cover bought (>= 0), and ``corner`` is True where the unconstrained cover I* <= 0, so
    that the firm buys none and z solves the uninsured condition.
    """

    corner: bool = False


def symmetric_residual(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> Callable[[Value], Value]:
    """The exact residual on the symmetric line z1 = z2 = z (float or array z; our derivation).

    :func:`investment_residual` at the cover :func:`chosen_cover` buys (none when not
    ``insured``).  Expects validated inputs (see :func:`exact_symmetric_solutions`).
    """

    def g(z: Value) -> Value:
        P, dP = structure.P_sym(breach, z), structure.dP_own_sym(breach, z)
        I = chosen_cover(P, L=L, r=r, lam=lam)[0] if insured else 0.0
        return investment_residual(dP, P, I, L=L, r=r, lam=lam)

    return g


def own_residual(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float, z2: float
) -> Callable[[float], float]:
    """The exact residual of firm 1 in its own z1 when the others invest z2 (our derivation).

    Its slope at a root is firm 1's second-order condition.  Expects validated inputs.
    """

    def g(z1: float) -> float:
        P, dP = float(structure.P(breach, z1, z2)), float(structure.dP_own(breach, z1, z2))
        I = chosen_cover(P, L=L, r=r, lam=lam)[0] if insured else 0.0
        return float(investment_residual(dP, P, I, L=L, r=r, lam=lam))

    return g


def _slope(f: Callable[[float], Value], z: float, scale: float) -> float:
    """The difference quotient of f over [max(z - h, 0), z + h], h relative to max(z, scale)
    (``scale`` the breach family's unit of investment, so the step follows the money unit)."""
    h = _STEP * max(z, scale)
    lo = max(z - h, 0.0)
    return (float(f(z + h)) - float(f(lo))) / (z + h - lo)


def exact_symmetric_solutions(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float
) -> list[ExactSymmetricSolution]:
    """Every symmetric Nash solution z > 0 of the exact CARA problem, sorted by z.

    Each firm chooses its cover (closed form, corner I = 0 flagged) and its investment
    (exact first-order condition) taking the others' investment as given.  The symmetric
    residual is evaluated on the grid of ``replication.numerics.solvers.all_roots`` (at once,
    as an array) and every sign change refined by Brent's method.  ``stable`` is a
    positive slope of the symmetric residual; ``own_soc`` a positive slope of the firm's
    own residual in z1 at fixed z2 (its second-order condition).  An empty list means
    there is no interior solution.  L is the loss, r the absolute risk aversion, lam the
    loading.  Raises ``ValueError`` for L <= 0, r <= 0, lam < 0 or a breach family that
    violates 0 < p < 1, p' < 0 < p'', and ``TypeError`` naming ``breach``, ``structure``
    or ``insured`` for an object of the wrong kind.
    """
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    breach, structure = check_model(breach, structure)
    insured = validate.flag("insured", insured)
    z_max = bound_for(breach, structure, insured=insured, L=L, r=r, lam=lam)
    g = symmetric_residual(breach, structure, insured=insured, L=L, r=r, lam=lam)

    def own_soc(z: float, slope: float) -> bool:
        own = own_residual(breach, structure, insured=insured, L=L, r=r, lam=lam, z2=z)
        return bool(_slope(own, z, breach.scale) > 0)

    return exact_roots(
        g, breach, structure, z_max=z_max, grid=_GRID, insured=insured, L=L, r=r, lam=lam, own_soc=own_soc
    )


def exact_roots(
    g: Callable[[Value], Value],
    breach: BreachFunction,
    structure: Structure,
    *,
    z_max: float,
    grid: int,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    own_soc: Callable[[float, float], bool],
) -> list[ExactSymmetricSolution]:
    """Every symmetric root z > 0 of an exact-CARA residual ``g`` on [0, ``z_max``], sorted by z.

    The one scan of the Nash (:func:`exact_symmetric_solutions`) and planner
    (:func:`replication.security.cara_planner.exact_planner_solutions`) conditions: sign
    changes of ``g`` on ``grid`` geometric points, refined by Brent's method, each root with
    its cover (the closed-form best cover, or the corner I = 0), slope and stability;
    ``own_soc(z, slope)`` decides the firm's own second-order condition.  Expects
    validated arguments.
    """
    breach.check(z_max)
    zs = np.concatenate(([0.0], np.geomspace(z_max * 1e-9, z_max, grid)))
    values = np.asarray(g(zs), dtype=float)
    solutions = []
    for i in sign_changes(values):
        z = root_in(lambda x: float(g(x)), zs[i], zs[i + 1], breach.scale)
        P = float(structure.P_sym(breach, z))
        I, corner = chosen_cover(P, L=L, r=r, lam=lam) if insured else (0.0, False)
        slope = _slope(g, z, breach.scale)
        solutions.append(
            ExactSymmetricSolution(
                z=z,
                I=float(I),
                P=P,
                premium_rate=(1.0 + lam) * P,
                residual=abs(float(g(z))),
                slope=slope,
                stable=bool(slope > 0),
                own_soc=own_soc(z, slope),
                corner=bool(corner),
            )
        )
    return solutions
