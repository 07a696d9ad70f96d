"""Tetris image: a pure function of the game, composed from cached numpy sprites.

Everything fixed during a game (walls, column numbers above and below the well, row numbers beside it,
captions, slot frames) is one cached background. Each frame copies it and lays the whole well in with a
single gather over a sprite table (empty, settled, falling and landing-preview cells of each kind),
indexed so that the result is already in image memory order. The falling piece carries its letter in
every cell and a white rim; the landing preview is an outline in the piece's colour; so shapes and
letters, not colour alone, say what a piece is. The panel shows hold, the next pieces, the falling
piece's four rotations (as "place ... rotation R" means them) and the score; its strings are drawn
once per distinct string and cached.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.tetris.pieces import KINDS, SHAPES
from omniarena.arenas.games.tetris.rules import BUFFER, Game
from omniarena.core.draw import canvas, font, to_array

__all__ = ["CELL", "COLORS", "image_shape", "render"]

CELL = 20  # well cell side in pixels
MINI = 16  # hold / next cell side
CHART = 10  # rotation-chart cell side
_MARGIN = 10
_LABELS = 30  # row-number column left of the well
_TOP = 26  # column numbers above the well
_BOTTOM = 26  # column numbers below the well
_PANEL = 184
_GAP = 16
_PANEL_TOP = 30
_SLOT_SIZE = (4 * MINI + 16, 2 * MINI + 14)  # (width, height) of a hold / next slot
_SLOT_STEP = _SLOT_SIZE[1] + 6
_STATUS_HEIGHT = 44 + 4 * CHART + 30 + 4 * 24 + 28 + 22  # the panel under the hold / next slots

_BACKGROUND = (236, 236, 240)
_INK = (30, 30, 36)
_MUTED = (120, 120, 130)
_ALERT = (200, 30, 30)
_WELL = (22, 22, 32)
_WELL_LINE = (52, 52, 70)
_ZONE = (58, 40, 44)  # spawn zone above the well
_ZONE_LINE = (88, 62, 68)
_TOP_LINE = (235, 70, 70)
_SLOT = (255, 255, 255)
_SLOT_EDGE = (170, 170, 180)
COLORS = {
    "I": (0, 215, 230),
    "O": (240, 215, 0),
    "T": (170, 70, 230),
    "S": (50, 200, 70),
    "Z": (235, 50, 60),
    "J": (60, 110, 255),
    "L": (245, 145, 20),
}
# Sprite-table indices: 0 empty well cell, 1..7 settled, 8..14 falling, 15..21 landing preview, 22 empty zone cell.
_FALLING, _GHOST, _ZONE_CELL = 7, 14, 22
_PIXEL_ROWS = np.arange(CELL)


def _layout(width: int, height: int, preview: int) -> dict[str, int]:
    well_x = _MARGIN + _LABELS
    panel_x = well_x + width * CELL + _GAP
    return {
        "well_x": well_x,
        "well_y": _TOP,
        "panel_x": panel_x,
        "next_x": panel_x + _SLOT_SIZE[0] + 14,
        "width": panel_x + _PANEL + _MARGIN,
        "status_y": _status_y(preview),
        "height": max(_TOP + (height + BUFFER) * CELL + _BOTTOM, _status_y(preview) + _STATUS_HEIGHT + _MARGIN),
    }


def _status_y(preview: int) -> int:
    return _PANEL_TOP + max(2, preview) * _SLOT_STEP + 6


def image_shape(width: int, height: int, preview: int = 3) -> tuple[int, int]:
    layout = _layout(width, height, preview)
    return layout["height"], layout["width"]


def _ink_for(color: tuple[int, int, int]) -> tuple[int, int, int]:
    luminance = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2]
    return (0, 0, 0) if luminance > 120 else (255, 255, 255)


def _shade(color: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Lighter towards white for ``factor`` > 1, darker towards black below 1."""
    if factor >= 1:
        return tuple(int(c + (255 - c) * (factor - 1)) for c in color)  # type: ignore[return-value]
    return tuple(int(c * factor) for c in color)  # type: ignore[return-value]


def _block(side: int, color: tuple[int, int, int], letter: str = "", rim: bool = False) -> np.ndarray:
    """A bevelled block; ``rim`` frames it in white, ``letter`` is drawn in its middle."""
    cell = canvas(side, side, (0, 0, 0))
    cell[1:-1, 1:-1] = _shade(color, 1.35)
    cell[3:-1, 3:-1] = _shade(color, 0.6)
    cell[3:-3, 3:-3] = color
    if rim:
        cell[:2], cell[-2:], cell[:, :2], cell[:, -2:] = 255, 255, 255, 255
    if letter:
        image = Image.fromarray(cell)
        ImageDraw.Draw(image).text(
            (side / 2, side / 2 + 1), letter, font=font(int(side * 0.62)), fill=_ink_for(color), anchor="mm"
        )
        cell = to_array(image)
    return cell


def _empty(side: int, fill: tuple[int, int, int], line: tuple[int, int, int]) -> np.ndarray:
    cell = canvas(side, side, fill)
    cell[-1], cell[:, -1] = line, line
    return cell


def _outline(side: int, color: tuple[int, int, int]) -> np.ndarray:
    cell = _empty(side, _WELL, _WELL_LINE)
    cell[2:4, 2:-2], cell[-4:-2, 2:-2], cell[2:-2, 2:4], cell[2:-2, -4:-2] = color, color, color, color
    return cell


@lru_cache(maxsize=1)
def _sprites() -> np.ndarray:
    """(23, CELL, CELL, 3): the well's cell sprites, indexed as the module constants say."""
    colors = [COLORS[k] for k in KINDS]
    sprites = [_empty(CELL, _WELL, _WELL_LINE)]
    sprites += [_block(CELL, c) for c in colors]
    sprites += [_block(CELL, c, letter, rim=True) for c, letter in zip(colors, KINDS, strict=True)]
    sprites += [_outline(CELL, c) for c in colors]
    sprites.append(_empty(CELL, _ZONE, _ZONE_LINE))
    return np.stack(sprites)


@lru_cache(maxsize=1)
def _sprite_lines() -> np.ndarray:
    """The sprite table as pixel rows: row ``index * CELL + y`` is pixel row ``y`` of sprite ``index``."""
    return np.ascontiguousarray(_sprites().reshape(-1, CELL * 3))


@lru_cache(maxsize=1024)
def _text(
    text: str, size: int, color: tuple[int, int, int] = _INK, background: tuple[int, int, int] = _BACKGROUND
) -> np.ndarray:
    """``text`` as an RGB strip on ``background``, drawn once per string."""
    height = int(size * 1.3)
    width = max(1, int(font(size).getlength(text)) + 2)
    image = Image.new("RGB", (width, height), background)
    ImageDraw.Draw(image).text((1, height // 2), text, font=font(size), fill=color, anchor="lm")
    return to_array(image)


def _paste(image: np.ndarray, strip: np.ndarray, left: int, top: int, center: bool = False) -> None:
    height, width = strip.shape[:2]
    if center:
        left, top = left - width // 2, top - height // 2
    image[top : top + height, left : left + width] = strip


def _shape_tile(kind: int, rotation: int, side: int, background: tuple[int, int, int]) -> np.ndarray:
    """Piece ``kind`` in ``rotation``, cropped to its cells, with cells of ``side`` pixels."""
    shape = SHAPES[kind][rotation]
    tile = canvas(shape.height * side, shape.width * side, background)
    block = _block(side, COLORS[KINDS[kind - 1]])
    for r, c in shape.cells:
        top, left = (r - shape.top) * side, (c - shape.left) * side
        tile[top : top + side, left : left + side] = block
    return tile


@lru_cache(maxsize=16)
def _slot_content(kind: int) -> np.ndarray:
    """The inside of a hold / next slot: piece ``kind`` in its spawn rotation and its letter."""
    width, height = _SLOT_SIZE[0] - 2, _SLOT_SIZE[1] - 2
    content = canvas(height, width, _SLOT)
    tile = _shape_tile(kind, 0, MINI, _SLOT)
    _paste(content, tile, 3 + (4 * MINI - tile.shape[1]) // 2, 4 + (2 * MINI - tile.shape[0]) // 2)
    _paste(content, _text(KINDS[kind - 1], 14, _INK, _SLOT), width - 9, height - 11, center=True)
    return content


@lru_cache(maxsize=32)
def _chart(kind: int, current: int) -> np.ndarray:
    """The four rotations of ``kind``, each over its "r0".."r3" label; the ``current`` one's label in red."""
    slot = 4 * CHART + 6
    chart = canvas(4 * CHART + 22, 4 * slot, _BACKGROUND)
    for rotation in range(4):
        tile = _shape_tile(kind, rotation, CHART, _BACKGROUND)
        _paste(chart, tile, rotation * slot + (slot - tile.shape[1]) // 2, 2)
        label = _text(f"r{rotation}", 13, _ALERT if rotation == current else _MUTED)
        _paste(chart, label, rotation * slot + slot // 2, 4 * CHART + 12, center=True)
    return chart


@lru_cache(maxsize=256)
def _status(
    kind: int, rotation: int, left: int, score: int, lines: int, target: int, level: int, speed: str, over: str
) -> np.ndarray:
    """The panel under the slots: the falling piece, its rotations, score, rows, level, speed, game over."""
    panel = canvas(_STATUS_HEIGHT, _PANEL, _BACKGROUND)
    _paste(panel, _text(f"PIECE {KINDS[kind - 1]}  rotation {rotation}", 16), 0, 0)
    _paste(panel, _text(f"leftmost column {left}", 14, _MUTED), 0, 22)
    _paste(panel, _chart(kind, rotation), 0, 44)
    y = 44 + 4 * CHART + 30
    for index, line in enumerate((f"SCORE {score}", f"LINES {lines} / {target}", f"LEVEL {level}")):
        _paste(panel, _text(line, 17), 0, y + index * 24)
    _paste(panel, _text(speed, 14, _MUTED), 0, y + 3 * 24)
    if over:
        _paste(panel, _text(f"GAME OVER ({over})", 16, _ALERT), 0, y + 3 * 24 + 28)
    return panel


def _slot_origin(layout: dict[str, int], index: int) -> tuple[int, int]:
    """Top-left corner of slot ``index``: 0 is hold, 1.. the next pieces."""
    if index == 0:
        return layout["panel_x"], _PANEL_TOP
    return layout["next_x"], _PANEL_TOP + (index - 1) * _SLOT_STEP


@lru_cache(maxsize=16)
def _background(width: int, height: int, preview: int, hold: bool) -> np.ndarray:
    """Everything that does not change during a game: walls, row and column numbers, captions, slot frames."""
    layout = _layout(width, height, preview)
    image = canvas(layout["height"], layout["width"], _BACKGROUND)
    x0, y0 = layout["well_x"], layout["well_y"]
    rows = height + BUFFER
    bottom = y0 + rows * CELL
    image[y0 - 3 : bottom + 3, x0 - 3 : x0 + width * CELL + 3] = _INK  # the well's walls
    empty = _sprites()[np.repeat(_empty_rows(height), width, axis=1)]  # (rows, width, CELL, CELL, 3)
    image[y0:bottom, x0 : x0 + width * CELL] = empty.transpose(0, 2, 1, 3, 4).reshape(rows * CELL, width * CELL, 3)
    for col in range(width):
        center = x0 + col * CELL + CELL // 2
        _paste(image, _text(str(col), 15), center, y0 - 14, center=True)
        _paste(image, _text(str(col), 15), center, bottom + 14, center=True)
    for row in range(rows):
        label = rows - row  # rows count from the bottom, 1..height, then the spawn zone
        strip = _text(str(label), 13, _MUTED if label > height else _INK)
        _paste(image, strip, x0 - 6 - strip.shape[1], y0 + row * CELL + (CELL - strip.shape[0]) // 2)
    _paste(image, _text("HOLD", 16, _MUTED), layout["panel_x"], 8)
    _paste(image, _text("NEXT", 16, _MUTED), layout["next_x"], 8)
    slot_width, slot_height = _SLOT_SIZE
    for index in range(preview + 1):
        left, top = _slot_origin(layout, index)
        if index == 0 and not hold:
            _paste(image, _text("off", 15, _MUTED), left + 4, top + 8)
            continue
        image[top : top + slot_height, left : left + slot_width] = _SLOT_EDGE
        image[top + 1 : top + slot_height - 1, left + 1 : left + slot_width - 1] = _SLOT
    return image


@lru_cache(maxsize=16)
def _top_line(width: int) -> np.ndarray:
    """The red line between the spawn zone and the well."""
    return canvas(2, width * CELL, _TOP_LINE)


@lru_cache(maxsize=16)
def _empty_rows(height: int) -> np.ndarray:
    """Sprite index of each cell row of an empty well (spawn-zone rows differ), as a (rows, 1) column."""
    return np.array([_ZONE_CELL] * BUFFER + [0] * height, dtype=np.uint8)[:, None]


def _well_indices(game: Game) -> np.ndarray:
    """Sprite index of every well cell: settled kinds, the landing preview, the falling piece."""
    cells = game.grid.copy()
    zone = cells[:BUFFER]
    zone[zone == 0] = _ZONE_CELL
    piece = game.piece
    if not game.over:
        for r, c in game.dropped(piece).cells():
            if cells[r, c] in (0, _ZONE_CELL):
                cells[r, c] = _GHOST + piece.kind
    for r, c in piece.cells():
        cells[r, c] = _FALLING + piece.kind
    return cells


def render(game: Game, target_lines: int, placement_only: bool = False) -> np.ndarray:
    """RGB image of ``game``: the labelled well, then hold, next pieces, the falling piece's rotations and the score."""
    layout = _layout(game.width, game.height, game.preview)
    image = _background(game.width, game.height, game.preview, game.hold_allowed).copy()
    x0, y0 = layout["well_x"], layout["well_y"]
    width = game.width
    # Rows with nothing in them are the background's; the others come from one gather of sprite pixel rows,
    # indexed by (cell row, pixel row, cell column) so that it comes out in image memory order.
    indices = _well_indices(game)
    drawn = np.flatnonzero((indices != _empty_rows(game.height)).any(axis=1))
    lines = indices[drawn].astype(np.intp)[:, None, :] * CELL + _PIXEL_ROWS[None, :, None]
    bands = np.take(_sprite_lines(), lines.ravel(), axis=0).reshape(len(drawn), CELL, width * CELL, 3)
    for band, row in zip(bands, drawn.tolist(), strict=True):
        image[y0 + row * CELL : y0 + (row + 1) * CELL, x0 : x0 + width * CELL] = band
    _paste(image, _top_line(width), x0, y0 + BUFFER * CELL - 1)

    if game.hold_allowed:
        left, top = _slot_origin(layout, 0)
        if game.hold_kind:
            _paste(image, _slot_content(game.hold_kind), left + 1, top + 1)
        if game.hold_used:
            _paste(image, _text("used for this piece", 13, _ALERT), left, top + _SLOT_SIZE[1] + 2)
    for index, kind in enumerate(game.queue[: game.preview], start=1):
        left, top = _slot_origin(layout, index)
        _paste(image, _slot_content(kind), left + 1, top + 1)

    piece = game.piece
    speed = "one piece per step" if placement_only else f"falls 1 row / {game.ticks_per_row} ticks"
    panel = _status(
        piece.kind, piece.rotation, piece.left, game.score, game.lines, target_lines, game.level, speed, game.over
    )
    _paste(image, panel, layout["panel_x"], layout["status_y"])
    return image
