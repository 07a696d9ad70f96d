"""PPO, checkpoints and PolicyAgent: tiny CPU budgets, assertions on behaviour (never on time)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import omniarena
from omniarena.agents import AgentSpecError, make_agent
from omniarena.agents.pixel import network
from omniarena.agents.pixel.agent import PolicyAgent
from omniarena.agents.pixel.ppo import PPOConfig, train
from omniarena.league.match import AgentEntry, Match, play_match
from omniarena.wrappers.pixels import FrameStack, Preprocess

RPS = "omniarena/RockPaperScissors-v0"
TINY = dict(envs=2, rollout=32, minibatches=2, epochs=2, size=(36, 36), stack=2, width=32, eval_episodes=1)


def tiny(arena: str, tmp_path: Path, **kwargs) -> PPOConfig:
    return PPOConfig(arena=arena, out=str(tmp_path / "run"), progress=False, **{**TINY, **kwargs})


def test_a_tiny_training_run_changes_the_policy_and_writes_its_outputs(tmp_path: Path) -> None:
    config = tiny("omniarena/NumberLine-v0", tmp_path, steps=128, eval_every=64)
    model = network.ActorCritic(config.preprocess.shape, [2], config.width)
    env = omniarena.make("omniarena/NumberLine-v0", action_mode="native")
    assert network.action_dims(env.action_space) == [2]
    before = copy.deepcopy(model.state_dict())
    result = train(config, model=model)
    assert result.steps == 128
    changed = [name for name, value in model.state_dict().items() if not torch.equal(value, before[name])]
    assert "actor.weight" in changed and any(name.startswith("encoder.") for name in changed)
    out = Path(config.out)
    rows = [json.loads(line) for line in (out / "history.jsonl").read_text().splitlines()]
    assert [row["steps"] for row in rows] == [64, 128] and rows == result.history
    assert all(np.isfinite(row["eval_return"]) for row in rows)
    assert (out / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "checkpoints" / "step64.pt").is_file() and result.checkpoint == out / "policy.pt"
    _, _, meta = network.load(out / "policy.pt")
    assert meta["arena"] == "omniarena/NumberLine-v0" and meta["steps"] == 128


def test_a_checkpoint_round_trip_gives_identical_actions(tmp_path: Path) -> None:
    preprocess = Preprocess((36, 36), True, 2)
    torch.manual_seed(3)
    model = network.ActorCritic(preprocess.shape, [52], 32)
    path = network.save(tmp_path / "p.pt", model, preprocess, {"arena": "omniarena/FightLadder-v0"})
    env = omniarena.make("omniarena/FightLadder-v0", action_mode="native")
    agents = [PolicyAgent(env, seed=7, path=str(path), deterministic=d) for d in (True, True, False, False)]
    stack = FrameStack(preprocess)
    obs, _ = env.reset(seed=0)
    chosen: list[list[int]] = [[] for _ in agents]
    direct = []
    for step in range(12):
        frames = stack.push(obs["image"])
        with torch.no_grad():
            direct.append(int(model.actor(model.features(torch.as_tensor(frames[None])))[0].argmax()))
        for picks, agent in zip(chosen, agents):
            picks.append(int(agent.act(obs)))
        obs, *_ = env.step(chosen[0][-1])
    assert chosen[0] == chosen[1] == direct  # the loaded greedy policy is the saved model's
    assert chosen[2] == chosen[3]  # sampling is seeded
    assert len(set(chosen[2])) > 1  # an untrained policy samples many moves
    env.close()


def test_policy_specs_are_checked_before_anything_runs(tmp_path: Path) -> None:
    env = omniarena.make("omniarena/NumberLine-v0", action_mode="native")
    with pytest.raises(AgentSpecError, match="no checkpoint file"):
        make_agent(f"policy:{tmp_path / 'missing.pt'}", env)
    with pytest.raises(AgentSpecError, match="policy:<checkpoint>"):
        make_agent("policy:", env)
    preprocess = Preprocess((36, 36), True, 1)
    path = network.save(tmp_path / "fight.pt", network.ActorCritic(preprocess.shape, [52], 16), preprocess, {})
    with pytest.raises(AgentSpecError, match="trained on"):
        make_agent(f"policy:{path}", env)  # 52 fighting moves, NumberLine has 2
    agent = make_agent(f"policy:{path}", omniarena.make("omniarena/FightLadder-v0"))  # text mode: formats its move
    obs, _ = agent.env.reset(seed=0)
    assert agent.env.unwrapped.action_set.parse(agent.act(obs)).ok


def test_a_saved_policy_plays_a_league_match(tmp_path: Path) -> None:
    preprocess = Preprocess((36, 36), True, 2)
    path = network.save(tmp_path / "rps.pt", network.ActorCritic(preprocess.shape, [3], 16), preprocess, {})
    agents = {"pixel": AgentEntry("pixel", f"policy:{path}"), "random": AgentEntry("random", "random")}
    result = play_match(Match(RPS, {}, ("pixel", "random"), seed=5), agents)
    assert result["error"] is None and result["forfeits"] == [False, False]
    assert result["steps"][0] > 0 and result["invalid"][0] == 0
    assert sorted(result["ranks"]) in ([0, 1], [0, 0])
