"""Beyond the papers: the Shim / Ogut et al. model with n unequal firms on a contagion network (ours).

:class:`~replication.heterogeneous.firms.Firms` holds the network (per-firm breach functions,
losses, risk aversions and a contagion matrix);
:func:`~replication.heterogeneous.equilibrium.nash_equilibrium`,
:func:`~replication.heterogeneous.equilibrium.planner` and
:func:`~replication.heterogeneous.equilibrium.liability` solve
it under the papers' Taylor step or exact CARA utility, and every result carries a global
best-reply certificate (``nash``).  With identical firms and equal links the results are
those of :mod:`replication.ogut2005` and :mod:`replication.shim2012`.
:class:`~replication.heterogeneous.adapter.NetworkIDSModel` (in
:mod:`replication.heterogeneous.adapter`) turns an untargeted network into an IDS game of
Naghizadeh & Liu, so their mechanism and participation analysis run on it.
"""

from replication.heterogeneous.equilibrium import (
    UTILITIES,
    Outcome,
    best_reply_gains,
    liability,
    nash_equilibrium,
    planner,
    welfare_cost,
)
from replication.heterogeneous.firms import STRUCTURES, Firms

__all__ = [
    "STRUCTURES",
    "UTILITIES",
    "Firms",
    "Outcome",
    "best_reply_gains",
    "liability",
    "nash_equilibrium",
    "planner",
    "welfare_cost",
]
