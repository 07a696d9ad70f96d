"""Shisen-sho image: a pure function of the board and the last move, composed from cached sprites.

The board sits inside a darker band, the ring of empty cells outside the board that paths may use,
with row numbers on the left and column numbers on top. Each tile is an ivory face carrying its
shape in its colour with the colour's letter on it (so shape and letter, not colour alone, tell
kinds apart). The path of the last removed pair is drawn as a gold line through the cell centres.

Tile sprites are drawn once per kind and size (supersampled by Pillow, then cached as arrays), the
frame (labels, ring, empty cells) once per board size, the header once per count; a frame is the
cached frame with the remaining tiles sliced in and the path sliced in as rectangles.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.shisen.rules import COLOURS, SHAPES, kind_parts
from omniarena.core.draw import canvas, draw_text_centered, font, to_array

__all__ = ["COLOUR_RGB", "BoardPainter", "image_shape", "render"]

BOARD_PIXELS = 560  # the side of the board plus its ring, before rounding to whole cells
HEADER = 40
LABEL_TOP = 26
LABEL_LEFT = 32
_MIN_CELL, _MAX_CELL = 36, 72
_BACKGROUND = (250, 248, 239)
_INK = (40, 40, 40)
_RING = (27, 66, 52)
_FELT = (42, 102, 78)
_HOLE = (50, 116, 90)
_FACE = (247, 242, 226)
_EDGE = (150, 138, 116)
_OUTLINE = (25, 25, 25)
_PATH = np.array((255, 196, 0), dtype=np.uint8)  # an array: broadcasting a tuple is slow
COLOUR_RGB = {
    "red": (214, 40, 40),
    "blue": (30, 100, 210),
    "green": (40, 150, 60),
    "yellow": (240, 200, 20),
    "purple": (140, 60, 175),
    "black": (35, 35, 35),
}
_SUPERSAMPLE = 4


def cell_size(rows: int, cols: int) -> int:
    """Pixels per cell: the board and its ring fill about BOARD_PIXELS."""
    return min(max(BOARD_PIXELS // (max(rows, cols) + 2), _MIN_CELL), _MAX_CELL)


def image_shape(rows: int, cols: int) -> tuple[int, int]:
    cell = cell_size(rows, cols)
    return HEADER + LABEL_TOP + (rows + 2) * cell, LABEL_LEFT + (cols + 2) * cell


def _shape_points(shape: str, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = box
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if shape == "triangle":
        return [(cx, y0), (x1, y1 - 0.08 * h), (x0, y1 - 0.08 * h)]
    if shape == "diamond":
        return [(cx, y0), (x1, cy), (cx, y1), (x0, cy)]
    if shape == "hexagon":
        angles = np.deg2rad(np.arange(6) * 60.0)
        return [(cx + w / 2 * np.cos(a), cy + h / 2 * np.sin(a)) for a in angles]
    if shape == "cross":
        t = 0.21 * w
        return [
            (cx - t, y0), (cx + t, y0), (cx + t, cy - t), (x1, cy - t), (x1, cy + t), (cx + t, cy + t),
            (cx + t, y1), (cx - t, y1), (cx - t, cy + t), (x0, cy + t), (x0, cy - t), (cx - t, cy - t),
        ]  # fmt: skip
    raise ValueError(f"no polygon for {shape!r}")


@lru_cache(maxsize=512)  # 37 sprites per cell size; a process may draw every size
def _tile(kind: int, cell: int) -> np.ndarray:
    """One cell holding tile ``kind`` (0 = an empty cell)."""
    if kind == 0:
        image = canvas(cell, cell, _FELT)
        inset = max(2, cell // 10)
        image[inset : cell - inset, inset : cell - inset] = _HOLE
        return image
    shape_index, colour_index = kind_parts(kind)
    shape, colour = SHAPES[shape_index][0], COLOURS[colour_index][0]
    size = cell * _SUPERSAMPLE
    s = _SUPERSAMPLE
    image = Image.new("RGB", (size, size), _FELT)
    draw = ImageDraw.Draw(image)
    pad = 2 * s
    draw.rounded_rectangle((pad + s, pad + s, size - pad, size - pad), radius=cell // 8 * s, fill=_EDGE)
    draw.rounded_rectangle((pad, pad, size - pad - 2 * s, size - pad - 2 * s), radius=cell // 8 * s, fill=_FACE)
    margin = 0.12 * size
    box = (margin, margin, size - margin - 2 * s, size - margin - 2 * s)
    fill, width = COLOUR_RGB[colour], max(2, cell // 24) * s
    if shape == "circle":
        draw.ellipse(box, fill=fill, outline=_OUTLINE, width=width)
    elif shape == "square":
        inner = 0.06 * size
        draw.rectangle(
            (box[0] + inner, box[1] + inner, box[2] - inner, box[3] - inner), fill=fill, outline=_OUTLINE, width=width
        )
    else:
        draw.polygon(_shape_points(shape, box), fill=fill, outline=_OUTLINE, width=width)
    letter_y = (box[1] + box[3]) / 2 + (0.1 * (box[3] - box[1]) if shape == "triangle" else 0)
    draw.text(
        ((box[0] + box[2]) / 2, letter_y),
        COLOURS[colour_index][1].upper(),
        font=font(int(0.3 * size)),
        fill=(255, 255, 255),
        anchor="mm",
        stroke_width=max(2, cell // 20) * s,
        stroke_fill=_OUTLINE,
    )
    return to_array(image.resize((cell, cell), Image.Resampling.LANCZOS))


@lru_cache(maxsize=8)
def _frame(rows: int, cols: int) -> np.ndarray:
    """Header background, labels, the ring and the board's empty cells."""
    height, width = image_shape(rows, cols)
    cell = cell_size(rows, cols)
    image = Image.fromarray(canvas(height, width, _BACKGROUND))
    draw = ImageDraw.Draw(image)
    top, left = HEADER + LABEL_TOP, LABEL_LEFT
    draw.rectangle((left, top, width - 1, height - 1), fill=_RING)
    label_size = max(14, min(20, cell // 2))
    for col in range(cols):
        x = left + (col + 1) * cell
        draw_text_centered(draw, (x, HEADER, x + cell, top), str(col + 1), label_size, _INK)
    for row in range(rows):
        y = top + (row + 1) * cell
        draw_text_centered(draw, (0, y, left, y + cell), str(row + 1), label_size, _INK)
    frame = to_array(image).copy()  # Pillow hands out a read-only view
    empty = _tile(0, cell)
    for row in range(1, rows + 1):
        for col in range(1, cols + 1):
            y, x = top + row * cell, left + col * cell
            frame[y : y + cell, x : x + cell] = empty
    frame.flags.writeable = False
    return frame


@lru_cache(maxsize=256)
def _header(text: str, width: int) -> np.ndarray:
    image = Image.new("RGB", (width, HEADER), _BACKGROUND)
    draw_text_centered(ImageDraw.Draw(image), (0, 0, width, HEADER), text, 20, _INK)
    return to_array(image)


_REPAINT_LIMIT = 12  # more changed cells than this (a new deal): draw the whole board afresh


class BoardPainter:
    """Draws one arena's boards incrementally: each :meth:`paint` repaints only the cells that differ from
    the last image it drew (the two removed tiles and the cells under the old and new paths), which gives
    the same pixels as drawing afresh.

    :meth:`paint` returns the painter's own image, valid until its next call (the observation cache keeps
    it for the current state and hands out copies), so a step costs one image copy, not two.
    """

    def __init__(self) -> None:
        self.image: np.ndarray | None = None
        self.board: np.ndarray | None = None
        self.path: tuple[tuple[int, int], ...] | None = None

    def paint(self, board: np.ndarray, path: tuple[tuple[int, int], ...] | None = None, status: str = "") -> np.ndarray:
        """The image of ``board`` (see :func:`render`), drawn over the last one."""
        rows, cols = board.shape
        cell = cell_size(rows, cols)
        same_size = self.board is not None and self.board.shape == board.shape
        changed = np.flatnonzero(self.board != board) if same_size else None
        if self.image is None or changed is None or changed.size > _REPAINT_LIMIT:
            image = _frame(rows, cols).copy()
            occupied = np.flatnonzero(board)
            for flat, kind in zip(occupied.tolist(), board.flat[occupied].tolist(), strict=True):
                _paint(image, board, flat // cols + 1, flat % cols + 1, kind, cell)
            self.image, self.board = image, board.copy()
        else:
            image = self.image
            cells = {(flat // cols + 1, flat % cols + 1) for flat in changed.tolist()} | _cells_on(self.path)
            for row, col in cells:
                _paint(image, board, row, col, None, cell)
            assert self.board is not None
            self.board[...] = board
        if path:
            _draw_path(image, path, cell)
        self.path = path
        image[:HEADER] = _header(status, image.shape[1])
        return image


def render(board: np.ndarray, path: tuple[tuple[int, int], ...] | None = None, status: str = "") -> np.ndarray:
    """RGB image of ``board``; ``path``: the last pair's corners in padded cells; ``status``: the header line.

    A pure function of its arguments (a fresh image, drawn from scratch); arenas keep a
    :class:`BoardPainter`, which draws only what changed.
    """
    return BoardPainter().paint(board, path, status)


def _paint(image: np.ndarray, board: np.ndarray, row: int, col: int, kind: int | None, cell: int) -> None:
    """Repaint padded cell (row, col) as the frame and ``board`` show it (``kind``: its tile, if known)."""
    y, x = HEADER + LABEL_TOP + row * cell, LABEL_LEFT + col * cell
    rows, cols = board.shape
    if 1 <= row <= rows and 1 <= col <= cols:
        value = int(board[row - 1, col - 1]) if kind is None else kind
        image[y : y + cell, x : x + cell] = _tile(value, cell)
    else:
        image[y : y + cell, x : x + cell] = _frame(rows, cols)[y : y + cell, x : x + cell]


def _cells_on(path: tuple[tuple[int, int], ...] | None) -> set[tuple[int, int]]:
    """Every padded cell a path drawn through ``path``'s corners touches."""
    cells: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in itertools.pairwise(path or ()):
        for row in range(min(r0, r1), max(r0, r1) + 1):
            for col in range(min(c0, c1), max(c0, c1) + 1):
                cells.add((row, col))
    return cells


def _draw_path(image: np.ndarray, path: tuple[tuple[int, int], ...], cell: int) -> None:
    """Axis-aligned segments through cell centres, and a square on both ends."""
    top, left = HEADER + LABEL_TOP, LABEL_LEFT
    half = max(2, cell // 14)

    def centre(point: tuple[int, int]) -> tuple[int, int]:
        return top + point[0] * cell + cell // 2, left + point[1] * cell + cell // 2

    for a, b in itertools.pairwise(path):
        (y0, x0), (y1, x1) = centre(a), centre(b)
        y0, y1 = sorted((y0, y1))
        x0, x1 = sorted((x0, x1))
        image[y0 - half : y1 + half + 1, x0 - half : x1 + half + 1] = _PATH
    end = cell // 5
    for point in (path[0], path[-1]):
        y, x = centre(point)
        image[y - end : y + end + 1, x - end : x + end + 1] = _PATH
