"""AECStepLimit ends a two-player game whose players never make a valid move."""

from __future__ import annotations

import pytest

import omniarena
from omniarena.core.limits import AECStepLimit


def play_garbage(env, seed: int = 0) -> tuple[int, dict]:
    env.reset(seed=seed)
    moves = 0
    last = {}
    for agent in env.agent_iter(max_iter=10_000):
        obs, reward, terminated, truncated, info = env.last()
        last[agent] = (terminated, truncated)
        if terminated or truncated:
            env.step(None)
        else:
            env.step("I refuse to answer")
            moves += 1
    return moves, last


def test_invalid_forever_is_truncated_at_max_steps() -> None:
    env = omniarena.make_multi("omniarena/ConnectFour-v0", max_steps=7, invalid="noop")  # no forfeit
    moves, last = play_garbage(env)
    assert moves == 7
    assert all(truncated and not terminated for terminated, truncated in last.values())
    assert env.agents == []


def test_registry_default_limit_applies_and_resets() -> None:
    env = omniarena.make_multi("omniarena/ConnectFour-v0", invalid="noop")  # garbage never forfeits
    limit = omniarena.spec("omniarena/ConnectFour-v0").max_steps
    assert isinstance(env, AECStepLimit) and env.max_steps == limit
    assert play_garbage(env, seed=0)[0] == limit
    assert play_garbage(env, seed=1)[0] == limit  # the count starts again on reset


def test_finished_games_are_not_truncated() -> None:
    env = omniarena.make_multi("omniarena/ConnectFour-v0", action_mode="native", max_steps=100)
    env.reset(seed=0)
    results = {}
    for agent in env.agent_iter():
        obs, reward, terminated, truncated, info = env.last()
        if terminated or truncated:
            results[agent] = (reward, terminated, truncated)
            env.step(None)
        else:
            env.step(0 if agent == "player_0" else 1)  # player_0 stacks column 1 and wins
    assert results["player_0"] == (1, True, False)
    assert results["player_1"] == (-1, True, False)


def test_bad_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="max_steps"):
        AECStepLimit(omniarena.make_multi("omniarena/ConnectFour-v0"), 0)


def test_truncated_player_has_no_legal_moves_and_no_turn_text() -> None:
    env = omniarena.make_multi("omniarena/ConnectFour-v0", action_mode="native", max_steps=3)
    env.reset(seed=0)
    for column in (0, 1, 0):
        env.step(column)
    obs, _, terminated, truncated, _ = env.last()
    assert truncated and not terminated
    assert not obs["action_mask"].any()
    assert "It is your turn" not in obs["text"]


def test_the_step_limit_follows_an_arena_argument_that_sets_the_length() -> None:
    # Rock-Paper-Scissors registers three steps a round: more rounds raise the safety net with them.
    info = omniarena.spec("omniarena/RockPaperScissors-v0")
    assert info.step_limit() == info.max_steps == 3 * info.kwargs["rounds"]
    env = omniarena.make_multi("omniarena/RockPaperScissors-v0", rounds=50, invalid="noop")
    assert env.max_steps == 150
    env.reset(seed=0)
    played = 0
    while env.agents:
        env.step({agent: "rock" for agent in env.agents})
        played += 1
    assert played == 50  # the whole match, not cut at the registered 27
    assert omniarena.make_multi("omniarena/RockPaperScissors-v0", rounds=50, max_steps=10).max_steps == 10
