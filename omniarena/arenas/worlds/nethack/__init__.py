"""NetHack and MiniHack over ``nle`` and ``minihack``: BALROG's tasks, its text, command names and progression.

nle pins an exact gymnasium (1.3.0 pins 1.2.0) that omniarena does not need: ``make test`` installs nle and
minihack with ``--no-deps`` (they run on omniarena's gymnasium), see README's Worlds section.
"""

from omniarena.arenas.worlds import Variant, register_variants

# BALROG's MiniHack tasks, without the Boxoban ones: minihack downloads their levels at run time.
MINIHACK_TASKS = (
    ("MazeWalk-9x9", "find the way out of a 9x9 maze"),
    ("MazeWalk-15x15", "find the way out of a 15x15 maze"),
    ("Corridor-R3", "find the staircase through corridors joining three rooms"),
    ("CorridorBattle-Dark", "fight rats in a dark corridor, then reach the staircase"),
    ("Quest-Easy", "cross lava and monsters to the staircase (easy)"),
    ("Quest-Medium", "cross lava and monsters to the staircase (medium)"),
)

register_variants(
    "omniarena.arenas.worlds.nethack.env:NetHackEnv",
    "MiniHack",
    "nethack",
    [Variant(f"MiniHack-{name}", {"task": f"MiniHack-{name}-v0"}, 100, f"MiniHack {name} (BALROG's task, the real NetHack): {words}") for name, words in MINIHACK_TASKS],
    picklable=False,  # NetHack runs in a C library
)  # fmt: skip
register_variants(
    "omniarena.arenas.worlds.nethack.env:NetHackEnv",
    "NetHack",
    "nethack",
    [
        Variant(
            "NetHack",
            {"task": "NetHackChallenge-v0"},
            100_000,
            "NetHack 3.6 (NLE's NetHackChallenge): descend and level up; BALROG's progression",
        )
    ],
    picklable=False,
)
