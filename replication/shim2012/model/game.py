"""Shim (2012), Section III: two identical firms choose security investment z, with or
without a cyber-insurance market, under three kinds of risk.

* ``"independent"``: P1 = p(z1) (Section 3.1.1 / 3.2.1, eqs 3, 9-10);
* ``"untargeted"``: P1 = 1 - [1 - p(z1)][1 - q p(z2)], a positive externality
  (Sections 3.1.2 / 3.2.2, eqs 4-6, 11-12);
* ``"targeted"``: P1 = p(z1 z1/z2), a negative externality (Sections 3.1.3 / 3.2.3,
  eqs 7, 13-14).

Under the paper's Taylor step (footnote 8) a firm's first-order condition reads
``dP/dz = -1/L + r(1 - P)`` without insurance (eq 3) and ``dP/dz = -1/((1+lam)L)`` with
insurance priced at (1 + lam)P (eq 9), with cover ``I = L - lam/(r(1+lam)(1-P))`` (eq 10).
A symmetric root z of the residual is a *candidate*; it is a Nash equilibrium
(``nash``) only when no firm gains by deviating anywhere in its strategy set, which a
global best-reply check decides (:mod:`replication.security.best_reply`; a root can be a
local maximum of the firm's cost, e.g. under targeted attacks at small z).  A root is *stable* when
the residual crosses zero from below (for insured untargeted firms: H = p''(1-qp) - q p'^2
> 0, Ogut et al. 2005 eq 11, left implicit by Shim).  The social planner weighs the
effect of z1 on both firms' breach probabilities (our reconstruction; Shim discusses the
planner's view only in words).

Corners are solutions too (no cover, no investment: :mod:`replication.security.corners`,
our derivation; the paper treats interior ones only), certified by the same check.

Comparative statics (:func:`sensitivity`) use the implicit-function theorem on the
symmetric residual, dz/dθ = -R_θ/R_z, with the partial derivatives taken numerically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from replication.core import validate
from replication.numerics.solvers import NoInteriorSolution
from replication.security import (
    BreachFunction,
    Independent,
    Structure,
    SymmetricSolution,
    Targeted,
    Untargeted,
)
from replication.security.best_reply import BestReply, cara_best_reply, line_best_reply, taylor_best_reply
from replication.security.cara import exact_symmetric_solutions
from replication.security.corners import zero_investment
from replication.security.taylor import cover_formula, residual_function, solve_validated
from replication.security.vocabulary import FirmResult

Value = float | np.ndarray

#: The three kinds of risk, in the order the paper's Table 1 lists them.
CASES = ("independent", "untargeted", "targeted")
#: Parameters :func:`sensitivity` can vary (the breach family's own, e.g. p0 and a, too).
MODEL_PARAMETERS = ("L", "r", "q", "lam")


@dataclass(frozen=True)
class Inputs:
    """One instance of the model: risk case, market regime, breach family and parameters.

    Built and checked by :func:`validated`; every result carries the one it solves
    (``Equilibrium.inputs``).

    Attributes
    ----------
    case : str
        One of :data:`CASES`.
    insured : bool
        The market regime: insurance available (True) or not.
    breach : BreachFunction
        The breach-probability family p(z).
    L : float
        The loss from a breach (money).
    r : float
        The absolute risk aversion (per unit of money).
    q : float
        The chance a breach of the rival spreads (untargeted case only).
    lam : float
        The insurance loading: the price of cover is (1 + lam)P.
    planner : bool
        Whether the instance is the planner's problem rather than the Nash game.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium
    >>> eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> eq.inputs.case, eq.inputs.lam, eq.inputs.planner
    ('untargeted', 0.2, False)
    """

    case: str
    insured: bool
    breach: BreachFunction
    L: float
    r: float
    q: float = 0.0
    lam: float = 0.0
    planner: bool = False

    @property
    def structure(self) -> Structure:
        """The interdependence structure of the case (independent, untargeted, targeted) at spillover ``q``."""
        return _structure(self.case, self.q)


@dataclass(frozen=True)
class Equilibrium(FirmResult):
    """A symmetric solution z1 = z2 = z of Shim (2012), Table 1, and what goes with it.

    ``I`` is the cover (0 without insurance), ``P`` the breach probability, ``premium_rate``
    the unit price (1 + lam)P, ``residual`` the first-order-condition residual at z,
    ``slope`` its derivative, ``stable`` whether it crosses zero from below, and ``roots``
    every symmetric root found for the same inputs (sorted by z).  ``corner`` names the
    binding bound (None, ``"cover"``, ``"investment"`` or ``"cover and investment"``,
    :mod:`replication.security.corners`; at z = 0, ``residual`` is min(z, R(0)) = 0).

    ``nash`` is True iff no unilateral deviation of one firm over its whole strategy set
    (z1 >= 0, corners included; its cover where insured) lowers its cost under the
    Taylor-step objective the paper solves, and ``deviation`` is that firm's best reply
    (:func:`replication.security.best_reply.taylor_best_reply`).  ``nash_cara`` is the
    verdict beside it without the Taylor step: whether the same instance under exact CARA
    utility has a symmetric equilibrium (a root of
    :func:`replication.security.cara.exact_symmetric_solutions` that passes
    :func:`replication.security.best_reply.cara_best_reply`).  For a planner,
    ``nash`` means the point is the global optimum of the planner's cost along the
    symmetric line (z1 = z2 = z >= 0), and ``nash_cara`` is None.

    Attributes
    ----------
    inputs : Inputs
        The instance solved.
    z : float
        The security investment of each firm (money).
    I : float
        The cover (money; 0 without insurance).
    P : float
        The breach probability at z.
    premium_rate : float
        The unit price of cover, (1 + lam)P.
    residual, slope : float
        The first-order-condition residual at z and its derivative.
    stable : bool
        Whether the residual crosses zero from below.
    roots : tuple of SymmetricSolution
        Every symmetric root found for the same inputs, sorted by z.
    nash : bool
        The global best-reply certificate.
    deviation : BestReply
        One firm's best reply against z.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium
    >>> eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> round(eq.z, 4), round(eq.I, 4), round(eq.P, 4), eq.stable, eq.nash
    (0.2005, 0.5505, 0.2584, True, True)
    """

    inputs: Inputs
    z: float
    I: float
    P: float
    premium_rate: float
    residual: float
    slope: float
    stable: bool
    roots: tuple[SymmetricSolution, ...]
    nash: bool
    deviation: BestReply
    corner: str | None = None

    @cached_property
    def nash_cara(self) -> bool | None:
        """The verdict beside ``nash`` without the Taylor step (None for a planner), computed
        when first asked for: it costs as much again as the Taylor-step check."""
        return None if self.inputs.planner else exact_equilibrium_exists(self.inputs)


def structure(case: str, *, q: float = 0.0) -> Structure:
    """The interdependence structure of ``case`` (q is used by the untargeted case only).

    Raises ``ValueError`` naming ``case`` unless it is one of :data:`CASES`, and naming
    ``q`` unless 0 <= q <= 1 (untargeted).
    """
    case = validate.one_of("case", case, CASES)
    if case == "untargeted":
        return Untargeted(q)
    return Independent() if case == "independent" else Targeted()


@lru_cache(maxsize=256)
def _structure(case: str, q: float) -> Structure:
    """:func:`structure`, memoised (the solvers ask an instance for its structure at every
    evaluation of its residual; a structure holds no state but its parameters)."""
    return structure(case, q=q)


def validated(
    breach: BreachFunction,
    *,
    case: str,
    insured: bool,
    L: float,
    r: float,
    q: float = 0.0,
    lam: float = 0.0,
    planner: bool = False,
) -> Inputs:
    """Check the inputs against the model's assumptions and bundle them.

    L > 0 and r > 0 (Section III), 0 <= q <= 1 (eq 4), lam >= 0 (Section 3.2), and the
    breach family satisfies 0 < p < 1, p' < 0, p'' > 0 (checked where the solver searches).
    Raises ``ValueError`` naming the argument that violates an assumption (or an unknown
    ``case``), and ``TypeError`` naming ``breach``, ``insured`` or ``planner`` for an
    object of the wrong kind.
    """
    case = validate.one_of("case", case, CASES)
    validate.instance("breach", breach, BreachFunction, "a BreachFunction (p(z) with p' < 0 < p'')")
    return Inputs(
        case,
        validate.flag("insured", insured),
        breach,
        validate.positive("L (the loss from a breach)", L),
        validate.positive("r (absolute risk aversion)", r),
        validate.in_interval("q (the chance a breach of firm 2 spreads to firm 1, eq 4)", q, 0.0, 1.0),
        validate.nonnegative("lam (the insurance loading, price (1+lam)P)", lam),
        validate.flag("planner", planner),
    )


def residual_values(inputs: Inputs, z: Value) -> Value:
    """The symmetric first-order residual R(z) of ``inputs`` (float or array z).

    Nash firm: dP/dz is firm 1's own effect (eqs 3, 5-7 without insurance; 9, 11, 13 with);
    planner: the effect on both firms' breach probabilities
    (:func:`replication.security.taylor.residual_function`).  R crosses zero from below at a
    stable solution.
    """
    return residual_function(
        inputs.breach,
        inputs.structure,
        insured=inputs.insured,
        L=inputs.L,
        r=inputs.r,
        lam=inputs.lam,
        planner=inputs.planner,
    )(z)


def residual(inputs: Inputs) -> Callable[[float], float]:
    """R(z) of :func:`residual_values` as a scalar function."""
    return lambda z: float(residual_values(inputs, z))


def cover_at(inputs: Inputs, z: float) -> float:
    """Cover at symmetric investment z: eq 10 / 12 / 14 when insured, else 0."""
    if not inputs.insured:
        return 0.0
    P = float(inputs.structure.P_sym(inputs.breach, z))
    return float(cover_formula(P, L=inputs.L, r=inputs.r, lam=inputs.lam))


@lru_cache(maxsize=4096)
def _solutions(inputs: Inputs) -> tuple[SymmetricSolution, ...]:
    """Every symmetric root z > 0, by the one Taylor-step solver
    (:func:`replication.security.taylor.solve_validated`; the inputs were validated where
    they entered), memoised: the grid of claims solves thousands of instances."""
    return tuple(
        solve_validated(
            inputs.breach,
            inputs.structure,
            insured=inputs.insured,
            L=inputs.L,
            r=inputs.r,
            lam=inputs.lam,
            planner=inputs.planner,
        )
    )


def _canonical(inputs: Inputs) -> Inputs:
    """Drop parameters the instance does not depend on (so repeated solves are cached).

    q enters the untargeted case only, lam the insured regime only; the planner of the
    independent and targeted cases weighs p'(z), the independent firm's own condition.
    """
    changes: dict[str, Any] = {}
    if inputs.planner and inputs.case != "untargeted":
        changes.update(case="independent", planner=False)
    if inputs.case != "untargeted" and inputs.q != 0.0:
        changes["q"] = 0.0
    if not inputs.insured and inputs.lam != 0.0:
        changes["lam"] = 0.0
    return replace(inputs, **changes) if changes else inputs


def _planner_best(inputs: Inputs, z: float) -> BestReply:
    """The planner's best symmetric level against the candidate z (global on z >= 0): its
    cost along the symmetric line is the integral of its residual times L; insured, of the
    larger of its insured and uninsured residuals (it buys the cover of eq 10 where that is
    positive, none elsewhere; our derivation;
    :func:`~replication.security.best_reply.line_best_reply`)."""
    R = residual(inputs)
    candidates = solve_all_roots(inputs)
    if inputs.insured:
        R_ins, R_none = R, residual(replace(inputs, insured=False))
        candidates += solve_all_roots(replace(inputs, insured=False))

        def R(x: float) -> float:
            return max(R_ins(x), R_none(x))

    return line_best_reply(
        lambda x: inputs.L * R(x),
        z,
        (s.z for s in candidates if s.stable),
        L=inputs.L,
        cover=lambda x: max(cover_at(inputs, x), 0.0),
        objective="taylor (planner, symmetric line)",
    )


@lru_cache(maxsize=16384)
def certify(inputs: Inputs, z: float) -> BestReply:
    """The global best-reply check of the symmetric candidate z of ``inputs``.

    A Nash firm: its best deviation under the Taylor step; a planner: the best symmetric
    level (see ``_planner_best``).  Expects validated inputs and a candidate z >= 0 (z > 0
    under targeted attacks).
    """
    if inputs.planner:
        return _planner_best(inputs, z)
    b, s, L, r, lam = inputs.breach, inputs.structure, inputs.L, inputs.r, inputs.lam
    if inputs.insured:  # the firm may buy no cover where eq 10 is <= 0 (corners included)
        return taylor_best_reply(b, s, insured=True, L=L, r=r, lam=lam, z=z, choose_cover=True)
    return taylor_best_reply(b, s, insured=False, L=L, r=r, lam=lam, z=z)


@lru_cache(maxsize=4096)
def exact_equilibrium_exists(inputs: Inputs) -> bool:
    """Whether the Nash game of ``inputs`` under exact CARA utility (no Taylor step) has a
    symmetric equilibrium: a root of its first-order conditions that passes the global
    best-reply check (our derivation; see :mod:`replication.security.cara`)."""
    b, s, ins, L, r, lam = inputs.breach, inputs.structure, inputs.insured, inputs.L, inputs.r, inputs.lam
    roots = exact_symmetric_solutions(b, s, insured=ins, L=L, r=r, lam=lam)
    return any(cara_best_reply(b, s, insured=ins, L=L, r=r, lam=lam, z=root.z).nash for root in roots)


def _as_equilibrium(
    inputs: Inputs, s: SymmetricSolution, roots: tuple[SymmetricSolution, ...], where: str | None = None
) -> Equilibrium:
    deviation = certify(inputs, s.z)
    return Equilibrium(
        inputs,
        s.z,
        s.I,
        s.P,
        s.premium_rate,
        s.residual,
        s.slope,
        s.stable,
        roots,
        deviation.nash,
        deviation,
        where,
    )


def solve_all_roots(inputs: Inputs) -> tuple[SymmetricSolution, ...]:
    """Every symmetric root z > 0 of the residual of ``inputs`` (uncertified), sorted by z."""
    canonical = _canonical(inputs)
    roots = _solutions(replace(canonical, r=1.0) if canonical.insured else canonical)
    if inputs.insured:  # the insured residual is free of r; only the cover (eq 10) depends on it
        roots = tuple(replace(s, I=float(cover_formula(s.P, L=inputs.L, r=inputs.r, lam=inputs.lam))) for s in roots)
    return roots


def candidates(inputs: Inputs) -> list[tuple[SymmetricSolution, str | None]]:
    """Every symmetric candidate of ``inputs`` with its corner name (None: interior), sorted
    by z: the roots (insured: those with positive cover), the roots of the uninsured
    condition where eq 10 is <= 0 (``"cover"``), and z = 0 where the KKT sign condition
    holds.  Uncertified (see :func:`solve_all`)."""
    found: list[tuple[SymmetricSolution, str | None]] = [
        (s, None) for s in solve_all_roots(inputs) if s.I > 0.0 or not inputs.insured
    ]
    if inputs.insured:
        for s in solve_all_roots(replace(inputs, insured=False)):
            if float(cover_formula(s.P, L=inputs.L, r=inputs.r, lam=inputs.lam)) <= 0.0:
                found.append((replace(s, I=0.0, premium_rate=(1.0 + inputs.lam) * s.P), "cover"))
    b, L, r, lam = inputs.breach, inputs.L, inputs.r, inputs.lam
    zero = zero_investment(b, inputs.structure, L=L, r=r, lam=lam, insured=inputs.insured, planner=inputs.planner)
    if zero is not None:
        found.append(zero)
    return sorted(found, key=lambda pair: pair[0].z)


def solve_all(inputs: Inputs) -> list[Equilibrium]:
    """Every symmetric candidate of ``inputs`` (:func:`candidates`, corners included), sorted
    by z, each certified (``nash``) by the global best-reply check."""
    roots = solve_all_roots(inputs)
    return [_as_equilibrium(inputs, s, roots, where) for s, where in candidates(inputs)]


class NoEquilibrium(NoInteriorSolution):
    """Every candidate (root of the first-order conditions) fails the global best-reply check.

    The message names, for each candidate, the profitable deviation and both costs.
    """


def solve(inputs: Inputs) -> Equilibrium:
    """The certified symmetric equilibrium of ``inputs``, corners included.

    If several candidates pass the check, an interior one before a corner, a positive
    investment before z = 0, then the stable one of least z.  Raises
    :class:`~replication.numerics.solvers.NoInteriorSolution` when there is no candidate at
    all (e.g. r L (1 - P) >= 1 without insurance: the Taylor-step cost falls without
    bound in z), and :class:`NoEquilibrium` when no candidate passes the global
    best-reply check (naming the profitable deviation and both costs).
    """
    who = "planner" if inputs.planner else "equilibrium"
    found = solve_all(inputs)
    if not found:
        raise NoInteriorSolution(
            f"{inputs.case} {who} ({'insured' if inputs.insured else 'uninsured'}, L={inputs.L:g}, "
            f"r={inputs.r:g}, q={inputs.q:g}, lam={inputs.lam:g}, p(z)={inputs.breach.label}): the "
            "first-order condition has no root z > 0 and z = 0 is no corner solution (without "
            "insurance this happens when r L (1 - P) >= 1: the firm's cost keeps falling in z)"
        )
    certified = [e for e in found if e.nash]
    if not certified:
        raise NoEquilibrium(
            f"{inputs.case} {who} ({'insured' if inputs.insured else 'uninsured'}, L={inputs.L:g}, "
            f"r={inputs.r:g}, q={inputs.q:g}, lam={inputs.lam:g}, p(z)={inputs.breach.label}): no candidate "
            "(root of the first-order condition or corner) is a best reply: "
            + "; ".join(f"at z = {e.z:.6g}, {e.deviation.describe()}" for e in found)
        )
    return min(certified, key=lambda e: (e.corner is not None, e.z == 0.0, not e.stable, e.z))


def equilibrium(
    breach: BreachFunction, *, case: str, insured: bool, L: float, r: float, q: float = 0.0, lam: float = 0.0
) -> Equilibrium:
    """The certified symmetric Nash equilibrium of Shim (2012), Table 1 (eqs 3, 6, 7, 9-14).

    A root of the first-order conditions is returned only when it passes the global
    best-reply check (``nash``); see :func:`solve` for the choice among several.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z), with 0 < p < 1, p' < 0 < p''.
    case : str
        One of :data:`CASES`: ``"independent"``, ``"untargeted"`` or ``"targeted"``.
    insured : bool
        The market regime: insurance available or not.
    L : float
        The loss from a breach (money), L > 0.
    r : float
        The absolute risk aversion (per unit of money), r > 0.
    q : float, default 0
        The chance that a breach of the rival spreads, in [0, 1] (untargeted case only).
    lam : float, default 0
        The insurance loading, lam >= 0 (insured regime only).

    Returns
    -------
    Equilibrium
        The certified equilibrium (``nash`` is True), the stable one of least z if several.

    Raises
    ------
    ValueError, TypeError
        An argument that violates the model's assumptions, named as by :func:`validated`.
    NoInteriorSolution
        No root of the first-order condition passes the best-reply check, or the cover of
        eqs 10/12/14 lies outside (0, L] (as :func:`solve`).

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium
    >>> eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> round(eq.z, 4), round(eq.I, 4), eq.nash
    (0.2005, 0.5505, True)
    """
    return solve(validated(breach, case=case, insured=insured, L=L, r=r, q=q, lam=lam))


def equilibria(
    breach: BreachFunction, *, case: str, insured: bool, L: float, r: float, q: float = 0.0, lam: float = 0.0
) -> list[Equilibrium]:
    """Every symmetric candidate of Shim (2012), Table 1: all roots of the first-order condition, sorted by z.

    Each carries its verdict ``nash`` (the global best-reply check) and ``deviation``,
    and the cover of eqs 10/12/14 as computed, even outside (0, L], and its
    stability flag; the list is empty when there is no root z > 0.  :func:`equilibrium`
    raises in the cases this returns nothing acceptable.

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    case, insured, L, r, q, lam
        As :func:`equilibrium`.

    Returns
    -------
    list of Equilibrium
        Every root z > 0, stable or not, certified or not, sorted by z (possibly empty).

    Raises
    ------
    ValueError, TypeError
        An argument that violates the model's assumptions, named as by :func:`validated`.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibria
    >>> found = equilibria(ExponentialBreach(0.5, 5.0), case="untargeted", insured=False, L=1.0, r=0.5, q=0.5)
    >>> [(round(e.z, 4), e.nash) for e in found]
    [(0.2756, True)]
    """
    return solve_all(validated(breach, case=case, insured=insured, L=L, r=r, q=q, lam=lam))


def planner(
    breach: BreachFunction, *, case: str, insured: bool, L: float, r: float, q: float = 0.0, lam: float = 0.0
) -> Equilibrium:
    """The planner's symmetric level (our reconstruction): dP/dz replaced by d(P1 + P2)/dz1.

    Untargeted: p'(1 + q - 2qp) = -1/L + r(1-p)(1-qp) without insurance and
    = -1/((1+lam)L) with; targeted and independent: p' = the independent condition, since
    firm 1's gain 2p' is offset by the rival's loss -p' (our derivation).

    Parameters
    ----------
    breach : BreachFunction
        The breach-probability family p(z).
    case, insured, L, r, q, lam
        As :func:`equilibrium`.

    Returns
    -------
    Equilibrium
        The planner's level; ``nash`` certifies it as the global optimum of the planner's
        cost along the symmetric line.

    Raises
    ------
    ValueError, TypeError, NoInteriorSolution
        As :func:`equilibrium`.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import planner
    >>> best = planner(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> round(best.z, 4), best.nash
    (0.284, True)
    """
    return solve(validated(breach, case=case, insured=insured, L=L, r=r, q=q, lam=lam, planner=True))


@dataclass(frozen=True)
class Sensitivity:
    """dz/dθ and dI/dθ at an equilibrium, for θ one of the model's parameters.

    Attributes
    ----------
    parameter : str
        The parameter θ varied (L, r, q, lam or the breach family's own).
    dz : float
        dz/dθ, the investment's derivative.
    dI : float
        dI/dθ, the cover's derivative.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium, sensitivity
    >>> eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> s = sensitivity(eq, parameter="L")
    >>> s.parameter, round(s.dz, 4), round(s.dI, 4)
    ('L', 0.2225, 1.1629)
    """

    parameter: str
    dz: float
    dI: float


def shifted(inputs: Inputs, *, parameter: str, value: float) -> Inputs:
    """``inputs`` with ``parameter`` (a model parameter or the breach family's) set to ``value``.

    Raises ``ValueError`` naming ``parameter`` for an unknown name; ``value`` is not
    checked here (the solver checks the family, :func:`validated` the model parameters).
    """
    if parameter in MODEL_PARAMETERS:
        levels: dict[str, float] = {name: getattr(inputs, name) for name in MODEL_PARAMETERS}
        levels[parameter] = value
        return replace(inputs, L=levels["L"], r=levels["r"], q=levels["q"], lam=levels["lam"])
    params = inputs.breach.params
    if parameter not in params:
        raise ValueError(f"parameter must be one of {MODEL_PARAMETERS + tuple(params)}, got {parameter!r}")
    return replace(inputs, breach=type(inputs.breach)(**{**params, parameter: value}))


def parameter_value(inputs: Inputs, name: str) -> float:
    """The value of ``name`` (one of :data:`MODEL_PARAMETERS` or the breach family's own) in ``inputs``."""
    return getattr(inputs, name) if name in MODEL_PARAMETERS else inputs.breach.params[name]


#: Parameters without a unit (probabilities and loadings): their step is relative to
#: ``max(1, |value|)``; every other parameter carries a unit of money (L) or of its
#: inverse (r, the breach family's rate a) and is stepped relative to its own value, so
#: the derivatives scale exactly with the money unit.
DIMENSIONLESS = ("q", "lam", "p0", "b")


def _parameter_step(name: str, value: float, rel_step: float) -> float:
    """The finite-difference step of parameter ``name`` at ``value`` (see :data:`DIMENSIONLESS`)."""
    return rel_step * (max(1.0, abs(value)) if name in DIMENSIONLESS else abs(value))


def _investment_step(eq: Equilibrium, rel_step: float) -> float:
    """The step in z: relative to ``max(z, the breach family's scale)`` (both in money)."""
    return rel_step * max(eq.z, eq.inputs.breach.scale)


def _steps(inputs: Inputs, name: str, value: float, h: float) -> tuple[float, float]:
    """Points either side of ``value`` that stay inside the parameter's domain."""
    may_be_zero = name in ("q", "lam")
    lo, hi = value - h, value + h
    if lo < 0.0 or (lo == 0.0 and not may_be_zero):
        lo = value
    if (name == "q" and hi > 1.0) or (name == "p0" and hi >= 1.0):
        hi = value
    return lo, hi


def sensitivity(eq: Equilibrium, *, parameter: str, rel_step: float = 1e-6) -> Sensitivity:
    """dz/dθ and dI/dθ along the equilibrium branch through ``eq`` (implicit-function theorem).

    dz/dθ = -R_θ / R_z with R the symmetric residual, and dI/dθ = I_θ + I_z dz/dθ with I the
    cover rule (eqs 10/12/14), all partials by central differences (one-sided at a
    domain edge, e.g. lam = 0).  At a corner the binding bound stays put: at
    ``corner="cover"`` R is the uninsured residual and dI/dθ = 0; at z = 0 with
    R(0) > 0, dz/dθ = 0.

    Parameters
    ----------
    eq : Equilibrium
        An equilibrium returned by :func:`equilibrium` or :func:`planner`.
    parameter : str
        One of L, r, q, lam or the breach family's own (e.g. p0, a).
    rel_step : float, default 1e-6
        The relative finite-difference step, in (0, 0.1].

    Returns
    -------
    Sensitivity
        dz/dθ and dI/dθ.

    Raises
    ------
    TypeError
        ``eq`` is not an :class:`Equilibrium`.
    ValueError
        An unknown ``parameter`` or a ``rel_step`` outside (0, 0.1] (or ``eq`` at z = 0
        where R(0) = 0, a kink with no derivative).

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium, sensitivity
    >>> eq = equilibrium(ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> s = sensitivity(eq, parameter="L")
    >>> round(s.dz, 4), round(s.dI, 4)
    (0.2225, 1.1629)
    """
    validate.instance("eq", eq, Equilibrium, "an Equilibrium returned by equilibrium() or planner()")
    inputs = eq.inputs
    parameter = validate.one_of("parameter", parameter, MODEL_PARAMETERS + tuple(inputs.breach.params))
    rel_step = validate.in_interval("rel_step", rel_step, 0.0, 0.1, closed=(False, True))
    value = float(parameter_value(inputs, parameter))
    h = _parameter_step(parameter, value, rel_step)
    lo, hi = _steps(inputs, parameter, value, h)
    below, above = shifted(inputs, parameter=parameter, value=lo), shifted(inputs, parameter=parameter, value=hi)
    no_cover = eq.corner in ("cover", "cover and investment")
    if no_cover:
        inputs, above, below = (replace(x, insured=False) for x in (inputs, above, below))
    if eq.z == 0.0 and not eq.stable:
        raise ValueError(f"eq is the corner z = 0 with R(0) = 0 exactly: dz/d{parameter} is one-sided there")
    I_t = 0.0 if no_cover else (cover_at(above, eq.z) - cover_at(below, eq.z)) / (hi - lo)
    if eq.z == 0.0:  # R(0) > 0 stays > 0 nearby: z stays at 0
        return Sensitivity(parameter, 0.0, I_t)
    hz = _investment_step(eq, rel_step)
    R = residual(inputs)
    R_z = (R(eq.z + hz) - R(eq.z - hz)) / (2 * hz)
    R_t = (residual(above)(eq.z) - residual(below)(eq.z)) / (hi - lo)
    dz = -R_t / R_z
    if no_cover:
        return Sensitivity(parameter, dz, 0.0)
    I_z = (cover_at(inputs, eq.z + hz) - cover_at(inputs, eq.z - hz)) / (2 * hz)
    return Sensitivity(parameter, dz, I_t + I_z * dz)


def branch_derivative(eq: Equilibrium, *, parameter: str, rel_step: float = 1e-5) -> Sensitivity:
    """dz/dθ and dI/dθ by solving the model again at θ ± h and following the root nearest z.

    A route independent of :func:`sensitivity` and of the appendix's closed forms: no
    implicit-function theorem, only the solver applied at shifted parameters (one-sided at
    a domain edge such as lam = 0).  Works at unstable roots too, since every root is
    followed.  The step is that of :func:`sensitivity`.  Raises
    :class:`~replication.numerics.solvers.NoInteriorSolution` when the branch
    disappears at θ ± h, and ``TypeError``/``ValueError`` as :func:`sensitivity`.
    """
    validate.instance("eq", eq, Equilibrium, "an Equilibrium returned by equilibrium() or planner()")
    inputs = eq.inputs
    parameter = validate.one_of("parameter", parameter, MODEL_PARAMETERS + tuple(inputs.breach.params))
    rel_step = validate.in_interval("rel_step", rel_step, 0.0, 0.1, closed=(False, True))
    value = float(parameter_value(inputs, parameter))
    h = _parameter_step(parameter, value, rel_step)
    lo, hi = _steps(inputs, parameter, value, h)

    def follow(v: float) -> Equilibrium:
        if v == value:
            return eq
        found = solve_all(shifted(inputs, parameter=parameter, value=v))
        if not found:
            raise NoInteriorSolution(f"the branch through z = {eq.z:.4g} ends when {parameter} = {v:g}")
        return min(found, key=lambda e: abs(e.z - eq.z))

    below, above = follow(lo), follow(hi)
    return Sensitivity(parameter, (above.z - below.z) / (hi - lo), (above.I - below.I) / (hi - lo))
