"""Every checkable statement of Naghizadeh & Liu (2014), in paper order.

Each entry names the claims that check it (see *What we found* in the book for those not
reproduced as worded) or says why it is context rather than a claim about the model:
market statistics, the literature, remedies the paper leaves unspecified.
"""

from __future__ import annotations

from replication.ledger.inventory import Statement

P = "naghizadeh2014:"

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "Abstract; Section I-B",
        "in-text",
        "Competitive cyber-insurance markets ensure participation but fail to improve, and can "
        "worsen, network security.",
        context="a result of the cited literature on competitive markets, which the paper does not model",
    ),
    Statement(
        "Abstract; Section I-B",
        "in-text",
        "A monopolist profit-neutral insurer using premium discrimination induces socially optimal "
        "security when security decisions are binary, with mandatory participation.",
        context="a result of the cited literature on binary-decision models, outside this paper's continuous model",
    ),
    Statement(
        "Section I (market)",
        "number",
        "Over 30 carriers offer cyber-insurance in the US; premiums grew 10-25% in 2012; written "
        "premiums total USD 500 million to 1 billion; limits average USD 16.8 million.",
        context="market statistics quoted from industry surveys",
    ),
    Statement(
        "Section I-A",
        "in-text",
        "Self-interested users ignore the externality of their security investment and free-ride, "
        "so the Nash equilibrium under-invests and the system is less secure than at the social "
        "optimum.",
        claims=(P + "underinvestment",),
    ),
    Statement(
        "Section I-B",
        "in-text",
        "Adverse selection, moral hazard, interdependent risks and correlated damages complicate "
        "the design of cyber-insurance.",
        context="a survey of the literature's difficulties; the paper's model has no private information to select on",
    ),
    Statement(
        "Section I-C",
        "in-text",
        "The paper presents a message exchange process through which users converge to an "
        "equilibrium at the socially optimal investments.",
        claims=(P + "adjustment_gradient_play",),
    ),
    Statement(
        "Section I-C",
        "in-text",
        "The mechanism applies to a general model of interdependence with heterogeneous users and "
        "continuous levels of effort.",
        claims=(P + "theorem_1", P + "theorem_2"),
    ),
    Statement(
        "Abstract; Section I-C",
        "in-text",
        "Because security is a non-excludable public good, the regulator may be unable to guarantee "
        "that users voluntarily buy insurance.",
        claims=(P + "negative_example",),
    ),
    Statement(
        "Section I-B, footnote 1",
        "in-text",
        "The monopolist insurer is profit-neutral and acts as a regulator; 'insurance regulator' and "
        "'monopolistic insurer' are used interchangeably.",
        context="terminology",
    ),
    Statement(
        "Section I-C",
        "in-text",
        "This is the first work to study voluntary participation in cyber-insurance markets.",
        context="a statement about the literature",
    ),
    Statement(
        "Section II",
        "in-text",
        "Under the model's assumptions the IDS game has a unique socially optimal investment profile.",
        claims=(P + "unique_optimum",),
    ),
    Statement(
        "Section II (contracts)",
        "in-text",
        "A contract is a premium and a coverage; coverage may be partial, full, or above the loss (a "
        "reward on a breach).",
        context="the definition of the contract space",
    ),
    Statement(
        "Section II (contracts)",
        "in-text",
        "The insurer can implement the social optimum with the simplest contracts, a premium and a "
        "coverage level only.",
        claims=(P + "theorem_2",),
    ),
    Statement(
        "Section II; Section III",
        "in-text",
        "With a profit-neutral insurer the social optimum is the same under utilities (1) and (3); "
        "the net payments (7) sum to zero for every message profile, so profit neutrality holds by "
        "construction.",
        claims=(P + "budget_balance",),
    ),
    Statement(
        "Section II, footnote 2",
        "in-text",
        "A profit-making monopolist insurer can only make the voluntary participation constraints harder to satisfy.",
        context="arithmetic: a profit P lowers the budget available to every user's participation "
        "condition by P, so it cannot fail; the participation chapter computes the budget "
        "these conditions need",
    ),
    Statement(
        "Section III, eq. (6)",
        "in-text",
        "Each user proposes a whole investment profile in R^N and the insurer implements the plain "
        "average of the proposals.",
        claims=(P + "repair_nonnegative_average",),
    ),
    Statement(
        "Section III, after eq. (8)",
        "in-text",
        "Eq. (8) has many solutions, each an optimal contract: the insurer may offer full coverage for a "
        "high premium or partial coverage for a lower one; the net payments can also be read as taxes "
        "and rewards.",
        context="a design freedom, not a claim about outcomes: (8) fixes only the net payment "
        "premium minus expected indemnity, and the mechanism chapter shows two of its solutions",
    ),
    Statement(
        "Section III-A",
        "in-text",
        "The third term of the net payment (7) does not depend on user i's message.",
        claims=(P + "repair_n_at_least_3",),
    ),
    Statement(
        "Section III-A; proof of Theorem 1, eq. (13)",
        "in-text",
        "At an equilibrium the disagreement penalties of (7) vanish and the net payment reduces to t_i = l_i' x_hat.",
        claims=(P + "theorem_1",),
    ),
    Statement(
        "Section III-A, eqs. (9)-(10)",
        "in-text",
        "At an equilibrium the implemented profile is individually optimal at the personalised "
        "prices, and these equal l_ij = -L_i df_i/dx_j on the support: each user finances others "
        "in proportion to the externality they create.",
        claims=(P + "repair_equation_10",),
    ),
    Statement(
        "Section III-B, Theorem 1",
        "theorem",
        "Every Nash equilibrium of the regulated game implements the social optimum, so all "
        "equilibria give the same investment profile.",
        claims=(P + "theorem_1", P + "theorem_1_unrepaired"),
    ),
    Statement(
        "Section III-B, Theorem 2; Appendix",
        "theorem",
        "For the social optimum there is a Nash equilibrium of the regulated game that implements "
        "it, built from personalised prices and the cyclic price system (27)-(28).",
        claims=(P + "theorem_2", P + "theorem_2_unrepaired"),
    ),
    Statement(
        "Section IV-A, Figure 1 discussion",
        "figure",
        "In Example 1 the contracts not only transfer risk but also reduce it: users' expected "
        "losses are lower at the social optimum.",
        claims=(P + "example_1_risk_reduction",),
    ),
    Statement(
        "Section IV-A, footnote 4",
        "in-text",
        "Moving from the Nash equilibrium to the social optimum does not necessarily reduce every "
        "user's risk: some users may face higher risks or losses.",
        claims=(P + "footnote_4_higher_risk",),
    ),
    Statement(
        "Section IV-A, Figure 2 discussion",
        "figure",
        "As expected, the social optimum requires users with lower cost of security to make higher investments.",
        claims=(P + "example_1_lower_cost_invests_more", P + "example_1_lower_cost_spends_more"),
    ),
    Statement(
        "Section IV-A, Figure 3 discussion",
        "figure",
        "The main investors 1 and 2 have negative net payments, covered by the positive payments of "
        "the other users; several users have negligible payments, losses and spending.",
        claims=(P + "example_1_pattern",),
    ),
    Statement(
        "Section IV-A (contracts)",
        "number",
        "Users with negligible payments get degenerate contracts; with full coverage users 5 and 7 pay "
        "premiums of USD 4.7 million and 7 million.",
        claims=(P + "example_1_contracts", P + "example_1_pattern"),
    ),
    Statement(
        "Section IV-A (contracts)",
        "in-text",
        "The probability of large losses is negligible for the main investors 1 and 2, so offering them "
        "an indemnification payment is unnecessary.",
        claims=(P + "example_1_investors_no_indemnity",),
    ),
    Statement(
        "Section IV-A, Figure 4 discussion",
        "figure",
        "The contracts lower every user's cost (a component-wise improvement).",
        claims=(P + "example_1_componentwise",),
    ),
    Statement(
        "Section IV-A, Figure 4 discussion (closing sentence)",
        "in-text",
        "The profit-neutral insurer does not necessarily need to make some users worse off to improve social welfare.",
        claims=(P + "example_1_need_not_hurt",),
    ),
    Statement(
        "Section IV-A, Figure 5 discussion",
        "number",
        "The social cost falls by close to USD 40 million.",
        claims=(P + "example_1_saving",),
    ),
    Statement(
        "Section IV-B (soft minimum)",
        "in-text",
        "The weakest link is approximated by a soft minimum whose accuracy increases with gamma.",
        claims=(P + "example_2_closed_forms",),
    ),
    Statement(
        "Section IV-B (benchmark)",
        "in-text",
        "The weakest-link game has many Nash equilibria with equal investments; the benchmark is the "
        "one at the mean of them.",
        claims=(P + "example_2_equilibrium_reading",),
    ),
    Statement(
        "Section IV-B, Figure 6 discussion",
        "figure",
        "In Example 2 the contracts again incentivise risk reduction.",
        claims=(P + "example_2_risk_reduction",),
    ),
    Statement(
        "Section IV-B, Figure 7 discussion",
        "figure",
        "At an equilibrium of the weakest-link game all users exert the same effort, so higher-cost "
        "users must spend more to reach the optimal level.",
        claims=(P + "example_2_equal_effort",),
    ),
    Statement(
        "Section IV-B, Figure 8 discussion",
        "figure",
        "The higher-cost users have negative net payments, covered by the positive payments of the lower-cost users.",
        claims=(P + "example_2_payments",),
    ),
    Statement(
        "Section IV-B (contracts)",
        "number",
        "With full coverage of USD 50 million, user 3 pays a premium of USD 2 million and user 7 a zero premium.",
        claims=(P + "example_2_contracts",),
    ),
    Statement(
        "Section IV-B, Figure 9 discussion",
        "figure",
        "Every user's cost falls (component-wise reduction).",
        claims=(P + "example_2_componentwise",),
    ),
    Statement(
        "Section IV-B, Figure 10 discussion",
        "number",
        "The social cost falls by close to USD 35 million.",
        claims=(P + "example_2_saving",),
    ),
    Statement(
        "Section V; Section V-A",
        "in-text",
        "Individual rationality does not guarantee voluntary participation: security is a "
        "non-excludable public good, so a user who stays out still enjoys others' investments.",
        claims=(P + "vp_fails_generally",),
    ),
    Statement(
        "Section V-A",
        "in-text",
        "In mechanisms where a user who opts out gets a zero share, individual rationality and "
        "voluntary participation are equivalent and rather trivially satisfied.",
        context="a statement about other mechanisms (excludable goods); the contrast case of the "
        "IR-versus-VP claim computes it for this model",
    ),
    Statement(
        "Section V-B",
        "example",
        "Total effort, L = 1, c1 < c2 < 1, c1 > c2/(N-1), N >= 3: the participation conditions (20) "
        "of user 1 and (22) of the others cannot hold together.",
        claims=(P + "negative_example", P + "negative_example_range"),
    ),
    Statement(
        "Section VI",
        "implication",
        "The counterexample does not depend on how the contracts are designed: self-interest, "
        "social optimality and profit neutrality cannot all hold.",
        claims=(P + "negative_example",),
    ),
    Statement(
        "Section VI, footnote 5",
        "in-text",
        "The approach follows a counterexample for Lindahl mechanisms with constant returns; a general "
        "impossibility proof for IDS games is left open.",
        context="a comparison with the literature and an open question",
    ),
    Statement(
        "Section VI (intuition)",
        "in-text",
        "The main investors need compensation that the others will not finance, because by opting out "
        "they free-ride on a slightly lower security level.",
        claims=(P + "vp_fails_generally", P + "numerical_example_pattern"),
    ),
    Statement(
        "Section VI (intuition, closing sentences)",
        "in-text",
        "Conversely, a main investor may opt out if its compensation is not high enough, and free-ride on "
        "the lower security of the next main investor.",
        claims=(P + "main_investor_may_opt_out",),
    ),
    Statement(
        "Section VI-A, Figures 11-12",
        "example",
        "In an N = 5 weighted-total-effort instance users 2, 3, 5 invest and 1, 4 free-ride; users 2 "
        "and 4 prefer joining, users 1, 3 and 5 would rather stay out.",
        claims=(P + "numerical_example_pattern",),
    ),
    Statement(
        "Section VI-B",
        "example",
        "In the total-effort example every user prefers joining iff N = 2, 2/e < c1 < e/2, c2 > c1, "
        "or c1 > N exp(-1/(N-1)), c1 < c2 < (N-1) c1.",
        claims=(P + "positive_example",),
    ),
    Statement(
        "Section VI-C",
        "implication",
        "Participation problems may be eased by injecting external resources, implementing a "
        "suboptimal outcome, restricting the class of utilities or settling for partial coverage.",
        context="directions of future research that the paper does not specify enough to compute; "
        "the participation chapter prices the first (an outside subsidy)",
    ),
    Statement(
        "Section VI-C",
        "implication",
        "Under a policy mandate no constant enforcement of users' actions is needed, because once "
        "contracts are purchased it is individually optimal to exert the socially optimal effort.",
        claims=(P + "mandate_no_enforcement",),
    ),
    Statement(
        "Section VI-C",
        "implication",
        "Business opportunities, tax credits or separate coverage for rare catastrophic losses could "
        "give users the missing incentive to participate.",
        context="remedies outside the model: no catastrophic-loss cover or tax is specified",
    ),
    Statement(
        "Section VII, conclusion",
        "conclusion",
        "With positive externalities, the incentive to stay out and free-ride makes users' "
        "participation much harder to satisfy.",
        claims=(P + "conclusion_vp_harder_than_ir",),
    ),
    Statement(
        "Section VII, conclusion",
        "conclusion",
        "Whether richer contracts (deductibles, maximum coverage, premium discounts) could satisfy "
        "every requirement remains open.",
        context="an open question the paper poses",
    ),
)
