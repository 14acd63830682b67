"""Voluntary participation in the insurance mechanism (Naghizadeh & Liu 2014, Sections V-VI).

Two tests of whether users accept the mechanism, both comparing a user's cost
``C_i(x*) + t_i*`` at the social optimum with the mechanism's net payments (R-3) with an
outside option:

* individual rationality (IR): the outside option is the unregulated game, ``C_i(x^NE)``;
* voluntary participation (VP): the outside option is staying out while everyone else
  joins.  Security is a non-excludable public good, so a user who stays out still gains
  from the others' effort; its cost is ``C_k`` at the outcome of the loner game.

The loner game (R-9, our formalisation of the paper's words): user ``k`` best-responds
without paying anything, the other ``N - 1`` users run the mechanism among themselves and
so (Theorems 1-2 for ``N - 1`` users) reach the optimum of their own welfare given ``x_k``:

    x_k in argmin_{x_k >= 0} C_k(x),     x_{-k} in argmin_{x_{-k} >= 0} sum_{i != k} C_i(x).

Its equilibria are the roots of the one-dimensional map
``psi(s) = BR_k(coalition optimum given x_k = s) - s``, with ``psi(0) >= 0``.

Some budget-balanced transfers make every user join iff the VP budget slack (R-10)
``sum_k C_k(loner outcome of k) - sum_i C_i(x*)`` is non-negative; the mechanism's own
payments can fail VP even then.

The closed-form predicates of the total-effort positive example (Section VI-B) live in
:mod:`replication.naghizadeh2014.model.total_effort` and are re-exported here with the
numerical test they are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from replication.core import validate
from replication.naghizadeh2014.model.game import best_response, nash_equilibrium, social_optimum
from replication.naghizadeh2014.model.mechanism import net_payments
from replication.naghizadeh2014.model.risk import IDSModel, require_model
from replication.naghizadeh2014.model.total_effort import paper_positive_region, positive_example_vp
from replication.numerics.solvers import ConvergenceError, all_roots

__all__ = [
    "LonerOutcome",
    "Participation",
    "accepts",
    "loner_equilibria",
    "loner_outcome",
    "mechanism_domain",
    "paper_positive_region",
    "participation",
    "positive_example_vp",
    "require_loner_domain",
    "require_mechanism_domain",
    "vp_budget_slack",
]

Array = NDArray[np.float64]
Reading = Literal["game", "frozen"]

#: Best-response rounds of the loner game before switching to the Brent root of psi
#: (in our draws most loner games settle in 1-3 rounds; slow ones creep geometrically).
MAX_ROUNDS = 4
#: Change in the loner's effort below which the best-response dynamics have settled.
EFFORT_TOL = 1e-10
#: Relative tolerance of the cost comparisons (ties count as accepting): relative to the
#: larger of the two costs compared and to the game's own unit of money
#: (:meth:`~replication.naghizadeh2014.model.risk.IDSModel.money_scale`, the unit the
#: solvers' tolerance ``KKT_TOL`` is stated in), so who joins does not depend on the unit.
COST_TOL = 1e-9
#: An effort above this counts as investing.
INVESTS = 1e-8
#: Doublings of the upper bracket of psi before a loner game counts as failed.
BRACKET_DOUBLINGS = 60
#: Absolute tolerance of Brent's method on the loner's effort.
ROOT_XTOL = 1e-13

#: Fewest users the mechanism has an equilibrium for (Section III-A: with N = 2 a user's own
#: price enters its payment and the payment falls without bound; claim ``repair_n_at_least_3``).
MECHANISM_MIN_USERS = 3

GAME_METHOD = "best responses from the optimum"
BRENT_METHOD = "Brent root of psi"
FROZEN_METHOD = "others frozen at the optimum"


def mechanism_domain(N: int) -> str:
    """Why an analysis of ``N`` users runs the mechanism outside its domain, "" if it does not.

    The participating cost uses the mechanism's payments ``t*`` for ``N`` users, and the loner
    game (R-9) lets the other ``N - 1`` reach their optimum by running the mechanism among
    themselves; both need at least ``MECHANISM_MIN_USERS`` users (a coalition of one needs
    no mechanism).  So ``N = 2`` (no equilibrium at all) and ``N = 3`` (a loner's coalition of
    two) are outside it: there the analysis assumes what the mechanism cannot deliver.
    Raises ValueError for ``N < 1``.

    >>> mechanism_domain(5)
    ''
    """
    N = validate.integer_at_least("N", N, 1)
    if N < MECHANISM_MIN_USERS:
        return (
            f"N = {N}: the mechanism needs at least {MECHANISM_MIN_USERS} users, so its payments t* are those of a "
            "profile that is no equilibrium"
        )
    if N - 1 > 1 and N - 1 < MECHANISM_MIN_USERS:
        return (
            f"N = {N}: a loner's remaining coalition has {N - 1} users, too few for the mechanism to reach "
            "its optimum, which the loner game assumes"
        )
    return ""


# -- the loner game --------------------------------------------------------------------
@dataclass(frozen=True)
class LonerOutcome:
    """User ``user`` stays out: the effort profile reached, its cost and how it was found.

    ``steps`` counts best-response rounds (or evaluations of psi for Brent);
    ``residual`` is ``|BR_k(x) - x_k|`` at the returned profile (the coalition's part is
    solved to the game solver's KKT tolerance).
    """

    user: int
    x: Array
    cost: float
    method: str
    steps: int
    residual: float


def _user(model: IDSModel, k: int) -> int:
    require_model(model)
    return validate.index("k", k, model.N)


class _LonerGame:
    """The two-player game "user k versus the coalition of the others" (R-9)."""

    def __init__(self, model: IDSModel, k: int, start: Array) -> None:
        self.model, self.k = model, k
        self.others = [i for i in range(model.N) if i != k]
        self.x = start.copy()  # last coalition reply, reused as warm start
        self.replies: dict[float, Array] = {}

    def reply(self, s: float) -> Array:
        """The coalition's optimum given the loner's effort ``s`` (remembered per ``s``)."""
        if s not in self.replies:
            self.replies[s] = social_optimum(self.model, players=self.others, fixed={self.k: s}, x0=self.x).x
        self.x = self.replies[s]
        return self.x

    def loner_best_response(self, x: Array) -> float:
        return best_response(self.model, self.k, x)

    def psi(self, s: float) -> float:
        """``BR_k(coalition optimum given x_k = s) - s``: zero exactly at an equilibrium."""
        return self.loner_best_response(self.reply(s)) - s

    def outcome(self, x: Array, method: str, steps: int) -> LonerOutcome:
        residual = abs(self.loner_best_response(x) - x[self.k])
        return LonerOutcome(self.k, x, float(self.model.costs(x)[self.k]), method, steps, residual)

    def best_response_dynamics(self, max_rounds: int) -> LonerOutcome | list[tuple[float, float]]:
        """Alternate loner and coalition replies from the start profile.

        Returns the outcome once the loner's effort settles, else the visited pairs
        ``(s, psi(s))`` (round ``n`` moves ``s`` to ``s + psi(s)``).
        """
        s = self.loner_best_response(self.x)
        visited: list[tuple[float, float]] = []
        for rounds in range(1, max_rounds + 1):
            value = self.psi(s)
            if abs(value) <= EFFORT_TOL * max(1.0, s):
                return self.outcome(self.x, GAME_METHOD, rounds)
            visited.append((s, value))
            s += value
        return visited

    def bracket(self, visited: list[tuple[float, float]]) -> tuple[float, float, int]:
        """Efforts ``lo < hi`` with ``psi(lo) >= 0 >= psi(hi)``, and the extra psi evaluations.

        ``lo`` is the largest visited effort with ``psi > 0`` (or 0: ``psi(0) >= 0``
        always) and ``hi`` the smallest visited one above it with ``psi < 0``.  If there
        is none, steps beyond ``lo`` by the distance a geometric sequence with the
        observed ratio would still travel, doubling until psi turns negative (the
        loner's best response is bounded).
        """
        positive = [(s, value) for s, value in visited if value > 0]
        lo, v_lo = max(positive, default=(0.0, 1.0))
        above = [s for s, value in visited if value < 0 and s > lo]
        if above:
            return lo, min(above), 0
        step = v_lo  # one more best-response move, or what a geometric sequence still travels:
        if len(positive) > 1 and 0.0 < v_lo < positive[-2][1]:
            step = v_lo / (1.0 - v_lo / positive[-2][1])
        for evaluations in range(1, BRACKET_DOUBLINGS + 1):
            hi = lo + 1.5 * step
            if self.psi(hi) <= 0.0:
                return lo, hi, evaluations
            lo, step = hi, 2.0 * step
        raise ConvergenceError(f"no upper bracket for the loner game of user {self.k}", self.psi(hi))

    def brent(self, visited: list[tuple[float, float]]) -> LonerOutcome:
        """The root of psi by Brent's method on a bracket found from the visited points."""
        lo, hi, evaluations = self.bracket(visited)
        s, info = brentq(self.psi, lo, hi, xtol=ROOT_XTOL, full_output=True)
        steps = len(visited) + evaluations + info.function_calls + 1
        return self.outcome(self.reply(s), BRENT_METHOD, steps)

    def frozen(self) -> LonerOutcome:
        """The one-shot reading: the others keep the start profile, the loner best-responds."""
        x = self.x.copy()
        x[self.k] = self.loner_best_response(x)
        return self.outcome(x, FROZEN_METHOD, 1)


def loner_outcome(
    model: IDSModel,
    k: int,
    *,
    reading: Reading = "game",
    start: ArrayLike | None = None,
    max_rounds: int = MAX_ROUNDS,
    outside_domain: bool = False,
) -> LonerOutcome:
    """The outcome when user ``k`` stays out and everyone else joins (R-9).

    ``reading="game"`` (default): alternating best responses of the loner and of the
    coalition's optimum, started at ``start`` (default the social optimum ``x*``, the
    order of the paper's story); if they have not settled after ``max_rounds`` rounds
    (slow convergence or a cycle), the Brent root of ``psi``.  The method used is in the
    result.  When the loner game has several equilibria this returns the one these
    dynamics reach; :func:`loner_equilibria` lists them all.

    ``reading="frozen"``: the others keep their efforts of ``start`` (default ``x*``)
    and only the loner re-optimises, the literal one-shot reading of the story.

    Parameters
    ----------
    model : IDSModel
        The game.
    k : int
        The user who stays out, ``0 <= k < N``.
    reading : {"game", "frozen"}, default "game"
        How the others respond (see above).
    start : array_like, shape (N,), optional
        The starting profile, >= 0 (default: the social optimum).
    max_rounds : int, default 4
        Best-response rounds before the Brent root of ``psi`` is taken.
    outside_domain : bool, default False
        Analyse a game too small for the mechanism anyway (see :func:`require_loner_domain`).

    Returns
    -------
    LonerOutcome
        The profile reached, the loner's cost, the method and its steps.

    Raises
    ------
    ValueError
        ``k`` out of range, an unknown ``reading``, ``max_rounds`` < 1, a negative ``start``,
        or a game too small for the mechanism without ``outside_domain``.

    Examples
    --------
    >>> from replication.naghizadeh2014 import loner_outcome
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> A = [[1.0, 0.5, 0.2, 0.1], [0.3, 1.0, 0.4, 0.2], [0.2, 0.1, 1.0, 0.3], [0.1, 0.2, 0.3, 1.0]]
    >>> model = WeightedTotalEffort(A, c=[1.0, 2.0, 3.0, 4.0], L=10.0)
    >>> out = loner_outcome(model, 0)
    >>> round(out.cost, 4), out.method
    (2.4548, 'Brent root of psi')

    With three users a loner leaves a coalition of two, too few for the mechanism:

    >>> three = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> loner_outcome(three, 0)
    Traceback (most recent call last):
    ...
    ValueError: model: N = 3: a loner's remaining coalition has 2 users, too few ...
    >>> round(loner_outcome(three, 0, outside_domain=True).cost, 4)
    2.6906
    """
    k = _user(model, k)
    validate.one_of("reading", reading, ("game", "frozen"))
    require_loner_domain(model.N, reading, outside_domain)
    validate.integer_at_least("max_rounds", max_rounds, 1, validate.MAX_COUNT)
    x0 = social_optimum(model).x if start is None else model.profile(start, "start")
    if (x0 < 0).any():
        raise ValueError("start must be >= 0 (efforts are non-negative)")
    game = _LonerGame(model, k, x0)
    if reading == "frozen":
        return game.frozen()
    settled = game.best_response_dynamics(max_rounds)
    return settled if isinstance(settled, LonerOutcome) else game.brent(settled)


def loner_equilibria(
    model: IDSModel, k: int, *, grid: int = 60, outside_domain: bool = False
) -> tuple[LonerOutcome, ...]:
    """Every equilibrium of the loner game of user ``k`` found as a sign change of psi.

    psi is scanned on ``grid`` intervals of ``[0, hi]`` (geometric near 0) and each
    bracket refined by Brent's method; equilibria where psi only touches zero are
    missed.  Costs ``grid + 1`` coalition optima and more, so it is meant for checks.
    Raises ValueError for a game too small for the mechanism (N < 4) unless
    ``outside_domain`` (see :func:`require_loner_domain`).
    """
    k = _user(model, k)
    validate.integer_at_least("grid", grid, 2, validate.MAX_COUNT)
    require_loner_domain(model.N, "game", outside_domain)
    game = _LonerGame(model, k, social_optimum(model).x)
    _, hi, _ = game.bracket([])
    roots = all_roots(game.psi, 0.0, hi, grid=grid, xtol=1e-13)
    return tuple(game.outcome(game.reply(root.x), BRENT_METHOD, grid) for root in roots)


# -- IR and VP -------------------------------------------------------------------------
@dataclass(frozen=True)
class Participation:
    """Who would join the mechanism, per user (arrays of length N).

    ``participating_cost`` is ``C_i(x*) + t_i*``; ``loner_cost`` is ``C_i`` at the loner
    outcome of user ``i``; ``ne_cost`` is ``C_i(x^NE)``.  ``ir`` and ``vp`` hold where the
    participating cost is not above the outside option (:func:`accepts`).

    Attributes
    ----------
    x_opt, x_ne : ndarray, shape (N,)
        The social optimum and the Nash equilibrium.
    net_payments : ndarray, shape (N,)
        The mechanism's payments ``t*``.
    participating_cost, loner_cost, ne_cost : ndarray, shape (N,)
        Each user's cost when joining, when staying out alone, and at the Nash equilibrium.
    ir, vp : ndarray of bool, shape (N,)
        Where individual rationality and voluntary participation hold.
    loners : tuple of LonerOutcome
        Each user's loner outcome.
    social_cost : float
        The social cost at the optimum.
    reading : str
        The reading of the loner games (see :func:`loner_outcome`).

    Examples
    --------
    >>> from replication.naghizadeh2014 import participation
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> A = [[1.0, 0.5, 0.2, 0.1], [0.3, 1.0, 0.4, 0.2], [0.2, 0.1, 1.0, 0.3], [0.1, 0.2, 0.3, 1.0]]
    >>> model = WeightedTotalEffort(A, c=[1.0, 2.0, 3.0, 4.0], L=10.0)
    >>> joined = participation(model)
    >>> joined.vp.tolist(), joined.participating_cost.round(4).tolist(), joined.loner_cost.round(4).tolist()
    ([True, False, False, False], [0.117, 3.6347, 4.432, 6.964], [2.4548, 2.4002, 4.2541, 5.1504])
    """

    x_opt: Array
    x_ne: Array
    net_payments: Array
    participating_cost: Array
    loner_cost: Array
    ne_cost: Array
    ir: NDArray[np.bool_]
    vp: NDArray[np.bool_]
    loners: tuple[LonerOutcome, ...]
    social_cost: float
    reading: str

    @property
    def outside_mechanism(self) -> str:
        """Why this analysis runs the mechanism outside its domain, "" if it does not
        (see :func:`mechanism_domain`)."""
        return mechanism_domain(int(self.x_opt.size))

    @property
    def vp_margin(self) -> Array:
        """``loner_cost - participating_cost``: what each user gains by joining."""
        return self.loner_cost - self.participating_cost

    @property
    def budget_slack(self) -> float:
        """VP budget slack (R-10): ``sum_k C_k(loner outcome of k) - sum_i C_i(x*)``."""
        return float(self.loner_cost.sum() - self.social_cost)

    @property
    def investors(self) -> NDArray[np.bool_]:
        """Users with a positive effort at the social optimum."""
        return self.x_opt > INVESTS

    @property
    def smallest_subsidy(self) -> float:
        """External money that lets suitably redesigned transfers keep everyone in: ``max(0, -slack)``."""
        return max(0.0, -self.budget_slack)

    @property
    def mechanism_subsidy(self) -> float:
        """External money that keeps everyone in on top of the mechanism's own payments."""
        return float(np.maximum(-self.vp_margin, 0.0).sum())


def accepts(cost: Array, outside: Array, unit: float | Array = 0.0) -> NDArray[np.bool_]:
    """``cost <= outside`` up to ``COST_TOL`` of ``max(|cost|, |outside|, unit)`` (ties count
    as accepting).

    ``unit`` is the game's own unit of money (``model.money_scale()``; an array broadcast
    against the costs for a stack of games): costs come from solvers accurate to
    ``KKT_TOL`` in that unit, so differences far below it are ties.  Every term scales with
    the money unit, so the verdict does not depend on it.
    """
    return cost <= outside + COST_TOL * np.maximum(np.maximum(np.abs(cost), np.abs(outside)), unit)


def require_mechanism_domain(N: int, outside_domain: bool) -> None:
    """Raise ValueError naming the minimum unless ``N`` users are inside the mechanism's domain
    (:func:`mechanism_domain`: ``N >= MECHANISM_MIN_USERS`` and a loner's coalition of ``N - 1``
    users no smaller) or ``outside_domain`` asks for the analysis anyway."""
    outside_domain = validate.flag("outside_domain", outside_domain)
    reason = mechanism_domain(N)
    if reason and not outside_domain:
        raise ValueError(
            f"model: {reason}; participation and the loner game need N >= {MECHANISM_MIN_USERS + 1} users "
            f"(the mechanism's minimum of {MECHANISM_MIN_USERS}, for the whole game and for a loner's "
            "coalition of N - 1); pass outside_domain=True to analyse it anyway (the paper's own "
            "Section VI-B examples), flagged in Participation.outside_mechanism"
        )


def require_loner_domain(N: int, reading: Reading, outside_domain: bool) -> None:
    """Raise ValueError naming the minimum unless a loner game of ``N`` users is inside the
    mechanism's domain, or ``outside_domain`` asks for it anyway.

    Under ``reading="game"`` the other ``N - 1`` users reach their optimum by running the
    mechanism among themselves, so the game needs what :func:`require_mechanism_domain` asks
    (``N >= MECHANISM_MIN_USERS + 1``).  Under ``reading="frozen"`` the others keep the
    profile the mechanism of all ``N`` users reached, which needs ``N >= MECHANISM_MIN_USERS``.

    >>> require_loner_domain(3, "frozen", False)
    >>> require_loner_domain(2, "frozen", False)
    Traceback (most recent call last):
    ...
    ValueError: model: N = 2: the mechanism needs at least 3 users, ...
    """
    outside_domain = validate.flag("outside_domain", outside_domain)
    if reading == "game":
        require_mechanism_domain(N, outside_domain)
    elif N < MECHANISM_MIN_USERS and not outside_domain:
        raise ValueError(
            f"model: {mechanism_domain(N)}; a loner game needs N >= {MECHANISM_MIN_USERS} users; pass "
            "outside_domain=True to analyse it anyway"
        )


def participation(model: IDSModel, *, reading: Reading = "game", outside_domain: bool = False) -> Participation:
    """IR and VP of every user under the mechanism's payments ``t*`` (Section V, R-9, R-10).

    One Nash equilibrium (Lemke for exponential risks), one social optimum (started from
    it; the optimum is unique, so only the solver's work depends on the start) and ``N``
    loner games (see :func:`loner_outcome` for ``reading``).  Costs are in the model's unit of
    money; ``ir`` and ``vp`` are verdicts (:func:`accepts`).

    The analysis runs the mechanism on all ``N`` users and, in each loner game, on a coalition
    of ``N - 1``: both need ``MECHANISM_MIN_USERS = 3`` users, so ``N = 2`` and ``N = 3`` raise
    ``ValueError`` naming the minimum (see :func:`mechanism_domain`).  ``outside_domain=True``
    analyses them anyway, as the paper's Section VI-B example does; the result then says why in
    :attr:`Participation.outside_mechanism`.

    Parameters
    ----------
    model : IDSModel
        The game.
    reading : {"game", "frozen"}, default "game"
        The reading of the loner games (see :func:`loner_outcome`).
    outside_domain : bool, default False
        Analyse N = 2 or 3 users anyway (outside the mechanism's domain).

    Returns
    -------
    Participation
        IR and VP per user, with the costs they compare.

    Raises
    ------
    TypeError
        ``model`` is not an IDS game.
    ValueError
        An unknown ``reading``, or N < 4 without ``outside_domain``.

    Examples
    --------
    >>> from replication.naghizadeh2014.model.total_effort import example_model
    >>> participation(example_model(4, 3.5, 4.0)).outside_mechanism
    ''
    >>> participation(example_model(2, 1.5, 1.6), outside_domain=True).outside_mechanism[:6]
    'N = 2:'
    """
    require_model(model)
    validate.one_of("reading", reading, ("game", "frozen"))
    require_mechanism_domain(model.N, outside_domain)
    x_ne = nash_equilibrium(model).x
    optimum = social_optimum(model, x0=x_ne)
    t = np.asarray(net_payments(model, optimum.x), dtype=float)
    paying = model.costs(optimum.x) + t
    loners = tuple(
        loner_outcome(model, k, reading=reading, start=optimum.x, outside_domain=outside_domain) for k in range(model.N)
    )
    loner_cost = np.array([outcome.cost for outcome in loners])
    ne_cost = model.costs(x_ne)
    return Participation(
        optimum.x,
        x_ne,
        t,
        paying,
        loner_cost,
        ne_cost,
        accepts(paying, ne_cost, model.money_scale()),
        accepts(paying, loner_cost, model.money_scale()),
        loners,
        model.social_cost(optimum.x),
        reading,
    )


def vp_budget_slack(model: IDSModel, *, outside_domain: bool = False) -> float:
    """VP budget slack (R-10): some budget-balanced contracts keep every user in iff it is >= 0.

    In the model's unit of money.  Raises ValueError for ``N < 4`` unless ``outside_domain``
    (see :func:`participation`).

    Parameters
    ----------
    model : IDSModel
        The game.
    outside_domain : bool, default False
        Analyse N = 2 or 3 users anyway (see :func:`participation`).

    Returns
    -------
    float
        ``sum_k C_k(loner outcome of k) - sum_i C_i(x*)`` (money): what the users' outside
        options leave of the social optimum's saving.

    Raises
    ------
    TypeError
        ``model`` is not an IDS game.
    ValueError
        N < 4 without ``outside_domain``.

    Examples
    --------
    >>> from replication.naghizadeh2014 import vp_budget_slack
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> A = [[1.0, 0.5, 0.2, 0.1], [0.3, 1.0, 0.4, 0.2], [0.2, 0.1, 1.0, 0.3], [0.1, 0.2, 0.3, 1.0]]
    >>> model = WeightedTotalEffort(A, c=[1.0, 2.0, 3.0, 4.0], L=10.0)
    >>> round(vp_budget_slack(model), 4)  # negative: no budget-balanced contracts keep everyone in
    -0.8882
    """
    return participation(model, outside_domain=outside_domain).budget_slack
