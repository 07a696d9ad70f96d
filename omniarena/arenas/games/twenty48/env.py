"""2048: slide and merge numbered tiles on a square board until the target tile appears."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.twenty48 import rules
from omniarena.arenas.games.twenty48.actions import ACTIONS
from omniarena.arenas.games.twenty48.render import image_shape, render
from omniarena.core.arena import Arena, Outcome

MIN_SIZE, MAX_SIZE = 3, 6


class Twenty48Env(Arena):
    """Slide numbered tiles on a square board; equal tiles that collide merge. Reach the target tile.

    ## Description
    The 2048 puzzle as in VLM-Gym: a ``size`` x ``size`` board starts with two tiles. Each move slides
    every tile as far as it goes in one direction; two equal tiles that collide merge into one tile of
    their sum (each tile merges at most once per move). After every move a 2 (90%) or a 4 (10%) appears
    on a random empty cell, drawn from ``self.np_random``. The image shows the board in the classic
    colours under a header with the score and the goal.

    ## Actions
    Native ``Discrete(4)``: 0 = up, 1 = down, 2 = left, 3 = right. Text: "up", "down", "left", "right",
    with aliases u/d/l/r, w/a/s (W, A, S keys; "d" means down), north/south/west/east, arrow words and
    the arrows ↑ ↓ ← →. A move that changes nothing is illegal: it is 0 in ``action_mask``, a native
    illegal move leaves the board as it is (``info["illegal"]``), a text one goes through the
    invalid-action policy.

    ## Observation
    ``{"image": (48 + B)xBx3 uint8 (B = 400 on 4x4, 397..400 on other sizes), "text": the board as a grid
    of numbers, the score, the largest tile and the legal moves, "action_mask": int8[4]}``.

    ## Rewards
    The sum of the tiles merged by the move (the standard 2048 score increment); 0 for a move that only
    slides. ``info`` holds ``score`` (the running total), ``max_tile`` and ``success``.

    ## Episode end
    Terminated when the target tile appears (``info["success"] = True``) or when no move is possible.
    Truncated at the registry's ``max_steps``.

    ## Arguments
    ``size``: board side, 3 to 6. ``target``: the winning tile (a power of two >= 8).
    ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Native mode, seeds 0..N-1. Expert: ``Twenty48Expert`` (expectimax on a line heuristic, one move
    plus the spawn, one move deeper on boards with <= 2 empty cells); random: uniform over legal moves.

    ==============  ======  ==========================  ===========================
    variant         target  expert success (mean max)   random success (mean max)
    ==============  ======  ==========================  ===========================
    2048-Easy-v0    256     199/200 (255)               13/200 (99)
    2048-3x3-v0     128     90/100 (122)                0/100 (28)
    2048-v0         2048    7/20 (1254)                 0/100 (102)
    2048-5x5-v0     4096    3/5 (3277)                  0/100 (591)
    2048-6x6-v0     16384   5/6 (mean 9,382 moves)      1/20 (6758)
    ==============  ======  ==========================  ===========================

    The expert needs about 0.5 ms a move on open boards and a few ms on crowded ones (200 Easy episodes
    take ~90 s). Throughput (text mode: parse + step + image + text, random legal replies, one core): ~8,000
    steps/s on the 4x4 board.

    ## Version history
    v0: first release.

    >>> env = Twenty48Env(size=4, target=2048)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, int(obs["action_mask"].sum()) > 0, info["score"]
    ((448, 400, 3), True, 0)
    """

    def __init__(self, size: int = 4, target: int = 2048, render_mode: str | None = None) -> None:
        if not MIN_SIZE <= size <= MAX_SIZE:
            raise ValueError(f"size must be {MIN_SIZE}..{MAX_SIZE}, got {size}")
        if target < 8 or target & (target - 1):
            raise ValueError(f"target must be a power of two >= 8, got {target}")
        super().__init__(ACTIONS, image_shape(size), render_mode=render_mode)
        self.size = int(size)
        self.target = int(target)
        self.board = np.zeros((self.size, self.size), dtype=rules.BOARD_DTYPE)
        self.score = 0
        self._legal_moves = np.zeros(4, dtype=np.int8)

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.board = rules.new_board(self.size, self.np_random)
        self.score = 0
        self._legal_moves = rules.legal_moves(self.board)

    def _apply(self, action: int) -> Outcome:
        moved, gain = rules.move(self.board, action)
        self.board = rules.spawn(moved, self.np_random)
        self.score += gain
        self._legal_moves = rules.legal_moves(self.board)
        success = self.max_tile >= self.target
        return Outcome(float(gain), success or not self._legal_moves.any(), True)

    @property
    def max_tile(self) -> int:
        return int(self.board.max())

    def action_mask(self) -> np.ndarray:
        return self._legal_moves.copy()

    def _info(self) -> dict[str, Any]:
        max_tile = self.max_tile
        return {"score": self.score, "max_tile": max_tile, "success": max_tile >= self.target}

    def _draw(self) -> np.ndarray:
        return render(self.board, self.score, self.target)

    def expert_state(self) -> np.ndarray:
        """A copy of the board (row 0 at the top, 0 = empty)."""
        return self.board.copy()

    def _rules(self) -> str:
        return (
            f"2048 on a {self.size}x{self.size} board: slide all tiles up, down, left or right; two equal tiles "
            f"that collide merge into their sum. Reach a {self.target} tile to win."
        )

    def _state(self) -> str:
        width = len(str(max(self.max_tile, self.target)))
        grid = "\n".join(
            " ".join(str(v).rjust(width) if v else ".".rjust(width) for v in row) for row in self.board.tolist()
        )
        return f"Board (top row first, . = empty):\n{grid}\nScore: {self.score}. Largest tile: {self.max_tile}."

    def _legal(self) -> str:
        legal = ", ".join(name for name, ok in zip(rules.DIRECTIONS, self._legal_moves, strict=True) if ok)
        return f"Legal moves: {legal or 'none (game over)'}."
