"""Connect Four rules: a 6x7 numpy board (row 0 at the top), pure functions, no drawing.

Cells hold 0 (empty), 1 (player_0's discs) or 2 (player_1's discs). Four-in-a-row is found with
vectorised shifted ANDs over the four directions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "COLUMNS",
    "EMPTY",
    "ROWS",
    "State",
    "drop",
    "initial_state",
    "is_full",
    "is_win",
    "legal_columns",
    "new_board",
    "play",
    "winning_cells",
]

ROWS, COLUMNS = 6, 7
EMPTY = 0
CONNECT = 4
# (row step, column step) of the four line directions: horizontal, vertical, both diagonals.
_DIRECTIONS = ((0, 1), (1, 0), (1, 1), (1, -1))


def new_board() -> np.ndarray:
    return np.zeros((ROWS, COLUMNS), dtype=np.int8)


def legal_columns(board: np.ndarray) -> np.ndarray:
    """int8 mask over the columns: 1 where the column still has room."""
    return (board[0] == EMPTY).astype(np.int8)


def drop(board: np.ndarray, column: int, piece: int) -> tuple[np.ndarray, int]:
    """A copy of ``board`` with ``piece`` dropped into ``column``, and the row it landed in."""
    empty_rows = np.flatnonzero(board[:, column] == EMPTY)
    if empty_rows.size == 0:
        raise ValueError(f"column {column} is full")
    row = int(empty_rows[-1])
    dropped = board.copy()
    dropped[row, column] = piece
    return dropped, row


def _line_starts(mine: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """Boolean (ROWS, COLUMNS) array: True where a line of CONNECT discs starts going (dr, dc)."""
    rows, cols = mine.shape
    starts = np.zeros_like(mine)
    r_end = rows - (CONNECT - 1) * dr
    c_lo, c_hi = (0, cols - (CONNECT - 1) * dc) if dc >= 0 else ((CONNECT - 1), cols)
    window = np.ones((r_end, c_hi - c_lo), dtype=bool)
    for k in range(CONNECT):
        window &= mine[k * dr : k * dr + r_end, c_lo + k * dc : c_hi + k * dc]
    starts[:r_end, c_lo:c_hi] = window
    return starts


def winning_cells(board: np.ndarray, piece: int) -> list[tuple[int, int]]:
    """The cells of every four-in-a-row of ``piece`` (empty when there is none)."""
    mine = board == piece
    cells: set[tuple[int, int]] = set()
    for dr, dc in _DIRECTIONS:
        for r, c in np.argwhere(_line_starts(mine, dr, dc)):
            cells.update((int(r) + k * dr, int(c) + k * dc) for k in range(CONNECT))
    return sorted(cells)


def is_win(board: np.ndarray, piece: int) -> bool:
    """True when ``piece`` has four in a row horizontally, vertically or diagonally."""
    mine = board == piece
    return any(_line_starts(mine, dr, dc).any() for dr, dc in _DIRECTIONS)


def wins_at(board: np.ndarray, row: int, column: int) -> bool:
    """True when the disc at (``row``, ``column``) is part of four in a row (only lines through it can be new)."""
    piece = board[row, column]
    cells = board.tolist()
    for dr, dc in _DIRECTIONS:
        count = 1
        for sign in (1, -1):
            r, c = row + sign * dr, column + sign * dc
            while 0 <= r < ROWS and 0 <= c < COLUMNS and cells[r][c] == piece:
                count += 1
                r, c = r + sign * dr, c + sign * dc
        if count >= CONNECT:
            return True
    return False


def is_full(board: np.ndarray) -> bool:
    return not bool((board[0] == EMPTY).any())


@dataclass(frozen=True)
class State:
    """A position: the board, whose turn it is (piece 1 or 2), the last drop and the result so far."""

    board: np.ndarray
    to_move: int = 1
    last: tuple[int, int] | None = None  # (row, column) of the last disc dropped
    winner: int = 0  # the piece that lined up four, 0 if nobody (yet)
    done: bool = False


def initial_state() -> State:
    return State(new_board())


def play(state: State, column: int) -> State:
    """The position after the side to move drops a disc into ``column`` (which must have room)."""
    board, row = drop(state.board, column, state.to_move)
    won = wins_at(board, row, column)
    return State(
        board,
        to_move=3 - state.to_move,
        last=(row, column),
        winner=state.to_move if won else 0,
        done=won or is_full(board),
    )
