"""Blackjack: hand values with aces, dealer play, scoring, basic-strategy table, text, image, expert."""

from __future__ import annotations

import numpy as np
import pytest
from support import mean_return

from omniarena.arenas.games.blackjack import rules
from omniarena.arenas.games.blackjack.actions import ACTIONS, HIT, STAND
from omniarena.arenas.games.blackjack.bots import HARD, SOFT, basic_strategy
from omniarena.arenas.games.blackjack.env import BlackjackEnv
from omniarena.arenas.games.blackjack.render import render
from omniarena.arenas.games.cardkit.deck import Card
from omniarena.arenas.games.cardkit.sprites import TABLE


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


DEALER_LABEL = np.s_[4:26, 60:200]  # right of the word "Dealer", where its total is printed
PLAYER_LABEL = np.s_[134:158, 60:200]


def ink(region: np.ndarray) -> int:
    """How many pixels of ``region`` are not the felt."""
    return int((region != TABLE).any(axis=-1).sum())


def test_image_shows_the_totals():
    seventeen = render(rules.State(player=cards(10, 7), dealer=cards(9, 8)))
    soft = render(rules.State(player=cards(1, 6), dealer=cards(9, 8)))
    twelve = render(rules.State(player=cards(10, 2), dealer=cards(9, 8)))
    assert ink(seventeen[PLAYER_LABEL]) > 30  # a total is printed after "Player"
    assert not np.array_equal(seventeen[PLAYER_LABEL], twelve[PLAYER_LABEL])
    assert not np.array_equal(seventeen[PLAYER_LABEL], soft[PLAYER_LABEL])  # "17" vs "17 (soft)"
    assert np.array_equal(seventeen[DEALER_LABEL], twelve[DEALER_LABEL])  # same up card, same "9 + ?"
    # The hole card hides the dealer's total: 9 + 8 and 9 + 2 read the same until it is revealed.
    hidden_17 = render(rules.State(player=cards(10, 7), dealer=cards(9, 8)))
    hidden_11 = render(rules.State(player=cards(10, 7), dealer=cards(9, 2)))
    assert np.array_equal(hidden_17[DEALER_LABEL], hidden_11[DEALER_LABEL])
    shown_17 = render(rules.State(player=cards(10, 7), dealer=cards(9, 8), done=True, outcome="draw"))
    shown_19 = render(rules.State(player=cards(10, 7), dealer=cards(9, 10), done=True, outcome="loss"))
    assert ink(shown_17[DEALER_LABEL]) > 30
    assert not np.array_equal(shown_17[DEALER_LABEL], hidden_17[DEALER_LABEL])
    assert not np.array_equal(shown_17[DEALER_LABEL], shown_19[DEALER_LABEL])


def test_render_is_a_pure_function_of_the_state():
    state = rules.State(player=cards(1, 6, 3), dealer=cards(10, 7), done=True, outcome="loss")
    first = render(state)
    first[:] = 0  # a caller writing into a frame must not change the next one
    again = render(rules.State(player=cards(1, 6, 3), dealer=cards(10, 7), done=True, outcome="loss"))
    assert np.array_equal(again, render(state)) and again.any()
    env = BlackjackEnv(render_mode="rgb_array")
    env.reset(seed=3)
    assert np.array_equal(env.render(), render(env.state))


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
