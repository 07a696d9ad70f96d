"""The single-agent contract, checked for every registered arena (parametrized by ``single_id``).

Gymnasium's ``check_env`` in native mode; text mode end to end; same seed + same actions = same
observations; pickle round trip mid-episode; render; the registered expert beats the random agent.
"""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import gymnasium as gym
import numpy as np
import pytest
import support
from gymnasium.utils.env_checker import check_env

import omniarena

ACTION_KEYS = {"raw", "parsed", "format_ok", "valid", "effective", "error"}
GARBAGE = "<answer>zzqx qxzz</answer>"
ROLLOUT_STEPS = 50
EXPERT_EPISODES = 30
EXPERT_STEP_BUDGET = 6000  # horizon x episodes per agent, so long games run fewer episodes
HEAVY_EPISODES = 3  # arenas holding a server, browser or emulator (picklable=False): seconds per episode
DEFAULT_HORIZON = 1000


def native_space(env: gym.Env) -> gym.spaces.Space:
    return env.unwrapped.action_space


def assert_obs_equal(a: dict[str, Any], b: dict[str, Any], where: str) -> None:
    assert a.keys() == b.keys(), where
    assert a["text"] == b["text"], where
    for key in a.keys() - {"text"}:
        np.testing.assert_array_equal(a[key], b[key], err_msg=f"{where}: '{key}' differs")


def text_rollout(env: gym.Env, seed: int, steps: int, pick_legal) -> list[dict[str, Any]]:
    """Observations of a seeded text-mode rollout; every 7th reply is garbage, episodes restart on end."""
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    trace = [obs]
    episode = 0
    for step in range(steps):
        if step % 7 == 6:
            reply = GARBAGE
        else:
            reply = f"I pick this. <answer>{env.unwrapped.action_set.format(pick_legal(obs, native_space(env), rng))}</answer>"
        obs, _, terminated, truncated, _ = env.step(reply)
        trace.append(obs)
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=seed + episode)
            trace.append(obs)
    return trace


def test_check_env_native(single_id: str) -> None:
    env = omniarena.make(single_id, action_mode="native", render_mode="rgb_array")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env.unwrapped)
    gym_warnings = [
        str(w.message)
        for w in caught
        if ("gymnasium" in w.filename or "gymnasium" in str(w.message))
        and "we recommend using a symmetric and normalized space" not in str(w.message)  # SB3 advice, see test_contract
    ]
    assert not gym_warnings, gym_warnings
    assert isinstance(native_space(env), gym.spaces.Space)
    env.close()


def test_text_mode_contract(single_id: str, pick_legal) -> None:
    env = omniarena.make(single_id)
    action_set = env.unwrapped.action_set
    text_space = env.observation_space["text"]
    assert isinstance(env.action_space, gym.spaces.Text)
    assert action_set.describe().strip()
    obs, info = env.reset(seed=3)
    assert obs in env.observation_space
    assert text_space.contains(obs["text"]) and obs["text"].strip()
    rng = np.random.default_rng(3)
    for _ in range(10):
        obs, reward, terminated, truncated, info = env.step(action_set.format(pick_legal(obs, native_space(env), rng)))
        assert obs in env.observation_space
        assert text_space.contains(obs["text"])
        assert ACTION_KEYS <= info["action"].keys()
        assert info["action"]["format_ok"] and info["action"]["valid"] and info["action"]["error"] is None
        assert isinstance(reward, (int, float))
        if terminated or truncated:
            obs, info = env.reset(seed=4)
    # Invalid text: a state, not an exception; the error is reported and echoed in the next text.
    obs, reward, terminated, truncated, info = env.step(GARBAGE)
    assert obs in env.observation_space
    assert ACTION_KEYS <= info["action"].keys()
    assert info["action"]["raw"] == GARBAGE
    assert not info["action"]["format_ok"] and not info["action"]["valid"]
    assert info["action"]["error"] and "invalid" in obs["text"].lower()
    assert not terminated
    env.close()


def test_format_parse_round_trip_over_legal_actions(single_id: str, all_legal) -> None:
    env = omniarena.make(single_id, action_mode="native")
    action_set = env.unwrapped.action_set
    obs, _ = env.reset(seed=0)
    for action in all_legal(obs, native_space(env)):
        text = action_set.format(action)
        for reply in (text, f"Thinking...\n<answer>{text}</answer>", f"<answer>{text}</answer>".upper()):
            result = action_set.parse(reply)
            assert result.ok, (reply, result.error)
            # Upper-casing a reply also upper-cases quoted string arguments (text to type), which are data.
            same = str.casefold if reply.isupper() else str
            assert same(action_set.format(result.action)) == same(text)


def require(single_id: str, capability: str) -> None:
    """Skip a check the arena declares it cannot pass (``ArenaInfo.deterministic`` / ``picklable``)."""
    if not getattr(omniarena.spec(single_id), capability):
        pytest.skip(f"{single_id} declares {capability}=False")


def test_same_seed_same_observations(single_id: str, pick_legal) -> None:
    require(single_id, "deterministic")
    first = text_rollout(omniarena.make(single_id), 11, ROLLOUT_STEPS, pick_legal)
    second = text_rollout(omniarena.make(single_id), 11, ROLLOUT_STEPS, pick_legal)
    assert len(first) == len(second)
    for index, (a, b) in enumerate(zip(first, second)):
        assert_obs_equal(a, b, f"{single_id} observation {index}")


def test_pickle_round_trip(single_id: str, pick_legal) -> None:
    require(single_id, "picklable")
    env = omniarena.make(single_id)
    rng = np.random.default_rng(5)
    obs, _ = env.reset(seed=5)
    for _ in range(5):
        obs, _, terminated, truncated, _ = env.step(
            env.unwrapped.action_set.format(pick_legal(obs, native_space(env), rng))
        )
        if terminated or truncated:
            obs, _ = env.reset(seed=6)
    clone = pickle.loads(pickle.dumps(env))
    seeds = iter(range(100, 200))
    for step in range(20):
        reply = GARBAGE if step == 3 else env.unwrapped.action_set.format(pick_legal(obs, native_space(env), rng))
        obs, r1, term1, trunc1, _ = env.step(reply)
        other, r2, term2, trunc2, _ = clone.step(reply)
        assert_obs_equal(obs, other, f"{single_id} step {step} after unpickling")
        assert (r1, term1, trunc1) == (r2, term2, trunc2)
        if term1 or trunc1:
            seed = next(seeds)
            obs, _ = env.reset(seed=seed)
            other, _ = clone.reset(seed=seed)
            assert_obs_equal(obs, other, f"{single_id} reset after unpickling")


def test_render_modes(single_id: str) -> None:
    modes = omniarena.make(single_id).unwrapped.metadata.get("render_modes", [])
    assert "rgb_array" in modes
    for mode in modes:
        env = omniarena.make(single_id, action_mode="native", render_mode=mode)
        obs, _ = env.reset(seed=2)
        frame = env.render()
        if mode == "rgb_array":
            assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8
            assert frame.shape == env.observation_space["image"].shape
            np.testing.assert_array_equal(frame, obs["image"])
        elif mode == "ansi":
            assert isinstance(frame, str) and frame.strip()
        env.close()
    plain = omniarena.make(single_id, action_mode="native")
    plain.reset(seed=2)
    assert plain.render() is None


def expert_ids() -> list[Any]:
    """Single-agent ids with an expert; long-horizon ones are marked slow."""
    return [
        pytest.param(a.id, marks=[pytest.mark.slow] if (a.max_steps or DEFAULT_HORIZON) > 1000 else [])
        for a in support.covered_arenas()
        if not a.multi_agent and a.expert
    ]


def mean_return(arena_id: str, agent_spec: str) -> float:
    """Mean return over full episodes (registry horizon); fewer episodes for long horizons."""
    horizon = omniarena.spec(arena_id).max_steps or DEFAULT_HORIZON
    episodes = min(EXPERT_EPISODES, max(2, EXPERT_STEP_BUDGET // horizon))
    if not omniarena.spec(arena_id).picklable:
        episodes = min(episodes, HEAVY_EPISODES)
    return support.mean_return(
        arena_id, agent_spec, range(1000, 1000 + episodes), action_mode="native", max_steps=horizon
    )


@pytest.mark.parametrize("expert_id", expert_ids())
def test_expert_beats_random(expert_id: str) -> None:
    # Same seeds for both agents, so the comparison is paired (same deals, same spawns where the arena allows).
    expert = mean_return(expert_id, "expert")
    random = mean_return(expert_id, "random")
    assert expert > random, f"{expert_id}: expert {expert:.3f} <= random {random:.3f}"
