"""Who is the Spy (Vision-Zero): 3-6 players, PettingZoo AEC, each sees an image; the spy's differs in one detail."""

from omniarena.core.registry import register

# (id, arena arguments, description)
_VARIANTS = (
    ("omniarena/WhoIsTheSpy-v0", {}, "4 players, shapes scenes (medium), 2 clue rounds, one spy who knows it"),
    (
        "omniarena/WhoIsTheSpy-Easy-v0",
        {"difficulty": "easy"},
        "4 players, easy shapes scenes (3-4 objects, clear changes)",
    ),
    (
        "omniarena/WhoIsTheSpy-Hard-v0",
        {"difficulty": "hard", "roles": "hidden", "ties": "revote"},
        "4 players, hard shapes scenes (6-8 objects, subtle changes), secret roles, ties revoted",
    ),
    (
        "omniarena/WhoIsTheSpy-Charts-v0",
        {"scenes": "charts"},
        "4 players, bar and line charts; the spy's differs in one value, label or series",
    ),
    (
        "omniarena/WhoIsTheSpy-6P-v0",
        {"players": 6, "spies": 2, "abstain": True},
        "6 players, two spies, shapes scenes, abstaining allowed",
    ),
)

for _id, _kwargs, _description in _VARIANTS:
    _players = int(_kwargs.get("players", 4))
    register(
        _id,
        "omniarena.arenas.games.spy.env:WhoIsTheSpyEnv",
        kwargs=dict(_kwargs),
        family="WhoIsTheSpy",
        domain="games",
        players=_players,
        api="aec",
        # 2 clue rounds + a vote + a possible revote is 4 moves a player; the rest is room for invalid replies.
        # Pass max_steps= too when raising clue_rounds far (each round is one move per player).
        max_steps=12 * _players,
        expert="omniarena.arenas.games.spy.bots:SpyHeuristic",
        description=f"Who is the Spy: {_description}",
    )
