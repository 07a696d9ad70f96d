"""The tty (24x80 characters in NetHack's 16 colours) drawn as an image from a glyph atlas made once."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.core.draw import font

__all__ = ["tty_image", "CELL"]

CELL = (14, 8)  # (height, width) of one character cell in pixels
# NetHack's colours 0-15 (black, red, green, brown, blue, magenta, cyan, gray, then the bright ones).
COLORS = np.array(
    [
        (90, 90, 90), (200, 40, 40), (40, 170, 40), (170, 110, 30), (60, 80, 220), (180, 60, 180), (40, 170, 170),
        (190, 190, 190), (120, 120, 120), (255, 90, 80), (90, 255, 90), (250, 230, 70), (110, 140, 255),
        (255, 110, 255), (90, 240, 240), (255, 255, 255),
    ],
    dtype=np.float32,
)  # fmt: skip


@lru_cache(maxsize=1)
def atlas() -> np.ndarray:
    """float32[256, h, w]: the coverage of each character (0..1) in its cell."""
    height, width = CELL
    face = font(12)
    cells = np.zeros((256, height, width), dtype=np.float32)
    for code in range(33, 127):
        image = Image.new("L", (width, height), 0)
        draw = ImageDraw.Draw(image)
        left, top, right, bottom = draw.textbbox((0, 0), chr(code), font=face)
        draw.text(
            ((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top), chr(code), fill=255, font=face
        )
        cells[code] = np.asarray(image, dtype=np.float32) / 255.0
    return cells


@lru_cache(maxsize=1)
def tinted() -> np.ndarray:
    """uint8[16, 256, h, w, 3]: every character drawn in every colour, so a frame is one gather."""
    return (atlas()[None, :, :, :, None] * COLORS[:, None, None, None, :]).astype(np.uint8)


def tty_image(chars: np.ndarray, colors: np.ndarray, cursor: tuple[int, int] | None = None) -> np.ndarray:
    """uint8[24*h, 80*w, 3]: ``chars`` (uint8[rows, cols]) in ``colors`` (0-15) on black; the cursor underlined."""
    rows, cols = chars.shape
    height, width = CELL
    cells = tinted()[np.asarray(colors) & 15, chars]  # rows, cols, h, w, 3
    image = cells.transpose(0, 2, 1, 3, 4).reshape(rows * height, cols * width, 3)
    if cursor is not None and 0 <= cursor[0] < rows and 0 <= cursor[1] < cols:
        y, x = cursor[0] * height, cursor[1] * width
        image[y + height - 2 : y + height, x : x + width] = 255
    return image
