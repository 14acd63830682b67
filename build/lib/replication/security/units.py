"""Money units: which quantities are money, which are per unit of money, and how to rescale.

Every model of the package is free of a unit of money: change the unit by a factor ``s``
(from thousands of dollars to euros, say) and every money quantity is multiplied by ``s``,
every quantity per unit of money divided by ``s``, and every probability and verdict
stays as it was.  :func:`in_money_unit` does it for the keyword arguments of a solver.

==============================================  ==================  ============================
quantity                                        unit                unit of money s times smaller
==============================================  ==================  ============================
loss ``L``, investment ``z``, cover ``I``       money               times s
premiums, payments, costs                       money               times s
absolute risk aversion ``r``                    per unit of money   divided by s
breach rate ``a`` (p depends on ``a z``)        per unit of money   divided by s
``p0``, ``b``, ``q``, ``lam``, ``n``            dimensionless       unchanged
breach probability P, premium rate (1 + lam) P  dimensionless       unchanged
==============================================  ==================  ============================

In Naghizadeh & Liu (2014) efforts are not money: unit costs ``c`` and losses ``L`` are
money (times s), efforts ``x`` and risks f(x) are unchanged, the mechanism's prices are
money per squared effort (times s).

**A naive rescaling changes the model.**  Multiplying only the loss ``L`` by ``s`` (say,
to state it in euros rather than thousands of dollars) leaves the breach function's rate
``a`` and the risk aversion ``r`` in the old unit: the firm then faces a breach function
under which one euro of investment buys what a thousand dollars bought, and a risk
aversion ``r L`` a thousand times larger relative to its loss.  That is another model,
with another equilibrium, not the same one in euros; :func:`in_money_unit` restates all
three together, and the equilibrium's investment and cover come out times ``s``.
"""

from __future__ import annotations

from typing import Any

from replication.core import validate
from replication.security.breach import BreachFunction

#: The parameters of the breach families that are rates per unit of money (p depends on a z).
RATES = ("a",)
#: Solver keywords that are money (times s) and per unit of money (divided by s).
MONEY = ("L",)
PER_MONEY = ("r",)


def in_money_unit(factor: float, **parameters: Any) -> dict[str, Any]:
    """The keyword arguments of a solver of Shim (2012) or Ogut et al. (2005) restated in a
    unit of money ``factor`` times smaller (every amount of money ``factor`` times larger).

    ``L`` is multiplied by ``factor``, ``r`` divided by it, and a ``breach`` family is
    rebuilt with its rate ``a`` divided by it (:data:`RATES`); every other keyword (``q``,
    ``lam``, ``n``, ``case``, ``insured``) is kept.  The solution of the result is the
    same one: ``z`` and ``I`` times ``factor``, ``P`` and every verdict unchanged.  Raises
    ``ValueError`` naming ``factor`` unless it is positive and finite, and ``TypeError``
    naming ``breach`` for an object that is not a
    :class:`~replication.security.breach.BreachFunction`.

    >>> from replication.security import ExponentialBreach
    >>> from replication.shim2012 import equilibrium
    >>> base = dict(breach=ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)
    >>> in_euros = in_money_unit(1000.0, **base)
    >>> in_euros["L"], in_euros["r"], in_euros["breach"]
    (1000.0, 0.0005, ExponentialBreach(p0=0.5, a=0.005))
    >>> round(equilibrium(**in_euros).z / equilibrium(**base).z, 9)
    1000.0
    """
    factor = validate.positive("factor", factor)
    out = dict(parameters)
    for name in MONEY:
        if name in out:
            out[name] = out[name] * factor
    for name in PER_MONEY:
        if name in out:
            out[name] = out[name] / factor
    if "breach" in out:
        breach = validate.instance("breach", out["breach"], BreachFunction, "a BreachFunction p(z)")
        params = {k: (v / factor if k in RATES else v) for k, v in breach.params.items()}
        out["breach"] = type(breach)(**params)
    return out
