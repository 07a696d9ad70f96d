"""Iterated Rock-Paper-Scissors: two players, PettingZoo Parallel, image + text from each player's side."""

from omniarena.core.registry import register

# (id, rounds, text history window)
_VARIANTS = (
    ("omniarena/RockPaperScissors-v0", 9, 5),
    ("omniarena/RockPaperScissors-Long-v0", 50, 20),
)

for _id, _rounds, _history in _VARIANTS:
    register(
        _id,
        "omniarena.arenas.games.rps.env:RockPaperScissorsEnv",
        kwargs={"rounds": _rounds, "history": _history},
        family="RockPaperScissors",
        domain="games",
        players=2,
        api="parallel",
        # Every joint step plays a round (an invalid reply loses it), so a match takes exactly `rounds`
        # steps; the limit is a safety net, three steps a round whatever `rounds` a user passes.
        max_steps=3 * _rounds,
        max_steps_per=("rounds", 3),
        expert="omniarena.arenas.games.rps.bots:FrequencyExpert",
        description=(
            f"Rock-Paper-Scissors: {_rounds} rounds, both players choose at once, "
            f"the text lists the last {_history} rounds (2 players, simultaneous)"
        ),
    )
