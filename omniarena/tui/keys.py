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

__all__ = ["ARROW_WORDS", "arrow_bindings", "click_action"]

ARROW_WORDS: Mapping[str, tuple[str, ...]] = {
    "up": ("up", "rotate cw"),
    "down": ("down", "soft drop"),
    "left": ("left",),
    "right": ("right",),
}


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
