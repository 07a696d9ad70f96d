"""The fighting grammar's controls lowered to a game pad, frame by frame, with specials as motion inputs.

A control of :mod:`omniarena.arenas.fighting.controls` (a held direction relative to facing plus one
command) becomes a list of frames, each the set of pad buttons held on that frame:

- a direction alone is held for the step's frames;
- an attack presses the game's button(s) for that attack on the first ``press`` frames (then lets go,
  so the next step can press again) while the direction is held;
- a named command (fireball, uppercut, special, super, throw, dash forward, dash back) is the
  character's entry in the game's data file: a motion from :data:`MOTIONS` (``"qcf"``: down,
  down-forward, forward) or an explicit list of steps, then the button; a charge motion holds its first
  direction for ``charge`` frames. The step lasts the longer of the motion and the step's frames.

Directions are relative to facing: "forward" is RIGHT for a fighter facing right and LEFT when it faces
left, so a mirrored special is the same motion with left and right swapped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from omniarena.arenas.fighting.controls import BUTTONS, COMMANDS, CONTROLS

__all__ = ["MOTIONS", "Special", "Pad", "expand", "pad_direction", "special_frames"]

# Each motion is a sequence of steps; a step is the relative directions held together.
MOTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "qcf": (("down",), ("down", "forward"), ("forward",)),
    "qcb": (("down",), ("down", "back"), ("back",)),
    "dp": (("forward",), ("down",), ("down", "forward")),
    "rdp": (("back",), ("down",), ("down", "back")),
    "hcf": (("back",), ("down", "back"), ("down",), ("down", "forward"), ("forward",)),
    "hcb": (("forward",), ("down", "forward"), ("down",), ("down", "back"), ("back",)),
    "360": (("forward",), ("down", "forward"), ("down",), ("down", "back"), ("back",), ("up", "back"), ("up",)),
    "charge_back_forward": (("back",), ("forward",)),
    "charge_down_up": (("down",), ("up",)),
    "forward": (("forward",),),
    "back": (("back",),),
    "down": (("down",),),
    "none": ((),),
}
_CHARGES = {"charge_back_forward", "charge_down_up"}
# A direction in the grammar's words -> the relative directions it holds.
_HELD = {
    "neutral": (),
    "forward": ("forward",),
    "back": ("back",),
    "jump": ("up",),
    "jump forward": ("up", "forward"),
    "jump back": ("up", "back"),
    "crouch": ("down",),
    "crouch forward": ("down", "forward"),
    "crouch back": ("down", "back"),
}


def pad_direction(relative: str, facing_right: bool) -> str:
    """The pad button for a relative direction: forward/back become RIGHT/LEFT by facing."""
    if relative == "forward":
        return "RIGHT" if facing_right else "LEFT"
    if relative == "back":
        return "LEFT" if facing_right else "RIGHT"
    return relative.upper()


@dataclass(frozen=True)
class Special:
    """One named move of one character: a motion (a :data:`MOTIONS` name or explicit steps) then buttons.

    ``buttons`` are attack names of the grammar ("light punch") or pad buttons ("X"); ``mash`` repeats
    the press that many times (Honda's hundred-hand slap); ``hold`` keeps a direction during the press
    (a throw is "forward" + heavy punch).
    """

    motion: tuple[tuple[str, ...], ...]
    buttons: tuple[str, ...]
    charge: bool = False
    mash: int = 1
    hold: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Special:
        motion = data.get("motion", "none")
        if isinstance(motion, str):
            if motion not in MOTIONS:
                raise ValueError(f"unknown motion {motion!r}; motions are {', '.join(MOTIONS)} or a list of steps")
            steps = MOTIONS[motion]
        else:
            steps = tuple(tuple(step.split("+")) if step else () for step in motion)
            for step in steps:
                for direction in step:
                    if direction not in ("forward", "back", "up", "down"):
                        raise ValueError(f"a motion step holds forward/back/up/down, got {direction!r}")
        buttons = data.get("buttons", [data["button"]] if "button" in data else [])
        return cls(
            motion=steps,
            buttons=tuple(buttons),
            charge=isinstance(motion, str) and motion in _CHARGES,
            mash=int(data.get("mash", 1)),
            hold=tuple(data.get("hold", "").split("+")) if data.get("hold") else (),
        )


@dataclass(frozen=True)
class Pad:
    """How a game reads its pad: which pad buttons each attack presses, and the timing of inputs."""

    attacks: Mapping[str, tuple[str, ...]]  # grammar attack name -> pad buttons
    step_frames: int = 2  # frames each motion step is held
    press_frames: int = 3  # frames an attack button stays down
    charge_frames: int = 60  # frames a charge direction is held first
    back_buttons: tuple[str, ...] = ()  # held with back where a game blocks with a button (Mortal Kombat)

    def buttons_of(self, names: Sequence[str]) -> set[str]:
        pressed: set[str] = set()
        for name in names:
            pressed.update(self.attacks.get(name, (name,)))
        return pressed


def special_frames(special: Special, pad: Pad, facing_right: bool) -> list[frozenset[str]]:
    """The frames of ``special`` for a fighter facing right (or left: mirrored)."""
    frames: list[frozenset[str]] = []
    for index, step in enumerate(special.motion):
        held = frozenset(pad_direction(d, facing_right) for d in step)
        length = pad.charge_frames if special.charge and index == 0 else pad.step_frames
        frames.extend([held] * length)
    last = frozenset(pad_direction(d, facing_right) for d in (special.motion[-1] if special.motion else ()))
    held = frozenset(pad_direction(d, facing_right) for d in special.hold) or last
    press = frozenset(pad.buttons_of(special.buttons))
    for _ in range(special.mash):
        frames.extend([held | press] * pad.press_frames)
        if special.mash > 1:
            frames.extend([held] * pad.press_frames)
    return frames


def expand(
    control: int,
    facing_right: bool,
    pad: Pad,
    moves: Mapping[str, Special | None],
    frame_skip: int,
) -> list[frozenset[str]]:
    """The pad frames of native control ``control``: at least ``frame_skip`` frames, longer for a motion.

    ``moves`` maps the named commands (fireball, uppercut, ...) to the character's :class:`Special`, or
    ``None`` where the game has no such move (the step is then spent standing still).
    """
    name, _, _, command = CONTROLS[control]
    if command > len(BUTTONS):
        special = moves.get(COMMANDS[command])
        frames = [] if special is None else special_frames(special, pad, facing_right)
        frames.extend([frozenset()] * max(0, frame_skip - len(frames)))
        return frames
    direction = name if command == 0 else name[: -len(BUTTONS[command - 1])].strip() or "neutral"
    held = frozenset(pad_direction(d, facing_right) for d in _HELD[direction])
    if "back" in _HELD[direction]:
        held |= frozenset(pad.back_buttons)
    frames = [held] * frame_skip
    if command:
        press = frozenset(pad.attacks[BUTTONS[command - 1]])
        for i in range(min(pad.press_frames, frame_skip)):
            frames[i] = held | press
    return frames
