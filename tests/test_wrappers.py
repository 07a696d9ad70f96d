"""Recorder and History on NumberLine (and the AEC recorder on the first two-player arena, when one exists)."""

from __future__ import annotations

import importlib.util
import json

import pytest
from gymnasium.error import DependencyNotInstalled
from PIL import Image
from support import covered_arenas

import omniarena
from omniarena.agents import make_agent
from omniarena.wrappers import AECRecorder, History, Recorder
from omniarena.wrappers import recorder as recorder_module

ARENA = "omniarena/NumberLine-v0"
STEP_FIELDS = {"episode", "step", "text", "reply", "parsed", "reward", "terminated", "truncated", "action", "info"}


def play_scripted(env, seed: int = 0) -> int:
    agent = make_agent("scripted", env, arena_id=ARENA, seed=seed)
    obs, _ = env.reset(seed=seed)
    steps = 0
    while True:
        obs, _, terminated, truncated, _ = env.step(agent.act(obs))
        steps += 1
        if terminated or truncated:
            return steps


def read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_recorder_writes_jsonl_frames_and_gif(tmp_path) -> None:
    env = Recorder(omniarena.make(ARENA), tmp_path)
    steps = play_scripted(env, seed=0)
    lines = read_lines(tmp_path / "seed0.jsonl")
    assert len(lines) == steps + 1
    assert lines[0]["event"] == "reset" and lines[0]["seed"] == 0 and "Target" in lines[0]["text"]
    for number, line in enumerate(lines[1:], start=1):
        assert STEP_FIELDS <= set(line)
        assert line["step"] == number and line["episode"] == 0
        assert line["parsed"] in ("+", "-") and line["reply"] == line["parsed"]
        assert line["action"]["valid"] and line["action"]["format_ok"]
    assert lines[-1]["terminated"] and lines[-1]["reward"] == 1.0
    assert len(list((tmp_path / "seed0").glob("frame_*.png"))) == steps + 1
    with Image.open(tmp_path / "seed0.gif") as gif:
        assert gif.n_frames == steps + 1
    env.close()


def test_recorder_records_invalid_replies_and_never_overwrites(tmp_path) -> None:
    env = Recorder(omniarena.make(ARENA), tmp_path, save_frames=False, video=None)
    env.reset(seed=4)
    env.step("I refuse")
    env.reset(seed=4)  # same seed again: a new file, the first one intact
    env.step("<answer>+</answer>")
    env.close()
    first, second = read_lines(tmp_path / "seed4.jsonl"), read_lines(tmp_path / "seed4-1.jsonl")
    assert first[1]["reply"] == "I refuse" and first[1]["parsed"] is None
    assert first[1]["action"]["error"] and not first[1]["action"]["format_ok"]
    assert second[1]["parsed"] == "+" and second[0]["episode"] == 1
    assert not list(tmp_path.glob("*.gif")) and not list(tmp_path.glob("seed4/*"))


def test_recorder_in_native_mode_logs_the_action_name(tmp_path) -> None:
    env = Recorder(omniarena.make(ARENA, action_mode="native"), tmp_path, video=None)
    env.reset(seed=1)
    env.step(0)
    env.close()
    line = read_lines(tmp_path / "seed1.jsonl")[1]
    assert line["reply"] == 0 and line["parsed"] == "+"


@pytest.mark.skipif(importlib.util.find_spec("imageio_ffmpeg") is None, reason="needs the [record] extra")
def test_recorder_writes_mp4(tmp_path) -> None:
    env = Recorder(omniarena.make(ARENA), tmp_path, save_frames=False, video="mp4")
    play_scripted(env, seed=2)
    env.close()
    assert (tmp_path / "seed2.mp4").stat().st_size > 0


def test_missing_video_dependency_names_the_extra(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(recorder_module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(DependencyNotInstalled, match=r"omniarena\[record\]"):
        Recorder(omniarena.make(ARENA), tmp_path, video="mp4")
    with pytest.raises(ValueError, match="video"):
        Recorder(omniarena.make(ARENA), tmp_path, video="avi")


def test_history_lists_previous_actions_and_clears_on_reset() -> None:
    env = History(omniarena.make(ARENA), k=2)
    obs, _ = env.reset(seed=0)
    assert "Previous steps" not in obs["text"]
    first_text = obs["text"]
    obs, *_ = env.step("<answer>+</answer>")
    assert "Previous steps" in obs["text"] and "Action: +" in obs["text"]
    assert obs["text"].rstrip().endswith(env.unwrapped._legal())
    obs, *_ = env.step("gibberish")
    assert "(invalid:" in obs["text"]
    obs, *_ = env.step("-")
    assert len(env.pairs) == 2 and env.pairs[-1][1] == "-"
    assert "[3]" not in obs["text"]  # only the last k=2 pairs
    assert env.observation_space.contains(obs)
    obs, _ = env.reset(seed=0)
    assert env.pairs == [] and obs["text"] == first_text


def test_history_composes_with_recorder(tmp_path) -> None:
    env = History(Recorder(omniarena.make(ARENA), tmp_path, video=None, save_frames=False), k=3)
    env.reset(seed=0)
    obs, *_ = env.step("+")
    env.close()
    assert "Previous steps" in obs["text"]
    logged = read_lines(tmp_path / "seed0.jsonl")[1]
    assert "Previous steps" not in logged["text"]  # the recorder sees the arena's own text


def multi_arenas() -> list[str]:
    return [a.id for a in covered_arenas() if a.multi_agent and a.expert]


@pytest.mark.skipif(not multi_arenas(), reason="no two-player arena with an expert registered")
def test_aec_recorder_writes_one_line_per_move(tmp_path) -> None:
    arena = multi_arenas()[0]
    env = AECRecorder(omniarena.make_multi(arena), tmp_path)
    agents = {p: make_agent("random", env, arena_id=arena, seed=i, player=p) for i, p in enumerate(env.possible_agents)}
    env.reset(seed=3)
    moves = 0
    for player in env.agent_iter(max_iter=10_000):
        obs, _, terminated, truncated, _ = env.last()
        if terminated or truncated:
            env.step(None)
            continue
        env.step(agents[player].act(obs))
        moves += 1
    env.close()
    lines = read_lines(tmp_path / "seed3.jsonl")
    assert len(lines) == moves + 1
    assert {line["player"] for line in lines[1:]} == set(env.possible_agents)
    assert all(line["action"]["valid"] for line in lines[1:])
    with Image.open(tmp_path / "seed3.gif") as gif:
        assert gif.n_frames == moves + 1


def test_json_safe_gives_strict_json_for_odd_values() -> None:
    import datetime
    import json

    import numpy as np

    from omniarena.wrappers.recorder import json_safe

    odd = {
        "when": np.datetime64("2026-01-02"),
        "bytes": np.bytes_(b"ab"),
        "complex": np.complex64(1 + 2j),
        "dates": np.array([datetime.date(2026, 1, 2)], dtype=object),
        "nan": float("nan"),
        "inf": np.float32("inf"),
        "surrogate": "abc\ud800",
    }
    safe = json_safe(odd)
    line = json.dumps(safe, ensure_ascii=False, allow_nan=False)  # raises on NaN or non-JSON types
    line.encode("utf-8")  # raises on a lone surrogate
    assert safe["nan"] == "nan" and safe["inf"] == "inf"
    assert "\\ud800" in safe["surrogate"]


def test_recorder_survives_a_reply_with_a_lone_surrogate(tmp_path) -> None:
    import json

    import omniarena
    from omniarena.wrappers import Recorder

    env = Recorder(omniarena.make("omniarena/NumberLine-v0"), tmp_path, save_frames=False, video=None)
    env.reset(seed=0)
    env.step("move \ud800 <answer>+</answer>")
    env.close()
    lines = [json.loads(line) for line in next(tmp_path.glob("*.jsonl")).read_text(encoding="utf-8").splitlines()]
    assert lines[-1]["parsed"] == "+"
