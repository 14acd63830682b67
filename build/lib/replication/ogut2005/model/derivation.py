"""Symbolic derivation of Ogut et al.'s conditions from the expected-utility problem (sympy).

The firm maximises (eq 1 / eq 8)

    EU = B U(w_L) + (1 - B) U(w_N),  w_L = W - L + (1 - pi) I - z,  w_N = W - pi I - z,

with breach probability B(z) and unit premium pi (fair: pi = B; loaded: pi = (1 + lam) B).
The first-order conditions are written with the state utilities U_L = U(w_L), U_N = U(w_N)
and their derivatives as symbols.  The paper's Taylor step (expansion around the breach
state, higher-order terms dropped) is U_N = U_L + U_L' (L - I), U_N' = U_L' + U_L'' (L - I),
with r = -U_L''/U_L'.  Eqs (2), (3), (5), (9), (10) follow; (9)-(10) are our
reconstruction, checked against the legible fragments.
"""

from __future__ import annotations

import sympy as sp

z, z2, I, L, W, lam, r, q = sp.symbols("z z_2 I L W lambda r q", real=True)
U_L, U_N, dU_L, dU_N, d2U_L = sp.symbols("U_L U_N U_L' U_N' U_L''", real=True)
B = sp.Function("B")(z)
p = sp.Function("p")
p.__module__ = __name__  # sympy leaves the class without a module, which help() cannot name


def first_order_condition(breach: sp.Expr, premium: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """dEU/dvar for breach probability ``breach`` and unit premium ``premium`` (chain rule by hand)."""
    w_L = W - L + (1 - premium) * I - z
    w_N = W - premium * I - z
    return (
        sp.diff(breach, var) * (U_L - U_N) + breach * dU_L * sp.diff(w_L, var) + (1 - breach) * dU_N * sp.diff(w_N, var)
    )


def taylor_step(expr: sp.Expr) -> sp.Expr:
    """Expand around the breach state and divide by U_L' (r = -U_L''/U_L')."""
    expanded = expr.subs({U_N: U_L + dU_L * (L - I), dU_N: dU_L + d2U_L * (L - I)})
    return sp.simplify(sp.expand(expanded.subs(d2U_L, -r * dU_L) / dU_L))


def fair_cover() -> sp.Expr:
    """Eq (3): the cover condition at a fair price, B(1 - B)(U_L' - U_N') = 0, so U_L' = U_N' and I = L."""
    return sp.factor(first_order_condition(B, B, I))


def fair_investment() -> sp.Eq:
    """Eq (2): with I = L (so U_L = U_N, U_L' = U_N') the investment condition is B'(z) = -1/L."""
    foc = first_order_condition(B, B, z).subs({I: L, U_N: U_L, dU_N: dU_L})
    return sp.Eq(sp.diff(B, z), sp.solve(foc, sp.diff(B, z))[0])


def uninsured_investment(taylor: bool) -> sp.Eq:
    """Eq (5): without insurance B' = -[B U_L' + (1 - B) U_N']/(U_N - U_L); after the Taylor step
    B' = -1/L + r (1 - B)."""
    foc = first_order_condition(B, B, z)
    foc = (taylor_step(foc) if taylor else foc).subs(I, 0)
    return sp.Eq(sp.diff(B, z), sp.collect(sp.expand(sp.solve(foc, sp.diff(B, z))[0]), r))


def interdependent_conditions() -> tuple[sp.Eq, sp.Eq]:
    """Eqs (9)-(10) at the symmetric point, under the Taylor step.

    B = 1 - (1 - p(z))(1 - q p(z_2)) (eq 6), pi = (1 + lam) B (eq 7).  The cover condition
    gives I; substituting it into the investment condition cancels every r term.
    """
    breach = 1 - (1 - p(z)) * (1 - q * p(z2))
    premium = (1 + lam) * breach
    cover = sp.solve(taylor_step(first_order_condition(breach, premium, I)), I)[0]
    invest = taylor_step(first_order_condition(breach, premium, z)).subs(I, cover)
    dp = sp.Derivative(p(z), z)
    marginal = sp.solve(sp.simplify(invest), dp)[0]
    symmetric = {z2: z}
    return (
        sp.Eq(dp * (1 - q * p(z)), sp.simplify((marginal * (1 - q * p(z2))).subs(symmetric))),
        sp.Eq(I, L - sp.factor(sp.simplify(L - cover.subs(symmetric)))),
    )


def exact_cara_cover() -> sp.Eq:
    """Cover under exact CARA utility U(w) = -exp(-r w), loaded price pi = (1 + lam) B (our derivation).

    dEU/dI = 0 gives I = L - (1/r) ln[(1 + lam)(1 - B)/(1 - (1 + lam) B)], the closed form of
    :func:`replication.security.cara.exact_cover`.
    """
    b = sp.symbols("B", positive=True)
    rr = sp.symbols("r", positive=True)
    premium = (1 + lam) * b
    eu = -(b * sp.exp(-rr * (W - L + (1 - premium) * I - z)) + (1 - b) * sp.exp(-rr * (W - premium * I - z)))
    solution = sp.solve(sp.diff(eu, I), I)[0]
    return sp.Eq(I, sp.simplify(sp.expand_log(solution, force=True)).subs(rr, r))
