"""Minecraft on a real embedded flying-squid server: one server (a shared World) for the whole module.

Covers the action grammar and MineRL's signs without a server, then on the server: spawning, each
low-level action, the skills, crafting recipes, every task's success check reached by its scripted
solution, a Node crash recovered at the next reset, and no Node process left after ``close()``.
"""

from __future__ import annotations

import importlib.util
import math
import warnings

import numpy as np
import psutil
import pytest
from gymnasium.error import DependencyNotInstalled

import omniarena
from omniarena.arenas.minecraft.actions import MINERL_KEYS, MinecraftActions, minerl_space, noop_action
from omniarena.arenas.minecraft.bots import solution_replies
from omniarena.arenas.minecraft.env import MinecraftEnv
from omniarena.arenas.minecraft.tasks import load_tasks
from omniarena.arenas.minecraft.world import INSTALL_HINT, JS_DIR, World
from omniarena.backends.node import NodeBridge, modules_dir

try:
    modules_dir(JS_DIR, INSTALL_HINT)
    HAVE_NODE_PACKAGES = True
except DependencyNotInstalled:
    HAVE_NODE_PACKAGES = False

needs_server = pytest.mark.skipif(not HAVE_NODE_PACKAGES, reason=f"Node packages missing: run `{INSTALL_HINT}`")
ACTIONS = MinecraftActions()


# --- grammar and native space (no server) ------------------------------------------------------------
def test_native_space_has_minerl_keys_and_text_lowers_to_it() -> None:
    assert set(minerl_space().spaces) == set(MINERL_KEYS)
    assert set(MinecraftActions(skills=False).native_space().spaces) == set(MINERL_KEYS)
    action = ACTIONS.parse("<answer>forward, jump, attack, camera -10 30, hotbar 3, ticks 7</answer>").action
    assert (action["forward"], action["jump"], action["attack"], action["hotbar.3"], action["ticks"]) == (1, 1, 1, 1, 7)
    assert action["camera"].tolist() == [-10.0, 30.0] and action["back"] == 0
    assert ACTIONS.format(action) == "forward, jump, attack, camera -10 30, hotbar 3, ticks 7"
    assert ACTIONS.parse("forward 5").action["ticks"] == 5
    assert ACTIONS.parse("noop").action["ticks"] == ACTIONS.text_ticks


def test_skills_parse_and_bad_text_is_a_reason() -> None:
    mine = ACTIONS.parse("I will now <answer>mine oak_log 3</answer>").action
    assert ACTIONS.format(mine) == "mine oak_log 3"
    assert ACTIONS.format(ACTIONS.parse("attack cow").action) == "attack cow"
    assert ACTIONS.parse("attack 20").action["attack"] == 1  # a number: the button, not the skill
    for bad, why in [
        ("mine unobtainium", "unknown"),
        ("mine oak_log, forward", "only command"),
        ("camera 500 0", "-180..180"),
        ("forward 99", "ticks"),
        ("hotbar 0", "1..9"),
        (", ".join(["jump"] * 21), "at most"),
        ("dance", "not a command"),
    ]:
        result = ACTIONS.parse(bad)
        assert not result.ok and why in result.error, (bad, result.error)
    assert not MinecraftActions(skills=False).parse("mine oak_log").ok


def test_a_plain_minerl_dict_is_a_legal_action() -> None:
    plain = noop_action(extended=False)
    plain["forward"] = 1
    assert ACTIONS.is_legal(plain)
    assert ACTIONS.complete(plain)["ticks"] == ACTIONS.ticks_per_step
    assert not ACTIONS.is_legal({**plain, "camera": np.array([0, 999], np.float32)})
    assert not ACTIONS.is_legal({**plain, "fly": 1})


def test_node_bridge_surfaces_errors_and_leaves_no_process(tmp_path) -> None:
    script = tmp_path / "echo.js"
    script.write_text(
        "const fs = require('fs'); const rl = require('readline').createInterface({ input: process.stdin });\n"
        "rl.on('line', l => { const r = JSON.parse(l); if (r.op === 'die') process.exit(3);\n"
        "  fs.writeSync(3, JSON.stringify(r.op === 'fail' ? { id: r.id, ok: false, error: 'boom' } : { id: r.id, ok: true, result: r.args }) + '\\n') })\n"
        "console.log('noise on stdout'); process.stderr.write('hello from stderr\\n')\n"
    )
    bridge = NodeBridge(script, name="echo")
    assert bridge.call("echo", x=[1, "é"]) == {"x": [1, "é"]}
    with pytest.raises(RuntimeError, match="boom"):
        bridge.call("fail")
    with pytest.raises(RuntimeError, match="exit code 3"):
        bridge.call("die")
    bridge.close()
    bridge.close()  # idempotent
    assert not psutil.pid_exists(bridge.pid) or psutil.Process(bridge.pid).status() == psutil.STATUS_ZOMBIE


# --- on the server -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    if not HAVE_NODE_PACKAGES:
        pytest.skip(f"Node packages missing: run `{INSTALL_HINT}`")
    shared = World()
    yield shared
    shared.close()


def make(world: World, task: str, **kwargs) -> MinecraftEnv:
    return MinecraftEnv(task=task, world=world, **kwargs)


def do(env: MinecraftEnv, text: str):
    """One step of the text ``text`` (the env is native: the text is parsed here)."""
    result = ACTIONS.parse(text)
    assert result.ok, result.error
    return env.step(result.action)


@needs_server
def test_spawn_observation_and_low_level_actions(world) -> None:
    env = make(world, "CollectLog", width=160, height=90)
    obs, info = env.reset(seed=0)
    assert obs["image"].shape == (90, 160, 3) and obs["pov"] is not obs["image"] or obs["pov"].shape == (90, 160, 3)
    assert "Collect 1 oak log" in obs["text"] and "oak_log" in obs["text"] and info["progress"] == "0/1 oak_log"
    start = env.snapshot
    assert start is not None and abs(start.pos[1] - 5) < 1e-6
    # forward walks north (-z) when facing north; back and strafing move the other ways.
    plain = noop_action(extended=False)
    env.step({**plain, "camera": np.array([0, 0], np.float32)})
    before = env.snapshot.pos.copy()
    env.step({**ACTIONS.parse("forward 10").action})
    assert env.snapshot.pos[2] < before[2] - 1
    before = env.snapshot.pos.copy()
    env.step(ACTIONS.parse("back 10").action)
    assert env.snapshot.pos[2] > before[2] + 1
    before = env.snapshot.pos.copy()
    env.step(ACTIONS.parse("right 10").action)  # facing north, right is east (+x)
    assert env.snapshot.pos[0] > before[0] + 1
    # MineRL's signs: positive yaw turns right (north -> east), positive pitch looks down.
    yaw0 = env.snapshot.yaw
    env.step(ACTIONS.parse("camera 0 90, ticks 1").action)
    assert math.isclose((yaw0 - env.snapshot.yaw) % (2 * math.pi), math.pi / 2, abs_tol=1e-3)
    env.step(ACTIONS.parse("camera 30 0, ticks 1").action)
    assert math.isclose(env.snapshot.pitch, -math.radians(30), abs_tol=1e-3)
    assert "facing east" in env.observation()["text"]
    env.step(ACTIONS.parse("camera -30 0, jump, ticks 4").action)
    assert env.snapshot.pos[1] > 5.3  # mid-jump
    env.step(ACTIONS.parse("hotbar 4, ticks 1").action)
    assert env.snapshot.hotbar == 3
    env.close()


@needs_server
def test_attack_digs_and_use_places(world) -> None:
    env = make(world, "PlaceCraftingTable", width=64, height=36)
    env.reset(seed=0)
    do(env, "camera 50 0, ticks 2")  # the ground two blocks ahead
    assert env.snapshot.cursor["name"] == "grass_block" and env.snapshot.held == "crafting_table"
    _, reward, terminated, _, info = do(env, "use, ticks 4")
    assert terminated and info["success"] and reward == 1.0
    assert env.snapshot.cursor["name"] == "crafting_table"
    env.reset(seed=0)
    do(env, "camera 50 0, ticks 2")
    ground = env.snapshot.cursor
    for _ in range(3):
        do(env, "attack 20")
    assert env.snapshot.cursor is None or env.snapshot.cursor["pos"] != ground["pos"]  # the grass block is gone
    env.close()


@needs_server
def test_crafting_recipes_and_skill_failures(world) -> None:
    env = make(world, "CraftWoodenPickaxe", width=64, height=36)
    env.reset(seed=0)
    do(env, "craft wooden_pickaxe")
    assert "failed" in env.last_result and ("crafting table" in env.last_result or "not enough" in env.last_result)
    do(env, "craft oak_planks 3")
    do(env, "craft stick 1")
    inventory = dict(world.call("serverState", name=env.bot)["inventory"])
    assert inventory["oak_planks"] == 10 and inventory["stick"] == 4 and "oak_log" not in inventory
    do(env, "craft crafting_table")
    assert world.call("serverState", name=env.bot)["inventory"]["oak_planks"] == 6
    do(env, "craft wooden_pickaxe")  # a 3x3 recipe: refused without a table within reach
    assert "needs a crafting table" in env.last_result
    do(env, "place crafting_table")
    _, reward, terminated, _, _ = do(env, "craft wooden_pickaxe")
    assert terminated and reward == 1.0
    env.reset(seed=1)
    do(env, "mine diamond_ore 1")
    assert "failed" in env.last_result and "no diamond_ore" in env.last_result
    env.close()


TASKS = sorted(load_tasks())


@needs_server
@pytest.mark.slow
def _play_solution(world, task: str) -> tuple[bool, dict, str]:
    """Play ``task``'s solution from seed 7; (solved, last info, the bridge's last result)."""
    env = make(world, task, width=32, height=18)
    env.set_observe("text")
    env.reset(seed=7)
    spec = load_tasks()[task]
    done, reward, info = False, 0.0, {}
    try:
        for reply in solution_replies(spec, spec.max_steps):
            _, reward, done, _, info = env.step(ACTIONS.parse(reply).action)
            if done:
                break
        last = env.last_result
    finally:
        env.close()
    return bool(done and info.get("success") and reward == 1.0), info, last


@pytest.mark.parametrize("task", TASKS)
def test_every_task_is_solved_by_its_solution(world, task) -> None:
    # The world runs in real time beside the bot, and under load a solution has missed (a bot dropped
    # mid-attack, a craft before the last block was picked up). One replay from the same seed is allowed; the
    # first failure is reported as a warning in the test summary, and two failures in a row fail the test.
    solved, info, last = _play_solution(world, task)
    if not solved:
        warnings.warn(f"{task}: solution failed once, replaying (progress {info.get('progress')}, last {last})")
        solved, info, last = _play_solution(world, task)
    assert solved, (task, info.get("progress"), last)


@needs_server
def test_same_seed_same_scene_and_different_seeds_differ(world) -> None:
    env = make(world, "NavigateFar", width=32, height=18)
    env.set_observe("text")
    env.reset(seed=3)
    first = list(env.scene.blocks)
    env.reset(seed=3)
    assert env.scene.blocks == first
    env.reset(seed=4)
    assert env.scene.blocks != first
    env.close()


@needs_server
def test_a_node_crash_is_recovered_at_the_next_reset() -> None:
    env = MinecraftEnv(task="CraftPlanks", share_server=False, width=32, height=18)
    env.reset(seed=0)
    old = env.world.pid
    with pytest.raises(RuntimeError):
        env.world.call("crash")
    _, _, terminated, _, info = do(env, "craft oak_planks")
    assert terminated and info.get("crashed")
    _, info = env.reset(seed=0)
    assert env.world.pid != old and env.world.restarts == 1
    _, reward, terminated, _, _ = do(env, "craft oak_planks")
    assert terminated and reward == 1.0
    pids = [env.world.pid, *(p.pid for p in psutil.Process(env.world.pid).children(recursive=True))]
    env.close()
    assert not [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


@needs_server
def test_registry_ids_and_minerl_adapter() -> None:
    ids = [a.id for a in omniarena.list_arenas() if a.family == "Minecraft"]
    assert "omniarena/MineRL-v0" in [a.id for a in omniarena.list_arenas()]
    assert "omniarena/Minecraft-v0" in ids and len(ids) >= 21
    assert all(not omniarena.spec(i).picklable and not omniarena.spec(i).deterministic for i in ids)


def test_minerl_adapter_maps_actions_and_observations_without_minerl() -> None:
    from omniarena.arenas.minecraft.minerl_adapter import MineRLEnv, observation_text, to_minerl

    actions = MinecraftActions(skills=False, ticks_key=True)
    action = actions.parse("forward, attack, camera 10 -20, hotbar 2, ticks 3").action
    minerl_action, repeats = to_minerl(action)
    assert repeats == 3 and set(minerl_action) == set(MINERL_KEYS)
    assert minerl_action["forward"] == minerl_action["attack"] == minerl_action["hotbar.2"] == 1
    assert minerl_action["camera"].dtype == np.float32 and minerl_action["camera"].tolist() == [10.0, -20.0]
    assert not actions.parse("mine oak_log").ok
    text = observation_text(
        {
            "inventory": {"log": np.array(3), "dirt": np.array(0)},
            "life_stats": {"life": 18.0},
            "compass": {"angle": -45.0},
        }
    )
    assert "log x3" in text and "dirt" not in text and "Life 18" in text and "-45" in text
    if importlib.util.find_spec("minerl") is None:
        with pytest.raises(DependencyNotInstalled, match="minerl"):
            MineRLEnv()
        with pytest.raises(DependencyNotInstalled, match="minerl"):
            omniarena.make("omniarena/MineRL-v0")
