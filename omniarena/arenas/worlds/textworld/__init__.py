"""TextWorld over ``textworld``: BALROG's three game styles, generated offline from the seed and cached."""

from omniarena.arenas.worlds import Variant, register_variants

# (id name, task, what the player does). BALROG plays 80 steps.
TASKS = (
    ("CoinCollector", "coin_collector", "find the coin in a maze of rooms"),
    ("TreasureHunter", "treasure_hunter", "find the named object behind locked doors and containers"),
    ("Cooking", "cooking", "gather, cut and cook the ingredients of a recipe, then eat the meal"),
)

register_variants(
    "omniarena.arenas.worlds.textworld.env:TextWorldEnv",
    "TextWorld",
    "textworld",
    [
        Variant(
            f"TextWorld-{name}",
            {"task": task},
            80,
            f"TextWorld {task.replace('_', ' ')} (BALROG's style): {words}; admissible commands as actions",
        )
        for name, task, words in TASKS
    ],
    picklable=False,  # the game runs in the Z-machine interpreter, a C library
)
