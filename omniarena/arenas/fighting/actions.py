"""Fighting text actions: 52 named controls relative to facing, one per reply or a queue of ``- move`` lines.

One move per reply is a :class:`~omniarena.core.actions.DiscreteActionSet` over the controls of
:mod:`.controls` (native ``Discrete(52)``); ``max_moves > 1`` wraps it in the core
:class:`~omniarena.core.queue.MoveQueueActions` (native ``MultiDiscrete``), whose moves are played in
order, each for ``frame_skip`` frames. Directions are relative to the way the fighter faces: "forward"
is toward the opponent wherever it stands, "back" and "crouch back" block.
"""

from __future__ import annotations

from functools import cache

from omniarena.arenas.fighting.controls import BUTTONS, CONTROLS, DIRECTIONS
from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.queue import MoveQueueActions

__all__ = ["fight_actions", "queue_moves", "SPECS", "LEGAL_TEXT"]

_DIRECTION_ALIASES = {
    "neutral": ("wait", "idle", "stand still"),
    "forward": ("walk forward", "advance"),
    "back": ("block", "walk back", "stand block", "retreat"),
    "jump": ("jump up", "up"),
    "jump forward": ("forward jump", "jump in"),
    "jump back": ("back jump",),
    "crouch": ("duck", "down"),
    "crouch forward": ("down forward",),
    "crouch back": ("crouch block", "low block", "down back"),
}
_BUTTON_ALIASES = {
    "light punch": ("lp", "jab"),
    "heavy punch": ("hp", "fierce"),
    "light kick": ("lk", "short kick"),
    "heavy kick": ("hk", "roundhouse"),
}
_EXTRA_ALIASES = {"forward heavy punch": ("overhead",), "crouch heavy kick": ("sweep",)}
_STANCE_HELP = {
    "neutral": "standing {button}",
    "forward": "standing {button} while stepping in",
    "back": "standing {button}, then back to blocking",
    "jump": "jump straight up with a {button} in the air (hits high)",
    "jump forward": "jump in with a {button} (hits high: only a standing block stops it)",
    "jump back": "jump away with a {button}",
    "crouch": "crouching {button}",
    "crouch forward": "crouching {button}",
    "crouch back": "crouching {button}, then back to crouch blocking",
}
_COMMAND_HELP = (
    ("fireball", "throw your projectile (one on screen at a time; blocked by any block)", ("hadouken", "projectile")),
    (
        "uppercut",
        "a rising anti-air strike, invincible at its start: beats jump-ins",
        ("anti-air", "dragon punch", "shoryuken"),
    ),
    (
        "special",
        "your fighter's signature move (lunge, command grab, second projectile, ...)",
        ("signature move", "special move"),
    ),
    ("super", "your super move; needs a full meter, otherwise nothing happens", ("super move", "super art")),
    ("throw", "grab at close range: beats blocking, misses airborne or reeling fighters", ("grab",)),
    ("dash forward", "a quick dash toward the opponent", ("dash", "forward dash")),
    ("dash back", "a quick dash away", ("back dash", "backdash")),
)


def _specs() -> tuple[ActionSpec, ...]:
    specs = [ActionSpec(name, help_, _DIRECTION_ALIASES[name]) for name, _, _, help_ in DIRECTIONS]
    for direction, _, _, _ in DIRECTIONS:
        for button in BUTTONS:
            name = button if direction == "neutral" else f"{direction} {button}"
            if name == "forward heavy punch":
                help_ = "overhead: a slow chop that hits high (only a standing block stops it)"
            else:
                help_ = _STANCE_HELP[direction].format(button=button)
                if direction.startswith("crouch") and button.endswith("kick"):
                    help_ += " (hits low: only a crouch block stops it)"
            aliases = _BUTTON_ALIASES.get(name, ()) + _EXTRA_ALIASES.get(name, ())
            specs.append(ActionSpec(name, help_, aliases))
    for name, help_, aliases in _COMMAND_HELP:
        specs.append(ActionSpec(name, help_, aliases))
    assert [spec.name for spec in specs] == [control.name for control in CONTROLS]
    return tuple(specs)


SPECS = _specs()
_TITLE = "Moves (directions are relative to the way you face; each is held for the step's frames)"


@cache
def fight_actions(max_moves: int = 1) -> DiscreteActionSet | MoveQueueActions:
    """The (shared, immutable) action set: one control per reply, or a queue of up to ``max_moves``."""
    single = DiscreteActionSet(SPECS, title=_TITLE)
    if max_moves == 1:
        return single
    return MoveQueueActions(single, max_moves, note="Each move is held for the step's frames.")


LEGAL_TEXT = (
    "Every move can be sent at any time (one that cannot start now, such as a super without meter, does nothing)."
)


def queue_moves(action_set: DiscreteActionSet | MoveQueueActions, action: object) -> list[int]:
    """The controls a native action plays in order (a queue's moves, or one control)."""
    if isinstance(action_set, MoveQueueActions):
        return action_set.moves_of(action)
    return [int(action)]  # type: ignore[call-overload]
