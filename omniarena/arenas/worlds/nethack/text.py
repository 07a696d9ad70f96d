"""NetHack in words as BALROG gives it: the message, what lies around the player, stats, inventory, the map."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.engine import steps
from omniarena.arenas.worlds.nethack.progress import BL_DEPTH, BL_GOLD, BL_HP, BL_HUNGER, BL_MAX_HP, BL_TIME, BL_XL

__all__ = ["describe_surroundings", "describe_stats", "describe_inventory", "message", "tty_map"]

HUNGER = ("not hungry", "satiated", "hungry", "weak", "fainting", "fainted", "starved")


def decode(row: np.ndarray) -> str:
    return bytes(row).split(b"\0", 1)[0].decode("latin-1").strip()


def offset_words(dx: int, dy: int) -> str:
    """'3 steps east and 1 step north' (y grows southward on the map)."""
    parts = []
    if dx:
        parts.append(steps(abs(dx), "east" if dx > 0 else "west"))
    if dy:
        parts.append(steps(abs(dy), "south" if dy > 0 else "north"))
    return " and ".join(parts) if parts else "here"


def describe_surroundings(
    glyphs: np.ndarray, descriptions: np.ndarray, x: int, y: int, stone: int, limit: int = 24
) -> list[str]:
    """The nearest cell of each kind of thing in sight or memory, nearest first: 'doorway 2 steps west'."""
    ys, xs = np.nonzero(glyphs != stone)
    if ys.size == 0:
        return []
    distance = np.maximum(np.abs(xs - x), np.abs(ys - y))
    order = np.lexsort((xs, ys, distance))
    _, first = np.unique(glyphs[ys[order], xs[order]], return_index=True)
    lines: list[str] = []
    seen: set[str] = set()
    for k in sorted(first):
        cy, cx = int(ys[order][k]), int(xs[order][k])
        if (cx, cy) == (x, y):
            continue
        what = decode(descriptions[cy, cx])
        if not what or what in seen:
            continue
        seen.add(what)
        lines.append(f"{what} {offset_words(cx - x, cy - y)}")
        if len(lines) >= limit:
            break
    return lines


def describe_stats(blstats: np.ndarray) -> str:
    hunger = int(blstats[BL_HUNGER])
    return (
        f"HP {int(blstats[BL_HP])}/{int(blstats[BL_MAX_HP])}, dungeon level {int(blstats[BL_DEPTH])}, "
        f"experience level {int(blstats[BL_XL])}, gold {int(blstats[BL_GOLD])}, turn {int(blstats[BL_TIME])}, "
        f"{HUNGER[hunger] if 0 <= hunger < len(HUNGER) else 'hunger ' + str(hunger)}"
    )


def describe_inventory(strs: np.ndarray, letters: np.ndarray) -> str:
    items = [f"{chr(int(letter))}: {decode(row)}" for letter, row in zip(letters, strs, strict=True) if int(letter)]
    return "\n".join(items) if items else "nothing"


def message(obs: dict[str, Any]) -> str:
    return decode(obs["message"])


def tty_map(chars: np.ndarray) -> str:
    """The tty's map rows (without the message line), right-trimmed."""
    return "\n".join(bytes(row).decode("latin-1").rstrip() for row in chars[1:22]).strip("\n")
