"""Example 2 of Naghizadeh & Liu (2014), Section IV-B: the weakest link through a soft minimum.

Every user faces the same risk ``f(x) = (sum_j exp(-gamma x_j))^(1/gamma)``, the soft-min
approximation of ``exp(-min_j x_j)``.  With linear costs ``c_i x_i`` and a common loss ``L``
both the Nash equilibrium and the social optimum have closed forms (our derivation,
R-7/R-8): the first-order conditions ``c_i = L f w_i`` (NE) and ``c_j = N L f w_j`` (SO), with
soft-min weights ``w_i = exp(-gamma x_i) / sum_k exp(-gamma x_k)``, sum over users to
``L f = sum_j c_j`` and ``L f = mean(c)``, and then give each coordinate.

The paper says the weakest-link game "has many equilibria with equal efforts" and takes the
one "at the mean of them".  That is the exact-min game, whose equilibria are the common
efforts ``s`` in ``[0, ln(L / c_max)]`` (R-6); we compare that reading with the smoothed
game's own (unique, interior) equilibrium over 1000 draws of our generator
(:func:`~replication.naghizadeh2014.model.instances.weakest_link_instance`, costs ``U(0, 1)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from replication.core import validate
from replication.core.cache import cached
from replication.core.seeds import all_per_draw, choose_showcase, over_seeds
from replication.naghizadeh2014.model.instances import weakest_link_instance
from replication.naghizadeh2014.model.risk import WeakestLink
from replication.numerics.solvers import NoInteriorSolution

Array = NDArray[np.float64]

#: Users in Example 2.
USERS = 10
#: Our calibration of the cost law U(0, s) (our choice): median saving close to $35M.
COST_SCALE = 1.0
#: Our soft-min parameter (unpublished in the paper).
GAMMA = 10.0
#: Draws in the study (seeds 0, ..., DRAWS - 1).
DRAWS = 1000
#: The showcase draw: what :func:`showcase_seed` selects among seeds 0..DRAWS-1 (a test checks it).
SHOWCASE_SEED = 140
#: The soft-min parameters of the gamma study, and its draws per gamma.
GAMMAS = (2.0, 5.0, 10.0, 20.0, 50.0)
GAMMA_DRAWS = 200
#: The paper's numbers: saving "close to $35M"; full-cover premiums of user 3 ("$2M") and
#: user 7 ("zero"), 1-based users.
PAPER_SAVING = 35.0
PAPER_PREMIUMS = {3: 2.0, 7: 0.0}


def common_loss(model: WeakestLink) -> float:
    """The common loss ``L``; the closed forms need ``L_i = L`` for every user."""
    if not np.allclose(model.L, model.L[0], rtol=0.0, atol=0.0):
        raise ValueError("L must be the same for every user: the closed forms (R-7) assume a common loss")
    return float(model.L[0])


def _interior(x: Array, what: str) -> Array:
    """``x`` if every coordinate is non-negative, else :class:`~replication.numerics.solvers.NoInteriorSolution`."""
    if (x < 0).any():
        raise NoInteriorSolution(
            f"the closed form of the {what} has a negative effort (min {x.min():.3g}); it holds only "
            "when L is large enough against the costs, so solve the complementarity problem instead"
        )
    return x


def softmin_nash(model: WeakestLink) -> Array:
    """Nash equilibrium of the soft-min game (R-7):
    ``x_i = ln L - (1 - 1/gamma) ln sum_j c_j - (1/gamma) ln c_i``.

    From ``c_i = L f w_i``; summing over ``i`` gives ``L f(x) = sum_j c_j``.  Raises
    :class:`~replication.numerics.solvers.NoInteriorSolution` when a coordinate would be negative.
    """
    L, g = common_loss(model), model.gamma
    x = np.log(L) - (1.0 - 1.0 / g) * np.log(model.c.sum()) - np.log(model.c) / g
    return _interior(x, "soft-min Nash equilibrium")


def softmin_optimum(model: WeakestLink) -> Array:
    """Social optimum of the soft-min game (R-7): ``x_i* = x_i^NE + ln N``.

    From ``c_j = N L f w_j`` (everyone's loss counts), i.e. the NE formula with ``N L`` for
    ``L``; summing gives ``L f(x*) = mean(c)``.
    """
    return _interior(softmin_nash(model) + np.log(model.N), "soft-min social optimum")


def softmin_payments(model: WeakestLink) -> Array:
    """Equilibrium net payments at the soft-min optimum (R-8): ``t_i* = mean(c x*) - c_i x_i*``.

    From (R-3), ``t_i* = L f sum_j w_j x_j* - c_i x_i*`` with ``L f w_j = c_j / N``; every
    insured user then ends with the same cost ``mean(c) + mean(c x*)``.
    """
    spending = model.c * softmin_optimum(model)
    return spending.mean() - spending


def softmin_saving(model: WeakestLink) -> float:
    """Social cost at the soft-min NE minus at the optimum (R-8):
    ``(sum_j c_j)(N - 1 - ln N)``, independent of ``gamma`` and ``L``.
    """
    common_loss(model)
    return float(model.c.sum() * (model.N - 1 - np.log(model.N)))


def exact_min_equilibria(model: WeakestLink) -> tuple[float, float]:
    """The Nash equilibria of the exact weakest-link game ``f = exp(-min_j x_j)`` (R-6):
    every common effort ``s`` with ``0 <= s <= min_i ln(L / c_i) = ln(L / c_max)``.

    At a common ``s`` the lowest-effort user gains ``L e^{-s} - c_i`` per unit it adds only
    together with everyone else, so nobody raises alone; cutting alone saves ``c_i`` and
    costs ``L e^{-s}``, which stops being worth it for ``s <= ln(L / c_i)``.
    """
    upper = float(np.log(common_loss(model) / model.c.max()))
    if upper < 0:
        raise NoInteriorSolution(f"L < max c: the only exact-min equilibrium is x = 0 (ln(L / c_max) = {upper:.3g})")
    return 0.0, upper


def midpoint_nash(model: WeakestLink) -> Array:
    """The paper's "mean of the equilibria" read in the exact-min game (R-6):
    ``x = (1/2) ln(L / c_max) * 1``."""
    low, high = exact_min_equilibria(model)
    return np.full(model.N, 0.5 * (low + high))


@dataclass(frozen=True)
class Example2Outcome:
    """One draw of Example 2: the two NE readings and the mechanism's outcome at the optimum."""

    x_ne: Array
    x_mid: Array
    x_so: Array
    ne_cost: Array
    mid_cost: Array
    so_cost: Array
    payments: Array
    premiums: Array

    @property
    def saving(self) -> float:
        """Social saving from the soft-min NE (R-8)."""
        return float(self.ne_cost.sum() - self.so_cost.sum())

    @property
    def midpoint_saving(self) -> float:
        """Social saving from the exact-min midpoint (R-6), costs in the soft-min game."""
        return float(self.mid_cost.sum() - self.so_cost.sum())


def example2(seed: int, *, gamma: float = GAMMA, cost_scale: float = COST_SCALE) -> Example2Outcome:
    """Example 2 of one seed from the closed forms: NE (R-7), midpoint (R-6), optimum (R-7),
    payments (R-8), full-cover premiums ``rho_i = t_i* + L f(x*)`` (eq. 8)."""
    model = weakest_link_instance(seed, N=USERS, cost_scale=cost_scale, gamma=gamma)
    x_ne, x_mid, x_so = softmin_nash(model), midpoint_nash(model), softmin_optimum(model)
    t = softmin_payments(model)
    return Example2Outcome(
        x_ne,
        x_mid,
        x_so,
        model.costs(x_ne),
        model.costs(x_mid),
        model.costs(x_so) + t,
        t,
        t + model.expected_losses(x_so),
    )


@dataclass(frozen=True)
class Example2Study:
    """Example 2 over seeds ``0..draws-1`` for one ``gamma``; one row per draw."""

    gamma: float
    seeds: NDArray[np.int64]
    saving: Array
    midpoint_saving: Array
    componentwise: NDArray[np.bool_]
    midpoint_componentwise: NDArray[np.bool_]
    payments: Array
    premiums: Array
    costs: Array
    x_so: Array
    ne_losses: Array
    so_losses: Array

    @property
    def draws(self) -> int:
        """The number of draws (seeds) in the study."""
        return int(self.seeds.size)

    @property
    def payments_fall_with_cost(self) -> NDArray[np.bool_]:
        """Draws in which net payments strictly fall with the cost rank (costs are sorted)."""
        return all_per_draw(np.diff(self.payments, axis=1) < 0)

    def premium(self, user: int) -> Array:
        """Full-cover premium of ``user`` (1-based) in every draw."""
        return self.premiums[:, user - 1]


def _run_study(draws: int, gamma: float, cost_scale: float) -> Example2Study:
    models = [weakest_link_instance(seed, N=USERS, cost_scale=cost_scale, gamma=gamma) for seed in range(draws)]
    outcomes = over_seeds(partial(example2, gamma=gamma, cost_scale=cost_scale), range(draws))
    return Example2Study(
        gamma,
        np.arange(draws, dtype=np.int64),
        np.array([o.saving for o in outcomes]),
        np.array([o.midpoint_saving for o in outcomes]),
        np.array([bool((o.so_cost < o.ne_cost).all()) for o in outcomes]),
        np.array([bool((o.so_cost < o.mid_cost).all()) for o in outcomes]),
        np.array([o.payments for o in outcomes]),
        np.array([o.premiums for o in outcomes]),
        np.array([m.c for m in models]),
        np.array([o.x_so for o in outcomes]),
        np.array([m.expected_losses(o.x_ne) for m, o in zip(models, outcomes)]),
        np.array([m.expected_losses(o.x_so) for m, o in zip(models, outcomes)]),
    )


def example2_study(draws: int = DRAWS, *, gamma: float = GAMMA, cost_scale: float = COST_SCALE) -> Example2Study:
    """Example 2 for seeds ``0..draws-1`` (costs ``U(0, s)``, default ``s = 1``); cached on disk
    by its parameters."""
    draws = validate.integer_at_least("draws", draws, 1, validate.MAX_COUNT)
    gamma = validate.positive("gamma", gamma)
    cost_scale = validate.positive("cost_scale", cost_scale)
    return cached(
        "naghizadeh2014:example2_study",
        {"draws": draws, "gamma": gamma, "cost_scale": cost_scale},
        lambda: _run_study(draws, gamma, cost_scale),
    )


def paper_distance(study: Example2Study) -> Array:
    """Root-mean-square distance ($M) of each draw from the paper's three numbers: the saving
    ($35M) and the full-cover premiums of users 3 ($2M) and 7 ($0)."""
    terms = [study.saving - PAPER_SAVING] + [study.premium(u) - v for u, v in PAPER_PREMIUMS.items()]
    return np.sqrt(np.mean(np.square(terms), axis=0))


def showcase_seed(study: Example2Study | None = None) -> int:
    """The showcase rule: among the draws in which every cost falls and payments fall with the
    cost rank, the seed closest to the paper's numbers by :func:`paper_distance`."""
    study = example2_study() if study is None else study
    eligible = study.componentwise & study.payments_fall_with_cost
    return choose_showcase(study.seeds, eligible, paper_distance(study))
