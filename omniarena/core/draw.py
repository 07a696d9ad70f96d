"""Drawing helpers shared by the arenas' pure render functions.

Fonts are loaded once per size (Pillow's bundled scalable font, so nothing is downloaded or shipped);
render functions build images with numpy slicing and use Pillow only for text and final composition.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["font", "text_size", "draw_text_centered", "to_array", "canvas", "PALETTE"]

PALETTE = {
    "background": (250, 248, 239),
    "ink": (40, 40, 40),
    "muted": (140, 140, 140),
    "accent": (52, 120, 246),
    "good": (46, 160, 67),
    "bad": (215, 58, 73),
    "table": (34, 110, 60),
    "white": (255, 255, 255),
}


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font at ``size`` pixels, loaded once per size."""
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=4096)
def text_size(text: str, size: int) -> tuple[int, int]:
    left, top, right, bottom = font(size).getbbox(text)
    return int(right - left), int(bottom - top)


def draw_text_centered(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    text: str,
    size: int,
    fill: tuple[int, int, int],
) -> None:
    """Draw ``text`` centred in ``box`` = (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    draw.text(((x0 + x1) / 2, (y0 + y1) / 2), text, font=font(size), fill=fill, anchor="mm")


def canvas(height: int, width: int, color: tuple[int, int, int]) -> np.ndarray:
    """A fresh HxWx3 uint8 image filled with ``color``."""
    return _solid(height, width, tuple(color)).copy()


@lru_cache(maxsize=32)
def _solid(height: int, width: int, color: tuple[int, ...]) -> np.ndarray:
    # Broadcasting a tuple into an image is slow (~300 us at 300x300); copying a cached array is ~6 us.
    image = np.empty((height, width, 3), dtype=np.uint8)
    image[:] = color
    image.flags.writeable = False
    return image


def to_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.uint8)
