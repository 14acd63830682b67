"""Claims of the chapter "One network, every remedy": ours, not the papers'.

Each check can fail: it recomputes the drawn networks (or the two papers' models) and
counts the cases that contradict the statement.
"""

from __future__ import annotations

import numpy as np

from replication import ogut2005, shim2012
from replication.beyond.model.network import FIRMS, LAM, SEEDS, study
from replication.core.numbers import bound
from replication.ledger.registry import claim
from replication.ledger.results import ClaimResult, status_by_rule
from replication.ledger.verdicts import failures_under
from replication.numerics.solvers import NoInteriorSolution
from replication.security.breach import ExponentialBreach

CHAPTER = "book/beyond/one_network"
WHERE = "Beyond the papers (ours): one network, every remedy"
DRAWS = f"{len(SEEDS)} drawn networks of six unequal firms (seeds {SEEDS.start}-{SEEDS.stop - 1}), loading {LAM}"


@claim(
    "beyond:liability_beats_insurance",
    label="Ours: liability",
    statement="On every drawn network, Ogut et al.'s liability rule (generalised to $n$ firms) together with "
    "the insurance market closes more of the welfare gap than the insurance market alone.",
    location=WHERE,
    contrast="the same comparison for the liability rule without an insurance market",
    chapter=CHAPTER,
    quantifier="all",
    failure_kind="substantive",
)
def liability_beats_insurance(contrast: bool = False) -> ClaimResult:
    s = study()
    rule = "liability without insurance" if contrast else "liability"
    ours, alone = np.asarray(s[rule]), np.asarray(s["insurance"])
    bad = [int(seed) for seed, a, b in zip(s["seed"], ours, alone) if not a > b]
    return ClaimResult(
        status_by_rule(failures_under("all", len(ours) - len(bad), len(ours)), len(ours)),
        f"{rule} closes more of the gap than insurance alone on {len(ours) - len(bad)} of {len(ours)} networks "
        f"(median gap closed {np.median(ours):.3f} against {np.median(alone):.3f}).",
        evidence={"counterexample_seeds": bad, rule: [round(float(x), 6) for x in ours]},
        checked_over=DRAWS,
    )


@claim(
    "beyond:insurance_widens_the_gap",
    label="Ours: insurance alone",
    statement="An insurance market at the papers' loading, without liability, widens the welfare gap (moves "
    "the firms further from the social optimum than no insurance) on at least half of the drawn networks.",
    location=WHERE,
    contrast="the same share for the insurance market with the liability rule",
    chapter=CHAPTER,
    quantifier="share",
    failure_kind="substantive",
)
def insurance_widens_the_gap(contrast: bool = False) -> ClaimResult:
    s = study()
    remedy = "liability" if contrast else "insurance"
    v = np.asarray(s[remedy])
    widened = int(np.sum(v < 0.0))
    return ClaimResult(
        status_by_rule(failures_under("share", widened, int(v.size)), int(v.size)),
        f"{remedy} widens the gap on {widened} of {v.size} networks (the statement needs at least half).",
        evidence={
            "widened": widened,
            "networks": int(v.size),
            "seeds_widened": [int(x) for x, g in zip(s["seed"], v) if g < 0],
        },
        checked_over=DRAWS,
    )


GRID = [(q, lam, r) for q in (0.0, 0.25, 0.5, 0.75, 1.0) for lam in (0.0, 0.1, 0.2, 0.4) for r in (0.3, 0.5, 1.0)]


@claim(
    "beyond:shim_insured_untargeted_is_ogut",
    label="Ours: Shim and Ogut et al.",
    statement="Shim's insured untargeted case is Ogut et al.'s two-firm model: the same investment, cover and "
    "breach probability (to $10^{-10}$) wherever both have an interior equilibrium.",
    location="Shim (2012) Section 3.2.2, eqs 11-12; Ogut et al. (2005) eqs 9-10",
    contrast="Shim's uninsured untargeted case against Ogut et al.'s insured model",
    chapter=CHAPTER,
    quantifier="all",
    failure_kind="substantive",
)
def shim_insured_untargeted_is_ogut(contrast: bool = False) -> ClaimResult:
    breach = ExponentialBreach(0.5, 5.0)
    worst, bad, checked = 0.0, [], 0
    for q, lam, r in GRID:
        o = ogut2005.equilibrium(breach, L=1.0, r=r, q=q, lam=lam, n=2)
        if o.corner:
            continue  # Shim treats interior covers only
        checked += 1
        try:
            s = shim2012.equilibrium(breach, case="untargeted", insured=not contrast, L=1.0, r=r, q=q, lam=lam)
        except NoInteriorSolution as err:  # Shim has no equilibrium where Ogut has one: a mismatch
            bad.append({"q": q, "lam": lam, "r": r, "shim": str(err)[:80]})
            continue
        gap = max(abs(s.z - o.z), abs(s.I - o.I), abs(s.P - o.P))
        worst = max(worst, gap)
        if gap > 1e-10:
            bad.append({"q": q, "lam": lam, "r": r, "gap": gap})
    return ClaimResult(
        status_by_rule(failures_under("all", checked - len(bad), checked), checked),
        f"largest difference in z, I or P over {checked} interior points: {bound(worst)}.",
        evidence={"counterexamples": bad[:5], "largest_difference": worst},
        checked_over=f"p = 0.5 exp(-5z), L = 1, q in 0..1, lam in 0..0.4, r in 0.3..1 ({len(GRID)} points)",
    )


@claim(
    "beyond:mechanism_closes_the_gap_yet_firms_stay_out",
    label="Ours: the mechanism",
    statement="With every firm in, Naghizadeh & Liu's mechanism (on the network's breach probabilities, "
    "risk-neutral firms) closes the whole welfare gap with a balanced budget on every drawn network, yet on "
    "every drawn network at least one firm would rather stay out (voluntary participation fails).",
    location=WHERE,
    contrast="the same check with liability and insurance in place of the mechanism's outcome",
    chapter=CHAPTER,
    quantifier="all",
    failure_kind="substantive",
)
def mechanism_closes_the_gap_yet_firms_stay_out(contrast: bool = False) -> ClaimResult:
    s = study()
    remedy = "liability" if contrast else "mechanism"
    closed = np.asarray(s[remedy])
    budget, gain, joiners = (np.asarray(s[k]) for k in ("budget", "deviation_gain", "joiners"))
    whole = (np.abs(closed - 1.0) <= 1e-9) & (np.abs(budget) <= 1e-12) & (gain <= 1e-9)
    someone_out = joiners < FIRMS
    holds = whole & someone_out
    bad = [int(seed) for seed, ok in zip(s["seed"], holds) if not ok]
    return ClaimResult(
        status_by_rule(failures_under("all", int(holds.sum()), int(holds.size)), int(holds.size)),
        f"{remedy}: the whole gap closed with a balanced budget on {int(whole.sum())} of {whole.size} networks "
        f"(largest |gap closed - 1| {bound(np.max(np.abs(closed - 1.0)))}); at least one firm would stay out of the "
        f"mechanism on {int(someone_out.sum())} of them (firms that would join: "
        f"{int(joiners.min())} to {int(joiners.max())} of {FIRMS}).",
        evidence={
            "counterexample_seeds": bad,
            "largest_gap_error": float(np.max(np.abs(closed - 1.0))),
            "largest_budget": float(np.max(np.abs(budget))),
            "largest_deviation_gain": float(np.max(gain)),
            "joiners": [int(j) for j in joiners],
        },
        checked_over=DRAWS,
    )
