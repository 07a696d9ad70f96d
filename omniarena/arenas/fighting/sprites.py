"""Procedural pixel-art fighters: each pose is a handful of outlined rectangles, rasterised once and cached.

A pose is a list of body parts in a fighter-local frame (x forward from the body's centre, y up from the
feet, in pixels, scaled by the fighter's height and build); :func:`sprite` rasterises it into an RGB
array and a mask, facing right or left, for one palette. Nothing here runs per frame but the cache lookup.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from omniarena.arenas.fighting.characters import Character

__all__ = ["sprite", "POSES", "SPRITE_W", "SPRITE_H", "ANCHOR_X"]

SPRITE_W, SPRITE_H = 88, 78
ANCHOR_X = SPRITE_W // 2  # the body's centre column
_BUILD = {"slim": 0.85, "normal": 1.0, "big": 1.25}
_OUTLINE = (20, 16, 24)

# A part: (colour key, x0, y0, x1, y1) with x in body-widths (1.0 = the torso's width) and y in fractions
# of the standing height. Colour keys: skin, main, accent, hair, eye.
_HEAD = [("skin", -0.42, 0.80, 0.42, 1.0), ("hair", -0.45, 0.93, 0.42, 1.02), ("hair", -0.45, 0.80, -0.18, 1.0)]
_EYE = [("eye", 0.18, 0.88, 0.30, 0.91)]
_TORSO = [("main", -0.5, 0.45, 0.5, 0.80), ("accent", -0.52, 0.45, 0.52, 0.50)]
_LEGS = [("main", -0.48, 0.0, -0.08, 0.47), ("main", 0.08, 0.0, 0.48, 0.47)]
_GUARD = [("main", 0.35, 0.62, 0.85, 0.70), ("accent", 0.75, 0.64, 1.05, 0.76)]


def _shift(parts: list, dx: float = 0.0, dy: float = 0.0, scale_y: float = 1.0) -> list:
    return [(c, x0 + dx, y0 * scale_y + dy, x1 + dx, y1 * scale_y + dy) for c, x0, y0, x1, y1 in parts]


def _pose_table() -> dict[str, list]:
    stand = _LEGS + _TORSO + _HEAD + _EYE
    crouch_body = _shift(_TORSO + _HEAD + _EYE, dy=-0.33) + [
        ("main", -0.55, 0.0, 0.0, 0.16),
        ("main", 0.0, 0.0, 0.6, 0.18),
    ]
    air = _shift(_TORSO + _HEAD + _EYE, dy=-0.05) + [("main", -0.45, 0.2, 0.0, 0.42), ("main", 0.05, 0.22, 0.55, 0.40)]
    punch_arm = [("main", 0.35, 0.64, 1.5, 0.71), ("accent", 1.45, 0.62, 1.8, 0.74)]
    kick_leg = [("main", -0.48, 0.0, -0.08, 0.47), ("main", 0.1, 0.36, 1.9, 0.46), ("accent", 1.8, 0.35, 2.05, 0.47)]
    table = {
        "idle": stand + _GUARD,
        "walk0": [("main", -0.6, 0.0, -0.2, 0.47), ("main", 0.2, 0.0, 0.6, 0.47)] + _TORSO + _HEAD + _EYE + _GUARD,
        "walk1": [("main", -0.3, 0.0, 0.1, 0.47), ("main", -0.05, 0.0, 0.3, 0.47)] + _TORSO + _HEAD + _EYE + _GUARD,
        "block": stand + [("main", 0.3, 0.58, 0.62, 0.86), ("accent", 0.5, 0.70, 0.8, 0.90)],
        "crouch": crouch_body + _shift(_GUARD, dy=-0.33),
        "crouch_block": crouch_body + [("main", 0.3, 0.28, 0.62, 0.55), ("accent", 0.5, 0.40, 0.8, 0.58)],
        "jump": air + _shift(_GUARD, dy=-0.05),
        "punch": stand + punch_arm,
        "kick": _TORSO + _HEAD + _EYE + _GUARD + kick_leg,
        "crouch_punch": crouch_body + [("main", 0.35, 0.30, 1.4, 0.37), ("accent", 1.35, 0.28, 1.7, 0.40)],
        "sweep": _shift(_TORSO + _HEAD + _EYE, dy=-0.36)
        + [("main", -0.55, 0.0, 0.0, 0.14), ("main", 0.0, 0.0, 2.1, 0.09), ("accent", 2.0, 0.0, 2.3, 0.10)],
        "air_punch": air + [("main", 0.35, 0.55, 1.3, 0.62), ("accent", 1.25, 0.50, 1.6, 0.64)],
        "air_kick": _shift(_TORSO + _HEAD + _EYE, dy=-0.05)
        + [("main", -0.45, 0.22, 0.0, 0.42), ("main", 0.1, 0.05, 1.6, 0.16), ("accent", 1.5, 0.03, 1.8, 0.18)],
        "overhead": stand
        + [("main", 0.2, 0.78, 0.55, 1.1), ("main", 0.45, 0.95, 1.2, 1.05), ("accent", 1.1, 0.9, 1.45, 1.08)],
        "throw": stand
        + [("main", 0.35, 0.60, 1.1, 0.70), ("main", 0.35, 0.72, 1.1, 0.80), ("accent", 1.0, 0.58, 1.3, 0.82)],
        "cast": stand + [("main", 0.35, 0.60, 1.2, 0.72), ("accent", 1.1, 0.56, 1.5, 0.76)],
        "rise": [("main", -0.3, 0.0, 0.1, 0.45), ("main", 0.1, 0.1, 0.5, 0.4)]
        + _shift(_TORSO + _HEAD + _EYE, dy=0.02)
        + [("main", 0.3, 0.78, 0.65, 1.25), ("accent", 0.25, 1.18, 0.7, 1.32)],
        "hit": [("main", -0.2, 0.0, 0.2, 0.45), ("main", 0.25, 0.0, 0.65, 0.42)]
        + _shift(_TORSO, dx=-0.35, dy=-0.04)
        + _shift(_HEAD, dx=-0.75, dy=-0.08)
        + [("eye", -0.55, 0.80, -0.40, 0.84), ("main", -1.3, 0.70, -0.7, 0.78), ("main", 0.1, 0.55, 0.7, 0.62)],
        "down": [  # flat on its back, head away from the opponent
            ("main", 0.3, 0.0, 1.9, 0.12),
            ("accent", 0.3, 0.0, 0.4, 0.13),
            ("main", -0.9, 0.0, 0.3, 0.12),
            ("skin", -1.5, 0.0, -0.9, 0.13),
            ("hair", -1.6, 0.0, -1.4, 0.13),
        ],
        "dash": _shift(_TORSO + _HEAD + _EYE, dx=0.25)
        + [("main", -0.9, 0.0, -0.4, 0.42), ("main", 0.1, 0.0, 0.5, 0.47)]
        + _shift(_GUARD, dx=0.25),
    }
    return table


_POSES = _pose_table()
POSES = tuple(_POSES)


def _shade(color: tuple[int, int, int], factor: float) -> tuple[int, ...]:
    return tuple(int(min(255, c * factor)) for c in color)


@lru_cache(maxsize=1024)
def sprite(char: Character, pose: str, facing: int, alternate: bool = False) -> tuple[int, int, np.ndarray, np.ndarray]:
    """(left, top, colour, keep) of ``char`` in ``pose``: layers cropped to the figure, at (left, top) of the
    ``SPRITE_H x SPRITE_W`` box whose bottom row holds the feet.

    ``colour`` is black outside the figure and ``keep`` is 255 there and 0 under it, so a composite is
    ``frame & keep | colour``.

    ``alternate`` swaps the main and accent colours (the second player of a mirror match).
    """
    palette = dict(char.palette)
    if alternate:
        palette["main"], palette["accent"] = palette["accent"], palette["main"]
    palette["eye"] = (15, 15, 15)
    rgb = np.zeros((SPRITE_H, SPRITE_W, 3), np.uint8)
    mask = np.zeros((SPRITE_H, SPRITE_W), bool)
    unit = char.width * 0.62 * _BUILD[char.build]
    height = char.height
    for key, x0, y0, x1, y1 in _POSES[pose]:
        if facing < 0:
            x0, x1 = -x1, -x0
        left = int(round(ANCHOR_X + x0 * unit))
        right = max(left + 1, int(round(ANCHOR_X + x1 * unit)))
        top = int(round(SPRITE_H - y1 * height))
        bottom = max(top + 1, int(round(SPRITE_H - y0 * height)))
        left, right = max(0, left), min(SPRITE_W, right)
        top, bottom = max(0, top), min(SPRITE_H, bottom)
        if left >= right or top >= bottom:
            continue
        color = palette[key]
        if key == "eye":
            rgb[top:bottom, left:right] = color
        else:
            rgb[top:bottom, left:right] = _OUTLINE
            if right - left > 2 and bottom - top > 2:
                rgb[top + 1 : bottom - 1, left + 1 : right - 1] = color
                rgb[top + 1 : top + 2, left + 1 : right - 1] = _shade(color, 1.2)  # a highlight row
        mask[top:bottom, left:right] = True
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    crop = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))  # blit only the figure's box
    rgb, mask = rgb[crop].copy(), mask[crop]
    keep = np.where(mask[..., None], 0, 255).astype(np.uint8).repeat(3, axis=2)
    rgb[~mask] = 0
    rgb.flags.writeable = False
    keep.flags.writeable = False
    return int(cols[0]), int(rows[0]), rgb, keep
