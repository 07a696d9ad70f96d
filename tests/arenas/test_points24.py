"""Points24: variants, solvable deals, exact scoring with fractions, masking keeps the formula possible, expert."""

from __future__ import annotations

import numpy as np
import pytest
from support import mean_return

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.games.cardkit.formula import evaluate
from omniarena.arenas.games.cardkit.solver import solvable
from omniarena.arenas.games.points24.env import Points24Env

IDS = [
    "omniarena/Points24-v0",
    "omniarena/Points24-Hard-v0",
    "omniarena/Points24-Any-v0",
    "omniarena/Points24-Target10-v0",
]


def test_variants():
    assert omniarena.make("omniarena/Points24-v0", action_mode="native").action_space.n == 17
    hard = omniarena.make("omniarena/Points24-Hard-v0").unwrapped
    assert hard.action_space.n == 20 and hard.rules.values[-3:] == (11, 12, 13)
    assert omniarena.make("omniarena/Points24-Target10-v0").unwrapped.rules.target == 10
    with pytest.raises(ValueError):
        Points24Env(faces="royal")


@pytest.mark.parametrize("faces, target", [("ten", 24), ("rank", 24), ("ten", 10)])
def test_solvable_only_deals(faces, target):
    env = Points24Env(target=target, faces=faces)
    for seed in range(40):
        env.reset(seed=seed)
        assert solvable(tuple(sorted(env.state.values)), target)
        assert all(v <= (10 if faces == "ten" else 13) for v in env.state.values)


def test_any_deal_variant_includes_unsolvable_hands():
    env = Points24Env(solvable_only=False)
    unsolvable = 0
    for seed in range(80):
        env.reset(seed=seed)
        unsolvable += not solvable(tuple(sorted(env.state.values)), 24)
    assert 0 < unsolvable < 60


def test_same_seed_same_episode_in_both_modes():
    a, b = Points24Env(), Points24Env()
    oa, _ = a.reset(seed=11)
    ob, _ = b.reset(seed=11)
    assert oa["text"] == ob["text"] and np.array_equal(oa["image"], ob["image"])


def test_random_legal_play_ends_with_a_checked_formula():
    env = Points24Env()
    rng = np.random.default_rng(1)
    for seed in range(100):
        obs, _ = env.reset(seed=seed)
        for _ in range(14):
            obs, reward, terminated, _, info = env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
            assert not info["illegal"]
            if terminated:
                break
        assert terminated
        value = evaluate(env.state.formula[:-1])
        assert (reward == 10.0) == (value == 24)
        assert sorted(t for t in env.state.formula if isinstance(t, int)) == sorted(env.state.values)


def test_text_has_state_and_parentheses_parse():
    env = omniarena.make("omniarena/Points24-v0")
    obs, _ = env.reset(seed=4)
    text = obs["text"]
    assert "evaluates to 24" in text and "Cards:" in text and "Remaining numbers" in text and "'('" in text
    obs, _, _, _, info = env.step('{"thoughts": "group first", "action": "("}')
    assert info["action"]["valid"] and "Current formula: (" in obs["text"]
    obs, _, _, _, info = env.step("<answer>)</answer>")
    assert not info["action"]["valid"]  # ")" right after "(" is masked


@pytest.mark.parametrize("arena_id", ["omniarena/Points24-v0", "omniarena/Points24-Hard-v0"])
def test_expert_always_solves_solvable_deals(arena_id):
    env = omniarena.make(arena_id)
    expert = make_agent("scripted", env, arena_id=arena_id)
    for seed in range(25):
        obs, _ = env.reset(seed=seed)
        done, total = False, 0.0
        while not done:
            obs, reward, terminated, truncated, info = env.step(expert.act(obs))
            total += reward
            done = terminated or truncated
        assert total == 10.0 and info["success"], obs["text"]


def test_expert_beats_random_on_any_deals():
    arena_id = "omniarena/Points24-Any-v0"
    means = {kind: mean_return(arena_id, kind, range(30)) for kind in ("scripted", "random")}
    assert means["scripted"] > means["random"] + 100 / 30
