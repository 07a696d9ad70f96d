"""2048: row merges, moves, no-op detection, spawns, episode ends, text aliases, determinism, expert."""

from __future__ import annotations

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.games.twenty48 import render as render_module
from omniarena.arenas.games.twenty48 import rules
from omniarena.arenas.games.twenty48.actions import ACTIONS
from omniarena.arenas.games.twenty48.env import Twenty48Env
from omniarena.arenas.games.twenty48.render import tile_colors

UP, DOWN, LEFT, RIGHT = range(4)
VARIANTS = [
    "omniarena/2048-v0",
    "omniarena/2048-Easy-v0",
    "omniarena/2048-3x3-v0",
    "omniarena/2048-5x5-v0",
    "omniarena/2048-6x6-v0",
]


@pytest.mark.parametrize(
    "row, merged, score",
    [
        ((2, 2, 2, 2), (4, 4, 0, 0), 8),
        ((2, 2, 4, 0), (4, 4, 0, 0), 4),
        ((4, 0, 0, 4), (8, 0, 0, 0), 8),
        ((0, 0, 0, 2), (2, 0, 0, 0), 0),
        ((2, 4, 8, 16), (2, 4, 8, 16), 0),
        ((4, 4, 8, 8), (8, 16, 0, 0), 24),
        ((2, 2, 2), (4, 2, 0), 4),
        ((8, 0, 8, 8, 0, 16), (16, 8, 16, 0, 0, 0), 16),
    ],
)
def test_merge_row(row, merged, score):
    assert rules.merge_row(row) == (merged, score)


def test_move_in_every_direction():
    board = np.array([[2, 0, 0, 2], [0, 4, 0, 0], [2, 4, 0, 0], [0, 0, 0, 8]])
    left, gain = rules.move(board, LEFT)
    assert left.tolist() == [[4, 0, 0, 0], [4, 0, 0, 0], [2, 4, 0, 0], [8, 0, 0, 0]] and gain == 4
    right, gain = rules.move(board, RIGHT)
    assert right.tolist() == [[0, 0, 0, 4], [0, 0, 0, 4], [0, 0, 2, 4], [0, 0, 0, 8]] and gain == 4
    up, gain = rules.move(board, UP)
    assert up.tolist() == [[4, 8, 0, 2], [0, 0, 0, 8], [0, 0, 0, 0], [0, 0, 0, 0]] and gain == 12
    down, gain = rules.move(board, DOWN)
    assert down.tolist() == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 2], [4, 8, 0, 8]] and gain == 12
    assert board.tolist()[0] == [2, 0, 0, 2], "move must not modify its input"


def test_no_op_moves_are_illegal():
    packed_left = np.array([[2, 4, 0, 0], [8, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    assert rules.legal_moves(packed_left).tolist() == [0, 1, 0, 1]
    stuck = np.array([[2, 4, 2, 4], [4, 2, 4, 2], [2, 4, 2, 4], [4, 2, 4, 2]])
    assert not rules.legal_moves(stuck).any()
    merge_only = np.array([[2, 2, 4, 8], [4, 8, 16, 32], [8, 16, 32, 64], [16, 32, 64, 128]])
    assert rules.legal_moves(merge_only).tolist() == [0, 0, 1, 1]


def test_legal_moves_match_moves_that_change_the_board():
    rng = np.random.default_rng(0)
    for _ in range(300):
        size = int(rng.integers(3, 7))
        board = np.where(rng.random((size, size)) < 0.4, 0, 2 ** rng.integers(1, 5, (size, size)))
        changed = [not np.array_equal(rules.move(board, a)[0], board) for a in range(4)]
        assert rules.legal_moves(board).astype(bool).tolist() == changed


def test_spawn_fills_one_empty_cell_with_two_or_four():
    rng = np.random.default_rng(1)
    board = np.zeros((4, 4), dtype=np.int64)
    board[0, 0] = 8
    values = []
    for _ in range(2000):
        spawned = rules.spawn(board, rng)
        diff = np.argwhere(spawned != board)
        assert len(diff) == 1 and board[tuple(diff[0])] == 0
        values.append(int(spawned[tuple(diff[0])]))
    assert set(values) == {2, 4}
    assert 0.07 < values.count(4) / len(values) < 0.13


def test_native_illegal_move_keeps_the_board():
    env = Twenty48Env()
    env.reset(seed=0)
    env.board = np.array([[2, 4, 0, 0], [8, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
    env._legal_moves = rules.legal_moves(env.board)
    before = env.board.copy()
    obs, reward, terminated, truncated, info = env.step(LEFT)
    assert info["illegal"] and not info["effective"] and reward == 0 and not terminated
    assert np.array_equal(env.board, before)
    assert obs["action_mask"].tolist() == [0, 1, 0, 1]


def test_reaching_the_target_terminates_with_success():
    env = Twenty48Env(size=4, target=256)
    env.reset(seed=0)
    env.board = np.array([[128, 128, 0, 0], [0] * 4, [0] * 4, [0] * 4])
    env._legal_moves = rules.legal_moves(env.board)
    _, reward, terminated, _, info = env.step(LEFT)
    assert terminated and reward == 256
    assert info["success"] and info["max_tile"] == 256 and info["score"] == 256


def test_no_move_left_terminates_without_success():
    env = Twenty48Env(size=3, target=128)
    env.reset(seed=0)
    # Sliding left fills the last hole at the bottom right; a 2 or a 4 there can merge with nothing.
    env.board = np.array([[2, 4, 2], [4, 2, 8], [0, 8, 16]])
    env._legal_moves = rules.legal_moves(env.board)
    assert env._legal_moves[LEFT]
    _, _, terminated, _, info = env.step(LEFT)
    assert terminated and not info["success"]
    assert not env.action_mask().any()
    assert "none (game over)" in env._legal()


@pytest.mark.parametrize(
    "text, action",
    [
        ("up", UP),
        ("W", UP),
        ("↑", UP),
        ("north", UP),
        ("d", DOWN),
        ("s", DOWN),
        ("arrow down", DOWN),
        ("a", LEFT),
        ("West", LEFT),
        ("<answer>swipe left</answer>", LEFT),
        ("r", RIGHT),
        ("→", RIGHT),
        ("I will move right. Action: east", RIGHT),
    ],
)
def test_text_aliases(text, action):
    result = ACTIONS.parse(text)
    assert result.ok and result.action == action


def test_text_mode_observation_and_invalid_move():
    env = omniarena.make("omniarena/2048-Easy-v0")
    obs, info = env.reset(seed=3)
    assert "Legal moves:" in obs["text"] and "Score: 0" in obs["text"]
    assert info == {"score": 0, "max_tile": int(env.unwrapped.board.max()), "success": False}
    illegal = [ACTIONS.format(a) for a in np.flatnonzero(obs["action_mask"] == 0)]
    target = illegal[0] if illegal else "jump"
    before = env.unwrapped.board.copy()
    obs, _, terminated, _, info = env.step(f"<answer>{target}</answer>")
    assert not info["action"]["valid"] and not terminated
    assert np.array_equal(env.unwrapped.board, before)
    assert "Your last reply was invalid" in obs["text"]


@pytest.mark.parametrize("arena_id", VARIANTS)
def test_variants_build_and_pass_check_env(arena_id):
    env = omniarena.make(arena_id, action_mode="native")
    check_env(env.unwrapped, skip_render_check=True)
    obs, _ = env.reset(seed=0)
    assert env.observation_space.contains(obs)
    assert omniarena.spec(arena_id).max_steps


def test_same_seed_same_actions_same_observations():
    def rollout():
        env = omniarena.make("omniarena/2048-v0", action_mode="native")
        obs, _ = env.reset(seed=42)
        frames = [obs["image"]]
        texts = [obs["text"]]
        for step in range(60):
            legal = np.flatnonzero(obs["action_mask"])
            obs, *_ = env.step(int(legal[step % len(legal)]))
            frames.append(obs["image"])
            texts.append(obs["text"])
        return frames, texts

    (frames_a, texts_a), (frames_b, texts_b) = rollout(), rollout()
    assert texts_a == texts_b
    assert all(np.array_equal(a, b) for a, b in zip(frames_a, frames_b))


def test_render_shows_classic_tile_colours():
    env = Twenty48Env(render_mode="rgb_array")
    env.reset(seed=0)
    env.board = np.array([[2048, 0, 0, 0], [0] * 4, [0] * 4, [0] * 4])
    image = env.render()
    assert image.shape == env.observation_space["image"].shape
    colours = {tuple(c) for c in image.reshape(-1, 3)[::97]}
    assert (237, 194, 46) in colours  # the 2048 gold
    env_ansi = Twenty48Env(render_mode="ansi")
    env_ansi.reset(seed=0)
    assert "Board" in env_ansi.render()


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance: sRGB channels linearised, then weighted."""
    r, g, b = (c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_matches_known_wcag_values():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == 1.0


def test_every_tile_number_has_wcag_aa_contrast():
    # 2 .. 2**20 covers every palette entry and the fallback for the tiles beyond it (6x6 boards).
    for value in (2**k for k in range(1, 21)):
        tile, ink = tile_colors(value)
        assert contrast_ratio(tile, ink) >= 4.5, (value, tile, ink, contrast_ratio(tile, ink))


def test_long_numbers_fit_their_tile():
    # The smallest tiles (6x6 boards) with up to 10 digits: the number is shrunk, never cut at the edge.
    for value in (2**k for k in range(1, 31)):
        sprite = render_module._tile(value, 57)
        tile = np.array(tile_colors(value)[0])
        ring = np.concatenate(
            [
                sprite[:2].reshape(-1, 3),
                sprite[-2:].reshape(-1, 3),
                sprite[:, :2].reshape(-1, 3),
                sprite[:, -2:].reshape(-1, 3),
            ]
        )
        assert (ring == tile).all(), value
        assert (sprite != tile).any(axis=-1).sum() > 20, value  # the number is drawn


def play(arena_id: str, agent_spec: str, episodes: int) -> list[dict]:
    env = omniarena.make(arena_id, action_mode="native")
    agent = make_agent(agent_spec, env, arena_id=arena_id, seed=0)
    infos = []
    for seed in range(episodes):
        obs, info = env.reset(seed=seed)
        agent.reset()
        done = False
        while not done:
            obs, _, terminated, truncated, info = env.step(agent.act(obs))
            done = terminated or truncated
        infos.append(info)
    return infos


def test_expert_beats_random_on_easy():
    expert = play("omniarena/2048-Easy-v0", "scripted", 8)
    random = play("omniarena/2048-Easy-v0", "random", 8)
    assert sum(i["success"] for i in expert) >= 7
    assert np.mean([i["max_tile"] for i in expert]) > np.mean([i["max_tile"] for i in random])
