"""Shim (2012): every checkable statement of the paper, in paper order, with the claims
that check it or why it is context rather than a claim of the model."""

from __future__ import annotations

from replication.ledger.inventory import Statement

P = "shim2012:"

STATEMENTS: tuple[Statement, ...] = (
    # -- I. Introduction ---------------------------------------------------------------
    Statement(
        "Section I, first paragraph",
        "in-text",
        "TJX disclosed a breach in which about 45.7 million card records were stolen.",
        context="an anecdote from the press, not a statement of the model",
    ),
    Statement(
        "Section I, second paragraph",
        "in-text",
        "No system is foolproof, so a residual risk remains after security investment; viruses mutate "
        "and hackers learn.",
        context="motivation from the literature; the model takes $p(z)>0$ as given",
    ),
    Statement(
        "Section I, third paragraph",
        "in-text",
        "The previous literature concludes that positive externalities lead to under-investment and "
        "negative externalities to over-investment.",
        context="a summary of earlier papers; the paper's own version, Section IV, is checked as "
        "`shim2012:investment_inefficiency`",
    ),
    Statement(
        "Section I, fourth paragraph",
        "in-text",
        "Liability is hard to enforce, and cyber insurance has been proposed to let firms balance "
        "security spending and insurance and so overcome investment inefficiency.",
        context="positions taken in the literature; the paper's answer is its Proposition 6 and the "
        "welfare reading checked below",
    ),
    Statement(
        "Section I, key finding",
        "in-text",
        "Firms facing interdependent risks from different attack types choose security investment and "
        "insurance differently from firms with independent risks.",
        claims=(P + "proposition_1", P + "proposition_2", P + "proposition_2_fair_market"),
    ),
    # -- II. Attack types ----------------------------------------------------------------
    Statement(
        "Section 2.1 and Figures 1-3",
        "figure",
        "Untargeted attacks (viruses, worms, trojans, spyware) make security investment a positive "
        "externality; targeted attacks (hacking, whaling, DDoS) make it a negative one.",
        claims=(P + "externality_signs",),
    ),
    Statement(
        "Section 2.1, footnote 2",
        "in-text",
        "Hackers seeking reputation may prefer well-protected targets, which would make investment a "
        "positive externality even against targeted attacks.",
        context="noted and set aside by the paper; not part of its model",
    ),
    Statement(
        "Section 2.1, footnote 3 and Figures 4-5",
        "figure",
        "Hybrid attacks chain an untargeted stage (back doors, botnets) and a targeted stage.",
        context="described but not modelled by the paper",
    ),
    Statement(
        "Section 2.2 and footnote 4",
        "in-text",
        "Self-protection, self-insurance and market insurance are the traditional instruments; the paper "
        "merges self-protection and self-insurance.",
        context="a modelling choice and a review of the literature",
    ),
    # -- III. Model ------------------------------------------------------------------------
    Statement(
        "Section III, setting; footnotes 5 and 7",
        "in-text",
        "Identical risk-averse CARA firms, one period, two states, breach probability with $P'<0<P''$.",
        context="the model's assumptions, implemented in `replication.shim2012.model.game`",
    ),
    Statement(
        "Section 3.1.1, footnote 8",
        "in-text",
        "Wealth is large enough for the first-order Taylor step to be accurate; higher-order terms are "
        "multiplied by very small terms.",
        claims=(P + "proposition_6_taylor_step",),
    ),
    Statement(
        "Section 3.1 and Figure 6",
        "figure",
        "Feedback loop of security investment without insurance, after Bolot and Lelarge.",
        context="a diagram borrowed from the literature; its signs are those of `shim2012:externality_signs`",
    ),
    Statement(
        "Section 3.1.2 and Figure 7",
        "figure",
        "With untargeted attacks a firm's investment also protects its partners, so firms invest less "
        "than with independent risks.",
        claims=(P + "proposition_1", P + "investment_inefficiency"),
    ),
    Statement(
        "Section 3.1.2, footnote 9",
        "in-text",
        "Direct losses exceed indirect ones and joint breaches are superadditive (Bandyopadhyay).",
        context="a result of another paper; Shim's model has one loss $L$",
    ),
    Statement(
        "Section 3.1.2, eq 4 and Figure 8",
        "figure",
        "The breach probability with positive externalities is the direct breach plus the indirect "
        "breach through firm 2, and it falls with firm 2's investment.",
        claims=(P + "efficiency_of_investment", P + "externality_signs"),
    ),
    Statement(
        "Section 3.1.3, first paragraph",
        "in-text",
        "When hackers attack only the most vulnerable firm, each firm wants to out-invest the other by "
        "an infinitesimal amount: an arms race.",
        context="the motivating story for the targeted-attack form; the model replaces the "
        "winner-take-all attack by the smooth $p(z_1 z_1/z_2)$, whose equilibria we solve",
    ),
    Statement(
        "Section 3.1.3, first paragraph",
        "in-text",
        "The focus on a single target may create instability in the network, akin to an arms race.",
        claims=(P + "targeted_instability",),
    ),
    Statement(
        "Section 3.1.3 and Figures 9-10",
        "figure",
        "With targeted attacks investing more than the rival diverts attacks to it: a negative "
        "externality and excessive investment ('destructive competition').",
        claims=(P + "externality_signs", P + "investment_inefficiency"),
    ),
    Statement(
        "Section 3.2, footnote 11",
        "in-text",
        "The cyber-insurance market is not well developed and its few insurers make profits.",
        context="a market observation motivating a loading $\\lambda>0$",
    ),
    Statement(
        "Section 3.2.1, text after eq 10",
        "in-text",
        "In a mature market ($\\lambda=0$) a firm buys full cover $I=L$.",
        claims=(P + "fair_full_cover",),
    ),
    Statement(
        "Section 3.2.2, text after eq 12",
        "in-text",
        "As the insurance market matures, firms invest less in self-protection and buy full cover.",
        claims=(P + "investment_rises_with_loading_stable", P + "investment_rises_with_loading", P + "fair_full_cover"),
    ),
    Statement(
        "Section 3.2 and Figure 11",
        "figure",
        "Feedback loop of security investment with cyber insurance.",
        context="a diagram; the links it draws are Propositions 5 and 6, checked below",
    ),
    # -- 3.3 Synthesis ------------------------------------------------------------------------
    Statement(
        "Section 3.3, Table 1",
        "table",
        "Table 1 collects the investment condition and the cover of the three cases with and without insurance.",
        claims=(P + "table_1_as_printed",),
    ),
    Statement(
        "Section 3.3, text after Table 1",
        "in-text",
        "Untargeted attacks lower the risk a firm controls and the efficiency of its investment; "
        "targeted attacks leave the risk unchanged and double the efficiency, at symmetric investment.",
        claims=(P + "efficiency_of_investment",),
    ),
    Statement(
        "Section 3.3, Proposition 1",
        "proposition",
        "With or without insurance, firms facing untargeted attacks invest less than firms facing "
        "targeted attacks (and independent firms lie in between).",
        claims=(P + "proposition_1",),
    ),
    Statement(
        "Section 3.3, text after Proposition 1",
        "in-text",
        "Untargeted attacks raise the total breach probability above the independent level, so "
        "insurers charge a higher premium rate, which lowers cover.",
        claims=(P + "total_risk_untargeted", P + "premium_untargeted"),
    ),
    Statement(
        "Section 3.3, text before Proposition 2",
        "in-text",
        "Firms facing targeted attacks carry lower total risk than those facing untargeted attacks and "
        "may be charged a lower premium, which raises their cover.",
        claims=(P + "total_risk_targeted",),
    ),
    Statement(
        "Section 3.3, Proposition 2",
        "proposition",
        "With an insurance market, firms facing targeted attacks spend more on cyber-insurance coverage "
        "than firms facing untargeted attacks.",
        claims=(P + "proposition_2", P + "proposition_2_fair_market", P + "proposition_2_spending"),
    ),
    Statement(
        "Section 3.3, text after Proposition 2",
        "in-text",
        "Positive externalities lead firms to lower both security investment and insurance cover.",
        claims=(P + "untargeted_less_cover_loaded", P + "untargeted_less_cover"),
    ),
    Statement(
        "Section 3.3, Proposition 3",
        "proposition",
        "With an insurance market, security investment rises with the loss: $\\partial z/\\partial L>0$.",
        claims=(P + "proposition_3", P + "proposition_3_stability", P + "proposition_3_breach_risk"),
    ),
    Statement(
        "Section 3.3, Proposition 4",
        "proposition",
        "With an insurance market, cover rises with the loss: $\\partial I/\\partial L>0$.",
        claims=(P + "proposition_4",),
    ),
    Statement(
        "Section 3.3, Proposition 5 and the text before it",
        "proposition",
        "With an insurance market, firms that invest more in equilibrium also buy more cover "
        "(insurance and investment are complements).",
        claims=(P + "proposition_5", P + "proposition_5_fair_market", P + "proposition_5_across_equilibria"),
    ),
    Statement(
        "Section 3.3, footnote 13",
        "in-text",
        "Some researchers argue that insurance and security investment are substitutes (moral hazard).",
        context="a position of the literature, which the paper contrasts with Proposition 5",
    ),
    Statement(
        "Section 3.3, Proposition 6",
        "proposition",
        "With a mature insurance market firms invest less in security than without insurance.",
        claims=(P + "proposition_6", P + "proposition_6_taylor_step"),
    ),
    Statement(
        "Section 3.3, text after Proposition 6, and Figure 12",
        "figure",
        "Insurance only partly resolves over-investment against targeted attacks and makes "
        "under-investment against untargeted attacks more severe.",
        claims=(
            P + "proposition_6",
            P + "proposition_6_welfare_benchmark",
            P + "proposition_6_welfare_insured_planner",
        ),
    ),
    Statement(
        "Section 3.3, text after Proposition 6",
        "in-text",
        "The untargeted case is the more problematic one, with less investment and a higher total risk, "
        "and cyber insurance cannot solve it.",
        claims=(
            P + "total_risk_untargeted",
            P + "proposition_6_welfare_benchmark",
            P + "proposition_6_welfare_insured_planner",
        ),
    ),
    # -- IV. Discussion and implications ----------------------------------------------------------
    Statement(
        "Appendix, proofs of Propositions 3-5",
        "result",
        "Closed forms of $\\partial z/\\partial L$, $\\partial I/\\partial L$ and $\\partial I/\\partial z$ "
        "in each case, with their signs.",
        claims=(P + "appendix_proofs", P + "appendix_proofs_as_printed"),
    ),
    Statement(
        "Section IV, opening paragraphs",
        "in-text",
        "Technical security alone cannot remove residual risk; the study joins investment and insurance, "
        "and links attack types to externalities.",
        context="a summary of the paper's approach and of the literature",
    ),
    Statement(
        "Section IV, first set of implications",
        "implication",
        "Untargeted attacks lead firms to invest too little, targeted attacks to invest too much.",
        claims=(P + "investment_inefficiency",),
    ),
    Statement(
        "Section IV, second set of implications",
        "implication",
        "The adoption of cyber insurance lowers security investment regardless of whether firms buy policies.",
        claims=(P + "implication_insurance_lowers_investment",),
    ),
    Statement(
        "Section IV, second set of implications",
        "implication",
        "From a planner's view insurance can improve welfare against targeted attacks (less "
        "over-investment) and lower it against untargeted attacks (worse under-investment); the check "
        "compares investment with the planner's level, as the paper's argument does.",
        claims=(P + "proposition_6_welfare_benchmark", P + "proposition_6_welfare_insured_planner"),
    ),
    Statement(
        "Section IV, second set of implications",
        "in-text",
        "Because residual risk is hard to gauge, firms have reasons to buy cyber insurance to transfer "
        "it after investing in security.",
        context="a motivation drawn from practice (Richardson 2008), not a result of the model",
    ),
    Statement(
        "Section IV, last set of implications",
        "conclusion",
        "The study identified a complementarity between investment in self-protection and the purchase "
        "of cyber insurance.",
        claims=(P + "proposition_5", P + "proposition_5_fair_market", P + "proposition_5_across_equilibria"),
    ),
    Statement(
        "Section IV, last set of implications",
        "implication",
        "Thanks to complementarity, subsidies on cyber insurance against untargeted attacks raise both "
        "the insurance bought and security investment.",
        claims=(P + "implication_subsidy",),
    ),
    Statement(
        "Section IV, last set of implications",
        "conclusion",
        "Further mechanisms that exploit the complementarity could solve the under-investment that "
        "insurance aggravates and lead to a better social outcome.",
        context="the mechanisms are not specified, so there is no model to solve; the one the paper names, "
        "a subsidy on cover against untargeted attacks, is checked as `shim2012:implication_subsidy` "
        "and fails",
    ),
    Statement(
        "Section IV, limitations",
        "conclusion",
        "Cyber insurance offers only a partial solution to inefficient investment (the over-investment problem).",
        claims=(P + "proposition_6_welfare_benchmark", P + "proposition_6_welfare_insured_planner"),
    ),
    Statement(
        "Section IV, limitations",
        "conclusion",
        "Hybrid attacks, dynamics, other mechanisms (information sharing, vulnerability markets, fines, "
        "liability), moral hazard and adverse selection are left for future research.",
        context="limitations and an agenda, not results",
    ),
)
