"""2048 image: a pure function of (board, score, target), composed from cached numpy sprites.

Tile sprites (one per value and tile size) and header text strips (one per label and digit) are drawn
with Pillow once and cached; each frame is a copy of the cached empty board with them sliced in.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.core.draw import canvas, draw_text_centered, font, to_array

__all__ = ["BOARD_PIXELS", "HEADER", "image_shape", "render", "tile_colors"]

BOARD_PIXELS = 400  # the board's side before rounding to whole tiles
HEADER = 48
_BACKGROUND = (250, 248, 239)
_GRID = (187, 173, 160)
_EMPTY = (205, 193, 180)
_HEADER_TEXT = (119, 110, 101)  # 4.7:1 on the header background
# The classic tile colours of the original game, each with a number colour that keeps WCAG AA contrast
# (>= 4.5:1, checked in the tests). The original's light numbers on the orange and gold tiles reach only
# 1.4-3.0:1, and its grey-brown on 2 and 4 about 3.9:1, so the numbers are darker browns instead and the
# tiles keep their colours. Larger tiles share the last entry.
_TILES: dict[int, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    2: ((238, 228, 218), (96, 88, 80)),
    4: ((237, 224, 200), (96, 88, 80)),
    8: ((242, 177, 121), (36, 32, 28)),
    16: ((245, 149, 99), (36, 32, 28)),
    32: ((246, 124, 95), (36, 32, 28)),
    64: ((246, 94, 59), (36, 32, 28)),
    128: ((237, 207, 114), (36, 32, 28)),
    256: ((237, 204, 97), (36, 32, 28)),
    512: ((237, 200, 80), (36, 32, 28)),
    1024: ((237, 197, 63), (36, 32, 28)),
    2048: ((237, 194, 46), (36, 32, 28)),
}
_BIG_TILE = ((60, 58, 50), (249, 246, 242))
_LABEL_SIZE = 22
_MARGIN = 10


def _geometry(size: int) -> tuple[int, int]:
    """(tile side, gap) in pixels for a ``size`` x ``size`` board."""
    gap = max(6, 48 // size)
    return (BOARD_PIXELS - gap * (size + 1)) // size, gap


def image_shape(size: int) -> tuple[int, int]:
    tile, gap = _geometry(size)
    side = size * tile + (size + 1) * gap
    return HEADER + side, side


def tile_colors(value: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(tile colour, number colour) of a tile showing ``value``."""
    return _TILES.get(value, _BIG_TILE)


@lru_cache(maxsize=256)
def _tile(value: int, side: int) -> np.ndarray:
    if value == 0:
        return canvas(side, side, _EMPTY)
    color, ink = tile_colors(value)
    image = Image.new("RGB", (side, side), color)
    text = str(value)
    digits = len(text)
    text_size = int(side * (0.5 if digits <= 2 else 0.42 if digits == 3 else 0.34 if digits == 4 else 0.27))
    # Shrink numbers too wide for the tile (7+ digits on small tiles); drawn once per value, so cheap.
    while text_size > 6 and font(text_size).getlength(text) > side * 0.9:
        text_size -= 1
    draw_text_centered(ImageDraw.Draw(image), (0, 0, side, side), text, text_size, ink)
    return to_array(image)


@lru_cache(maxsize=8)
def _empty_board(size: int) -> np.ndarray:
    height, width = image_shape(size)
    image = canvas(height, width, _BACKGROUND)
    tile, gap = _geometry(size)
    image[HEADER:] = _GRID
    for row in range(size):
        for col in range(size):
            top, left = HEADER + gap + row * (tile + gap), gap + col * (tile + gap)
            image[top : top + tile, left : left + tile] = _EMPTY
    return image


@lru_cache(maxsize=128)
def _text(text: str, size: int) -> np.ndarray:
    """``text`` drawn on the header background: an RGB strip, drawn once per string and size."""
    height = int(size * 1.3)
    width = max(1, int(font(size).getlength(text)))
    image = Image.new("RGB", (width, height), _BACKGROUND)
    ImageDraw.Draw(image).text((0, height // 2), text, font=font(size), fill=_HEADER_TEXT, anchor="lm")
    return to_array(image)


def _paste(image: np.ndarray, strip: np.ndarray, left: int, top: int) -> int:
    """Slice ``strip`` into ``image`` at (left, top); returns the x just after it."""
    height, width = strip.shape[:2]
    image[top : top + height, left : left + width] = strip
    return left + width


def render(board: np.ndarray, score: int, target: int) -> np.ndarray:
    """RGB image: a header with the score and target, then the tile grid in the classic colours."""
    size = board.shape[0]
    image = _empty_board(size).copy()
    tile, gap = _geometry(size)
    for row, col in np.argwhere(board).tolist():
        top, left = HEADER + gap + row * (tile + gap), gap + col * (tile + gap)
        image[top : top + tile, left : left + tile] = _tile(int(board[row, col]), tile)
    # The score is composed from per-digit strips so that no text is drawn per frame.
    x = _paste(image, _text("Score ", _LABEL_SIZE), _MARGIN, _MARGIN)
    for digit in str(score):
        x = _paste(image, _text(digit, _LABEL_SIZE), x, _MARGIN)
    goal = _text(f"Goal {target}", _LABEL_SIZE)
    _paste(image, goal, image.shape[1] - goal.shape[1] - _MARGIN, _MARGIN)
    return image
