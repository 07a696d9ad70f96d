"""Alpha-beta negamax for Connect Four on bitboards (Python ints), used by the scripted expert.

The environment keeps its board as a numpy array (:mod:`rules`); searching thousands of positions per
move needs something cheaper, so the search converts the board once to two bitboards. Bit
``column * 7 + height`` is one cell (height 0 = bottom row); bit 6 of every column is an always-empty
sentinel, so shifting a line off the top or across columns never fakes a four-in-a-row.
"""

from __future__ import annotations

import numpy as np

from omniarena.arenas.games.connect_four.rules import COLUMNS, EMPTY, ROWS

__all__ = ["CENTRE_FIRST", "WIN", "best_moves", "from_board", "has_four"]

_H1 = ROWS + 1  # bits per column, with the sentinel
_BOARD_MASK = sum(((1 << ROWS) - 1) << (c * _H1) for c in range(COLUMNS))
_CENTRE_MASK = ((1 << ROWS) - 1) << ((COLUMNS // 2) * _H1)
_SHIFTS = (1, _H1, _H1 - 1, _H1 + 1)  # vertical, horizontal, and the two diagonals
CENTRE_FIRST = tuple(sorted(range(COLUMNS), key=lambda c: (abs(c - COLUMNS // 2), c)))
WIN = 1_000_000
_THREE, _TWO, _CENTRE = 5, 2, 3


def from_board(board: np.ndarray, piece: int) -> tuple[int, int, list[int]]:
    """(own bitboard, opponent bitboard, column heights) of a :mod:`rules` board for ``piece``."""
    own = opp = 0
    heights = [0] * COLUMNS
    for row in range(ROWS):
        for col in range(COLUMNS):
            value = int(board[row, col])
            if value == EMPTY:
                continue
            bit = 1 << (col * _H1 + ROWS - 1 - row)
            if value == piece:
                own |= bit
            else:
                opp |= bit
            heights[col] += 1
    return own, opp, heights


def has_four(bits: int) -> bool:
    for shift in _SHIFTS:
        pairs = bits & (bits >> shift)
        if pairs & (pairs >> 2 * shift):
            return True
    return False


def _lines(bits: int, empty: int) -> int:
    """Weighted count of the open lines of four ``bits`` could still complete (threes and twos)."""
    total = 0
    for s in _SHIFTS:
        b = (bits, bits >> s, bits >> 2 * s, bits >> 3 * s)
        e = (empty, empty >> s, empty >> 2 * s, empty >> 3 * s)
        threes = (b[1] & b[2] & b[3] & e[0]) | (b[0] & b[2] & b[3] & e[1])
        threes |= (b[0] & b[1] & b[3] & e[2]) | (b[0] & b[1] & b[2] & e[3])
        twos = (b[0] & b[1] & e[2] & e[3]) | (b[0] & e[1] & b[2] & e[3]) | (b[0] & e[1] & e[2] & b[3])
        twos |= (e[0] & b[1] & b[2] & e[3]) | (e[0] & b[1] & e[2] & b[3]) | (e[0] & e[1] & b[2] & b[3])
        total += _THREE * threes.bit_count() + _TWO * twos.bit_count()
    return total + _CENTRE * (bits & _CENTRE_MASK).bit_count()


def evaluate(own: int, opp: int) -> int:
    """Static value of a position for the side to move (``own``)."""
    empty = _BOARD_MASK & ~(own | opp)
    return _lines(own, empty) - _lines(opp, empty)


def _negamax(own: int, opp: int, heights: list[int], depth: int, alpha: float, beta: float) -> float:
    """Value for the side to move (``own``), searching ``depth`` more plies."""
    if depth == 0:
        return evaluate(own, opp)
    moved = False
    for col in CENTRE_FIRST:
        height = heights[col]
        if height == ROWS:
            continue
        moved = True
        mine = own | (1 << (col * _H1 + height))
        if has_four(mine):
            return WIN + depth  # a win now beats any win later
        heights[col] = height + 1
        value = -_negamax(opp, mine, heights, depth - 1, -beta, -alpha)
        heights[col] = height
        if value > alpha:
            alpha = value
            if alpha >= beta:
                break
    return alpha if moved else 0  # a full board is a draw


def best_moves(board: np.ndarray, piece: int, depth: int, all_ties: bool = False) -> tuple[list[int], float]:
    """The best columns for ``piece`` after a ``depth``-ply search, and their value.

    With ``all_ties`` every column sharing the best value is returned (centre first); otherwise only
    the first of them in centre-first order, which is cheaper since worse columns are only bounded.
    """
    own, opp, heights = from_board(board, piece)
    best: list[int] = []
    best_value = -float("inf")
    for col in CENTRE_FIRST:
        height = heights[col]
        if height == ROWS:
            continue
        mine = own | (1 << (col * _H1 + height))
        if has_four(mine):
            value: float = WIN + depth
        else:
            heights[col] = height + 1
            # With all_ties, search one below the best so far so that equal values are exact.
            alpha = best_value - 1 if all_ties else best_value
            value = -_negamax(opp, mine, heights, max(depth - 1, 0), -float("inf"), -alpha)
            heights[col] = height
        if value > best_value:
            best, best_value = [col], value
        elif value == best_value and all_ties:
            best.append(col)
    return best, best_value
