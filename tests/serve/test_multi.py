"""Multi-agent arenas served one seat at a time (--vs), and `openenv validate --url` on running servers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import served

import omniarena.remote


@pytest.mark.slow
@pytest.mark.parametrize(
    "arena, fields",
    [
        ("omniarena/2048-v0", {}),
        ("omniarena/ConnectFour-v0", {"vs": "scripted"}),
        ("omniarena/RockPaperScissors-v0", {"vs": "random"}),
    ],
)
def test_openenv_validate_url_passes(arena, fields):
    openenv = shutil.which("openenv", path=str(Path(sys.executable).parent)) or shutil.which("openenv")
    assert openenv, "the [serve] extra installs the openenv command"
    with served(arena, **fields) as app:
        result = subprocess.run([openenv, "validate", "--url", app.url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verdict: PASS" in result.stdout


def _play(env, rng, seed):
    obs, info = env.reset(seed=seed)
    seat, total, steps = info["seat"], 0.0, 0
    while True:
        legal = np.flatnonzero(obs["action_mask"])
        obs, reward, terminated, truncated, info = env.step(int(rng.choice(legal)))
        total += reward
        steps += 1
        assert info["action"]["valid"], info["action"]
        if terminated or truncated:
            return seat, total, steps


def test_connect_four_against_scripted_alternates_seats_and_ends():
    with served("omniarena/ConnectFour-v0", vs="scripted") as app:
        env = omniarena.remote.make(app.url)
        rng = np.random.default_rng(0)
        results = [_play(env, rng, seed) for seed in range(4)]
        env.close()
    assert [seat for seat, _, _ in results] == ["player_0", "player_1", "player_0", "player_1"]
    assert all(total in (-1.0, 0.0, 1.0) for _, total, _ in results)
    assert sum(total for _, total, _ in results) < 0  # the scripted expert beats random moves


def test_fixed_seat_and_rps_rewards():
    with served("omniarena/RockPaperScissors-v0", vs="random", seat=1) as app:
        env = omniarena.remote.make(app.url)
        obs, info = env.reset(seed=0)
        assert info["seat"] == "player_1"
        obs, reward, terminated, truncated, info = env.step("rock")
        assert info["action"]["parsed"] == "rock" and reward in (-1.0, 0.0, 1.0)
        assert env.reset(seed=1)[1]["seat"] == "player_1"
        env.close()
