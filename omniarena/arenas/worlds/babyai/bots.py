"""BabyAI's expert: minigrid's own ``BabyAIBot`` (the bot that solves every BabyAI level of the paper)."""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import NativeAgent

__all__ = ["BabyAIExpert"]

DONE = 6  # minigrid's "done", which BALROG's action set leaves out


class BabyAIExpert(NativeAgent):
    """Plans with ``minigrid.utils.baby_ai_bot.BabyAIBot``; a new bot for each new mission."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self._bot: Any = None
        self._instrs: Any = None

    def reset(self) -> None:
        self._bot = self._instrs = None

    def choose(self, observation: dict[str, Any]) -> int:
        from minigrid.utils.baby_ai_bot import BabyAIBot

        level = self.expert_state()
        if self._bot is None or level.instrs is not self._instrs:
            self._bot, self._instrs = BabyAIBot(level), level.instrs
        try:
            action = int(self._bot.replan())
        except (AssertionError, IndexError, RecursionError):  # the bot gives up on a few rare layouts
            action = DONE
        return action if action != DONE else int(self.rng.integers(3))
