"""Ogut et al.'s model without the Taylor step: exact CARA utility (beyond the paper).

The same two-firm (or n-firm) problem as eqs (6)-(10), solved with U(w) = -exp(-r w)
exactly (:mod:`replication.security.cara`, our derivation).  Used to test which results
survive without the approximation: "insurance lowers investment" (Result 2) and
dz/dr = 0 (Result 6(iii)) do not always: see *What we found* in the book, entries
`ogut2005:taylor_step_insurance_lowers_investment` and `ogut2005:taylor_step_dz_dr`.
"""

from __future__ import annotations

from replication.ogut2005.model.game import Equilibrium, require_solutions, stable_solution
from replication.security.best_reply import BestReply, cara_best_reply
from replication.security.breach import BreachFunction
from replication.security.cara import ExactSymmetricSolution, exact_symmetric_solutions
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
        corner=sol.corner,
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
