"""The insurance mechanism of Naghizadeh & Liu (2014), Section III, and its equilibrium.

User ``i`` sends ``m_i = (x^i, pi^i)``: a proposal ``x^i`` of the whole effort profile and a
price vector ``pi^i >= 0``.  The insurer computes the profile everyone implements (eq. 6)
and net payments (eq. 7), with cyclic indices (``N + 1 = 1``, ``N + 2 = 2``)::

    x_hat = (1/N) sum_i x^i,
    t_i   = (pi^{i+1} - pi^{i+2})' x_hat
            + (x^i - x^{i+1})' diag(pi^i) (x^i - x^{i+1})
            - (x^{i+1} - x^{i+2})' diag(pi^{i+1}) (x^{i+1} - x^{i+2}),

and any contract with ``rho_i - I_i f_i(x_hat) = t_i`` (eq. 8).  The payments telescope to
``sum_i t_i = 0`` for every message profile: the insurer's budget balances by construction.

Two repairs of the paper's statement (see *What we found* in the book, entries
``naghizadeh2014:repair_n_at_least_3`` and ``naghizadeh2014:repair_nonnegative_average``):

* the mechanism needs ``N >= 3``.  For ``N = 2``, ``i + 2 = i``: user ``i``'s own price
  enters its first term with a minus sign, so raising it lowers its payment without bound.
* proposals are in ``R^N``, so the literal average can be negative; a user can then
  gain by pushing it below zero wherever the optimum sits at ``x_j = 0`` with a positive
  multiplier.  :func:`outcome` therefore projects the average onto ``x >= 0``
  (``x_hat = max(0, mean)`` componentwise), under which each user can reach exactly the
  profiles ``x >= 0`` that both of the paper's proofs use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from replication.core import validate
from replication.naghizadeh2014.model.game import social_optimum
from replication.naghizadeh2014.model.risk import IDSModel, require_model

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Messages:
    """A message profile: row ``i`` of ``proposals`` is ``x^i``, row ``i`` of ``prices`` is ``pi^i``.

    Parameters
    ----------
    proposals : array_like, shape (N, N)
        Row i is user i's proposed effort profile ``x^i``.
    prices : array_like, shape (N, N)
        Row i is user i's proposed prices ``pi^i``, non-negative.

    Raises
    ------
    ValueError
        ``proposals`` not square, or ``prices`` negative or of another shape.

    Examples
    --------
    >>> import numpy as np
    >>> from replication.naghizadeh2014 import Messages, outcome
    >>> messages = Messages(np.array([[1.0, 2.0, 0.0], [1.0, 2.0, 3.0], [1.0, 2.0, 0.0]]), np.zeros((3, 3)))
    >>> messages.N, outcome(messages).x.tolist()
    (3, [1.0, 2.0, 1.0])
    """

    proposals: Array
    prices: Array

    def __post_init__(self) -> None:
        proposals = validate.array("proposals", self.proposals, shape=(None, None))
        n = proposals.shape[0]
        if proposals.shape != (n, n):
            raise ValueError(f"proposals must be N x N (one profile per user), got {proposals.shape}")
        prices = validate.array("prices", self.prices, shape=(n, n), nonnegative=True)
        object.__setattr__(self, "proposals", proposals)
        object.__setattr__(self, "prices", prices)

    @property
    def N(self) -> int:
        """The number of users (rows of the proposals)."""
        return int(self.proposals.shape[0])

    def replace(self, i: int, proposal: ArrayLike, price: ArrayLike) -> Messages:
        """The profile with user ``i``'s message replaced (a unilateral deviation)."""
        proposals, prices = self.proposals.copy(), self.prices.copy()
        proposals[i], prices[i] = proposal, price
        return Messages(proposals, prices)


@dataclass(frozen=True)
class Outcome:
    """What the insurer implements: the profile ``x_hat`` and net payments ``t_hat``.

    Attributes
    ----------
    x : ndarray, shape (N,)
        The effort profile implemented, ``x_hat``.
    payments : ndarray, shape (N,)
        The net payments ``t_hat`` (they sum to zero).

    Examples
    --------
    >>> from replication.naghizadeh2014 import equilibrium_messages, outcome
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> result = outcome(equilibrium_messages(model))
    >>> result.x.round(4).tolist(), result.payments.round(4).tolist()
    ([5.5249, 0.0, 0.3517], [-5.317, 2.9778, 2.3392])
    """

    x: Array
    payments: Array


@dataclass(frozen=True)
class Contracts:
    """Premiums ``rho`` and indemnities ``I`` with ``rho_i - I_i f_i(x) = t_i`` (eq. 8).

    Attributes
    ----------
    premium : ndarray, shape (N,)
        The premiums ``rho`` (money; negative for a subsidised user).
    indemnity : ndarray, shape (N,)
        The indemnities ``I`` (money).

    Examples
    --------
    >>> from replication.naghizadeh2014 import full_cover_contracts, social_optimum
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> contracts = full_cover_contracts(model, social_optimum(model).x)
    >>> contracts.premium.round(4).tolist(), contracts.indemnity.tolist()
    ([-5.2799, 4.6339, 4.6694], [10.0, 10.0, 10.0])
    """

    premium: Array
    indemnity: Array

    @property
    def cover(self) -> Array:
        """The indemnities I (money), under the name shared by every paper's result."""
        return self.indemnity


#: Relative size of the proposal noise of :func:`perturbed` (2%).
PERTURBATION = 0.02


def perturbed(messages: Messages, seed: int, *, size: float = PERTURBATION) -> Messages:
    """The profile ``messages`` with every proposal multiplied by ``1 + size * z``.

    ``z`` is standard normal noise from ``numpy.random.default_rng(seed)``, one draw per
    proposal coordinate; the prices are kept.  Used to start near an equilibrium ``m*``
    (gradient play) and as a sanity check of the deviation search (a perturbed profile must
    leave profitable deviations).  Raises ValueError for a negative ``seed`` or ``size``.
    """
    seed = validate.integer_at_least("seed", seed, 0)
    size = validate.nonnegative("size", size)
    messages = validate.instance("messages", messages, Messages, "a Messages profile (proposals, prices)")
    noise = 1.0 + size * np.random.default_rng(seed).normal(size=messages.proposals.shape)
    return Messages(messages.proposals * noise, messages.prices)


def require_three_users(N: int, name: str = "model") -> None:
    """Raise ValueError unless ``N >= 3`` (``name`` says what has ``N`` users).

    See *What we found* in the book, entry ``naghizadeh2014:repair_n_at_least_3``.
    """
    if N < 3:
        raise ValueError(
            f"{name}: the mechanism needs N >= 3 users, got N = {N}: with N = 2 the cyclic index i + 2 "
            "equals i, so a user's own price proposal enters its payment (7) with a minus sign "
            "and raising it lowers the payment without bound (no equilibrium implements the optimum)"
        )


def payment_formula(proposals: Array, prices: Array, x_hat: Array) -> Array:
    """Eq. (7) with cyclic indices, for any ``N >= 2`` (used as is to show why ``N = 2`` fails)."""
    nxt, nxt2 = np.roll(proposals, -1, axis=0), np.roll(proposals, -2, axis=0)
    p1, p2 = np.roll(prices, -1, axis=0), np.roll(prices, -2, axis=0)
    price_term = (p1 - p2) @ x_hat
    own_penalty = np.sum(prices * (proposals - nxt) ** 2, axis=1)
    next_penalty = np.sum(p1 * (nxt - nxt2) ** 2, axis=1)
    return price_term + own_penalty - next_penalty


#: Most users :func:`symbolic_messages` builds (2 N^2 symbols; more is slow to no purpose).
MAX_SYMBOLIC_USERS = 100


def symbolic_messages(N: int) -> tuple[NDArray[np.object_], NDArray[np.object_]]:
    """Messages of ``N`` users as SymPy symbols, for symbolic checks of eqs. (6)-(7).

    Returns ``(proposals, prices)``, two ``N x N`` object arrays: ``x^i_j`` (user ``i``'s
    proposal of user ``j``'s effort) and ``pi^i_j >= 0``.  :func:`payment_formula` accepts
    them as they are, e.g. ``payment_formula(X, P, X.mean(axis=0))`` is eq. (7) in symbols.
    Raises ValueError for ``N < 2`` or ``N > MAX_SYMBOLIC_USERS``.
    """
    import sympy as sp

    N = validate.integer_at_least("N", N, 2, MAX_SYMBOLIC_USERS)
    proposals = np.array([[sp.Symbol(f"x^{i + 1}_{j + 1}") for j in range(N)] for i in range(N)], dtype=object)
    prices = np.array(
        [[sp.Symbol(f"pi^{i + 1}_{j + 1}", nonnegative=True) for j in range(N)] for i in range(N)], dtype=object
    )
    return proposals, prices


def as_messages(messages: Messages | tuple[ArrayLike, ArrayLike]) -> Messages:
    """``messages`` as :class:`Messages`; a pair ``(proposals, prices)`` of N x N arrays is accepted."""
    if isinstance(messages, Messages):
        return messages
    try:
        proposals, prices = messages
    except (TypeError, ValueError):
        raise ValueError("messages must be a Messages profile or a pair (proposals, prices) of N x N arrays") from None
    return Messages(validate.array("proposals", proposals), validate.array("prices", prices))


def outcome(messages: Messages | tuple[ArrayLike, ArrayLike], *, project: bool = True) -> Outcome:
    """The outcome function, eqs. (6)-(7), literally, with the average projected onto x >= 0.

    ``project=False`` gives the paper's literal average (eq. 6), which may be negative (see
    *What we found* in the book, entry ``naghizadeh2014:repair_nonnegative_average``).
    Requires ``N >= 3``.  The payments sum to zero for every message profile (budget balance
    by telescoping).

    Parameters
    ----------
    messages : Messages or (array_like, array_like)
        The message profile, or a pair (proposals, prices) of N x N arrays, N >= 3.
    project : bool, default True
        Project the average proposal onto x >= 0 (False: the paper's literal eq. 6).

    Returns
    -------
    Outcome
        The profile implemented and the net payments.

    Raises
    ------
    ValueError
        ``messages`` of the wrong kind or shape, or fewer than three users.

    Examples
    --------
    >>> from replication.naghizadeh2014 import equilibrium_messages, outcome
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> result = outcome(equilibrium_messages(model))
    >>> result.payments.round(4).tolist(), bool(abs(result.payments.sum()) < 1e-12)
    ([-5.317, 2.9778, 2.3392], True)
    """
    messages = as_messages(messages)
    project = validate.flag("project", project)
    require_three_users(messages.N, "messages")
    average = messages.proposals.mean(axis=0)
    x_hat = np.maximum(average, 0.0) if project else average
    return Outcome(x_hat, payment_formula(messages.proposals, messages.prices, x_hat))


def user_cost(model: IDSModel, messages: Messages, i: int, *, project: bool = True) -> float:
    """User ``i``'s cost under the mechanism, ``C_i(x_hat) + t_hat_i`` (paper eq. 11)."""
    require_model(model)
    result = outcome(messages, project=project)
    i = validate.index("i", i, result.x.size)
    return float(model.costs(result.x)[i] + result.payments[i])


def net_payments(model: IDSModel, x: ArrayLike) -> Array:
    """Equilibrium net payments at the optimum ``x`` (R-3): ``t_i = -grad C_i(x)' x``.

    Equals ``l_i' x`` for the personalised prices ``l_i`` of :func:`personalised_prices`,
    whatever the split of the multiplier, because ``lambda_i' x = 0``.

    Parameters
    ----------
    model : IDSModel
        The game.
    x : array_like, shape (N,)
        The social optimum (or any profile).

    Returns
    -------
    ndarray, shape (N,)
        The net payments ``t`` (money).

    Raises
    ------
    ValueError
        ``x`` not a finite vector of shape (N,).

    Examples
    --------
    >>> from replication.naghizadeh2014 import net_payments, social_optimum
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> net_payments(model, social_optimum(model).x).round(4).tolist()
    [-5.317, 2.9778, 2.3392]
    """
    require_model(model)
    xa = model.profile(x)
    return -(model.cost_jacobian(xa) @ xa)


def social_multiplier(model: IDSModel, x: ArrayLike) -> Array:
    """KKT multiplier ``lambda = sum_i grad C_i(x)`` of problem (2) (R-2), 0 on the support.

    On coordinates with ``x_j > 0`` the summed gradient vanishes up to the solver's
    residual; it is set to exactly 0 there so that ``lambda' x = 0`` holds exactly.
    """
    require_model(model)
    xa = model.profile(x)
    return np.where(xa > 0, 0.0, model.cost_jacobian(xa).sum(axis=0))


def personalised_prices(model: IDSModel, x: ArrayLike) -> Array:
    """Rows ``l_i = -grad C_i(x*) + lambda / N`` (paper eq. 25 with the split ``lambda_i = lambda/N``)."""
    require_model(model)
    xa = model.profile(x)
    return -model.cost_jacobian(xa) + social_multiplier(model, xa) / model.N


def cyclic_prices(l: Array) -> Array:
    """Price vectors ``pi^i >= 0`` with ``pi^{i+1} - pi^{i+2} = l_i`` (paper eqs. 27-28).

    Recursion ``pi^k = pi^{k-1} - l_{k-2}`` from ``pi^1 = 0``, then every component shifted
    so that its minimum over users is 0 (the smallest non-negative solution).  Consistent
    because ``sum_i l_i = 0``.
    """
    N = l.shape[0]
    prices = np.zeros_like(l)
    for k in range(1, N):
        prices[k] = prices[k - 1] - l[(k - 2) % N]
    return prices - prices.min(axis=0)


def equilibrium_messages(model: IDSModel, x_star: ArrayLike | None = None) -> Messages:
    """The equilibrium ``m*`` of Theorem 2, built as in the paper's appendix.

    Every user proposes ``x*`` (the social optimum, solved if not given); prices come
    from the personalised prices (25) through the cyclic system (27)-(28).

    Parameters
    ----------
    model : IDSModel
        The game, N >= 3.
    x_star : array_like, shape (N,), optional
        The social optimum (default: solved by :func:`~replication.naghizadeh2014.model.game.social_optimum`).

    Returns
    -------
    Messages
        The equilibrium message profile.

    Raises
    ------
    ValueError
        Fewer than three users, or ``x_star`` not a finite vector of shape (N,).

    Examples
    --------
    >>> from replication.naghizadeh2014 import equilibrium_messages
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> messages = equilibrium_messages(model)
    >>> messages.proposals[0].round(4).tolist(), messages.prices.round(4).tolist()
    ([5.5249, 0.0, 0.3517], [[0.466, 0.3132, 0.0], [0.0, 0.0494, 0.6699], [0.9628, 0.0, 0.6624]])
    """
    require_model(model)
    require_three_users(model.N)
    x = social_optimum(model).x if x_star is None else model.profile(x_star, "x_star")
    return Messages(np.tile(x, (model.N, 1)), cyclic_prices(personalised_prices(model, x)))


def full_cover_contracts(model: IDSModel, x: ArrayLike, payments: ArrayLike | None = None) -> Contracts:
    """Full coverage ``I_i = L_i`` for premium ``rho_i = t_i + L_i f_i(x)`` (eq. 8).

    ``payments`` default to the equilibrium net payments (R-3).  A subsidised investor
    with negligible risk gets a negative premium.

    Parameters
    ----------
    model : IDSModel
        The game.
    x : array_like, shape (N,)
        The effort profile implemented.
    payments : array_like, shape (N,), optional
        The net payments (default: :func:`net_payments` at ``x``).

    Returns
    -------
    Contracts
        The premiums and the indemnities ``I_i = L_i``.

    Raises
    ------
    ValueError
        ``x`` or ``payments`` not a finite vector of shape (N,).

    Examples
    --------
    >>> from replication.naghizadeh2014 import full_cover_contracts, social_optimum
    >>> from replication.naghizadeh2014 import WeightedTotalEffort
    >>> model = WeightedTotalEffort([[1.0, 0.5, 0.2], [0.3, 1.0, 0.4], [0.2, 0.1, 1.0]], c=[1.0, 2.0, 3.0], L=10.0)
    >>> full_cover_contracts(model, social_optimum(model).x).premium.round(4).tolist()
    [-5.2799, 4.6339, 4.6694]
    """
    require_model(model)
    xa = model.profile(x)
    t = net_payments(model, xa) if payments is None else validate.array("payments", payments, shape=(model.N,))
    return Contracts(t + model.expected_losses(xa), model.L.copy())


def zero_premium_indemnity(model: IDSModel, x: ArrayLike, payments: ArrayLike | None = None) -> Array:
    """Indemnity giving a zero premium, ``I_i = -t_i / f_i(x)`` (eq. 8 with ``rho_i = 0``)."""
    require_model(model)
    xa = model.profile(x)
    t = net_payments(model, xa) if payments is None else validate.array("payments", payments, shape=(model.N,))
    return -t / model.risk(xa)
