"""Breach-probability functions p(z): the chance that a firm investing z in security is
breached directly.

Both papers assume 0 < p < 1, p' < 0 (security works) and p'' > 0 (with diminishing
returns): Shim (2012) Section 3.1, Ogut et al. (2005) Section 2.  Each family gives
analytic first and second derivatives and can check these assumptions on a domain.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from replication.core import validate

Value = float | np.ndarray


def _z(z: ArrayLike) -> Value:
    """``z`` as a float (a scalar) or an array of floats, refused if NaN or negative."""
    if type(z) is np.ndarray and z.ndim == 0 and z.dtype == np.float64:
        z = float(z)  # a 0-d array, as np.asarray makes of a scalar: the scalar path below
    if type(z) is float or type(z) is np.float64:  # the hot path of the scalar solvers
        if z != z:
            raise ValueError("investment z contains NaN")
        if z < 0:
            raise ValueError(f"investment z must be >= 0, got min {z}")
        return float(z)
    arr = np.asarray(z, dtype=float)
    if np.isnan(arr).any():
        raise ValueError("investment z contains NaN")
    if (arr < 0).any():
        raise ValueError(f"investment z must be >= 0, got min {arr.min()}")
    return float(arr) if arr.ndim == 0 else arr


class BreachFunction(ABC):
    """A direct breach probability p(z) on z >= 0 with its derivatives.

    The base of every family: a subclass gives p, p' and p'' analytically (Shim 2012,
    Section 3.1; Ogut et al. 2005, Section 2 assume 0 < p < 1, p' < 0 < p''), and a
    family is called like p itself.

    Attributes
    ----------
    params : dict of str to float
        The family's parameters by name.
    label : str
        p(z) in LaTeX.
    scale : float
        The family's own unit of investment (money): the z over which p falls by a factor e.

    Examples
    --------
    >>> from replication.security import BreachFunction, ExponentialBreach
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> isinstance(b, BreachFunction), b.params, round(float(b(0.2)), 4)
    (True, {'p0': 0.5, 'a': 5.0}, 0.1839)
    """

    @abstractmethod
    def p(self, z: ArrayLike) -> Value:
        """p(z)."""

    @abstractmethod
    def dp(self, z: ArrayLike) -> Value:
        """p'(z)."""

    @abstractmethod
    def d2p(self, z: ArrayLike) -> Value:
        """p''(z)."""

    @property
    @abstractmethod
    def params(self) -> dict[str, float]:
        """The family's parameters by name."""

    @property
    @abstractmethod
    def label(self) -> str:
        """p(z) in LaTeX, e.g. ``0.5e^{-5z}``."""

    @property
    @abstractmethod
    def scale(self) -> float:
        """The family's own unit of investment: the z over which p falls by a factor e.

        Root searches start their brackets here, so they never evaluate p where it has
        long underflowed to 0 (steep families) or search in steps far too small (flat ones).
        """

    def __call__(self, z: ArrayLike) -> Value:
        return self.p(z)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other) and self.params == other.params

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.params.items())))

    def check(self, z_max: float, points: int = 201) -> None:
        """Raise ``ValueError`` naming the assumption (0<p<1, p'<0, p''>0) that fails on [0, z_max].

        Parameters
        ----------
        z_max : float
            The end of the interval checked (money), > 0.
        points : int, default 201
            The number of equally spaced points checked.

        Returns
        -------
        None

        Raises
        ------
        ValueError
            An assumption fails at a point (named, with the point), or ``z_max`` <= 0.

        Examples
        --------
        >>> from replication.security import ExponentialBreach
        >>> ExponentialBreach(0.5, 5.0).check(2.0)
        """
        validate.positive("z_max", z_max)
        z = np.linspace(0.0, z_max, points)
        # where p (and with it p', p'') is near underflow in floating point the
        # assumptions cannot be judged: only points with p >= 1e-200 are checked
        z = z[np.asarray(self.p(z)) >= 1e-200] if float(self.p(0.0)) >= 1e-200 else z
        for name, ok, where in (
            ("0 < p(z) < 1", lambda v: (v > 0) & (v < 1), self.p(z)),
            ("p'(z) < 0", lambda v: v < 0, self.dp(z)),
            ("p''(z) > 0", lambda v: v > 0, self.d2p(z)),
        ):
            bad = ~ok(np.asarray(where))
            if bad.any():
                raise ValueError(f"{self!r} violates the assumption {name} at z = {z[bad][0]:.4g}")


class ExponentialBreach(BreachFunction):
    """p(z) = p0 exp(-a z), with 0 < p0 < 1 and a > 0: p' = -a p, p'' = a^2 p.

    Parameters
    ----------
    p0 : float
        The breach probability without investment, 0 < p0 < 1.
    a : float
        The rate at which investment lowers it (per unit of money), a > 0.

    Raises
    ------
    ValueError
        ``p0`` outside (0, 1) or ``a`` <= 0.

    Examples
    --------
    >>> from replication.security import ExponentialBreach
    >>> b = ExponentialBreach(0.5, 5.0)
    >>> [round(float(f(0.2)), 4) for f in (b.p, b.dp, b.d2p)], b.scale, b.label
    ([0.1839, -0.9197, 4.5985], 0.2, '0.5e^{-5z}')
    """

    def __init__(self, p0: float, a: float) -> None:
        self.p0 = validate.in_interval("p0", p0, 0.0, 1.0, closed=(False, False))
        self.a = validate.positive("a", a)

    @property
    def params(self) -> dict[str, float]:
        return {"p0": self.p0, "a": self.a}

    @property
    def label(self) -> str:
        return f"{self.p0:g}e^{{-{self.a:g}z}}"

    @property
    def scale(self) -> float:
        """1/a: p falls by a factor e over every 1/a of investment."""
        return 1.0 / self.a

    def p(self, z: ArrayLike) -> Value:
        return self.p0 * np.exp(-self.a * _z(z))

    def dp(self, z: ArrayLike) -> Value:
        return -self.a * self.p(z)

    def d2p(self, z: ArrayLike) -> Value:
        return self.a**2 * self.p(z)


class PowerBreach(BreachFunction):
    """p(z) = p0 (1 + a z)^(-b), with 0 < p0 < 1, a > 0, b > 0.

    p' = -a b p0 (1 + a z)^(-b-1),  p'' = a^2 b (b+1) p0 (1 + a z)^(-b-2).

    Parameters
    ----------
    p0 : float
        The breach probability without investment, 0 < p0 < 1.
    a : float
        The rate of the investment's effect (per unit of money), a > 0.
    b : float
        The power, b > 0.

    Raises
    ------
    ValueError
        ``p0`` outside (0, 1), ``a`` <= 0 or ``b`` <= 0.

    Examples
    --------
    >>> from replication.security import PowerBreach
    >>> b = PowerBreach(0.5, 5.0, 2.0)
    >>> round(float(b.p(0.2)), 4), round(b.scale, 4), b.label
    (0.125, 0.1297, '0.5(1+5z)^{-2}')
    """

    def __init__(self, p0: float, a: float, b: float) -> None:
        self.p0 = validate.in_interval("p0", p0, 0.0, 1.0, closed=(False, False))
        self.a = validate.positive("a", a)
        self.b = validate.positive("b", b)

    @property
    def params(self) -> dict[str, float]:
        return {"p0": self.p0, "a": self.a, "b": self.b}

    @property
    def label(self) -> str:
        return f"{self.p0:g}(1+{self.a:g}z)^{{-{self.b:g}}}"

    @property
    def scale(self) -> float:
        """(e^(1/b) - 1)/a: where p(z) = p0/e."""
        return float(np.expm1(1.0 / self.b)) / self.a if self.b > 1e-3 else 1.0 / self.a

    def p(self, z: ArrayLike) -> Value:
        return self.p0 * (1.0 + self.a * _z(z)) ** (-self.b)

    def dp(self, z: ArrayLike) -> Value:
        return -self.a * self.b * self.p0 * (1.0 + self.a * _z(z)) ** (-self.b - 1.0)

    def d2p(self, z: ArrayLike) -> Value:
        return self.a**2 * self.b * (self.b + 1.0) * self.p0 * (1.0 + self.a * _z(z)) ** (-self.b - 2.0)
