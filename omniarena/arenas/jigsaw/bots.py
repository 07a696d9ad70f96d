"""Jigsaw scripted expert: the greedy border solver (:mod:`~omniarena.arenas.jigsaw.solver`), then the moves.

Multi-turn: it solves once from the pieces as drawn, then plays the swaps that realise that layout and
the rotations each piece needs, ``max_calls`` per turn. Pictures whose rotated pieces fit together just
as well turned as a whole (square grids: 4 ways, others: 2) cannot be told apart from borders alone, so
when its layout is complete and the episode has not ended, it turns the whole layout by 90 (or 180)
degrees and plays that; when every way was tried it submits. Single-turn: the layout as the answer.
Pairs: the relation of lowest border cost.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.jigsaw.solver import pair_costs, solve
from omniarena.core.agent import NativeAgent

__all__ = ["JigsawExpert", "moves_for"]


def moves_for(
    current: list[int], turned: list[int], cells: np.ndarray, turns: np.ndarray
) -> list[tuple[str, int, int]]:
    """The swaps, then rotations, that bring the pieces to the layout ``(cells, turns)``.

    ``current[cell]`` is which original piece a cell holds now and ``turned[piece]`` how far it was turned
    since; both are updated in place. Layout entries name original pieces (the cells at solving time).
    """
    moves: list[tuple[str, int, int]] = []
    for pos, piece in enumerate(cells.tolist()):
        where = current.index(piece)
        if where != pos:
            moves.append(("swap", pos, where))
            current[pos], current[where] = current[where], current[pos]
    for pos, piece in enumerate(cells.tolist()):
        needed = (int(turns[pos]) - turned[piece]) % 4
        if needed:
            moves.append(("rotate", pos, needed))
            turned[piece] = (turned[piece] + needed) % 4
    return moves


class JigsawExpert(NativeAgent):
    """Greedy border-compatibility solver; tries each whole-board orientation where rotation allows."""

    name = "scripted"

    def __init__(self, env: Any, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._queue: list[tuple[str, int, int]] = []
        self._layouts: list[tuple[np.ndarray, np.ndarray]] = []
        self._current: list[int] = []
        self._turned: list[int] = []
        self._turns_left = -1

    def reset(self) -> None:
        super().reset()
        self._current, self._queue, self._layouts = [], [], []

    def choose(self, observation: dict[str, Any]) -> Any:
        state = self.expert_state()
        if state["mode"] == "pairs":
            return int(np.argmin(pair_costs(state["pieces"][0], state["pieces"][1])))
        rows, cols = state["rows"], state["cols"]
        if state["mode"] == "single":
            cells, _ = solve(state["pieces"], rows, cols, rotation=False)
            return cells
        if state["turns_left"] > self._turns_left or not self._current:  # a new episode
            self._plan(state)
        self._turns_left = state["turns_left"]
        while not self._queue and self._layouts:
            cells, turns = self._layouts.pop(0)
            self._queue = moves_for(self._current, self._turned, cells, turns)
        if not self._queue:
            return self.action_set.from_calls([self.action_set.call("submit")])
        chunk, self._queue = self._queue[: state["max_calls"]], self._queue[state["max_calls"] :]
        return self.action_set.from_calls([self._native(move, cols) for move in chunk])

    def _plan(self, state: dict[str, Any]) -> None:
        rows, cols, n = state["rows"], state["cols"], state["rows"] * state["cols"]
        cells, turns = solve(state["pieces"], rows, cols, state["rotation"])
        self._current, self._turned, self._queue = list(range(n)), [0] * n, []
        self._layouts = [(cells, turns)]
        if state["rotation"]:
            grid_cells, grid_turns = cells.reshape(rows, cols), turns.reshape(rows, cols)
            steps = (1, 2, 3) if rows == cols else (2,)
            for k in steps:  # the whole layout turned k quarter turns clockwise
                self._layouts.append(
                    (
                        np.rot90(grid_cells, -k).reshape(-1).copy(),
                        ((np.rot90(grid_turns, -k) + k) % 4).reshape(-1).copy(),
                    )
                )

    def _native(self, move: tuple[str, int, int], cols: int) -> dict[str, Any]:
        kind, cell, value = move

        def position(c: int) -> str:
            return f"{c // cols + 1},{c % cols + 1}"

        if kind == "swap":
            return self.action_set.call("swap", position(cell), position(value))
        return self.action_set.call("rotate", position(cell), 90 * value)
