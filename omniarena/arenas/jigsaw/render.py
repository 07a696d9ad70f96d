"""Jigsaw drawing: pure functions of (pieces, board, view) -> image, built with numpy slicing.

The image is a header line (what is shown, turn, hint), column numbers over the board, row numbers left
of it, and a 448 x 448 area holding the board (square pieces, ``448 // max(rows, cols)`` pixels a side)
or a tool's view. Each cell carries its number (1..N, row by row) in its top-left corner; thin white
lines separate the cells. Numbers, frames and header strips are drawn once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.core.draw import font, text_size

__all__ = [
    "AREA",
    "Layout",
    "layout",
    "cut",
    "compose",
    "draw",
    "draw_cell",
    "set_header",
    "crop_view",
    "zoom_view",
    "pair_image",
]

AREA = 448
HEADER, COLUMN_BAND, ROW_BAND, PAD = 30, 22, 26, 8
BACKGROUND = (30, 32, 38)
INK = (235, 235, 235)
MUTED = (150, 155, 165)
GRID = (255, 255, 255)
LABEL_BG = (20, 20, 20)
LABEL_FG = (255, 230, 90)


def image_shape() -> tuple[int, int]:
    return HEADER + COLUMN_BAND + AREA + PAD, ROW_BAND + AREA + PAD


@dataclass(frozen=True)
class Layout:
    rows: int
    cols: int
    piece: int
    origin: tuple[int, int]  # top-left pixel of the board area
    background: np.ndarray  # the frame with row and column numbers, read-only
    labels: tuple[np.ndarray, ...]  # one sprite per cell number

    @property
    def board_shape(self) -> tuple[int, int]:
        return self.rows * self.piece, self.cols * self.piece


def _sprite(text: str, size: int) -> np.ndarray:
    width, height = text_size(text, size)
    image = Image.new("RGB", (width + 8, height + 6), LABEL_BG)
    ImageDraw.Draw(image).text((4, 3 - font(size).getbbox(text)[1]), text, font=font(size), fill=LABEL_FG)
    return np.asarray(image, dtype=np.uint8)


@lru_cache(maxsize=64)
def layout(rows: int, cols: int) -> Layout:
    """Sizes, the numbered frame and the cell-number sprites of a ``rows`` x ``cols`` board (cached)."""
    piece = AREA // max(rows, cols)
    height, width = image_shape()
    origin = (HEADER + COLUMN_BAND, ROW_BAND)
    frame = Image.new("RGB", (width, height), BACKGROUND)
    pen = ImageDraw.Draw(frame)
    size = 14
    for col in range(cols):
        x = origin[1] + col * piece + piece // 2
        pen.text((x, HEADER + COLUMN_BAND // 2), str(col + 1), font=font(size), fill=MUTED, anchor="mm")
    for row in range(rows):
        y = origin[0] + row * piece + piece // 2
        pen.text((ROW_BAND // 2, y), str(row + 1), font=font(size), fill=MUTED, anchor="mm")
    background = np.asarray(frame, dtype=np.uint8).copy()
    background.flags.writeable = False
    label_size = 15 if piece >= 80 else 12
    labels = tuple(_sprite(str(n + 1), label_size) for n in range(rows * cols))
    return Layout(rows, cols, piece, origin, background, labels)


def cut(picture: np.ndarray, rows: int, cols: int, rotation: bool = True) -> np.ndarray:
    """The pieces of ``picture`` (``rows * piece`` x ``cols * piece``) in every rotation: ``[4, N, s, s, 3]``,
    index ``[k, p]`` = piece ``p`` turned ``k`` quarter turns clockwise (only ``k = 0`` without ``rotation``)."""
    piece = picture.shape[0] // rows
    grid = picture[: rows * piece, : cols * piece].reshape(rows, piece, cols, piece, 3).transpose(0, 2, 1, 3, 4)
    upright = grid.reshape(rows * cols, piece, piece, 3)
    if not rotation:
        return upright[None]
    return np.stack([np.rot90(upright, k=-k, axes=(1, 2)) for k in range(4)])


def compose(tiles: np.ndarray, pieces: np.ndarray, turns: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The board as it stands, without lines or numbers: ``rows * s`` x ``cols * s`` x 3."""
    chosen = tiles[turns.astype(np.intp), pieces.astype(np.intp)]
    piece = tiles.shape[2]
    return chosen.reshape(rows, cols, piece, piece, 3).transpose(0, 2, 1, 3, 4).reshape(rows * piece, cols * piece, 3)


@lru_cache(maxsize=256)
def _glyph(char: str) -> np.ndarray:
    """One header character on the background, as wide as the font advances it (drawn once)."""
    advance = max(1, round(font(16).getlength(char)))
    strip = Image.new("RGB", (advance, HEADER), BACKGROUND)
    ImageDraw.Draw(strip).text((0, HEADER // 2), char, font=font(16), fill=INK, anchor="lm")
    array = np.asarray(strip, dtype=np.uint8).copy()
    array.flags.writeable = False
    return array


@lru_cache(maxsize=256)
def _header(text: str) -> np.ndarray:
    """The header strip with ``text``, set from cached glyphs (a new turn number costs no font rendering)."""
    width = image_shape()[1]
    strip = np.concatenate([_glyph(" " * 2), *(_glyph(char) for char in text), _blank(width)], axis=1)[:, :width]
    strip.flags.writeable = False
    return strip


@lru_cache(maxsize=4)
def _blank(width: int) -> np.ndarray:
    strip = np.empty((HEADER, width, 3), np.uint8)
    strip[:] = BACKGROUND
    return strip


def draw(
    board_pixels: np.ndarray, rows: int, cols: int, header: str, grid: bool = True, labels: bool = True
) -> np.ndarray:
    """The observation image of the board ``board_pixels`` (from :func:`compose`)."""
    spec = layout(rows, cols)
    image = spec.background.copy()
    image[:HEADER] = _header(header)
    y0, x0 = spec.origin
    height, width = spec.board_shape
    image[y0 : y0 + height, x0 : x0 + width] = board_pixels
    piece = spec.piece
    if grid:
        for k in range(1, rows):
            image[y0 + k * piece - 1 : y0 + k * piece + 1, x0 : x0 + width] = GRID
        for k in range(1, cols):
            image[y0 : y0 + height, x0 + k * piece - 1 : x0 + k * piece + 1] = GRID
    if labels:
        for cell, sprite in enumerate(spec.labels):
            y, x = y0 + (cell // cols) * piece + 2, x0 + (cell % cols) * piece + 2
            h, w = min(sprite.shape[0], piece - 2), min(sprite.shape[1], piece - 2)
            image[y : y + h, x : x + w] = sprite[:h, :w]
    return image


def draw_cell(image: np.ndarray, tile: np.ndarray, cell: int, rows: int, cols: int, grid: bool, labels: bool) -> None:
    """Repaint one cell of an image from :func:`draw` in place: its piece, its grid edges and its number.

    What :func:`draw` would give for the new board, so a turn that moves two pieces redraws two cells."""
    spec = layout(rows, cols)
    piece = spec.piece
    row, col = divmod(cell, cols)
    y, x = spec.origin[0] + row * piece, spec.origin[1] + col * piece
    image[y : y + piece, x : x + piece] = tile
    if grid:
        if row > 0:
            image[y : y + 1, x : x + piece] = GRID
        if row < rows - 1:
            image[y + piece - 1 : y + piece, x : x + piece] = GRID
        if col > 0:
            image[y : y + piece, x : x + 1] = GRID
        if col < cols - 1:
            image[y : y + piece, x + piece - 1 : x + piece] = GRID
    if labels:
        sprite = spec.labels[cell]
        h, w = min(sprite.shape[0], piece - 2), min(sprite.shape[1], piece - 2)
        image[y + 2 : y + 2 + h, x + 2 : x + 2 + w] = sprite[:h, :w]


def set_header(image: np.ndarray, header: str) -> None:
    """Replace the header line of an observation image in place."""
    image[:HEADER] = _header(header)


def _fit_area(view: np.ndarray, smooth: bool) -> np.ndarray:
    """``view`` scaled (aspect kept) to fill the board area, centred on the background."""
    height, width = view.shape[:2]
    scale = min(AREA / height, AREA / width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resample = Image.Resampling.BILINEAR if smooth else Image.Resampling.NEAREST
    scaled = np.asarray(Image.fromarray(np.ascontiguousarray(view)).resize(size, resample), dtype=np.uint8)
    area = np.empty((AREA, AREA, 3), np.uint8)
    area[:] = BACKGROUND
    y, x = (AREA - scaled.shape[0]) // 2, (AREA - scaled.shape[1]) // 2
    area[y : y + scaled.shape[0], x : x + scaled.shape[1]] = scaled
    return area


def crop_view(target: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The part ``box`` = [x1, y1, x2, y2] (0-1, corners in any order, at least 1 px) of ``target``, fitted."""
    height, width = target.shape[:2]
    x1, x2 = sorted((float(box[0]), float(box[2])))
    y1, y2 = sorted((float(box[1]), float(box[3])))
    left, right = int(x1 * width), max(int(x1 * width) + 1, round(x2 * width))
    top, bottom = int(y1 * height), max(int(y1 * height) + 1, round(y2 * height))
    left, top = min(left, width - 1), min(top, height - 1)
    return _fit_area(target[top:bottom, left:right], smooth=True)


def zoom_view(target: np.ndarray, factor: float) -> np.ndarray:
    """``target`` enlarged ``factor`` times relative to its fitted size: its centre ``1/factor`` fills the area."""
    height, width = target.shape[:2]
    keep_h, keep_w = max(1, round(height / factor)), max(1, round(width / factor))
    top, left = (height - keep_h) // 2, (width - keep_w) // 2
    return _fit_area(target[top : top + keep_h, left : left + keep_w], smooth=factor < 3)


def view_image(area: np.ndarray, header: str) -> np.ndarray:
    """An observation image showing a tool's view ``area`` (``AREA`` x ``AREA``) instead of the board."""
    height, width = image_shape()
    image = np.empty((height, width, 3), np.uint8)
    image[:] = BACKGROUND
    image[:HEADER] = _header(header)
    y0, x0 = HEADER + COLUMN_BAND, ROW_BAND
    image[y0 : y0 + AREA, x0 : x0 + AREA] = area
    return image


@lru_cache(maxsize=4)
def _letter(text: str) -> np.ndarray:
    return _sprite(text, 20)


def pair_image(first: np.ndarray, second: np.ndarray, header: str) -> np.ndarray:
    """Pieces A (``first``) and B (``second``) side by side, apart, each under its letter."""
    side = AREA // 2 - 24
    area = np.empty((AREA, AREA, 3), np.uint8)
    area[:] = BACKGROUND
    for slot, (piece, letter) in enumerate(((first, "A"), (second, "B"))):
        scaled = np.asarray(Image.fromarray(piece).resize((side, side), Image.Resampling.BILINEAR), dtype=np.uint8)
        x = 12 + slot * (AREA // 2 + 12) - (12 if slot else 0)
        y = (AREA - side) // 2
        area[y : y + side, x : x + side] = scaled
        sprite = _letter(letter)
        area[y - sprite.shape[0] - 6 : y - 6, x : x + sprite.shape[1]] = sprite
    return view_image(area, header)
