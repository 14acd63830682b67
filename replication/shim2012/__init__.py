"""Shim (2012): security investment and cyber insurance under untargeted (positive
externality) and targeted (negative externality) attacks.

Public API: :func:`~replication.shim2012.model.equilibrium`, :func:`~replication.shim2012.model.equilibria`,
:func:`~replication.shim2012.model.planner` (model), the attack
taxonomy (:mod:`replication.shim2012.attacks`), Table 1 derived with sympy
(:mod:`replication.shim2012.table1`).
"""

from replication.shim2012.model import (
    CASES,
    Equilibrium,
    Inputs,
    Sensitivity,
    equilibria,
    equilibrium,
    planner,
    sensitivity,
)

__all__ = ["CASES", "Equilibrium", "Inputs", "Sensitivity", "equilibria", "equilibrium", "planner", "sensitivity"]
