"""Arena key bindings the play screen offers where they are natural, derived from the arena's own ActionSet.

An arrow key plays the first of its candidate words that the arena's ActionSet reads as a legal-looking
action (``up``/``down``/``left``/``right`` in 2048 and Sokoban; ``left``/``right``, ``rotate cw`` and
``soft drop`` in Tetris; ``left``/``right`` in the number line), so no arena is special-cased and an
arena without such moves (Connect Four, cards) gets no arrow keys. A click on the image becomes
``mouse_click(x, y)`` where the ActionSet has that call (web and desktop arenas).
"""

from __future__ import annotations

from collections.abc import Mapping

from omniarena.core.actions import ActionSet

__all__ = ["ARROW_WORDS", "FIGHT_KEYS", "arrow_bindings", "fight_bindings", "click_action"]

ARROW_WORDS: Mapping[str, tuple[str, ...]] = {
    "up": ("up", "rotate cw"),
    "down": ("down", "soft drop"),
    "left": ("left",),
    "right": ("right",),
}


# The fighting arenas' controls, one key a move (the scene is drawn from your side: you face right).
FIGHT_KEYS: Mapping[str, str] = {
    "right": "forward",
    "left": "back",
    "up": "jump",
    "down": "crouch",
    "pageup": "jump forward",
    "home": "jump back",
    "pagedown": "crouch forward",
    "end": "crouch back",
    "space": "neutral",
    "z": "light punch",
    "x": "heavy punch",
    "c": "light kick",
    "v": "heavy kick",
    "1": "fireball",
    "2": "uppercut",
    "3": "special",
    "4": "super",
    "5": "throw",
    "6": "dash forward",
    "7": "dash back",
}
# An ActionSet that reads these is a fighting game's (no other arena has both).
_FIGHT_MARKERS = ("light punch", "fireball", "crouch back")


def fight_bindings(action_set: ActionSet, answer_format: str = "any") -> dict[str, str]:
    """Key -> the canonical text of its fighting move, when the ActionSet is a fighting game's; else empty."""
    if not all(action_set.parse(word, answer_format).ok for word in _FIGHT_MARKERS):
        return {}
    bound: dict[str, str] = {}
    for key, word in FIGHT_KEYS.items():
        result = action_set.parse(word, answer_format)
        if result.ok:
            bound[key] = action_set.try_format(result.action) or word
    return bound


def fight_keys_help(bound: Mapping[str, str]) -> str:
    """One line naming the keys, for the screen."""
    names = {"pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "space": "Space"}
    names.update(left="←", right="→", up="↑", down="↓")
    return ", ".join(f"{names.get(k, k)} {v}" for k, v in bound.items())


def arrow_bindings(action_set: ActionSet, answer_format: str = "any") -> dict[str, str]:
    """Arrow key -> the canonical text of the action it plays, for the keys this arena has a move for."""
    bound: dict[str, str] = {}
    for key, words in ARROW_WORDS.items():
        for word in words:
            result = action_set.parse(word, answer_format)
            if result.ok:
                bound[key] = action_set.try_format(result.action) or word
                break
    return bound


def click_action(action_set: ActionSet, x: int, y: int) -> str | None:
    """``mouse_click(x, y)`` when the arena reads it as an action, else ``None``."""
    text = f"mouse_click({int(x)}, {int(y)})"
    if "mouse_click" not in getattr(action_set, "names", ()):
        return None
    return text if action_set.parse(text).ok else None
