"""Naghizadeh & Liu (2014), "Voluntary participation in cyber-insurance markets".

Sections II-IV: the IDS game (risk models, Nash equilibrium, social optimum), the
insurance mechanism (messages, outcome, net payments, contracts, Theorems 1-2) and the
numerical examples; Sections V-VI: voluntary participation (loner games, IR and VP).
"""
from replication.naghizadeh2014.examples import weakest_link_instance, weighted_total_effort_instance
from replication.naghizadeh2014.game import (
    KKT_TOL, NashEquilibrium, SocialOptimum, all_nash_equilibria, best_response, nash_equilibrium,
    social_optimum,
)
from replication.naghizadeh2014.mechanism import (
    Contracts, Messages, Outcome, equilibrium_messages, full_cover_contracts, net_payments, outcome,
)
from replication.naghizadeh2014.models import (
    IDSModel, LinearExposure, TotalEffort, WeakestLink, WeightedTotalEffort,
)
from replication.naghizadeh2014.participation import loner_outcome, participation, vp_budget_slack
from replication.naghizadeh2014.total_effort import paper_positive_region, positive_example_vp

__all__ = [
    "Contracts", "IDSModel", "KKT_TOL", "LinearExposure", "Messages", "NashEquilibrium", "Outcome",
    "SocialOptimum", "TotalEffort", "WeakestLink", "WeightedTotalEffort", "all_nash_equilibria",
    "best_response", "equilibrium_messages", "full_cover_contracts", "loner_outcome",
    "nash_equilibrium", "net_payments", "outcome", "paper_positive_region", "participation",
    "positive_example_vp", "social_optimum", "vp_budget_slack", "weakest_link_instance",
    "weighted_total_effort_instance",
]
