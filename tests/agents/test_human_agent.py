"""HumanAgent: typed moves go through the arena's parser; typos are invalid replies; EOF quits."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import omniarena
from omniarena.agents import make_agent
from omniarena.agents.human import HumanAgent, PlayerQuit
from omniarena.cli import main
from omniarena.tasks.episode import play_single


def typed(lines: list[str]):
    queue = list(lines)

    def read_line(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read_line


def test_typed_moves_win_and_typos_are_invalid(tmp_path) -> None:
    env = omniarena.make("omniarena/NumberLine-v0")
    out = io.StringIO()
    obs, _ = env.reset(seed=3)  # seed 3 puts the target at 4
    assert "Target: 4" in obs["text"]
    start = int(obs["text"].split("Current: ")[1].split()[0])
    agent = HumanAgent(env, read_line=typed(["lefft"] + ["plus"] * (4 - start)), output=out, image_dir=tmp_path)
    tally = play_single(env, agent, seed=3)
    assert tally.total == 1.0 and tally.steps == 1 + (4 - start)
    assert tally.format_ok == tally.steps - 1  # the typo, and only it, was not an action
    shown = out.getvalue()
    assert "Target: 4" in shown and "Actions:" in shown  # the observation and describe() were shown
    image = np.asarray(Image.open(tmp_path / "current.png"))
    assert image.shape == obs["image"].shape


def test_end_of_input_quits() -> None:
    env = omniarena.make("omniarena/NumberLine-v0")
    agent = make_agent("human", env, arena_id="omniarena/NumberLine-v0")
    agent.read_line = typed([])
    agent.output = io.StringIO()
    env.reset(seed=0)
    with pytest.raises(PlayerQuit):
        agent.act(env.reset(seed=0)[0])


def test_native_mode_is_refused() -> None:
    env = omniarena.make("omniarena/NumberLine-v0", action_mode="native")
    with pytest.raises(ValueError, match="action_mode='text'"):
        HumanAgent(env)


def test_cli_play_reads_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("column 4\n" * 30))
    code = main(["play", "--arena", "omniarena/ConnectFour-v0", "--seed", "0"])
    out = capsys.readouterr().out
    assert code == 0
    assert "You are" in out and "column 4" in out and "return" in out
