"""Tetris (VLM-Gym / lmgame style): a seeded 7-bag, SRS rotation, gravity in ticks, placements for LLMs."""

from omniarena.core.registry import register

# (id suffix, kwargs, max_steps, description). Placement variants take one step per piece; the others
# need a few moves per piece (or one placement), so their step limits leave room for that.
_VARIANTS = (
    (
        "",
        {"width": 10, "height": 20, "gravity": 4, "preview": 3, "hold": True, "target_lines": 40},
        1000,
        "Tetris on a 10x20 well: move, turn, drop or place pieces from a 7-bag; clear 40 rows",
    ),
    (
        "-Easy",
        {"width": 8, "height": 16, "gravity": 8, "preview": 3, "hold": True, "target_lines": 10},
        500,
        "Tetris on an 8x16 well with slow gravity: clear 10 rows",
    ),
    (
        "-Hard",
        {"width": 10, "height": 20, "gravity": 2, "preview": 1, "hold": False, "target_lines": 100},
        2000,
        "Tetris on a 10x20 well with fast gravity, one next piece and no hold: clear 100 rows",
    ),
    (
        "-Placement",
        {"width": 10, "height": 20, "preview": 3, "placement_only": True, "target_lines": 40},
        300,
        "Tetris by placements only (one piece per step, 'place column C rotation R') on a 10x20 well: clear 40 rows",
    ),
    (
        "-Placement-Easy",
        {"width": 8, "height": 16, "preview": 3, "placement_only": True, "target_lines": 10},
        100,
        "Tetris by placements only on an 8x16 well: clear 10 rows",
    ),
)

for _suffix, _kwargs, _max_steps, _description in _VARIANTS:
    register(
        f"omniarena/Tetris{_suffix}-v0",
        "omniarena.arenas.games.tetris.env:TetrisEnv",
        kwargs=_kwargs,
        family="Tetris",
        domain="games",
        max_steps=_max_steps,
        expert="omniarena.arenas.games.tetris.bots:TetrisExpert",
        description=_description,
    )
