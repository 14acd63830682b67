"""Global best-reply checks: is a symmetric candidate an equilibrium, or only a root?

A root of the first-order conditions is a *candidate*.  It is a Nash equilibrium only when
no firm gains by a unilateral deviation anywhere in its strategy set (investment z1 >= 0,
corners included, and, with insurance, its cover).  This module searches that set
globally, for one firm facing rivals who all invest the candidate's z.

**Under the papers' Taylor step** the objective is not written down: both papers expand
the first-order condition (Shim 2012, footnote 8; Ogut et al. 2005, appendix).  The
firm's cost whose derivative in z1 is that condition (our derivation) is

* insured, unit price (1 + lam) P responding to z1 (Shim eqs 9, 11, 13; Ogut eq 9)::

      C(z1) = z1 + (1 + lam) L P(z1, z2),

  whose first-order condition is dP/dz1 = -1/((1 + lam) L); the cover then follows eq 10
  at any z1, so the search over (z1, I) reduces to one over z1;
* uninsured (Shim eqs 3, 5-7)::

      C(z1) = z1 + L P(z1, z2) - r L * integral_0^z1 [1 - P(s, z2)] ds,

  whose first-order condition is dP/dz1 = -1/L + r (1 - P).

* insured with the choice of buying no cover (``choose_cover=True``; Ogut et al. 2005,
  where the firm buys the cover of eq 10 only where it is positive)::

      C'(z1) = L dP/dz1 + max(1 / (1 + lam), 1 - r L (1 - P)),

  L times the larger of the insured and uninsured residuals, which is the insured one
  exactly where the cover of eq 10 is positive (our derivation);

Each is L (or (1 + lam) L) times the integral of the residual of
:mod:`replication.security.taylor` in z1, so C(z1) - C(z*) is that integral from z* to z1.
Its global minimum over z1 >= 0 lies at z1 = 0 or at a root of the firm's own residual
where it crosses zero from below; every root is found (a geometric scan up to where the
own marginal effect vanishes, refined by Brent's method) and the integrals are taken by
adaptive quadrature between consecutive points.

**Under exact CARA utility** (:mod:`replication.security.cara`) the objective is the
expected utility itself; the firm's best cover at each z1 has a closed form (corner
I = 0 included), and the certainty-equivalent gain of the best z1 is found by a scan and a
bounded refinement around every local optimum of the scan.

A deviation counts as profitable when it gains more than ``GAIN_TOL`` times the loss L
(money units, so the verdict does not depend on the unit of money).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import IntegrationWarning, quad
from scipy.optimize import minimize_scalar

from replication.numerics.solvers import expanding_bound, root_in, sign_changes
from replication.security.breach import BreachFunction, Value
from replication.security.cara import chosen_cover
from replication.security.interdependence import Structure
from replication.security.vocabulary import CORNERS, corner  # noqa: F401  (the corner names are also found here)

#: A deviation is profitable when it gains more than this fraction of the loss L.
GAIN_TOL = 1e-9
#: Intervals of the scan of the firm's own residual (geometric from 0 to the bound).
SCAN = 2000


@dataclass(frozen=True)
class BestReply:
    """The best unilateral deviation of one firm from a symmetric candidate z.

    ``z`` and ``I`` are the deviation's investment and cover, ``cost`` its cost (money),
    ``candidate_cost`` the cost of staying at the candidate, ``gain`` the difference
    (> 0: the deviation pays), and ``nash`` whether no deviation gains more than
    :data:`GAIN_TOL` L.  ``objective`` names the objective searched (``"taylor"`` or
    ``"cara"``).  Costs under the Taylor step are relative to investing nothing (C(0) is
    the breach cost at z1 = 0); under CARA they are certainty-equivalent losses of wealth.
    """

    z: float
    I: float
    cost: float
    candidate_cost: float
    gain: float
    nash: bool
    objective: str

    def __post_init__(self) -> None:
        for name in ("z", "I", "cost", "candidate_cost", "gain"):
            object.__setattr__(self, name, float(getattr(self, name)))
        object.__setattr__(self, "nash", bool(self.nash))

    def describe(self) -> str:
        """One sentence naming the deviation and both values (for error messages and evidence)."""
        return (
            f"deviating to z1 = {self.z:.6g} (cover {self.I:.6g}) costs {self.cost:.6g} against "
            f"{self.candidate_cost:.6g} at the candidate ({self.objective} objective)"
        )


def _own_residual(
    breach: BreachFunction,
    structure: Structure,
    *,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    z2: float,
    choose_cover: bool = False,
) -> Callable[[Value], Value]:
    """Firm 1's Taylor-step residual in its own z1 (rivals at z2; float or array z1), times
    the positive weight that makes it the derivative of the cost C(z1) of the module docstring."""
    if insured and choose_cover:
        return lambda z1: (
            L * structure.dP_own(breach, z1, z2)
            + np.maximum(1.0 / (1.0 + lam), 1.0 - r * L * (1.0 - structure.P(breach, z1, z2)))
        )
    if insured:
        weight = (1.0 + lam) * L
        return lambda z1: weight * structure.dP_own(breach, z1, z2) + 1.0
    return lambda z1: L * structure.dP_own(breach, z1, z2) + 1.0 - r * L * (1.0 - structure.P(breach, z1, z2))


def _deviation_bound(breach: BreachFunction, structure: Structure, z2: float, z: float) -> float:
    """An own investment past which the firm's own marginal effect is negligible (< 1e-13 of
    its value scale), so the cost is linear in z1 beyond it up to a vanishing term."""

    def flat(z1: float) -> bool:
        return z1 >= 2.0 * z and abs(float(structure.dP_own(breach, z1, z2))) * z1 <= 1e-13

    return expanding_bound(flat, max(breach.scale, z), f"the deviation search for p(z) = {breach.label}")


def _root(g: Callable[[float], float], a: float, b: float, scale: float) -> float:
    """The root of g in a bracket found on the vectorised scan; where scalar evaluation puts
    both ends on one side (a root within rounding of an end), the end nearer zero."""
    ga, gb = g(a), g(b)
    if ga * gb < 0.0:
        return root_in(g, a, b, scale)
    return a if abs(ga) <= abs(gb) else b


def _integral(
    G: Callable[[Value], Value], g: Callable[[float], float], a: float, b: float, zs: NDArray[np.float64]
) -> float:
    """The integral of g over [a, b]: adaptive quadrature, or, where it reports trouble (a
    steep or nearly singular stretch), 20-point Gauss-Legendre on every interval of the scan."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", IntegrationWarning)
        try:
            return float(quad(g, a, b, limit=200, epsabs=1e-15 * (b - a), epsrel=1e-12)[0])
        except IntegrationWarning:
            pass
    knots = np.unique(np.concatenate(([a, b], zs[(zs > a) & (zs < b)])))
    nodes, weights = np.polynomial.legendre.leggauss(20)
    mid, half = (knots[1:] + knots[:-1]) / 2.0, (knots[1:] - knots[:-1]) / 2.0
    x = mid[:, None] + half[:, None] * nodes[None, :]
    return float(np.sum(half[:, None] * weights[None, :] * np.asarray(G(x), dtype=float)))


def _scan(breach: BreachFunction, structure: Structure, z: float) -> NDArray[np.float64]:
    """The points scanned for firm 1's deviations from z: 0, z, and a geometric grid up to the bound."""
    bound = _deviation_bound(breach, structure, z, z)
    low = 1e-6 * (min(z, breach.scale) if z > 0.0 else breach.scale)
    return np.unique(np.concatenate(([0.0, z, bound], np.geomspace(low, bound, SCAN))))


def taylor_best_reply(
    breach: BreachFunction,
    structure: Structure,
    *,
    insured: bool,
    L: float,
    r: float,
    lam: float,
    z: float,
    choose_cover: bool = False,
) -> BestReply:
    """The best deviation of firm 1 from the symmetric candidate z under the Taylor step.

    Minimises the cost C(z1) of the module docstring over z1 >= 0, rivals at z (our
    derivation).  Expects validated inputs (L > 0, r > 0, lam >= 0, z > 0 for targeted
    attacks).  ``I`` of the result is 0 when uninsured; insured it is the cover of eq 10 at
    the deviation (the firm's best cover under the Taylor step, 0 where eq 10 is <= 0).
    ``choose_cover`` (insured only) lets the firm buy no cover where eq 10 is <= 0, with
    the uninsured residual there; costs are then in units of L rather than (1 + lam) L.
    """
    if choose_cover and not insured:
        raise ValueError("choose_cover applies to an insured firm only (insured=True)")
    G = _own_residual(breach, structure, insured=insured, L=L, r=r, lam=lam, z2=z, choose_cover=choose_cover)

    def g(x: float) -> float:
        return float(G(x))

    zs = _scan(breach, structure, z)
    values = np.asarray(G(zs), dtype=float)
    stationary = [_root(g, float(zs[i]), float(zs[i + 1]), breach.scale) for i in sign_changes(values)]
    # Past the last point scanned the cost is linear in z1 up to a vanishing term: it keeps
    # falling (the bound is then the best deviation found) only if the residual is negative there.
    if insured and choose_cover:  # where the firm takes up or drops cover the residual has a kink
        P = np.asarray(structure.P(breach, zs, z), dtype=float)
        switch = 1.0 / (1.0 + lam) - 1.0 + r * L * (1.0 - P)
        stationary += [float(zs[i + 1]) for i in sign_changes(switch)]
    points = sorted({0.0, float(z), *stationary} | ({float(zs[-1])} if values[-1] < 0.0 else set()))
    # C at each point relative to C(0), by quadrature between consecutive points.
    cost = {0.0: 0.0}
    total = 0.0
    for a, b in zip(points[:-1], points[1:]):
        part = _integral(G, g, a, b, zs)
        total += part
        cost[b] = total
    weight = (1.0 + lam) * L if insured and not choose_cover else L
    at_zero = weight * float(structure.P(breach, 0.0, z))
    best = min(points, key=lambda x: cost[x])
    gain = cost[z] - cost[best]
    return BestReply(
        z=best,
        I=_taylor_cover(breach, structure, insured=insured, L=L, r=r, lam=lam, z1=best, z2=z),
        cost=at_zero + cost[best],
        candidate_cost=at_zero + cost[z],
        gain=gain,
        nash=bool(gain <= GAIN_TOL * L),
        objective="taylor",
    )


def _taylor_cover(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float, z1: float, z2: float
) -> float:
    if not insured:
        return 0.0
    P = float(structure.P(breach, z1, z2))
    if P >= 1.0:  # breached for sure: a unit of cover pays 1 for (1 + lam), bought only at a fair price
        return L if lam == 0.0 else 0.0
    return max(L - lam / (r * (1.0 + lam) * (1.0 - P)), 0.0)


def certainty_loss(P: Value, z: Value, I: Value, *, L: float, r: float, lam: float) -> Value:
    """The certainty-equivalent loss of wealth ln(-EU)/r of the CARA expected utility
    (:func:`replication.security.cara.expected_utility` at W = 0), computed as a
    log-sum-exp so that it stays finite where exp(r w) overflows (our derivation)."""
    premium = (1.0 + lam) * np.asarray(P) * I
    with np.errstate(divide="ignore"):
        breached = np.log(P) + r * (L - np.asarray(I) + premium + z)
        safe = np.log1p(-np.asarray(P)) + r * (premium + z)
    return np.logaddexp(breached, safe) / r


def cara_best_reply(
    breach: BreachFunction, structure: Structure, *, insured: bool, L: float, r: float, lam: float, z: float
) -> BestReply:
    """The best deviation of firm 1 from the symmetric candidate z under exact CARA utility.

    Maximises -exp(-r w) expected utility over z1 >= 0 and cover I >= 0 (the best cover at
    each z1 in closed form, :func:`replication.security.cara.chosen_cover`; none when
    uninsured), rivals at z (our derivation).  Costs are certainty-equivalent wealth losses
    relative to initial wealth.  Expects validated inputs.
    """

    def losses_at(z1: Value) -> tuple[Value, Value]:
        P = np.asarray(structure.P(breach, z1, z), dtype=float)
        I = chosen_cover(P, L=L, r=r, lam=lam)[0] if insured else 0.0 * P
        return certainty_loss(P, z1, I, L=L, r=r, lam=lam), I

    def loss(z1: float) -> tuple[float, float]:
        value, I = losses_at(z1)
        return float(value), float(I)

    zs = _scan(breach, structure, z)
    losses = np.asarray(losses_at(zs)[0], dtype=float)
    candidates = {0.0, float(z)}
    for i in range(1, len(zs) - 1):
        if losses[i] < losses[i - 1] and losses[i] <= losses[i + 1]:
            found = minimize_scalar(
                lambda x: loss(x)[0],
                bounds=(float(zs[i - 1]), float(zs[i + 1])),
                method="bounded",
                options={"xatol": 1e-12 * max(float(zs[i]), breach.scale)},
            )
            candidates.add(float(found.x))
    best = min(candidates, key=lambda x: loss(x)[0])
    best_loss, best_cover = loss(best)
    here = loss(float(z))[0]
    gain = here - best_loss
    return BestReply(
        z=best,
        I=best_cover,
        cost=best_loss,
        candidate_cost=here,
        gain=gain,
        nash=bool(gain <= GAIN_TOL * L),
        objective="cara",
    )


def line_best_reply(
    residual: Callable[[float], float],
    z: float,
    stationary: Iterable[float],
    *,
    L: float,
    cover: Callable[[float], float],
    objective: str,
) -> BestReply:
    """The best point of a one-dimensional cost against the candidate z, global on z >= 0.

    ``residual`` is the cost's derivative in money units (a planner's first-order residual
    times its positive weight, our derivation), so the cost of x relative to 0 is its
    integral from 0 to x.  Its minimum over z >= 0 lies at 0 or at a point where the
    residual crosses zero from below; ``stationary`` lists those (the stable roots).
    ``cover(x)`` gives the cover at x; ``L`` sets the gain tolerance :data:`GAIN_TOL` L.
    Used for the planners of Shim (2012) and Ogut et al. (2005) along the symmetric line.
    """
    points = sorted({0.0, float(z), *map(float, stationary)})
    cost, total = {0.0: 0.0}, 0.0
    for a, b in zip(points[:-1], points[1:]):
        total += float(quad(residual, a, b, limit=200, epsabs=1e-15 * (b - a), epsrel=1e-12)[0])
        cost[b] = total
    best = min(points, key=cost.__getitem__)
    gain = cost[float(z)] - cost[best]
    return BestReply(best, cover(best), cost[best], cost[float(z)], gain, gain <= GAIN_TOL * L, objective)
