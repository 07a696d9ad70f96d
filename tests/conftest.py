"""Shared fixtures: every registered arena id, split by player count, parametrized at collection time.

A test that takes ``single_id`` runs once per installed single-agent arena, one that takes ``multi_id``
once per installed multi-agent arena (or is skipped while there is none). New arenas are covered as soon
as they register; nothing here names a particular arena.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from gymnasium import spaces
from support import covered_arenas

NO_MULTI_REASON = "no multi-agent arena registered yet"


def arena_ids(multi_agent: bool) -> list[str]:
    """Covered arena ids (:func:`support.covered_arenas`) with (``multi_agent``) or without several players."""
    return [info.id for info in covered_arenas() if info.multi_agent == multi_agent]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "single_id" in metafunc.fixturenames:
        metafunc.parametrize("single_id", arena_ids(multi_agent=False))
    if "multi_id" in metafunc.fixturenames:
        ids = arena_ids(multi_agent=True)
        params = ids or [pytest.param(None, marks=pytest.mark.skip(reason=NO_MULTI_REASON), id="none")]
        metafunc.parametrize("multi_id", params)


def legal_actions(observation: Any, space: spaces.Space) -> Any:
    """Indices of the legal native actions: the observation's ``action_mask``, else every action.

    A space too big to list (a call action set's ``Dict``, whose ``sample()`` is a well-formed call and
    with no mask) gives a fixed sample of 24 actions instead."""
    mask = observation.get("action_mask") if isinstance(observation, dict) else None
    if mask is not None and np.any(mask):
        return np.flatnonzero(np.asarray(mask))
    if isinstance(space, spaces.Dict):
        space.seed(0)
        return [space.sample() for _ in range(24)]
    assert isinstance(space, spaces.Discrete), f"no action_mask and a non-Discrete space {space}"
    return np.arange(int(space.start), int(space.start + space.n))


def pick(observation: Any, space: spaces.Space, rng: np.random.Generator) -> Any:
    """A legal native action drawn from ``rng``."""
    mask = observation.get("action_mask") if isinstance(observation, dict) else None
    if isinstance(space, spaces.Dict) and mask is None:
        space.seed(int(rng.integers(2**31)))
        return space.sample()
    return int(rng.choice(legal_actions(observation, space)))


@pytest.fixture
def pick_legal() -> Callable[[Any, spaces.Space, np.random.Generator], int]:
    """``pick_legal(obs, native_space, rng)``: a seeded random legal native action."""
    return pick


@pytest.fixture
def all_legal() -> Callable[[Any, spaces.Space], np.ndarray]:
    """``all_legal(obs, native_space)``: every legal native action index."""
    return legal_actions
