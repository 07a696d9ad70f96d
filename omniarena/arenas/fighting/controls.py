"""The controller: every native action is a held direction (relative to facing) plus one pressed command.

Native ``Discrete(52)``, FightLadder-style: the 9 directions alone (0-8), each direction with each of
the 4 attack buttons (9-44), and 7 named commands (45-51: fireball, uppercut, special, super, throw,
dash forward, dash back). Directions are relative to the way the fighter faces, so "forward" always
walks toward the opponent and "back" (or "crouch back") blocks.
"""

from __future__ import annotations

__all__ = ["Control", "CONTROLS", "DIRECTIONS", "BUTTONS", "COMMANDS", "NEUTRAL", "index_of", "command_name"]

from typing import NamedTuple


class Control(NamedTuple):
    name: str
    dx: int  # +1 forward, -1 back
    dy: int  # +1 up (jump), -1 down (crouch)
    command: int  # 0 none, else an index into COMMANDS


# name, dx, dy, help
DIRECTIONS = (
    ("neutral", 0, 0, "stand still (no block)"),
    ("forward", 1, 0, "walk toward the opponent"),
    ("back", -1, 0, "walk away; blocks mid and high attacks while standing"),
    ("jump", 0, 1, "jump straight up"),
    ("jump forward", 1, 1, "jump toward the opponent (over it from close)"),
    ("jump back", -1, 1, "jump away"),
    ("crouch", 0, -1, "crouch under high attacks and fireball-height blows (no block)"),
    ("crouch forward", 1, -1, "crouch (no block)"),
    ("crouch back", -1, -1, "crouch block: blocks mid and low attacks, not overheads or jump-ins"),
)
BUTTONS = ("light punch", "heavy punch", "light kick", "heavy kick")
# Commands 1-4 are the buttons; 5-11 the named moves.
COMMANDS = ("", *BUTTONS, "fireball", "uppercut", "special", "super", "throw", "dash forward", "dash back")
FIREBALL, UPPERCUT, SPECIAL, SUPER, THROW, DASH_FORWARD, DASH_BACK = range(5, 12)
NEUTRAL = 0


def _controls() -> tuple[Control, ...]:
    table = [Control(name, dx, dy, 0) for name, dx, dy, _ in DIRECTIONS]
    for name, dx, dy, _ in DIRECTIONS:
        for button, label in enumerate(BUTTONS, start=1):
            table.append(Control(label if name == "neutral" else f"{name} {label}", dx, dy, button))
    for command in range(FIREBALL, len(COMMANDS)):
        table.append(Control(COMMANDS[command], 0, 0, command))
    return tuple(table)


CONTROLS = _controls()
_INDEX = {control.name: index for index, control in enumerate(CONTROLS)}


def index_of(name: str) -> int:
    """The native action named ``name`` (canonical name)."""
    return _INDEX[name]


def command_name(command: int) -> str:
    return COMMANDS[command]
