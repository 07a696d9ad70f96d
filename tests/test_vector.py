"""Arenas run under gymnasium's vector envs: sync and async (subprocesses), native and text actions."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import omniarena


@pytest.mark.parametrize("mode", ["sync", "async", "async-copy"])
def test_native_vector_env_matches_single_envs(mode: str) -> None:
    # Async runs with gymnasium's default shared memory: omniarena's text space reads it back at each step.
    kwargs = {"vector_kwargs": {"shared_memory": False}} if mode == "async-copy" else {}
    vectorization = mode.split("-")[0]
    vector = gym.make_vec(
        "omniarena/2048-v0", num_envs=3, vectorization_mode=vectorization, action_mode="native", **kwargs
    )
    singles = [omniarena.make("omniarena/2048-v0", action_mode="native") for _ in range(3)]
    try:
        obs, _ = vector.reset(seed=7)  # env i is seeded with 7 + i
        for i, env in enumerate(singles):
            single, _ = env.reset(seed=7 + i)
            assert np.array_equal(obs["image"][i], single["image"]) and obs["text"][i] == single["text"]
        actions = np.array([0, 2, 3])
        obs, rewards, terminated, truncated, _ = vector.step(actions)
        for i, env in enumerate(singles):
            single, reward, *_ = env.step(int(actions[i]))
            assert np.array_equal(obs["image"][i], single["image"]) and rewards[i] == reward
            assert obs["text"][i] == single["text"]
    finally:
        vector.close()


def test_text_vector_env_parses_each_reply() -> None:
    vector = gym.make_vec("omniarena/NumberLine-v0", num_envs=2, vectorization_mode="sync")
    vector.reset(seed=0)
    _, _, _, _, info = vector.step(("<answer>+</answer>", "not a move"))
    assert list(info["action"]["format_ok"]) == [True, False]
    assert info["action"]["parsed"][0] == "+"
    vector.close()
