"""BabyAI over ``minigrid``: BALROG's five local tasks, more minigrid levels, the mission and the view in words."""

from omniarena.arenas.worlds import Variant, register_variants

# BALROG's BabyAI tasks (its "BabyAI-MixedTrainLocal-v0/<task>"): one 8x8 room with 8 distractors
# (two rooms and a door for "open"), one kind of instruction each. max_steps bounds minigrid's own limit.
BALROG_TASKS = (
    ("GoTo", "goto", 64, "go to an object"),
    ("Pickup", "pickup", 64, "pick up an object"),
    ("Open", "open", 128, "open the door to the next room"),
    ("PutNext", "putnext", 128, "put an object next to another"),
    ("PickupThenGoTo", "pick_up_seq_go_to", 128, "pick up an object, then go to another"),
)
# A few more of minigrid's BabyAI levels (level= takes any of them), by name (minigrid's id is "BabyAI-<name>-v0"), with an upper bound of
# minigrid's own step limit for the level.
LEVELS = (
    ("GoToLocal", 64),
    ("PickupLoc", 64),
    ("PutNextLocal", 128),
)

register_variants(
    "omniarena.arenas.worlds.babyai.env:BabyAIEnv",
    "BabyAI",
    "babyai",
    [
        *(
            Variant(f"BabyAI-MixedTrainLocal-{name}", {"task": task}, steps, f"BabyAI (BALROG's MixedTrainLocal/{task}): {words} in words and pixels")
            for name, task, steps, words in BALROG_TASKS
        ),
        *(
            Variant(f"BabyAI-{level}", {"level": level}, steps, f"BabyAI level {level} (minigrid's BabyAI-{level}-v0) in words and pixels")
            for level, steps in LEVELS
        ),
    ],
    expert="omniarena.arenas.worlds.babyai.bots:BabyAIExpert",
)  # fmt: skip
