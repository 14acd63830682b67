"""Shim (2012), Section III without insurance: total risk, the efficiency of investment and the
instability remark of Section 3.1.3 (chapter *Security investment without insurance*)."""

from __future__ import annotations

from itertools import product

from replication.ledger import ClaimResult, claim
from replication.ledger.verdicts import Tally, verdict
from replication.shim2012.claims.common import _COMPLETE, _P, GRID, NO_INSURANCE, _both_regimes, point_label, result
from replication.shim2012.model.game import (
    Equilibrium,
    equilibria,
    structure,
)
from replication.shim2012.studies.grid import (
    FAMILIES,
    LOSS,
    grid,
)

# -- Section 3.3: total risk and premiums ---------------------------------------------


@claim(
    "shim2012:total_risk_untargeted",
    quantifier="all",
    failure_kind="substantive",
    label="Section 3.3, text",
    chapter=NO_INSURANCE,
    location="Section 3.3, text after Proposition 1",
    statement="Although they invest less, firms facing untargeted attacks carry a higher total breach "
    "probability than firms with independent risks: $P^p>P^o$ (and $P^{pI}>P^{oI}$).",
    contrast="the reversed inequality $P^o>P^p$ on the same equilibria",
)
def total_risk_untargeted(contrast: bool = False) -> ClaimResult:
    hi, lo = ("independent", "untargeted") if contrast else ("untargeted", "independent")
    return _both_regimes(
        lambda pt, i: _P(pt, hi, i) > _P(pt, lo, i),
        lambda pt, i: f"$P$ {_P(pt, hi, i):.4f} vs {_P(pt, lo, i):.4f}",
        f"$P$ ({hi}) $>$ $P$ ({lo})",
        _COMPLETE,
    )


# -- Section 3.3: efficiency and controllability -----------------------------------------

EFFICIENCY_Z = (0.05, 0.2, 0.5)
EFFICIENCY_Q = (0.2, 0.5, 1.0)


@claim(
    "shim2012:efficiency_of_investment",
    quantifier="all",
    failure_kind="misprint",
    label="Section 3.3, text",
    chapter=NO_INSURANCE,
    location="Section 3.3, text after Table 1",
    statement="For identical firms, untargeted attacks cut the risk a firm controls from $p(z_1)$ to "
    "$p(z_1)[1-qp(z_2)]$ and the efficiency of its investment from $|p'(z_1)|$ to "
    "$|p'(z_1)|[1-qp(z_2)]$ (the paper prints $|p(z_1)[1-qp(z_2)]|$, dropping the prime), while "
    "targeted attacks leave the breach probability at $p(z_1)$ and double the efficiency to "
    "$|2p'(z_1)|$.",
    contrast="the same check at unequal investments, $z_2=1.5\\,z_1$ (the firms are no longer symmetric)",
)
def efficiency_of_investment(contrast: bool = False) -> ClaimResult:
    """Numerical derivatives of the breach structures (not their closed forms) at z1 = z2."""
    h, checked, failed = 1e-6, 0, []
    for breach, z, q in product(FAMILIES, EFFICIENCY_Z, EFFICIENCY_Q):
        z2 = 1.5 * z if contrast else z
        p, dp = float(breach.p(z)), float(breach.dp(z))
        un, tg = structure("untargeted", q=q), structure("targeted")
        d_un = float(un.P(breach, z + h, z2) - un.P(breach, z - h, z2)) / (2 * h)
        d_tg = float(tg.P(breach, z + h, z2) - tg.P(breach, z - h, z2)) / (2 * h)
        controlled = float(un.P(breach, z, z2)) - q * float(breach.p(z2))
        pz2 = float(breach.p(z2))
        ok = (
            abs(controlled - p * (1 - q * pz2)) < 1e-12
            and abs(d_un - dp * (1 - q * pz2)) < 1e-6 * abs(dp)
            and abs(d_un) < abs(dp)
            and abs(float(tg.P(breach, z, z2)) - p) < 1e-12
            and abs(d_tg - 2 * dp) < 1e-6 * abs(dp)
        )
        checked += 1
        if not ok:
            failed.append(
                f"$p={breach.label}$, $z_1={z:g}$, $z_2={z2:g}$, $q={q:g}$: targeted $P_1="
                f"{float(tg.P(breach, z, z2)):.4f}$ vs $p(z_1)={p:.4f}$, $\\partial P_1/\\partial z_1="
                f"{d_tg:.4f}$ vs $2p'={2 * dp:.4f}$"
            )
    return result(
        "controllable risk, efficiency $|\\partial P_1/\\partial z_1|$ and targeted risk as stated",
        checked,
        failed,
        f"{len(FAMILIES)} breach families x $z_1\\in\\{{0.05, 0.2, 0.5\\}}$ x "
        f"$q\\in\\{{0.2, 0.5, 1\\}}$, $z_2={'1.5z_1' if contrast else 'z_1'}$",
    )


# -- Section 3.1.3: targeted attacks may create instability ------------------------------


@claim(
    "shim2012:targeted_instability",
    quantifier="some",
    failure_kind="substantive",
    label="Section 3.1.3 (instability)",
    chapter=NO_INSURANCE,
    location="Section 3.1.3, first paragraph",
    statement="The focus of attackers on a single target may create instability in the network, "
    "something akin to an arms race among targets.",
    reading="instability read as: the symmetric level that solves the first-order condition (eq 7, or "
    "eq 13 insured) is not an equilibrium, because a firm gains by deviating from it (e.g. by investing "
    "nothing); checked for some instance of the grid, with or without insurance",
    contrast="the same check on untargeted attacks, whose roots are all equilibria",
)
def targeted_instability(contrast: bool = False) -> ClaimResult:
    case = "untargeted" if contrast else "targeted"
    examples: list[str] = []
    settled: list[str] = []
    first: dict[str, object] = {}
    checked = 0
    for pt in grid():
        for insured in (False, True):
            checked += 1
            if (case, insured, False) not in pt.uncertified:
                settled.append(f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}")
            else:
                found = equilibria(pt.breach, case=case, insured=insured, L=LOSS, r=pt.r, q=pt.q, lam=pt.lam)
                roots = [e for e in found if e.corner is None]
                worst = max(roots, key=lambda e: e.deviation.gain)
                first = first or {
                    "instance": f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}",
                    "root": worst.z,
                    "root_cost": worst.deviation.candidate_cost,
                    "deviation": worst.deviation.z,
                    "deviation_cost": worst.deviation.cost,
                }
                examples.append(
                    f"{case}, {'insured' if insured else 'uninsured'}, {point_label(pt)}: at the root "
                    f"$z={worst.z:.4f}$, {md_deviation(worst)}"
                )
    holds = len(examples)
    return verdict(
        "some",
        [Tally("instances with no equilibrium", checked, tuple(settled))],
        what=f"{case} instances whose every symmetric root fails the global best-reply check",
        checked_over=f"the {case} case on {GRID}, with and without insurance",
        unit="instances",
        note=(f"for example {examples[0]}" if examples else "every root is an equilibrium"),
        instances_without_equilibrium=holds,
        examples=examples[:5],
        first_example=first,
    )


def md_deviation(eq: Equilibrium) -> str:
    """The profitable deviation from a root, in words, for a claim's evidence."""
    d = eq.deviation
    return (
        f"investing $z_1={d.z:.4f}$ instead costs {d.cost:.4f} against {d.candidate_cost:.4f} "
        "(the firm's Taylor-step cost)"
    )
