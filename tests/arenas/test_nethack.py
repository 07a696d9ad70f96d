"""NetHack and MiniHack over nle: the words match the engine's state, BALROG's names and progression."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from gymnasium.error import DependencyNotInstalled

import omniarena

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nle") is None or importlib.util.find_spec("minihack") is None,
    reason="nle and minihack are not installed (the Makefile installs them with --no-deps)",
)


def test_a_missing_nle_names_the_no_deps_install() -> None:
    from omniarena.arenas.worlds.engine import need
    from omniarena.arenas.worlds.nethack.env import INSTALL

    with pytest.raises(DependencyNotInstalled, match="--no-deps nle==1.3.0"):
        need("no_such_nle_module", "nethack", INSTALL)


def test_balrog_progression_is_the_best_of_depth_and_experience() -> None:
    from omniarena.arenas.worlds.nethack.progress import milestone

    assert milestone(1, 1) == 0.0
    assert milestone(2, 1) == pytest.approx(0.015392)  # BALROG's "Dlvl:2"
    assert milestone(1, 10) == pytest.approx(0.1791)  # BALROG's "Xp:10", above "Dlvl:1"
    assert milestone(10, 2) == pytest.approx(0.125586)  # "Dlvl:10" beats "Xp:2"
    assert milestone(60, 40) == 0.0  # outside BALROG's table: no credit


def test_nethack_text_is_the_engine_state_and_names_are_balrogs() -> None:
    env = omniarena.make("omniarena/NetHack-v0", action_mode="native")
    arena = env.unwrapped
    obs, info = env.reset(seed=5)
    engine = arena.expert_state()
    blstats = engine["blstats"]
    assert f"HP {int(blstats[10])}/{int(blstats[11])}, dungeon level {int(blstats[12])}" in obs["text"]
    map_rows = [bytes(row).decode("latin-1").rstrip() for row in engine["tty_chars"][1:22]]
    assert "@" in "".join(map_rows) and next(r for r in map_rows if "@" in r) in obs["text"]
    assert info["progression"] == 0.0 and info["depth"] == 1
    names = arena.action_set.names
    for name in ("north", "far southwest", "up", "down", "more", "pickup", "esc", "search", "kick"):
        assert name in names
    # index i plays the engine's action of the same name: "north" is NetHack's 'k'
    north = arena.action_set.parse("<answer>go north</answer>").action
    assert arena._game.actions[arena._engine_index[north]] == ord("k")
    assert arena.action_set.parse("far  East").action == names.index("far east")


def _walk_to_stairs(env, arena) -> dict:
    """Greedy steps toward '>' on the tty map (a lit room with nothing in the way)."""
    compass = {(0, -1): "north", (1, 0): "east", (0, 1): "south", (-1, 0): "west",
               (1, -1): "northeast", (1, 1): "southeast", (-1, 1): "southwest", (-1, -1): "northwest"}  # fmt: skip
    info: dict = {}
    for _ in range(20):
        state = arena.expert_state()
        rows, cols = np.nonzero(state["tty_chars"][1:22] == ord(">"))
        x, y = int(state["blstats"][0]), int(state["blstats"][1])
        dx, dy = int(np.sign(cols[0] - x)), int(np.sign(rows[0] - y))
        _, _, terminated, truncated, info = env.step(compass[(dx, dy)])
        if terminated or truncated:
            break
    return info


def test_minihack_goal_reached_is_success_and_full_progression() -> None:
    env = omniarena.make("omniarena/MiniHack-MazeWalk-9x9-v0", task="MiniHack-Room-5x5-v0")
    arena = env.unwrapped
    obs, info = env.reset(seed=2)
    assert info["progression"] == 0.0 and "staircase down" in obs["text"]
    info = _walk_to_stairs(env, arena)
    assert info["success"] is True and info["progression"] == 100.0 and info["end_status"] == "TASK_SUCCESSFUL"


def test_same_seed_same_game_and_the_frame_is_the_tty() -> None:
    env = omniarena.make("omniarena/MiniHack-Quest-Easy-v0")
    first, _ = env.reset(seed=11)
    steps = [env.step(a)[0]["text"] for a in ("east", "east", "south")]
    again, _ = env.reset(seed=11)
    assert first["text"] == again["text"] and np.array_equal(first["image"], again["image"])
    assert [env.step(a)[0]["text"] for a in ("east", "east", "south")] == steps
    assert first["image"].shape == (24 * 14, 80 * 8, 3) and first["image"].any()
    assert not np.array_equal(
        first["image"], omniarena.make("omniarena/MiniHack-Quest-Easy-v0").reset(seed=12)[0]["image"]
    )
