"""Example 1 of Naghizadeh & Liu (2014), Section IV-A, over many random draws.

The paper solves one random weighted-total-effort instance (N = 10, L = $50M, sorted random
costs, random ``A`` with ``a_ii > a_ij``) and reports: the social cost falls by close to
$40M; users 1 and 2 invest and are paid (negative net payments), every other user pays;
several users have negligible loss, spending and payment; every user's cost falls.  The
draw is unpublished, so we solve the instances of seeds ``0, 1, ...`` of our generator
(:func:`~replication.naghizadeh2014.model.instances.weighted_total_effort_instance`) and report
how often each statement holds and the distribution of the saving.

Per draw: the Nash equilibrium (Lemke, R-4), the social optimum (problem 2, started at the
equilibrium), the equilibrium net payments ``t* = -grad C_i(x*)' x*`` (R-3) and the
full-cover premiums ``rho_i = t_i* + L_i f_i(x*)`` (eq. 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.core.cache import cached
from replication.core.seeds import any_per_draw, choose_showcase, over_seeds
from replication.naghizadeh2014.model.game import nash_equilibrium, social_optimum
from replication.naghizadeh2014.model.instances import LOSS, weighted_total_effort_instance
from replication.naghizadeh2014.model.mechanism import full_cover_contracts, net_payments
from replication.naghizadeh2014.model.risk import WeightedTotalEffort

Array = NDArray[np.float64]

#: Users in Example 1.
USERS = 10
#: Our calibration of the cost law U(0, s) (our choice): median saving close to $40M.
COST_SCALE = 20.0
#: The showcase draw: what :func:`showcase_seed` selects among seeds 0..DRAWS-1 (a test checks it).
SHOWCASE_SEED = 93
#: Draws in the study (seeds 0, ..., DRAWS - 1).
DRAWS = 1000
#: Cost scales of the calibration study, and its draws per scale.
SCALES = (1.0, 5.0, 10.0, 20.0, 50.0)
SCALE_DRAWS = 500
#: The paper's social saving ("close to $40M") and full-cover premiums of users 5 and 7 ($M).
PAPER_SAVING = 40.0
PAPER_PREMIUMS = {5: 4.7, 7: 7.0}
#: A user is negligible when its loss, spending and ``|net payment|`` are all below this
#: share of its own loss L_i (so in any unit of money).
NEGLIGIBLE_SHARE = 0.01
#: The negligible threshold in $M at the paper's loss (1% of L = $50M).
NEGLIGIBLE = NEGLIGIBLE_SHARE * LOSS
#: Fewest negligible users in "several users have negligible ..." (the paper's "several").
SEVERAL = 3
#: Users the paper says are paid (0-based: users 1 and 2).
PAID = np.array([True, True] + [False] * (USERS - 2))


@dataclass(frozen=True)
class Example1Outcome:
    """One draw: costs without insurance (NE) and with it (SO plus net payments)."""

    x_ne: Array
    x_so: Array
    ne_cost: Array
    so_cost: Array
    payments: Array
    premiums: Array
    negligible: NDArray[np.bool_]

    @property
    def saving(self) -> float:
        """Social cost at the NE minus at the SO (payments cancel): the paper's "$40M"."""
        return float(self.ne_cost.sum() - self.so_cost.sum())

    @property
    def componentwise(self) -> bool:
        """Every user's cost falls: ``C_i(x*) + t_i* < C_i(x^NE)`` for all ``i``."""
        return bool((self.so_cost < self.ne_cost).all())

    @property
    def paid_as_paper(self) -> bool:
        """Exactly users 1 and 2 have negative net payments."""
        return bool(((self.payments < 0) == PAID).all())

    @property
    def pattern(self) -> bool:
        """The paper's full qualitative pattern: paid as the paper, several negligible users,
        every cost falls."""
        return self.paid_as_paper and int(self.negligible.sum()) >= SEVERAL and self.componentwise


def solve_example1(model: WeightedTotalEffort) -> Example1Outcome:
    """NE (Lemke), SO (projected Newton from the NE), net payments (R-3), full-cover premiums (8)."""
    x_ne = nash_equilibrium(model).x
    x_so = social_optimum(model, x0=x_ne).x
    t = net_payments(model, x_so)
    small = NEGLIGIBLE_SHARE * model.L
    negligible = (model.expected_losses(x_so) < small) & (model.expenditures(x_so) < small) & (np.abs(t) < small)
    return Example1Outcome(
        x_ne,
        x_so,
        model.costs(x_ne),
        model.costs(x_so) + t,
        t,
        full_cover_contracts(model, x_so, t).premium,
        negligible,
    )


def example1(seed: int, *, cost_scale: float = COST_SCALE) -> Example1Outcome:
    """The Example 1 outcome of one seed of our generator."""
    return solve_example1(weighted_total_effort_instance(seed, N=USERS, cost_scale=cost_scale))


@dataclass(frozen=True)
class Example1Study:
    """Example 1 over seeds ``0..draws-1``; arrays have one row per draw (per-user arrays
    one column per user): unit costs, both effort profiles, net payments (R-3) and the
    expected losses ``L_i f_i`` at the Nash equilibrium and at the optimum."""

    cost_scale: float
    seeds: NDArray[np.int64]
    saving: Array
    componentwise: NDArray[np.bool_]
    paid_as_paper: NDArray[np.bool_]
    negligible_users: NDArray[np.int64]
    pattern: NDArray[np.bool_]
    premiums: Array
    costs: Array
    x_ne: Array
    x_so: Array
    payments: Array
    ne_losses: Array
    so_losses: Array

    @property
    def draws(self) -> int:
        """The number of draws (seeds) in the study."""
        return int(self.seeds.size)

    def saving_percentiles(self, q: tuple[float, ...] = (5, 25, 50, 75, 95)) -> Array:
        """Percentiles ``q`` (in %) of the social saving over the draws ($M)."""
        return np.percentile(self.saving, q)

    @property
    def negative_premium(self) -> NDArray[np.bool_]:
        """Draws in which some full-cover premium is negative."""
        return any_per_draw(self.premiums < 0)


def _run_study(draws: int, cost_scale: float) -> Example1Study:
    models = [weighted_total_effort_instance(seed, N=USERS, cost_scale=cost_scale) for seed in range(draws)]
    outcomes = over_seeds(partial(example1, cost_scale=cost_scale), range(draws))
    return Example1Study(
        cost_scale,
        np.arange(draws, dtype=np.int64),
        np.array([o.saving for o in outcomes]),
        np.array([o.componentwise for o in outcomes]),
        np.array([o.paid_as_paper for o in outcomes]),
        np.array([int(o.negligible.sum()) for o in outcomes], dtype=np.int64),
        np.array([o.pattern for o in outcomes]),
        np.array([o.premiums for o in outcomes]),
        np.array([m.c for m in models]),
        np.array([o.x_ne for o in outcomes]),
        np.array([o.x_so for o in outcomes]),
        np.array([o.payments for o in outcomes]),
        np.array([m.expected_losses(o.x_ne) for m, o in zip(models, outcomes)]),
        np.array([m.expected_losses(o.x_so) for m, o in zip(models, outcomes)]),
    )


def example1_study(draws: int = DRAWS, *, cost_scale: float = COST_SCALE) -> Example1Study:
    """Example 1 for seeds ``0..draws-1`` at cost scale ``s``; cached on disk by its parameters."""
    draws = validate.integer_at_least("draws", draws, 1, validate.MAX_COUNT)
    cost_scale = validate.positive("cost_scale", cost_scale)
    return cached(
        "naghizadeh2014:example1_study",
        {"draws": draws, "cost_scale": cost_scale},
        lambda: _run_study(draws, cost_scale),
    )


def paper_distance(study: Example1Study) -> Array:
    """Root-mean-square relative distance of each draw from the paper's three numbers:
    the saving ($40M) and the full-cover premiums of users 5 and 7 ($4.7M, $7M)."""
    terms = [(study.saving - PAPER_SAVING) / PAPER_SAVING]
    terms += [(study.premiums[:, user - 1] - value) / value for user, value in PAPER_PREMIUMS.items()]
    return np.sqrt(np.mean(np.square(terms), axis=0))


def showcase_seed(study: Example1Study | None = None) -> int:
    """The showcase rule: among the draws showing the paper's full pattern (only users 1, 2
    paid, at least three negligible users, every cost falls), the seed closest to the
    paper's numbers by :func:`paper_distance`."""
    study = example1_study() if study is None else study
    return choose_showcase(study.seeds, study.pattern, paper_distance(study))
