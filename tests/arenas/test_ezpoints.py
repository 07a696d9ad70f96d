"""EZPoints: seeded solvable deals, +10 / -1 scoring, masking of illegal tokens, text replies, expert."""

from __future__ import annotations

import numpy as np
import pytest
from support import mean_return

import omniarena
from omniarena.arenas.games.cardkit.solver import solvable
from omniarena.arenas.games.ezpoints.env import EZPointsEnv

IDS = ["omniarena/EZPoints-v0", "omniarena/EZPoints-Hard-v0"]


def token_action(env, token) -> int:
    return env.unwrapped.rules.index(token)


def test_registered_variants():
    infos = {info.id: info for info in omniarena.list_arenas()}
    for arena_id in IDS:
        assert infos[arena_id].expert and infos[arena_id].max_steps
    assert omniarena.make("omniarena/EZPoints-Hard-v0").unwrapped.rules.n_cards == 3


def test_deals_are_seeded_and_solvable():
    env = EZPointsEnv()
    hands = []
    for seed in range(60):
        env.reset(seed=seed)
        hands.append(env.state.cards)
        assert solvable(tuple(sorted(env.state.values)), 12, ("+", "*"), False)
    env.reset(seed=7)
    first = env.state.cards
    env.reset(seed=7)
    assert env.state.cards == first
    assert len(set(hands)) > 30


@pytest.mark.parametrize("seed", range(12))
def test_exactly_one_of_sum_and_product_scores(seed):
    rewards = []
    for op in ("+", "*"):
        env = EZPointsEnv()
        env.reset(seed=seed)
        a, b = env.state.values
        reward = 0.0
        for token in (a, op, b, "="):
            _, reward, terminated, _, info = env.step(env.rules.index(token))
            assert not info["illegal"]
        assert terminated and info["success"] is (reward == 10.0)
        rewards.append(reward)
    assert sorted(rewards) == [-1.0, 10.0]  # a + b = a * b = 12 has no solution


def test_illegal_native_actions_are_masked_and_cost_one():
    env = EZPointsEnv()
    obs, _ = env.reset(seed=3)
    a, b = env.state.values
    missing = next(n for n in range(1, 11) if n not in (a, b))
    for token in (missing, "=", "+"):
        index = env.rules.index(token)
        assert obs["action_mask"][index] == 0
        obs, reward, terminated, _, info = env.step(index)
        assert info["illegal"] and reward == -1.0 and not terminated and env.state.formula == ()
    obs, *_ = env.step(env.rules.index(a))
    assert obs["action_mask"][env.rules.index(b)] == 0  # two numbers in a row


def test_text_mode_rl4vlm_json_and_invalid_reply():
    env = omniarena.make("omniarena/EZPoints-v0")
    obs, _ = env.reset(seed=1)
    assert "evaluates to 12" in obs["text"] and "Legal actions now" in obs["text"]
    obs, reward, terminated, _, info = env.step('{"thoughts": "not done", "action": "="}')
    assert not info["action"]["valid"] and not terminated and "invalid" in obs["text"]
    a, b = env.unwrapped.state.values
    op = "times" if a * b == 12 else "plus"
    for reply in (f'{{"action": "{a}"}}', f"<answer>{op}</answer>", f"Action: {b}", '{"action": "equals"}'):
        obs, reward, terminated, _, info = env.step(reply)
        assert info["action"]["valid"], info["action"]
    assert terminated and reward == 10.0 and "Success" in obs["text"]


def test_image_shows_used_cards_and_formula():
    env = EZPointsEnv()
    obs, _ = env.reset(seed=2)
    first = obs["image"]
    obs, *_ = env.step(env.rules.index(env.state.values[0]))
    changed = np.any(first != obs["image"], axis=2)
    assert changed[40:180].any() and changed[200:].any()  # a card dimmed and a token written


@pytest.mark.parametrize("arena_id", IDS)
def test_expert_solves_and_beats_random(arena_id):
    results = {kind: mean_return(arena_id, kind, range(40)) for kind in ("scripted", "random")}
    assert results["scripted"] == 10.0 and results["random"] < results["scripted"]
