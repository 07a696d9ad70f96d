"""AECStepLimit: truncate a turn-based PettingZoo arena after a number of moves.

The AEC counterpart of gymnasium's ``TimeLimit``: after ``max_steps`` calls to ``step`` with a live
player, every remaining player is truncated, so the usual ``agent_iter`` loop ends. Under the ``noop`` and
``retry`` policies an invalid reply is a move too, so a model that never answers validly cannot keep a
game going forever.
"""

from __future__ import annotations

from typing import Any

from pettingzoo.utils.env import AECEnv
from pettingzoo.utils.wrappers import BaseWrapper

__all__ = ["AECStepLimit"]


class AECStepLimit(BaseWrapper):
    """Truncate every player once ``max_steps`` moves have been made in an episode."""

    def __init__(self, env: AECEnv, max_steps: int) -> None:
        if max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {max_steps}")
        super().__init__(env)
        self.max_steps = int(max_steps)
        self._moves = 0

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._moves = 0
        self.env.reset(seed=seed, options=options)

    def step(self, action: Any) -> None:
        raw = self.env.unwrapped
        agent = raw.agent_selection
        live = not (raw.terminations[agent] or raw.truncations[agent])
        self.env.step(action)
        if not live:
            return
        self._moves += 1
        if self._moves >= self.max_steps and raw.agents:
            for player in raw.agents:
                if not raw.terminations[player]:
                    raw.truncations[player] = True
