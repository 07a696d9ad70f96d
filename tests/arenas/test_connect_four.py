"""Connect Four: win detection, the search, the AEC API, text mode, forfeits, determinism, expert strength."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from pettingzoo.test import api_test

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.games.connect_four import rules, search
from omniarena.arenas.games.connect_four.actions import ACTIONS
from omniarena.arenas.games.connect_four.env import ConnectFourEnv

ARENA = "omniarena/ConnectFour-v0"


def board_with(cells: list[tuple[int, int]], piece: int = 1) -> np.ndarray:
    board = rules.new_board()
    for row, col in cells:
        board[row, col] = piece
    return board


@pytest.mark.parametrize(
    "cells",
    [
        [(5, 0), (5, 1), (5, 2), (5, 3)],  # row
        [(0, 3), (0, 4), (0, 5), (0, 6)],  # row at the top right
        [(2, 6), (3, 6), (4, 6), (5, 6)],  # column
        [(5, 0), (4, 1), (3, 2), (2, 3)],  # rising diagonal
        [(2, 3), (3, 4), (4, 5), (5, 6)],  # falling diagonal
        [(0, 6), (1, 5), (2, 4), (3, 3)],  # anti-diagonal at the top right
    ],
)
def test_four_in_a_row_is_a_win(cells):
    board = board_with(cells)
    assert rules.is_win(board, 1) and not rules.is_win(board, 2)
    assert rules.winning_cells(board, 1) == sorted(cells)
    own, _, _ = search.from_board(board, 1)
    assert search.has_four(own)


@pytest.mark.parametrize(
    "cells",
    [
        [(5, 0), (5, 1), (5, 2)],  # three only
        [(5, 4), (5, 5), (5, 6), (4, 0)],  # would wrap from one row to the next
        [(3, 0), (4, 0), (5, 0), (0, 1)],  # would wrap from one column to the next
        [(5, 0), (4, 1), (3, 2), (1, 4)],  # a gap in the diagonal
    ],
)
def test_near_misses_are_not_wins(cells):
    board = board_with(cells)
    assert not rules.is_win(board, 1) and rules.winning_cells(board, 1) == []
    assert not search.has_four(search.from_board(board, 1)[0])


def test_bitboard_and_numpy_win_checks_agree_on_random_games():
    rng = np.random.default_rng(0)
    for _ in range(200):
        state = rules.initial_state()
        while not state.done:
            mover = state.to_move
            state = rules.play(state, int(rng.choice(np.flatnonzero(rules.legal_columns(state.board)))))
            own, _, _ = search.from_board(state.board, mover)
            assert search.has_four(own) == rules.is_win(state.board, mover)
        assert bool(state.winner) == rules.is_win(state.board, 3 - state.to_move)


def test_full_board_without_four_is_a_draw():
    # Rows alternate colours and come in pairs A A B B A A (B = A swapped): no line of four anywhere.
    pattern = [[1, 2, 1, 2, 1, 2, 1], [2, 1, 2, 1, 2, 1, 2]]
    board = np.array([pattern[(r // 2) % 2] for r in range(rules.ROWS)], dtype=np.int8)
    assert not rules.is_win(board, 1) and not rules.is_win(board, 2)
    last_piece = int(board[0, 0])
    board[0, 0] = rules.EMPTY
    state = rules.play(rules.State(board, to_move=last_piece), 0)
    assert state.done and state.winner == 0


def test_dropping_stacks_from_the_bottom_and_full_columns_are_illegal():
    board = rules.new_board()
    for expected_row in range(rules.ROWS - 1, -1, -1):
        board, row = rules.drop(board, 2, 1)
        assert row == expected_row
    assert rules.legal_columns(board).tolist() == [1, 1, 0, 1, 1, 1, 1]
    with pytest.raises(ValueError):
        rules.drop(board, 2, 2)


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_search_takes_an_immediate_win(depth):
    board = board_with([(5, 1), (5, 2), (5, 3)], 1)
    board[4, 1:4] = 2
    columns, value = search.best_moves(board, 1, depth, all_ties=True)
    assert columns == [0, 4] or columns == [4, 0] or set(columns) == {0, 4}
    assert value >= search.WIN


@pytest.mark.parametrize("depth", [2, 4])
def test_search_blocks_an_immediate_loss(depth):
    board = board_with([(5, 0), (4, 0), (3, 0)], 2)  # three stacked in column 1
    board[5, 3] = board[5, 4] = 1
    columns, _ = search.best_moves(board, 1, depth)
    assert columns == [0]


def test_expert_prefers_the_centre_and_randomizes_ties_reproducibly():
    env = omniarena.make_multi(ARENA, action_mode="native")
    env.reset(seed=0)
    expert = make_agent("scripted", env, arena_id=ARENA, player="player_0", seed=0)
    assert expert.act(env.observe("player_0")) == 3
    picks = []
    for seed in (1, 1, 2):
        agent = make_agent("scripted", env, arena_id=ARENA, player="player_0", seed=seed, depth=1, randomize=True)
        picks.append([agent.act(env.observe("player_0")) for _ in range(5)])
    assert picks[0] == picks[1]


def test_pettingzoo_api_native():
    api_test(omniarena.make_multi(ARENA, action_mode="native"), num_cycles=1000)


def test_observation_is_from_each_players_side():
    env = ConnectFourEnv()
    env.reset(seed=0)
    env.step(3)
    red, yellow = env.observe("player_0"), env.observe("player_1")
    assert "You are Red (X)" in red["text"] and "You are Yellow (X)" in yellow["text"]
    assert red["text"].splitlines()[-3] == ". . . X . . ."  # the bottom row, from Red's side
    assert yellow["text"].splitlines()[-3] == ". . . O . . ."
    assert red["action_mask"].sum() == 0 and yellow["action_mask"].sum() == 7
    assert not np.array_equal(red["image"][:40], yellow["image"][:40])  # the headers differ
    assert np.array_equal(red["image"][40:], yellow["image"][40:])  # the board is the same
    for agent in env.possible_agents:
        assert env.observation_space(agent).contains(env.observe(agent))


def test_win_rewards_and_result():
    env = ConnectFourEnv()
    env.reset(seed=0)
    for column in (0, 6, 1, 6, 2, 6, 3):
        env.step(column)
    assert all(env.terminations.values())
    assert env.rewards == {"player_0": 1.0, "player_1": -1.0}
    assert env.infos["player_0"]["result"] == "win" and env.infos["player_1"]["result"] == "loss"
    assert "Game over: you lose" in env.observe("player_1")["text"]


def test_native_illegal_move_keeps_the_turn():
    env = ConnectFourEnv()
    env.reset(seed=0)
    for _ in range(6):
        env.step(0)
    before = env.board.copy()
    agent = env.agent_selection
    env.step(0)
    assert env.agent_selection == agent and np.array_equal(env.board, before)
    assert env.infos[agent]["illegal"] and not env.infos[agent]["effective"]


@pytest.mark.parametrize(
    "text, column", [("column 4", 3), ("4", 3), ("col 1", 0), ("c7", 6), ("<answer>Column 2</answer>", 1)]
)
def test_text_aliases(text, column):
    result = ACTIONS.parse(text)
    assert result.ok and result.action == column


def test_text_mode_invalid_reply_keeps_the_turn_and_is_echoed():
    env = omniarena.make_multi(ARENA)
    env.reset(seed=0)
    env.step("column 4")
    env.step("<answer>column 9</answer>")
    assert env.agent_selection == "player_1"
    text = env.observe("player_1")["text"]
    assert "Your last reply was invalid" in text and "column 9" in text
    assert env.unwrapped.infos["player_1"]["action"]["format_ok"] is False
    env.step("c3")
    assert env.agent_selection == "player_0"
    assert "invalid" not in env.observe("player_1")["text"]
    assert env.unwrapped.board[5, 2] == 2


def test_text_mode_full_column_is_invalid():
    env = omniarena.make_multi(ARENA)
    env.reset(seed=0)
    for _ in range(6):
        env.step("1")
    env.step("1")
    assert "'column 1' is not legal now" in env.observe("player_0")["text"]


def test_text_mode_terminate_policy_forfeits():
    env = omniarena.make_multi(ARENA, invalid="terminate", forfeit_penalty=-2.0)
    env.reset(seed=0)
    env.step("column 4")
    env.step("I give up")
    raw = env.unwrapped
    assert all(raw.terminations.values())
    assert raw.rewards == {"player_0": 1.0, "player_1": -2.0}
    assert raw.infos["player_1"]["forfeit"] is True
    _, reward, terminated, _, _ = env.last()
    assert terminated and reward == -2.0
    assert "you forfeited" in env.observe("player_1")["text"]


def test_same_seed_same_actions_same_observations_and_pickle():
    def rollout(env):
        env.reset(seed=7)
        seen = []
        for column in (3, 3, 2, 4, 1, 0, 5):
            env.step(column)
            obs = env.observe(env.agent_selection)
            seen.append((obs["text"], obs["image"].tobytes()))
        return seen

    first = rollout(omniarena.make_multi(ARENA, action_mode="native"))
    assert first == rollout(omniarena.make_multi(ARENA, action_mode="native"))
    assert first == rollout(pickle.loads(pickle.dumps(ConnectFourEnv())))


def test_render_modes():
    env = ConnectFourEnv(render_mode="rgb_array")
    env.reset(seed=0)
    env.step(3)
    image = env.render()
    assert image.shape == env.observation_space("player_0")["image"].shape
    ansi = ConnectFourEnv(render_mode="ansi")
    ansi.reset(seed=0)
    ansi.step(3)
    assert "Yellow to move" in ansi.render() and ". . . R . . ." in ansi.render()


def play_match(expert_seat: str, seed: int) -> float:
    env = omniarena.make_multi(ARENA, action_mode="native")
    other = "player_1" if expert_seat == "player_0" else "player_0"
    agents = {
        expert_seat: make_agent("scripted", env, arena_id=ARENA, player=expert_seat, seed=seed),
        other: make_agent("random", env, arena_id=ARENA, player=other, seed=seed),
    }
    env.reset(seed=seed)
    total = 0.0
    for agent in env.agent_iter():
        obs, reward, terminated, truncated, _ = env.last()
        if agent == expert_seat:
            total += reward
        env.step(None if terminated or truncated else agents[agent].act(obs))
    return total


def test_expert_beats_random_from_both_seats():
    results = [play_match("player_0" if game % 2 == 0 else "player_1", game) for game in range(12)]
    assert sum(r > 0 for r in results) >= 11
