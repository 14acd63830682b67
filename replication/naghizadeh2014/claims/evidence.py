"""Evidence shared by the claim checks of Naghizadeh & Liu (2014) over random draws.

Shares of draws in words, and the per-draw tests that Examples 1 and 2 have in common (so
that each example's claim can run on the other example's draws as its contrast case).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from replication.core import ClaimResult, status_by_rule
from replication.core.seeds import all_per_draw


def share_text(holds: NDArray[np.bool_]) -> str:
    """ "k of n draws (p%)" for a boolean array of draws."""
    return f"{int(holds.sum())} of {holds.size} draws ({holds.mean():.0%})"


def losses_fall(ne_losses: NDArray[np.float64], so_losses: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Per draw: every user's expected loss is lower at the optimum than at the equilibrium."""
    return all_per_draw(so_losses < ne_losses + 1e-12)


def componentwise_result(draws: NDArray[np.bool_], design: str, checked_over: str) -> ClaimResult:
    """Every user's cost falls, ``C_i(x*) + t_i* < C_i(x^NE)``, in every draw (shared with Example 2)."""
    return ClaimResult(
        status_by_rule(int((~draws).sum()), int(draws.size)),
        f"Every user's cost falls in {share_text(draws)} of {design}"
        + (
            "; in the others at least one user pays more in the mechanism than without insurance."
            if (~draws).any()
            else "."
        ),
        {"draws": int(draws.size), "share": float(draws.mean())},
        checked_over=checked_over,
    )
