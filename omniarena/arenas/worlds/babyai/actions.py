"""BabyAI's actions under BALROG's names: turn left, turn right, go forward, pick up, drop, toggle."""

from __future__ import annotations

from omniarena.core.actions import ActionSpec, DiscreteActionSet

__all__ = ["babyai_actions"]

# minigrid's order (Actions.left .. Actions.toggle); BALROG leaves out minigrid's "done".
_SPECS = (
    ActionSpec("turn left", "turn 90 degrees to the left, staying in place", ("left", "rotate left")),
    ActionSpec("turn right", "turn 90 degrees to the right, staying in place", ("right", "rotate right")),
    ActionSpec(
        "go forward", "step one cell forward (blocked by walls, closed doors and objects)", ("forward", "move forward")
    ),
    ActionSpec("pick up", "pick up the object right in front of you (you carry one at a time)", ("pickup", "pick")),
    ActionSpec("drop", "put the carried object down in the cell in front of you", ("put down",)),
    ActionSpec(
        "toggle",
        "open or close the door in front of you (a locked door needs the key of its colour), or open a box",
        ("open", "use"),
    ),
)


def babyai_actions() -> DiscreteActionSet:
    return DiscreteActionSet(_SPECS, title="Actions (BabyAI; one per step)")
