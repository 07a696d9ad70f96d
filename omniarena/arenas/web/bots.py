"""The web tasks' oracle: each page knows the next step of a solution from its current state.

The page's ``oracle()`` returns ``[action, *arguments]`` with elements given by their stable ids (and
pixels in viewport coordinates); the agent turns it into the arena's native call, so every solution goes
through the same parser, executor and checks as any agent's. A page without an oracle gets ``noop()``.
"""

from __future__ import annotations

from typing import Any

from omniarena.arenas.web.actions import POINTER_ACTIONS
from omniarena.core.agent import NativeAgent

__all__ = ["WebOracle"]


class WebOracle(NativeAgent):
    """Plays the page's own oracle step by step; ``fallbacks`` counts steps it had to answer with noop."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self.fallbacks = 0

    def reset(self) -> None:
        self.fallbacks = 0

    def choose(self, observation: dict[str, Any]) -> Any:
        call = self.expert_state().get("call")
        if not call:
            self.fallbacks += 1
            return self.action_set.to_native("noop")
        name, args = str(call[0]), list(call[1:])
        if name in POINTER_ACTIONS:
            points = [
                self.action_set.from_pixels(args[i], args[i + 1])
                for i in range(0, 2 * (len(args) // 2 if name != "scroll_at" else 1), 2)
            ]
            flat = [c for point in points for c in point]
            args = flat + args[len(flat) :]
        if name in ("click", "dblclick") and len(args) == 2:
            return self.action_set.to_native(name, str(args[0]), button=args[1])
        return self.action_set.to_native(name, *[str(a) if isinstance(a, str) else a for a in args])
