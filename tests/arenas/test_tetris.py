"""Tetris: the 7-bag, SRS rotation and kicks at walls, gravity, line clears and scoring, levels, hold,
block-out and lock-out, placements and their mask, text and image, the parser's forms, the expert."""

from __future__ import annotations

import numpy as np
import pytest

import omniarena
import omniarena.arenas.games.tetris  # noqa: F401  (registers the ids until the games package lists tetris)
from omniarena.agents import make_agent
from omniarena.arenas.games.tetris import rules
from omniarena.arenas.games.tetris.actions import action_set
from omniarena.arenas.games.tetris.bots import best_placement, evaluate
from omniarena.arenas.games.tetris.env import TetrisEnv
from omniarena.arenas.games.tetris.pieces import KINDS, SHAPES
from omniarena.arenas.games.tetris.render import COLORS
from omniarena.arenas.games.tetris.rules import BUFFER, HARD_DROP, HOLD, NOOP, ROTATE_CCW, ROTATE_CW, Game, Piece

KIND = {letter: index + 1 for index, letter in enumerate(KINDS)}
I, O, T, S, J, L = (KIND[k] for k in "IOTSJL")  # noqa: E741  (the pieces' own names)
VARIANTS = [
    "omniarena/Tetris-v0",
    "omniarena/Tetris-Easy-v0",
    "omniarena/Tetris-Hard-v0",
    "omniarena/Tetris-Placement-v0",
    "omniarena/Tetris-Placement-Easy-v0",
]
ACTIONS = action_set(10)


def new_game(seed: int = 0, **kwargs) -> tuple[Game, np.random.Generator]:
    rng = np.random.default_rng(seed)
    return Game(rng, **kwargs), rng


def fill(game: Game, *bottom_rows: str) -> None:
    """Settle blocks from strings ('#' filled), the last string being the bottom row of the well."""
    cells = np.zeros((game.rows, game.width), np.uint8)
    for offset, line in enumerate(reversed(bottom_rows)):
        cells[game.rows - 1 - offset] = [T if ch == "#" else 0 for ch in line]
    game.set_well(cells)


def put(game: Game, kind: int) -> None:
    """Make ``kind`` the falling piece, at its spawn position."""
    game.piece = game.spawn_position(kind)


def rows_from_bottom(game: Game, piece: Piece) -> list[int]:
    return sorted({game.rows - r for r, _ in piece.cells()})


# --- the 7-bag -------------------------------------------------------------------------------------


def piece_sequence(seed: int, count: int) -> list[int]:
    game, rng = new_game(seed)
    kinds = []
    for _ in range(count):
        kinds.append(game.piece.kind)
        game.act(HARD_DROP, rng)
        game.set_well(np.zeros_like(game.grid))  # keep the well empty so the game never ends
    return kinds


def test_every_seven_pieces_from_a_bag_boundary_are_a_permutation():
    kinds = piece_sequence(seed=3, count=70)
    for start in range(0, 70, 7):
        assert sorted(kinds[start : start + 7]) == list(range(1, 8)), kinds[start : start + 7]
    assert kinds[:7] != kinds[7:14] or kinds[7:14] != kinds[14:21]  # bags are shuffled independently


def test_the_bag_is_seeded():
    assert piece_sequence(5, 28) == piece_sequence(5, 28)
    assert piece_sequence(5, 28) != piece_sequence(6, 28)


def test_the_preview_shows_the_pieces_that_come_next():
    game, rng = new_game(1, preview=5)
    upcoming = list(game.queue[:5])
    seen = []
    for _ in range(5):
        game.act(HARD_DROP, rng)
        seen.append(game.piece.kind)
        game.set_well(np.zeros_like(game.grid))
    assert seen == upcoming


# --- spawning, rotation and kicks ------------------------------------------------------------------


def test_pieces_spawn_centred_at_the_top_of_the_well():
    game, _ = new_game()
    for kind in range(1, 8):
        piece = game.spawn_position(kind)
        columns = sorted({c for _, c in piece.cells()})
        assert piece.rotation == 0
        assert max(r for r, _ in piece.cells()) == BUFFER  # dropped one row: lowest cells in well row 20
        expected = {"I": [3, 4, 5, 6], "O": [4, 5]}.get(KINDS[kind - 1], [3, 4, 5])
        assert columns == expected, KINDS[kind - 1]


def test_shapes_follow_srs():
    assert SHAPES[T][1].picture() == ("#.", "##", "#.")
    assert SHAPES[I][1].picture() == ("#", "#", "#", "#") and SHAPES[I][1].left == 2
    assert SHAPES[S][0].picture() == (".##", "##.")
    assert SHAPES[J][3].picture() == (".#", ".#", "##")
    assert all(SHAPES[O][r].cells == SHAPES[O][0].cells for r in range(4))


def test_rotation_against_the_left_wall_kicks_the_piece_right():
    game, rng = new_game()
    put(game, T)
    game.piece = game.rotated(game.piece, 1)  # T pointing right: its box's left column is empty
    while game.fits(T, 1, game.piece.row, game.piece.col - 1):
        game.piece = game.piece._replace(col=game.piece.col - 1)
    assert game.piece.left == 0 and game.piece.col == -1
    turned = game.rotated(game.piece, 1)  # flat T needs the box's left column: the first kick (x+1) fits
    assert turned is not None and turned.rotation == 2 and turned.left == 0 and turned.col == 0
    game.act(ROTATE_CW, rng)
    assert game.piece.rotation == 2 and game.piece.left == 0


def test_i_piece_against_the_right_wall_kicks_two_columns():
    game, _ = new_game()
    put(game, I)
    vertical = game.rotated(game.piece, 1)
    for _ in range(10):
        if game.fits(I, 1, vertical.row, vertical.col + 1):
            vertical = vertical._replace(col=vertical.col + 1)
    assert vertical.left == 9
    flat = game.rotated(vertical, -1)  # R -> 0: (0,0) and (+2,0) leave the well, (-1, 0) fits
    assert flat is not None and flat.rotation == 0
    assert sorted(c for _, c in flat.cells()) == [6, 7, 8, 9]


def test_a_rotation_that_no_kick_fits_is_refused():
    game, rng = new_game()
    # An I lying in a one-row slot: every SRS offset for the vertical I hits a block.
    fill(game, *[".#########"] * 10, "..........", *[".#########"] * 9)
    slot = BUFFER + 10
    game.piece = Piece(I, 0, slot - 1, 3)  # the I's cells are in its box's second row
    assert sorted(game.piece.cells()) == [(slot, c) for c in range(3, 7)]
    assert game.rotated(game.piece, 1) is None and game.rotated(game.piece, -1) is None
    mask = game.primitive_mask()
    assert not mask[ROTATE_CW] and not mask[ROTATE_CCW]
    env = TetrisEnv()
    env.reset(seed=0)
    env.game, env._mask = game, None
    before = game.piece
    _, _, _, _, info = env.step(ROTATE_CW)
    assert info["illegal"] and env.game.piece == before


def test_turns_reach_every_rotation_in_open_space():
    game, _ = new_game()
    put(game, L)
    game.piece = game.piece._replace(row=10)
    for rotation in range(4):
        assert game.turned_to(game.piece, rotation).rotation == rotation


# --- gravity, locking ------------------------------------------------------------------------------


def test_the_piece_falls_one_row_every_gravity_ticks_and_locks_when_it_rests():
    game, rng = new_game(gravity=3)
    start = game.piece.row
    for tick in range(1, 7):
        game.act(NOOP, rng)
        assert game.piece.row == start + tick // 3
    game.piece = game.dropped(game.piece)
    kind = game.piece.kind
    for _ in range(3):
        game.act(NOOP, rng)
    assert game.pieces == 1 and (game.grid == kind).sum() == 4


def test_fall_speed_rises_with_the_level():
    speeds = [rules.ticks_per_row(8, level) for level in range(1, 12)]
    assert speeds[0] == 8 and speeds == sorted(speeds, reverse=True) and speeds[-1] == 1


# --- line clears, scoring, levels ------------------------------------------------------------------


@pytest.mark.parametrize("rows, points", [(1, 100), (2, 300), (3, 500), (4, 800)])
def test_line_clears_score_100_300_500_800_times_the_level(rows, points):
    for level in (1, 3):
        game, rng = new_game(start_level=level)
        fill(game, *["#########."] * rows, "#.########")
        put(game, I)
        gained = game.place(1, 9, rng)  # a vertical I down the right edge
        assert game.last_cleared == rows and game.lines == rows
        assert gained == points * level and game.score == points * level
        bottom = game.grid[-1]
        assert (bottom > 0).sum() == 9 and bottom[1] == 0  # the row that was not full dropped to the bottom
        if rows < 4:
            assert (game.grid[-2, 9] == I) and (game.grid[-2] > 0).sum() == 1  # the I's leftover cells stay


def test_cleared_rows_shift_the_rows_above_down():
    game, rng = new_game()
    fill(game, "#.........", "#########.", "#########.")
    put(game, I)
    game.place(1, 9, rng)  # clears the bottom two rows; the I's other two cells stay
    assert (game.grid[-1] > 0).tolist() == [True] + [False] * 8 + [True]
    assert game.grid[-2, 9] == I and (game.grid[-2] > 0).sum() == 1


def test_the_level_rises_every_ten_lines():
    game, rng = new_game()
    game.lines = 9
    fill(game, "#########.")
    put(game, I)
    game.place(1, 9, rng)
    assert game.lines == 10 and game.level == 2 and game.score == 100  # scored at the level it was cleared on
    game.lines = 39
    fill(game, "#########.")
    put(game, I)
    gained = game.place(1, 9, rng)
    assert gained == 400 and game.level == 5


# --- hold ------------------------------------------------------------------------------------------


def test_hold_once_per_piece_and_swaps():
    game, rng = new_game(4)
    first, following = game.piece.kind, game.queue[0]
    game.act(HOLD, rng)
    assert game.hold_kind == first and game.piece.kind == following and game.piece.rotation == 0
    assert game.hold_used and not game.primitive_mask()[HOLD]
    game.act(HARD_DROP, rng)
    assert game.primitive_mask()[HOLD]  # free again for the next piece
    current = game.piece.kind
    game.act(HOLD, rng)
    assert game.piece.kind == first and game.hold_kind == current


def test_a_second_hold_for_the_same_piece_is_illegal():
    env = TetrisEnv()
    env.reset(seed=2)
    env.step(HOLD)
    before = (env.game.piece, env.game.hold_kind)
    obs, _, _, _, info = env.step(HOLD)
    assert info["illegal"] and (env.game.piece, env.game.hold_kind) == before
    assert obs["action_mask"][HOLD] == 0 and "already used" in obs["text"]


def test_variants_without_hold_mask_it():
    env = omniarena.make("omniarena/Tetris-Hard-v0", action_mode="native")
    obs, _ = env.reset(seed=0)
    assert obs["action_mask"][HOLD] == 0 and "Hold: off." in obs["text"]


# --- game over -------------------------------------------------------------------------------------


def test_block_out_when_the_next_piece_cannot_enter():
    env = TetrisEnv()
    env.reset(seed=0)
    game = env.game
    blocked = np.zeros_like(game.grid)
    blocked[BUFFER - 1, 1:] = T  # the lower spawn-zone row is taken but for column 0
    game.set_well(blocked)
    game.piece = Piece(I, 1, game.rows - 4 - 1, -2)  # a vertical I at the left edge, clear of the blocks
    game.piece = game.dropped(game.piece)
    env._mask = None
    obs, reward, terminated, _, info = env.step(HARD_DROP)
    assert terminated and info["end"] == "block-out" and not info["success"]
    assert "Legal actions: none (game over: block-out)." in obs["text"]
    assert not obs["action_mask"].any()


def test_lock_out_when_a_piece_rests_entirely_in_the_spawn_zone():
    game, rng = new_game()
    fill(game, *[".#########"] * game.height)  # the whole well is full up to the spawn zone
    put(game, O)
    assert max(r for r, _ in game.piece.cells()) < BUFFER  # it could not drop into the well
    game.act(HARD_DROP, rng)
    assert game.over == "lock-out" and game.pieces == 1


def test_reaching_the_target_ends_the_episode_with_success():
    env = TetrisEnv(target_lines=2)
    env.reset(seed=0)
    fill(env.game, "#########.", "#########.")
    put(env.game, I)
    env._mask = None
    _, reward, terminated, _, info = env.step(ACTIONS.placement(1, 9))
    assert terminated and info["success"] and info["end"] == "target" and reward == 300


# --- placements and the mask -----------------------------------------------------------------------


def test_placements_put_the_leftmost_cell_in_the_named_column():
    game, _ = new_game()
    put(game, T)
    mask = game.placement_mask()
    for rotation in range(4):
        width = SHAPES[T][rotation].width
        assert np.flatnonzero(mask[rotation]).tolist() == list(range(0, 10 - width + 1))
        for column in range(10 - width + 1):
            landed = game.landing(rotation, column)
            assert landed.rotation == rotation and landed.left == column
            assert max(r for r, _ in landed.cells()) == game.rows - 1  # on the floor of the empty well


def test_the_mask_matches_the_placements_that_can_be_carried_out():
    env = omniarena.make("omniarena/Tetris-v0", action_mode="native")
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=9)
    checked = 0
    for _ in range(120):
        game = env.unwrapped.game
        mask = obs["action_mask"][8:].reshape(4, 10)
        for rotation in range(4):
            for column in range(10):
                assert bool(mask[rotation, column]) == (game.landing(rotation, column) is not None)
                checked += 1
        obs, _, terminated, truncated, _ = env.step(int(rng.choice(np.flatnonzero(obs["action_mask"]))))
        if terminated or truncated:
            obs, _ = env.reset(seed=checked)
    assert checked == 120 * 40


def test_a_wall_in_the_spawn_zone_blocks_placements_beyond_it():
    game, _ = new_game()
    cells = np.zeros_like(game.grid)
    cells[: BUFFER + 2, 1] = T  # a column of blocks at column 1, up through the spawn zone
    game.set_well(cells)
    put(game, O)
    mask = game.placement_mask()
    assert not mask[:, 0].any() and mask[0, 2:9].all()


# --- env, text, image ------------------------------------------------------------------------------


def test_text_shows_the_well_the_piece_and_the_counters():
    env = omniarena.make("omniarena/Tetris-v0")
    obs, info = env.reset(seed=0)
    text = obs["text"]
    game = env.unwrapped.game
    letter = game.piece.letter
    lines = text.splitlines()
    assert "     0 1 2 3 4 5 6 7 8 9" in lines
    assert letter in next(line for line in lines if line.startswith("20 | "))  # the piece entered the well
    assert " 1 | . . . . . . . . . . |" in text and "(spawn zone)" in text
    assert f"Falling piece: {letter}, rotation 0" in text and "rotation 3" in text
    assert "Next: " in text and "Hold: empty." in text and "Score 0. Rows cleared 0 of 40. Level 1." in text
    assert "Legal placements (place column C rotation R): rotation 0: columns" in text
    rules_text = env.unwrapped._rules().lower()
    assert "image" not in rules_text and "picture" not in rules_text
    assert info == {"score": 0, "lines": 0, "level": 1, "pieces": 0, "success": False, "end": ""}


def test_text_grid_marks_settled_blocks():
    env = TetrisEnv()
    env.reset(seed=0)
    fill(env.game, "##.#######")
    env._version += 1
    assert " 1 | # # . # # # # # # # |" in env.observation()["text"]


def test_image_draws_the_well_piece_and_panel():
    env = TetrisEnv(render_mode="rgb_array")
    obs, _ = env.reset(seed=0)
    image = env.render()
    assert image.shape == (492, 450, 3) == obs["image"].shape
    np.testing.assert_array_equal(image, obs["image"])
    colours = {tuple(c) for c in image.reshape(-1, 3)}
    assert COLORS[env.game.piece.letter] in colours  # the falling piece in its colour
    assert (255, 255, 255) in colours  # its rim (and the slots)
    obs, *_ = env.step(ACTIONS.placement(0, 0))
    assert not np.array_equal(obs["image"], image)


def test_observation_space_holds_every_variant():
    for arena_id in VARIANTS:
        env = omniarena.make(arena_id, action_mode="native")
        obs, _ = env.reset(seed=0)
        assert env.observation_space.contains(obs)
        assert omniarena.spec(arena_id).family == "Tetris"
    placement = omniarena.make("omniarena/Tetris-Placement-v0", action_mode="native")
    assert placement.action_space.n == 40
    assert omniarena.make("omniarena/Tetris-Easy-v0", action_mode="native").action_space.n == 8 + 32


def test_same_seed_same_actions_same_observations():
    def rollout():
        env = omniarena.make("omniarena/Tetris-v0", action_mode="native")
        obs, _ = env.reset(seed=42)
        trace = [(obs["text"], obs["image"])]
        for step in range(80):
            legal = np.flatnonzero(obs["action_mask"])
            obs, _, terminated, truncated, _ = env.step(int(legal[(7 * step) % len(legal)]))
            trace.append((obs["text"], obs["image"]))
            if terminated or truncated:
                obs, _ = env.reset(seed=43)
        return trace

    first, second = rollout(), rollout()
    assert [t for t, _ in first] == [t for t, _ in second]
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(first, second, strict=True))


# --- parser ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply, expected",
    [
        ("place column 4 rotation 1", "place column 4 rotation 1"),
        ("<answer>place 4 1</answer>", "place column 4 rotation 1"),
        ("<answer>column 4 rotation 1</answer>", "place column 4 rotation 1"),
        ("<answer>drop at 4 r1</answer>", "place column 4 rotation 1"),
        ("<answer>col 4, rot 1</answer>", "place column 4 rotation 1"),
        ("<answer>rotation 1 column 4</answer>", "place column 4 rotation 1"),
        ("<answer>(4, 1)</answer>", "place column 4 rotation 1"),
        ("4 1", "place column 4 rotation 1"),
        ("I think the gap on the left is best.\nAction: PLACE COLUMN 0 ROTATION 3", "place column 0 rotation 3"),
        ('{"action": "place 2 0"}', "place column 2 rotation 0"),
        ("I will put it in column 5 with rotation 2.", "place column 5 rotation 2"),
        ("<answer>rotate</answer>", "rotate cw"),
        ("<answer>CCW</answer>", "rotate ccw"),
        ("<answer>down</answer>", "soft drop"),
        ("<answer>drop</answer>", "hard drop"),
        ("<answer>wait</answer>", "noop"),
        ("<answer>swap</answer>", "hold"),
        ("<answer>l</answer>", "left"),
        ("I'll move right.", "right"),
        ("```\nhard drop\n```", "hard drop"),
    ],
)
def test_parser_reads_every_form(reply, expected):
    result = ACTIONS.parse(reply)
    assert result.ok, result.error
    assert ACTIONS.format(result.action) == expected


@pytest.mark.parametrize(
    "reply, error",
    [
        ("<answer>place column 12 rotation 0</answer>", "outside the well"),
        ("<answer>place column 3 rotation 5</answer>", "rotation 5 does not exist"),
        ("<answer>place 41</answer>", "is not an action"),
        ("I could go left or right", "ambiguous"),
        ("place column 4 rotation 1, or place column 5 rotation 0", "ambiguous"),
        ("", "empty reply"),
        ("<answer>fly away</answer>", "is not an action"),
    ],
)
def test_parser_refuses_with_a_reason(reply, error):
    result = ACTIONS.parse(reply)
    assert not result.ok and error in result.error, result.error


def test_placement_only_parser_has_no_primitives():
    placements = action_set(8, primitives=False)
    assert placements.n == 32 and placements.offset == 0
    assert not placements.parse("<answer>left</answer>").ok
    assert placements.format(placements.parse("drop at 7 r0").action) == "place column 7 rotation 0"
    assert "outside the well; use 0 to 7" in placements.parse("place 8 0").error


def test_an_unreachable_placement_in_text_is_invalid_with_a_reason():
    env = omniarena.make("omniarena/Tetris-v0")
    env.reset(seed=0)
    obs, _, _, _, info = env.step("<answer>place column 9 rotation 0</answer>")  # every piece is wider than 1
    assert not info["action"]["valid"] and "is not legal now" in info["action"]["error"]
    assert "invalid" in obs["text"].lower()


# --- expert ----------------------------------------------------------------------------------------


def test_evaluation_prefers_clearing_a_line_to_covering_a_hole():
    game, _ = new_game()
    fill(game, "#########.")
    put(game, I)
    value, rotation, column = best_placement(game, game.piece)
    assert (rotation % 2, column) == (1, 9)  # the vertical I into the gap
    assert value == evaluate(game, game.landing(rotation, column))


@pytest.mark.parametrize("arena_id", ["omniarena/Tetris-Placement-Easy-v0", "omniarena/Tetris-Easy-v0"])
def test_the_expert_reaches_the_target(arena_id):
    env = omniarena.make(arena_id, action_mode="native")
    agent = make_agent("scripted", env, arena_id=arena_id, seed=0)
    for seed in range(3):
        obs, info = env.reset(seed=seed)
        done = False
        while not done:
            obs, _, terminated, truncated, info = env.step(agent.act(obs))
            done = terminated or truncated
        assert info["success"] and info["end"] == "target", (seed, info)


def test_the_expert_plays_in_text_mode_too():
    env = omniarena.make("omniarena/Tetris-Placement-Easy-v0")
    agent = make_agent("scripted", env, arena_id="omniarena/Tetris-Placement-Easy-v0", seed=0)
    obs, _ = env.reset(seed=0)
    reply = agent.act(obs)
    assert reply.startswith("place column ")
    _, _, _, _, info = env.step(reply)
    assert info["action"]["valid"]
