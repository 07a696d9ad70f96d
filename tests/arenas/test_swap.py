"""Swap (match-3): lines, legal swaps, cascades, seeded refills, reshuffles, scoring, the move budget,
the text parser, the text and the image, the expert."""

from __future__ import annotations

import numpy as np
import pytest

import omniarena
import omniarena.arenas.games.swap  # noqa: F401  (registers the Swap ids until the games package lists it)
from omniarena.arenas.games.swap import render as render_module
from omniarena.arenas.games.swap import rules
from omniarena.arenas.games.swap.actions import swap_actions
from omniarena.arenas.games.swap.bots import choose_swap, predicted_points
from omniarena.arenas.games.swap.env import SwapEnv
from omniarena.arenas.games.swap.render import TILES, _cells, image_shape, render

VARIANTS = ["omniarena/Swap-v0", "omniarena/Swap-Easy-v0", "omniarena/Swap-Hard-v0"]
R, B, Y, G = range(4)  # the kinds' letters in the text: red, blue, yellow, green

# A 6x6 board where swapping (6,1) and (6,2) lines up three R down column 1; the three tiles above fall
# and line up three Y across row 6: a second clear (cascade) from the visible tiles alone.
CASCADE = np.array(
    [
        [B, G, R, B, G, R],
        [G, R, B, G, R, B],
        [Y, B, G, R, B, G],
        [R, G, B, Y, G, B],
        [R, B, Y, B, R, Y],
        [Y, R, Y, G, B, G],
    ],
    dtype=np.int8,
)
CASCADE_SWAP = swap_actions(6, 6).parse("swap (6,1) (6,2)").action


def brute_force_matches(board: np.ndarray) -> np.ndarray:
    rows, cols = board.shape
    matched = np.zeros(board.shape, dtype=bool)
    for r in range(rows):
        for c in range(cols):
            if board[r, c] < 0:
                continue
            if c + 2 < cols and board[r, c] == board[r, c + 1] == board[r, c + 2]:
                matched[r, c : c + 3] = True
            if r + 2 < rows and board[r, c] == board[r + 1, c] == board[r + 2, c]:
                matched[r : r + 3, c] = True
    return matched


def stable_env(board: np.ndarray, **kwargs) -> SwapEnv:
    env = SwapEnv(rows=board.shape[0], cols=board.shape[1], **kwargs)
    env.reset(seed=0, options={"board": board})
    return env


# --- rules --------------------------------------------------------------------------------------------
def test_edges_count_and_order():
    assert rules.edges(8, 8).count == 112 and rules.edges(6, 6).count == 60
    e = rules.edges(8, 8)
    assert e.cells(0) == ((0, 0), (0, 1)) and e.cells(6) == ((0, 6), (0, 7)) and e.cells(7) == ((1, 0), (1, 1))
    assert e.cells(56) == ((0, 0), (1, 0)) and e.cells(111) == ((6, 7), (7, 7))
    assert e.index((3, 5), (3, 4)) == e.index((3, 4), (3, 5)) == 3 * 7 + 4
    assert e.index((0, 0), (1, 1)) is None and e.index((0, 0), (0, 2)) is None


def test_find_matches_lines_of_three_four_and_crossings():
    board = np.array(
        [
            [R, R, R, R, B],
            [B, Y, G, B, B],
            [Y, Y, G, Y, B],
            [G, R, G, G, Y],
            [rules.EMPTY, rules.EMPTY, rules.EMPTY, R, Y],
        ],
        dtype=np.int8,
    )
    expected = np.zeros(board.shape, dtype=bool)
    expected[0, 0:4] = True  # four R across
    expected[0:3, 4] = True  # three B down
    expected[1:4, 2] = True  # three G down
    assert np.array_equal(rules.find_matches(board), expected)
    assert np.array_equal(rules.find_matches(board), brute_force_matches(board))
    assert not rules.find_matches(np.full((4, 4), rules.EMPTY, dtype=np.int8)).any()  # holes never match


def test_find_matches_agrees_with_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(300):
        rows, cols = (int(x) for x in rng.integers(3, 11, 2))
        board = rng.integers(-1, int(rng.integers(3, 7)), (rows, cols)).astype(np.int8)
        assert np.array_equal(rules.find_matches(board), brute_force_matches(board))


def test_legal_swaps_are_exactly_the_swaps_that_make_a_line():
    rng = np.random.default_rng(1)
    for _ in range(200):
        rows, cols = (int(x) for x in rng.integers(4, 11, 2))
        colours = int(rng.integers(3, 7))
        board = rules.new_board(rows, cols, colours, rng)
        expected = [brute_force_matches(rules.swapped(board, e)).any() for e in range(rules.edges(rows, cols).count)]
        assert rules.legal_swaps(board, colours).astype(bool).tolist() == expected


@pytest.mark.parametrize("arena_id", VARIANTS)
def test_new_boards_have_no_line_and_a_legal_swap(arena_id):
    env = omniarena.make(arena_id, action_mode="native").unwrapped
    for seed in range(60):
        obs, _ = env.reset(seed=seed)
        assert not rules.has_lines(env.board), seed
        assert obs["action_mask"].any(), seed
        assert env.board.min() >= 0 and env.board.max() < env.colours


def test_a_swap_that_makes_no_line_is_not_legal():
    mask = rules.legal_swaps(CASCADE, 4)
    actions = swap_actions(6, 6)
    assert mask[CASCADE_SWAP] == 1
    no_line = actions.parse("swap (1,1) (1,2)").action
    assert mask[no_line] == 0 and not brute_force_matches(rules.swapped(CASCADE, no_line)).any()


def test_cascade_clears_a_second_line_from_the_falling_tiles():
    board, waves = rules.resolve(rules.swapped(CASCADE, CASCADE_SWAP), None, 4)
    assert waves == [3, 3]  # column 1's three R, then row 6's three Y
    assert (board[:, 0] == [rules.EMPTY] * 4 + [B, G]).all()  # column 1 lost four tiles, B and G fell
    assert (board[0, :3] == rules.EMPTY).all() and not rules.has_lines(board)
    assert predicted_points(CASCADE, CASCADE_SWAP, 4) == 3 * 1 + 3 * 2


def test_refills_come_from_the_seed():
    swapped = rules.swapped(CASCADE, CASCADE_SWAP)
    first, waves_a = rules.resolve(swapped, np.random.default_rng(7), 4)
    again, waves_b = rules.resolve(swapped, np.random.default_rng(7), 4)
    assert np.array_equal(first, again) and waves_a == waves_b
    assert first.min() >= 0 and first.max() < 4 and not rules.has_lines(first)  # every hole refilled, stable
    others = {rules.resolve(swapped, np.random.default_rng(seed), 4)[0].tobytes() for seed in range(10)}
    assert len(others) > 1  # the refills are random, not fixed


def test_same_seed_same_swaps_same_boards():
    def boards(seed):
        env = stable_env(CASCADE, colours=4, target=10**6, moves=30)
        env.reset(seed=seed, options={"board": CASCADE})
        seen = []
        for _ in range(15):
            env.step(choose_swap(env.board, env.action_mask(), 4))
            seen.append(env.board.copy())
        return seen

    assert all(np.array_equal(a, b) for a, b in zip(boards(3), boards(3), strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(boards(3), boards(4), strict=True))


def test_reshuffle_keeps_the_tiles_and_leaves_a_legal_swap():
    # No swap on this board lines anything up: rows repeat R B Y G shifted by two.
    dead = np.array([[R, B, Y, G], [Y, G, R, B], [R, B, Y, G], [Y, G, R, B]], dtype=np.int8)
    assert not rules.has_lines(dead) and not rules.legal_swaps(dead, 4).any()
    shuffled = rules.reshuffle(dead, np.random.default_rng(0), 4)
    assert sorted(shuffled.ravel().tolist()) == sorted(dead.ravel().tolist())
    assert not rules.has_lines(shuffled) and rules.legal_swaps(shuffled, 4).any()


def test_every_move_leaves_a_stable_board_with_a_legal_swap():
    rng = np.random.default_rng(2)
    for colours in (3, 4, 5, 6):
        board = rules.new_board(6, 6, colours, rng)
        for _ in range(60):
            result = rules.play(board, int(rng.choice(np.flatnonzero(rules.legal_swaps(board, colours)))), rng, colours)
            board = result.board
            assert not rules.has_lines(board) and result.legal.any()
            assert np.array_equal(result.legal, rules.legal_swaps(board, colours))


# --- scoring and the episode ----------------------------------------------------------------------------
def test_score_is_tiles_times_wave():
    assert rules.wave_points(3, 1) == 3 and rules.wave_points(4, 2) == 8 and rules.wave_points(5, 3) == 15
    env = stable_env(CASCADE, colours=4, target=10**6, moves=10)
    _, reward, _, _, info = env.step(CASCADE_SWAP)
    waves = info["waves"]
    assert waves[:2] in ((3, 3), (3, 6))  # refills may join the second wave, never the first
    assert reward == sum(tiles * wave for wave, tiles in enumerate(waves, start=1)) >= 9
    assert info["score"] == reward and info["moves_left"] == 9


def test_a_line_of_four_and_an_l_shape_count_each_tile_once():
    # Swapping (2,3)-(3,3) brings R into row 2 (R R R R) and takes B down column 3 (B B B): 4 + 3 tiles.
    board = np.array(
        [
            [Y, G, Y, G, Y],
            [R, R, B, R, Y],
            [G, Y, R, Y, G],
            [Y, G, B, G, Y],
            [G, Y, B, Y, G],
        ],
        dtype=np.int8,
    )
    assert not rules.has_lines(board)
    _, waves = rules.resolve(rules.swapped(board, rules.edges(5, 5).index((1, 2), (2, 2))), None, 4)
    assert waves[0] == 4 + 3
    # An L: the R arriving at (3,3) completes R R R across and R R R down; the corner counts once.
    board = np.array([[B, Y, G, B], [Y, G, B, Y], [R, R, Y, R], [G, B, R, G], [Y, G, R, B]], dtype=np.int8)
    assert not rules.has_lines(board)
    _, waves = rules.resolve(rules.swapped(board, rules.edges(5, 4).index((2, 2), (2, 3))), None, 4)
    assert waves[0] == 5


def test_the_move_budget_ends_the_episode():
    env = SwapEnv(rows=6, cols=6, colours=4, target=10**6, moves=5)
    obs, info = env.reset(seed=1)
    assert info == {"score": 0, "target": 10**6, "moves_left": 5, "success": False}
    for move in range(5):
        obs, _, terminated, truncated, info = env.step(int(np.flatnonzero(obs["action_mask"])[0]))
        assert terminated == (move == 4) and not truncated
    assert info["moves_left"] == 0 and not info["success"]


def test_reaching_the_target_ends_the_episode_with_success():
    env = stable_env(CASCADE, colours=4, target=9, moves=20)
    _, _, terminated, _, info = env.step(CASCADE_SWAP)
    assert terminated and info["success"] and info["score"] >= 9 and info["moves_left"] == 19


def test_a_native_no_line_swap_is_a_no_op():
    env = stable_env(CASCADE, colours=4, target=100, moves=20)
    no_line = int(np.flatnonzero(env.action_mask() == 0)[0])
    obs, reward, terminated, truncated, info = env.step(no_line)
    assert info["illegal"] and not info["effective"] and reward == 0 and not terminated
    assert np.array_equal(env.board, CASCADE) and info["moves_left"] == 20 and info["score"] == 0
    with pytest.raises(ValueError, match="native mode"):
        env.step(112)


def test_text_mode_reports_a_no_line_swap_as_invalid():
    env = omniarena.make("omniarena/Swap-Easy-v0")
    obs, _ = env.reset(seed=0, options={"board": CASCADE})
    obs, reward, terminated, _, info = env.step("<answer>swap (1,1) (1,2)</answer>")
    assert not info["action"]["valid"] and info["action"]["format_ok"] and not terminated
    assert "makes no line" in info["action"]["error"] and "Your last reply was invalid" in obs["text"]
    assert np.array_equal(env.unwrapped.board, CASCADE)
    obs, reward, _, _, info = env.step("I'll move the R into column 1: <answer>(6,1) right</answer>")
    assert info["action"]["valid"] and reward >= 9 and "Your last reply was invalid" not in obs["text"]


def test_reset_with_a_board_checks_it():
    env = SwapEnv(rows=6, cols=6, colours=4)
    with pytest.raises(ValueError, match="6x6"):
        env.reset(options={"board": np.zeros((5, 6), dtype=int)})
    with pytest.raises(ValueError, match="kinds 0..3"):
        env.reset(options={"board": np.full((6, 6), 4)})
    lined = CASCADE.copy()
    lined[0, :3] = R
    with pytest.raises(ValueError, match="no line"):
        env.reset(options={"board": lined})


@pytest.mark.parametrize("kwargs", [{"rows": 3}, {"cols": 11}, {"colours": 2}, {"colours": 7}, {"moves": 0}])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        SwapEnv(**kwargs)


# --- text actions ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reply, canonical",
    [
        ("swap (3,4) (3,5)", "swap (3,4) (3,5)"),
        ("SWAP (3, 5) (3, 4)", "swap (3,4) (3,5)"),
        ("<answer>(3,4) right</answer>", "swap (3,4) (3,5)"),
        ("(3,4) to the right", "swap (3,4) (3,5)"),
        ("(4,4) up", "swap (3,4) (4,4)"),
        ("(3,4) ↓", "swap (3,4) (4,4)"),
        ("(3,4) west", "swap (3,3) (3,4)"),
        ("(3,4) l", "swap (3,3) (3,4)"),
        ("r3c4 r3c5", "swap (3,4) (3,5)"),
        ("R3C4 down", "swap (3,4) (4,4)"),
        ("row 3 col 4 and row 3 col 5", "swap (3,4) (3,5)"),
        ("[3,4] <-> [3,5]", "swap (3,4) (3,5)"),
        ("(3,4)-(4,4)", "swap (3,4) (4,4)"),
        ("(3,4) → (4,4)", "swap (3,4) (4,4)"),
        ("swap('3,4', '3,5')", "swap (3,4) (3,5)"),
        ("swap(3,4,3,5)", "swap (3,4) (3,5)"),
        ('{"action": "swap (8,7) (8,8)"}', "swap (8,7) (8,8)"),
        ("Column 1 needs one more R.\nAction: (6,1) right", "swap (6,1) (6,2)"),
        ("I weighed several options.\n```\nr2c2 with r2c3\n```", "swap (2,2) (2,3)"),
        ("Thinking about the board...\n<answer>swap (1,1) (2,1)</answer>", "swap (1,1) (2,1)"),
    ],
)
def test_parser_forms_and_aliases(reply, canonical):
    actions = swap_actions(8, 8)
    result = actions.parse(reply)
    assert result.ok, result.error
    assert actions.format(result.action) == canonical


@pytest.mark.parametrize(
    "reply, error",
    [
        ("swap (1,1) (1,3)", "does not name two neighbouring tiles"),
        ("(3,4) (4,5)", "does not name two neighbouring tiles"),
        ("(1,1) up", "leaves the board"),
        ("swap (9,1) (9,2)", "leaves the board"),
        ("(3,4)", "names one tile"),
        ("(3,8)", "(3,8) left"),
        ("<answer>zzqx qxzz</answer>", "no swap"),
        ("", "empty reply"),
        ("(1,2) (1,3) (1,4)", "ambiguous"),
        ("<answer>swap (3,4) (3,5) or (5,5) down</answer>", "ambiguous"),
    ],
)
def test_parser_errors_say_what_is_wrong(reply, error):
    result = swap_actions(8, 8).parse(reply)
    assert not result.ok and result.action is None
    assert error in result.error


def test_tags_mode_reads_only_the_tag():
    actions = swap_actions(8, 8)
    assert not actions.parse("(3,4) right", answer_format="tags").ok
    result = actions.parse("so (1,1) right\n<answer>(3,4) right</answer>", answer_format="tags")
    assert result.ok and actions.format(result.action) == "swap (3,4) (3,5)"


def test_format_parse_round_trip_and_native_checks():
    actions = swap_actions(6, 6)
    for edge in range(actions.n):
        assert actions.parse(actions.format(edge)).action == edge
        assert actions.parse(f"<answer>{actions.format(edge).upper()}</answer>").action == edge
    assert actions.is_legal(np.int64(3)) and not actions.is_legal(60) and not actions.is_legal("3")
    assert not actions.is_legal(True) and not actions.is_legal(1.5)
    mask = np.zeros(60, dtype=np.int8)
    mask[[4, 9]] = 1
    assert {actions.sample_legal(np.random.default_rng(s), mask) for s in range(20)} == {4, 9}
    assert "makes no line" in actions.illegal_reason(5, mask) and actions.illegal_reason(4, mask) is None
    assert "swap (3,4) (3,5)" in actions.describe() and "<answer>" in actions.describe()


# --- text and image --------------------------------------------------------------------------------------
def test_text_shows_the_labelled_grid_score_and_legal_swaps():
    env = omniarena.make("omniarena/Swap-Easy-v0", action_mode="native")
    obs, _ = env.reset(seed=0, options={"board": CASCADE})
    text = obs["text"]
    assert "  1 2 3 4 5 6" in text and "6 Y R Y G B G" in text and "1 B G R B G R" in text
    assert "R = red circle" in text and "G = green diamond" in text and "P = pink star" not in text
    assert "Score: 0 of 500. Moves left: 20 of 20." in text and "No swap made yet." in text
    listed = text.split("Legal swaps (")[1]
    actions = env.unwrapped.action_set
    named = {actions.parse(part).action for part in listed.split(": ", 1)[1].rstrip(".").split(", ")}
    assert named == set(np.flatnonzero(obs["action_mask"]).tolist())
    rules_text = env.unwrapped._rules().lower()
    assert "image" not in rules_text and "picture" not in rules_text
    obs, *_ = env.step(CASCADE_SWAP)
    assert "Last swap cleared 3 + 3" in obs["text"] or "Last swap cleared 3 + 6" in obs["text"]


def test_observe_image_drops_the_grid_but_keeps_the_rules():
    env = omniarena.make("omniarena/Swap-v0", action_mode="native", observe="image")
    obs, _ = env.reset(seed=0)
    assert "Swap (match-3)" in obs["text"] and "Legal swaps" in obs["text"] and "Score:" not in obs["text"]


def test_render_draws_each_kind_in_its_cell_with_distinct_shapes():
    board = np.arange(36, dtype=np.int8).reshape(6, 6) % 6
    board[board == 0] = 1  # any content: render does not check the rules
    image = render(board, 123, 500, 7)
    assert image.shape == (*image_shape(6, 6), 3) and image.dtype == np.uint8
    cells = _cells()
    # The shapes alone (ink coverage, no colour) tell every pair of kinds apart.
    silhouettes = [(np.abs(cells[k].astype(int) - cells[k][0, 0]).sum(-1) > 60) for k in range(len(TILES))]
    for i in range(len(TILES)):
        for j in range(i + 1, len(TILES)):
            assert (silhouettes[i] != silhouettes[j]).mean() > 0.05, (TILES[i].shape, TILES[j].shape)
    top, left = 48 + 28, 28  # below the header and the column labels, right of the row labels
    assert np.array_equal(image[top : top + 52, left : left + 52], cells[board[0, 0]])
    assert not np.array_equal(render(board, 124, 500, 7)[:48], image[:48])  # the score is in the header
    assert np.array_equal(render(board, 123, 500, 7)[48:], image[48:])


def test_repainting_only_changed_cells_draws_what_a_fresh_render_draws():
    rng = np.random.default_rng(5)
    boards = [rules.new_board(8, 8, 5, rng)]
    for _ in range(20):
        boards.append(rules.play(boards[-1], int(np.flatnonzero(rules.legal_swaps(boards[-1], 5))[0]), rng, 5).board)
    boards += [rules.new_board(8, 8, 5, rng) for _ in range(3)]  # boards with most cells changed
    frames = [render(board, i, 600, 25 - i) for i, board in enumerate(boards)]
    for i, board in enumerate(boards):
        render_module._last_frame.cache_clear()
        assert np.array_equal(frames[i], render(board, i, 600, 25 - i)), i


def test_render_mode_rgb_array_matches_the_observation():
    env = SwapEnv(render_mode="rgb_array")
    obs, _ = env.reset(seed=4)
    assert np.array_equal(env.render(), obs["image"])
    ansi = SwapEnv(render_mode="ansi")
    ansi.reset(seed=4)
    assert "Board (rows top to bottom" in ansi.render()


# --- expert ----------------------------------------------------------------------------------------------
def test_expert_takes_the_swap_that_surely_scores_most():
    legal = rules.legal_swaps(CASCADE, 4)
    best = choose_swap(CASCADE, legal, 4)
    points = {e: predicted_points(CASCADE, e, 4) for e in np.flatnonzero(legal).tolist()}
    assert points[best] == max(points.values())
    ties = [e for e, p in points.items() if p == points[best]]
    lower = rules.edges(6, 6).r2
    assert lower[best] == max(lower[e] for e in ties)


def test_expert_beats_random_on_easy():
    def play(agent_spec):
        from omniarena.agents import make_agent

        env = omniarena.make("omniarena/Swap-Easy-v0", action_mode="native")
        agent = make_agent(agent_spec, env, arena_id="omniarena/Swap-Easy-v0", seed=0)
        wins = 0
        for seed in range(10):
            obs, info = env.reset(seed=seed)
            done = False
            while not done:
                obs, _, terminated, truncated, info = env.step(agent.act(obs))
                done = terminated or truncated
            wins += info["success"]
        return wins

    assert play("scripted") >= 8 > play("random")
