"""Stable-Baselines3's PPO trains on an omniarena arena through the plain Gymnasium API.

The only omniarena piece is :class:`PixelObservation` (SB3 has no ``Text`` space, so the image is taken
out of the image+text observation); the env is ``gymnasium.make`` of a registered id in native mode.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
import stable_baselines3 as sb3  # in the dev extra, pinned beside the CPU torch
import torch

import omniarena  # noqa: F401 - registers the ids with gymnasium
from omniarena.wrappers.pixels import PixelObservation


@pytest.mark.slow
@pytest.mark.timeout(1200)  # ~10 CPU-seconds; the wall clock of a loaded shared machine is far longer
def test_sb3_ppo_learns_a_few_thousand_steps_on_an_arena() -> None:
    from stable_baselines3.common.env_checker import check_env

    def make() -> gym.Env:
        return PixelObservation(gym.make("omniarena/NumberLine-v0", action_mode="native"), (36, 36), True, 2)

    torch.set_num_threads(1)  # SB3 takes every core by default; two xdist workers would fight over them
    check_env(make())
    envs = sb3.common.env_util.make_vec_env(make, n_envs=2, seed=0)
    model = sb3.PPO(
        "CnnPolicy",
        envs,
        n_steps=256,
        batch_size=128,
        n_epochs=2,
        seed=0,
        device="cpu",
        verbose=0,
        policy_kwargs={"features_extractor_kwargs": {"features_dim": 64}},
    )
    before = {k: v.clone() for k, v in model.policy.state_dict().items()}
    model.learn(total_timesteps=2048)
    assert model.num_timesteps >= 2048
    assert any(not np.array_equal(before[k].numpy(), v.numpy()) for k, v in model.policy.state_dict().items())
    obs = envs.reset()
    actions, _ = model.predict(obs, deterministic=True)
    assert actions.shape == (2,) and all(0 <= a < 3 for a in actions)
    envs.close()
