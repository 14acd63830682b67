"""Ogut, Menon & Raghunathan (2005): n identical firms with interdependent risk and insurance.

Firm j invests z_j and buys cover I_j.  Its breach probability (Ogut eqs 6 and 19)

    B_1 = 1 - [1 - p(z_1)] [1 - q p(z_2)]^(n-1)

combines a direct breach p(z_1) with an indirect one passed on by each partner with
probability q.  Cover costs (1 + lam) B_1 per unit (eq 7), and the insurer observes z.
Under the paper's Taylor step the symmetric Nash equilibrium solves

    p'(z) [1 - q p(z)]^(n-1) = -1 / ((1 + lam) L)                  (eqs 9, 21)
    I = L - lam / (r (1 + lam) [1 - p(z)] [1 - q p(z)]^(n-1))        (eqs 10, 22)

and is stable (unique) where p''(1 - qp) - (n-1) q p'^2 > 0 (eq 11 for n = 2).  Eqs (1)-(8)
are the paper's own (its first pages); (9)-(22) are our reconstruction by
derivation, checked against the legible fragments of the garbled appendix.

Where the cover formula is <= 0 the firm buys no insurance: the equilibrium is the corner
I = 0 (``corner="cover"``), and z then solves the uninsured condition
p'(1-qp)^(n-1) = -1/L + r(1-B) (Shim 2012 eq 6, same Taylor step).  Under the Taylor step
the investment residual with the better of the two choices is the larger of the insured
and uninsured residuals, so an insured root with I <= 0 is never an equilibrium.  Where
that residual is >= 0 at z = 0 (the KKT sign condition: the first unit of investment
costs at least what it saves) z = 0 is a candidate too (``corner="investment"``, or
``"cover and investment"`` where no cover is bought there); the public solvers list it
and return it where it is the only certified candidate (our derivation).  ``corner``
names the binding bound the same way in every paper
(:func:`replication.security.vocabulary.corner`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NotRequired, TypedDict

import numpy as np

from replication.core import validate
from replication.numerics.solvers import NoInteriorSolution, expanding_bound, root_in
from replication.security.best_reply import BestReply, line_best_reply, taylor_best_reply
from replication.security.breach import BreachFunction
from replication.security.corners import zero_investment
from replication.security.interdependence import Structure, Untargeted
from replication.security.taylor import (
    SymmetricSolution,
    cover_formula,
    insured_residual,
    symmetric_solutions,
    uninsured_residual,
)
from replication.security.vocabulary import FirmResult


class Setting(TypedDict):
    """The firms' side of one instance of the model: breach family, interdependence q, loss L,
    absolute risk aversion r (keyword arguments of :func:`uninsured_equilibrium`)."""

    breach: BreachFunction
    q: float
    L: float
    r: float


class Parameters(Setting):
    """One instance of the model with its insurance market: the setting, the loading lam and
    optionally the number of firms n (keyword arguments of :func:`equilibrium` and :func:`planner`)."""

    lam: float
    n: NotRequired[int]


@dataclass(frozen=True)
class Equilibrium(FirmResult):
    """A symmetric solution of Ogut's model.

    ``z`` investment, ``I`` cover bought (0 at a corner), ``P`` breach probability B,
    ``premium_rate`` the unit price (1 + lam) B, ``stable`` (positive slope of the
    symmetric residual: eq 11 for two firms), ``residual`` of the first-order condition,
    ``slope`` of the symmetric residual, ``own_soc`` the firm's own second-order
    condition, ``corner`` the bound that binds: None for an interior solution,
    ``"cover"`` where the firm buys no cover because the cover formula is <= 0 (z then
    solves the uninsured condition), ``"investment"`` at z = 0 (``residual`` is then the
    KKT residual min(z, R(0)) = 0, with R(0) >= 0), ``"cover and investment"`` for both.

    ``nash`` is True iff the global best-reply check passes: for a Nash firm, no
    unilateral deviation over z1 >= 0 (corner included, with its best cover) lowers its
    Taylor-step cost, rivals at z; for a planner, z is the global optimum of the planner's
    cost along the symmetric line z >= 0; under exact CARA utility
    (:mod:`replication.ogut2005.model.exact`), no deviation over (z1, I) raises expected
    utility.  ``deviation`` is the best deviation found (a
    :class:`~replication.security.best_reply.BestReply`: its z, cover, both costs and the
    gain), None where the candidate was not checked.

    Attributes
    ----------
    z : float
        The security investment of each firm (money).
    I : float
        The cover bought (money; 0 at a corner).
    P : float
        The breach probability B.
    premium_rate : float
        The unit price of cover, (1 + lam) B.
    stable : bool
        Whether the symmetric residual has a positive slope (eq 11 for two firms).
    residual, slope : float
        The first-order-condition residual and the slope of the symmetric residual.
    own_soc : bool
        Whether the firm's own second-order condition holds.
    corner : str or None
        The bound that binds: None (interior), ``"cover"``, ``"investment"`` or
        ``"cover and investment"``.
    nash : bool
        The global best-reply certificate.
    deviation : BestReply or None
        The best deviation found (None where the candidate was not checked).

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import equilibrium
    >>> e = equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> round(e.z, 4), round(e.I, 4), round(e.P, 4), e.stable, e.corner, e.nash
    (0.181, 0.7464, 0.283, True, None, True)
    """

    z: float
    I: float
    P: float
    premium_rate: float
    stable: bool
    residual: float
    slope: float
    own_soc: bool
    corner: str | None = None
    nash: bool = False
    deviation: BestReply | None = None


class NoEquilibrium(NoInteriorSolution):
    """Symmetric candidates exist, but none that is stable passes the global best-reply check.

    The message names, for each candidate, the profitable deviation and both costs.
    """


def _from_solution(sol: SymmetricSolution, corner: str | None) -> Equilibrium:
    return Equilibrium(
        z=sol.z,
        I=0.0 if corner == "cover" else sol.I,
        P=sol.P,
        premium_rate=sol.premium_rate,
        stable=sol.stable,
        residual=sol.residual,
        slope=sol.slope,
        own_soc=sol.own_soc,
        corner=corner,
    )


Solver = Callable[..., list[SymmetricSolution]]


@lru_cache(maxsize=65536)
def firm_best_reply(
    breach: BreachFunction, structure: Structure, *, L: float, r: float, lam: float, z: float, insured: bool = True
) -> BestReply:
    """The best unilateral deviation of one firm from the symmetric candidate z (rivals at z).

    Global over z1 >= 0 under the Taylor step (our derivation,
    :func:`replication.security.best_reply.taylor_best_reply`): insured, the firm buys the
    cover of eq 10 where it is positive and none elsewhere (``choose_cover``), so a
    candidate at a corner I = 0 and a deviation that drops or takes up cover are both
    searched; ``insured=False`` is the market without insurance (eq 5).  Expects
    validated inputs (L > 0, r > 0, lam >= 0, z > 0).
    """
    if insured:
        return taylor_best_reply(breach, structure, insured=True, L=L, r=r, lam=lam, z=z, choose_cover=True)
    return taylor_best_reply(breach, structure, insured=False, L=L, r=r, lam=0.0, z=z)


def planner_best(
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    z: float,
    stationary: tuple[float, ...],
) -> BestReply:
    """The planner's best symmetric level against the candidate z: global along the symmetric line.

    The planner's cost along z1 = ... = zn = z >= 0 is L times the integral of the larger
    of its insured and uninsured residuals (it buys the cover of eq 15 where positive,
    none elsewhere; our derivation), so its minimum over z >= 0 lies at z = 0 or at a
    stationary point where the residual crosses zero from below; ``stationary`` lists
    those (the stable roots).  Costs are relative to z = 0.  Asymmetric plans
    (z1 != z2) are not searched.
    """

    def R(x: float) -> float:
        dP = float(structure.dP_total_sym(breach, x))
        P = float(structure.P_sym(breach, x))
        return L * max(float(insured_residual(dP, L=L, lam=lam)), float(uninsured_residual(dP, P, L=L, r=r)))

    def bought(x: float) -> float:
        P = float(structure.P_sym(breach, x))
        # a certain breach (P = 1) leaves nothing to insure
        return max(float(cover_formula(P, L=L, r=r, lam=lam)), 0.0) if P < 1.0 else 0.0

    return line_best_reply(R, z, stationary, L=L, cover=bought, objective="taylor (planner, symmetric line)")


def certified(
    candidates: list[Equilibrium],
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    planner: bool = False,
    insured: bool = True,
) -> list[Equilibrium]:
    """``candidates`` with ``nash`` and ``deviation`` set by the global best-reply check
    (:func:`firm_best_reply`, or :func:`planner_best` for a planner)."""
    stationary = tuple(e.z for e in candidates if e.stable)
    L, r, lam = float(L), float(r), float(lam)  # plain floats: the checks are cached by value
    out = []
    for e in candidates:
        best = (
            planner_best(breach, structure, L=L, r=r, lam=lam, z=e.z, stationary=stationary)
            if planner
            else firm_best_reply(breach, structure, L=L, r=r, lam=lam, z=e.z, insured=insured)
        )
        out.append(replace(e, nash=best.nash, deviation=best))
    return out


def solve_with_corners(
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    planner: bool = False,
    solver: Solver | None = None,
    zero: bool = False,
) -> list[Equilibrium]:
    """Every symmetric solution of the insured problem, corners included, sorted by z.

    Insured roots with positive cover are kept as they are; roots of the uninsured
    condition where the cover formula is <= 0 are the corners I = 0.  Together they are
    the roots of max(insured residual, uninsured residual) (eqs 9-10 and the uninsured
    condition, Taylor step).  Each carries its certificate ``nash`` and ``deviation``
    (:func:`certified`).  ``solver(L=, r=, lam=, insured=)`` replaces
    ``taylor.symmetric_solutions`` for repeated solves (see
    :class:`~replication.security.taylor.BracketedSolver`).  ``zero`` adds the candidate
    z = 0 where the KKT sign condition holds
    (:func:`~replication.security.corners.zero_investment`; the public solvers do, the
    claims' grid of interior solutions does not).  Raises
    ``ValueError`` for L <= 0, r <= 0 or lam < 0.
    """

    def solve(insured: bool) -> list[SymmetricSolution]:
        if solver is not None:
            return solver(L=L, r=r, lam=lam, insured=insured)
        found = symmetric_solutions(breach, structure, insured=insured, L=L, r=r, lam=lam, planner=planner)
        return [s for s in found if np.isfinite(s.slope)]  # drop a residual that is 0 only at the search bound

    interior = [_from_solution(s, corner=None) for s in solve(True) if s.I > 0.0]
    corners = [
        _from_solution(s, corner="cover")
        for s in (solve(False) if lam > 0.0 else [])
        if cover_formula(s.P, L=L, r=r, lam=lam) <= 0.0
    ]
    at_zero = zero_investment(breach, structure, L=L, r=r, lam=lam, insured=True, planner=planner) if zero else None
    if at_zero is not None:
        corners.append(_from_solution(at_zero[0], corner=at_zero[1]))
    found = sorted(interior + corners, key=lambda e: e.z)
    return certified(found, breach, structure, L=L, r=r, lam=lam, planner=planner)


def require_solutions(
    solutions: list[Equilibrium], *, what: str, breach: BreachFunction, structure: Structure, L: float, lam: float
) -> list[Equilibrium]:
    """``solutions``, or ``NoInteriorSolution`` naming ``what`` and the inputs when there are none."""
    if not solutions:
        raise NoInteriorSolution(
            f"no interior {what} for p(z) = {breach.label}, {structure!r}, L = {L}, lam = {lam}: "
            "the first-order residual does not change sign for z > 0 (investment is not worthwhile)"
        )
    return solutions


def stable_solution(solutions: list[Equilibrium], *, what: str) -> Equilibrium:
    """The certified stable solution (the highest z if several).

    Raises ``NoInteriorSolution`` if no solution is stable (eq 11 fails at every root),
    and :class:`NoEquilibrium` naming each stable candidate's profitable deviation and
    both costs if none of them passes the global best-reply check (``nash``).
    """
    stable = [s for s in solutions if s.stable]
    if not stable:
        raise NoInteriorSolution(f"no stable {what}: every symmetric root violates the stability condition (eq 11)")
    good = [s for s in stable if s.nash]
    if not good:
        raise NoEquilibrium(
            f"no stable {what} passes the global best-reply check: "
            + "; ".join(
                f"at z = {s.z:.6g}, "
                + (s.deviation.describe() if s.deviation is not None else "the candidate was not checked")
                for s in stable
            )
        )
    return good[-1]


def equilibria_of(
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    what: str,
    planner: bool = False,
    solver: Solver | None = None,
    zero: bool = False,
) -> list[Equilibrium]:
    """Every symmetric solution for ``structure`` (:func:`solve_with_corners`), sorted by z.

    ``what`` names the solution in messages.  Raises ``NoInteriorSolution`` if there is
    none and ``ValueError`` for L <= 0, r <= 0 or lam < 0.
    """
    return require_solutions(
        solve_with_corners(breach, structure, L=L, r=r, lam=lam, planner=planner, solver=solver, zero=zero),
        what=what,
        breach=breach,
        structure=structure,
        L=L,
        lam=lam,
    )


def equilibrium_of(
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    what: str,
    planner: bool = False,
    solver: Solver | None = None,
    zero: bool = False,
) -> Equilibrium:
    """The certified stable symmetric solution for ``structure`` (the highest z if several).

    Raises ``NoInteriorSolution`` when no solution is stable (eq 11 fails at every root)
    or there is none, :class:`NoEquilibrium` when no stable one passes the global
    best-reply check (``nash``), and ``ValueError`` for L <= 0, r <= 0 or lam < 0.
    """
    return stable_solution(
        equilibria_of(breach, structure, L=L, r=r, lam=lam, what=what, planner=planner, solver=solver, zero=zero),
        what=what,
    )


def symmetric_equilibria(
    breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2
) -> list[Equilibrium]:
    """Every symmetric Nash equilibrium of n firms with insurance (eqs 9-10, 21-22), sorted by z.

    L is the loss (money), r the absolute risk aversion (per unit of money), q the chance
    that a partner's breach spreads, lam the loading of the price (1 + lam) B.  Raises
    ``ValueError`` naming the argument for inputs outside the model (0 <= q <= 1, L > 0,
    r > 0, lam >= 0, n >= 2, p decreasing and convex) and ``NoInteriorSolution`` when
    there is no candidate, interior or corner (``corner``: the zero-cover corner and, where
    the KKT sign condition holds, z = 0 are listed; each carries its ``nash`` verdict).

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z), decreasing and convex.
    L : float
        The loss from a breach (money), L > 0.
    r : float
        The absolute risk aversion (per unit of money), r > 0.
    q : float
        The chance that a partner's breach spreads, 0 <= q <= 1.
    lam : float
        The loading of the price (1 + lam) B, lam >= 0.
    n : int, default 2
        The number of firms, n >= 2.

    Returns
    -------
    list of Equilibrium
        Every symmetric solution, corners included, each with its best-reply verdict ``nash``.

    Raises
    ------
    ValueError
        An argument outside the model, named.
    NoInteriorSolution
        There is no candidate, interior or corner.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import symmetric_equilibria
    >>> found = symmetric_equilibria(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> [(round(e.z, 4), e.nash) for e in found]
    [(0.181, True)]
    """
    return equilibria_of(breach, Untargeted(q, n), L=L, r=r, lam=lam, what="symmetric equilibrium", zero=True)


def equilibrium(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2) -> Equilibrium:
    """The certified stable symmetric equilibrium of n insured firms (eqs 9-10, 21-22; Result 4).

    Only a candidate that passes the global best-reply check (``nash``) is returned; if
    several do, the one with the highest investment (so z = 0 only where no candidate with
    z > 0 is certified).  Arguments and ``ValueError`` as
    :func:`symmetric_equilibria`; ``NoInteriorSolution`` when no candidate is
    stable, :class:`NoEquilibrium` (naming the profitable deviation and both costs) when
    no stable candidate is a best reply to itself.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z), decreasing and convex.
    L, r, q, lam, n
        As :func:`symmetric_equilibria`: loss (money), absolute risk aversion (per unit of
        money), contagion probability, loading, number of firms.

    Returns
    -------
    Equilibrium
        The certified stable equilibrium (``nash`` is True).

    Raises
    ------
    ValueError
        An argument outside the model, named (as :func:`symmetric_equilibria`).
    NoInteriorSolution
        No candidate is stable.
    NoEquilibrium
        No stable candidate is a best reply to itself (naming the profitable deviation
        and both costs).

    Examples
    --------
    >>> from replication.security.breach import ExponentialBreach
    >>> e = equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> e.nash, round(e.z, 4)
    (True, 0.181)
    """
    return equilibrium_of(breach, Untargeted(q, n), L=L, r=r, lam=lam, what="symmetric equilibrium", zero=True)


def planner(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, n: int = 2) -> Equilibrium:
    """The planner's symmetric optimum (eqs 13-15, our reconstruction).

    The planner weighs the total effect of one firm's investment on every firm's breach
    probability, p'(z)[1 + q - 2q p(z)] = -1/((1+lam)L) for two firms (eq 14), and
    chooses the cover of eq (15), which has the form of eq (10).  Certified globally along
    the symmetric line z >= 0, the corner z = 0 included (:func:`planner_best`; asymmetric
    plans are not searched).

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    L, r, q, lam, n
        As :func:`equilibrium`.

    Returns
    -------
    Equilibrium
        The planner's level; ``nash`` certifies it as the global optimum along the symmetric line.

    Raises
    ------
    ValueError, NoInteriorSolution, NoEquilibrium
        As :func:`equilibrium`.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import planner
    >>> best = planner(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> round(best.z, 4), best.nash
    (0.2648, True)
    """
    return equilibrium_of(breach, Untargeted(q, n), L=L, r=r, lam=lam, what="planner optimum", planner=True, zero=True)


def uninsured_equilibrium(
    breach: BreachFunction, *, L: float, r: float, q: float, n: int = 2, solver: Solver | None = None
) -> Equilibrium:
    """The stable symmetric equilibrium without an insurance market (eq 5 under the Taylor step).

    Solves p'(z)(1 - qp(z))^(n-1) = -1/L + r(1 - B) (Shim 2012 eq 6 for n = 2); ``solver``
    as in :func:`solve_with_corners`.  Certified by the global best-reply check without
    insurance; without ``solver``, z = 0 is a candidate where the KKT sign condition holds
    (``corner="investment"``, returned where no root z > 0 is certified).  Raises
    ``ValueError`` naming the argument for L <= 0, r <= 0, q outside
    [0, 1] or n < 2, ``NoInteriorSolution`` when no candidate is stable (e.g.
    r L (1 - B) >= 1), and :class:`NoEquilibrium` when no stable root is a best reply.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    L, r, q, n
        As :func:`equilibrium` (there is no loading without a market).
    solver : callable, optional
        A solver of the symmetric conditions, as in :func:`solve_with_corners` (default: the
        Taylor-step solver of :mod:`replication.security.taylor`).

    Returns
    -------
    Equilibrium
        The certified stable equilibrium, with cover ``I`` = 0.

    Raises
    ------
    ValueError
        L <= 0, r <= 0, q outside [0, 1] or n < 2, naming the argument.
    NoInteriorSolution
        No candidate is stable (e.g. r L (1 - B) >= 1).
    NoEquilibrium
        No stable root is a best reply.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import uninsured_equilibrium
    >>> e = uninsured_equilibrium(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.5)
    >>> round(e.z, 4), e.I, e.nash
    (0.2756, 0.0, True)
    """
    structure = Untargeted(q, n)
    found = (
        solver(L=L, r=r, lam=0.0, insured=False)
        if solver is not None
        else symmetric_solutions(breach, structure, insured=False, L=L, r=r, lam=0.0)
    )
    # the public call lists the corner z = 0; the claims' grid (``solver``) keeps interior roots only
    at_zero = zero_investment(breach, structure, L=L, r=r, lam=0.0, insured=False) if solver is None else None
    solutions = certified(
        ([_from_solution(*at_zero)] if at_zero else [])
        + [_from_solution(s, corner=None) for s in found if np.isfinite(s.slope)],
        breach,
        structure,
        L=L,
        r=r,
        lam=0.0,
        insured=False,
    )
    return stable_solution(
        require_solutions(solutions, what="uninsured equilibrium", breach=breach, structure=structure, L=L, lam=0.0),
        what="uninsured equilibrium",
    )


def reaction(breach: BreachFunction, *, L: float, q: float, lam: float, z2: float) -> float:
    """Firm 1's best investment when firm 2 invests z2 (Result 4, insured firm, our reconstruction).

    Solves p'(z1)[1 - q p(z2)] = -1/((1+lam)L); p' is increasing, so the root is unique,
    and z1 = 0 (a corner, returned as 0.0) where even the first unit is not worthwhile.
    Its slope q p'(z1) p'(z2) / (p''(z1)(1 - q p(z2))) is positive: investments are
    strategic complements.  Raises ``ValueError`` naming the argument for L <= 0,
    q outside [0, 1], lam < 0 or z2 < 0.
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    L, q = validate.positive("L", L), validate.in_interval("q", q, 0.0, 1.0)
    lam, z2 = validate.nonnegative("lam", lam), validate.nonnegative("z2", z2)
    target = -1.0 / ((1.0 + lam) * L * (1.0 - q * float(breach.p(z2))))
    gap = lambda z1: float(breach.dp(z1)) - target
    if gap(0.0) >= 0.0:
        return 0.0
    hi = expanding_bound(lambda z: gap(z) >= 0.0, breach.scale, "firm 1's reaction")
    return root_in(gap, 0.0, hi, breach.scale)


def reaction_crossings(
    breach: BreachFunction, *, L: float, q: float, lam: float, z_max: float, points: int = 400
) -> list[tuple[float, float]]:
    """Every Nash equilibrium (z1, z2) of two insured firms in [0, z_max]^2, symmetric or not.

    The reaction curves z1 = R(z2) and z2 = R(z1) cross where z1 = R(R(z1)); the sign
    changes of R(R(z1)) - z1 on a grid are refined by Brent's method.  The corner (0, 0),
    where neither firm finds the first unit worthwhile, is included when it is a crossing.
    Raises ``ValueError`` naming the argument as :func:`reaction`, and for z_max <= 0 or
    points < 2.
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    z_max, points = (
        validate.positive("z_max", z_max),
        validate.integer_at_least("points", points, 2, validate.MAX_COUNT),
    )
    twice = lambda z1: reaction(breach, L=L, q=q, lam=lam, z2=reaction(breach, L=L, q=q, lam=lam, z2=z1)) - z1
    zs = np.linspace(0.0, z_max, points + 1)
    values = np.array([twice(z) for z in zs])
    roots = [
        root_in(twice, a, b, breach.scale)
        for a, b, fa, fb in zip(zs[:-1], zs[1:], values[:-1], values[1:])
        if np.sign(fa) * np.sign(fb) < 0
    ]
    corner = [0.0] if values[0] == 0.0 else []
    return [(z1, reaction(breach, L=L, q=q, lam=lam, z2=z1)) for z1 in corner + roots]
