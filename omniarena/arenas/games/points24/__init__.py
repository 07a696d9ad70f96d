"""Points24 (gym-cards): make the target (24) from four cards with + - * / and parentheses."""

from omniarena.core.registry import register

for _suffix, _kwargs, _about in (
    ("", {}, "make 24 from four cards (J/Q/K = 10) with + - * / ( ), solvable deals"),
    ("-Hard", {"faces": "rank"}, "make 24 from four cards with J/Q/K = 11/12/13, solvable deals"),
    ("-Any", {"solvable_only": False}, "make 24 from any four cards (some deals unsolvable, as in gym-cards)"),
    ("-Target10", {"target": 10}, "make 10 from four cards (J/Q/K = 10), solvable deals"),
):
    register(
        f"omniarena/Points24{_suffix}-v0",
        "omniarena.arenas.games.points24.env:Points24Env",
        kwargs=_kwargs,
        family="Points24",
        domain="games",
        max_steps=30,
        expert="omniarena.arenas.games.points24.bots:Points24Expert",
        description=_about,
    )
