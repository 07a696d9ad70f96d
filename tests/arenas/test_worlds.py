"""The worlds (adapters over real engines): each engine's own facts come through the adapter unchanged.

Registry-wide tests (check_env, text mode, determinism, parser fuzz, expert beats random) already run
over every installed world; these check what only a world has: its text matches the engine's state,
drawing never changes the game, BALROG's action names and progression metric, and a missing engine
names its extra.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from gymnasium.error import DependencyNotInstalled

import omniarena
from omniarena.core import registry

has = {
    name: importlib.util.find_spec(name) is not None for name in ("crafter", "minigrid", "ale_py", "textworld", "nle")
}
needs_crafter = pytest.mark.skipif(not has["crafter"], reason="the [crafter] extra is not installed")
needs_minigrid = pytest.mark.skipif(not has["minigrid"], reason="the [babyai] extra is not installed")
needs_ale = pytest.mark.skipif(not has["ale_py"], reason="the [atari] extra is not installed")
needs_textworld = pytest.mark.skipif(not has["textworld"], reason="the [textworld] extra is not installed")


# --- every world ----------------------------------------------------------------------------------
def test_a_missing_engine_names_its_extra(monkeypatch) -> None:
    from omniarena.arenas.worlds.engine import need

    with pytest.raises(DependencyNotInstalled, match=r"omniarena\[crafter\]"):
        need("no_such_engine_module", "crafter")
    monkeypatch.setitem(registry.EXTRA_MODULES, "crafter", ("no_such_engine_module",))
    installed = {info.id for info in omniarena.list_arenas(installed_only=True)}
    listed = {info.id for info in omniarena.list_arenas()}
    assert "omniarena/Crafter-v0" in listed and "omniarena/Crafter-v0" not in installed
    with pytest.raises(DependencyNotInstalled, match=r'pip install "omniarena\[crafter\]"'):
        omniarena.make("omniarena/Crafter-v0")


def test_every_world_declares_its_extra_and_domain() -> None:
    worlds = [info for info in omniarena.list_arenas() if info.domain == "worlds"]
    assert {info.extra for info in worlds} >= {"crafter", "babyai", "atari"}
    assert all(info.extra in registry.EXTRA_MODULES for info in worlds)


# --- Crafter --------------------------------------------------------------------------------------
@needs_crafter
def test_crafter_steps_like_the_engine_itself() -> None:
    """The adapter's frame-free step is crafter's step: same world, same actions, same player and world."""
    import crafter

    arena = omniarena.make("omniarena/Crafter-v0", action_mode="native", size=64).unwrapped
    arena.reset(seed=3)
    engine = crafter.Env(size=(64, 64), seed=arena._game._seed)
    engine._episode = 0  # crafter's reset makes it 1, as the adapter's episode is
    engine.reset()
    from omniarena.arenas.worlds.crafter.env import position

    balance = engine._balance_chunk  # the adapter despawns in position order, not crafter's set order
    engine._balance_chunk = lambda chunk, objs: balance(chunk, sorted(objs, key=position))
    np.testing.assert_array_equal(engine._world._mat_map, arena._game._world._mat_map)
    rng = np.random.default_rng(0)
    for _ in range(100):
        action = int(rng.integers(17))
        _, reward, done, info = engine.step(action)
        _, ours, terminated, _, our_info = arena.step(action)
        assert ours == pytest.approx(reward)
        assert tuple(arena._game._player.pos) == tuple(info["player_pos"])
        assert our_info["inventory"] == info["inventory"] and our_info["achievements"] == info["achievements"]
        if done:
            assert terminated
            break
    np.testing.assert_array_equal(engine._world._mat_map, arena._game._world._mat_map)


@needs_crafter
def test_crafter_drawing_never_changes_the_game() -> None:
    """Night noise has its own random stream: text-only and image runs play the same game."""
    both = omniarena.make("omniarena/Crafter-v0", action_mode="native", size=64)
    text = omniarena.make("omniarena/Crafter-v0", action_mode="native", size=64, observe="text")
    a, _ = both.reset(seed=5)
    b, _ = text.reset(seed=5)
    assert b["image"].sum() == 0 and a["image"].sum() > 0
    for step in range(400):  # past the first nightfall (crafter's day is 300 steps)
        action = step % 5
        a, ra, ta, _, ia = both.step(action)
        b, rb, tb, _, ib = text.step(action)
        assert a["text"] == b["text"] and ra == rb and ia["inventory"] == ib["inventory"], step
        if ta:
            break


@needs_crafter
def test_crafter_text_and_progression_follow_the_world() -> None:
    env = omniarena.make("omniarena/Crafter-v0", size=64)
    obs, info = env.reset(seed=0)
    arena = env.unwrapped
    world, player = arena._game._world, arena._game._player
    front = (int(player.pos[0] + player.facing[0]), int(player.pos[1] + player.facing[1]))
    world[front] = "tree"
    west = (int(player.pos[0]) - 3, int(player.pos[1]))
    world[west] = "diamond"
    arena._version += 1  # the test changed the world behind the arena's back
    text = arena.observation()["text"]
    assert "You face tree at your front." in text and "- diamond 3 steps to your west" in text
    assert info["progression"] == 0.0 and info["unlocked"] == 0
    obs, reward, *_, info = env.step("<answer>Do</answer>")
    assert info["achievements"]["collect_wood"] == 1 and info["unlocked"] == 1
    assert info["progression"] == pytest.approx(100 / 22) and reward >= 1.0
    assert "- wood: 1" in obs["text"] and "collect_wood" in obs["text"] and "You took action Do." in obs["text"]


@needs_crafter
def test_crafter_reads_balrog_names_and_crafter_aliases() -> None:
    actions = omniarena.make("omniarena/Crafter-v0").unwrapped.action_set
    assert actions.n == 17 and actions.names[1] == "Move West" and actions.names[11] == "Make Wood Pickaxe"
    for reply, name in (
        ("move_left", "Move West"),
        ("I go <answer>north</answer>", "Move North"),
        ("<answer>make wood pickaxe</answer>", "Make Wood Pickaxe"),
        ("interact", "Do"),
    ):
        result = actions.parse(reply)
        assert result.ok and actions.format(result.action) == name, reply


# --- BabyAI ---------------------------------------------------------------------------------------
@needs_minigrid
def test_babyai_view_in_words_matches_the_egocentric_grid() -> None:
    from omniarena.arenas.worlds.babyai.text import describe_view

    ego = np.zeros((7, 7, 3), np.uint8)
    ego[:, :, 0] = 1  # empty floor
    ego[2, 5] = (6, 0, 0)  # a red ball: one column left of the agent (3, 6), one row ahead
    ego[3, 2] = (4, 2, 2)  # a locked blue door straight ahead, 4 rows up
    ego[3, 1] = (2, 5, 0)  # a wall behind it
    ego[0, 6] = (2, 5, 0)  # a wall 3 cells to the left
    assert describe_view(ego) == [
        "a red ball 1 step left and 1 step forward",
        "a locked blue door 4 steps forward",
        "a wall 3 steps left",
        "a wall 5 steps forward",
    ]


@needs_minigrid
@pytest.mark.parametrize("task", ["GoTo", "Pickup", "Open", "PutNext", "PickupThenGoTo"])
def test_babyai_bot_solves_balrogs_tasks(task: str) -> None:
    from omniarena.agents import make_agent
    from omniarena.tasks.episode import play_single

    arena_id = f"omniarena/BabyAI-MixedTrainLocal-{task}-v0"
    env = omniarena.make(arena_id)
    agent = make_agent("scripted", env, arena_id=arena_id, seed=0)
    for seed in range(3):
        tally = play_single(env, agent, seed)
        assert tally.success and tally.format_ok == tally.steps
    obs, info = env.reset(seed=0)
    assert info["mission"] in obs["text"] and info["progression"] == 0.0


@needs_minigrid
def test_babyai_success_sets_progression_and_generator_stays_quiet(capsys) -> None:
    env = omniarena.make("omniarena/BabyAI-GoToLocal-v0", action_mode="native")
    level = env.unwrapped._game
    from minigrid.utils.baby_ai_bot import BabyAIBot

    env.reset(seed=1)
    bot = BabyAIBot(level)
    for _ in range(64):
        _, reward, terminated, truncated, info = env.step(int(bot.replan()))
        if terminated or truncated:
            break
    assert terminated and info["success"] and info["progression"] == 100.0 and reward > 0
    other = omniarena.make("omniarena/BabyAI-GoToLocal-v0", level="Synth")  # rejection-sampled levels print
    for seed in range(5):
        other.reset(seed=seed)
    assert "Sampling rejected" not in capsys.readouterr().out
    with pytest.raises(ValueError, match="not a minigrid BabyAI level"):
        omniarena.make("omniarena/BabyAI-GoToLocal-v0", level="NoSuchLevel")


# --- Atari ----------------------------------------------------------------------------------------
@needs_ale
def test_breakout_ram_text_matches_the_pixels() -> None:
    env = omniarena.make("omniarena/Breakout-v0", action_mode="native", repeat_action_probability=0.0)
    obs, info = env.reset(seed=0)
    assert env.unwrapped.action_set.names == ["noop", "fire", "right", "left"] and info["ball"] is None
    obs, *_, info = env.step(1)  # fire: serve
    for step in range(12):
        obs, *_, info = env.step(2 if step < 6 else 3)
        band = obs["image"][189:194, 8:152].sum(axis=2).sum(axis=0)
        columns = np.flatnonzero(band) + 8
        assert columns.min() == info["paddle_x"] - 8, step  # the left edge (the right one hides under the wall)
        if info["ball"] is not None:
            x, y = info["ball"]
            patch = obs["image"][y - 1 : y + 3, x - 2 : x + 2].sum()
            assert patch > 0, (step, info["ball"])
            assert f"Ball: at x={x}, y={y}" in env.unwrapped._state()


@needs_ale
def test_breakout_unseeded_resets_continue_the_seeded_stream() -> None:
    runs = []
    for _ in range(2):
        env = omniarena.make("omniarena/Breakout-v0", action_mode="native")
        frames = [env.reset(seed=7)[0]["image"]]
        for episode in range(2):
            for step in range(60):
                obs, _, terminated, truncated, _ = env.step((step + episode) % 4)
                if terminated or truncated:
                    break
            frames.append(obs["image"])
            frames.append(env.reset()[0]["image"])  # no seed: restart the game, keep the ALE's stream
        runs.append(frames)
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


# --- TextWorld ------------------------------------------------------------------------------------
@needs_textworld
def test_textworld_walkthrough_wins_through_admissible_commands() -> None:
    import textworld

    from omniarena.arenas.worlds.textworld.games import game_path

    env = omniarena.make("omniarena/TextWorld-CoinCollector-v0")
    obs, info = env.reset(seed=0, options={"game": 0})
    arena = env.unwrapped
    commands = arena.action_set.commands
    assert (
        int(obs["action_mask"].sum()) == len(commands) > 0
        and f"Admissible commands: {', '.join(commands)}." in obs["text"]
    )
    assert "Objective:" in obs["text"] and info["game"] == 0 and info["progression"] == 0.0
    obs, reward, terminated, _, info = env.step("<answer>dance wildly</answer>")
    assert not info["action"]["valid"] and "not an admissible command" in info["action"]["error"] and reward == 0
    walkthrough = textworld.Game.load(str(game_path("coin_collector", 0).with_suffix(".json"))).walkthrough
    for command in walkthrough:
        assert not terminated
        obs, reward, terminated, _, info = env.step(f"I will type: <answer>{command.upper()}</answer>")
        assert info["action"]["valid"], (command, info["action"]["error"])
    assert terminated and info["won"] and info["success"] and info["progression"] == 100.0 and reward == 1.0


@needs_textworld
def test_textworld_games_are_generated_once_and_then_read_from_the_cache(monkeypatch) -> None:
    import textworld.generator

    from omniarena.arenas.worlds.textworld.games import game_path

    first = game_path("coin_collector", 0)

    def refuse(*args, **kwargs):
        raise AssertionError("a cached game was generated again")

    monkeypatch.setattr(textworld.generator, "compile_game", refuse)
    assert game_path("coin_collector", 0) == first and first.with_suffix(".json").exists()
    with pytest.raises(ValueError, match="use one of"):
        game_path("no_such_task", 0)


# --- the balrog suite -----------------------------------------------------------------------------
def test_balrog_suite_scores_mean_progression(tmp_path) -> None:
    import json

    from omniarena.tasks.suites import load_suite, run_suite

    balrog = load_suite("balrog")
    assert balrog.metric == "progression" and len(balrog.jobs) == 16
    if not has["minigrid"]:
        pytest.skip("the [babyai] extra is not installed")
    small = tmp_path / "small.json"
    entries = [{"arena": job.arena} for job in balrog.jobs if "BabyAI" in job.arena][:2]
    small.write_text(json.dumps({"name": "small", "metric": "progression", "episodes": 3, "entries": entries}))
    result = run_suite(load_suite(small), "scripted", progress=False, env_kwargs={"observe": "text"})
    assert all(r["progression"] == 100.0 and r["observe"] == "text" for r in result.records)
    assert result.score == pytest.approx(100.0)
    random = run_suite(load_suite(small), "random", progress=False)
    expected = sum(100.0 * r["success"] for r in random.records) / len(random.records)
    assert random.score == pytest.approx(expected)
