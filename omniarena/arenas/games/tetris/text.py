"""Tetris in words: the rules, the labelled well, the falling piece's rotations, and the legal actions.

Rows are numbered from the bottom (1..height, then the spawn zone), columns from the left (0..width-1),
as in the image, so a model can read either one and name the same cells.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from omniarena.arenas.games.tetris.pieces import KINDS, SHAPES
from omniarena.arenas.games.tetris.rules import BUFFER, LINE_SCORES, LINES_PER_LEVEL, PRIMITIVES, Game, ticks_per_row

__all__ = ["rules_text", "state_text", "legal_text"]

_EMPTY, _SETTLED = ".", "#"


def rules_text(game: Game, target_lines: int, placement_only: bool) -> str:
    scores = "/".join(str(s) for s in LINE_SCORES[1:])
    lines = [
        f"Tetris in a well {game.width} columns wide and {game.height} rows tall, under a {BUFFER}-row spawn zone. "
        f"Pieces ({', '.join(KINDS)}) come in shuffled bags of all seven. Fill whole rows: a full row clears, "
        f"and clearing 1/2/3/4 rows with one piece scores {scores} times the level. The level goes up every "
        f"{LINES_PER_LEVEL} cleared rows (pieces then fall faster). Clear {target_lines} rows to win. The game is "
        "lost when a new piece cannot enter (block-out) or a piece comes to rest entirely in the spawn zone (lock-out)."
    ]
    if placement_only:
        lines.append(
            "Each action places the falling piece: 'place column C rotation R' turns it to rotation R, moves it so "
            "that its leftmost cell is in column C, and drops it straight down until it rests."
        )
    else:
        hold = (
            "Hold puts the piece aside for later (once per piece)."
            if game.hold_allowed
            else "Hold is off in this game."
        )
        lines.append(
            f"Each action is one tick. At level {game.start_level} the piece falls one row every "
            f"{ticks_per_row(game.gravity, game.start_level)} ticks and locks as soon as it cannot fall further. Move and turn it (turns "
            "use SRS wall kicks: a blocked turn tries shifted positions), or place it in one action: 'place column C "
            f"rotation R' turns it to rotation R, moves it so that its leftmost cell is in column C and hard-drops it. {hold}"
        )
    return "\n".join(lines)


# Settled cells read '#', empty ones '.', whatever piece left them.
_CELL_CHARS = bytes([ord(_EMPTY)] + [ord(_SETTLED)] * 255)


@lru_cache(maxsize=4096)
def _cells(row: bytes) -> str:
    """One row of the grid as spaced characters (rows repeat a lot: most are empty)."""
    return " ".join(row.decode())


@lru_cache(maxsize=16)
def _frame(rows: int, width: int) -> tuple[str, tuple[str, ...]]:
    """The column header and each row's label prefix, with the spawn zone marked."""
    label_width = len(str(rows))
    header = " " * (label_width + 3) + " ".join(str(c) for c in range(width))
    return header, tuple(f"{str(rows - row).rjust(label_width)} | " for row in range(rows))


def _well(game: Game) -> list[str]:
    width = game.width
    chars = bytearray(game.grid.tobytes().translate(_CELL_CHARS))
    letter = ord(game.piece.letter)
    for r, c in game.piece.cells():
        chars[r * width + c] = letter
    header, labels = _frame(game.rows, width)
    lines = [header]
    for row, label in enumerate(labels):
        note = " |  (spawn zone)" if row < BUFFER else " |"
        lines.append(label + _cells(bytes(chars[row * width : (row + 1) * width])) + note)
    lines.append(header)
    return lines


def _rows_of(game: Game, cells: list[tuple[int, int]]) -> str:
    low, high = game.rows - max(r for r, _ in cells), game.rows - min(r for r, _ in cells)
    return f"row {low}" if low == high else f"rows {low}-{high}"


@lru_cache(maxsize=8)
def _rotations(kind: int) -> tuple[str, ...]:
    """The four rotations of ``kind`` side by side, each cropped to its cells."""
    letter = KINDS[kind - 1]
    pictures = [shape.picture(letter) for shape in SHAPES[kind]]
    column = max(12, *(len(p[0]) + 2 for p in pictures))
    lines = ["".join(f"rotation {r}".ljust(column) for r in range(4)).rstrip()]
    for line in range(max(len(p) for p in pictures)):
        lines.append("".join((p[line] if line < len(p) else "").ljust(column) for p in pictures).rstrip())
    return tuple(lines)


def state_text(game: Game, target_lines: int, placement_only: bool) -> str:
    piece = game.piece
    lines = [
        f"Well: columns 0-{game.width - 1} from left to right, rows 1-{game.height} from bottom to top, "
        f"rows {game.height + 1}-{game.rows} are the spawn zone. '{_EMPTY}' empty, '{_SETTLED}' a settled block, "
        f"'{piece.letter}' the falling {piece.letter} piece.",
        *_well(game),
    ]
    where = f"rotation {piece.rotation}, leftmost cell in column {piece.left}, on {_rows_of(game, piece.cells())}"
    if game.over:
        lines.append(f"Game over ({game.over}): the {piece.letter} piece, {where}.")
    else:
        landing = _rows_of(game, game.dropped(piece).cells())
        lines.append(f"Falling piece: {piece.letter}, {where}; dropped straight down it would rest on {landing}.")
        lines.append(
            f"The {piece.letter} piece in each rotation (its leftmost cell goes to the column you place it at):"
        )
        lines.extend("  " + line for line in _rotations(piece.kind))
    upcoming = ", ".join(KINDS[k - 1] for k in game.queue[: game.preview])
    lines.append(f"Next: {upcoming} ({upcoming[0]} comes next)." if upcoming else "Next: not shown.")
    if not game.hold_allowed:
        lines.append("Hold: off.")
    elif game.hold_kind:
        used = " (already used for this piece)" if game.hold_used else " (hold can swap it in)"
        lines.append(f"Hold: {KINDS[game.hold_kind - 1]}{used}.")
    else:
        lines.append("Hold: empty" + (" (already used for this piece)." if game.hold_used else "."))
    status = f"Score {game.score}. Rows cleared {game.lines} of {target_lines}. Level {game.level}."
    if not placement_only:
        status += f" The piece falls one row every {game.ticks_per_row} ticks (next fall in {game.ticks_per_row - game.fall})."
    lines.append(status)
    return "\n".join(lines)


def _columns(row: list[int]) -> str:
    """'0-7' for the legal columns of one rotation (contiguous: a placement sweeps one column at a time)."""
    low = row.index(1)
    high = len(row) - 1 - row[::-1].index(1)
    return str(low) if low == high else f"{low}-{high}"


def legal_text(game: Game, primitive_mask: np.ndarray | None, placement_mask: np.ndarray) -> str:
    if game.over:
        return f"Legal actions: none (game over: {game.over})."
    parts = []
    if primitive_mask is not None:
        legal = [name for name, ok in zip(PRIMITIVES, primitive_mask.tolist(), strict=True) if ok]
        parts.append(f"Legal moves: {', '.join(legal)}.")
    placements = [
        f"rotation {rotation}: columns {_columns(row)}"
        for rotation, row in enumerate(placement_mask.tolist())
        if 1 in row
    ]
    parts.append("Legal placements (place column C rotation R): " + "; ".join(placements) + ".")
    return "\n".join(parts)
