"""What a reader can change in the chapter "One network, every remedy" (ours)."""

from replication.core.explore import FIRMS, Exploration, Knob

EXPLORATIONS = (
    Exploration(
        "book/beyond/one_network",
        "replication.beyond.model.network.draw_network",
        {"seed": "0", "n": "6"},
        "a network of unequal firms drawn in the papers' ranges; pass it to "
        "`replication.beyond.model.network.remedies` for every remedy's outcome and `.gap_closed(remedy)`.",
        (
            Knob("seed", "the seed of the draw", "a whole number >= 0", "-1"),
            FIRMS,
        ),
        (),
    ),
)
