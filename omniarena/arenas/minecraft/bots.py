"""The Minecraft scripted expert: it plays the task's own solution (``solution`` once, then ``repeat``).

Every shipped task carries a solution in the text grammar (:mod:`~omniarena.arenas.minecraft.tasks`);
the tests play it to reach every task's success check, and ``omniarena demo`` shows it.
"""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import NativeAgent

__all__ = ["MinecraftExpert", "solution_replies"]


def solution_replies(task: Any, steps: int) -> list[str]:
    """The first ``steps`` replies of ``task``'s scripted solution."""
    replies = list(task.solution)
    while len(replies) < steps and task.repeat:
        replies.extend(task.repeat)
    return replies[:steps] if replies else ["noop"] * steps


class MinecraftExpert(NativeAgent):
    """Replays the task's scripted solution as native actions."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self._step = 0

    def reset(self) -> None:
        self._step = 0

    def choose(self, observation: dict[str, Any]) -> Any:
        task = self.expert_state()["task"]
        reply = solution_replies(task, self._step + 1)[self._step]
        self._step += 1
        result = self.action_set.parse(reply)
        if not result.ok:  # a task file with a broken solution is a bug of ours: say which
            raise ValueError(f"task {task.name}: solution step {reply!r} does not parse: {result.error}")
        return result.action
