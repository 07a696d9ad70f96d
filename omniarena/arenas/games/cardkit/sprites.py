"""Card sprites and text labels, drawn with Pillow once and cached as numpy arrays.

Render functions compose frames by slicing these arrays into a canvas (:func:`paste`); nothing here
loads a font or decodes an image per step. Suits are drawn as shapes, so no glyph font is needed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.cardkit.deck import RANK_LABELS, SUITS
from omniarena.core.draw import font, to_array

__all__ = ["TABLE", "card_face", "card_back", "felt", "label", "paste"]

Color = tuple[int, int, int]

TABLE: Color = (53, 101, 77)  # the gym-cards felt green (#35654d)
_PAPER: Color = (252, 252, 250)
_EDGE: Color = (120, 120, 120)
_RED: Color = (200, 30, 45)
_BLACK: Color = (25, 25, 25)
_BACK: Color = (40, 70, 160)
_BACK_LINE: Color = (120, 150, 220)
_BADGE: Color = (255, 226, 120)  # a pale gold tab, so the counted value stands apart from the printed rank
_BADGE_INK: Color = (25, 25, 25)  # 14:1 on the tab
_SCALE = 3  # draw at 3x and downsample: smooth edges without per-shape antialiasing


def _suit_shape(draw: ImageDraw.ImageDraw, suit: int, cx: float, cy: float, size: float, color: Color) -> None:
    """A suit symbol of height ``size`` centred on (cx, cy)."""
    s = size / 2
    r = s * 0.52
    letter = SUITS[suit].letter
    if letter == "D":
        draw.polygon([(cx, cy - s), (cx + s * 0.72, cy), (cx, cy + s), (cx - s * 0.72, cy)], fill=color)
    elif letter == "H":
        top = cy - s * 0.45
        for x in (cx - r * 0.92, cx + r * 0.92):
            draw.ellipse((x - r, top - r, x + r, top + r), fill=color)
        draw.polygon([(cx - r * 1.85, top + r * 0.25), (cx + r * 1.85, top + r * 0.25), (cx, cy + s)], fill=color)
    elif letter == "S":
        low = cy + s * 0.2
        for x in (cx - r * 0.92, cx + r * 0.92):
            draw.ellipse((x - r, low - r, x + r, low + r), fill=color)
        draw.polygon([(cx - r * 1.85, low - r * 0.25), (cx + r * 1.85, low - r * 0.25), (cx, cy - s)], fill=color)
        draw.polygon([(cx, low), (cx - r * 0.75, cy + s), (cx + r * 0.75, cy + s)], fill=color)
    else:  # clubs
        c = r * 0.92
        for x, y in ((cx, cy - s + c), (cx - c * 1.05, cy + s * 0.12), (cx + c * 1.05, cy + s * 0.12)):
            draw.ellipse((x - c, y - c, x + c, y + c), fill=color)
        draw.polygon([(cx, cy - s * 0.1), (cx - r * 0.75, cy + s), (cx + r * 0.75, cy + s)], fill=color)


def _blank(width: int, height: int, background: Color, fill: Color) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width * _SCALE, height * _SCALE), background)
    draw = ImageDraw.Draw(image)
    radius = max(2, min(width, height) // 10) * _SCALE
    draw.rounded_rectangle(
        (0, 0, width * _SCALE - 1, height * _SCALE - 1), radius, fill=fill, outline=_EDGE, width=_SCALE
    )
    return image, draw


def _finish(image: Image.Image, width: int, height: int, dim: bool) -> np.ndarray:
    array = to_array(image.resize((width, height), Image.Resampling.LANCZOS))
    if dim:  # a used card: washed out toward grey so it reads as "spent"
        array = (array.astype(np.uint16) * 2 // 5 + 90).astype(np.uint8)
    array.setflags(write=False)
    return array


def card_face(
    rank: int,
    suit: int,
    width: int,
    height: int,
    background: Color = TABLE,
    dim: bool = False,
    value: int | None = None,
) -> np.ndarray:
    """The face of a card as a read-only ``height x width x 3`` array (rounded corners on ``background``).

    Big rank and suit in the middle (what a model needs to read at small sizes), small ones in the
    top-left and bottom-right corners like a real card. ``value`` is what the game counts the card
    as; where the printed rank does not say it (A, J, Q, K) a badge such as "=10" shows it in the
    top-right corner, so games that count faces differently draw different cards. Drawn once per
    argument set and cached.
    """
    badge = None if value is None or RANK_LABELS[rank - 1] == str(value) else value
    return _card_face(rank, suit, width, height, background, dim, badge)


@lru_cache(maxsize=1024)
def _card_face(
    rank: int, suit: int, width: int, height: int, background: Color, dim: bool, badge: int | None
) -> np.ndarray:
    image, draw = _blank(width, height, background, _PAPER)
    w, h = width * _SCALE, height * _SCALE
    color = _RED if SUITS[suit].red else _BLACK
    text = RANK_LABELS[rank - 1]
    corner = int(h * 0.15)
    for flip in (False, True):
        layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        layer_draw = ImageDraw.Draw(layer)
        cx = w * 0.12
        layer_draw.text((cx, h * 0.025), text, font=font(corner), fill=color, anchor="mt")
        _suit_shape(layer_draw, suit, cx, h * 0.025 + corner * 1.35, corner * 0.6, color)
        if flip:
            layer = layer.rotate(180)
        image.paste(layer, (0, 0), layer)
    big = int(h * 0.3)
    draw.text((w / 2, h * 0.4), text, font=font(big), fill=color, anchor="mm")
    _suit_shape(draw, suit, w / 2, h * 0.7, h * 0.22, color)
    if badge is not None:
        _value_badge(draw, f"={badge}", w, h)
    return _finish(image, width, height, dim)


def _value_badge(draw: ImageDraw.ImageDraw, text: str, w: int, h: int) -> None:
    """A tab with ``text`` in the top-right corner of a card drawn at ``w x h`` (the 3x canvas)."""
    face = font(int(h * 0.17))
    left, top, right, bottom = face.getbbox(text, anchor="mm")
    pad = _SCALE * 2
    cx, cy = w - pad - (right - left) / 2 - _SCALE * 4, h * 0.03 + pad + (bottom - top) / 2
    box = (cx + left - pad, cy + top - pad, cx + right + pad, cy + bottom + pad)
    draw.rounded_rectangle(box, pad * 2, fill=_BADGE, outline=_EDGE, width=_SCALE)
    draw.text((cx, cy), text, font=face, fill=_BADGE_INK, anchor="mm")


@lru_cache(maxsize=64)
def card_back(width: int, height: int, background: Color = TABLE) -> np.ndarray:
    """The back of a card (a face-down card) as a read-only array."""
    image, draw = _blank(width, height, background, _BACK)
    w, h = width * _SCALE, height * _SCALE
    inset = 4 * _SCALE
    draw.rounded_rectangle((inset, inset, w - inset, h - inset), 3 * _SCALE, outline=_BACK_LINE, width=_SCALE)
    step = max(6, width // 6) * _SCALE
    for offset in range(-h, w, step):
        draw.line((offset, inset, offset + h, h - inset), fill=_BACK_LINE, width=_SCALE)
    # Trim the hatching outside the inner frame by redrawing the border band.
    draw.rounded_rectangle((0, 0, w - 1, h - 1), max(2, min(width, height) // 10) * _SCALE, outline=_EDGE, width=_SCALE)
    return _finish(image, width, height, False)


@lru_cache(maxsize=4096)
def label(text: str, size: int, color: Color = (255, 255, 255), background: Color = TABLE) -> np.ndarray:
    """``text`` in the bundled font at ``size`` px on ``background``, cropped to its advance box."""
    face = font(size)
    left, _, right, _ = face.getbbox(text)
    ascent, descent = face.getmetrics()
    image = Image.new("RGB", (max(1, right - min(left, 0) + 1), ascent + descent), background)
    ImageDraw.Draw(image).text((-min(left, 0), 0), text, font=face, fill=color)
    array = to_array(image)
    array.setflags(write=False)
    return array


@lru_cache(maxsize=16)
def felt(height: int, width: int, color: Color = TABLE) -> np.ndarray:
    """A read-only plain ``height x width`` image of ``color``; ``.copy()`` it to draw on.

    Copying a cached array is ~50x faster than filling a new one with an RGB triple.
    """
    line = np.array(color * width, dtype=np.uint8)
    image = np.tile(line, (height, 1)).reshape(height, width, 3)
    image.setflags(write=False)
    return image


def paste(canvas: np.ndarray, sprite: np.ndarray, x: int, y: int) -> None:
    """Copy ``sprite`` into ``canvas`` with its top-left at (x, y), clipped to the canvas."""
    height, width = canvas.shape[:2]
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + sprite.shape[1], width), min(y + sprite.shape[0], height)
    if x1 > x0 and y1 > y0:
        canvas[y0:y1, x0:x1] = sprite[y0 - y : y1 - y, x0 - x : x1 - x]
