"""Atari actions named from the ALE's minimal action set of the game: Breakout's noop, fire, right, left."""

from __future__ import annotations

from collections.abc import Sequence

from omniarena.core.actions import ActionSpec, DiscreteActionSet

__all__ = ["atari_actions", "action_name"]

_HELP = {
    "noop": "do nothing this step",
    "fire": "press the fire button (in Breakout: serve the ball)",
    "up": "push the joystick up",
    "down": "push the joystick down",
    "left": "push the joystick left (in Breakout: move the paddle left)",
    "right": "push the joystick right (in Breakout: move the paddle right)",
}
_ALIASES = {"noop": ("wait", "no-op", "nothing", "stay"), "fire": ("serve", "launch", "shoot")}


def action_name(ale_name: str) -> str:
    """'UPLEFTFIRE' -> 'up left fire', 'NOOP' -> 'noop'."""
    words = ale_name.upper()
    if words == "NOOP":
        return "noop"
    out = []
    for word in ("UP", "DOWN", "LEFT", "RIGHT", "FIRE"):
        if word in words:
            out.append(word.lower())
    return " ".join(out)


def atari_actions(ale_names: Sequence[str], game: str) -> DiscreteActionSet:
    specs = []
    for ale_name in ale_names:
        name = action_name(ale_name)
        aliases = (*_ALIASES.get(name, ()), ale_name.lower()) if ale_name.lower() != name else _ALIASES.get(name, ())
        if " " in name:
            aliases = (*aliases, name.replace(" ", "-"), name.replace(" ", ""))
        specs.append(
            ActionSpec(name, _HELP.get(name, f"press {name}"), tuple(dict.fromkeys(a for a in aliases if a != name)))
        )
    return DiscreteActionSet(specs, title=f"Actions ({game}; one per step, held for frame_skip frames)")
