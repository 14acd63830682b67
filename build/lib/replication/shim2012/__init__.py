"""Shim (2012): security investment and cyber insurance under untargeted (positive
externality) and targeted (negative externality) attacks.

Public API: :func:`~replication.shim2012.model.game.equilibrium`, :func:`~replication.shim2012.model.game.equilibria`,
:func:`~replication.shim2012.model.game.planner`,
:func:`~replication.shim2012.model.exact.exact_cara_planner` (model), the attack
taxonomy (:mod:`replication.shim2012.model.attacks`), Table 1 derived with sympy
(:mod:`replication.shim2012.model.derivation`).  The breach family comes first, everything else by
keyword, e.g. ``equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True,
L=1.0, r=0.5, q=0.5, lam=0.2)``.
"""

from replication.shim2012.model.exact import exact_cara_planner
from replication.shim2012.model.game import (
    CASES,
    Equilibrium,
    Inputs,
    Sensitivity,
    equilibria,
    equilibrium,
    planner,
    sensitivity,
)

__all__ = [
    "CASES",
    "Equilibrium",
    "Inputs",
    "Sensitivity",
    "equilibria",
    "equilibrium",
    "exact_cara_planner",
    "planner",
    "sensitivity",
]
