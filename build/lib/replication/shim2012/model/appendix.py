"""Closed forms of Shim (2012)'s appendix proofs, evaluated at an equilibrium.

They are compared in the claims with the implicit-function derivatives of
:func:`replication.shim2012.model.game.sensitivity`, which do not use them.  H is the slope of
p'(z)[1 - q p(z)] in z, H = p''(1 - qp) - q p'^2 (Ogut et al. 2005, eq 11).
"""

from __future__ import annotations

from replication.shim2012.model.game import Equilibrium


def _derivatives(eq: Equilibrium) -> tuple[float, float, float]:
    b = eq.inputs.breach
    return float(b.p(eq.z)), float(b.dp(eq.z)), float(b.d2p(eq.z))


def stability_term(eq: Equilibrium) -> float:
    """H = p''(1 - qp) - q p'^2 (untargeted), 2p'' (targeted), p'' (independent)."""
    p, dp, d2p = _derivatives(eq)
    q = eq.inputs.q
    return {"untargeted": d2p * (1 - q * p) - q * dp**2, "targeted": 2 * d2p, "independent": d2p}[eq.inputs.case]


def dz_dL(eq: Equilibrium) -> float:
    """Proof of Proposition 3: dz/dL = 1 / ((1+lam) L^2 H) for the insured firm."""
    i = eq.inputs
    return 1.0 / ((1 + i.lam) * i.L**2 * stability_term(eq))


def dI_dp(eq: Equilibrium) -> float:
    """Proof of Proposition 5: dI/dp along the cover rule (eqs 12 and 14/10).

    Untargeted: -lam r(1+lam)[(1-qp) + q(1-p)] / {r(1+lam)(1-p)(1-qp)}^2; targeted and
    independent: -lam(1+lam) r / {r(1+lam)(1-p)}^2 (the print drops this minus sign).
    """
    p, _, _ = _derivatives(eq)
    i = eq.inputs
    k = i.r * (1 + i.lam)
    if i.case == "untargeted":
        return -i.lam * k * ((1 - i.q * p) + i.q * (1 - p)) / (k * (1 - p) * (1 - i.q * p)) ** 2
    return -i.lam * k / (k * (1 - p)) ** 2


def dI_dz(eq: Equilibrium) -> float:
    """Proof of Proposition 5: dI/dz = dI/dp * p'(z) > 0 whenever lam > 0."""
    return dI_dp(eq) * _derivatives(eq)[1]


def dI_dL(eq: Equilibrium) -> float:
    """Proof of Proposition 4: dI/dL = 1 + lam/(r(1+lam)) * D'/D^2 * dz/dL.

    D = (1-p)(1-qp) and D' = -p'(1-qp) - q p'(1-p) (untargeted); D = 1-p, D' = -p'
    (targeted and independent), i.e. 1 - lam/(r(1+lam)) p'/(1-p)^2 dz/dL.
    """
    p, dp, _ = _derivatives(eq)
    i = eq.inputs
    q = i.q if i.case == "untargeted" else 0.0
    D = (1 - p) * (1 - q * p)
    dD = -dp * (1 - q * p) - q * dp * (1 - p)
    return 1.0 + i.lam / (i.r * (1 + i.lam)) * dD / D**2 * dz_dL(eq)


def dp_dz(eq: Equilibrium) -> float:
    """Proof of Proposition 5: p'(z) at the insured equilibrium, from eqs 9, 11 and 13:
    -1/((1+lam)L), -1/([1-qp](1+lam)L) (untargeted), -1/(2(1+lam)L) (targeted)."""
    p, _, _ = _derivatives(eq)
    i = eq.inputs
    factor = {"independent": 1.0, "untargeted": 1.0 - i.q * p, "targeted": 2.0}[i.case]
    return -1.0 / (factor * (1 + i.lam) * i.L)
