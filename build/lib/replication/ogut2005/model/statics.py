"""Comparative statics of the symmetric insured equilibrium (Ogut et al. 2005, Results 6-9, 13).

All formulas are our reconstruction by implicit differentiation of eqs (21)-(22),

    F(z) = p'(z) S(z) + 1/((1+lam) L) = 0,   S = [1 - q p]^(n-1),
    I = L - lam / (r (1+lam) D),             D = [1 - p] S,

which for n = 2 are eqs (9)-(10).  F'(z) = [1 - qp]^(n-2) H_n with
H_n = p''(1 - qp) - (n-1) q p'^2 (eq 11 for n = 2), so every derivative of z carries the
sign of 1/H_n: the statics need the stable equilibrium (entry `ogut2005:stability_needed`).  They apply to
an interior cover (I > 0); at a corner the uninsured condition governs z instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from replication.core import validate
from replication.security.breach import BreachFunction
from replication.security.taylor import check_parameters


@dataclass(frozen=True)
class Statics:
    """Derivatives of the equilibrium (z, I, premium rate pi) and the loading threshold of eq 12.

    Attributes
    ----------
    H : float
        The curvature term p''(1 - qp) - (n-1) q p'^2 at z.
    dz_dq, dI_dq, dz_dL, dI_dL, dz_dr, dI_dr, dz_dlam, dI_dlam : float
        The derivatives of the investment z and the cover I (Results 6 and 8).
    dpi_dq, dpi_dlam : float
        The derivatives of the premium rate pi (Results 7 and 9).
    dz_dn, dI_dn : float
        The derivatives in the number of firms, n treated as continuous (Result 13).
    lam_bar : float
        The loading threshold of eq 12: dI/dlam > 0 iff lam/(1+lam) > lam_bar.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import equilibrium, statics
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> e = equilibrium(b, L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> s = statics(b, L=1.0, r=0.5, q=0.5, lam=0.1, z=e.z)
    >>> round(s.dz_dq, 4), round(s.dz_dL, 4), s.dz_dr, round(s.lam_bar, 4)
    (-0.0507, 0.2254, 0.0, 2.2039)
    """

    H: float
    dz_dq: float
    dI_dq: float
    dz_dL: float
    dI_dL: float
    dz_dr: float
    dI_dr: float
    dz_dlam: float
    dI_dlam: float
    dpi_dq: float
    dpi_dlam: float
    dz_dn: float
    dI_dn: float
    lam_bar: float


def statics(breach: BreachFunction, *, L: float, r: float, q: float, lam: float, z: float, n: int = 2) -> Statics:
    """Closed-form derivatives at the symmetric insured equilibrium z (our reconstruction).

    Result 6: dz/dq = (n-1) p p' (1-qp)^(n-2) / F', dz/dL = 1/((1+lam) L^2 F'), dz/dr = 0,
    and the cover's derivatives through dI/dD = lam/(r(1+lam)D^2);
    Result 7: dpi/dq = (1+lam)[dB/dq + B_z dz/dq] with B = 1 - D;
    Result 8: dz/dlam = 1/((1+lam)^2 L F'), and dI/dlam > 0 iff lam/(1+lam) > lam_bar with
    lam_bar = L D F'/D_z, which for n = 2 is L(1-p)(1-qp)H/(-p'(1+q-2qp)) (eq 12; see *What we found*,
    entry `ogut2005:loading_threshold_reading`);
    Result 9: dpi/dlam = B + (1+lam) B_z dz/dlam;
    Result 13: dz/dn = -p' S ln(1-qp)/F' (n treated as continuous).
    Here F(z) = p'(z)(1-qp(z))^(n-1) and D = (1-p)(1-qp)^(n-1); ``z`` is the equilibrium
    investment (the formulas assume it solves eq 9/21).

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    L, r, q, lam, n
        As :func:`~replication.ogut2005.model.game.equilibrium`.
    z : float
        The equilibrium investment (money), z > 0.

    Returns
    -------
    Statics
        The derivatives and the threshold lam_bar.

    Raises
    ------
    ValueError
        L <= 0, r <= 0, q outside [0, 1], lam < 0, z <= 0 or n < 2, naming the argument.
    TypeError
        ``breach`` is not a breach family.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.ogut2005 import equilibrium, statics
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> e = equilibrium(b, L=1.0, r=0.5, q=0.5, lam=0.1)
    >>> s = statics(b, L=1.0, r=0.5, q=0.5, lam=0.1, z=e.z)
    >>> round(s.dz_dq, 4), round(s.dz_dL, 4), s.dz_dr
    (-0.0507, 0.2254, 0.0)
    """
    validate.instance("breach", breach, BreachFunction, "a BreachFunction p(z) (e.g. ExponentialBreach)")
    q = validate.in_interval("q", q, 0.0, 1.0)
    L, r, lam = check_parameters(L=L, r=r, lam=lam)
    z = validate.positive("z (the equilibrium investment)", z)
    n = validate.integer_at_least("n", n, 2, validate.MAX_COUNT)
    p, dp, d2p = float(breach.p(z)), float(breach.dp(z)), float(breach.d2p(z))
    m = 1.0 - q * p
    S = m ** (n - 1)
    D = (1.0 - p) * S
    H = d2p * m - (n - 1) * q * dp**2
    Fz = m ** (n - 2) * H  # dF/dz
    Dz = -dp * S - (1.0 - p) * (n - 1) * q * dp * m ** (n - 2)  # dD/dz (> 0)
    Bz = -Dz  # dB/dz along the symmetric line
    load = lam / (r * (1.0 + lam) * D**2)  # dI/dD

    dz_dq = (n - 1) * p * dp * m ** (n - 2) / Fz
    dD_dq = -(1.0 - p) * (n - 1) * p * m ** (n - 2)
    dz_dL = 1.0 / ((1.0 + lam) * L**2 * Fz)
    dz_dlam = 1.0 / ((1.0 + lam) ** 2 * L * Fz)
    dz_dn = -dp * S * np.log(m) / Fz if m < 1.0 else 0.0
    dD_dn = D * np.log(m) if m < 1.0 else 0.0
    B = 1.0 - D
    return Statics(
        H=H,
        dz_dq=dz_dq,
        dI_dq=load * (Dz * dz_dq + dD_dq),
        dz_dL=dz_dL,
        dI_dL=1.0 + load * Dz * dz_dL,
        dz_dr=0.0,
        dI_dr=lam / (r**2 * (1.0 + lam) * D),
        dz_dlam=dz_dlam,
        dI_dlam=-1.0 / (r * (1.0 + lam) ** 2 * D) + load * Dz * dz_dlam,
        dpi_dq=(1.0 + lam) * (-dD_dq + Bz * dz_dq),
        dpi_dlam=B + (1.0 + lam) * Bz * dz_dlam,
        dz_dn=dz_dn,
        dI_dn=load * (Dz * dz_dn + dD_dn),
        lam_bar=L * D * Fz / Dz,
    )
