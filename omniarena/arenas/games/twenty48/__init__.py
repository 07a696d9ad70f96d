"""2048 (VLM-Gym style): slide and merge tiles to reach a target tile; variants by board size and target."""

from omniarena.core.registry import register

# (id suffix, board size, target tile, max_steps): bigger boards are easier, so they get bigger targets,
# chosen so that the random agent (almost) never wins: on 6x6 it still reaches 8192 in 42 of 100 games.
_VARIANTS = (
    ("", 4, 2048, 3000),
    ("-Easy", 4, 256, 1000),
    ("-3x3", 3, 128, 1000),
    ("-5x5", 5, 4096, 6000),
    ("-6x6", 6, 16384, 20000),
)

for _suffix, _size, _target, _max_steps in _VARIANTS:
    register(
        f"omniarena/2048{_suffix}-v0",
        "omniarena.arenas.games.twenty48.env:Twenty48Env",
        kwargs={"size": _size, "target": _target},
        family="2048",
        domain="games",
        max_steps=_max_steps,
        expert="omniarena.arenas.games.twenty48.bots:Twenty48Expert",
        description=f"2048 on a {_size}x{_size} board: merge tiles up to {_target}",
    )
