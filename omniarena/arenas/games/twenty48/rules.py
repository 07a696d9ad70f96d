"""2048 rules: pure board transitions on a square numpy board of tile values (0 = empty), no drawing.

A move is computed as "slide left" on an oriented view of the board: every direction is a transpose
and/or a flip of the left move, so only one row-merge routine exists. Rows are merged through a cached
function on tuples (games meet at most a few thousand distinct rows), and move legality is read off
vectorised neighbour comparisons, without computing the moves.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = [
    "DIRECTIONS",
    "SPAWN_FOUR_PROBABILITY",
    "legal_moves",
    "merge_row",
    "move",
    "new_board",
    "spawn",
]

DIRECTIONS = ("up", "down", "left", "right")  # native action i moves the tiles towards DIRECTIONS[i]
UP, DOWN, LEFT, RIGHT = range(4)
SPAWN_FOUR_PROBABILITY = 0.1
BOARD_DTYPE = np.int64


def _to_left(board: np.ndarray, action: int) -> np.ndarray:
    """A view of ``board`` in which moving ``action`` is moving left."""
    if action == LEFT:
        return board
    if action == RIGHT:
        return board[:, ::-1]
    if action == UP:
        return board.T
    if action == DOWN:
        return board.T[:, ::-1]
    raise ValueError(f"action must be 0..3 (up, down, left, right), got {action}")


def _from_left(view: np.ndarray, action: int) -> np.ndarray:
    """Inverse of :func:`_to_left`."""
    if action == LEFT:
        return view
    if action == RIGHT:
        return view[:, ::-1]
    if action == UP:
        return view.T
    return view[:, ::-1].T


@lru_cache(maxsize=1 << 16)
def merge_row(row: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """Slide ``row`` left and merge equal neighbours once each: ``(2, 2, 2, 2) -> ((4, 4, 0, 0), 8)``.

    Returns the new row and the merge score (the sum of the merged tiles).
    """
    tiles = [value for value in row if value]
    merged: list[int] = []
    score = 0
    i = 0
    while i < len(tiles):
        if i + 1 < len(tiles) and tiles[i] == tiles[i + 1]:
            merged.append(2 * tiles[i])
            score += 2 * tiles[i]
            i += 2
        else:
            merged.append(tiles[i])
            i += 1
    return tuple(merged) + (0,) * (len(row) - len(merged)), score


def move(board: np.ndarray, action: int) -> tuple[np.ndarray, int]:
    """The board after sliding towards ``DIRECTIONS[action]`` (no spawn), and the merge score."""
    view = _to_left(board, action)
    rows = [merge_row(tuple(row)) for row in view.tolist()]
    moved = np.array([row for row, _ in rows], dtype=BOARD_DTYPE)
    return np.ascontiguousarray(_from_left(moved, action)), sum(score for _, score in rows)


def legal_moves(board: np.ndarray) -> np.ndarray:
    """int8 mask over (up, down, left, right): 1 where the move changes the board.

    A tile next to an empty cell on the side it moves to slides; two equal neighbouring tiles merge
    whichever way the line moves. Both are read off neighbour comparisons along each axis.
    """
    occupied = board != 0
    across = occupied[:, :-1] & (board[:, :-1] == board[:, 1:])  # equal horizontal neighbours
    along = occupied[:-1] & (board[:-1] == board[1:])  # equal vertical neighbours
    merges_row, merges_col = bool(across.any()), bool(along.any())
    return np.array(
        [
            merges_col or bool((~occupied[:-1] & occupied[1:]).any()),  # up: a tile below a hole
            merges_col or bool((occupied[:-1] & ~occupied[1:]).any()),  # down: a tile above a hole
            merges_row or bool((~occupied[:, :-1] & occupied[:, 1:]).any()),  # left
            merges_row or bool((occupied[:, :-1] & ~occupied[:, 1:]).any()),  # right
        ],
        dtype=np.int8,
    )


def spawn(board: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``board`` with a 2 (90%) or a 4 (10%) on a uniformly random empty cell."""
    empty = np.flatnonzero(board == 0)
    if empty.size == 0:
        return board.copy()
    cell = empty[rng.integers(empty.size)]
    value = 4 if rng.random() < SPAWN_FOUR_PROBABILITY else 2
    spawned = board.copy()
    spawned.flat[cell] = value
    return spawned


def new_board(size: int, rng: np.random.Generator) -> np.ndarray:
    """An empty ``size`` x ``size`` board with two spawned tiles."""
    board = np.zeros((size, size), dtype=BOARD_DTYPE)
    return spawn(spawn(board, rng), rng)
