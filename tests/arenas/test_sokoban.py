"""Sokoban: moves and pushes, dead cells, the solver, generated levels, rewards, undo, move lists, parser, text, image."""

from __future__ import annotations

import numpy as np
import pytest

import omniarena
import omniarena.arenas.games.sokoban  # noqa: F401  (registers the ids until the games package lists it)
from omniarena.agents import make_agent
from omniarena.arenas.games.sokoban import rules
from omniarena.arenas.games.sokoban.actions import UNDO, MoveActions, MoveListActions, move_actions
from omniarena.arenas.games.sokoban.env import SokobanEnv
from omniarena.arenas.games.sokoban.generator import generate
from omniarena.arenas.games.sokoban.render import header_width, image_shape, sprite
from omniarena.arenas.games.sokoban.solver import solve

UP, DOWN, LEFT, RIGHT = range(4)
VARIANTS = [
    "omniarena/Sokoban-Easy-v0",
    "omniarena/Sokoban-v0",
    "omniarena/Sokoban-Hard-v0",
    "omniarena/Sokoban-Undo-v0",
    "omniarena/Sokoban-Multi-v0",
]
# (size, boxes, min_pushes) of the three difficulties.
DIFFICULTIES = [(6, 1, 3), (7, 2, 6), (8, 3, 12)]

# A corridor: the box at column 3 goes right twice onto the target at column 5.
CORRIDOR = ["#######", "#@$-.-#", "#######"]
# Two boxes in a row: the first cannot be pushed into the second.
TWO_BOXES = ["######", "#@$$.#", "#---.#", "######"]
SEVEN = [
    "#######",
    "#-----#",
    "#-@$-.#",
    "#-----#",
    "#-$---#",
    "#--.--#",
    "#######",
]


def state_of(rows: list[str]) -> rules.State:
    return rules.State.from_rows(rows)


def cell(state: rules.State, row: int, col: int) -> int:
    """Flat index of 1-based (row, column)."""
    return (row - 1) * state.room.width + (col - 1)


# --- rules ---------------------------------------------------------------------------------------
def test_walk_push_and_win():
    state = state_of(CORRIDOR)
    state, pushed = rules.move(state, RIGHT)
    assert pushed and state.player == cell(state, 2, 3) and state.boxes == {cell(state, 2, 4)}
    assert not state.solved
    state, pushed = rules.move(state, RIGHT)
    assert pushed and state.boxes == state.room.targets and state.solved and state.on_target == 1
    state, pushed = rules.move(state, LEFT)
    assert not pushed and state.player == cell(state, 2, 3), "walking away leaves the box"


def test_walls_and_blocked_pushes():
    state = state_of(TWO_BOXES)
    assert rules.move(state, UP) is None and rules.move(state, LEFT) is None  # walls
    assert rules.move(state, RIGHT) is None, "a box cannot be pushed into another box"
    assert rules.blocked_reason(state, RIGHT) == "the box there has another box behind it"
    assert rules.blocked_reason(state, UP) == "a wall is in the way"
    assert rules.blocked_reason(state, DOWN) is None
    assert rules.legal_moves(state).tolist() == [0, 1, 0, 0]
    against_wall = state_of(["#####", "#@$-#", "#--.#", "#####"])
    state, _ = rules.move(against_wall, RIGHT)
    assert rules.move(state, RIGHT) is None
    assert rules.blocked_reason(state, RIGHT) == "the box there has a wall behind it"


def test_moves_do_not_change_their_input():
    state = state_of(CORRIDOR)
    before = (state.player, state.boxes)
    rules.move(state, RIGHT)
    assert (state.player, state.boxes) == before


def test_legal_moves_match_moves():
    rng = np.random.default_rng(0)
    for seed in range(40):
        state = generate(np.random.default_rng(seed), 7, 2, 1).state
        for _ in range(30):
            mask = rules.legal_moves(state)
            assert mask.tolist() == [int(rules.move(state, d) is not None) for d in range(4)]
            state = rules.move(state, int(rng.choice(np.flatnonzero(mask))))[0]


def test_xsb_round_trip_and_bad_levels():
    state = state_of(SEVEN)
    assert state.grid() == SEVEN
    on_target = state_of(["#####", "#+*-#", "#-$-#", "#####"])
    assert on_target.player in on_target.room.targets and on_target.on_target == 1
    for bad in (["####", "#@$#", "####"], ["#####", "-@$.#", "#####"], ["#####", "#-$.#", "#####"]):
        with pytest.raises(ValueError):
            state_of(bad)


def test_dead_cells_are_the_corners_and_walls_off_target():
    state = state_of(SEVEN)
    live = state.room.live
    corners = [cell(state, r, c) for r, c in ((2, 2), (2, 6), (6, 2), (6, 6))]
    assert not live & set(corners), "a corner off target is dead"
    assert state.room.targets <= live
    # Along the top wall no box can ever come back down: dead. One row in from the wall: live.
    assert cell(state, 2, 4) not in live and cell(state, 3, 4) in live


# --- solver --------------------------------------------------------------------------------------
def play(state: rules.State, moves: tuple[int, ...]) -> rules.State:
    for move in moves:
        result = rules.move(state, move)
        assert result is not None, "the solution must only make legal moves"
        state = result[0]
    return state


def test_solver_finds_fewest_pushes():
    corridor = solve(state_of(CORRIDOR))
    assert corridor is not None and corridor.pushes == 2 and corridor.moves == (RIGHT, RIGHT)
    seven = state_of(SEVEN)
    solution = solve(seven)
    assert solution is not None and solution.pushes == 4
    assert play(seven, solution.moves).solved
    assert solve(play(seven, solution.moves)).moves == ()


def test_solver_reports_unsolvable():
    stuck = state_of(["######", "#$-@-#", "#---.#", "######"])  # box in a corner, off target
    assert solve(stuck) is None
    assert solve(state_of(TWO_BOXES)) is None  # neither box can reach a target
    assert solve(state_of(OPEN_SIX)).pushes == 4


# --- generated levels ------------------------------------------------------------------------------
@pytest.mark.parametrize("size, boxes, min_pushes", DIFFICULTIES)
def test_every_generated_level_is_solvable_and_hard_enough(size, boxes, min_pushes):
    for seed in range(200):
        level = generate(np.random.default_rng(seed), size, boxes, min_pushes)
        state = level.state
        assert (state.room.height, state.room.width) == (size, size)
        assert len(state.boxes) == len(state.room.targets) == boxes
        assert not state.boxes & state.room.targets, "no box starts on a target"
        assert state.boxes <= state.room.live, "no box starts on a dead cell"
        assert state.player not in state.boxes and state.player not in state.room.walls
        border = {c for c in range(size * size) if c < size or c >= size * (size - 1) or c % size in (0, size - 1)}
        assert border <= state.room.walls
        solution = solve(state)
        assert solution is not None, f"seed {seed}: not solvable"
        assert solution.pushes == level.min_pushes >= min_pushes, "reverse-play depth is the fewest pushes"
        assert play(state, solution.moves).solved


def test_generation_is_seeded_and_varied():
    first = generate(np.random.default_rng(7), 7, 2, 6).state
    assert generate(np.random.default_rng(7), 7, 2, 6).state == first
    others = {generate(np.random.default_rng(seed), 7, 2, 6).state for seed in range(20)}
    assert len(others) == 20


# --- environment: rewards, illegal moves, undo ---------------------------------------------------
def test_rewards_and_episode_end():
    env = SokobanEnv(size=7, boxes=2)
    obs, info = env.reset(seed=0, options={"level": SEVEN})
    assert info == {"success": False, "boxes_on_target": 0, "moves": 0, "pushes": 0, "min_pushes": 4}
    _, reward, terminated, _, info = env.step(RIGHT)  # box (3,4) -> (3,5)
    assert reward == pytest.approx(-0.1) and not terminated and info["pushes"] == 1
    _, reward, terminated, _, info = env.step(RIGHT)  # onto the target (3,6)
    assert reward == pytest.approx(0.9) and info["boxes_on_target"] == 1 and not terminated
    _, reward, _, _, info = env.step(DOWN)
    _, reward, _, _, info = env.step(RIGHT)
    _, reward, _, _, info = env.step(UP)  # push it up, off the target
    assert reward == pytest.approx(-1.1) and info["boxes_on_target"] == 0 and info["pushes"] == 3
    obs, info = env.reset(seed=0, options={"level": SEVEN})
    total = 0.0
    for move in solve(env.expert_state()).moves:
        _, reward, terminated, truncated, info = env.step(move)
        total += reward
    assert terminated and info["success"] and info["boxes_on_target"] == 2 and info["pushes"] == 4
    assert reward == pytest.approx(-0.1 + 1 + 10)
    assert total == pytest.approx(-0.1 * info["moves"] + 2 + 10)


OPEN_SIX = ["######", "#@$-.#", "#-$-.#", "#----#", "#----#", "######"]


def test_illegal_native_move_is_a_no_op():
    env = SokobanEnv(size=6, boxes=2)
    obs, _ = env.reset(options={"level": OPEN_SIX})
    assert obs["action_mask"].tolist() == [0, 1, 0, 1]
    before = env.expert_state()
    obs2, reward, terminated, truncated, info = env.step(UP)
    assert info["illegal"] and not info["effective"] and env.expert_state() is before
    assert reward == pytest.approx(-0.1) and not terminated and not truncated
    assert obs2["text"] == obs["text"]
    with pytest.raises(ValueError):
        env.step(4)  # out of the space: a programmer's mistake


def test_undo_restores_the_state_and_reverses_the_reward():
    env = SokobanEnv(size=7, boxes=2, undo=True)
    obs, info = env.reset(options={"level": SEVEN})
    assert env.action_space.n == 5 and obs["action_mask"][UNDO] == 0, "nothing to undo yet"
    start = env.expert_state()
    env.step(RIGHT)
    obs, reward, _, _, info = env.step(RIGHT)  # box onto the target
    assert reward == pytest.approx(0.9) and obs["action_mask"][UNDO] == 1
    obs, reward, _, _, info = env.step(UNDO)
    assert reward == pytest.approx(-1.1), "undoing a box onto a target takes its +1 back"
    assert info["boxes_on_target"] == 0 and info["moves"] == 1 and info["pushes"] == 1
    env.step(UNDO)
    assert env.expert_state() == start and env.action_mask()[UNDO] == 0
    obs, reward, _, _, info = env.step(UNDO)
    assert info["illegal"] and reward == pytest.approx(-0.1)


def test_undo_in_text_mode():
    env = omniarena.make("omniarena/Sokoban-Undo-v0")
    obs, _ = env.reset(seed=3)
    obs, _, _, _, info = env.step("<answer>undo</answer>")
    assert not info["action"]["valid"] and "no move to undo" in info["action"]["error"]
    legal = env.unwrapped.action_set.names[int(np.flatnonzero(obs["action_mask"])[0])]
    before = env.unwrapped.expert_state()
    env.step(legal)
    obs, _, _, _, info = env.step("Oops, take that back: <answer>undo</answer>")
    assert info["action"]["valid"] and env.unwrapped.expert_state() == before


def test_move_list_plays_in_order_and_stops_at_a_blocked_move():
    env = SokobanEnv(size=7, boxes=2, moves_per_reply=10)
    assert env.action_space.nvec.tolist() == [4] + [5] * 9
    env.reset(options={"level": SEVEN})
    actions = env.action_set
    obs, reward, _, _, info = env.step(actions.from_moves([RIGHT, RIGHT, RIGHT, DOWN]))
    assert info["moves_played"] == 2 and info["moves"] == 2 and reward == pytest.approx(-0.2 + 1)
    assert "played 2 of 4 moves; move 3 (right) was blocked (the box there has a wall behind it)" in obs["text"]
    obs, _, _, _, info = env.step(DOWN)  # a bare move index is a one-move list
    assert info["moves_played"] == 1 and "Your last list" not in obs["text"]
    obs, _, _, _, info = env.step(np.array([UP, 4, DOWN, 4, 4, 4, 4, 4, 4, 4]))  # moves end at the first stop
    assert info["moves_played"] == 1


def test_move_list_in_text_mode():
    env = omniarena.make("omniarena/Sokoban-Multi-v0")
    obs, _ = env.reset(seed=0)
    blocked = [name for name, ok in zip(rules.DIRECTIONS, obs["action_mask"], strict=True) if not ok]
    open_move = [name for name, ok in zip(rules.DIRECTIONS, obs["action_mask"], strict=True) if ok][0]
    if blocked:
        obs, _, _, _, info = env.step(f"<answer>{blocked[0]}, {open_move}</answer>")
        assert not info["action"]["valid"] and "first move" in info["action"]["error"]
    obs, _, _, _, info = env.step("<answer>" + ", ".join([open_move] * 11) + "</answer>")
    assert not info["action"]["format_ok"] and "at most 10" in info["action"]["error"]
    obs, _, _, _, info = env.step(f"I will go {open_move} first.\n<answer>{open_move}</answer>")
    assert info["action"]["valid"] and info["moves_played"] == 1


def test_expert_solves_every_variant_in_its_solution_length():
    for arena_id in VARIANTS:
        env = omniarena.make(arena_id, action_mode="native")
        expert = make_agent("expert", env, arena_id=arena_id)
        per_reply = env.unwrapped.action_set.max_moves
        for seed in range(10):
            obs, info = env.reset(seed=seed)
            expert.reset()
            steps = 0
            while True:
                obs, _, terminated, truncated, info = env.step(expert.act(obs))
                steps += 1
                if terminated or truncated:
                    break
            assert info["success"], f"{arena_id} seed {seed}"
            assert expert.solution.pushes == info["pushes"] == info["min_pushes"]
            assert info["moves"] == len(expert.solution.moves)
            assert steps == -(-len(expert.solution.moves) // per_reply)


def test_expert_undoes_out_of_a_dead_end():
    env = SokobanEnv(size=7, boxes=2, undo=True)
    obs, _ = env.reset(options={"level": SEVEN})
    for move in (DOWN, RIGHT, UP):  # pushes the box at (3,4) up against the top wall: dead
        obs, *_ = env.step(move)
    assert solve(env.expert_state()) is None
    expert = make_agent("expert", env, arena_id="omniarena/Sokoban-Undo-v0")
    while not env.expert_state().solved:
        obs, _, terminated, truncated, _ = env.step(expert.act(obs))
        assert not truncated
    assert terminated


def test_given_level_must_fit_and_be_solvable():
    env = SokobanEnv(size=7)
    with pytest.raises(ValueError, match="7x7"):
        env.reset(options={"level": CORRIDOR})
    with pytest.raises(ValueError, match="cannot be solved"):
        env.reset(options={"level": ["#######", "#$-@--#", "#---.-#", "#-----#", "#-----#", "#-----#", "#######"]})
    with pytest.raises(ValueError):
        SokobanEnv(size=11)


# --- parser --------------------------------------------------------------------------------------
SINGLE = move_actions(1, False)
LISTS = move_actions(10, False)


@pytest.mark.parametrize(
    "reply, move",
    [
        ("up", UP),
        ("U", UP),
        ("push up", UP),
        ("Move Left", LEFT),
        ("↓", DOWN),
        ("arrowright", RIGHT),
        ("east", RIGHT),
        ("**Right**", RIGHT),
        ("<answer>down</answer>", DOWN),
        ("Let me think. Going left hits a wall.\n<answer> r </answer>", RIGHT),
        ("Action: up", UP),
        ('{"action": "left"}', LEFT),
        ("```\ndown\n```", DOWN),
        ("I will push the box up.", UP),
    ],
)
def test_single_move_forms(reply, move):
    result = SINGLE.parse(reply)
    assert result.ok and result.action == move, result.error


@pytest.mark.parametrize("reply", ["up, up, left", "<answer>up left left</answer>", "uul", "up x3", "↑↑"])
def test_single_move_variants_refuse_lists(reply):
    result = SINGLE.parse(reply)
    assert not result.ok and "one move per reply" in result.error


@pytest.mark.parametrize(
    "reply, moves",
    [
        ("up, up, left", "up, up, left"),
        ("<answer>up left left</answer>", "up, left, left"),
        ("Plan: around the box.\n<answer>[Up, Right, Down]</answer>", "up, right, down"),
        ("<answer>uulD</answer>", "up, up, left, down"),
        ("<answer>↑↑←</answer>", "up, up, left"),
        ("<answer>up x3, left</answer>", "up, up, up, left"),
        ("<answer>up*2 l</answer>", "up, up, left"),
        ("<answer>push up twice then left</answer>", "up, up, left"),
        ("<answer>up -> right -> down</answer>", "up, right, down"),
        ('{"action": "down; down"}', "down, down"),
        ("Action: right", "right"),
        ("I should go left.", "left"),
    ],
)
def test_list_forms(reply, moves):
    result = LISTS.parse(reply)
    assert result.ok, result.error
    assert LISTS.format(result.action) == moves


@pytest.mark.parametrize(
    "reply, error",
    [
        ("<answer>" + "up " * 11 + "</answer>", "at most 10"),
        ("<answer>jump</answer>", "neither a move nor a plain list"),
        ("", "empty"),
        ("I could go up or left", "neither a move nor a plain list"),
    ],
)
def test_list_errors(reply, error):
    result = LISTS.parse(reply)
    assert not result.ok and error in result.error


def test_list_native_actions():
    assert isinstance(LISTS, MoveListActions) and isinstance(SINGLE, MoveActions)
    action = LISTS.from_moves([UP, LEFT])
    assert action.tolist() == [UP, LEFT] + [4] * 8 and action in LISTS.native_space()
    assert LISTS.format(action) == "up, left" and LISTS.format(RIGHT) == "right"
    assert LISTS.is_legal(action, [1, 0, 0, 0]) and not LISTS.is_legal(action, [0, 1, 1, 1])
    assert not LISTS.is_legal(np.array([4] * 10)) and not LISTS.is_legal("up") and not LISTS.is_legal(7)
    rng = np.random.default_rng(0)
    for _ in range(50):
        sample = LISTS.sample_legal(rng, [0, 0, 1, 0])
        assert sample in LISTS.native_space() and LISTS.moves_of(sample)[0] == LEFT
    with_undo = move_actions(10, True)
    assert with_undo.format(with_undo.parse("<answer>left, undo</answer>").action) == "left, undo"


def test_prompt_names_the_limit_and_the_forms():
    assert "one per reply" in SINGLE.describe() and "<answer>" in SINGLE.describe()
    text = LISTS.describe()
    assert "up to 10 per reply" in text and "up, up, left" in text and "stops at the first move that is blocked" in text
    assert "undo" in move_actions(1, True).describe() and "undo" not in SINGLE.describe()


# --- text and image ------------------------------------------------------------------------------
def test_text_gives_the_whole_state():
    env = SokobanEnv(size=7, boxes=2)
    obs, _ = env.reset(options={"level": SEVEN})
    text = obs["text"]
    assert "   1 2 3 4 5 6 7" in text and "3  # - @ $ - . #" in text
    assert "You are at (row, column) (3, 3). Boxes at (3, 4), (5, 3). Targets at (3, 6), (6, 4)." in text
    assert "Boxes on targets: 0 of 2" in text and "Legal moves: up, down, left, right." in text
    assert "image" not in text.lower() and "picture" not in text.lower()
    env.step(RIGHT)
    env.step(RIGHT)
    obs, *_ = env.step(RIGHT)
    assert "Blocked: right (the box there has a wall behind it)" in obs["text"]
    assert "3  # - - - @ * #" in obs["text"]
    env.set_observe("image")
    env.reset(options={"level": SEVEN})
    assert "You are at" not in env.observation()["text"] and "Legal moves" in env.observation()["text"]


def test_image_shows_the_state():
    env = SokobanEnv(size=7, boxes=2, render_mode="rgb_array")
    obs, _ = env.reset(options={"level": SEVEN})
    assert obs["image"].shape == (*image_shape(7, 7), 3) == env.observation_space["image"].shape
    assert obs["image"].dtype == np.uint8 and obs["image"].std() > 30
    np.testing.assert_array_equal(env.render(), obs["image"])
    moved, *_ = env.step(RIGHT)
    changed = np.argwhere((moved["image"] != obs["image"]).any(axis=2))
    assert len(changed), "a push changes the image"
    kinds = ("floor", "wall", "target", "box", "done", "player", "player_target")
    sprites = [sprite(kind, 54) for kind in kinds]
    for i, a in enumerate(sprites):
        for b in sprites[i + 1 :]:
            assert np.abs(a.astype(int) - b).mean() > 5, "every kind of cell looks different"
    env.set_observe("text")
    blank, _ = env.reset(options={"level": SEVEN})
    assert not blank["image"].any()


@pytest.mark.parametrize("size", range(5, 11))
def test_header_fits_every_room_size(size):
    width = image_shape(size, size)[1]
    assert header_width(4, 9999, 9999, solved=True) <= width and header_width(4, 9999, 9999, solved=False) <= width


def test_same_seed_same_level_in_every_variant():
    for arena_id in VARIANTS:
        a, _ = omniarena.make(arena_id).reset(seed=42)
        b, _ = omniarena.make(arena_id).reset(seed=42)
        c, _ = omniarena.make(arena_id).reset(seed=43)
        assert a["text"] == b["text"] and np.array_equal(a["image"], b["image"])
        assert a["text"] != c["text"]
