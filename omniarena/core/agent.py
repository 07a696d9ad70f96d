"""The agent protocol: what ``act()`` takes and returns, shared by agents and the arenas' scripted experts.

An agent is built for one environment (and, in multi-agent arenas, one seat) and answers observations:
``reset()`` at the start of each episode, ``act(observation)`` -> text for a text-mode environment or a
native action for a native-mode one. Experts decide in native actions and :class:`NativeAgent` formats
them through the arena's ``ActionSet``, so an expert serves both modes. Experts read the game through
their arena's ``expert_state()`` hook (see :func:`arena_of`), never through private attributes.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any

import gymnasium as gym
import numpy as np

from omniarena.core.actions import ActionSet

__all__ = ["Agent", "NativeAgent", "takes_text", "arena_of", "INVALID_REPLY"]

# What a model or program agent answers when it got no usable reply: every ActionSet rejects it, so the
# arena's invalid-action policy takes over instead of the episode crashing.
INVALID_REPLY = ""


def arena_of(env: Any) -> Any:
    """The innermost arena of a (possibly wrapped) environment."""
    return env.unwrapped


def takes_text(env: Any, player: str | None = None) -> bool:
    """True when ``env`` (for ``player`` in a multi-agent arena) expects text actions."""
    space = env.action_space(player) if player is not None else env.action_space
    return isinstance(space, gym.spaces.Text)


class Agent(ABC):
    """Base class of every agent. ``usage`` counts model tokens where an agent uses a model."""

    name = "agent"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        self.env = env
        self.player = player
        self.seed = seed
        self.usage: dict[str, int] = {}
        self.last_reply: str | None = None  # the raw model/program reply of the last turn, where there is one
        self.last_error: str | None = None  # why the last turn produced no usable reply, if it failed

    def reset(self) -> None:
        """Called at the start of every episode."""

    @abstractmethod
    def act(self, observation: dict[str, Any]) -> Any:
        """The action for ``observation``: text in text mode, a native action in native mode."""

    async def aact(self, observation: dict[str, Any]) -> Any:
        """Async :meth:`act`; model agents override it, others run ``act`` in a worker thread."""
        return await asyncio.to_thread(self.act, observation)

    def close(self) -> None:
        """Release processes, connections or files the agent holds."""


class NativeAgent(Agent):
    """An agent that decides in native actions; text is produced by the arena's ``ActionSet.format``."""

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self.text = takes_text(env, player)
        self.action_set: ActionSet = arena_of(env).action_set
        self.rng = np.random.default_rng(seed)

    @abstractmethod
    def choose(self, observation: dict[str, Any]) -> Any:
        """A native action for ``observation``."""

    def act(self, observation: dict[str, Any]) -> Any:
        action = self.choose(observation)
        return self.action_set.format(action) if self.text else action

    def expert_state(self) -> Any:
        """The arena's ``expert_state`` hook, from this agent's seat in multi-agent arenas."""
        arena = arena_of(self.env)
        if getattr(arena, "possible_agents", None) is None:
            return arena.expert_state()
        player = self.player or getattr(arena, "agent_selection", None)
        if player is None:
            raise ValueError(f"{type(self).__name__} needs player= in a simultaneous-move arena (whose seat it plays)")
        return arena.expert_state(player)
