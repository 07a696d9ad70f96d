"""EZPoints (gym-cards): make 12 from the dealt cards with "+" and "*"."""

from omniarena.core.registry import register

for _suffix, _cards in (("", 2), ("-Hard", 3)):
    register(
        f"omniarena/EZPoints{_suffix}-v0",
        "omniarena.arenas.games.ezpoints.env:EZPointsEnv",
        kwargs={"n_cards": _cards},
        family="EZPoints",
        domain="games",
        max_steps=4 * _cards + 2,
        expert="omniarena.arenas.games.ezpoints.bots:EZPointsExpert",
        description=f"make 12 from {_cards} cards (J/Q/K = 10) with + and *, solvable deals",
    )
