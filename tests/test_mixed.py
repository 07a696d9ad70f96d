"""make_vec_mixed: different games in one vector env (sync and async), one observation shape, each game's
own parser, per-game episode statistics, and early errors."""

from __future__ import annotations

import numpy as np
import pytest

import omniarena
from omniarena.wrappers.mixed import fit_image

GAMES = ["omniarena/2048-v0", "omniarena/Sokoban-v0"]


def test_sub_envs_cycle_through_the_games_at_one_image_shape() -> None:
    envs = omniarena.make_vec_mixed(GAMES, num_envs=4, vectorization_mode="sync")
    shapes = [omniarena.make(game).observation_space["image"].shape for game in GAMES]
    try:
        obs, info = envs.reset(seed=3)
        assert obs["image"].shape == (4, max(s[0] for s in shapes), max(s[1] for s in shapes), 3)
        assert list(info["game"]) == GAMES * 2
        assert "2048" in obs["text"][0] and "Sokoban" in obs["text"][1]
    finally:
        envs.close()


def test_each_sub_env_is_its_game_seeded_like_a_single_env() -> None:
    envs = omniarena.make_vec_mixed(GAMES, vectorization_mode="sync")
    shape = envs.single_observation_space["image"].shape[:2]
    singles = [omniarena.make(game) for game in GAMES]
    try:
        obs, _ = envs.reset(seed=11)
        replies = ("<answer>left</answer>", "<answer>up</answer>")
        stepped, *_ = envs.step(replies)
        for i, env in enumerate(singles):
            single, _ = env.reset(seed=11 + i)
            assert (
                np.array_equal(obs["image"][i], fit_image(single["image"], shape)) and obs["text"][i] == single["text"]
            )
            single, *_ = env.step(replies[i])
            assert np.array_equal(stepped["image"][i], fit_image(single["image"], shape))
            assert stepped["text"][i] == single["text"]
    finally:
        envs.close()


def test_each_game_parses_its_own_replies() -> None:
    envs = omniarena.make_vec_mixed(["omniarena/2048-v0", "omniarena/ShisenSho-v0"], vectorization_mode="sync")
    try:
        envs.reset(seed=0)
        # "up" is a 2048 move and no Shisen-sho move; a pair of cells is the reverse.
        _, _, _, _, info = envs.step(("up", "up"))
        assert list(info["action"]["format_ok"]) == [True, False]
        _, _, _, _, info = envs.step(("(1,1) (1,2)", "(1,1) (1,2)"))
        assert list(info["action"]["format_ok"]) == [False, True]
    finally:
        envs.close()


def test_the_step_that_ends_an_episode_reports_its_game_return_and_length() -> None:
    envs = omniarena.make_vec_mixed(GAMES, vectorization_mode="sync", max_steps=3)
    try:
        envs.reset(seed=0)
        for _ in range(2):
            _, _, _, _, info = envs.step(("up", "up"))
            assert "episode" not in info or not info["_episode"].any()
        _, rewards, _, truncated, info = envs.step(("up", "up"))
        assert truncated.all() and info["_episode"].all()
        assert list(info["episode"]["l"]) == [3, 3]
        assert list(info["episode"]["game"]) == GAMES
    finally:
        envs.close()


def test_async_workers_with_shared_memory_carry_image_and_text() -> None:
    envs = omniarena.make_vec_mixed(GAMES, vectorization_mode="async")
    sync = omniarena.make_vec_mixed(GAMES, vectorization_mode="sync")
    try:
        a, _ = envs.reset(seed=5)
        b, _ = sync.reset(seed=5)
        for _ in range(3):
            a, *_ = envs.step(("right", "down"))
            b, *_ = sync.step(("right", "down"))
        assert np.array_equal(a["image"], b["image"]) and list(a["text"]) == list(b["text"])
    finally:
        envs.close()
        sync.close()


def test_native_mode_takes_games_with_one_action_space_only() -> None:
    envs = omniarena.make_vec_mixed(
        ["omniarena/2048-v0", "omniarena/2048-Easy-v0"], vectorization_mode="sync", action_mode="native"
    )
    try:
        envs.reset(seed=0)
        envs.step(np.array([0, 1]))
    finally:
        envs.close()
    with pytest.raises(ValueError, match="native mode needs one action space"):
        omniarena.make_vec_mixed(["omniarena/2048-v0", "omniarena/ShisenSho-v0"], action_mode="native")


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ([[]], {}, "at least one arena id"),
        ([["omniarena/ConnectFour-v0"]], {}, "several players"),
        ([GAMES], {"num_envs": 1}, "fewer than the 2 games"),
        ([GAMES], {"fit": "crop"}, "not one of"),
        ([GAMES], {"vectorization_mode": "gpu"}, "async"),
    ],
)
def test_mistakes_fail_early_with_the_fix(args: list, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        omniarena.make_vec_mixed(*args, **kwargs)


def test_an_unknown_id_names_the_close_ones() -> None:
    with pytest.raises(Exception, match="2048"):
        omniarena.make_vec_mixed(["omniarena/2049-v0"])


def test_fit_image_pads_centred_shrinks_large_and_stretches_on_request() -> None:
    small = np.full((2, 4, 3), 200, np.uint8)
    padded = fit_image(small, (4, 6))
    assert padded.shape == (4, 6, 3) and padded[1:3, 1:5].min() == 200 and padded[0].max() == 0
    large = np.full((40, 20, 3), 90, np.uint8)
    shrunk = fit_image(large, (10, 10))
    assert shrunk.shape == (10, 10, 3) and shrunk[:, 5].min() == 90 and shrunk[:, 0].max() == 0  # aspect kept
    stretched = fit_image(large, (10, 10), "resize")
    assert stretched.shape == (10, 10, 3) and stretched.min() == 90
