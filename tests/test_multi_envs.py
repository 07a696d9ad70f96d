"""The multi-agent contract, checked for every registered multi-agent arena (parametrized by ``multi_id``).

PettingZoo's ``api_test`` (or ``parallel_api_test``) in native mode, the text layer's turn handling
(invalid text keeps the turn and is echoed; ``retry:1`` forfeits after two failures), and same seed +
same actions = same observations. Skipped while no multi-agent arena is registered.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from pettingzoo import ParallelEnv
from pettingzoo.test import api_test, parallel_api_test

import omniarena

GARBAGE = "<answer>zzqx qxzz</answer>"
ACTION_KEYS = {"raw", "parsed", "format_ok", "valid", "effective", "error"}


def require_aec(env: Any) -> None:
    if isinstance(env.unwrapped, ParallelEnv):
        pytest.skip("text-mode turn checks apply to turn-based (AEC) arenas")


def test_pettingzoo_api_native(multi_id: str) -> None:
    env = omniarena.make_multi(multi_id, action_mode="native")
    with warnings.catch_warnings():
        # api_test nags about Dict observations and missing render(); the contract mandates Dict observations.
        warnings.simplefilter("ignore", UserWarning)
        if isinstance(env, ParallelEnv):
            parallel_api_test(env, num_cycles=200)
        else:
            api_test(env, num_cycles=200)


def test_text_invalid_reply_keeps_turn_and_is_echoed(multi_id: str, pick_legal) -> None:
    env = omniarena.make_multi(multi_id)
    require_aec(env)
    env.reset(seed=0)
    agent = env.agent_selection
    env.step(GARBAGE)
    assert env.agent_selection == agent
    assert not any(env.terminations.values())
    record = env.infos[agent]["action"]
    assert ACTION_KEYS <= record.keys()
    assert record["raw"] == GARBAGE and not record["format_ok"] and not record["valid"] and record["error"]
    obs, _, _, _, _ = env.last()
    assert "invalid" in obs["text"].lower()
    assert obs in env.observation_space(agent)
    # A legal reply is accepted and the error is not echoed again.
    legal = env.unwrapped.action_set.format(
        pick_legal(obs, env.unwrapped.action_space(agent), np.random.default_rng(0))
    )
    env.step(f"<answer>{legal}</answer>")
    assert env.infos[agent]["action"]["valid"]
    assert "your last reply was invalid" not in env.observe(agent)["text"].lower()


def test_text_retry_one_forfeits_after_two_failures(multi_id: str) -> None:
    env = omniarena.make_multi(multi_id, invalid="retry:1")
    require_aec(env)
    env.reset(seed=0)
    agent = env.agent_selection
    env.step(GARBAGE)
    assert env.agent_selection == agent and not env.terminations[agent]
    env.step(GARBAGE)
    assert env.infos[agent].get("forfeit") is True
    assert all(env.terminations[a] or env.truncations[a] for a in env.agents)
    others = [a for a in env.agents if a != agent]
    assert all(env.rewards[agent] < env.rewards[a] for a in others), env.rewards
    # The finished game drains as PettingZoo expects: dead steps with None until no agent is left.
    for _ in range(2 * len(env.possible_agents)):
        if not env.agents:
            break
        env.step(None)
    assert not env.agents


def text_rollout(arena_id: str, seed: int, steps: int, pick_legal) -> list[dict[str, Any]]:
    env = omniarena.make_multi(arena_id)
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    trace = []
    for step in range(steps):
        if not env.agents:
            env.reset(seed=seed + step)
        agent = env.agent_selection
        obs, _, terminated, truncated, _ = env.last()
        trace.append(obs)
        if terminated or truncated:
            env.step(None)
        elif step % 5 == 4:
            env.step(GARBAGE)
        else:
            env.step(env.unwrapped.action_set.format(pick_legal(obs, env.unwrapped.action_space(agent), rng)))
    return trace


def test_same_seed_same_observations(multi_id: str, pick_legal) -> None:
    if not omniarena.spec(multi_id).deterministic:
        pytest.skip(f"{multi_id} declares deterministic=False")
    env = omniarena.make_multi(multi_id)
    require_aec(env)
    first = text_rollout(multi_id, 7, 50, pick_legal)
    second = text_rollout(multi_id, 7, 50, pick_legal)
    for index, (a, b) in enumerate(zip(first, second, strict=True)):
        assert a["text"] == b["text"], index
        np.testing.assert_array_equal(a["image"], b["image"], err_msg=f"observation {index}")
