"""What a reader can change in the Shim (2012) chapters (rendered by ``replication.core.explore``)."""

from replication.core.explore import LOSS, Exploration, Knob, breach_knob

BREACH = breach_knob("ExponentialBreach(1.5, 5.0)")
CASE = Knob(
    "case",
    "the attack structure (Section III)",
    '"independent", "untargeted" (positive externality) or "targeted" (negative externality)',
    '"random"',
)
L = LOSS
R = Knob("r", "absolute risk aversion of the CARA utility", "r > 0", "-0.5")
Q = Knob("q", "the chance a breach of the partner spreads (untargeted attacks, eq 4)", "0 <= q <= 1", "1.5")
LAM = Knob("lam", "the insurance loading: cover costs (1 + lam) P per unit", "lam >= 0 (0: a fair market)", "-0.1")
IMPORTS = ("from replication.security import ExponentialBreach",)

EXPLORATIONS = (
    Exploration(
        "book/shim2012/frameworks",
        "replication.shim2012.model.attacks.externality",
        {"breach": "ExponentialBreach(0.5, 5.0)", "case": '"untargeted"', "z1": "0.1", "z2": "0.1", "q": "0.5"},
        "dP1/dz2, the change in firm 1's breach probability as firm 2 invests more: negative "
        "for a positive externality, positive for a negative one, zero for independent risks.",
        (BREACH, CASE, Q),
        IMPORTS,
        positional=("breach",),
    ),
    Exploration(
        "book/shim2012/no_insurance",
        "replication.shim2012.equilibrium",
        {
            "breach": "ExponentialBreach(0.5, 5.0)",
            "case": '"untargeted"',
            "insured": "False",
            "L": "1.0",
            "r": "0.5",
            "q": "0.5",
        },
        "the symmetric Nash equilibrium without insurance: `.z` is each firm's investment.",
        (BREACH, CASE, L, R, Q),
        IMPORTS,
        positional=("breach",),
    ),
    Exploration(
        "book/shim2012/insurance",
        "replication.shim2012.equilibrium",
        {
            "breach": "ExponentialBreach(0.5, 5.0)",
            "case": '"untargeted"',
            "insured": "True",
            "L": "1.0",
            "r": "0.5",
            "q": "0.5",
            "lam": "0.2",
        },
        "the symmetric Nash equilibrium with insurance: `.z` is investment and `.I` the cover "
        'bought; where a loading is too large for any cover, `.corner` is `"cover"` and `.I` is 0.',
        (BREACH, CASE, L, R, Q, LAM),
        IMPORTS,
        positional=("breach",),
    ),
)
