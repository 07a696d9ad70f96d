"""Self-play against the league's PFSP pool, best-response exploitability, and the CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from omniarena.agents.pixel import network
from omniarena.agents.pixel.ppo import PPOConfig
from omniarena.agents.pixel.selfplay import LEARNER, exploit, selfplay
from omniarena.cli import main
from omniarena.league.match import AgentEntry

RPS = "omniarena/RockPaperScissors-v0"
ROCK = "omniarena.arenas.games.rps.bots:BiasedAgent"
TINY = dict(envs=2, rollout=32, minibatches=2, epochs=2, size=(36, 36), stack=1, width=32, eval_episodes=2)


def test_snapshots_join_the_pool_past_the_threshold_and_are_drawn(tmp_path: Path) -> None:
    config = PPOConfig(arena=RPS, steps=256, out=str(tmp_path / "sp"), progress=False, **TINY)
    # a threshold any game reaches (a draw scores 0.5): every min_games games a snapshot joins
    result, league = selfplay(config, [AgentEntry("random", "random")], threshold=0.01, min_games=2, window=4)
    assert league.snapshots, "no snapshot joined the pool"
    assert [e.name for e in league.snapshots] == [f"snapshot{i}" for i in range(len(league.snapshots))]
    for entry in league.snapshots:
        assert entry.spec.startswith("policy:") and network.load(entry.spec.partition(":")[2])[0].dims == [3]
    played = {name for (learner, name), cell in league._table.items() if learner == LEARNER and cell[1] > 0}
    assert "random" in played and played & {e.name for e in league.snapshots}, "no snapshot was ever drawn"
    summary = json.loads((tmp_path / "sp" / "pool.json").read_text())
    assert [p["name"] for p in summary["pool"]] == list(league.pool) and result.steps == 256


def test_a_threshold_no_learner_reaches_adds_no_snapshot(tmp_path: Path) -> None:
    config = PPOConfig(arena=RPS, steps=128, out=str(tmp_path / "sp"), progress=False, **TINY)
    _, league = selfplay(config, [AgentEntry("paper", ROCK, {"p": [0.0, 1.0, 0.0]})], threshold=1.0, min_games=50)
    assert league.snapshots == [] and list(league.pool) == ["paper"]


@pytest.mark.slow
@pytest.mark.timeout(1200)  # ~20 CPU-seconds; far longer on the wall clock of a loaded shared machine
def test_the_best_response_to_always_rock_wins(tmp_path: Path) -> None:
    config = PPOConfig(arena=RPS, steps=3072, out=str(tmp_path / "bx"), progress=False, lr=1e-3, **TINY)
    report = exploit(config, ROCK, {"p": [1.0, 0.0, 0.0]}, episodes=10)
    assert report["best_response_win_rate"] >= 0.9, report  # paper every round beats it
    assert json.loads((tmp_path / "bx" / "exploit.json").read_text()) == report


def test_single_player_arenas_are_refused_for_self_play(tmp_path: Path) -> None:
    config = PPOConfig(arena="omniarena/NumberLine-v0", steps=64, out=str(tmp_path), progress=False, **TINY)
    with pytest.raises(ValueError, match="two-player"):
        exploit(config, "random")


def test_the_cli_trains_evaluates_and_exploits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    small = ["--envs", "2", "--rollout", "32", "--size", "36", "--stack", "1", "--eval-episodes", "1", "--no-progress"]
    assert main(["train", "--arena", "omniarena/NumberLine-v0", "--steps", "6.4e1", "--out", str(out), *small]) == 0
    assert "policy:" in capsys.readouterr().out and (out / "curve.png").is_file()
    spec = f"policy:{out / 'policy.pt'}"
    assert (
        main(["eval", "--arena", "omniarena/NumberLine-v0", "--agent", spec, "--episodes", "2", "--no-progress"]) == 0
    )
    assert "policy" in capsys.readouterr().out
    ex = tmp_path / "ex"
    code = main(
        ["exploit", "--agent", "random", "--arena", RPS, "--steps", "64", "--episodes", "2", "--out", str(ex), *small]
    )
    assert code == 0 and "win rate" in capsys.readouterr().out
    assert main(["train", "--arena", "omniarena/ConnectFour-v0", "--steps", "64", *small]) == 2
    assert "turn-based" in capsys.readouterr().err
    assert main(["train", "--arena", "omniarena/NumberLine-v0", "--steps", "2.5", *small]) == 2
