"""BabyAI over ``minigrid``: BALROG's five local tasks, more minigrid levels, the mission and the view in words."""

from omniarena.core.registry import register

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

for _name, _task, _max_steps, _words in BALROG_TASKS:
    register(
        f"omniarena/BabyAI-MixedTrainLocal-{_name}-v0",
        "omniarena.arenas.worlds.babyai.env:BabyAIEnv",
        kwargs={"task": _task},
        family="BabyAI",
        domain="worlds",
        extra="babyai",
        max_steps=_max_steps,
        expert="omniarena.arenas.worlds.babyai.bots:BabyAIExpert",
        description=f"BabyAI (BALROG's MixedTrainLocal/{_task}): {_words} in words and pixels",
    )

for _level, _max_steps in LEVELS:
    register(
        f"omniarena/BabyAI-{_level}-v0",
        "omniarena.arenas.worlds.babyai.env:BabyAIEnv",
        kwargs={"level": _level},
        family="BabyAI",
        domain="worlds",
        extra="babyai",
        max_steps=_max_steps,
        expert="omniarena.arenas.worlds.babyai.bots:BabyAIExpert",
        description=f"BabyAI level {_level} (minigrid's BabyAI-{_level}-v0) in words and pixels",
    )
