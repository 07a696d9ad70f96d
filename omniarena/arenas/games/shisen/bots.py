"""Shisen-sho scripted expert: solve the deal once, then play the solution.

The plan comes from :func:`~omniarena.arenas.games.shisen.solver.solve` on the board the expert
sees (through ``expert_state()``); it is kept while the board is the one the plan expects and made
again otherwise (after an illegal or substituted move). On a board that bad play made unsolvable
(or that the search gives up on) the expert removes any removable pair, lowest action first, and
does not search again in that game: a board that cannot be cleared stays so as tiles go (if the
rest could be cleared, so could the board before the last move).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.shisen import rules, solver
from omniarena.core.agent import NativeAgent


class ShisenShoExpert(NativeAgent):
    """Plays a solution found by the complete solver (a few to a few tens of ms per deal)."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self._plan: list[tuple[int, int]] = []
        self._expected: np.ndarray | None = None
        self._hopeless: np.ndarray | None = None  # the board a search failed on

    def reset(self) -> None:
        self._plan, self._expected, self._hopeless = [], None, None

    def choose(self, observation: dict[str, Any]) -> int:
        board = self.expert_state()
        if self._hopeless is not None and np.all((board == 0) | (board == self._hopeless)):
            self._plan = []  # still a position reached from the hopeless one
        elif self._expected is None or not self._plan or not np.array_equal(board, self._expected):
            self._plan = solver.solve(board) or []
            self._hopeless = None if self._plan else board
        if self._plan:
            move = self._plan.pop(0)
        else:
            first, second = rules.same_kind_pairs(board)
            removable = np.flatnonzero(rules.open_pairs(board, first, second))
            move = (int(first[removable[0]]), int(second[removable[0]])) if removable.size else (0, 1)
        self._expected = board.copy()
        self._expected.flat[list(move)] = rules.EMPTY
        _, _, index = rules.pair_table(*board.shape)
        return int(index[move])
