"""Shisen-sho: the two-turn path rule (border ring, blocked paths, three turns), deals solvable by
construction, the solver, episode ends, text, image and the cell-pair parser."""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np
import pytest

import omniarena
import omniarena.arenas.games.shisen  # noqa: F401  (registers the ids until games/__init__ lists the family)
from omniarena.arenas.games.shisen import render, rules, solver
from omniarena.arenas.games.shisen.actions import CellPairActions
from omniarena.arenas.games.shisen.bots import ShisenShoExpert
from omniarena.arenas.games.shisen.env import ShisenShoEnv

VARIANTS = {
    "omniarena/ShisenSho-Easy-v0": (4, 4, 4),
    "omniarena/ShisenSho-Medium-v0": (6, 6, 9),
    "omniarena/ShisenSho-v0": (8, 8, 16),
    "omniarena/ShisenSho-Hard-v0": (12, 12, 36),
}
KINDS = {".": 0, "A": 1, "B": 2, "C": 3, "D": 4, "X": 5}  # X: any other tile (a wall in path tests)


def board_of(rows: list[str]) -> np.ndarray:
    """A board from strings: '.' empty, A..D kinds 1..4, X kind 5."""
    return np.array([[KINDS[ch] for ch in row] for row in rows], dtype=np.int8)


def joins(board: np.ndarray, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """The rule on 0-indexed board cells a and b."""
    paths = rules.Paths.of_board(board)
    return bool(paths.connected(*(np.array([v + 1]) for v in (*a, *b)))[0])


def fewest_turns(board: np.ndarray, a: tuple[int, int], b: tuple[int, int]) -> int | None:
    """Reference: the fewest turns of any path from a to b through empty cells of the padded grid (BFS)."""
    occupied = np.zeros((board.shape[0] + 2, board.shape[1] + 2), dtype=bool)
    occupied[1:-1, 1:-1] = board != 0
    start, goal = (a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1)
    steps = ((-1, 0), (1, 0), (0, -1), (0, 1))
    best: dict[tuple[int, int, int], int] = {}
    queue = deque((start[0], start[1], d, 0) for d in range(4))
    found = None
    while queue:
        row, col, direction, turns = queue.popleft()
        for new, (dr, dc) in enumerate(steps):
            cost = turns + (new != direction)
            r, c = row + dr, col + dc
            if not (0 <= r < occupied.shape[0] and 0 <= c < occupied.shape[1]):
                continue
            if (r, c) == goal:
                found = cost if found is None else min(found, cost)
                continue
            if occupied[r, c] or best.get((r, c, new), 99) <= cost:
                continue
            best[(r, c, new)] = cost
            queue.append((r, c, new, cost))
    return found


# --- the path rule ------------------------------------------------------------------------------------
def test_straight_lines_adjacent_and_across_empty_cells():
    board = board_of(["AA.B", "....", "C..C", "X..X"])
    assert joins(board, (0, 0), (0, 1))  # neighbours
    assert joins(board, (2, 0), (2, 3))  # across two empty cells
    board = board_of(["A.BA", "....", "....", "...."])
    assert fewest_turns(board, (0, 0), (0, 3)) == 2  # the straight line is blocked: over the top, via the ring
    assert joins(board, (0, 0), (0, 3))
    board = board_of(["AXXA", "XXXX", "XXXX", "XXXX"])
    assert not joins(board, (1, 0), (1, 3))  # X's between them on row 2 and above and below


def test_one_turn_needs_an_empty_corner():
    board = board_of(["A...", "....", "...A", "...."])
    assert joins(board, (0, 0), (2, 3))
    boxed = board_of(["AXXX", "X...", "X..A", "X..."])
    # Both corners (0,3) and (2,0) hold tiles; no other route from the boxed-in A.
    assert not joins(boxed, (0, 0), (2, 3))


def test_two_turns_inside_the_board():
    board = board_of(["A.X.", "XX..", "..XA", "...."])
    assert fewest_turns(board, (0, 0), (2, 3)) == 2
    assert joins(board, (0, 0), (2, 3))


@pytest.mark.parametrize(
    "rows, a, b",
    [
        (["AXXA", "XXXX", "XXXX", "XXXX"], (0, 0), (0, 3)),  # top row, through the ring above
        (["XXXX", "XXXX", "XXXX", "AXXA"], (3, 0), (3, 3)),  # bottom row, through the ring below
        (["AXXX", "XXXX", "XXXX", "AXXX"], (0, 0), (3, 0)),  # left column, through the ring on the left
        (["XXXA", "XXXX", "XXXX", "XXXA"], (0, 3), (3, 3)),  # right column, through the ring on the right
    ],
)
def test_paths_around_the_border(rows, a, b):
    board = board_of(rows)
    assert joins(board, a, b)
    assert fewest_turns(board, a, b) <= 2


def test_opposite_corners_need_three_turns_round_the_outside():
    board = board_of(["XXXA", "XXXX", "XXXX", "AXXX"])
    assert fewest_turns(board, (0, 3), (3, 0)) == 3
    assert not joins(board, (0, 3), (3, 0))


def test_a_path_with_three_turns_is_rejected():
    # The top-left A can only leave downwards into column 1's gap, the right A only upwards: three turns.
    board = board_of(["XXXXX", "AXXXX", ".XXXX", "...XX", "XX.XA", "XX..."])
    a, b = (1, 0), (4, 4)
    assert fewest_turns(board, a, b) == 3
    assert not joins(board, a, b)
    assert rules.Paths.of_board(board).path((a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1)) is None


def test_blocked_paths_are_rejected():
    board = board_of(["XXXX", "XAXX", "XXAX", "XXXX"])
    assert not joins(board, (1, 1), (2, 2))
    board[0, 1] = 0  # open the top: one A can reach the ring, the other is still walled in
    assert fewest_turns(board, (1, 1), (2, 2)) is None and not joins(board, (1, 1), (2, 2))
    board[1, 2] = 0  # the corner next to both
    assert joins(board, (1, 1), (2, 2))


def test_rule_matches_a_breadth_first_search_on_random_boards():
    rng = np.random.default_rng(7)
    for _ in range(400):
        rows, cols = (int(v) for v in rng.integers(2, 9, size=2))
        board = (rng.random((rows, cols)) < rng.random()).astype(np.int8)
        tiles = np.argwhere(board)
        if len(tiles) < 2:
            continue
        i, j = rng.choice(len(tiles), 2, replace=False)
        a, b = tuple(tiles[i]), tuple(tiles[j])
        turns = fewest_turns(board, a, b)
        assert joins(board, a, b) == (turns is not None and turns <= 2), (board, a, b)


def test_path_corners_describe_a_joining_path():
    board = board_of(["A.X.", "XX..", "..XA", "...."])
    path = rules.Paths.of_board(board).path((1, 1), (3, 4))
    assert path[0] == (1, 1) and path[-1] == (3, 4)
    assert len(path) - 2 <= 2  # at most two corners
    for (r0, c0), (r1, c1) in itertools.pairwise(path):
        assert r0 == r1 or c0 == c1
        cells = [(r, c) for r in range(min(r0, r1), max(r0, r1) + 1) for c in range(min(c0, c1), max(c0, c1) + 1)]
        assert all(not (1 <= r <= 4 and 1 <= c <= 4) or board[r - 1, c - 1] == 0 for r, c in cells[1:-1])


def test_in_place_removal_matches_a_rebuild():
    rng = np.random.default_rng(3)
    for _ in range(50):
        rows, cols = (int(v) for v in rng.integers(4, 13, size=2))
        occupied = np.zeros((rows + 2, cols + 2), dtype=bool)
        occupied[1:-1, 1:-1] = rng.random((rows, cols)) < 0.8
        paths = rules.Paths(occupied.copy())
        for r, c in rng.permutation(np.argwhere(occupied))[: occupied.sum() // 2].tolist():
            occupied[r, c] = False
            paths.remove(r, c)
            fresh = rules.Paths(occupied)
            assert (paths.low == fresh.low).all() and (paths.high == fresh.high).all()
            assert (paths.count == fresh.count).all()


# --- deals and the solver -----------------------------------------------------------------------------
def replays(board: np.ndarray, order) -> bool:
    """Whether removing the pairs of ``order`` (flat cells) one by one is legal and clears ``board``."""
    board = board.copy()
    cols = board.shape[1]
    paths = rules.Paths.of_board(board)
    for a, b in order:
        (ra, ca), (rb, cb) = divmod(a, cols), divmod(b, cols)
        if board[ra, ca] == 0 or board[ra, ca] != board[rb, cb]:
            return False
        if not paths.connected(*(np.array([v + 1]) for v in (ra, ca, rb, cb)))[0]:
            return False
        board[ra, ca] = board[rb, cb] = 0
        paths.remove(ra + 1, ca + 1)
        paths.remove(rb + 1, cb + 1)
    return not board.any()


@pytest.mark.parametrize("arena_id", list(VARIANTS))
def test_every_deal_is_solvable_and_the_solver_clears_it(arena_id):
    rows, cols, kinds = VARIANTS[arena_id]
    for seed in range(100):
        deal = rules.deal(rows, cols, kinds, np.random.default_rng(seed))
        counts = np.bincount(deal.board.reshape(-1), minlength=kinds + 1)
        assert counts[0] == 0 and (counts[1:] == rows * cols // kinds).all()
        assert replays(deal.board, deal.solution), f"{arena_id} seed {seed}: construction order fails"
        found = solver.solve(deal.board)
        assert found is not None and replays(deal.board, found), f"{arena_id} seed {seed}: solver failed"


def test_deals_hold_trap_squares():
    deal = rules.deal(8, 8, 16, np.random.default_rng(0), traps=1.0)
    board = deal.board
    crosses = sum(
        board[r, c] == board[r + 1, c + 1] and board[r, c + 1] == board[r + 1, c] and board[r, c] != board[r, c + 1]
        for r in range(7)
        for c in range(7)
    )
    assert crosses >= 4
    plain = rules.deal(8, 8, 16, np.random.default_rng(0), traps=0.0)
    assert replays(plain.board, plain.solution)


def test_deal_rejects_impossible_kind_counts():
    with pytest.raises(ValueError, match="even"):
        rules.deal(4, 4, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="even"):
        rules.deal(4, 4, 16, np.random.default_rng(0))  # one tile per kind


def test_solver_proves_the_crossed_square_dead():
    dead = board_of(["AB..", "BA..", "....", "...."])
    assert not joins(dead, (0, 0), (1, 1)) and not joins(dead, (0, 1), (1, 0))
    assert solver.solve(dead) is None
    # With the other two A's and B's elsewhere, pairing each crossed tile with an outside one works.
    board = board_of(["AB..", "BA..", "....", "BAAB"])
    found = solver.solve(board)
    assert found is not None and replays(board, found)


# --- the environment ----------------------------------------------------------------------------------
def test_same_seed_same_deal_and_different_seeds_differ():
    env = ShisenShoEnv()
    first = env.reset(seed=5)[0]["text"]
    assert env.reset(seed=5)[0]["text"] == first
    assert env.reset(seed=6)[0]["text"] != first


def test_a_removed_pair_scores_one_and_the_cleared_board_wins():
    env = ShisenShoEnv(rows=4, cols=4, kinds=4)
    env.reset(options={"board": board_of(["AABB", "CCDD", "AABB", "CCDD"])})
    actions = env.action_set
    _, reward, terminated, _, info = env.step(actions.action_of((0, 0), (0, 1)))
    assert reward == 1.0 and not terminated and info["score"] == 1 and info["pairs_left"] == 7
    assert env.board[0, 0] == 0 and env.board[0, 1] == 0
    while True:
        mask = env.action_mask()
        _, reward, terminated, _, info = env.step(int(np.flatnonzero(mask)[0]))
        if terminated:
            break
    assert info["success"] and info["pairs_left"] == 0 and info["score"] == 8


def test_the_game_ends_when_no_pair_can_be_joined():
    env = ShisenShoEnv(rows=4, cols=4, kinds=4)
    env.reset(options={"board": board_of(["AB..", "BA..", "CC..", "...."])})
    obs, reward, terminated, _, info = env.step(env.action_set.action_of((2, 0), (2, 1)))
    assert reward == 1.0 and terminated and info["stuck"] and not info["success"]
    assert "no pair" in obs["text"].lower()


def test_illegal_pairs_leave_the_board_and_are_explained():
    board = board_of(["AB.A", "CCDD", "DDCC", "BDD."])
    assert fewest_turns(board, (0, 1), (3, 0)) > 2
    env = omniarena.make("omniarena/ShisenSho-Easy-v0")
    env.reset(options={"board": board})
    reasons = {
        "(1,1) (1,2)": "only two equal tiles",  # different kinds
        "(1,3) (1,4)": "empty",
        "(1,1) (4,1)": "only two equal tiles",
        "(1,2) (4,1)": "no path with at most two turns",  # B's: boxed in
    }
    for reply, reason in reasons.items():
        obs, reward, terminated, _, info = env.step(f"<answer>{reply}</answer>")
        assert not info["action"]["valid"] and reason in info["action"]["error"], (reply, info["action"]["error"])
        assert reward == 0 and not terminated
        np.testing.assert_array_equal(env.unwrapped.board, board)
    obs, _, _, _, info = env.step("<answer>(1,1) (1,1)</answer>")  # the same tile twice
    assert not info["action"]["format_ok"] and "two different cells" in info["action"]["error"]
    native = ShisenShoEnv(rows=4, cols=4, kinds=4)
    native.reset(options={"board": board})
    _, _, _, _, info = native.step(native.action_set.action_of((0, 0), (0, 1)))
    assert info["illegal"] and not info["effective"]


def test_expert_clears_deals_in_text_and_native_mode():
    for arena_id, mode in (("omniarena/ShisenSho-v0", "native"), ("omniarena/ShisenSho-Easy-v0", "text")):
        env = omniarena.make(arena_id, action_mode=mode)
        expert = ShisenShoExpert(env)
        for seed in range(3):
            obs, _ = env.reset(seed=seed)
            expert.reset()
            terminated = truncated = False
            while not (terminated or truncated):
                obs, _, terminated, truncated, info = env.step(expert.act(obs))
            assert info["success"], (arena_id, seed)


def test_expert_on_a_dead_board_plays_removable_pairs_without_searching_again(monkeypatch):
    env = ShisenShoEnv(rows=4, cols=4, kinds=4)
    obs, _ = env.reset(options={"board": board_of(["AB..", "BA..", "CC..", "DD.."])})
    expert = ShisenShoExpert(env)
    calls = []
    real = solver.solve
    monkeypatch.setattr(solver, "solve", lambda board: calls.append(1) or real(board))
    terminated = False
    while not terminated:
        action = expert.act(obs)
        assert obs["action_mask"][action]
        obs, _, terminated, _, info = env.step(action)
    assert info["stuck"] and info["score"] == 2 and len(calls) == 1


def test_reset_board_option_is_checked():
    env = ShisenShoEnv(rows=4, cols=4, kinds=4)
    with pytest.raises(ValueError, match="4x4"):
        env.reset(options={"board": np.zeros((3, 3), dtype=int)})
    with pytest.raises(ValueError, match="even"):
        env.reset(options={"board": board_of(["A...", "....", "....", "...."])})


def test_board_constraints_are_checked():
    with pytest.raises(ValueError, match="rows"):
        ShisenShoEnv(rows=3, cols=4, kinds=2)
    with pytest.raises(ValueError, match="kinds"):
        ShisenShoEnv(rows=5, cols=5, kinds=5)  # 25 cells: no even split
    with pytest.raises(ValueError, match="traps"):
        ShisenShoEnv(traps=2.0)


# --- text and image -----------------------------------------------------------------------------------
def test_text_has_the_labelled_grid_and_rules_without_the_image():
    env = omniarena.make("omniarena/ShisenSho-Easy-v0", observe="text")
    obs, _ = env.reset(seed=1)
    text = obs["text"]
    board = env.unwrapped.board
    assert "     1  2  3  4" in text
    first_row = " ".join(rules.kind_code(int(v)) for v in board[0])
    assert f" 1  {first_row}" in text
    assert "ring" in text and "two turns" in text and "Cr is a red circle" in text
    lowered = env.unwrapped._rules().lower()
    assert "image" not in lowered and "picture" not in lowered
    assert not obs["image"].any()  # observe="text": blank
    assert "such pairs now" in text and "(1," not in text.split("Legal moves")[1]


def test_list_pairs_lists_exactly_the_removable_pairs():
    env = omniarena.make("omniarena/ShisenSho-Easy-v0", list_pairs=True)
    obs, _ = env.reset(seed=2)
    listed = obs["text"].split("removable pairs): ")[1].rstrip(".").split("; ")
    action_set = env.unwrapped.action_set
    assert sorted(action_set.parse(pair).action for pair in listed) == np.flatnonzero(obs["action_mask"]).tolist()


def test_image_shows_labels_tiles_and_the_last_path():
    env = ShisenShoEnv(rows=4, cols=4, kinds=4)
    obs, _ = env.reset(options={"board": board_of(["A..A", "BBCC", "DDCC", "BBDD"])})
    image = obs["image"]
    assert image.shape == env.observation_space["image"].shape and image.dtype == np.uint8
    cell = render.cell_size(4, 4)
    top, left = render.HEADER + render.LABEL_TOP, render.LABEL_LEFT

    def cell_pixels(img, row, col):  # padded coordinates
        return img[top + row * cell : top + (row + 1) * cell, left + col * cell : left + (col + 1) * cell]

    kinds = [cell_pixels(image, 1, 1), cell_pixels(image, 2, 1), cell_pixels(image, 2, 3), cell_pixels(image, 3, 1)]
    for x, y in itertools.combinations(kinds, 2):
        assert not np.array_equal(x, y)  # each kind looks different
    np.testing.assert_array_equal(cell_pixels(image, 1, 1), cell_pixels(image, 1, 4))  # equal kinds look equal
    gold = np.all(image == render._PATH, axis=-1)
    assert not gold.any()
    obs, *_ = env.step(env.action_set.action_of((0, 0), (0, 3)))
    gold = np.all(obs["image"] == render._PATH, axis=-1)
    assert gold[top + cell + cell // 2, left + 2 * cell + cell // 2]  # the straight path between them
    assert gold.sum() > cell  # a line, not a dot


def test_incremental_drawing_equals_drawing_afresh():
    env = ShisenShoEnv()
    obs, _ = env.reset(seed=4)
    rng = np.random.default_rng(4)
    for _ in range(12):
        obs, _, terminated, _, _ = env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
        fresh = render.render(env.board, env.last_path, env._status())  # a new painter: drawn from scratch
        np.testing.assert_array_equal(obs["image"], fresh)
        if terminated:
            break


# --- the parser ---------------------------------------------------------------------------------------
ACTIONS = CellPairActions(8, 8)
PAIR = ACTIONS.action_of((0, 1), (2, 3))  # (1,2) (3,4)


@pytest.mark.parametrize(
    "reply",
    [
        "(1,2) (3,4)",
        "(3,4) (1,2)",
        "<answer>(1,2) (3,4)</answer>",
        "<ANSWER> ( 1 , 2 ) ( 3 , 4 ) </ANSWER>",
        "I checked the path.\n<answer>(1, 2) and (3, 4)</answer>",
        "Both are red circles, so I remove (1,2) with (3,4).",
        "Action: r1c2 r3c4",
        "R1C2 -> R3C4",
        "row 1 column 2 and row 3 column 4",
        "row 1, col 2 to row 3, col 4",
        "B1 D3",
        "<answer>b1-d3</answer>",
        "1,2 3,4",
        "[1, 2] [3, 4]",
        "1 2 3 4",
        "match(1, 2, 3, 4)",
        '{"action": "(1,2) (3,4)"}',
        "```\n(1,2) (3,4)\n```",
    ],
)
def test_parser_accepts_the_documented_forms(reply):
    result = ACTIONS.parse(reply)
    assert result.ok, (reply, result.error)
    assert result.action == PAIR and ACTIONS.format(result.action) == "(1,2) (3,4)"


@pytest.mark.parametrize(
    "reply, error",
    [
        ("(1,2) (1,2)", "two different cells"),
        ("(0,2) (3,4)", "not a cell of the board"),
        ("(1,2) (9,4)", "not a cell of the board"),
        ("I1 A1", "not a cell of the board"),  # column I is 9 on an 8-wide board
        ("(1,2) (3,4) (5,6)", "ambiguous"),
        ("<answer>(1,2) (3,4) or (5,6) (7,8)</answer>", "ambiguous"),
        ("(1,2)", "no pair"),
        ("remove the two red circles", "names no cells"),
        ("", "empty"),
    ],
)
def test_parser_rejects_with_a_reason(reply, error):
    result = ACTIONS.parse(reply)
    assert not result.ok and result.action is None and error in result.error, (reply, result.error)


def test_echoed_observations_and_errors_are_no_answer():
    env = omniarena.make("omniarena/ShisenSho-Easy-v0")
    obs, _ = env.reset(seed=0)
    action_set = env.unwrapped.action_set
    assert not action_set.parse(obs["text"]).ok
    obs, *_ = env.step(action_set.format(int(np.flatnonzero(obs["action_mask"])[0])))
    assert "last pair removed" in obs["text"] and not action_set.parse(obs["text"]).ok
    board = board_of(["AB.A", "CCDD", "DDCC", "BDD."])
    env.reset(options={"board": board})
    for reply in ("(1,1) (1,2)", "(1,3) (1,4)", "(1,2) (4,1)", "(1,1) (1,1)", "(0,1) (1,1)", "(1,1)", "", "zz"):
        obs, _, _, _, info = env.step(reply)
        assert info["action"]["error"] and not action_set.parse(info["action"]["error"]).ok, reply
        assert not action_set.parse(obs["text"]).ok, reply


def test_tags_only_mode_needs_the_tag():
    assert not ACTIONS.parse("(1,2) (3,4) please", answer_format="tags").ok
    assert ACTIONS.parse("<answer>(1,2) (3,4)</answer>", answer_format="tags").action == PAIR


def test_format_parse_round_trip_and_space():
    actions = CellPairActions(12, 12)
    assert actions.native_space().n == 144 * 143 // 2
    for action in range(0, actions.n, 97):
        assert actions.parse(actions.format(action)).action == action
    assert not actions.is_legal(actions.n) and not actions.is_legal(-1) and not actions.is_legal(True)
    assert not actions.is_legal(1.0) and actions.is_legal(np.int64(3))


def test_two_boards_of_one_size_never_share_an_image():
    # Each env paints its own image in place; what leaves an env (observations, render()) is a copy.
    a, b = ShisenShoEnv(render_mode="rgb_array"), ShisenShoEnv(render_mode="rgb_array")
    obs_a, _ = a.reset(seed=1)
    obs_b, _ = b.reset(seed=2)
    rng = np.random.default_rng(0)
    for _ in range(6):
        for env, obs in ((a, obs_a), (b, obs_b)):
            obs, *_ = env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
            if env is a:
                obs_a = obs
            else:
                obs_b = obs
        for env, obs in ((a, obs_a), (b, obs_b)):
            np.testing.assert_array_equal(obs["image"], render.render(env.board, env.last_path, env._status()))
    shown = a.render()
    shown[...] = 0  # a user scribbling on render()'s image changes nothing inside the arena
    np.testing.assert_array_equal(a.observation()["image"], obs_a["image"])
