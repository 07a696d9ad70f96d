"""Blackjack: hand values with aces, dealer play, scoring, basic-strategy table, text, image, expert."""

from __future__ import annotations

import numpy as np
import pytest
from support import mean_return

from omniarena.arenas.games.blackjack import rules
from omniarena.arenas.games.blackjack.actions import ACTIONS, HIT, STAND
from omniarena.arenas.games.blackjack.bots import HARD, SOFT, basic_strategy
from omniarena.arenas.games.blackjack.env import BlackjackEnv
from omniarena.arenas.games.cardkit.deck import Card


def cards(*ranks: int) -> tuple[Card, ...]:
    return tuple(Card(rank, i % 4) for i, rank in enumerate(ranks))


@pytest.mark.parametrize(
    "ranks, total, soft",
    [
        ((1, 13), 21, True),
        ((1, 1), 12, True),
        ((1, 1, 13), 12, False),
        ((1, 5, 10), 16, False),
        ((1, 6), 17, True),
        ((10, 6, 5), 21, False),
        ((12, 11, 2), 22, False),
        ((1, 1, 1, 1, 7), 21, True),
    ],
)
def test_hand_value_with_aces(ranks, total, soft):
    assert rules.hand_value(cards(*ranks)) == (total, soft)


def test_natural():
    assert rules.is_natural(cards(1, 12)) and not rules.is_natural(cards(1, 5, 5)) and not rules.is_natural(cards(9, 2))


def test_stand_dealer_draws_to_17_and_scores():
    for seed in range(200):
        rng = np.random.default_rng(seed)
        state = rules.deal(rng)
        done, reward = rules.stand(state, rng)
        player, dealer = rules.hand_value(done.player)[0], rules.hand_value(done.dealer)[0]
        assert done.done and dealer >= 17 and done.dealer[:2] == state.dealer
        assert rules.hand_value(done.dealer[:-1])[0] < 17 or len(done.dealer) == 2
        expected = 1.0 if dealer > 21 or player > dealer else (0.0 if player == dealer else -1.0)
        assert reward == expected and done.outcome == {1.0: "win", 0.0: "draw", -1.0: "loss"}[expected]


def test_hit_until_bust_loses():
    rng = np.random.default_rng(0)
    state = rules.State(player=cards(10, 9), dealer=cards(5, 6))
    while not state.done:
        state, reward = rules.hit(state, rng)
    assert state.outcome == "bust" and reward == -1.0 and rules.hand_value(state.player)[0] > 21


def test_natural_bonus():
    state = rules.State(player=cards(1, 13), dealer=cards(10, 7))
    assert rules.stand(state, np.random.default_rng(0), natural_bonus=True)[1] == 1.5
    assert rules.stand(state, np.random.default_rng(0))[1] == 1.0


@pytest.mark.parametrize(
    "total, soft, dealer, action",
    [
        (16, False, 10, HIT),
        (16, False, 6, STAND),
        (12, False, 4, STAND),
        (12, False, 2, HIT),
        (13, False, 1, HIT),
        (11, False, 6, HIT),
        (17, False, 1, STAND),
        (17, True, 6, HIT),
        (18, True, 9, HIT),
        (18, True, 8, STAND),
        (19, True, 10, STAND),
    ],
)
def test_basic_strategy(total, soft, dealer, action):
    assert basic_strategy(total, soft, dealer) == action


def test_strategy_tables_are_complete():
    assert all(len(row) == 10 and set(row) <= {"H", "S"} for row in (*HARD.values(), *SOFT.values()))


@pytest.mark.parametrize(
    "reply, action",
    [('{"thoughts": "I have 20", "action": "stand"}', STAND), ("Action: hit", HIT), ("<answer>stick</answer>", STAND),
     ("<answer>Stay</answer>", STAND), ('{"action": "draw"}', HIT)],
)  # fmt: skip
def test_text_actions(reply, action):
    result = ACTIONS.parse(reply)
    assert result.ok and result.action == action


def test_image_hides_then_reveals_the_hole_card():
    env = BlackjackEnv()
    obs, _ = env.reset(seed=5)
    assert "face down" in obs["text"] and rules.hand_value(env.state.player)[0] > 0
    hidden = obs["image"].copy()
    obs, reward, terminated, _, info = env.step(STAND)
    assert terminated and info["outcome"] in ("win", "loss", "draw")
    assert np.any(hidden[28:126, 80:150] != obs["image"][28:126, 80:150])  # the back became a face
    assert "Dealer's cards" in obs["text"] and obs["action_mask"].sum() == 0


def test_same_seed_same_game():
    def rollout(seed):
        env = BlackjackEnv()
        obs, _ = env.reset(seed=seed)
        texts = [obs["text"]]
        for action in (HIT, HIT, STAND):
            obs, _, terminated, _, _ = env.step(action)
            texts.append(obs["text"])
            if terminated:
                break
        return texts

    assert rollout(9) == rollout(9) and rollout(9) != rollout(10)


def test_expert_beats_random():
    arena_id = "omniarena/Blackjack-v0"
    means = {kind: mean_return(arena_id, kind, range(400)) for kind in ("scripted", "random")}
    assert means["scripted"] > means["random"] + 0.15
