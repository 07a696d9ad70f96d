"""The agents every arena gets for free; the protocol itself lives in :mod:`omniarena.core.agent`.

Also the two errors agents share with the runners: :class:`AgentSpecError` (a spec or agent argument that
names no agent, the user's mistake) and :class:`EndpointDown` (a model endpoint that stopped answering,
which stops an evaluation instead of playing it on empty replies).
"""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import INVALID_REPLY, Agent, NativeAgent, arena_of, takes_text

__all__ = [
    "Agent",
    "NativeAgent",
    "RandomAgent",
    "takes_text",
    "arena_of",
    "INVALID_REPLY",
    "AgentSpecError",
    "EndpointDown",
]


class AgentSpecError(ValueError):
    """An agent spec or agent argument that names no agent; the message says what to write instead."""


class EndpointDown(Exception):
    """A model endpoint gave no reply at all ``turns`` turns in a row (connection or API errors).

    Raised by a model agent's ``act()``; the runners let it through, so the evaluation stops and the
    episode in progress is not stored (a resumed run plays it again).
    """

    def __init__(self, url: str, last_error: str | None, turns: int) -> None:
        super().__init__(url, last_error, turns)  # every argument in args: the error pickles across processes
        self.url = url
        self.last_error = last_error
        self.turns = turns

    def __str__(self) -> str:
        return f"the model endpoint {self.url} is not answering ({self.turns} turns in a row): {self.last_error}"


class RandomAgent(NativeAgent):
    """Uniformly random over the legal actions (the observation's ``action_mask``, through the action set)."""

    name = "random"

    def choose(self, observation: dict[str, Any]) -> Any:
        mask = observation.get("action_mask") if isinstance(observation, dict) else None
        return self.action_set.sample_legal(self.rng, mask)
