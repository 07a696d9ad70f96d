"""Jigsaw rules: a board of ``rows`` x ``cols`` cells, each holding one piece at one rotation; no drawing here.

Cells and pieces are numbered 0..N-1 row by row from the top left; piece ``p`` belongs in cell ``p``.
``Board.pieces[cell]`` is the piece a cell holds, ``Board.turns[cell]`` how many quarter turns clockwise
that piece is rotated (0 = upright). A piece is *correct* when it sits in its own cell upright; a pair of
side-by-side cells is a *correct adjacency* when both pieces are upright and are neighbours the same way in
the solved image (whether or not they are in their own cells).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Board", "scramble", "MIN_SIDE", "MAX_SIDE"]

MIN_SIDE, MAX_SIDE = 2, 8


@dataclass
class Board:
    """The pieces in each cell and their rotations; ``rows`` x ``cols`` cells."""

    rows: int
    cols: int
    pieces: np.ndarray  # int16[N]
    turns: np.ndarray  # int8[N], quarter turns clockwise

    @property
    def size(self) -> int:
        return self.rows * self.cols

    @classmethod
    def solved(cls, rows: int, cols: int) -> Board:
        n = rows * cols
        return cls(rows, cols, np.arange(n, dtype=np.int16), np.zeros(n, dtype=np.int8))

    def copy(self) -> Board:
        return Board(self.rows, self.cols, self.pieces.copy(), self.turns.copy())

    def swap(self, a: int, b: int) -> None:
        """Exchange the pieces (with their rotations) of cells ``a`` and ``b``."""
        self.pieces[[a, b]] = self.pieces[[b, a]]
        self.turns[[a, b]] = self.turns[[b, a]]

    def rotate(self, cell: int, quarter_turns: int) -> None:
        """Turn the piece in ``cell`` clockwise by ``quarter_turns`` x 90 degrees."""
        self.turns[cell] = (int(self.turns[cell]) + quarter_turns) % 4

    def correct_mask(self) -> np.ndarray:
        return (self.pieces == np.arange(self.size)) & (self.turns == 0)

    def correct(self) -> int:
        """How many pieces sit upright in their own cell."""
        return int(self.correct_mask().sum())

    @property
    def solved_now(self) -> bool:
        return self.correct() == self.size

    def adjacencies(self) -> tuple[int, int]:
        """(correct adjacencies, all adjacencies): side-by-side pairs that are neighbours in the solution."""
        grid = self.pieces.reshape(self.rows, self.cols).astype(np.int32)
        upright = (self.turns == 0).reshape(self.rows, self.cols)
        left, right = grid[:, :-1], grid[:, 1:]
        across = (right == left + 1) & (left % self.cols != self.cols - 1) & upright[:, :-1] & upright[:, 1:]
        down = (grid[1:, :] == grid[:-1, :] + self.cols) & upright[:-1, :] & upright[1:, :]
        total = self.rows * (self.cols - 1) + (self.rows - 1) * self.cols
        return int(across.sum() + down.sum()), total

    def adjacency_fraction(self) -> float:
        good, total = self.adjacencies()
        return good / total

    def arranged(self, answer: np.ndarray) -> Board:
        """The board where cell ``i`` gets the piece now in cell ``answer[i]`` (rotations kept)."""
        index = np.asarray(answer, dtype=np.int64)
        return Board(self.rows, self.cols, self.pieces[index].copy(), self.turns[index].copy())


def scramble(rows: int, cols: int, in_place: int, rotation: bool, rng: np.random.Generator) -> Board:
    """A start board: exactly ``in_place`` pieces correct, the others in other cells (and, with
    ``rotation``, each turned 0-3 quarter turns at random)."""
    n = rows * cols
    if not 0 <= in_place <= n - 2:
        raise ValueError(
            f"in_place must be 0..{n - 2} on a {rows}x{cols} board (N-1 would force the last), got {in_place}"
        )
    board = Board.solved(rows, cols)
    moving = np.sort(rng.choice(n, size=n - in_place, replace=False))
    while True:  # a uniform derangement of the moving pieces: rejection keeps ~1/e of the draws
        order = rng.permutation(moving)
        if not np.any(order == moving):
            break
    board.pieces[moving] = order
    if rotation:
        board.turns[moving] = rng.integers(0, 4, size=moving.size)
    return board
