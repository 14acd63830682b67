"""Money units: the consistent rescaling of in_money_unit keeps the model; a naive one does not."""

from __future__ import annotations

import pytest

from replication import ogut2005, shim2012
from replication.security import ExponentialBreach, PowerBreach
from replication.security.units import in_money_unit

SHIM = dict(breach=ExponentialBreach(0.5, 5.0), case="untargeted", insured=True, L=1.0, r=0.5, q=0.5, lam=0.2)


@pytest.mark.parametrize("factor", [1e-6, 0.37, 1000.0, 1e9])
def test_consistent_rescaling_multiplies_money_and_keeps_probabilities(factor):
    base = shim2012.equilibrium(**SHIM)
    other = shim2012.equilibrium(**in_money_unit(factor, **SHIM))
    assert other.z == pytest.approx(factor * base.z, rel=1e-9)
    assert other.I == pytest.approx(factor * base.I, rel=1e-9)
    assert other.P == pytest.approx(base.P, rel=1e-12) and (other.nash, other.corner) == (base.nash, base.corner)


def test_rescaling_names_every_argument_it_changes():
    args = in_money_unit(2.0, breach=PowerBreach(0.6, 8.0, 2.0), L=3.0, r=0.1, q=0.4, lam=0.3, n=5)
    assert (args["L"], args["r"], args["q"], args["lam"], args["n"]) == (6.0, 0.05, 0.4, 0.3, 5)
    assert args["breach"].params == {"p0": 0.6, "a": 4.0, "b": 2.0}
    base = ogut2005.equilibrium(breach=PowerBreach(0.6, 8.0, 2.0), L=3.0, r=0.1, q=0.4, lam=0.3, n=5)
    assert ogut2005.equilibrium(**args).z == pytest.approx(2.0 * base.z, rel=1e-9)


def test_naive_rescaling_of_the_loss_alone_is_another_model():
    """L in euros with r and the breach rate left per thousand dollars: not the same equilibrium."""
    base = shim2012.equilibrium(**SHIM)
    naive = shim2012.equilibrium(**{**SHIM, "L": 1000.0})
    assert abs(naive.z - 1000.0 * base.z) > 0.5 * 1000.0 * base.z
    assert naive.P != pytest.approx(base.P, rel=1e-3)


@pytest.mark.parametrize("factor", [0.0, -1.0, float("inf"), float("nan")])
def test_bad_factor_is_named(factor):
    with pytest.raises(ValueError, match="factor"):
        in_money_unit(factor, **SHIM)


def test_breach_must_be_a_breach_family():
    with pytest.raises(TypeError, match="breach"):
        in_money_unit(2.0, breach=0.5, L=1.0)
