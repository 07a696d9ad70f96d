"""NumberLine image: a pure function of the state, drawn from cached layers."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.numberline.rules import State
from omniarena.core.draw import PALETTE, draw_text_centered, to_array

SIZE = 300
_MARGIN = 30
_LINE_Y = 170


def _x(value: int, high: int) -> int:
    return _MARGIN + round(value * (SIZE - 2 * _MARGIN) / high)


@lru_cache(maxsize=16)
def _base(high: int) -> np.ndarray:
    image = Image.new("RGB", (SIZE, SIZE), PALETTE["background"])
    draw = ImageDraw.Draw(image)
    draw.line((_MARGIN, _LINE_Y, SIZE - _MARGIN, _LINE_Y), fill=PALETTE["ink"], width=2)
    label_every = max(1, high // 10)
    for value in range(high + 1):
        x = _x(value, high)
        tall = value % label_every == 0
        draw.line((x, _LINE_Y - (6 if tall else 3), x, _LINE_Y + (6 if tall else 3)), fill=PALETTE["ink"])
        if tall:
            draw_text_centered(draw, (x - 12, _LINE_Y + 10, x + 12, _LINE_Y + 26), str(value), 12, PALETTE["ink"])
    return to_array(image)


@lru_cache(maxsize=256)
def _label(prefix: str, value: int, color: tuple[int, int, int]) -> np.ndarray:
    image = Image.new("RGB", (SIZE, 36), PALETTE["background"])
    draw_text_centered(ImageDraw.Draw(image), (0, 0, SIZE, 36), f"{prefix}: {value}", 22, color)
    return to_array(image)


def render(state: State) -> np.ndarray:
    """RGB image of the line with the target (green) and the current position (blue)."""
    image = _base(state.high).copy()
    image[20:56] = _label("Target", state.target, PALETTE["good"])
    image[60:96] = _label("Current", state.position, PALETTE["accent"])
    for value, color, top in (
        (state.target, PALETTE["good"], _LINE_Y - 34),
        (state.position, PALETTE["accent"], _LINE_Y - 22),
    ):
        x = _x(value, state.high)
        image[top : top + 14, x - 4 : x + 5] = color
    return image
