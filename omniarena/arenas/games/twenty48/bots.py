"""2048 scripted expert: expectimax on a hand-written board heuristic.

The heuristic is the well-known line evaluation of nneonneo's 2048 AI, vectorised over every row and
column of a batch of boards: it rewards empty cells and possible merges and penalises non-monotone
lines and large tiles spread out. ``depth=1`` (default) plays the legal move whose expected value over
the random spawn is best (one move, one chance node: ~0.5 ms per move); ``depth=2`` adds the best reply
after each spawn (stronger, ~20x slower). ``deepen_at`` searches one move deeper when the board has at
most that many empty cells: crowded boards are where games are lost, and they have few spawns to
average over, so the deeper search stays cheap there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.twenty48 import rules
from omniarena.core.agent import NativeAgent

_EMPTY_WEIGHT = 270.0
_MERGE_WEIGHT = 700.0
_MONOTONE_POWER, _MONOTONE_WEIGHT = 4.0, 47.0
_SUM_POWER, _SUM_WEIGHT = 3.5, 11.0
_LOST = -1e6


def _line_scores(ranks: np.ndarray) -> np.ndarray:
    """Heuristic of each line in ``ranks`` (..., L) of log2 tile values (0 = empty); returns (...)."""
    empty = (ranks == 0).sum(-1)
    # Merges: equal neighbours among occupied cells, ignoring the gaps between them is close enough.
    merges = ((ranks[..., 1:] == ranks[..., :-1]) & (ranks[..., 1:] > 0)).sum(-1)
    powered = ranks**_MONOTONE_POWER
    steps = np.diff(powered, axis=-1)
    monotone = np.minimum(steps.clip(min=0).sum(-1), (-steps).clip(min=0).sum(-1))
    spread = (ranks**_SUM_POWER).sum(-1)
    return _EMPTY_WEIGHT * empty + _MERGE_WEIGHT * merges - _MONOTONE_WEIGHT * monotone - _SUM_WEIGHT * spread


def heuristic(boards: np.ndarray) -> np.ndarray:
    """Value of each board in a (k, n, n) batch (or of one (n, n) board); higher is better."""
    ranks = np.zeros(boards.shape, dtype=np.float64)
    np.log2(boards, out=ranks, where=boards > 0)
    return _line_scores(ranks).sum(-1) + _line_scores(np.swapaxes(ranks, -1, -2)).sum(-1)


def _spawns(board: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every board a spawn can produce from ``board``, and their probabilities."""
    empty = np.flatnonzero(board == 0)
    if empty.size == 0:
        return board[None], np.ones(1)
    boards = np.repeat(board.reshape(1, -1), 2 * empty.size, axis=0)
    boards[np.arange(empty.size), empty] = 2
    boards[np.arange(empty.size, 2 * empty.size), empty] = 4
    four = rules.SPAWN_FOUR_PROBABILITY
    weights = np.concatenate([np.full(empty.size, 1 - four), np.full(empty.size, four)]) / empty.size
    return boards.reshape(-1, *board.shape), weights


def _value(board: np.ndarray, depth: int) -> float:
    """Expected value of the chance node after a move produced ``board``; ``depth`` moves remain below."""
    boards, weights = _spawns(board)
    if depth <= 0:
        return float(heuristic(boards) @ weights)
    return float(sum(w * _best(b, depth)[1] for b, w in zip(boards, weights, strict=True)))


def _best(board: np.ndarray, depth: int) -> tuple[int, float]:
    """(move, value) of the best move on ``board`` with ``depth`` - 1 further moves of look-ahead."""
    legal = np.flatnonzero(rules.legal_moves(board))
    if legal.size == 0:
        return 0, _LOST
    values = [_value(rules.move(board, int(action))[0], depth - 1) for action in legal]
    best = int(np.argmax(values))  # ties go to the first legal move in (up, down, left, right) order
    return int(legal[best]), values[best]


def choose_move(board: np.ndarray, depth: int = 1) -> int:
    """The expert's move on ``board``."""
    return _best(board, max(1, depth))[0]


class Twenty48Expert(NativeAgent):
    """Expectimax on a line heuristic: ``depth`` moves, one more on boards with <= ``deepen_at`` empties."""

    name = "scripted"

    def __init__(
        self, env: Any, *, seed: int | None = None, player: str | None = None, depth: int = 1, deepen_at: int = 2
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        self.depth = int(depth)
        self.deepen_at = int(deepen_at)

    def choose(self, observation: dict[str, Any]) -> int:
        board = self.expert_state()
        crowded = int((board == 0).sum()) <= self.deepen_at
        return choose_move(board, self.depth + crowded)
