"""What the BabyAI agent sees, in BALROG's (BabyAI-Text's) words: "a red ball 2 steps left and 1 step forward".

Read from minigrid's egocentric 7x7 view (``gen_obs()["image"]``: the agent sits at the bottom centre
facing up, cells behind walls are unseen): every object in view with its offset, and the nearest wall
straight ahead, to the left and to the right.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from omniarena.arenas.worlds.engine import steps

__all__ = ["describe_view", "carrying"]

_OBJECTS = {2: "wall", 4: "door", 5: "key", 6: "ball", 7: "box", 8: "goal", 9: "lava"}
_COLORS = {0: "red", 1: "green", 2: "blue", 3: "purple", 4: "yellow", 5: "grey"}
_DOOR_STATES = {0: "open", 1: "closed", 2: "locked"}


def offset_words(right: int, forward: int) -> str:
    parts = []
    if right:
        parts.append(steps(abs(right), "right" if right > 0 else "left"))
    if forward:
        parts.append(steps(forward, "forward"))
    return " and ".join(parts)


def name(kind: int, color: int, state: int) -> str:
    obj = _OBJECTS[kind]
    if obj in ("wall", "goal", "lava"):
        return f"a {obj}" if obj != "lava" else "lava"
    if obj == "door":
        return f"a {_DOOR_STATES.get(state, 'closed')} {_COLORS.get(color, '')} door".replace("  ", " ")
    return f"a {_COLORS.get(color, '')} {obj}".replace("  ", " ")


@lru_cache(maxsize=8192)
def _thing(kind: int, color: int, state: int, right: int, forward: int) -> str:
    return f"{name(kind, color, state)} {offset_words(right, forward)}"


_SHOWN = np.zeros(256, dtype=bool)
_SHOWN[list(_OBJECTS)] = True


def describe_view(image: np.ndarray) -> list[str]:
    """One line per thing in view, nearest first (walls: only the nearest ahead, left and right)."""
    width, height = image.shape[0], image.shape[1]
    cx, cy = width // 2, height - 1
    kinds = image[:, :, 0]
    things: list[tuple[int, str]] = []
    walls: dict[str, tuple[int, str]] = {}
    for i, j in zip(*np.nonzero(_SHOWN[kinds]), strict=True):  # only the cells holding something
        kind = int(kinds[i, j])
        right, forward = int(i) - cx, cy - int(j)
        if not (right or forward):
            continue
        distance = abs(right) + forward
        if kind == 2:
            line = (
                "forward" if right == 0 else ("left" if right < 0 and forward == 0 else "right" if forward == 0 else "")
            )
            if line and (line not in walls or distance < walls[line][0]):
                walls[line] = (distance, f"a wall {offset_words(right, forward)}")
            continue
        things.append((distance, _thing(kind, int(image[i, j, 1]), int(image[i, j, 2]), right, forward)))
    found = sorted(things) + sorted(walls.values())
    return [text for _, text in found]


def carrying(env: Any) -> str:
    held = env.carrying
    if held is None:
        return "You carry nothing."
    return f"You carry a {held.color} {held.type}."
