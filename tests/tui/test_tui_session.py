"""The UI-free session the screens drive: seats, turn order, parse preview, recording, same game as `run`."""

from __future__ import annotations

import pytest

import omniarena
from omniarena.tasks.eval import EvalJob, play_episode
from omniarena.tui.session import Session


def test_single_player_session_steps_the_person_and_keeps_invalid_replies_as_moves() -> None:
    session = Session("omniarena/2048-v0", seed=1)
    env = omniarena.make("omniarena/2048-v0")
    obs, _ = env.reset(seed=1)
    assert session.text() == obs["text"] and session.waits_for_human and session.viewer == "agent"
    turn = session.submit("banana")[0]
    assert not turn.valid and "not an action" in turn.error and not session.done
    for move in ("left", "up", "down"):
        (turn,) = session.submit(move)
        obs, reward, *_ = env.step(move)
        assert turn.parsed == move and turn.reward == reward
    assert session.text() == obs["text"] and (session.image() == obs["image"]).all()
    assert session.episode.steps == 4
    session.close()
    session.close()  # harmless twice


def test_preview_is_the_parsed_action_or_the_reason_it_is_not_a_move() -> None:
    session = Session("omniarena/ConnectFour-v0", seed=0, vs="scripted")  # seed 0: the person is player_0
    assert session.seat == "player_0" and session.human_seats == ["player_0"]
    assert session.preview("I drop it in <answer>4</answer>").text == "column 4"
    assert session.preview("4").ok
    bad = session.preview("column 9")
    assert not bad.ok and bad.text
    assert not session.preview("   ").ok
    for _ in range(20):  # stack column 1 until it is full: the preview then says so before the move is played
        if session.done or not session.preview("1").ok:
            break
        session.submit("1")
        session.tick()
    assert not session.done  # seed 0: the expert blocks the column and it fills up
    full = session.preview("1")
    assert not full.ok and "not legal" in full.text
    assert session.preview("2").ok
    session.close()


def test_connect_four_against_the_expert_alternates_and_ends_with_opposite_returns() -> None:
    session = Session("omniarena/ConnectFour-v0", seed=1, vs="scripted")  # seed 1: the person is player_1
    assert session.seat == "player_1" and not session.waits_for_human  # player_0 (the expert) opens
    moves = 0
    while not session.done and moves < 100:
        if session.waits_for_human:
            legal = [c for c in "1234567" if session.preview(c).ok]
            session.submit(legal[0])
        else:
            session.tick()
        moves += 1
    assert session.done and "game over" in session.episode.outcome
    players = [t.player for t in session.episode.log]
    assert all(a != b for a, b in zip(players, players[1:], strict=False))
    returns = session.episode.returns
    assert returns["player_0"] == -returns["player_1"] and returns["player_0"] == 1  # the expert beats "column 1"
    with pytest.raises(RuntimeError, match="not the person's move"):
        session.submit("1")


def test_rock_paper_scissors_joint_step_waits_for_the_person_then_reveals_both_replies() -> None:
    session = Session("omniarena/RockPaperScissors-v0", seed=0, vs="random")
    assert session.info.api == "parallel" and session.waits_for_human
    assert session.submit("paper") == [] and not session.waits_for_human  # the opponent has not replied yet
    turns = session.tick()
    assert {t.player for t in turns} == {"player_0", "player_1"} and len(turns) == 2
    mine = next(t for t in turns if t.player == "player_0")
    theirs = next(t for t in turns if t.player == "player_1")
    assert mine.parsed == "paper" and mine.reward == -theirs.reward
    assert session.episode.returns["player_0"] == mine.reward
    session.close()


@pytest.mark.parametrize(
    ("arena", "agent", "vs"),
    [
        ("omniarena/NumberLine-v0", "scripted", None),
        ("omniarena/ConnectFour-v0", "scripted", "random"),
        ("omniarena/RockPaperScissors-v0", "random", "random"),
    ],
)
def test_watching_plays_the_game_omniarena_run_plays_with_the_same_seed(arena, agent, vs) -> None:
    seed = 3
    session = Session(arena, agent=agent, vs=vs, seed=seed)
    assert session.watching
    while not session.done:
        session.tick()
    tally, _ = play_episode(EvalJob(arena, agent, vs).resolved(), seed)
    assert session.episode.returns[session.seat] == tally.total
    seat_moves = [t for t in session.episode.log if t.player in (None, session.seat)]
    assert len(seat_moves) == tally.steps
    session.close()


def test_recording_toggle_records_from_the_next_episode(tmp_path) -> None:
    session = Session("omniarena/NumberLine-v0", agent="scripted", seed=0)
    where = session.set_recording(True, tmp_path)
    assert where is not None and not session.recording and session.recording_next
    session.reset()
    assert session.recording
    while not session.done:
        session.tick()
    assert list(where.glob("seed0*.jsonl")) and list(where.glob("seed0*.gif"))
    session.set_recording(False)
    session.reset(1)
    assert not session.recording
    session.close()
    assert not list(where.glob("seed1*"))


def test_an_opponent_for_a_single_player_arena_is_refused() -> None:
    with pytest.raises(ValueError, match="single-player"):
        Session("omniarena/2048-v0", vs="random")
