"""Shim (2012) without the Taylor step: the planner under exact CARA utility (our derivation).

The paper's planner (:func:`~replication.shim2012.model.game.planner`) solves the
Taylor-step conditions; here the same two-firm planner maximises the firms' exact
certainty equivalents (:mod:`replication.security.cara_planner`).
"""

from __future__ import annotations

from replication.numerics.solvers import NoInteriorSolution
from replication.security.breach import BreachFunction
from replication.security.cara_planner import cara_planner_best, exact_planner_solutions
from replication.shim2012.model.game import Equilibrium, NoEquilibrium, validated


def exact_cara_planner(
    breach: BreachFunction, *, case: str, insured: bool, L: float, r: float, q: float = 0.0, lam: float = 0.0
) -> Equilibrium:
    """The planner's symmetric level under exact CARA utility, without the Taylor step (our derivation).

    The exact counterpart of :func:`~replication.shim2012.model.game.planner`: one
    investment z and one cover I for both firms, chosen to maximise the sum of their
    certainty equivalents (on the symmetric line the same plan as maximising the sum of
    expected utilities), at the market price (1 + lam) P with the insurer's margin not
    counted (:mod:`replication.security.cara_planner`).  The returned point is the global optimum
    along the symmetric line z >= 0 (``nash``, ``deviation``); asymmetric plans are not
    searched.  ``roots`` are the roots of the exact residual.  ``inputs`` records the
    instance (``planner=True``); functions that re-solve it (e.g.
    :func:`~replication.shim2012.model.game.sensitivity`) use the Taylor step.

    Parameters
    ----------
    breach
        The breach family p(z).
    case, insured, L, r, q, lam
        As :func:`~replication.shim2012.model.game.equilibrium`.

    Returns
    -------
    Equilibrium
        The planner's level, certified (``nash``) as the global optimum along the symmetric line.

    Raises
    ------
    ValueError, TypeError
        Naming the argument as :func:`~replication.shim2012.model.game.validated`.
    NoInteriorSolution
        When the exact first-order condition has no stable root z > 0.
    NoEquilibrium
        When no stable root is the global optimum along the line.

    Examples
    --------
    >>> from replication.security.breach import ExponentialBreach
    >>> e = exact_cara_planner(ExponentialBreach(0.5, 5.0), case="untargeted", insured=False, L=1.0, r=0.5, q=0.5)
    >>> e.nash, round(e.z, 4)
    (True, 0.2769)
    """
    inputs = validated(breach, case=case, insured=insured, L=L, r=r, q=q, lam=lam, planner=True)
    b, s = inputs.breach, inputs.structure
    ins, L, r, lam = inputs.insured, inputs.L, inputs.r, inputs.lam
    roots = tuple(exact_planner_solutions(b, s, insured=ins, L=L, r=r, lam=lam))
    stationary = tuple(root.z for root in roots if root.stable)
    found = []
    for root in roots:
        best = cara_planner_best(b, s, insured=ins, L=L, r=r, lam=lam, z=root.z, stationary=stationary)
        found.append(
            Equilibrium(
                inputs,
                root.z,
                root.I,
                root.P,
                root.premium_rate,
                root.residual,
                root.slope,
                root.stable,
                roots,
                best.nash,
                best,
            )
        )
    regime = "insured" if ins else "uninsured"
    what = f"{inputs.case} exact CARA planner ({regime}, L={L:g}, r={r:g}, q={inputs.q:g}, lam={lam:g}, p(z)={b.label})"
    good = [e for e in found if e.stable and e.nash]
    if not any(e.stable for e in found):
        raise NoInteriorSolution(f"{what}: the exact first-order condition has no stable root z > 0")
    if not good:
        raise NoEquilibrium(
            f"{what}: no stable root is the optimum along the symmetric line: "
            + "; ".join(f"at z = {e.z:.6g}, {e.deviation.describe()}" for e in found if e.stable)
        )
    return good[-1]
