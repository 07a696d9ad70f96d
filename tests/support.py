"""Helpers shared by test modules (importable because tests/conftest.py puts tests/ on sys.path)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import omniarena
from omniarena.agents import make_agent
from omniarena.tasks.episode import play_single


def mean_return(arena_id: str, agent_spec: str, seeds: Iterable[int], **make_kwargs: Any) -> float:
    """Mean return of ``agent_spec`` over one full episode per seed (text mode unless told otherwise)."""
    env = omniarena.make(arena_id, **make_kwargs)
    agent = make_agent(agent_spec, env, arena_id=arena_id, seed=0)
    totals = [play_single(env, agent, seed).total for seed in seeds]
    return sum(totals) / len(totals)
