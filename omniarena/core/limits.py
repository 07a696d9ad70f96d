"""Step limits for PettingZoo arenas: the multi-agent counterparts of gymnasium's ``TimeLimit``.

After ``max_steps`` steps with a live player (AEC: one move; Parallel: one joint step) every remaining
player is truncated, through the arena's ``truncate_all`` hook. Under ``noop`` and ``retry`` an invalid
reply is a step too, so a model that never answers validly cannot keep a game going forever.
"""

from __future__ import annotations

from typing import Any

from pettingzoo.utils.env import AECEnv, ParallelEnv
from pettingzoo.utils.wrappers import BaseParallelWrapper, BaseWrapper

__all__ = ["AECStepLimit", "ParallelStepLimit"]


def _check(max_steps: int) -> int:
    if max_steps < 1:
        raise ValueError(f"max_steps must be >= 1, got {max_steps}")
    return int(max_steps)


class AECStepLimit(BaseWrapper):
    """Truncate every player once ``max_steps`` moves have been made in an episode."""

    def __init__(self, env: AECEnv, max_steps: int) -> None:
        super().__init__(env)
        self.max_steps = _check(max_steps)
        self._moves = 0

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._moves = 0
        self.env.reset(seed=seed, options=options)

    def step(self, action: Any) -> None:
        raw = self.env.unwrapped
        live = raw._live_selection() is not None
        self.env.step(action)
        if not live:
            return
        self._moves += 1
        if self._moves >= self.max_steps and raw.agents:
            raw.truncate_all()


class ParallelStepLimit(BaseParallelWrapper):
    """Truncate every player once ``max_steps`` joint steps have been taken in an episode."""

    def __init__(self, env: ParallelEnv, max_steps: int) -> None:
        super().__init__(env)
        self.max_steps = _check(max_steps)
        self._steps = 0

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        self._steps = 0
        return self.env.reset(seed=seed, options=options)

    def step(self, actions: dict[str, Any]) -> Any:
        obs, rewards, terminations, truncations, infos = self.env.step(actions)
        self._steps += 1
        if self._steps >= self.max_steps:
            truncations = {agent: not terminations.get(agent, False) or truncations.get(agent, False) for agent in obs}
            self.env.unwrapped.truncate_all()
        return obs, rewards, terminations, truncations, infos
