"""Numerical helpers shared by the models: root sets, scalar roots on the problem's own scale,
KKT residuals, convergence errors.

Solvers report what they achieved and raise :class:`ConvergenceError` (with the residual)
when they did not reach their tolerance.  Every tolerance of the root searches is relative to
the scale of the function.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from replication.core import validate


class ConvergenceError(RuntimeError):
    """A solver stopped without meeting its tolerance; ``residual`` says how far it got."""

    def __init__(self, message: str, residual: float) -> None:
        super().__init__(f"{message} (residual {residual:.3g})")
        self.residual = residual


class NoInteriorSolution(ValueError):
    """The model's first-order conditions have no interior solution for these inputs."""


@dataclass(frozen=True)
class Root:
    """A root of a scalar function with the slope of the function there."""

    x: float
    residual: float
    slope: float


def all_roots(
    f: Callable[[float], float],
    lo: float,
    hi: float,
    *,
    grid: int = 400,
    xtol: float = 1e-14,
    scale: float | None = None,
) -> list[Root]:
    """Every sign change of ``f`` on ``[lo, hi]``, located by Brent's method.

    ``f`` is scanned on a grid of ``grid`` intervals, geometric near ``lo`` when
    ``lo == 0`` so that roots close to zero are found; each bracket is refined with
    ``scipy.optimize.brentq``.  Roots of even multiplicity (touching zero) are not
    sign changes and are not reported.  The slope is a central difference.  ``scale``
    (the problem's own unit of ``x``, default 1) makes ``xtol`` and the
    difference step relative: ``xtol * scale`` and ``1e-7 max(|x|, scale)``.

    Parameters
    ----------
    f : callable
        The scalar function, finite on ``[lo, hi]``.
    lo, hi : float
        The search interval, ``lo < hi``.
    grid : int, default 400
        The number of scan intervals.
    xtol : float, default 1e-14
        Brent's tolerance, relative to ``scale``.
    scale : float, optional
        The problem's own unit of ``x`` (default 1).

    Returns
    -------
    list of Root
        Every sign change, in increasing x, with the residual and the slope there.

    Raises
    ------
    ValueError
        ``hi <= lo``, or ``f`` not finite on the scan.

    Examples
    --------
    >>> from replication.numerics.solvers import all_roots
    >>> roots = all_roots(lambda x: (x - 1.0) * (x - 2.0), 0.0, 3.0)
    >>> [(round(r.x, 10), round(r.slope, 6)) for r in roots]
    [(1.0, -1.0), (2.0, 1.0)]
    """
    if not hi > lo:
        raise ValueError(f"need hi > lo, got [{lo}, {hi}]")
    unit = 1.0 if scale is None else scale
    if lo == 0.0:
        xs = np.concatenate(([0.0], np.geomspace(hi * 1e-9, hi, grid)))
    else:
        xs = np.linspace(lo, hi, grid + 1)
    values = np.array([f(float(x)) for x in xs])
    if not np.isfinite(values).all():
        raise ValueError("function is not finite on the search interval")
    roots: list[Root] = []
    for a, b, fa, fb in zip(xs[:-1], xs[1:], values[:-1], values[1:]):
        if fa == 0.0:
            x = float(a)
        elif np.sign(fa) * np.sign(fb) < 0:
            x = float(brentq(f, a, b, xtol=xtol * unit, rtol=4 * np.finfo(float).eps))
        else:
            continue
        h = 1e-7 * max(abs(x), unit)
        slope = (f(x + h) - f(max(x - h, lo))) / (x + h - max(x - h, lo))
        roots.append(Root(x, float(f(x)), float(slope)))
    if values[-1] == 0.0:
        roots.append(Root(float(xs[-1]), 0.0, float("nan")))
    return roots


def kkt_residual(x: ArrayLike, gradient: ArrayLike) -> float:
    """Residual of the complementarity conditions x >= 0, g >= 0, x*g = 0.

    Returns ``max_j |min(x_j, g_j)|``, which is zero exactly at a KKT point of
    ``min f(x) s.t. x >= 0`` with gradient ``g``.
    """
    xa = np.asarray(x, dtype=float)
    ga = np.asarray(gradient, dtype=float)
    if xa.shape != ga.shape:
        raise ValueError(f"x and gradient must have the same shape, got {xa.shape} and {ga.shape}")
    return float(np.max(np.abs(np.minimum(xa, ga)))) if xa.size else 0.0


def require_converged(residual: float, tol: float, what: str) -> float:
    """Return ``residual`` if it is below ``tol``; otherwise raise :class:`ConvergenceError`."""
    if not np.isfinite(residual) or residual > tol:
        raise ConvergenceError(f"{what} did not converge to tolerance {tol:g}", residual)
    return residual


# -- scalar roots on the problem's own scale ------------------------------------------------
#: Largest number of doublings of a bracket (from the scale, 2^1000 covers every float).
MAX_DOUBLINGS = 1000


def expanding_bound(done: Callable[[float], bool], scale: float, what: str) -> float:
    """The first ``scale * 2^k`` (``k = 0, 1, ...``) at which ``done`` holds.

    ``scale`` is the problem's own unit of the variable (for a breach function, the
    investment over which ``p`` falls by a factor ``e``), so the search starts where the
    function changes and never evaluates it where it has long underflowed.  Raises
    ``ValueError`` naming ``what`` when no float is large enough.
    """
    scale = validate.positive("scale", scale)
    z = scale
    for _ in range(MAX_DOUBLINGS):
        if done(z):
            return z
        z *= 2.0
        if not math.isfinite(z):
            break
    raise ValueError(
        f"{what}: no bound below the largest float (scale {scale:g}); the problem "
        "is outside the range of double precision"
    )


def sign_changes(values: ArrayLike) -> NDArray[np.intp]:
    """Indices ``i`` where ``values[i]`` and ``values[i + 1]`` have strictly opposite signs.

    Compares signs, not the product, which underflows to 0 for two tiny values.
    """
    signs = np.sign(np.asarray(values, dtype=float))
    return np.flatnonzero(signs[:-1] * signs[1:] < 0)


def root_in(f: Callable[[float], float], lo: float, hi: float, scale: float) -> float:
    """Brent's method on a sign change of ``f`` in ``[lo, hi]``, to a tolerance relative to
    ``scale`` and to the root itself."""
    return float(brentq(f, lo, hi, xtol=1e-14 * scale, rtol=4 * np.finfo(float).eps, maxiter=500))
