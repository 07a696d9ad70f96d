"""NumberLine scripted expert: step toward the target (optimal)."""

from __future__ import annotations

from typing import Any

from omniarena.agents.base import NativeAgent, arena_of


class NumberLineExpert(NativeAgent):
    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state = arena_of(self.env).state
        return 0 if state.target > state.position else 1
