"""Swap image: a pure function of (board, score, target, moves left), composed from cached numpy sprites.

Every tile kind has its own shape *and* colour (Okabe-Ito colours, safe for colour-blind readers) and
carries the letter the text uses for it, so the shape alone tells tiles apart. Tile sprites, the
labelled empty board and the header words and digits are drawn with Pillow once and cached.

A move changes a few columns of the board, so the last board drawn at each size is kept with its
picture and the next frame repaints only the cells that differ (all of them with one gather when many
do). The result is still a function of the arguments alone: what is kept only saves work.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.core.draw import canvas, draw_text_centered, font, to_array

__all__ = ["TILES", "Tile", "image_shape", "render"]

TILE = 52  # pixels per cell, gap included
_GAP = 3
_LABEL = 28  # width of the row labels, height of the column labels
_HEADER = 48
_MARGIN = 8
_BACKGROUND = (246, 244, 238)
_BOARD = (70, 74, 84)
_CELL = (222, 224, 230)
_INK = (30, 30, 34)
_LABEL_INK = (60, 60, 66)
_HEADER_SIZE = 20
_LABEL_SIZE = 18


@dataclass(frozen=True)
class Tile:
    """One tile kind: the letter the text uses, its colour name, its shape, its RGB and the letter's ink."""

    letter: str
    name: str
    shape: str
    rgb: tuple[int, int, int]
    ink: tuple[int, int, int]

    @property
    def description(self) -> str:
        return f"{self.name} {self.shape}"


# Kind i of the board; a board with k colours uses the first k.
TILES = (
    Tile("R", "red", "circle", (213, 94, 0), (255, 255, 255)),
    Tile("B", "blue", "square", (0, 114, 178), (255, 255, 255)),
    Tile("Y", "yellow", "triangle", (240, 228, 66), (30, 30, 34)),
    Tile("G", "green", "diamond", (0, 158, 115), (255, 255, 255)),
    Tile("P", "pink", "star", (204, 121, 167), (30, 30, 34)),
    Tile("C", "cyan", "cross", (86, 180, 233), (30, 30, 34)),
)


def image_shape(rows: int, cols: int) -> tuple[int, int]:
    return _HEADER + _LABEL + rows * TILE + _MARGIN, _LABEL + cols * TILE + _MARGIN


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _shape(draw: ImageDraw.ImageDraw, shape: str, side: int, fill: tuple[int, int, int]) -> None:
    """Draw ``shape`` filling most of a ``side`` x ``side`` cell, with a dark outline for contrast."""
    c, r = side / 2, side * 0.42
    style = {"fill": fill, "outline": _INK, "width": 2}
    if shape == "circle":
        draw.ellipse((c - r, c - r, c + r, c + r), **style)
    elif shape == "square":
        s = r * 0.9
        draw.rounded_rectangle((c - s, c - s, c + s, c + s), radius=3, **style)
    elif shape == "triangle":
        draw.polygon([(c, c - r), (c + r, c + r * 0.8), (c - r, c + r * 0.8)], **style)
    elif shape == "diamond":
        draw.polygon([(c, c - r), (c + r, c), (c, c + r), (c - r, c)], **style)
    elif shape == "star":
        draw.polygon(_star(c, c + 1, r * 1.08, r * 0.5), **style)
    elif shape == "cross":
        t = r * 0.42
        draw.polygon(
            [
                (c - t, c - r), (c + t, c - r), (c + t, c - t), (c + r, c - t), (c + r, c + t), (c + t, c + t),
                (c + t, c + r), (c - t, c + r), (c - t, c + t), (c - r, c + t), (c - r, c - t), (c - t, c - t),
            ],
            **style,
        )  # fmt: skip
    else:
        raise ValueError(f"unknown tile shape {shape!r}")


def _sprite(kind: int, side: int) -> np.ndarray:
    tile = TILES[kind]
    image = Image.new("RGB", (side, side), _CELL)
    draw = ImageDraw.Draw(image)
    _shape(draw, tile.shape, side, tile.rgb)
    # The letter sits a little low in the triangle, whose wide part is at the bottom.
    dy = side * 0.1 if tile.shape == "triangle" else 0
    draw_text_centered(draw, (0, dy, side, side + dy), tile.letter, 16, tile.ink)
    return to_array(image)


@lru_cache(maxsize=1)
def _cells() -> np.ndarray:
    """Every tile kind as a full cell, ``(kinds, TILE, TILE, 3)``: the sprite, the board's gap right and below."""
    side = TILE - _GAP
    cells = np.empty((len(TILES), TILE, TILE, 3), dtype=np.uint8)
    cells[:] = _BOARD
    for kind in range(len(TILES)):
        cells[kind, :side, :side] = _sprite(kind, side)
    cells.flags.writeable = False
    return cells


def _cell_origin(row: int, col: int) -> tuple[int, int]:
    return _HEADER + _LABEL + row * TILE, _LABEL + col * TILE


@lru_cache(maxsize=16)
def _empty_board(rows: int, cols: int) -> np.ndarray:
    height, width = image_shape(rows, cols)
    image = Image.fromarray(canvas(height, width, _BACKGROUND))
    draw = ImageDraw.Draw(image)
    top, left = _cell_origin(0, 0)
    draw.rectangle((left - _GAP, top - _GAP, left + cols * TILE, top + rows * TILE), fill=_BOARD)
    for r in range(rows):
        y = top + r * TILE
        draw_text_centered(draw, (0, y, _LABEL - 2, y + TILE - _GAP), str(r + 1), _LABEL_SIZE, _LABEL_INK)
    for c in range(cols):
        x = left + c * TILE
        draw_text_centered(
            draw, (x, _HEADER, x + TILE - _GAP, _HEADER + _LABEL - 4), str(c + 1), _LABEL_SIZE, _LABEL_INK
        )
    array = to_array(image)
    array.flags.writeable = False  # render copies it
    return array


@lru_cache(maxsize=64)
def _text(text: str, bold: bool = False) -> np.ndarray:
    """``text`` on the header background: an RGB strip, drawn once per string."""
    size = _HEADER_SIZE + 2 if bold else _HEADER_SIZE
    height = int(_HEADER_SIZE * 1.5)
    width = max(1, round(font(size).getlength(text)))
    image = Image.new("RGB", (width, height), _BACKGROUND)
    ImageDraw.Draw(image).text((0, height // 2), text, font=font(size), fill=_INK, anchor="lm")
    return to_array(image)


def _strips(parts: list[tuple[str, bool]]) -> list[np.ndarray]:
    """Cached strips for a line: words as they are, numbers digit by digit (so nothing is drawn per frame)."""
    strips = []
    for part, bold in parts:
        if part.isdigit():
            strips.extend(_text(digit, bold) for digit in part)
        else:
            strips.append(_text(part, bold))
    return strips


def _paste_line(image: np.ndarray, strips: list[np.ndarray], left: int, top: int) -> None:
    for strip in strips:
        height, width = strip.shape[:2]
        image[top : top + height, left : left + width] = strip
        left += width


class _LastFrame:
    """The last board drawn at one size and its picture (header left blank), behind a lock for threads."""

    def __init__(self, rows: int, cols: int) -> None:
        self.lock = threading.Lock()
        self.board = np.full((rows, cols), -1, dtype=np.int8)  # matches no board: the first frame paints all
        self.image = _empty_board(rows, cols).copy()


@lru_cache(maxsize=16)
def _last_frame(rows: int, cols: int) -> _LastFrame:
    return _LastFrame(rows, cols)


_REPAINT_ALL = 0.4  # above this share of changed cells one gather beats cell-by-cell slicing


def _paint(image: np.ndarray, board: np.ndarray, changed: np.ndarray) -> None:
    rows, cols = board.shape
    cells = _cells()
    top, left = _cell_origin(0, 0)
    if np.count_nonzero(changed) > _REPAINT_ALL * changed.size:
        # The board area seen as (row, column, y, x, rgb) takes each cell's sprite at once.
        area = image[top : top + rows * TILE, left : left + cols * TILE].reshape(rows, TILE, cols, TILE, 3)
        area.transpose(0, 2, 1, 3, 4)[...] = cells[board]
        return
    for r, c in np.argwhere(changed).tolist():
        y, x = top + r * TILE, left + c * TILE
        image[y : y + TILE, x : x + TILE] = cells[board[r, c]]


def render(board: np.ndarray, score: int, target: int, moves_left: int) -> np.ndarray:
    """RGB image: a header with score, target and moves left, then the board with row and column labels."""
    last = _last_frame(*board.shape)
    with last.lock:
        _paint(last.image, board, last.board != board)
        last.board[...] = board
        image = last.image.copy()
    header_top = (_HEADER - int(_HEADER_SIZE * 1.5)) // 2
    _paste_line(
        image, _strips([("Score ", False), (str(score), True), (f"  Target {target}", False)]), _MARGIN, header_top
    )
    moves = _strips([("Moves left ", False), (str(moves_left), True)])
    width = sum(strip.shape[1] for strip in moves)
    _paste_line(image, moves, image.shape[1] - width - _MARGIN, header_top)
    return image
