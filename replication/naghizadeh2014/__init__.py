"""Naghizadeh & Liu (2014), "Voluntary participation in cyber-insurance markets".

Sections II-IV: the IDS game (risk models, Nash equilibrium, social optimum), the
insurance mechanism (messages, outcome, net payments, contracts, Theorems 1-2) and the
numerical examples.
"""
from replication.naghizadeh2014.examples import weakest_link_instance, weighted_total_effort_instance
from replication.naghizadeh2014.game import (
    KKT_TOL, NashEquilibrium, SocialOptimum, all_nash_equilibria, best_response, nash_equilibrium,
    social_optimum,
)
from replication.naghizadeh2014.models import (
    IDSModel, LinearExposure, TotalEffort, WeakestLink, WeightedTotalEffort,
)

__all__ = [
    "IDSModel", "KKT_TOL", "LinearExposure", "NashEquilibrium", "SocialOptimum", "TotalEffort",
    "WeakestLink", "WeightedTotalEffort", "all_nash_equilibria", "best_response",
    "nash_equilibrium", "social_optimum", "weakest_link_instance", "weighted_total_effort_instance",
]
from replication.naghizadeh2014.participation import loner_outcome, participation, vp_budget_slack, positive_example_vp, paper_positive_region  # noqa: E402
