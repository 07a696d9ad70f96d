"""RetroFight on stable-retro's real emulator.

Without a fighting ROM the whole path runs on Airstriker-Genesis (the ROM stable-retro ships) through a
test-only game file (``retro_data/``) that maps the ship's x and the integration's lives: image, text
lowered to buttons over frames, RAM-variable text, recording, a two-worker vector env, and ``close``
leaving no worker. Tests that need a fighting ROM skip naming it when it is not imported.
"""

from __future__ import annotations

import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import psutil
import pytest

pytest.importorskip("stable_retro")

import omniarena  # noqa: E402
from omniarena.arenas.fighting.controls import CONTROLS, index_of  # noqa: E402
from omniarena.arenas.fighting.retro.console import local_consoles  # noqa: E402
from omniarena.arenas.fighting.retro.env import RetroFight2PEnv, RetroFightEnv  # noqa: E402
from omniarena.arenas.fighting.retro.games import (  # noqa: E402
    MissingRom,
    check_rom,
    game_names,
    load_game,
    parse_game,
)
from omniarena.arenas.fighting.retro.motions import MOTIONS, Pad, Special, expand, special_frames  # noqa: E402
from omniarena.backends.procs import Worker  # noqa: E402
from omniarena.wrappers.recorder import Recorder  # noqa: E402

AIR = str(Path(__file__).with_name("retro_data") / "Airstriker-Genesis-v0.json")
FIGHTING = ("StreetFighterIISpecialChampionEdition-Genesis-v0", "MortalKombatII-Genesis-v0", "FatalFury2-Genesis-v0")


def children() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True) if p.is_running()]


def ship_x(env: RetroFightEnv) -> int:
    reading = env.session.reading
    assert reading is not None and reading.x[0] is not None
    return reading.x[0]


@pytest.fixture
def env():
    arena = RetroFightEnv(game=AIR, frame_skip=4)
    yield arena
    arena.close()


# --- the no-ROM path, for real on Airstriker ---------------------------------------------------------
def test_image_text_and_ram_on_airstriker(env: RetroFightEnv) -> None:
    obs, info = env.reset(seed=0)
    assert obs["image"].shape == (224, 320, 3) and obs["image"].dtype == np.uint8 and obs["image"].any()
    assert info["health"] == (3, 3)  # the integration's lives variable, read through the game file
    start = ship_x(env)
    assert f"{310 - start} px between you" in obs["text"]
    assert "You: health 3/3 (100%)" in obs["text"] and "Round 1" in obs["text"]
    for _ in range(30):
        obs, _, _, _, info = env.step(index_of("forward"))
    assert ship_x(env) > start  # "forward" held RIGHT on the real pad: the ship moved right
    assert info["frame"] == 120 and info["frames"] == 4
    assert "last input forward" in obs["text"]
    assert obs["features"]["own_x"][0] == ship_x(env)


def test_text_is_lowered_to_buttons_over_frames(env: RetroFightEnv) -> None:
    text_env = omniarena.make("omniarena/RetroFight-v0", game=AIR, max_moves=3)
    try:
        text_env.reset(seed=0)
        _, _, _, _, info = text_env.step(
            "Close in then shoot.\n<answer>\n- forward\n- fireball\n- bogus move\n</answer>"
        )
        assert not info["action"]["valid"] and "bogus move" in info["action"]["error"]
        _, _, _, _, info = text_env.step("<answer>\n- forward\n- fireball\n</answer>")
        arena = text_env.unwrapped
        assert info["action"]["parsed"] == "- forward\n- fireball"
        # forward: 4 frames; fireball (qcf + B): 3 motion steps of 2 frames and 3 pressed frames
        assert info["frames"] == 4 + 9
        assert arena.session.last[0] == "fireball"
    finally:
        text_env.close()


def test_mirroring_follows_ram(env: RetroFightEnv) -> None:
    env.reset(seed=0)
    while ship_x(env) <= 310:  # past the stand-in opponent's x (310): the ship now faces left
        obs, *_ = env.step(index_of("forward"))
        assert env.session.frames < 2000
    assert obs["features"]["own_side"] == 1 and "You are on the right" in obs["text"]
    np.testing.assert_array_equal(obs["image"], env.session.frame[:, ::-1])
    # Facing left, "forward" is LEFT on the pad and "back" is RIGHT: backing off moves the ship right.
    assert env.session.lower(0, [index_of("forward")], 4) == [frozenset({"LEFT"})] * 4
    start = ship_x(env)
    for _ in range(3):
        env.step(index_of("back"))
    assert ship_x(env) > start


def test_recording(tmp_path: Path) -> None:
    recorded = Recorder(omniarena.make("omniarena/RetroFight-v0", game=AIR), tmp_path, video=None)
    try:
        recorded.reset(seed=0)
        for reply in ("forward", "<answer>light punch</answer>", "fireball"):
            recorded.step(reply)
    finally:
        recorded.close()
    lines = [json.loads(line) for path in tmp_path.rglob("*.jsonl") for line in path.read_text().splitlines()]
    steps = [line for line in lines if line["event"] == "step"]
    assert [s["parsed"] for s in steps] == ["forward", "light punch", "fireball"]
    assert len(list(tmp_path.rglob("*.png"))) == 4
    assert local_consoles() == 0


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_two_worker_vector_env_and_close(mode: str) -> None:
    before = {p.pid for p in children()}
    vector = gym.make_vec(
        "omniarena/RetroFight-v0", num_envs=2, vectorization_mode=mode, action_mode="native", game=AIR
    )
    try:
        obs, _ = vector.reset(seed=0)
        assert obs["image"].shape == (2, 224, 320, 3)
        for _ in range(3):
            obs, rewards, *_ = vector.step(np.array([index_of("forward"), index_of("back")]))
        assert obs["features"]["own_x"][0, 0] > obs["features"]["own_x"][1, 0]
        assert len({p.pid for p in children()} - before) >= 1  # sync: the second env's worker; async: two
    finally:
        vector.close()
    psutil.wait_procs([p for p in children() if p.pid not in before], timeout=10)
    assert {p.pid for p in children()} - before == set()
    assert local_consoles() == 0


def test_second_env_in_a_process_gets_a_worker_and_close_ends_it(env: RetroFightEnv) -> None:
    second = RetroFightEnv(game=AIR)
    try:
        assert isinstance(second.session.console, Worker) and second.session.console.alive
        pid = second.session.console.pid
        second.reset(seed=0)
        env.reset(seed=0)
        _, _, _, _, info = second.step(index_of("forward"))
        assert info["frames"] == 4
    finally:
        second.close()
        second.close()  # idempotent
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    with pytest.raises(RuntimeError, match="one emulator per process"):
        RetroFightEnv(game=AIR, worker=False)


def test_two_players_parallel_env() -> None:
    from pettingzoo.test import parallel_api_test

    data = json.loads(Path(AIR).read_text())
    data["two_player_state"] = "Level1"
    path = Path(AIR).with_name("airstriker-2p.json")
    game = parse_game(data)
    assert game.two_player_state == "Level1"
    path.write_text(json.dumps(data))
    try:
        env = RetroFight2PEnv(game=str(path))
        try:
            parallel_api_test(env, num_cycles=5)
            observations, _ = env.reset(seed=0)
            assert observations["player_0"]["features"]["own_side"] != observations["player_1"]["features"]["own_side"]
            obs, rewards, *_ = env.step({"player_0": index_of("forward"), "player_1": index_of("neutral")})
            assert rewards["player_0"] == -rewards["player_1"]
        finally:
            env.close()
    finally:
        path.unlink()


# --- the missing ROM ---------------------------------------------------------------------------------
def test_missing_rom_names_the_import_command_and_checksum() -> None:
    game = "StreetFighterIISpecialChampionEdition-Genesis-v0"
    try:
        check_rom(game)
    except MissingRom as exc:
        message = str(exc)
    else:
        pytest.skip(f"{game}'s ROM is imported here")
    assert "python -m stable_retro.import" in message
    assert "a5aad1d108046d9388e33247610dafb4c6516e0b" in message and "rom.md" in message
    with pytest.raises(gym.error.DependencyNotInstalled, match="stable_retro.import"):
        omniarena.make("omniarena/RetroFight-v0")
    assert "omniarena/RetroFight-v0" not in {a.id for a in omniarena.list_arenas(installed_only=True)}


# --- motion inputs -----------------------------------------------------------------------------------
PAD = Pad({"light punch": ("X",), "heavy punch": ("Z",), "light kick": ("A",), "heavy kick": ("C",)}, 2, 3, 6)


def test_quarter_circle_forward_and_its_mirror() -> None:
    special = Special.from_data({"motion": "qcf", "button": "light punch"})
    right = special_frames(special, PAD, facing_right=True)
    assert right == [
        frozenset({"DOWN"}),
        frozenset({"DOWN"}),
        frozenset({"DOWN", "RIGHT"}),
        frozenset({"DOWN", "RIGHT"}),
        frozenset({"RIGHT"}),
        frozenset({"RIGHT"}),
        *[frozenset({"RIGHT", "X"})] * 3,
    ]
    left = special_frames(special, PAD, facing_right=False)
    swap = {"LEFT": "RIGHT", "RIGHT": "LEFT"}
    assert left == [frozenset(swap.get(b, b) for b in frame) for frame in right]


def test_charge_dragon_punch_360_mash_and_hold() -> None:
    charge = special_frames(Special.from_data({"motion": "charge_back_forward", "button": "light punch"}), PAD, True)
    assert charge[:6] == [frozenset({"LEFT"})] * 6 and charge[6:8] == [frozenset({"RIGHT"})] * 2
    assert charge[8:] == [frozenset({"RIGHT", "X"})] * 3
    dp = special_frames(Special.from_data({"motion": "dp", "button": "heavy punch"}), PAD, False)
    assert dp[::2][:3] == [frozenset({"LEFT"}), frozenset({"DOWN"}), frozenset({"DOWN", "LEFT"})]
    spin = special_frames(Special.from_data({"motion": "360", "button": "heavy punch"}), PAD, True)
    assert [frame for frame in spin[::2]][:7] == [
        frozenset(d.upper() if d in ("up", "down") else {"forward": "RIGHT", "back": "LEFT"}[d] for d in step)
        for step in MOTIONS["360"]
    ]
    mash = special_frames(Special.from_data({"motion": "none", "button": "light kick", "mash": 3}), PAD, True)
    assert [("A" in frame) for frame in mash[2:]] == ([True] * 3 + [False] * 3) * 3
    throw = special_frames(
        Special.from_data({"motion": "none", "hold": "forward", "button": "heavy punch"}), PAD, False
    )
    assert throw[-3:] == [frozenset({"LEFT", "Z"})] * 3


def test_directions_and_attacks_are_held_relative_to_facing() -> None:
    moves = dict.fromkeys(("fireball", "uppercut", "special", "super", "throw", "dash forward", "dash back"))
    crouch_block = expand(index_of("crouch back"), True, PAD, moves, 4)
    assert crouch_block == [frozenset({"DOWN", "LEFT"})] * 4
    sweep = expand(index_of("crouch back heavy kick"), False, PAD, moves, 5)
    assert sweep == [frozenset({"DOWN", "RIGHT", "C"})] * 3 + [frozenset({"DOWN", "RIGHT"})] * 2
    assert expand(index_of("super"), True, PAD, moves, 4) == [frozenset()] * 4  # a game without the move
    for control in range(len(CONTROLS)):
        assert len(expand(control, True, PAD, moves, 6)) >= 6
    block = Pad({**PAD.attacks}, back_buttons=("B",))
    assert expand(index_of("back"), True, block, moves, 1) == [frozenset({"LEFT", "B"})]


@pytest.mark.parametrize("name", FIGHTING)
def test_every_special_of_every_game_file_expands_and_mirrors(name: str) -> None:
    game = load_game(name)
    assert name in game_names() and game.checked
    swap = {"LEFT": "RIGHT", "RIGHT": "LEFT"}
    pad_buttons = {"UP", "DOWN", "LEFT", "RIGHT", "A", "B", "C", "X", "Y", "Z", "MODE", "START"}
    for character in [game.default, *game.characters.values()]:
        for move, special in character.moves.items():
            if special is None:
                continue
            right = special_frames(special, game.pad, True)
            left = special_frames(special, game.pad, False)
            assert right and left == [frozenset(swap.get(b, b) for b in f) for f in right], (character.name, move)
            assert set().union(*right) <= pad_buttons, (character.name, move)
            if special.buttons:
                assert any(set(game.pad.buttons_of(special.buttons)) <= frame for frame in right)
    assert set(game.reads["health"]) and game.max_health > 0


def test_game_data_covers_the_integrations_variables() -> None:
    import stable_retro.data as data

    for name in FIGHTING:
        game = load_game(name)
        info = json.loads(Path(data.get_file_path(name, "data.json", data.Integrations.ALL)).read_text())["info"]
        known = set(info) | set(game.variables)
        for names in game.reads.values():
            for variable in [names] if isinstance(names, str) else names:
                assert variable in known, (name, variable)
        states = set(data.list_states(name, data.Integrations.ALL))
        for state in [game.state, *game.ladder, game.two_player_state]:
            assert state is None or state in states, (name, state)


def test_unknown_game_says_which_have_data() -> None:
    with pytest.raises(ValueError, match="MortalKombatII-Genesis-v0"):
        load_game("Tekken-Genesis-v0")


# --- with a fighting ROM -----------------------------------------------------------------------------
def _require(name: str) -> None:
    try:
        check_rom(name)
    except MissingRom:
        pytest.skip(f"{name}'s ROM is not imported (python -m stable_retro.import <folder>, or OMNIARENA_ROMS)")


@pytest.mark.parametrize("name", FIGHTING)
def test_fighting_rom_plays(name: str) -> None:
    _require(name)
    env = omniarena.make("omniarena/RetroFight-v0", game=name)
    try:
        obs, info = env.reset(seed=0)
        assert info["health"][0] > 0 and "Round" in obs["text"]
        for reply in ("forward", "fireball", "crouch back", "uppercut"):
            obs, *_ = env.step(reply)
    finally:
        env.close()


def test_mortal_kombat_two_players() -> None:
    _require("MortalKombatII-Genesis-v0")
    env = omniarena.make_multi("omniarena/RetroFight2P-v0")
    try:
        observations, _ = env.reset(seed=0)
        assert set(observations) == {"player_0", "player_1"}
        env.step({"player_0": "forward", "player_1": "back"})
    finally:
        env.close()


def test_gymnasium_check_env_on_airstriker(env: RetroFightEnv) -> None:
    from gymnasium.utils.env_checker import check_env

    check_env(env, skip_render_check=True)
    obs, _ = env.reset(seed=0)
    assert env.observation_space.contains(obs)


def test_same_actions_give_the_same_observations(env: RetroFightEnv) -> None:
    other = RetroFightEnv(game=AIR)  # a worker process: the fixture holds this process's emulator
    try:
        traces = []
        for arena in (env, other):
            obs, _ = arena.reset(seed=3)
            trace = [obs]
            for control in (1, 13, 45, 2, 50, 0, 30):
                trace.append(arena.step(control)[0])
            traces.append(trace)
        for a, b in zip(*traces, strict=True):
            assert a["text"] == b["text"]
            np.testing.assert_array_equal(a["image"], b["image"])
    finally:
        other.close()
