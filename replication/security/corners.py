"""Corner candidates of the symmetric problems of Shim (2012) and Ogut et al. (2005).

A firm's cost under the Taylor step is minimised over z >= 0 (and, insured, I >= 0), so
besides the roots of the first-order conditions the bounds can bind (our derivation; the
papers treat interior solutions only):

* no cover (I = 0, ``corner="cover"``) where the cover formula of eq 10 is <= 0; z then
  solves the uninsured condition, and the firm's residual is the larger of the insured
  and uninsured ones;
* no investment (z = 0, ``corner="investment"``) where that residual is >= 0 at z = 0,
  the KKT sign condition: the first unit of investment costs at least the expected loss
  it saves; ``"cover and investment"`` where no cover is bought there either.

A corner is a *candidate* like a root: it is an equilibrium only once the global
best-reply check (:mod:`replication.security.best_reply`) certifies it.
"""

from __future__ import annotations

from replication.security.breach import BreachFunction
from replication.security.interdependence import Structure, Targeted
from replication.security.taylor import SymmetricSolution, cover_formula, insured_residual, uninsured_residual
from replication.security.vocabulary import corner


def zero_investment(
    breach: BreachFunction,
    structure: Structure,
    *,
    L: float,
    r: float,
    lam: float,
    insured: bool,
    planner: bool = False,
) -> tuple[SymmetricSolution, str | None] | None:
    """The candidate z = 0 with its corner name, or None where the first unit of investment pays.

    The residual at 0 is that of the firm (its own marginal effect) or, with ``planner``,
    of the planner (the total effect); insured, the larger of the insured and uninsured
    residuals, the cover being eq 10's where positive and none elsewhere.  The candidate's
    ``residual`` is the KKT residual min(z, R(0)) = 0 and ``stable`` is R(0) > 0.  None
    under targeted attacks, whose breach probability p(z1 z1/z2) is undefined at z2 = 0.
    Expects validated inputs (L > 0, r > 0, lam >= 0).
    """
    if isinstance(structure, Targeted):
        return None
    dP = float((structure.dP_total_sym if planner else structure.dP_own_sym)(breach, 0.0))
    P = float(structure.P_sym(breach, 0.0))
    formula = float(cover_formula(P, L=L, r=r, lam=lam)) if insured and P < 1.0 else 0.0
    if formula > 0.0:
        at_zero = float(insured_residual(dP, L=L, lam=lam))
    else:
        at_zero = float(uninsured_residual(dP, P, L=L, r=r))
    if not at_zero >= 0.0:
        return None
    solution = SymmetricSolution(
        z=0.0,
        I=max(formula, 0.0),
        P=P,
        premium_rate=(1.0 + lam) * P,
        residual=0.0,
        slope=float("nan"),
        stable=bool(at_zero > 0.0),
        own_soc=True,
    )
    return solution, corner(cover=insured and formula <= 0.0, investment=True)
