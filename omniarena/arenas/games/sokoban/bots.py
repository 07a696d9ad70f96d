"""Sokoban scripted expert: solve the room once, then play the solution.

The solver (:func:`~omniarena.arenas.games.sokoban.solver.solve`) finds a fewest-push solution; the
expert plays it move by move (or ``max_moves`` at a time in the list variants) and solves again only
when the state is not the one its plan expects (someone else moved, or the episode was restored).
``solution`` holds the last plan, so its length is on the agent. On a room that cannot be solved any
more it undoes where the variant allows, else plays a random legal move.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from omniarena.arenas.games.sokoban import rules
from omniarena.arenas.games.sokoban.actions import UNDO
from omniarena.arenas.games.sokoban.solver import Solution, solve
from omniarena.core.agent import NativeAgent

__all__ = ["SokobanExpert"]


class SokobanExpert(NativeAgent):
    """Plays a fewest-push solution; ``solution.moves`` / ``solution.pushes`` say how long it is."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self.solution: Solution | None = None
        self._plan: deque[int] = deque()
        self._expected: rules.State | None = None

    def reset(self) -> None:
        self.solution = None
        self._plan.clear()
        self._expected = None

    def choose(self, observation: dict[str, Any]) -> Any:
        state = self.expert_state()
        if state != self._expected or not self._plan:
            self.solution = solve(state)
            self._plan = deque(self.solution.moves if self.solution is not None else ())
        if not self._plan:
            return self._fallback(observation)
        chunk = [self._plan.popleft() for _ in range(min(self.action_set.max_moves, len(self._plan)))]
        for move in chunk:
            state = rules.move(state, move)[0]  # type: ignore[index]  # the plan's moves are legal
        self._expected = state
        return self.action_set.from_moves(chunk)

    def _fallback(self, observation: dict[str, Any]) -> Any:
        self._expected = None
        mask = observation.get("action_mask") if isinstance(observation, dict) else None
        if self.action_set.undo and mask is not None and mask[UNDO]:
            return self.action_set.from_moves([UNDO])
        return self.action_set.sample_legal(self.rng, mask)
