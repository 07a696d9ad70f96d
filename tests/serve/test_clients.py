"""Clients of a served arena: `omniarena eval --arena URL` and the TRL example's rollout function."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import served

from omniarena.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_eval_accepts_a_url(capsys):
    with served("omniarena/ConnectFour-v0", vs="random") as app:
        assert main(["eval", "--arena", app.url, "--agent", "scripted", "--episodes", "2", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "mean return" in out and "player_0" in out and "player_1" in out


def _example():
    spec = importlib.util.spec_from_file_location("trl_grpo", ROOT / "examples" / "trl_grpo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["trl_grpo"] = module
    spec.loader.exec_module(module)
    return module


def test_trl_rollout_func_against_a_served_arena():
    """The example's rollout_func, with a scripted stand-in for the model's generate (no model download).

    TRL itself is not installed here (its torch pin would differ): the function is called the way GRPOTrainer
    calls a rollout_func, with the prompts and the trainer, and its output is checked for GRPO's fields.
    """
    example = _example()
    replies = iter(["<answer>up</answer>", "left", "nonsense", "<answer>down</answer>"] * 50)

    class Trainer:  # what rollout_func uses of GRPOTrainer: generating completions for prompts
        def generate(self, prompts):
            return [next(replies) for _ in prompts]

    with served("omniarena/2048-v0", observe="text") as app:
        rollout = example.make_rollout_func(app.url, max_turns=4)
        out = rollout(["play", "play", "play"], Trainer())
    assert set(out) >= {"prompt_ids", "completion_ids", "logprobs", "env_reward"}
    assert len(out["env_reward"]) == 3
    assert all(isinstance(r, float) for r in out["env_reward"])
    assert all(len(c) > 0 for c in out["completion_ids"])
    assert out["invalid"] == [1, 1, 1]  # "nonsense" is the third turn of every episode
    with pytest.raises(Exception):
        example.make_rollout_func("http://127.0.0.1:1", max_turns=1)(["play"], Trainer())
