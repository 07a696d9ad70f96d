"""NumberLine scripted expert: step toward the target (optimal)."""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import NativeAgent


class NumberLineExpert(NativeAgent):
    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state = self.expert_state()
        return 0 if state.target > state.position else 1
