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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from replication.core import validate
from replication.core.cache import cached
from replication.heterogeneous import Firms, Outcome, liability, nash_equilibrium, planner
from replication.security.breach import ExponentialBreach

#: The loading of the insurance market compared (the papers' lam = 0.2).
LAM = 0.2
#: Firms per drawn network, the networks of the study and the network shown in the chapter.
FIRMS = 6
SEEDS = range(24)
SHOWN = 0
#: The remedies in the order the chapter presents them.
REMEDIES = ("insurance", "liability", "liability without insurance")


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
class Remedies:
    """One network solved without intervention, at the optimum and under each remedy.

    ``nash`` uninsured firms, ``optimum`` the planner minimising the social cost,
    ``insurance`` a market at loading ``lam``, ``liability`` Ogut et al.'s liability rule
    (generalised) with that market, ``liability_alone`` the rule without insurance.
    """

    firms: Firms
    lam: float
    nash: Outcome
    optimum: Outcome
    insurance: Outcome
    liability: Outcome
    liability_alone: Outcome

    def outcome(self, remedy: str) -> Outcome:
        """The outcome of ``remedy`` (one of :data:`REMEDIES`, or "nash", "optimum")."""
        validate.one_of("remedy", remedy, REMEDIES + ("nash", "optimum"))
        key = {"liability without insurance": "liability_alone"}.get(remedy, remedy)
        return getattr(self, key)

    def gap_closed(self, remedy: str) -> float:
        """(S_nash - S_remedy) / (S_nash - S_opt) for ``remedy`` (module docstring)."""
        gap = self.nash.social_cost - self.optimum.social_cost
        return (self.nash.social_cost - self.outcome(remedy).social_cost) / gap


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
    ``optimum_investment`` and one per remedy of :data:`REMEDIES`.
    """

    def compute() -> dict[str, list[float]]:
        rows: dict[str, list[float]] = {
            k: [] for k in ("seed", "nash_cost", "optimum_cost", "nash_investment", "optimum_investment", *REMEDIES)
        }
        for seed in seeds:
            R = remedies(draw_network(seed, n=n), lam=lam)
            rows["seed"].append(float(seed))
            rows["nash_cost"].append(R.nash.social_cost)
            rows["optimum_cost"].append(R.optimum.social_cost)
            rows["nash_investment"].append(float(R.nash.z.sum()))
            rows["optimum_investment"].append(float(R.optimum.z.sum()))
            for remedy in REMEDIES:
                rows[remedy].append(R.gap_closed(remedy))
        return rows

    return cached("beyond_study", {"seeds": (seeds.start, seeds.stop, seeds.step), "n": n, "lam": lam}, compute)
