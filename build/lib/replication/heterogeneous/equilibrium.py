"""Nash equilibrium, social optimum and liability for n unequal firms (our generalisation).

Each firm i chooses its investment z_i >= 0 (and, with an insurance market, its cover)
taking the others' investments as given.

* ``utility="taylor"`` (the papers' Taylor step, :mod:`replication.security.taylor`): the
  firm's marginal condition is, uninsured, dP_i/dz_i = -1/L_i + r_i (1 - P_i) (Shim eqs 3,
  5-7), and insured dP_i/dz_i = -1/((1+lam) L_i) with cover
  I_i = L_i - lam / (r_i (1+lam)(1-P_i)) (Shim eqs 9-14, Ogut eqs 9-10, 21-22).  Where the
  cover formula is <= 0 the firm buys none (``corner``) and its investment follows the
  uninsured condition, as in :func:`replication.ogut2005.model.game.solve_with_corners`; the
  effective marginal residual is then the larger of the two residuals.  The firm's
  objective is the cost whose derivative is this condition (our derivation): insured
  C_i = z_i + (1+lam) L_i P_i, uninsured C_i = L_i P_i + z_i - r_i L_i int_0^{z_i} (1 - P_i) ds,
  i.e. C_i(b) - C_i(a) = K_i int_a^b g_i(s) ds with g_i the residual and K_i = (1+lam) L_i
  (insured) or L_i (uninsured).
* ``utility="cara"`` (exact CARA utility, :mod:`replication.security.cara`): cover
  :func:`~replication.security.cara.chosen_cover`, marginal condition
  :func:`~replication.security.cara.investment_residual`, objective the certainty-equivalent
  cost z_i + (1+lam) P_i I_i + ln(1 + P_i (exp(r_i (L_i - I_i)) - 1)) / r_i (our derivation).

**Certification.**  An outcome's ``nash`` flag is a global best-reply check: for every firm,
every local minimum of its own objective over z_i >= 0 (the corner z_i = 0 and each
stationary point, found as sign changes of g_i on a geometric grid up to a bound where
the firm's marginal effect vanishes, refined by Brent's method) is compared with its
choice, costs by ``scipy.integrate.quad`` (Taylor) or directly (CARA); the cover is the
firm's optimal cover at each z_i.  No unilateral deviation may gain more than 1e-9 L_i.

**Planner** (ours): minimises the sum of the firms' costs sum_i [z_i + w_i P_i(z)] with
w_i = (1+lam) L_i insured (the premium-inclusive Taylor-step cost, Ogut eq 14 for identical
firms) and w_i = L_i uninsured (expected total loss plus investment); with
``utility="cara"`` the sum of the certainty-equivalent costs.  Solved by exact coordinate
descent (each coordinate's global minimum on its own grid).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import IntegrationWarning, quad
from scipy.optimize import minimize

from replication.core import validate
from replication.heterogeneous.firms import Array, Firms
from replication.numerics.solvers import ConvergenceError, NoInteriorSolution, kkt_residual, root_in
from replication.security import cara
from replication.security.taylor import cover as taylor_cover

#: Ways a firm evaluates risk: the papers' Taylor step or exact CARA utility.
UTILITIES = ("taylor", "cara")
_GRID = 400
_TOL = 1e-12


@dataclass(frozen=True, eq=False)
class Outcome:
    """An investment profile of n firms and what goes with it.

    ``z`` investments, ``I`` covers (0 where uninsured or at a corner), ``P`` the breach
    probabilities the firms' costs use (the liability-inclusive Pi_i under liability),
    ``breach_probability`` the true total breach probabilities, ``nash`` the global
    best-reply certificate (module docstring), ``gains`` each firm's largest gain from a
    unilateral deviation, ``residual`` the KKT residual of the solved conditions
    (dimensionless marginal cost), ``corner`` True where the cover formula is <= 0,
    ``social_cost`` sum_i (z_i + L_i P_i) over the true breach probabilities (expected
    loss plus investment), ``kind`` "nash", "planner" or "liability".

    Attributes
    ----------
    z : ndarray, shape (n,)
        The investments (money).
    I : ndarray, shape (n,)
        The covers (money; 0 where uninsured or at a corner).
    P : ndarray, shape (n,)
        The breach probabilities the firms' costs use.
    breach_probability : ndarray, shape (n,)
        The true total breach probabilities.
    nash : bool
        The global best-reply certificate.
    gains : ndarray, shape (n,)
        Each firm's largest gain from a unilateral deviation.
    residual : float
        The KKT residual of the solved conditions.
    corner : ndarray of bool, shape (n,)
        Where the cover formula is <= 0.
    social_cost : float
        sum_i (z_i + L_i P_i) over the true breach probabilities (money).
    kind : str
        ``"nash"``, ``"planner"`` or ``"liability"``.
    insured : bool
        Whether the insurance market was open.
    lam : float
        The loading.
    utility : str
        ``"taylor"`` or ``"cara"``.
    iterations : int
        The solver's sweeps.

    Examples
    --------
    >>> from replication.heterogeneous import nash_equilibrium
    >>> from replication.security import ExponentialBreach
    >>> from replication.heterogeneous import Firms
    >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> eq = nash_equilibrium(firms, insured=True, lam=0.2)
    >>> eq.kind, eq.nash, eq.z.round(4).tolist(), eq.I.round(4).tolist(), round(eq.social_cost, 4)
    ('nash', True, [0.1966, 0.1966, 0.1966], [0.5397, 0.5397, 0.5397], 1.4171)
    """

    z: Array
    I: Array
    P: Array
    breach_probability: Array
    nash: bool
    gains: Array
    residual: float
    corner: NDArray[np.bool_]
    social_cost: float
    kind: str
    insured: bool
    lam: float
    utility: str
    iterations: int = field(default=0)


@dataclass(frozen=True)
class _Regime:
    insured: bool
    lam: float
    utility: str
    liable: bool


def _regime(firms: Firms, insured: bool, lam: float, utility: str, liable: bool = False) -> _Regime:
    validate.instance("firms", firms, Firms, "a Firms network (replication.heterogeneous.Firms)")
    return _Regime(
        validate.flag("insured", insured),
        validate.nonnegative("lam (the insurance loading)", lam),
        validate.one_of("utility", utility, UTILITIES),
        liable,
    )


def _covers(firms: Firms, P: Array, reg: _Regime) -> tuple[Array, NDArray[np.bool_]]:
    """Each firm's cover at breach probabilities P and the corner flags (I = 0 where the formula is <= 0)."""
    if not reg.insured:
        return np.zeros(firms.n), np.zeros(firms.n, dtype=bool)
    if (P >= 1.0).any():
        raise ValueError("a firm's loss probability reached 1 (liability exposure too large): no cover is defined")
    if reg.utility == "cara":
        raw = np.array([cara.exact_cover(P[i], L=firms.L[i], r=firms.r[i], lam=reg.lam) for i in range(firms.n)])
    else:
        raw = np.array([taylor_cover(P[i], L=firms.L[i], r=firms.r[i], lam=reg.lam) for i in range(firms.n)])
    corner = raw <= 0.0
    return np.where(corner, 0.0, raw), corner


def _marginal(firms: Firms, i: int, z: Array, reg: _Regime) -> Callable[[Array], Array]:
    """g_i(s): firm i's marginal residual in its own investment (zero at a stationary point)."""
    L, r, lam = firms.L[i], firms.r[i], reg.lam

    def g(s: Array) -> Array:
        P, dP = firms.own(i, s, z, liable=reg.liable)
        if reg.utility == "cara":
            I = cara.chosen_cover(P, L=L, r=r, lam=lam)[0] if reg.insured else 0.0
            return np.asarray(cara.investment_residual(dP, P, I, L=L, r=r, lam=lam))
        un = dP + 1.0 / L - r * (1.0 - P)
        return np.maximum(dP + 1.0 / ((1.0 + lam) * L), un) if reg.insured else un

    return g


def _cost_change(firms: Firms, i: int, z: Array, reg: _Regime, a: float, b: float) -> float:
    """C_i(b) - C_i(a) for firm i with the others at z_{-i}."""
    if a == b:
        return 0.0
    if reg.utility == "cara":
        L, r, lam = firms.L[i], firms.r[i], reg.lam

        def ce(s: float) -> float:
            P = float(firms.own(i, np.array(s), z, liable=reg.liable)[0])
            I = float(cara.chosen_cover(P, L=L, r=r, lam=lam)[0]) if reg.insured else 0.0
            return s + (1.0 + lam) * P * I + float(np.log1p(P * np.expm1(r * (L - I)))) / r

        return ce(b) - ce(a)
    g = _marginal(firms, i, z, reg)
    K = (1.0 + reg.lam) * firms.L[i] if reg.insured else firms.L[i]
    lo, hi = min(a, b), max(a, b)
    # split at geometric knots so quad sees each scale of the integrand (and the kink where the cover
    # formula crosses zero) on its own piece
    knots = np.unique(np.concatenate(([lo, hi], np.geomspace(max(lo, 1e-9 * hi), hi, 24))))
    total = 0.0
    with warnings.catch_warnings():  # roundoff near a root is reported as "bad behaviour"; pieces are smooth
        warnings.simplefilter("ignore", IntegrationWarning)
        for u, v in zip(knots[:-1], knots[1:]):
            total += quad(lambda s: float(g(np.array(s))), u, v, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
    return float(K * (total if b > a else -total))


def _local_minima(firms: Firms, i: int, z: Array, reg: _Regime) -> tuple[list[float], bool]:
    """Every local minimum of firm i's own objective on z_i >= 0, and whether it keeps falling past the bound."""
    g = _marginal(firms, i, z, reg)
    hi = firms.bound(i, z, price=1.0 / ((1.0 + reg.lam) * firms.L[i]))
    grid = np.concatenate(([0.0], np.geomspace(hi * 1e-9, hi, _GRID)))
    values = np.asarray(g(grid), dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"firm {i}'s marginal condition is not finite on [0, {hi:g}]")
    minima = [0.0] if values[0] >= 0.0 else []
    scalar = lambda s: float(g(np.array(s)))
    for k in np.flatnonzero((values[:-1] < 0.0) & (values[1:] >= 0.0)):
        minima.append(grid[k + 1] if values[k + 1] == 0.0 else root_in(scalar, grid[k], grid[k + 1], firms.scale[i]))
    falling = bool(values[-1] < 0.0)
    if falling:
        minima.append(float(hi))
    return minima, falling


def _best_reply(firms: Firms, i: int, z: Array, reg: _Regime) -> float:
    minima, falling = _local_minima(firms, i, z, reg)
    if falling:
        raise NoInteriorSolution(
            f"firm {i} has no best reply: its cost keeps falling as it invests more (under the Taylor step "
            "without insurance this happens when r L (1 - P) > 1)"
        )
    if len(minima) == 1:
        return minima[0]
    costs = [_cost_change(firms, i, z, reg, minima[0], m) for m in minima]
    return minima[int(np.argmin(costs))]


def best_reply_gains(
    firms: Firms, z: Array, *, insured: bool, lam: float, utility: str = "taylor", liable: bool = False
) -> Array:
    """Each firm's largest cost saving from a unilateral deviation over z_i >= 0 (and its cover).

    The global best-reply check of the module docstring at the profile ``z``; a profile is a
    Nash equilibrium when every gain is <= 1e-9 L_i.  A firm whose cost falls without bound
    gets ``inf``.  Raises ``ValueError``/``TypeError`` naming the argument for bad inputs.

    Parameters
    ----------
    firms : Firms
        The network of firms.
    z : ndarray, shape (n,)
        The profile checked (money).
    insured : bool
        Whether an insurance market is open.
    lam : float
        The loading: cover costs (1 + lam) P_i per unit, lam >= 0.
    utility : {"taylor", "cara"}, default "taylor"
        The papers' Taylor-step objective or exact CARA utility.
    liable : bool, default False
        Whether each firm is liable for the breaches it passes on.

    Returns
    -------
    ndarray, shape (n,)
        Each firm's largest cost saving (``inf`` where its cost falls without bound).

    Raises
    ------
    ValueError, TypeError
        Bad inputs, naming the argument.

    Examples
    --------
    >>> from replication.heterogeneous import best_reply_gains, planner
    >>> from replication.security import ExponentialBreach
    >>> from replication.heterogeneous import Firms
    >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> best = planner(firms, insured=True, lam=0.2)
    >>> best_reply_gains(firms, best.z, insured=True, lam=0.2).round(4).tolist()  # the optimum is no equilibrium
    [0.0167, 0.0167, 0.0167]
    """
    reg = _regime(firms, insured, lam, utility, validate.flag("liable", liable))
    z = firms.investments(z)
    gains = np.zeros(firms.n)
    for i in range(firms.n):
        minima, falling = _local_minima(firms, i, z, reg)
        if falling:
            gains[i] = np.inf
            continue
        gains[i] = max(0.0, max(-_cost_change(firms, i, z, reg, float(z[i]), m) for m in minima))
    return gains


def _nash_residual(firms: Firms, z: Array, reg: _Regime) -> float:
    grads = []
    for i in range(firms.n):
        K = (1.0 + reg.lam) * firms.L[i] if reg.insured else firms.L[i]
        grads.append(K * float(_marginal(firms, i, z, reg)(np.array(z[i]))))
    return kkt_residual(z / firms.scale, np.array(grads))


def _outcome(firms: Firms, z: Array, reg: _Regime, kind: str, residual: float, iterations: int) -> Outcome:
    true_P = firms.P(z)
    P = firms.direct(z) * firms.liability_exposure(z) if reg.liable else true_P
    I, corner = _covers(firms, P, reg)
    gains = best_reply_gains(firms, z, insured=reg.insured, lam=reg.lam, utility=reg.utility, liable=reg.liable)
    return Outcome(
        z=z,
        I=I,
        P=P,
        breach_probability=true_P,
        nash=bool((gains <= 1e-9 * firms.L).all()),
        gains=gains,
        residual=residual,
        corner=corner,
        social_cost=float(np.sum(z + firms.L * true_P)),
        kind=kind,
        insured=reg.insured,
        lam=reg.lam,
        utility=reg.utility,
        iterations=iterations,
    )


def _start(firms: Firms, z0: Array | None) -> Array:
    return firms.scale.copy() if z0 is None else firms.investments(z0, "z0")


def _solve_nash(firms: Firms, reg: _Regime, z0: Array | None, max_iter: int) -> tuple[Array, float, int]:
    """Damped Gauss-Seidel best-response iteration (damping halves after every 100 sweeps)."""
    z = _start(firms, z0)
    step = 1.0
    for it in range(1, max_iter + 1):
        change = 0.0
        for i in range(firms.n):
            new = (1.0 - step) * z[i] + step * _best_reply(firms, i, z, reg)
            change = max(change, abs(new - z[i]) / firms.scale[i])
            z[i] = new
        if change <= _TOL:
            return z, _nash_residual(firms, z, reg), it
        if it % 100 == 0:
            step *= 0.5
    raise ConvergenceError(f"best-response iteration over {firms.n} firms", _nash_residual(firms, z, reg))


def nash_equilibrium(
    firms: Firms,
    *,
    insured: bool,
    lam: float,
    utility: str = "taylor",
    z0: Array | None = None,
    max_iter: int = 1000,
) -> Outcome:
    """The Nash equilibrium of n unequal firms, certified by a global best-reply check.

    Solves each firm's condition (module docstring; Shim eqs 3-7, 9-14 and Ogut eqs 9-10,
    21-22 generalised, our derivation) by Gauss-Seidel iteration of global best replies
    from ``z0`` (default: each firm's breach scale).  ``insured`` opens an insurance market
    at loading ``lam`` (price (1+lam) P_i per unit of cover); ``utility`` is ``"taylor"``
    (the papers) or ``"cara"`` (exact).  Raises ``ConvergenceError`` with the residual when
    the iteration does not settle, ``NoInteriorSolution`` when a firm has no best reply,
    ``ValueError``/``TypeError`` naming the argument for bad inputs.

    Parameters
    ----------
    firms : Firms
        The network of firms.
    insured : bool
        Whether an insurance market is open.
    lam : float
        The loading: cover costs (1 + lam) P_i per unit, lam >= 0.
    utility : {"taylor", "cara"}, default "taylor"
        The papers' Taylor-step objective or exact CARA utility.
    z0 : ndarray, shape (n,), optional
        The starting profile (default: each firm's breach scale).
    max_iter : int, default 1000
        The most Gauss-Seidel sweeps.

    Returns
    -------
    Outcome
        The equilibrium profile, certified (``nash``) by the global best-reply check.

    Raises
    ------
    ConvergenceError
        The iteration does not settle (with its residual).
    NoInteriorSolution
        A firm has no best reply.
    ValueError, TypeError
        Bad inputs, naming the argument.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> f = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> eq = nash_equilibrium(f, insured=True, lam=0.2)
    >>> eq.nash, round(float(eq.z[0]), 6)
    (True, 0.196619)
    """
    reg = _regime(firms, insured, lam, utility)
    max_iter = validate.integer_at_least("max_iter", max_iter, 1)
    z, residual, its = _solve_nash(firms, reg, z0, max_iter)
    return _outcome(firms, z, reg, "nash", residual, its)


def liability(
    firms: Firms,
    *,
    insured: bool = True,
    lam: float,
    utility: str = "taylor",
    z0: Array | None = None,
    max_iter: int = 1000,
) -> Outcome:
    """The Nash equilibrium when each firm is liable for the breaches it passes on (our generalisation).

    Firms weigh the liability-inclusive loss probability Pi_i of
    :mod:`replication.heterogeneous.firms` (Ogut et al. eqs 16-17 for two identical firms, as
    read in :func:`replication.ogut2005.model.liability.liability`).  ``P`` of the result is Pi_i;
    ``breach_probability`` the true risk.  Untargeted networks only (``ValueError``
    otherwise); other arguments and errors as :func:`nash_equilibrium`.

    Parameters
    ----------
    firms : Firms
        An untargeted network of firms.
    insured : bool, default True
        Whether an insurance market is open.
    lam : float
        The loading, lam >= 0.
    utility, z0, max_iter
        As :func:`nash_equilibrium`.

    Returns
    -------
    Outcome
        The equilibrium under liability (``kind`` is ``"liability"``).

    Raises
    ------
    ValueError
        A targeted network, or bad inputs as :func:`nash_equilibrium`.
    ConvergenceError, NoInteriorSolution, TypeError
        As :func:`nash_equilibrium`.

    Examples
    --------
    >>> from replication.heterogeneous import liability
    >>> from replication.security import ExponentialBreach
    >>> from replication.heterogeneous import Firms
    >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> eq = liability(firms, lam=0.2)
    >>> eq.kind, eq.nash, eq.z.round(4).tolist()
    ('liability', True, [0.3054, 0.3054, 0.3054])
    """
    reg = _regime(firms, insured, lam, utility, liable=True)
    if firms.structure != "untargeted":
        raise ValueError("liability is defined for untargeted risk only (Ogut et al. eqs 16-17)")
    max_iter = validate.integer_at_least("max_iter", max_iter, 1)
    z, residual, its = _solve_nash(firms, reg, z0, max_iter)
    return _outcome(firms, z, reg, "liability", residual, its)


def _weights(firms: Firms, reg: _Regime) -> Array:
    return (1.0 + reg.lam) * firms.L if reg.insured else firms.L.copy()


def welfare_cost(firms: Firms, z: Array, *, insured: bool, lam: float, utility: str = "taylor") -> float:
    """The planner's objective at ``z`` (module docstring, ours): sum_i z_i + w_i P_i, or the CARA sum.

    Raises ``ValueError``/``TypeError`` naming the argument for bad inputs.

    Parameters
    ----------
    firms : Firms
        The network of firms.
    z : ndarray, shape (n,)
        The investment profile (money).
    insured : bool
        Whether an insurance market is open.
    lam : float
        The loading: cover costs (1 + lam) P_i per unit, lam >= 0.
    utility : {"taylor", "cara"}, default "taylor"
        The papers' Taylor-step objective or exact CARA utility.

    Returns
    -------
    float
        The planner's objective at ``z``.

    Raises
    ------
    ValueError, TypeError
        Bad inputs, naming the argument.

    Examples
    --------
    >>> from replication.heterogeneous import nash_equilibrium, planner, welfare_cost
    >>> from replication.security import ExponentialBreach
    >>> from replication.heterogeneous import Firms
    >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> eq, best = nash_equilibrium(firms, insured=True, lam=0.2), planner(firms, insured=True, lam=0.2)
    >>> [round(welfare_cost(firms, o.z, insured=True, lam=0.2), 4) for o in (eq, best)]
    [1.5826, 1.5118]
    """
    reg = _regime(firms, insured, lam, utility)
    z = firms.investments(z)
    P = firms.P(z)
    if reg.utility == "taylor":
        return float(np.sum(z + _weights(firms, reg) * P))
    I, _ = _covers(firms, P, reg)
    r, L = firms.r, firms.L
    return float(np.sum(z + (1.0 + reg.lam) * P * I + np.log1p(P * np.expm1(r * (L - I))) / r))


def _planner_coordinate(firms: Firms, i: int, z: Array, reg: _Regime) -> float:
    W = lambda s: welfare_cost(
        firms, firms.with_investment(z, i, s), insured=reg.insured, lam=reg.lam, utility=reg.utility
    )
    hi = firms.bound(i, z, price=1.0 / ((1.0 + reg.lam) * firms.L[i]))
    grid = np.concatenate(([0.0], np.geomspace(hi * 1e-9, hi, _GRID)))
    w = _weights(firms, reg)
    h = lambda s: 1.0 + np.asarray(firms.column(i, s, z, w), dtype=float)
    values = h(grid)
    # targeted: a firm at 0 makes its rival's relative protection infinite (a degenerate
    # infimum), so the targeted planner is searched over z > 0 (a local optimum; ours)
    cands = [0.0] if values[0] >= 0.0 and firms.structure == "untargeted" else []
    for k in np.flatnonzero((values[:-1] < 0.0) & (values[1:] >= 0.0)):
        cands.append(root_in(lambda s: float(h(np.array(s))), grid[k], grid[k + 1], firms.scale[i]))
    if not cands:
        raise NoInteriorSolution(
            f"the planner has no interior optimum in firm {i}'s investment"
            + (
                ": under targeted risk its cost falls towards z_i = 0, where the rivals' relative "
                "protection becomes infinite (a degenerate infimum, not an optimum)"
                if firms.structure == "targeted"
                else ""
            )
        )
    if firms.structure == "targeted":  # the local optimum nearest the current point
        return min(cands, key=lambda c: abs(c - z[i]))
    return min(cands, key=W) if len(cands) > 1 else cands[0]


def _independent_start(firms: Firms, reg: _Regime) -> Array:
    """Each firm's own optimum without interdependence, p_i'(z) = -1/w_i (its scale where that has no root)."""
    w = _weights(firms, reg)
    z = firms.scale.copy()
    for i, b in enumerate(firms.breach):
        f = lambda s, b=b, price=1.0 / w[i]: float(b.dp(s)) + price
        if f(0.0) < 0.0:
            hi = firms.bound(i, np.full(firms.n, 1.0), price=1.0 / w[i])
            z[i] = root_in(f, 0.0, hi, firms.scale[i])
    return z


def _planner_residual(firms: Firms, z: Array, reg: _Regime) -> float:
    if reg.utility == "taylor":
        w = _weights(firms, reg)
        grad = np.array([1.0 + float(firms.column(i, np.array(z[i]), z, w)) for i in range(firms.n)])
    else:
        grad = np.zeros(firms.n)
        for i in range(firms.n):
            h = 1e-6 * firms.scale[i]
            lo = max(z[i] - h, 0.0)
            up_z, lo_z = firms.with_investment(z, i, z[i] + h), firms.with_investment(z, i, lo)
            grad[i] = (
                welfare_cost(firms, up_z, insured=reg.insured, lam=reg.lam, utility="cara")
                - welfare_cost(firms, lo_z, insured=reg.insured, lam=reg.lam, utility="cara")
            ) / (z[i] + h - lo)
    return kkt_residual(z / firms.scale, grad)


def _cara_planner(firms: Firms, reg: _Regime, z0: Array | None, max_iter: int) -> Outcome:
    """Exact CARA planner: L-BFGS-B on the sum of certainty-equivalent costs from the Taylor-step optimum."""
    start = _start(firms, z0) if z0 is not None else planner(firms, insured=reg.insured, lam=reg.lam).z
    W = lambda x: welfare_cost(firms, x * firms.scale, insured=reg.insured, lam=reg.lam, utility="cara")
    res = minimize(
        W,
        start / firms.scale,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * firms.n,
        options={"maxiter": max_iter, "ftol": 1e-15, "gtol": 1e-11},
    )
    z = np.asarray(res.x, dtype=float) * firms.scale  # L-BFGS-B keeps x >= 0
    residual = _planner_residual(firms, z, reg)
    if residual > 1e-6:
        raise ConvergenceError(f"L-BFGS-B on the exact CARA planner over {firms.n} firms", residual)
    return _outcome(firms, z, reg, "planner", residual, int(res.nit))


def planner(
    firms: Firms,
    *,
    insured: bool,
    lam: float,
    utility: str = "taylor",
    z0: Array | None = None,
    max_iter: int = 2000,
) -> Outcome:
    """The social optimum: z minimising the sum of the firms' costs (module docstring; ours).

    For identical untargeted firms and positive covers this is Ogut et al.'s planner
    (eq 14, :func:`replication.ogut2005.model.game.planner`).  ``nash`` of the result says
    whether the optimum is also an equilibrium (usually not: the gap remedies close).
    Raises ``ConvergenceError`` with the residual when coordinate descent does not settle,
    ``ValueError``/``TypeError`` naming the argument for bad inputs.

    Parameters
    ----------
    firms : Firms
        The network of firms.
    insured : bool
        Whether an insurance market is open.
    lam : float
        The loading: cover costs (1 + lam) P_i per unit, lam >= 0.
    utility : {"taylor", "cara"}, default "taylor"
        The papers' Taylor-step objective or exact CARA utility.
    z0 : ndarray, shape (n,), optional
        The starting profile.
    max_iter : int, default 2000
        The most coordinate-descent sweeps.

    Returns
    -------
    Outcome
        The optimum (``kind`` is ``"planner"``); ``nash`` says whether it is also an equilibrium.

    Raises
    ------
    ConvergenceError
        Coordinate descent does not settle (with its residual).
    ValueError, TypeError
        Bad inputs, naming the argument.

    Examples
    --------
    >>> from replication.heterogeneous import planner
    >>> from replication.security import ExponentialBreach
    >>> from replication.heterogeneous import Firms
    >>> firms = Firms.identical(ExponentialBreach(0.5, 5.0), L=1.0, r=0.5, q=0.3, n=3)
    >>> best = planner(firms, insured=True, lam=0.2)
    >>> best.kind, best.nash, best.z.round(4).tolist(), round(best.social_cost, 4)
    ('planner', False, [0.2933, 0.2933, 0.2933], 1.4065)
    """
    reg = _regime(firms, insured, lam, utility)
    max_iter = validate.integer_at_least("max_iter", max_iter, 1)
    if reg.utility == "cara":
        return _cara_planner(firms, reg, z0, max_iter)
    z = _independent_start(firms, reg) if z0 is None and firms.structure == "targeted" else _start(firms, z0)
    tol = _TOL
    for it in range(1, max_iter + 1):
        change = 0.0
        for i in range(firms.n):
            new = _planner_coordinate(firms, i, z, reg)
            change = max(change, abs(new - z[i]) / firms.scale[i])
            z[i] = new
        if change <= tol:
            return _outcome(firms, z, reg, "planner", _planner_residual(firms, z, reg), it)
    raise ConvergenceError(f"coordinate descent of the planner over {firms.n} firms", _planner_residual(firms, z, reg))
