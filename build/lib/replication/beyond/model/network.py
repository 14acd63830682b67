"""Drawn networks of unequal firms and the remedies compared on them (ours).

A network of n firms is drawn with ``numpy.random.default_rng(seed)`` in the papers'
parameter ranges: breach p_i(z) = p0_i exp(-a_i z) with p0_i ~ U(0.3, 0.7) and
a_i ~ U(3, 8) (Shim and Ogut et al. use p0 = 0.5, a = 5), loss L_i ~ U(0.5, 1.5) (they
use L = 1), absolute risk aversion r_i ~ U(0.2, 0.6) (r = 0.5; r_i L_i < 1 keeps the
uninsured Taylor-step problem bounded) and each directed link present with probability
1/2 with strength q[i, j] ~ U(0.1, 0.6) (the papers' q spans [0, 1]).

Welfare is the social cost S = sum_i (z_i + L_i P_i): expected loss plus investment over
the true breach probabilities (premium loadings and liability payments are transfers).
The benchmark is the planner minimising S; the *gap closed* by a remedy is
(S_nash - S_remedy) / (S_nash - S_opt), 1 for a remedy that reaches the optimum, negative
for one that moves away from it.

The fourth remedy is Naghizadeh & Liu's mechanism on the same breach probabilities
(:class:`~replication.heterogeneous.adapter.NetworkIDSModel`: risk-neutral users with
linear cost, as in their paper).  Its equilibrium messages implement the planner's
optimum with net payments that sum to zero; its voluntary-participation analysis says
which firms would rather stay out (the loner game of
:mod:`replication.naghizadeh2014.model.participation`), and the gap it closes if such
a firm does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from replication.core import validate
from replication.core.cache import cached
from replication.heterogeneous import Firms, Outcome, liability, nash_equilibrium, planner
from replication.heterogeneous.adapter import NetworkIDSModel
from replication.heterogeneous.firms import Array
from replication.naghizadeh2014.model.deviations import largest_gain
from replication.naghizadeh2014.model.mechanism import Messages, equilibrium_messages, outcome
from replication.naghizadeh2014.model.participation import Participation, participation
from replication.security.breach import ExponentialBreach

#: The loading of the insurance market compared (the papers' lam = 0.2).
LAM = 0.2
#: Firms per drawn network, the networks of the study and the network shown in the chapter.
FIRMS = 6
SEEDS = range(24)
SHOWN = 0
#: The remedies in the order the chapter presents them.
REMEDIES = ("insurance", "liability", "liability without insurance")
#: Naghizadeh & Liu's mechanism on the network, the fourth remedy (everyone joins).
MECHANISM = "mechanism"
#: Every remedy of the figure and the summary table.
ALL_REMEDIES = REMEDIES + (MECHANISM,)


def draw_network(seed: int, *, n: int = FIRMS) -> Firms:
    """The network of ``seed`` (module docstring for the distributions; ours).

    Raises ``ValueError`` naming ``seed`` or ``n`` for a negative seed or n < 2.
    """
    seed = validate.integer_at_least("seed", seed, 0)
    n = validate.integer_at_least("n", n, 2)
    rng = np.random.default_rng(seed)
    p0, a = rng.uniform(0.3, 0.7, n), rng.uniform(3.0, 8.0, n)
    L, r = rng.uniform(0.5, 1.5, n), rng.uniform(0.2, 0.6, n)
    q = np.where(rng.random((n, n)) < 0.5, rng.uniform(0.1, 0.6, (n, n)), 0.0)
    np.fill_diagonal(q, 0.0)
    return Firms([ExponentialBreach(float(p), float(s)) for p, s in zip(p0, a)], L=L, r=r, q=q)


@dataclass(frozen=True, eq=False)
class Mechanism:
    """Naghizadeh & Liu's mechanism on a network (module docstring; ours).

    ``messages`` the equilibrium messages m* (Theorem 2's construction), ``x`` and
    ``payments`` what the outcome function (eqs 6-7, the average projected onto x >= 0)
    implements from them, ``budget`` the sum of the net payments (0: balanced),
    ``deviation_gain`` the largest gain any firm found from a unilateral change of its
    message (multi-start L-BFGS-B search, :func:`~replication.naghizadeh2014.model.deviations.largest_gain`),
    ``participation`` who would join (IR and VP), ``social_cost`` S at ``x`` and
    ``loner_social_cost[k]`` S when firm k stays out and the others run the mechanism.
    """

    model: NetworkIDSModel
    messages: Messages
    x: Array
    payments: Array
    budget: float
    deviation_gain: float
    participation: Participation
    social_cost: float
    loner_social_cost: Array

    @property
    def joiners(self) -> int:
        """Firms that would join (voluntary participation holds)."""
        return int(np.sum(self.participation.vp))


def mechanism(firms: Firms) -> Mechanism:
    """Naghizadeh & Liu's mechanism run on ``firms`` through the IDS adapter (ours).

    Raises ``ValueError`` for fewer than 3 firms (the mechanism needs N >= 3) and, from the
    adapter, for a targeted network.
    """
    model = NetworkIDSModel(firms)
    vp = participation(model)
    messages = equilibrium_messages(model, vp.x_opt)
    result = outcome(messages)
    return Mechanism(
        model,
        messages,
        result.x,
        result.payments,
        float(result.payments.sum()),
        float(largest_gain(model, messages).gain),
        vp,
        model.social_cost(result.x),
        np.array([model.social_cost(loner.x) for loner in vp.loners]),
    )


@dataclass(frozen=True, eq=False)
class Remedies:
    """One network solved without intervention, at the optimum and under each remedy.

    ``nash`` uninsured firms, ``optimum`` the planner minimising the social cost,
    ``insurance`` a market at loading ``lam``, ``liability`` Ogut et al.'s liability rule
    (generalised) with that market, ``liability_alone`` the rule without insurance,
    ``mechanism`` Naghizadeh & Liu's mechanism (:func:`mechanism`).
    """

    firms: Firms
    lam: float
    nash: Outcome
    optimum: Outcome
    insurance: Outcome
    liability: Outcome
    liability_alone: Outcome
    mechanism: Mechanism

    def outcome(self, remedy: str) -> Outcome:
        """The outcome of ``remedy`` (one of :data:`REMEDIES`, or "nash", "optimum")."""
        validate.one_of("remedy", remedy, REMEDIES + ("nash", "optimum"))
        key = {"liability without insurance": "liability_alone"}.get(remedy, remedy)
        return getattr(self, key)

    def gap_closed(self, remedy: str) -> float:
        """(S_nash - S_remedy) / (S_nash - S_opt) for ``remedy`` (one of :data:`ALL_REMEDIES`)."""
        cost = self.mechanism.social_cost if remedy == MECHANISM else self.outcome(remedy).social_cost
        return float(self._closed(cost))

    def _closed(self, cost: float | Array) -> Array:
        gap = self.nash.social_cost - self.optimum.social_cost
        return np.asarray((self.nash.social_cost - np.asarray(cost)) / gap)

    def gap_closed_if_out(self) -> Array:
        """Per firm k: the gap closed when k stays out of the mechanism and the others join."""
        return self._closed(self.mechanism.loner_social_cost)

    def worst_defection(self) -> float:
        """The smallest gap closed when one firm that would rather stay out (VP fails) does; 1 if none would."""
        out = ~self.mechanism.participation.vp
        return float(self.gap_closed_if_out()[out].min()) if out.any() else 1.0


def remedies(firms: Firms, *, lam: float = LAM) -> Remedies:
    """Solve ``firms`` without intervention, at the optimum and under each remedy (ours).

    Every equilibrium is certified by the global best-reply check of
    :mod:`replication.heterogeneous.equilibrium`; raises ``ValueError`` if one is not, or
    if the optimum is not below the Nash social cost (nothing to close).
    """
    lam = validate.nonnegative("lam", lam)
    out = Remedies(
        firms,
        lam,
        nash_equilibrium(firms, insured=False, lam=0.0),
        planner(firms, insured=False, lam=0.0),
        nash_equilibrium(firms, insured=True, lam=lam),
        liability(firms, insured=True, lam=lam),
        liability(firms, insured=False, lam=0.0),
        mechanism(firms),
    )
    for name in ("nash", "insurance", "liability", "liability_alone"):
        if not getattr(out, name).nash:
            raise ValueError(f"the {name} outcome failed the global best-reply check")
    if not out.optimum.social_cost < out.nash.social_cost:
        raise ValueError("the optimum's social cost is not below the Nash cost: no gap to close")
    return out


def study(*, seeds: range = SEEDS, n: int = FIRMS, lam: float = LAM) -> dict[str, list[float]]:
    """Gap closed by each remedy and the Nash and optimal social costs over drawn networks (cached).

    Keys: ``seed``, ``nash_cost``, ``optimum_cost``, ``nash_investment``,
    ``optimum_investment``, one per remedy of :data:`ALL_REMEDIES`, and for the mechanism
    ``joiners`` (firms for which voluntary participation holds), ``budget`` (sum of its net
    payments), ``budget_slack`` (the VP budget slack), ``deviation_gain`` and
    ``worst_defection`` (:meth:`Remedies.worst_defection`).
    """

    def compute() -> dict[str, list[float]]:
        rows: dict[str, list[float]] = {
            k: []
            for k in (
                "seed",
                "nash_cost",
                "optimum_cost",
                "nash_investment",
                "optimum_investment",
                *ALL_REMEDIES,
                "joiners",
                "budget",
                "budget_slack",
                "deviation_gain",
                "worst_defection",
            )
        }
        for seed in seeds:
            R = remedies(draw_network(seed, n=n), lam=lam)
            rows["seed"].append(float(seed))
            rows["nash_cost"].append(R.nash.social_cost)
            rows["optimum_cost"].append(R.optimum.social_cost)
            rows["nash_investment"].append(float(R.nash.z.sum()))
            rows["optimum_investment"].append(float(R.optimum.z.sum()))
            for remedy in ALL_REMEDIES:
                rows[remedy].append(float(R.gap_closed(remedy)))
            M = R.mechanism
            rows["joiners"].append(float(M.joiners))
            rows["budget"].append(M.budget)
            rows["budget_slack"].append(M.participation.budget_slack)
            rows["deviation_gain"].append(M.deviation_gain)
            rows["worst_defection"].append(R.worst_defection())
        return rows

    return cached("beyond_study", {"seeds": (seeds.start, seeds.stop, seeds.step), "n": n, "lam": lam}, compute)
