"""The checkable statements of Ogut, Menon & Raghunathan (2005), in paper order.

Only the appendix survives legibly (its equation font scrambled); the paper's first
pages give the model (eqs 1-8), and the body's section numbers are not legible.
Locations therefore name the part of the model, the equation and the appendix proof.
"""

from __future__ import annotations

from replication.ledger.inventory import Statement

P = "ogut2005:"

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "Introduction",
        "in-text",
        "Hacker and virus attacks are growing in scale and scope; firms can invest in security or buy cyber insurance.",
        context="motivation and market description, not a statement of the model",
    ),
    Statement(
        "Introduction",
        "in-text",
        "The cyber-insurance market is immature: little actuarial data and few insurers offer products.",
        context="market description; in the model it is the premise of a loading lambda > 0",
    ),
    Statement(
        "Literature review",
        "in-text",
        "Earlier work on interdependent security, self-protection and insurance.",
        context="literature",
    ),
    Statement(
        "Model assumptions",
        "in-text",
        "Firms are risk averse with constant absolute risk aversion; investment lowers every firm's breach "
        "probability with declining returns; firms choose investment and cover together.",
        context="assumptions of the model, used by every check below",
    ),
    Statement(
        "Independent risk, eqs (1)-(3); Appendix, Proof 1",
        "result",
        "At a fair price the firm insures fully and invests where B'(z) = -1/L.",
        claims=(P + "result_1",),
    ),
    Statement(
        "Independent risk, eqs (4)-(5); Appendix, Proof 2",
        "result",
        "Without insurance a firm invests more than with fair insurance (insurance substitutes for "
        "security investment).",
        claims=(P + "result_2", P + "taylor_step_insurance_lowers_investment"),
    ),
    Statement(
        "Interdependent risk, eqs (6)-(10); Appendix, Proof 3",
        "result",
        "The symmetric equilibrium of two interdependent firms: full cover and p'(1-qp) = -1/L at a fair "
        "price; eqs (9)-(10) at a loaded price.",
        claims=(P + "result_3",),
    ),
    Statement(
        "Interdependent risk, eq (11); Appendix, Proof 4",
        "result",
        "Investments are strategic complements; where eq (11) holds the equilibrium is unique, and where it "
        "fails there can be several.",
        claims=(P + "result_4", P + "result_4_several", P + "stability_needed"),
    ),
    Statement(
        "Interdependent risk; Appendix, Proof 5",
        "result",
        "Interdependent firms invest less than independent ones and, at a loaded price, buy less cover.",
        claims=(P + "result_5",),
    ),
    Statement(
        "Interdependent risk; Appendix, Proof 6",
        "result",
        "Investment and cover fall with interdependence q and rise with the loss L; investment does not "
        "depend on risk aversion, cover rises with it.",
        claims=(P + "result_6", P + "taylor_step_dz_dr"),
    ),
    Statement(
        "Interdependent risk; Appendix, Proof 7",
        "result",
        "The premium rate rises with interdependence.",
        claims=(P + "result_7",),
    ),
    Statement(
        "Interdependent risk, eq (12); Appendix, Proof 8",
        "result",
        "Investment rises with the loading; cover rises with it only above the threshold of eq (12), so "
        "cover need not be monotone in the loading.",
        claims=(P + "result_8", P + "result_8_not_monotone", P + "loading_threshold_reading"),
    ),
    Statement(
        "Interdependent risk, eq (12); Appendix, Proof 8",
        "in-text",
        "The threshold of eq (12) is positive ('Denote lambda-bar = ... > 0').",
        claims=(P + "threshold_positive",),
    ),
    Statement(
        "Interdependent risk; Appendix, Proof 9",
        "result",
        "If the premium rate rises with the loading, cover falls with it.",
        claims=(P + "result_9",),
    ),
    Statement(
        "Interdependent risk; Appendix, Proof 9",
        "in-text",
        "The insured amount is greater than the premium paid for it (the premium rate is below 1).",
        claims=(P + "premium_rate_below_one",),
    ),
    Statement(
        "Interdependent risk, text around eq (18)",
        "implication",
        "For insurers: pricing cover on observed security investment raises both the firm's investment "
        "and its cover, compared with a price that ignores investment.",
        claims=(P + "observability", P + "observability_insurance_reading"),
    ),
    Statement(
        "Market regions; Appendix, Proof 10",
        "result",
        "Four regions by interdependence and loading, with orderings of investment and cover.",
        claims=(P + "result_10",),
    ),
    Statement(
        "Market regions, traditional against current cyber-insurance market; Appendix, Proof 10",
        "implication",
        "Compared with a traditional insurance market, today's cyber market gives less cover, while "
        "investment can be higher or lower.",
        claims=(P + "traditional_vs_cyber_market", P + "cyber_market_investment_either_way"),
    ),
    Statement(
        "Joint decision, eqs (13)-(15); Appendix, Proof 11",
        "result",
        "Firms deciding separately under-invest relative to a joint (social) decision.",
        claims=(P + "result_11", P + "planner_vs_independent"),
    ),
    Statement(
        "Liability, eqs (16)-(17); Appendix, Proof 12",
        "implication",
        "Making firms liable for breaches they pass on raises investment, above even the joint decision's "
        "level without liability.",
        claims=(P + "result_12",),
    ),
    Statement(
        "Liability, eqs (16)-(17); Appendix, Proof 12",
        "implication",
        "Liability is offered as a remedy for under-investment; read as a welfare statement, firms are "
        "better off with liability than without.",
        claims=(P + "liability_welfare",),
    ),
    Statement(
        "Several firms, eqs (19)-(22); Appendix, Proof 13",
        "result",
        "With more interdependent firms, investment and cover fall.",
        claims=(P + "result_13",),
    ),
    Statement(
        "Conclusion",
        "conclusion",
        "The concluding section restates the results above for insurers and policy makers.",
        context="its wording is not legible; the statements it restates are the "
        "results and implications above, each checked there",
    ),
)
