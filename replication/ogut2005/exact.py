"""Ogut et al.'s model without the Taylor step: exact CARA utility (beyond the paper).

The same two-firm (or n-firm) problem as eqs (6)-(10), solved with U(w) = -exp(-r w)
exactly (:mod:`replication.security.cara`, our derivation).  Used to test which results
survive without the approximation: "insurance lowers investment" (Result 2) and
dz/dr = 0 (Result 6(iii)) do not always: see *What we found* in the book, entries
`ogut2005:taylor_step_insurance_lowers_investment` and `ogut2005:taylor_step_dz_dr`.
"""

from __future__ import annotations

from replication.ogut2005.model import Equilibrium, require_solutions, stable_solution
from replication.security.breach import BreachFunction
from replication.security.cara import ExactSymmetricSolution, exact_symmetric_solutions
from replication.security.interdependence import Untargeted


def _equilibrium(sol: ExactSymmetricSolution) -> Equilibrium:
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
    )


def exact_cara_equilibria(
    breach: BreachFunction, q: float, L: float, r: float, lam: float, insured: bool, n: int = 2
) -> list[Equilibrium]:
    """Every symmetric equilibrium under exact CARA utility, sorted by z (corners flagged)."""
    structure = Untargeted(q, n)
    solutions = [_equilibrium(s) for s in exact_symmetric_solutions(breach, structure, L, r, lam, insured=insured)]
    return require_solutions(solutions, "exact CARA equilibrium", breach, structure, L, lam)


def exact_cara_equilibrium(
    breach: BreachFunction, q: float, L: float, r: float, lam: float, insured: bool, n: int = 2
) -> Equilibrium:
    """The stable symmetric equilibrium under exact CARA utility, with or without insurance."""
    return stable_solution(exact_cara_equilibria(breach, q, L, r, lam, insured, n), "exact CARA equilibrium")
