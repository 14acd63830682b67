"""Ogut et al.'s model without the Taylor step: exact CARA utility (beyond the paper).

The same two-firm (or n-firm) problem as eqs (6)-(10), solved with U(w) = -exp(-r w)
exactly (:mod:`replication.security.cara`, our derivation).  Used to test which results
survive without the approximation: "insurance lowers investment" (Result 2) and
dz/dr = 0 (Result 6(iii)) do not always: see *What we found* in the book, entries
`ogut2005:taylor_step_insurance_lowers_investment` and `ogut2005:taylor_step_dz_dr`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize

from replication.ogut2005.model.game import Equilibrium, require_solutions, stable_solution
from replication.security.best_reply import BestReply, cara_best_reply
from replication.security.breach import BreachFunction
from replication.security.cara import ExactSymmetricSolution, exact_symmetric_solutions
from replication.security.cara_planner import cara_planner_best, exact_planner_solutions
from replication.security.interdependence import Untargeted


def _equilibrium(sol: ExactSymmetricSolution, deviation: BestReply) -> Equilibrium:
    return Equilibrium(
        z=sol.z,
        I=sol.I,
        P=sol.P,
        premium_rate=sol.premium_rate,
        stable=sol.stable,
        residual=sol.residual,
        slope=sol.slope,
        own_soc=sol.own_soc,
        corner="cover" if sol.corner else None,
        nash=deviation.nash,
        deviation=deviation,
    )


def exact_cara_equilibria(
    breach: BreachFunction, *, insured: bool, L: float, r: float, q: float, lam: float, n: int = 2
) -> list[Equilibrium]:
    """Every symmetric candidate under exact CARA utility, sorted by z (corners flagged; our derivation).

    Each is certified (``nash``, ``deviation``) by the global best-reply check of exact
    CARA expected utility over the firm's (z1, I), I = 0 included
    (:func:`replication.security.best_reply.cara_best_reply`).  The problem of eqs (6)-(10)
    without the Taylor step, with (``insured``) or without an insurance market.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    insured : bool
        Whether the insurance market is open.
    L, r, q, lam, n
        As :func:`~replication.ogut2005.model.game.equilibrium`.

    Returns
    -------
    list of Equilibrium
        Every symmetric candidate, sorted by z, each with its verdict ``nash``.

    Raises
    ------
    ValueError
        An argument outside the model, named.
    NoInteriorSolution
        There is no interior solution.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import exact_cara_equilibria
    >>> found = exact_cara_equilibria(ExponentialBreach(0.5, 5.0), insured=True, L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> [(round(e.z, 4), round(e.I, 4), e.nash) for e in found]
    [(0.1769, 0.7267, True)]
    """
    structure = Untargeted(q, n)
    solutions = [
        _equilibrium(s, cara_best_reply(breach, structure, insured=insured, L=L, r=r, lam=lam, z=s.z))
        for s in exact_symmetric_solutions(breach, structure, insured=insured, L=L, r=r, lam=lam)
    ]
    return require_solutions(solutions, what="exact CARA equilibrium", breach=breach, structure=structure, L=L, lam=lam)


def exact_cara_equilibrium(
    breach: BreachFunction, *, insured: bool, L: float, r: float, q: float, lam: float, n: int = 2
) -> Equilibrium:
    """The certified stable symmetric equilibrium under exact CARA utility, with or without insurance (our derivation).

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    insured, L, r, q, lam, n
        As :func:`exact_cara_equilibria`.

    Returns
    -------
    Equilibrium
        The certified stable equilibrium (the highest z if several).

    Raises
    ------
    ValueError
        An argument outside the model, named.
    NoInteriorSolution
        There is no interior solution, or none is stable.
    NoEquilibrium
        No stable solution passes the best-reply check
        (:class:`~replication.ogut2005.model.game.NoEquilibrium`).

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import exact_cara_equilibrium
    >>> e = exact_cara_equilibrium(ExponentialBreach(0.5, 5.0), insured=True, L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> round(e.z, 4), round(e.I, 4), e.nash
    (0.1769, 0.7267, True)
    """
    return stable_solution(
        exact_cara_equilibria(breach, insured=insured, L=L, r=r, q=q, lam=lam, n=n), what="exact CARA equilibrium"
    )


def direct_best_reply(
    breach: BreachFunction, *, L: float, r: float, q: float, lam: float, z2: float, start: tuple[float, float]
) -> tuple[float, float]:
    """Firm 1's (z1, I1) maximising exact CARA expected utility (eq 8) given the partner's z2.

    A Nelder-Mead search on the objective itself, -exp(-r w) in the two states with the
    unit premium (1 + lam) B_1(z1, z2): no first-order condition of the model is used.
    """
    indirect = q * float(breach.p(z2))

    def loss(x: np.ndarray) -> float:
        z1, cover = float(x[0]), float(x[1])
        if z1 < 0.0:
            return 1e6 * (1.0 - z1)
        P = 1.0 - (1.0 - float(breach.p(z1))) * (1.0 - indirect)
        premium = (1.0 + lam) * P * cover
        return 1e3 * (P * math.exp(-r * (-L + cover - premium - z1)) + (1.0 - P) * math.exp(-r * (-premium - z1)))

    out = minimize(
        loss,
        np.array(start),
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-13, "maxiter": 20000, "maxfev": 40000},
    )
    return float(out.x[0]), float(out.x[1])


def exact_cara_planner(
    breach: BreachFunction, *, insured: bool, L: float, r: float, q: float, lam: float, n: int = 2
) -> Equilibrium:
    """The planner's symmetric optimum under exact CARA utility, with or without insurance (our derivation).

    The exact counterpart of :func:`~replication.ogut2005.model.game.planner` (eqs 13-15
    without the Taylor step): one investment z and one cover I for all n firms, chosen to
    maximise the sum of the firms' certainty equivalents, which on the symmetric line is
    the same plan as maximising the sum of their expected utilities (every firm's utility
    is the same there); the price of cover is (1 + lam) B and the insurer's margin is not
    counted, as in eqs 13-15 (:mod:`replication.security.cara_planner`).  The cover at
    each z is the firm's exact best cover, corner I = 0 included.

    Candidates are the stable roots of the planner's exact first-order condition; the one
    returned is the global optimum along the symmetric line z >= 0 (``nash``: no plan
    (z, I) on the line, z = 0 included, gives each firm more than ``GAIN_TOL`` L of
    certainty equivalent; ``deviation`` names the best plan found and both losses).
    Asymmetric plans are not searched.  For small losses it agrees with the Taylor-step
    planner to O(r L^2) in investment.

    Parameters
    ----------
    breach
        The breach family p(z).
    insured
        Whether cover can be bought.
    L, r, q, lam, n
        As :func:`~replication.ogut2005.model.game.equilibrium`.

    Returns
    -------
    Equilibrium
        ``P`` the breach probability B, ``I`` the cover bought, ``corner`` True where it
        is none; ``own_soc`` is the planner's second-order condition along the line.

    Raises
    ------
    ValueError, TypeError
        Naming the argument for inputs outside the model.
    NoInteriorSolution
        When the first-order condition has no stable root z > 0.
    NoEquilibrium
        When no stable root is the global optimum (e.g. z = 0 is better).

    Examples
    --------
    >>> from replication.security.breach import ExponentialBreach
    >>> e = exact_cara_planner(ExponentialBreach(0.5, 5.0), insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> e.nash, round(e.z, 4), round(e.I, 4)
    (True, 0.2731, 0.5435)
    """
    structure = Untargeted(q, n)
    found = exact_planner_solutions(breach, structure, insured=insured, L=L, r=r, lam=lam)
    stationary = tuple(s.z for s in found if s.stable)
    solutions = [
        _equilibrium(
            s,
            cara_planner_best(breach, structure, insured=insured, L=L, r=r, lam=lam, z=s.z, stationary=stationary),
        )
        for s in found
    ]
    return stable_solution(
        require_solutions(
            solutions, what="exact CARA planner optimum", breach=breach, structure=structure, L=L, lam=lam
        ),
        what="exact CARA planner optimum",
    )
