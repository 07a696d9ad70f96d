"""Contract 1.1 for every registered id: ecosystem checkers in text and native mode, fresh observations,
render-once, modality ablations, Unicode text, misuse after the end, and the layer rule for arenas."""

from __future__ import annotations

import ast
import pathlib
import warnings
from typing import Any

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from pettingzoo.test import api_test, parallel_api_test
from pettingzoo.utils.conversions import parallel_to_aec

import omniarena
from omniarena.core.observation import clean_text
from omniarena.core.spaces import ActionText, UnicodeText
from omniarena.core.turns import GameOver

GARBAGE = "<answer>zzqx qxzz</answer>"
WRAPPED = "is different from the unwrapped version"  # check_env's note when handed a wrapped env
# check_env's advice for Stable-Baselines3 (normalise Box actions to [-1, 1]); a space copied from another
# library (MineRL's camera Box(-180, 180)) keeps that library's units, so this advice is not a defect.
NORMALIZE_ADVICE = "we recommend using a symmetric and normalized space"


def checker_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [
        str(w.message)
        for w in caught
        if "gymnasium" in w.filename and WRAPPED not in str(w.message) and NORMALIZE_ADVICE not in str(w.message)
    ]


@pytest.mark.parametrize("mode", ["text", "native"])
def test_check_env_passes_in_both_modes(single_id: str, mode: str) -> None:
    env = omniarena.make(single_id, action_mode=mode)
    target = env if mode == "text" else env.unwrapped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(target, skip_render_check=True)
    assert not checker_warnings(caught)
    if mode == "text":
        assert isinstance(env.action_space, ActionText)
    env.close()


def test_text_space_samples_legal_replies(single_id: str) -> None:
    env = omniarena.make(single_id)
    obs, _ = env.reset(seed=1)
    env.action_space.seed(1)
    for _ in range(30):
        reply = env.action_space.sample(obs.get("action_mask"))
        assert env.action_space.contains(reply)
        obs, _, terminated, truncated, info = env.step(reply)
        assert info["action"]["valid"], (reply, info["action"]["error"])
        if terminated or truncated:
            obs, _ = env.reset()


def pettingzoo_check(env: Any, api: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Dict observations and render() nags
        if api == "parallel":
            parallel_api_test(env, num_cycles=100)
        else:
            api_test(env, num_cycles=100)


@pytest.mark.parametrize("mode", ["text", "native"])
def test_pettingzoo_checkers_pass_in_both_modes(multi_id: str, mode: str) -> None:
    api = omniarena.spec(multi_id).api
    pettingzoo_check(omniarena.make_multi(multi_id, action_mode=mode), api)
    if api == "parallel":
        pettingzoo_check(parallel_to_aec(omniarena.make_multi(multi_id, action_mode=mode)), "aec")


def test_invalid_reply_returns_fresh_arrays(single_id: str) -> None:
    env = omniarena.make(single_id)
    first, _ = env.reset(seed=0)
    second, *_ = env.step(GARBAGE)
    assert second["image"] is not first["image"] and not np.shares_memory(second["image"], first["image"])
    before = second["image"].copy()
    first["image"][...] = 7  # a user editing an observation in place
    third, *_ = env.step(GARBAGE)
    np.testing.assert_array_equal(third["image"], before)


def count_draws(arena: Any) -> list[int]:
    calls = [0]
    draw = arena._draw

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return draw(*args)

    arena._draw = counted
    return calls


@pytest.mark.parametrize("observe", ["both", "text"])
def test_one_render_per_state_change_even_under_a_recorder(single_id: str, observe: str, tmp_path) -> None:
    from omniarena.wrappers import Recorder

    env = omniarena.make(single_id, observe=observe)
    calls = count_draws(env.unwrapped)
    env = Recorder(env, tmp_path, save_frames=True, video=None)
    obs, _ = env.reset(seed=0)
    changes, rng = 1, np.random.default_rng(0)
    for step in range(12):
        if step % 4 == 3:
            reply = GARBAGE
        else:
            reply = env.unwrapped.action_set.format(env.unwrapped.action_set.sample_legal(rng, obs.get("action_mask")))
        obs, _, terminated, truncated, info = env.step(reply)
        changes += bool(info["action"]["valid"])
        env.unwrapped.observation()  # looking again draws nothing
        if terminated or truncated:
            break
    env.close()
    assert calls[0] == (changes if observe == "both" else 0)
    if observe == "text":
        assert not obs["image"].any() and obs["image"].shape == env.observation_space["image"].shape


def test_aec_one_render_per_state_and_viewer(tmp_path) -> None:
    from omniarena.wrappers import AECRecorder

    env = omniarena.make_multi("omniarena/ConnectFour-v0")
    calls = count_draws(env.unwrapped)
    env = AECRecorder(env, tmp_path, save_frames=False)
    env.reset(seed=0)
    moves = 0
    for agent in env.agent_iter(max_iter=40):
        obs, _, terminated, truncated, _ = env.last()
        env.observe(agent)
        if terminated or truncated:
            env.step(None)
            continue
        env.step(env.action_space(agent).sample(obs["action_mask"]))
        moves += 1
    # every state (the start and each move) is drawn at most once for each of the two viewers
    assert 0 < calls[0] <= 2 * (moves + 1)
    text_only = omniarena.make_multi("omniarena/ConnectFour-v0", observe="text")
    calls = count_draws(text_only.unwrapped)
    text_only.reset(seed=0)
    text_only.step("column 4")
    assert not text_only.observe("player_1")["image"].any() and calls[0] == 0


def test_observe_image_keeps_rules_and_legal_actions_but_not_the_state(single_id: str) -> None:
    both = omniarena.make(single_id)
    image_only = omniarena.make(single_id, observe="image")
    full, _ = both.reset(seed=4)
    ablated, _ = image_only.reset(seed=4)
    arena = image_only.unwrapped
    assert arena._rules() in ablated["text"] and arena._legal() in ablated["text"]
    state = arena._state()
    assert state and state not in ablated["text"] and state in full["text"]
    if omniarena.spec(single_id).deterministic:  # a page with a clock (MiniWoB's) draws a new second
        np.testing.assert_array_equal(full["image"], ablated["image"])
    ablated, *_ = image_only.step(GARBAGE)
    assert "invalid" in ablated["text"].lower()


def test_observe_rejects_unknown_modes() -> None:
    with pytest.raises(ValueError, match="observe="):
        omniarena.make("omniarena/2048-v0", observe="audio")


def test_text_keeps_any_printable_unicode() -> None:
    text = "Zoë 東京 한국어 Ελληνικά emoji 😀👍🏽\ttab\nnewline"
    assert clean_text(text) == text
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert len(clean_text("x" * 10_000, max_length=100)) == 100
    space = UnicodeText(64)
    assert space.contains(text) and not space.contains("bell\x07")
    flat = gym.spaces.flatten(space, text)
    assert gym.spaces.unflatten(space, flat) == text


@pytest.mark.parametrize("shared_memory", [False, True])
def test_vector_envs_carry_the_text(shared_memory: bool) -> None:
    vector = gym.make_vec(
        "omniarena/2048-v0",
        num_envs=2,
        vectorization_mode="async",
        vector_kwargs={"shared_memory": shared_memory},
        action_mode="native",
    )
    single = omniarena.make("omniarena/2048-v0", action_mode="native")
    try:
        obs, _ = vector.reset(seed=3)
        expected, _ = single.reset(seed=3)
        assert obs["text"][0] == expected["text"]
        obs, *_ = vector.step(np.array([0, 1]))
        expected, *_ = single.step(0)
        assert obs["text"][0] == expected["text"]
    finally:
        vector.close()


def test_max_episode_steps_gives_one_time_limit() -> None:
    def limits(env: Any) -> int:
        count = 0
        while isinstance(env, gym.Wrapper):
            count += isinstance(env, gym.wrappers.TimeLimit)
            env = env.env
        return count

    assert limits(gym.make("omniarena/2048-v0", max_episode_steps=5)) == 1
    env = omniarena.make("omniarena/2048-v0", max_steps=5)
    assert limits(env) == 1
    env.reset(seed=0)
    for _ in range(4):
        *_, truncated, _ = env.step(GARBAGE)
        assert not truncated
    *_, truncated, _ = env.step(GARBAGE)
    assert truncated


def test_stepping_a_finished_episode_raises_in_every_layer() -> None:
    for mode in ("text", "native"):
        env = omniarena.make("omniarena/Blackjack-v0", action_mode=mode)
        env.reset(seed=0)
        _, _, terminated, _, _ = env.step("stand" if mode == "text" else 0)
        assert terminated
        with pytest.raises(gym.error.ResetNeeded, match="reset"):
            env.step("hit" if mode == "text" else 1)
    aec = omniarena.make_multi("omniarena/ConnectFour-v0", invalid="terminate")
    with pytest.raises(GameOver, match="reset"):
        aec.step("column 1")  # before reset
    aec.reset(seed=0)
    aec.step(GARBAGE)  # forfeit: the game is over
    while aec.agents:
        aec.step(None)
    with pytest.raises(GameOver, match="reset"):
        aec.step("column 1")


OUTER_LAYERS = (
    "omniarena.agents",
    "omniarena.tasks",
    "omniarena.wrappers",
    "omniarena.league",
    "omniarena.tui",
    "omniarena.cli",
    "omniarena.serve",
    "omniarena.remote",
)


def test_arenas_import_only_core_and_plumbing() -> None:
    root = pathlib.Path(omniarena.__file__).parent
    offenders = []
    for path in sorted((root / "arenas").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {n}" for n in names if n.startswith(OUTER_LAYERS)]
    assert not offenders, offenders
    for path in sorted((root / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {n}" for n in names if n.startswith("omniarena.arenas")]
    assert not offenders, offenders


def test_text_only_observations_never_mention_an_image(single_id: str) -> None:
    obs, _ = omniarena.make(single_id, observe="text").reset(seed=0)
    assert "image" not in obs["text"].lower() and "picture" not in obs["text"].lower()
