"""Connect Four image: a pure function of the position and the viewer, composed from cached sprites.

Each cell is a cached sprite (board blue around an empty hole or a red/yellow disc, optionally marked
as the last move or as part of the winning line); a frame is the cached frame with a header strip and
the 42 cell sprites sliced in. Colours are fixed (player_0 red, player_1 yellow) so recordings from
either seat look alike; the header says which colour the viewer plays.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.connect_four.rules import COLUMNS, ROWS, State, winning_cells
from omniarena.core.draw import canvas, draw_text_centered, to_array

__all__ = ["COLOR_NAMES", "IMAGE_SHAPE", "header_text", "render"]

CELL = 60
MARGIN = 10
HEADER = 40
LABELS = 26
BOARD_TOP = HEADER + LABELS
IMAGE_SHAPE = (BOARD_TOP + ROWS * CELL + MARGIN, COLUMNS * CELL + 2 * MARGIN)
COLOR_NAMES = {1: "Red", 2: "Yellow"}
_BACKGROUND = (245, 245, 240)
_BOARD = (30, 90, 200)
_INK = (40, 40, 40)
_DISC = {0: (245, 245, 240), 1: (220, 40, 45), 2: (245, 200, 30)}
_RIM = {0: (20, 60, 150), 1: (160, 20, 30), 2: (190, 150, 10)}
_MARK = {"last": (255, 255, 255), "win": (40, 200, 80)}
_SUPERSAMPLE = 4


@lru_cache(maxsize=16)
def _cell(piece: int, mark: str) -> np.ndarray:
    """One CELL x CELL board cell holding ``piece`` (0 = empty hole); ``mark`` is "", "last" or "win"."""
    size = CELL * _SUPERSAMPLE
    image = Image.new("RGB", (size, size), _BOARD)
    draw = ImageDraw.Draw(image)
    pad = 6 * _SUPERSAMPLE
    draw.ellipse((pad, pad, size - pad, size - pad), fill=_DISC[piece], outline=_RIM[piece], width=2 * _SUPERSAMPLE)
    if mark == "win":
        ring = 14 * _SUPERSAMPLE
        draw.ellipse((ring, ring, size - ring, size - ring), outline=_MARK["win"], width=5 * _SUPERSAMPLE)
    elif mark == "last":
        dot = size // 2 - 5 * _SUPERSAMPLE, size // 2 + 5 * _SUPERSAMPLE
        draw.ellipse((dot[0], dot[0], dot[1], dot[1]), fill=_MARK["last"])
    return to_array(image.resize((CELL, CELL), Image.Resampling.LANCZOS))


@lru_cache(maxsize=1)
def _frame() -> np.ndarray:
    height, width = IMAGE_SHAPE
    image = Image.fromarray(canvas(height, width, _BACKGROUND))
    draw = ImageDraw.Draw(image)
    for col in range(COLUMNS):
        left = MARGIN + col * CELL
        draw_text_centered(draw, (left, HEADER, left + CELL, BOARD_TOP), str(col + 1), 18, _INK)
    return to_array(image)


@lru_cache(maxsize=64)
def _header(text: str, viewer: int | None) -> np.ndarray:
    """The status strip; a disc of the viewer's colour on its left says which side the image is for."""
    image = Image.new("RGB", (IMAGE_SHAPE[1], HEADER), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    if viewer is not None:
        draw.ellipse((MARGIN, 8, MARGIN + HEADER - 16, HEADER - 8), fill=_DISC[viewer], outline=_RIM[viewer], width=2)
    draw_text_centered(draw, (HEADER, 0, IMAGE_SHAPE[1] - HEADER, HEADER), text, 20, _INK)
    return to_array(image)


def header_text(state: State, viewer: int | None, forfeited: int = 0) -> str:
    """The one-line status: from ``viewer``'s side (piece 1 or 2), or a spectator's when ``None``."""
    mover = COLOR_NAMES[state.to_move]
    if viewer is None:
        if forfeited:
            return f"{COLOR_NAMES[forfeited]} forfeited: {COLOR_NAMES[3 - forfeited]} wins"
        if state.winner:
            return f"{COLOR_NAMES[state.winner]} wins"
        return "Draw" if state.done else f"{mover} to move"
    you = f"You are {COLOR_NAMES[viewer]}"
    if forfeited:
        return f"{you}: {'you forfeited' if forfeited == viewer else 'opponent forfeited, you win'}"
    if state.winner:
        return f"{you}: {'you win' if state.winner == viewer else 'you lose'}"
    if state.done:
        return f"{you}: draw"
    return f"{you}: {'your turn' if state.to_move == viewer else 'waiting for ' + mover}"


def render(state: State, viewer: int | None = None, forfeited: int = 0) -> np.ndarray:
    """RGB image of the board under a status header from ``viewer``'s side (see :func:`header_text`)."""
    image = _frame().copy()
    image[:HEADER] = _header(header_text(state, viewer, forfeited), viewer)
    marks = {cell: "win" for cell in winning_cells(state.board, state.winner)} if state.winner else {}
    if state.last is not None:
        marks.setdefault(state.last, "last")
    for (row, col), piece in np.ndenumerate(state.board):
        top, left = BOARD_TOP + row * CELL, MARGIN + col * CELL
        image[top : top + CELL, left : left + CELL] = _cell(int(piece), marks.get((row, col), ""))
    return image
