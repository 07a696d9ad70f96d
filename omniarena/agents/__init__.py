"""Agents: random, scripted experts, OpenAI-compatible models, subprocesses, and your own classes.

``make_agent(spec, env, arena_id=...)`` builds one from a short spec string:

- ``random``: uniformly random legal actions;
- ``human``: a person typing moves in the terminal;
- ``scripted`` (or ``expert``): the arena's scripted expert (``ArenaInfo.expert``);
- ``openai`` or ``openai:<model>``: any OpenAI-compatible endpoint (``[llm]`` extra; base URL and key from
  ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` or keyword arguments);
- ``subprocess:<command>``: a program speaking JSON lines on stdin/stdout;
- ``package.module:Class``: any :class:`Agent` subclass.
"""

from __future__ import annotations

import shlex
from typing import Any

from omniarena.agents.base import Agent, NativeAgent, RandomAgent, takes_text
from omniarena.core.registry import load
from omniarena.core.registry import spec as arena_spec

__all__ = ["Agent", "NativeAgent", "RandomAgent", "make_agent", "AGENT_KINDS", "takes_text"]

AGENT_KINDS = {
    "random": "omniarena.agents.base:RandomAgent",
    "human": "omniarena.agents.human:HumanAgent",
    "openai": "omniarena.agents.openai_agent:OpenAIAgent",
    "subprocess": "omniarena.agents.subprocess_agent:SubprocessAgent",
}


def make_agent(
    spec: str,
    env: Any,
    *,
    arena_id: str | None = None,
    seed: int | None = None,
    player: str | None = None,
    **kwargs: Any,
) -> Agent:
    """Build the agent named by ``spec`` for ``env`` (see the module docstring for the forms)."""
    kind, _, arg = spec.partition(":")
    kind = kind.strip().lower()
    common = {"seed": seed, "player": player}
    if kind in ("scripted", "expert"):
        arena_id = arena_id or getattr(getattr(env, "spec", None), "id", None)
        if arena_id is None:
            raise ValueError("the scripted agent needs arena_id= to find the arena's expert")
        info = arena_spec(arena_id)
        if not info.expert:
            raise ValueError(f"{arena_id} has no scripted expert; use 'random' or a model agent")
        return load(info.expert)(env, **common, **kwargs)
    if kind == "openai":
        if arg:
            kwargs.setdefault("model", arg)
        return load(AGENT_KINDS["openai"])(env, **common, **kwargs)
    if kind == "subprocess":
        if not arg:
            raise ValueError("use subprocess:<command>, e.g. 'subprocess:python my_agent.py'")
        return load(AGENT_KINDS["subprocess"])(env, command=shlex.split(arg), **common, **kwargs)
    if kind in AGENT_KINDS and not arg:
        return load(AGENT_KINDS[kind])(env, **common, **kwargs)
    if ":" in spec and "." in spec.partition(":")[0]:
        cls = load(spec)
        if not (isinstance(cls, type) and issubclass(cls, Agent)):
            raise ValueError(f"{spec} is not an omniarena Agent subclass")
        return cls(env, **common, **kwargs)
    raise ValueError(
        f"unknown agent {spec!r}; use random, scripted, human, openai[:model], subprocess:<command> "
        "or package.module:AgentClass"
    )
