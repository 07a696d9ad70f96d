"""The agents every arena gets for free; the protocol itself lives in :mod:`omniarena.core.agent`."""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import INVALID_REPLY, Agent, NativeAgent, arena_of, takes_text

__all__ = ["Agent", "NativeAgent", "RandomAgent", "takes_text", "arena_of", "INVALID_REPLY"]


class RandomAgent(NativeAgent):
    """Uniformly random over the legal actions (the observation's ``action_mask``, through the action set)."""

    name = "random"

    def choose(self, observation: dict[str, Any]) -> Any:
        mask = observation.get("action_mask") if isinstance(observation, dict) else None
        return self.action_set.sample_legal(self.rng, mask)
