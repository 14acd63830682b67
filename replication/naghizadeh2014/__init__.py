"""Naghizadeh & Liu (2014), "Voluntary participation in cyber-insurance markets".

Sections II-IV: the IDS game (risk models, Nash equilibrium, social optimum), the
insurance mechanism (messages, outcome, net payments, contracts, Theorems 1-2) and the
numerical examples; Sections V-VI: voluntary participation (loner games, IR and VP).

The subpackages follow the paper's concepts:

* :mod:`.game`: risk models, Nash equilibrium, social optimum (Section II);
* :mod:`.mechanism`: messages, outcome, payments, contracts, deviations (Section III);
* :mod:`.experiments`: Examples 1 and 2 over many draws, gradient play (Section IV);
* :mod:`.participation`: loner games, IR and VP, the closed forms (Sections V-VI);
* :mod:`.exhibits`: the figures, one module per chapter;
* :mod:`.claims`: the paper's claims, one module per chapter.

A figure's code is ``exhibits/figures_<chapter>.py``; its id names the figure, and the README's
map (or the book's figure index) names the function.
"""

from replication.naghizadeh2014.game.equilibrium import (
    KKT_TOL,
    NashEquilibrium,
    SocialOptimum,
    UniquenessCertificate,
    all_nash_equilibria,
    best_response,
    nash_equilibrium,
    social_optimum,
    uniqueness_certificate,
)
from replication.naghizadeh2014.game.instances import (
    sparse_weighted_total_effort_instance,
    weakest_link_instance,
    weighted_total_effort_instance,
)
from replication.naghizadeh2014.game.models import (
    IDSModel,
    LinearExposure,
    TotalEffort,
    WeakestLink,
    WeightedTotalEffort,
)
from replication.naghizadeh2014.mechanism.outcome import (
    Contracts,
    Messages,
    Outcome,
    equilibrium_messages,
    full_cover_contracts,
    net_payments,
    outcome,
)
from replication.naghizadeh2014.participation.total_effort import paper_positive_region, positive_example_vp
from replication.naghizadeh2014.participation.voluntary import loner_outcome, vp_budget_slack

__all__ = [
    "Contracts",
    "IDSModel",
    "KKT_TOL",
    "LinearExposure",
    "Messages",
    "NashEquilibrium",
    "Outcome",
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
    "positive_example_vp",
    "social_optimum",
    "sparse_weighted_total_effort_instance",
    "uniqueness_certificate",
    "vp_budget_slack",
    "weakest_link_instance",
    "weighted_total_effort_instance",
]
