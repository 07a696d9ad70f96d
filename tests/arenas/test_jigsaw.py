"""Jigsaw: each call's effect, rotation, single-turn scoring, the pair question, the rewards on hand-made
boards, image sources, the solver on bundled pictures, and replies that try to run code."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.jigsaw.actions import program_actions
from omniarena.arenas.jigsaw.bots import moves_for
from omniarena.arenas.jigsaw.env import JigsawEnv
from omniarena.arenas.jigsaw.images import BUNDLED, ImageSource, procedural_image
from omniarena.arenas.jigsaw.rewards import reward
from omniarena.arenas.jigsaw.rules import Board, scramble
from omniarena.arenas.jigsaw.solver import solve
from omniarena.tasks.episode import play_single


def board(rows: int, cols: int, pieces: list[int], turns: list[int] | None = None) -> Board:
    return Board(rows, cols, np.array(pieces, np.int16), np.array(turns or [0] * len(pieces), np.int8))


def arena(**kwargs) -> tuple[JigsawEnv, dict]:
    env = JigsawEnv(**kwargs)
    obs, _ = env.reset(seed=0, options={"image": 0})
    return env, obs


# --- rules -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("rows", "cols", "in_place"), [(2, 2, 0), (2, 2, 2), (3, 3, 4), (4, 5, 7), (8, 8, 0)])
def test_scramble_puts_exactly_k_pieces_in_place(rows: int, cols: int, in_place: int) -> None:
    for seed in range(20):
        start = scramble(rows, cols, in_place, rotation=False, rng=np.random.default_rng(seed))
        assert start.correct() == in_place
        assert sorted(start.pieces.tolist()) == list(range(rows * cols))


def test_scramble_is_seeded_and_refuses_n_minus_one() -> None:
    first = scramble(3, 3, 1, True, np.random.default_rng(5))
    second = scramble(3, 3, 1, True, np.random.default_rng(5))
    assert first.pieces.tolist() == second.pieces.tolist() and first.turns.tolist() == second.turns.tolist()
    with pytest.raises(ValueError, match="in_place"):
        scramble(2, 2, 3, False, np.random.default_rng(0))


def test_adjacency_counts_neighbours_in_the_solution_wherever_they_are() -> None:
    assert Board.solved(2, 3).adjacencies() == (7, 7)
    # Rows swapped: both rows keep their two horizontal neighbours, no vertical pair is right.
    swapped = board(2, 3, [3, 4, 5, 0, 1, 2])
    assert swapped.adjacencies() == (4, 7) and swapped.correct() == 0
    # 2 followed by 3 across a row end is not a neighbour pair (2 ends row 0 of the picture).
    assert board(2, 2, [1, 2, 0, 3]).adjacencies() == (0, 4)
    # A rotated piece breaks its pairs.
    assert board(2, 2, [0, 1, 2, 3], [0, 0, 0, 2]).adjacencies() == (2, 4)


# --- rewards on hand-made boards -----------------------------------------------------------------
def test_each_reward_on_hand_made_boards() -> None:
    start = board(2, 2, [1, 0, 3, 2])
    half = board(2, 2, [0, 1, 3, 2])
    solved = Board.solved(2, 2)
    assert reward("agile", start, solved, ended=True, turn_penalty=0.01) == pytest.approx(0.99)
    assert reward("agile", start, half, ended=True, turn_penalty=0.01) == pytest.approx(0.19)
    assert reward("agile", start, half, ended=False, turn_penalty=0.01) == pytest.approx(-0.01)
    assert reward("fraction", start, half, ended=True) == pytest.approx(0.5)
    assert reward("fraction", start, half, ended=False) == 0.0
    assert reward("adjacency", start, half, ended=True) == pytest.approx(1 / 4)  # only 1-2 across the top
    assert reward("dense", start, half, ended=False) == pytest.approx(2 / 4)
    assert reward("dense", half, start, ended=False) == pytest.approx(-2 / 4)
    with pytest.raises(ValueError, match="reward="):
        reward("points", start, half, ended=True)


# --- each call's effect -------------------------------------------------------------------------
def test_swap_by_position_and_by_cell_number() -> None:
    env, _ = arena(rows=2, cols=3)
    before = env.board.pieces.copy()
    env.step(env.action_set.from_calls([env.action_set.call("swap", "1,1", 6)]))
    assert env.board.pieces[0] == before[5] and env.board.pieces[5] == before[0]
    assert env.board.pieces[1:5].tolist() == before[1:5].tolist()


def test_rotate_turns_one_piece_clockwise_and_four_turns_undo_it() -> None:
    env, obs = arena(rows=2, cols=2, rotation=True)
    turns = env.board.turns.copy()
    tile = env.expert_state()["pieces"][3]
    env.step(env.action_set.from_calls([env.action_set.call("rotate", "2,2", 90)]))
    assert env.board.turns[3] == (turns[3] + 1) % 4
    np.testing.assert_array_equal(env.expert_state()["pieces"][3], np.rot90(tile, k=-1))
    env.step(
        env.action_set.from_calls([env.action_set.call("rotate", 4, 270)] + [env.action_set.call("rotate", 4, 90)] * 4)
    )
    assert env.board.turns.tolist() == turns.tolist()


def test_tools_change_the_image_but_not_the_board_and_observe_restores_it() -> None:
    env = omniarena.make("omniarena/Jigsaw-3x3-v0")
    obs, _ = env.reset(seed=2, options={"image": 0})
    arena_ = env.unwrapped
    pieces = arena_.board.pieces.copy()
    for reply in ("crop('board', [0, 0, 0.5, 0.5])", "zoom('2,2', 3)", "crop(5, [0.9, 0.9, 0.1, 0.1])"):
        view, *_ = env.step(reply)
        assert not np.array_equal(view["image"], obs["image"]), reply
        assert arena_.board.pieces.tolist() == pieces.tolist()
        assert "not the board" in view["text"]
    back, *_ = env.step("observe()")
    np.testing.assert_array_equal(back["image"][60:], obs["image"][60:])  # the header's turn counter moved on


def test_submit_ends_the_episode_and_skips_later_calls() -> None:
    env = omniarena.make("omniarena/Jigsaw-3x3-v0", reward="fraction")
    env.reset(seed=1)
    pieces = env.unwrapped.board.pieces.copy()
    _, value, terminated, _, info = env.step("submit()\nswap(1, 2)")
    assert terminated and info["calls_played"] == 1
    assert env.unwrapped.board.pieces.tolist() == pieces.tolist()
    assert value == pytest.approx(info["correct"] / 9)


def test_solving_ends_the_episode_with_agile_reward() -> None:
    env = omniarena.make("omniarena/Jigsaw-2x2-v0")
    env.reset(seed=0)
    arena_ = env.unwrapped
    current, turned = arena_.board.pieces.tolist(), [0] * 4
    moves = moves_for(current, turned, np.arange(4), np.zeros(4, np.int64))  # piece k to cell k
    reply = "\n".join(f"swap({a + 1}, {b + 1})" for _, a, b in moves)
    _, value, terminated, _, info = env.step(f"Let me fix it.\n<answer>\n{reply}\n</answer>")
    assert terminated and info["success"] and value == pytest.approx(0.99)


def test_running_out_of_turns_ends_the_episode() -> None:
    env = omniarena.make("omniarena/Jigsaw-2x2-v0", turns=2)
    env.reset(seed=0)
    _, _, terminated, _, info = env.step("zoom('board', 1.5)")
    assert not terminated and info["turns_left"] == 1
    _, _, terminated, _, info = env.step("observe()")
    assert terminated and info["turns_left"] == 0


# --- reply forms ----------------------------------------------------------------------------------
def test_call_forms_json_and_the_cap() -> None:
    actions = program_actions(3, 3, True, True, 16)
    canonical = "swap('1,1', '1,2')\nrotate('2,1', 90)"
    for reply in (
        canonical,
        "swap(1, 2); rotate(4, 90)",
        "swap(a='(1, 1)', b='r1c2'), rotate(p=[2, 1], degrees=-270)",
        '{"moves": [{"op": "swap", "a": "1,1", "b": "1,2"}, {"op": "rotate", "position": "2,1", "degrees": 90}]}',
        f"I will do this:\n```python\n{canonical}\n```",
        f"<answer>{canonical.upper()}</answer>",
    ):
        result = actions.parse(reply)
        assert result.ok, (reply, result.error)
        assert actions.format(result.action) == canonical
    too_many = "\n".join(["swap(1, 2)"] * 17)
    assert "at most 16" in actions.parse(too_many).error
    assert not actions.parse("swap(1, 2) or maybe swap(3, 4)").ok
    assert "off the board" in actions.parse("swap('4,1', '1,1')").error
    assert "multiple of 90" in actions.parse("rotate(1, 45)").error


SHELL = "touch pwned"


@pytest.mark.parametrize(
    "reply",
    [
        f"__import__('os').system('{SHELL}')",
        f"swap(__import__('os').system('{SHELL}'), 1)",
        f"os.system('{SHELL}')",
        "swap(1, 2).__class__",
        "lambda: swap(1, 2)",
        "[swap(i, i + 1) for i in range(3)]",
        "{swap(1, 2) for _ in 'ab'}",
        "swap(*[1, 2])",
        "import os\nswap(1, 2)",
        f"exec(\"import os; os.system('{SHELL}')\")",
        "x = swap(1, 2)",
        f"<answer>{{'moves': [{{'op': 'swap', 'a': __import__('os').system('{SHELL}')}}]}}</answer>",
    ],
)
def test_code_in_a_reply_is_invalid_and_never_runs(reply: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = omniarena.make("omniarena/Jigsaw-3x3-v0")
    env.reset(seed=0)
    pieces = env.unwrapped.board.pieces.copy()
    _, _, _, _, info = env.step(reply)
    assert not info["action"]["valid"] and info["action"]["error"], reply
    assert env.unwrapped.board.pieces.tolist() == pieces.tolist()
    assert not os.path.exists(tmp_path / "pwned")


def test_native_program_and_single_call_actions() -> None:
    env = omniarena.make("omniarena/Jigsaw-3x3-v0", action_mode="native")
    env.reset(seed=0)
    actions = env.unwrapped.action_set
    swap = actions.call("swap", "1,1", "3,3")
    before = env.unwrapped.board.pieces.copy()
    env.step(swap)  # one call action is a one-call program
    assert env.unwrapped.board.pieces[0] == before[8]
    program = actions.from_calls([swap, actions.call("swap", "1,1", "3,3")])
    assert program in env.action_space
    env.step(program)
    assert env.unwrapped.board.pieces[0] == before[8]  # swapped there and back


# --- single turn and pairs -----------------------------------------------------------------------
def test_single_turn_scores_the_arrangement() -> None:
    env = omniarena.make("omniarena/Jigsaw-Single-2x2-v0", rows=3, cols=3, reward="fraction")
    env.reset(seed=4)
    answer = np.argsort(env.unwrapped.board.pieces)  # cell holding piece k, for every position k
    text = "[" + ", ".join(str(int(c) + 1) for c in answer) + "]"
    _, value, terminated, _, info = env.step(f"The arrangement is <answer>{text}</answer>")
    assert terminated and info["success"] and value == 1.0
    env.reset(seed=4)
    wrong = answer.copy()
    wrong[[0, 1]] = wrong[[1, 0]]
    _, value, terminated, _, info = env.step(" ".join(str(int(c) + 1) for c in wrong))
    assert terminated and not info["success"] and value == pytest.approx(7 / 9)
    bad = env.unwrapped.action_set.parse("[1, 2, 3]")
    assert not bad.ok and "9 cells" in bad.error


def test_pair_question_reward_and_expert() -> None:
    env = omniarena.make("omniarena/Jigsaw-Pairs-3x3-v0", action_mode="native")
    expert = make_agent("expert", env, arena_id="omniarena/Jigsaw-Pairs-3x3-v0", seed=0)
    right = 0
    for seed in range(20):
        obs, _ = env.reset(seed=seed)
        truth = env.unwrapped.pair[2]
        _, value, terminated, _, info = env.step(expert.act(obs))
        assert terminated and info["success"] == (value == pytest.approx(1.0))
        right += info["success"]
        assert (value == pytest.approx(1.0)) == (env.unwrapped.answered and truth == env.unwrapped.pair[2])
    assert right >= 15


# --- images --------------------------------------------------------------------------------------
def test_user_images_by_directory_file_and_array(tmp_path: Path) -> None:
    picture = procedural_image(7, 120, 200)
    Image.fromarray(picture).save(tmp_path / "one.png")
    Image.fromarray(picture[:, ::-1]).save(tmp_path / "two.jpg")
    (tmp_path / "notes.txt").write_text("not a picture")
    assert len(ImageSource(str(tmp_path))) == 2
    assert len(ImageSource([tmp_path / "one.png", picture])) == 2
    env = JigsawEnv(rows=2, cols=4, images=picture)
    env.reset(seed=0)
    assert env.picture_name == "array 0"
    for bad, match in (
        (tmp_path / "missing", "neither"),
        (np.zeros((4, 4, 3), np.uint8), "at least"),
        ([], "non-empty"),
    ):
        with pytest.raises(ValueError, match=match):
            ImageSource(bad)


def test_procedural_pictures_follow_the_seed() -> None:
    env = omniarena.make("omniarena/Jigsaw-Procedural-3x3-v0")
    first = env.reset(seed=9)[0]["image"]
    again = env.reset(seed=9)[0]["image"]
    other = env.reset(seed=10)[0]["image"]
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_bad_arguments_fail_early_with_the_fix() -> None:
    for kwargs, match in (
        ({"rows": 9}, "rows must be 2..8"),
        ({"mode": "speed"}, "mode="),
        ({"reward": "points"}, "reward="),
        ({"mode": "single", "rotation": True}, "rotation=False"),
        ({"rows": 2, "cols": 2, "in_place": 3}, "in_place"),
    ):
        with pytest.raises(ValueError, match=match):
            JigsawEnv(**kwargs)


# --- the solver ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("rows", "cols"), [(2, 2), (3, 3)])
def test_solver_solves_bundled_puzzles(rows: int, cols: int) -> None:
    solved = 0
    for index in range(len(BUNDLED)):
        env = JigsawEnv(rows=rows, cols=cols)
        env.reset(seed=index, options={"image": index})
        cells, turns = solve(env.expert_state()["pieces"], rows, cols)
        solved += env.board.arranged(cells).solved_now and not turns.any()
    assert solved >= len(BUNDLED) - 1, f"{solved} of {len(BUNDLED)} solved"


def test_expert_solves_rotated_3x3_through_the_text_layer() -> None:
    env = omniarena.make("omniarena/Jigsaw-Rot-3x3-v0")
    agent = make_agent("expert", env, arena_id="omniarena/Jigsaw-Rot-3x3-v0", seed=0)
    wins = sum(play_single(env, agent, seed).total > 0.5 for seed in range(4))
    assert wins >= 3


def test_incremental_drawing_equals_a_full_redraw() -> None:
    from omniarena.arenas.jigsaw import render

    for arena_id, kwargs in (("omniarena/Jigsaw-Rot-3x3-v0", {}), ("omniarena/Jigsaw-3x3-v0", {"rows": 2})):
        env = omniarena.make(arena_id, **kwargs)
        env.reset(seed=0)
        arena_ = env.unwrapped
        for reply in (
            "swap(1, 2)\nswap(3, 4)",
            "swap(5, 6)",
            "zoom('board', 2)",
            "observe()",
            "swap(1, 6)\nswap(1, 6)",
        ):
            if "Rot" in arena_id:
                reply += "\nrotate(2, 90)"
            obs, *_ = env.step(reply)
            full = render.draw(arena_._board_pixels(), arena_.rows, arena_.cols, arena_._header())
            if arena_.view is None:
                np.testing.assert_array_equal(obs["image"], full, err_msg=f"{arena_id} after {reply!r}")


def test_pair_native_variant_plays_one_move_per_step() -> None:
    env = omniarena.make("omniarena/Jigsaw-Swap-3x3-v0", action_mode="native")
    env.reset(seed=0)
    assert env.action_space.nvec.tolist() == [9, 9]
    before = env.unwrapped.board.pieces.copy()
    _, _, _, _, info = env.step(np.array([0, 8]))
    assert env.unwrapped.board.pieces[0] == before[8] and info["turns_left"] == 29
    text = omniarena.make("omniarena/Jigsaw-Swap-3x3-v0")
    text.reset(seed=0)
    assert not text.step("swap(1, 2)\nswap(3, 4)")[4]["action"]["valid"]
    assert text.step("swap('1,1', '3,3')")[4]["action"]["valid"]
    rotating = JigsawEnv(native="pair", rotation=True)
    rotating.reset(seed=0)
    assert rotating.action_set.format(np.array([4, 9 + 1])) == "rotate('2,2', 180)"


def test_the_demo_runs_jigsaw_with_the_solver_and_random() -> None:
    from omniarena.cli import demo_jobs

    jobs = [job for job in demo_jobs() if "Jigsaw" in job.arena]
    assert {job.agent for job in jobs} == {"random", "scripted"}
