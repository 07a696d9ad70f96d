"""The misuse matrix: every id, every layer and mode. A programmer's mistake raises with the fix in the
message; bad model text in text mode stays an invalid reply."""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import pytest
from support import covered_arenas

import omniarena
from omniarena.core.turns import GameOver

ALL = covered_arenas()
SINGLE = [a.id for a in ALL if a.api == "gym"]
MULTI = [a.id for a in ALL if a.api != "gym"]


def out_of_space(space: gym.spaces.Space) -> Any:
    """A native action outside ``space`` of the right kind."""
    if isinstance(space, gym.spaces.Discrete):
        return int(space.start + space.n)
    if isinstance(space, gym.spaces.MultiDiscrete):
        return np.asarray(space.nvec) + 5
    if isinstance(space, gym.spaces.Dict):
        sample = space.sample()
        sample["function"] = 10_000
        return sample
    pytest.skip(f"no out-of-space action defined for {space}")


@pytest.mark.parametrize("arena_id", SINGLE)
def test_single_agent_misuse(arena_id: str) -> None:
    native = omniarena.make(arena_id, action_mode="native", max_steps=2)
    with pytest.raises(gym.error.ResetNeeded, match="reset"):
        native.step(native.action_space.sample())
    native.reset(seed=0)
    space = native.unwrapped.action_space
    for bad, kind in ((out_of_space(space), ValueError), ("left", TypeError), (None, TypeError)):
        with pytest.raises(kind, match="native mode takes an action of"):
            native.step(bad)
    if isinstance(space, gym.spaces.Discrete):
        with pytest.raises(ValueError, match="action_mode='text'"):
            native.step(-1)
    for _ in range(2):
        _, _, terminated, truncated, _ = native.step(space.sample())
        if terminated or truncated:
            break
    with pytest.raises(gym.error.ResetNeeded, match="reset"):
        native.step(space.sample())

    text = omniarena.make(arena_id, max_steps=2)
    with pytest.raises(gym.error.ResetNeeded, match="reset"):
        text.step("anything")
    text.reset(seed=0)
    for reply in (None, 42, b"bytes", "\x00"):  # model text, however odd, is an invalid reply
        _, _, terminated, truncated, info = text.step(reply)
        assert info["action"]["format_ok"] is False and info["action"]["error"]
        if terminated or truncated:
            break
    with pytest.raises(gym.error.ResetNeeded, match="reset"):
        text.step("anything")


def drain_aec(env: Any) -> None:
    for _ in range(10 * len(env.possible_agents)):
        if not env.agents:
            return
        env.step(None)


@pytest.mark.parametrize("arena_id", MULTI)
@pytest.mark.parametrize("mode", ["native", "text"])
def test_multi_agent_misuse(arena_id: str, mode: str) -> None:
    api = omniarena.spec(arena_id).api
    env = omniarena.make_multi(arena_id, action_mode=mode, max_steps=1)
    player = env.possible_agents[0]
    reply = "anything" if mode == "text" else env.unwrapped.action_space(player).sample()
    with pytest.raises(GameOver, match="reset"):
        env.step({player: reply} if api == "parallel" else reply)
    env.reset(seed=0)
    if mode == "native":
        space = env.unwrapped.action_space(player)
        for bad, kind in ((out_of_space(space), ValueError), ("rock", TypeError)):
            actions = {a: bad for a in env.agents} if api == "parallel" else bad
            with pytest.raises(kind, match="native mode takes an action of"):
                env.step(actions)
    if api == "parallel":
        if mode == "native":
            with pytest.raises(ValueError, match="missing"):
                env.step({})
        env.step({a: env.action_space(a).sample() for a in env.agents})
        assert not env.agents  # max_steps=1 ended it
        with pytest.raises(GameOver, match="reset"):
            env.step({player: reply})
    else:
        mover = env.agent_selection
        env.step(env.action_space(mover).sample(env.observe(mover)["action_mask"]))
        drain_aec(env)
        with pytest.raises(GameOver, match="reset"):
            env.step(reply)


def test_gymnasium_make_of_a_multi_player_id_names_make_multi() -> None:
    for arena_id in MULTI:
        with pytest.raises(ValueError, match="make_multi"):
            gym.make(arena_id)


def test_a_mistyped_argument_names_the_accepted_ones_without_internals() -> None:
    for make in (omniarena.make, gym.make):
        with pytest.raises(TypeError, match="action_mode") as caught:
            make("omniarena/2048-v0", action_mod="native")
        assert "arena_id" not in str(caught.value)


@pytest.mark.parametrize("arena_id", SINGLE[:3] + MULTI)
def test_native_steps_report_info_action(arena_id: str) -> None:
    api = omniarena.spec(arena_id).api
    if api == "gym":
        env = omniarena.make(arena_id, action_mode="native")
        obs, _ = env.reset(seed=0)
        action = env.unwrapped.action_set.sample_legal(np.random.default_rng(0), obs.get("action_mask"))
        *_, info = env.step(action)
        record = info["action"]
    elif api == "aec":
        env = omniarena.make_multi(arena_id, action_mode="native")
        env.reset(seed=0)
        mover = env.agent_selection
        env.step(int(np.flatnonzero(env.observe(mover)["action_mask"])[0]))
        record = env.infos[mover]["action"]
    else:
        env = omniarena.make_multi(arena_id, action_mode="native")
        env.reset(seed=0)
        *_, infos = env.step({a: 0 for a in env.agents})
        record = infos[env.possible_agents[0]]["action"]
    assert record["rule"] == "native" and record["valid"] and record["format_ok"]
    assert record["parsed"] == env.unwrapped.action_set.format(record["raw"])
