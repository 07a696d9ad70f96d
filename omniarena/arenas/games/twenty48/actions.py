"""2048 text actions: the four slide directions, with the aliases players and models use."""

from omniarena.core.actions import ActionSpec, DiscreteActionSet

ACTIONS = DiscreteActionSet(
    [
        ActionSpec("up", "slide all tiles up", ("u", "w", "north", "arrowup", "arrow up", "↑", "move up", "swipe up")),
        ActionSpec(
            "down",
            "slide all tiles down",
            ("d", "s", "south", "arrowdown", "arrow down", "↓", "move down", "swipe down"),
        ),
        ActionSpec(
            "left",
            "slide all tiles left",
            ("l", "a", "west", "arrowleft", "arrow left", "←", "move left", "swipe left"),
        ),
        ActionSpec(
            "right",
            "slide all tiles right",
            ("r", "east", "arrowright", "arrow right", "→", "move right", "swipe right"),
        ),
    ],
    title="Moves (equal tiles that collide merge into their sum)",
)
