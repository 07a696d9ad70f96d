"""TextWorld over ``textworld``: BALROG's three game styles, generated offline from the seed and cached."""

from omniarena.core.registry import register

# (id name, task, BALROG's settings, max_steps: BALROG plays 80 steps).
TASKS = (
    ("CoinCollector", "coin_collector", "find the coin in a maze of rooms"),
    ("TreasureHunter", "treasure_hunter", "find the named object behind locked doors and containers"),
    ("Cooking", "cooking", "gather, cut and cook the ingredients of a recipe, then eat the meal"),
)

for _name, _task, _words in TASKS:
    register(
        f"omniarena/TextWorld-{_name}-v0",
        "omniarena.arenas.worlds.textworld.env:TextWorldEnv",
        kwargs={"task": _task},
        family="TextWorld",
        domain="worlds",
        extra="textworld",
        max_steps=80,
        picklable=False,  # the game runs in the Z-machine interpreter, a C library
        description=f"TextWorld {_task.replace('_', ' ')} (BALROG's style): {_words}; admissible commands as actions",
    )
