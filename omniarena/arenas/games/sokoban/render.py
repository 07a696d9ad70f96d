"""Sokoban image: a pure function of (state, moves, pushes), composed from cached numpy sprites.

Each kind of cell has its own shape, not only its own colour: walls are bricks, targets red rings,
boxes crates with an X, boxes on targets green crates with a check mark, the player a figure. Rows and
columns are numbered as in the text, and a legend names every sprite. Sprites are drawn once per cell
size (supersampled with Pillow), the walls, floor, targets, labels and legend once per room; a frame is
a copy of that background with the boxes, the player and the cached header strips sliced in.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.sokoban.rules import Room, State
from omniarena.core.draw import canvas, font, to_array

__all__ = ["BOARD_PIXELS", "image_shape", "render"]

BOARD_PIXELS = 384  # the longer side of the grid before rounding to whole cells
HEADER = 40
LABEL_WIDTH = 28  # row numbers, left of the grid
LABEL_HEIGHT = 24  # column numbers, above the grid
MARGIN = 12
LEGEND_LINE = 30
_SUPERSAMPLE = 4
_LABEL_SIZE = 16
_HEADER_SIZE = 16
_HEADER_GAP = 16
_LEGEND_SIZE = 14
_LEGEND_SPRITE = 22

_BACKGROUND = (250, 248, 239)
_INK = (40, 40, 40)
_FLOOR = (224, 216, 198)
_FLOOR_LINE = (200, 190, 170)
_WALL = (84, 80, 94)
_BRICK = (118, 112, 128)
_TARGET = (210, 30, 60)
_BOX = (200, 130, 50)
_BOX_EDGE = (105, 60, 18)
_BOX_PLANK = (135, 80, 28)
_DONE = (60, 165, 75)
_DONE_EDGE = (24, 92, 36)
_CHECK = (255, 255, 255)
_PLAYER = (35, 85, 205)
_PLAYER_EDGE = (15, 35, 100)
_SOLVED = (24, 120, 40)

_PIECES = re.compile(r"\d|\D+")
_LEGEND = (("player", "you"), ("box", "box"), ("target", "target"), ("done", "box on target"), ("wall", "wall"))


def cell_pixels(height: int, width: int) -> int:
    return BOARD_PIXELS // max(height, width)


def _legend_lines(width: int) -> list[list[tuple[str, str, int]]]:
    """The legend entries (sprite, label, x) flowed into lines that fit ``width`` pixels."""
    lines: list[list[tuple[str, str, int]]] = [[]]
    x = MARGIN
    for sprite, label in _LEGEND:
        entry = _LEGEND_SPRITE + 5 + int(font(_LEGEND_SIZE).getlength(label))
        if lines[-1] and x + entry > width - MARGIN:
            lines.append([])
            x = MARGIN
        lines[-1].append((sprite, label, x))
        x += entry + 12
    return lines


def image_shape(height: int, width: int) -> tuple[int, int]:
    """(image height, image width) for a room of ``height`` x ``width`` cells."""
    cell = cell_pixels(height, width)
    image_width = LABEL_WIDTH + width * cell + MARGIN
    legend = len(_legend_lines(image_width)) * LEGEND_LINE + 8
    return HEADER + LABEL_HEIGHT + height * cell + legend, image_width


def _supersampled(side: int) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    big = Image.new("RGB", (side * _SUPERSAMPLE, side * _SUPERSAMPLE), _FLOOR)
    return big, ImageDraw.Draw(big), float(side * _SUPERSAMPLE)


def _finish(big: Image.Image, side: int) -> np.ndarray:
    array = to_array(big.resize((side, side), Image.LANCZOS))
    array.flags.writeable = False
    return array


def _floor_base(draw: ImageDraw.ImageDraw, s: float) -> None:
    draw.rectangle((0, 0, s - 1, s - 1), fill=_FLOOR, outline=_FLOOR_LINE, width=max(1, int(s / 64)))


def _ring(draw: ImageDraw.ImageDraw, s: float, radius: float) -> None:
    c = s / 2
    draw.ellipse((c - radius * s, c - radius * s, c + radius * s, c + radius * s), outline=_TARGET, width=int(s * 0.09))


def _crate(draw: ImageDraw.ImageDraw, s: float, face: tuple, edge: tuple) -> tuple[float, float]:
    inset = s * 0.09
    draw.rounded_rectangle(
        (inset, inset, s - inset, s - inset), radius=s * 0.06, fill=face, outline=edge, width=int(s * 0.06)
    )
    return inset, s - inset


def _figure(draw: ImageDraw.ImageDraw, s: float) -> None:
    """A person: round head over a rounded body, dark outline."""
    edge = int(s * 0.035)
    draw.rounded_rectangle(
        (s * 0.29, s * 0.44, s * 0.71, s * 0.86), radius=s * 0.16, fill=_PLAYER, outline=_PLAYER_EDGE, width=edge
    )
    draw.ellipse((s * 0.35, s * 0.1, s * 0.65, s * 0.4), fill=_PLAYER, outline=_PLAYER_EDGE, width=edge)
    draw.ellipse((s * 0.42, s * 0.2, s * 0.47, s * 0.26), fill=_CHECK)  # eyes: which way is up is plain
    draw.ellipse((s * 0.53, s * 0.2, s * 0.58, s * 0.26), fill=_CHECK)


@lru_cache(maxsize=64)
def sprite(kind: str, side: int) -> np.ndarray:
    """The ``side`` x ``side`` sprite of a cell kind: floor, wall, target, box, done, player, player_target."""
    big, draw, s = _supersampled(side)
    if kind == "wall":
        draw.rectangle((0, 0, s, s), fill=_WALL)
        rows, gap = 3, max(2, int(s * 0.05))
        brick_h = s / rows
        for row in range(rows):
            offset = (row % 2) * s / 4
            for col in range(-1, 3):
                x0 = offset + col * s / 2
                draw.rectangle(
                    (x0 + gap, row * brick_h + gap, x0 + s / 2 - gap, (row + 1) * brick_h - gap), fill=_BRICK
                )
        return _finish(big, side)
    _floor_base(draw, s)
    if kind in ("target", "player_target"):
        _ring(draw, s, 0.3 if kind == "target" else 0.4)
    if kind == "box":
        lo, hi = _crate(draw, s, _BOX, _BOX_EDGE)
        plank = int(s * 0.07)
        draw.line((lo + s * 0.08, lo + s * 0.08, hi - s * 0.08, hi - s * 0.08), fill=_BOX_PLANK, width=plank)
        draw.line((lo + s * 0.08, hi - s * 0.08, hi - s * 0.08, lo + s * 0.08), fill=_BOX_PLANK, width=plank)
    elif kind == "done":
        _crate(draw, s, _DONE, _DONE_EDGE)
        draw.line(
            ((s * 0.27, s * 0.52), (s * 0.44, s * 0.69), (s * 0.74, s * 0.33)),
            fill=_CHECK,
            width=int(s * 0.1),
            joint="curve",
        )
    elif kind in ("player", "player_target"):
        _figure(draw, s)
    return _finish(big, side)


@lru_cache(maxsize=256)
def _text(text: str, size: int, color: tuple[int, int, int] = _INK) -> np.ndarray:
    """``text`` drawn on the background colour: an RGB strip, drawn once per string."""
    height = int(size * 1.35)
    width = max(1, round(font(size).getlength(text)))
    image = Image.new("RGB", (width, height), _BACKGROUND)
    ImageDraw.Draw(image).text((0, height // 2), text, font=font(size), fill=color, anchor="lm")
    array = to_array(image)
    array.flags.writeable = False
    return array


def _line(text: str, size: int, color: tuple[int, int, int] = _INK) -> list[np.ndarray]:
    """``text`` as cached strips, one per digit and per run of other characters, so counters reuse them."""
    return [_text(piece, size, color) for piece in _PIECES.findall(text)]


def _paste_line(image: np.ndarray, strips: list[np.ndarray], left: int, top: int) -> int:
    for strip in strips:
        left = _paste(image, strip, left, top)
    return left


def _paste(image: np.ndarray, strip: np.ndarray, left: int, top: int) -> int:
    """Slice ``strip`` into ``image`` at (left, top); returns the x just after it."""
    height, width = strip.shape[:2]
    image[top : top + height, left : left + width] = strip
    return left + width


def _cell_origin(room: Room, cell: int, side: int) -> tuple[int, int]:
    row, col = divmod(cell, room.width)
    return HEADER + LABEL_HEIGHT + row * side, LABEL_WIDTH + col * side


@lru_cache(maxsize=16)
def _background(room: Room) -> np.ndarray:
    """Walls, floor, targets, row/column numbers and the legend of ``room``, without boxes or player."""
    height, width = image_shape(room.height, room.width)
    side = cell_pixels(room.height, room.width)
    image = canvas(height, width, _BACKGROUND)
    for cell in range(room.height * room.width):
        kind = "wall" if cell in room.walls else "target" if cell in room.targets else "floor"
        top, left = _cell_origin(room, cell, side)
        image[top : top + side, left : left + side] = sprite(kind, side)
    for col in range(room.width):
        label = _text(str(col + 1), _LABEL_SIZE)
        _paste(image, label, LABEL_WIDTH + col * side + (side - label.shape[1]) // 2, HEADER)
    for row in range(room.height):
        label = _text(str(row + 1), _LABEL_SIZE)
        top = HEADER + LABEL_HEIGHT + row * side + (side - label.shape[0]) // 2
        _paste(image, label, (LABEL_WIDTH - label.shape[1]) // 2, top)
    legend_top = HEADER + LABEL_HEIGHT + room.height * side + 8
    for line, entries in enumerate(_legend_lines(width)):
        top = legend_top + line * LEGEND_LINE
        for kind, label, x in entries:
            icon = np.asarray(
                Image.fromarray(sprite(kind, side)).resize((_LEGEND_SPRITE, _LEGEND_SPRITE), Image.LANCZOS)
            )
            _paste(image, icon, x, top)
            strip = _text(label, _LEGEND_SIZE)
            _paste(image, strip, x + _LEGEND_SPRITE + 5, top + (_LEGEND_SPRITE - strip.shape[0]) // 2)
    image.flags.writeable = False
    return image


def render(state: State, moves: int, pushes: int) -> np.ndarray:
    """RGB image: a status header, the numbered grid with boxes and player, and a legend."""
    room = state.room
    side = cell_pixels(room.height, room.width)
    image = _background(room).copy()
    for cell in state.boxes:
        top, left = _cell_origin(room, cell, side)
        image[top : top + side, left : left + side] = sprite("done" if cell in room.targets else "box", side)
    top, left = _cell_origin(room, state.player, side)
    image[top : top + side, left : left + side] = sprite(
        "player_target" if state.player in room.targets else "player", side
    )
    header_top = (HEADER - int(_HEADER_SIZE * 1.35)) // 2
    total = len(room.targets)
    if state.solved:
        status = _line(f"SOLVED: {total}/{total} on targets", _HEADER_SIZE, _SOLVED)
    else:
        status = _line(f"Boxes on targets: {state.on_target}/{total}", _HEADER_SIZE)
    _paste_line(image, status, MARGIN, header_top)
    counters = _line(f"Moves: {moves}   Pushes: {pushes}", _HEADER_SIZE)
    _paste_line(image, counters, image.shape[1] - MARGIN - sum(strip.shape[1] for strip in counters), header_top)
    return image


def header_width(boxes: int, moves: int, pushes: int, solved: bool) -> int:
    """Pixels the header's two texts take with the gap between them (what must fit the image width)."""
    status = f"SOLVED: {boxes}/{boxes} on targets" if solved else f"Boxes on targets: {boxes}/{boxes}"
    texts = (status, f"Moves: {moves}   Pushes: {pushes}")
    return 2 * MARGIN + _HEADER_GAP + sum(int(font(_HEADER_SIZE).getlength(text)) + 1 for text in texts)
