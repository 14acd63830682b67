"""What a reader can change in the Ogut, Menon & Raghunathan (2005) chapters."""

from replication.core.explore import FIRMS, LOSS, Exploration, Knob, breach_knob

BREACH = breach_knob("ExponentialBreach(0.5, -1.0)")
Q = Knob("q", "interdependence: the chance a breach of one firm spreads to the other", "0 <= q <= 1", "1.5")
L = LOSS
R = Knob("r", "absolute risk aversion", "r > 0", "0.0")
LAM = Knob("lam", "the insurance loading: cover costs (1 + lam) P per unit", "lam >= 0 (0: fair insurance)", "-0.2")
N = FIRMS
IMPORTS = ("from replication.security.breach import ExponentialBreach",)
BASE = {"breach": "ExponentialBreach(0.5, 5.0)", "L": "1.0", "r": "0.5", "q": "0.5", "lam": "0.2"}

EXPLORATIONS = (
    Exploration(
        "book/ogut2005/independent",
        "replication.ogut2005.equilibrium",
        {**BASE, "q": "0.0"},
        "the equilibrium with insurance of independent firms (q = 0): `.z` investment, `.I` cover; "
        "at lam = 0 the cover is full (Result 1).",
        (BREACH, L, R, LAM),
        IMPORTS,
        positional=("breach",),
    ),
    Exploration(
        "book/ogut2005/interdependent",
        "replication.ogut2005.equilibrium",
        {**BASE, "n": "2"},
        "the stable symmetric equilibrium of n interdependent firms with insurance: `.z` "
        "investment, `.I` cover; compare q = 0 with q > 0 (Results 3-9).",
        (BREACH, L, R, Q, LAM, N),
        IMPORTS,
        positional=("breach",),
    ),
    Exploration(
        "book/ogut2005/regions_planner",
        "replication.ogut2005.regions",
        dict(BASE),
        "the four market regions' investments and covers at these inputs (Results 10-13); "
        "`replication.ogut2005.planner` takes the same arguments.",
        (
            BREACH,
            L,
            R,
            Knob("q", "interdependence", "0 < q <= 1", "0.0"),
            Knob("lam", "the insurance loading", "lam > 0", "0.0"),
        ),
        IMPORTS,
        positional=("breach",),
    ),
    Exploration(
        "book/ogut2005/exact_cara",
        "replication.ogut2005.exact_cara_equilibrium",
        {"breach": BASE["breach"], "insured": "True"} | BASE | {"r": "0.2"},
        "the equilibrium under exact CARA utility (no Taylor step): `.z` and `.I`; vary r to "
        "see how far the Taylor step's answer is from the exact one.",
        (BREACH, L, R, Q, LAM),
        IMPORTS,
        positional=("breach",),
    ),
)
