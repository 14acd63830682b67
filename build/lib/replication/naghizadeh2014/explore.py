"""What a reader can change in the Naghizadeh & Liu (2014) chapters."""

from replication.core.explore import Exploration, Knob

SEED = Knob("seed", "the random draw of the users' costs (and of Example 1's matrix)", "a whole number >= 0", "-1")
SCALE = Knob("cost_scale", "s in the cost law U(0, s)", "s > 0", "0.0")

EXPLORATIONS = (
    Exploration(
        "book/naghizadeh2014/mechanism",
        "replication.naghizadeh2014.studies.example1.example1",
        {"seed": "93", "cost_scale": "20.0"},
        "Example 1 for one draw: the Nash equilibrium and the social optimum the mechanism "
        "implements, the saving in social cost, premiums and who pays.",
        (SEED, SCALE),
    ),
    Exploration(
        "book/naghizadeh2014/weakest_link",
        "replication.naghizadeh2014.studies.example2.example2",
        {"seed": "0", "gamma": "10.0", "cost_scale": "1.0"},
        "Example 2 (weakest link) for one draw: equilibrium, optimum and the saving.",
        (
            SEED,
            Knob("gamma", "the soft-min parameter: large gamma is close to the exact minimum", "gamma > 0", "0.0"),
            SCALE,
        ),
    ),
    Exploration(
        "book/naghizadeh2014/participation",
        "replication.naghizadeh2014.model.total_effort.example_model",
        {"N": "5", "c1": "0.2", "c2": "0.6"},
        "the total-effort game of Section V-B; pass it to "
        "`replication.naghizadeh2014.model.participation.participation(...)` to see who "
        "would stay out of the mechanism.",
        (
            Knob("N", "the number of users", "a whole number N >= 2", "1"),
            Knob("c1", "the cheapest user's unit cost", "0 < c1 < c2", "0.0"),
            Knob("c2", "the second user's unit cost", "c2 > c1", "0.1"),
        ),
    ),
)
