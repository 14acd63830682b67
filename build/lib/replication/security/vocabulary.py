"""One vocabulary for the results of the three papers: investment, cover, breach probability,
residual and corner.

Each paper keeps its own symbols (Shim and Ogut et al.: ``z``, ``I``, ``P``; Naghizadeh &
Liu: ``x``, ``kkt_residual``), and every result type also answers to the shared names:

========================  ===============================  ======================================
name                      Shim (2012), Ogut et al. (2005)  Naghizadeh & Liu (2014)
========================  ===============================  ======================================
``investment``            z (money)                        x, one effort per user (effort units)
``cover``                 I (money)                        ``Contracts.cover``: the indemnities
``breach_probability``    P (dimensionless)                ``model.risk(x)`` (the model knows it)
``residual``              first-order residual at z        the KKT residual ``kkt_residual``
``corner``                :func:`corner` of the bounds     ``"investment (users ...)"`` or None
========================  ===============================  ======================================

``lam`` is the insurance loading everywhere (price (1 + lam) P per unit of cover); the
multiplier of Naghizadeh & Liu's problem (2) is ``social_multiplier``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: What :func:`corner` can return: which bound of a solution binds (None: an interior solution).
CORNERS = (None, "cover", "investment", "cover and investment")


def corner(*, cover: bool, investment: bool) -> str | None:
    """The name of the bounds that bind at a solution, as every solver's ``corner`` field gives it.

    ``cover``: the firm buys no cover (I = 0, the cover formula is <= 0); ``investment``:
    it invests nothing (z = 0, the marginal cost of the first unit is at least its marginal
    benefit, the KKT sign condition).  Returns ``"cover"``, ``"investment"``,
    ``"cover and investment"`` or None for an interior solution (one of :data:`CORNERS`).

    >>> corner(cover=True, investment=False), corner(cover=False, investment=False)
    ('cover', None)
    """
    if cover and investment:
        return "cover and investment"
    return "cover" if cover else ("investment" if investment else None)


class FirmResult:
    """The shared names of a firm's solution with fields ``z``, ``I`` and ``P`` (Shim, Ogut et al.)."""

    z: float
    I: float
    P: float

    @property
    def investment(self) -> float:
        """The security investment z (money)."""
        return self.z

    @property
    def cover(self) -> float:
        """The cover bought I (money; 0 without insurance or at a ``"cover"`` corner)."""
        return self.I

    @property
    def breach_probability(self) -> float:
        """The firm's breach probability P at the solution (dimensionless)."""
        return self.P


class EffortResult:
    """The shared names of a profile of efforts ``x`` with its ``kkt_residual`` (Naghizadeh & Liu)."""

    x: NDArray[np.float64]
    kkt_residual: float

    @property
    def investment(self) -> NDArray[np.float64]:
        """The efforts x (one per user, in each user's own units of effort); breach
        probabilities are ``model.risk(x)``; the game has no cover."""
        return self.x

    @property
    def residual(self) -> float:
        """The KKT residual ``kkt_residual``."""
        return self.kkt_residual

    @property
    def at_zero(self) -> tuple[int, ...]:
        """The users whose effort is exactly 0 (their bound x_i >= 0 binds)."""
        return tuple(int(i) for i in np.flatnonzero(self.x == 0.0))

    @property
    def corner(self) -> str | None:
        """Which bounds bind: None when every user exerts effort, else ``"investment"``
        followed by the users at 0, e.g. ``"investment (users 0, 3)"``.

        A corner is certified as an interior point is: in the paper's models each user's
        cost is convex in its own effort, so the KKT sign condition (dC_i/dx_i >= 0 at
        x_i = 0) makes 0 its global best reply.
        """
        users = self.at_zero
        if not users:
            return None
        return f"investment (user{'s' if len(users) > 1 else ''} {', '.join(map(str, users))})"
