"""Naghizadeh & Liu (2014), "Voluntary participation in cyber-insurance markets".

Sections II-IV: the IDS game (risk models, Nash equilibrium, social optimum), the
insurance mechanism (messages, outcome, net payments, contracts, Theorems 1-2) and the
numerical examples; Sections V-VI: voluntary participation (loner games, IR and VP):
``participation(model)`` gives every user's IR and VP under the mechanism.

The package has the shape of the other papers':

* :mod:`.model`: risk models, the Nash equilibrium and the social optimum (Section II), the
  mechanism and its deviations (Section III), voluntary participation and the total-effort closed
  forms (Sections V-VI);
* :mod:`.studies`: Examples 1 and 2 over many draws, gradient play (Section IV) and the
  participation study (Section VI-A);
* :mod:`.exhibits`: the figures, one module per chapter;
* :mod:`.claims`: the paper's claims, one module per chapter.

A figure's code is ``exhibits/<chapter>.py``; its id names the figure, and the README's
map (or the book's figure index) names the function.
"""

from replication.naghizadeh2014.model.game import (
    KKT_TOL,
    NashEquilibrium,
    SocialOptimum,
    all_nash_equilibria,
    best_response,
    nash_equilibrium,
    social_optimum,
)
from replication.naghizadeh2014.model.instances import (
    sparse_weighted_total_effort_instance,
    weakest_link_instance,
    weighted_total_effort_instance,
)
from replication.naghizadeh2014.model.mechanism import (
    Contracts,
    Messages,
    Outcome,
    equilibrium_messages,
    full_cover_contracts,
    net_payments,
    outcome,
)
from replication.naghizadeh2014.model.participation import Participation, loner_outcome, participation, vp_budget_slack
from replication.naghizadeh2014.model.risk import (
    IDSModel,
    LinearExposure,
    TotalEffort,
    WeakestLink,
    WeightedTotalEffort,
)
from replication.naghizadeh2014.model.total_effort import paper_positive_region, positive_example_vp
from replication.naghizadeh2014.model.uniqueness import UniquenessCertificate, uniqueness_certificate

__all__ = [
    "Contracts",
    "IDSModel",
    "KKT_TOL",
    "LinearExposure",
    "Messages",
    "NashEquilibrium",
    "Outcome",
    "Participation",
    "SocialOptimum",
    "TotalEffort",
    "UniquenessCertificate",
    "WeakestLink",
    "WeightedTotalEffort",
    "all_nash_equilibria",
    "best_response",
    "equilibrium_messages",
    "full_cover_contracts",
    "loner_outcome",
    "nash_equilibrium",
    "net_payments",
    "outcome",
    "paper_positive_region",
    "participation",
    "positive_example_vp",
    "social_optimum",
    "sparse_weighted_total_effort_instance",
    "uniqueness_certificate",
    "vp_budget_slack",
    "weakest_link_instance",
    "weighted_total_effort_instance",
]
