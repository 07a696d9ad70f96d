"""The evaluation runner: parallel == inline, resume, errors as records, two-player seats, summaries."""

from __future__ import annotations

import json
import math

import pytest
from support import covered_arenas

import omniarena
from omniarena.agents import AGENT_KINDS, Agent, RandomAgent
from omniarena.tasks import evaluate, load_records, summarize
from omniarena.tasks.episode import EpisodeTally
from omniarena.tasks.eval import derive_seed, episode_key

ARENA = "omniarena/NumberLine-Medium-v0"


def without_timing(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


def test_parallel_matches_inline() -> None:
    inline = evaluate(ARENA, "random", episodes=6, seed=10, workers=1, progress=False)
    pooled = evaluate(ARENA, "random", episodes=6, seed=10, workers=2, progress=False)
    assert without_timing(inline) == without_timing(pooled)
    assert [r["seed"] for r in inline] == list(range(10, 16))
    assert len({r["return"] for r in inline}) > 1  # different seeds really give different episodes
    assert all(r["error"] is None and r["steps"] > 0 for r in inline)


def test_record_fields_count_the_agent_moves() -> None:
    (record,) = evaluate(ARENA, "scripted", episodes=1, seed=0, progress=False)
    assert record["success"] and record["return"] == 1.0
    assert record["format_ok"] == record["valid"] == record["effective"] == record["steps"]
    assert not record["forfeit"] and not record["truncated"]


def test_resume_runs_only_missing_episodes(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    first = evaluate(ARENA, "random", episodes=5, seed=0, out=out, progress=False)
    assert len(out.read_text().splitlines()) == 5
    second = evaluate(ARENA, "random", episodes=10, seed=0, out=out, progress=False)
    lines = out.read_text().splitlines()
    assert len(lines) == 10
    assert [json.loads(line)["seed"] for line in lines[5:]] == list(range(5, 10))
    assert second[:5] == first  # read back from the file, not replayed
    # A run killed mid-write leaves half a line: it is skipped and the next record starts on a new line.
    with out.open("a") as handle:
        handle.write('{"arena": "omniarena/NumberLine-Medium-v0", "agent": "ran')
    third = evaluate(ARENA, "random", episodes=12, seed=0, out=out, progress=False)
    assert [r["seed"] for r in third] == list(range(12))
    assert len(load_records(out)) == 12
    assert without_timing(third[:10]) == without_timing(second)


def test_resume_keys_on_agent_and_arena_arguments(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    evaluate(ARENA, "random", episodes=2, out=out, progress=False)
    evaluate(ARENA, "scripted", episodes=2, out=out, progress=False)
    evaluate(ARENA, "random", episodes=2, out=out, progress=False, invalid="terminate")
    assert len(load_records(out)) == 6


def test_observe_is_recorded_and_part_of_the_resume_key(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    first = evaluate(ARENA, "random", episodes=2, out=out, progress=False)
    assert [r["observe"] for r in first] == ["both", "both"]
    # A file written before records had "observe" resumes as "both", named or not.
    old = [{k: v for k, v in json.loads(line).items() if k != "observe"} for line in out.read_text().splitlines()]
    out.write_text("".join(json.dumps(r) + "\n" for r in old))
    again = evaluate(ARENA, "random", episodes=2, out=out, progress=False, observe="both")
    assert len(out.read_text().splitlines()) == 2
    assert without_timing(again) == without_timing(first)  # read back, "observe" filled in
    text = evaluate(ARENA, "random", episodes=2, out=out, progress=False, observe="text")
    assert [r["observe"] for r in text] == ["text", "text"] and all(r["error"] is None for r in text)
    assert len(load_records(out)) == 4  # observe="text" episodes are not the "both" ones


class CrashOnSeed(Agent):
    """Raises in the episode whose agent seed is ``derive_seed(3, 0)``."""

    def act(self, observation):
        if self.seed == derive_seed(3, 0):
            raise RuntimeError("boom")
        return "+"


def test_a_crashing_episode_is_recorded_not_fatal(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(AGENT_KINDS, "crashy", f"{__name__}:CrashOnSeed")
    out = tmp_path / "eval.jsonl"
    records = evaluate(ARENA, "crashy", episodes=5, seed=0, out=out, progress=False)
    errors = [r for r in records if r["error"]]
    assert [r["seed"] for r in errors] == [3]
    assert "RuntimeError: boom" in errors[0]["error"] and "traceback" in errors[0]
    (row,) = summarize(records)
    assert row.episodes == 4 and row.errors == 1
    # Resuming retries the failed episode only.
    monkeypatch.setattr(CrashOnSeed, "act", lambda self, obs: "+")
    again = evaluate(ARENA, "crashy", episodes=5, seed=0, out=out, progress=False)
    assert all(r["error"] is None for r in again)
    assert len(out.read_text().splitlines()) == 6


class LegalThenGarbage(RandomAgent):
    """Random legal moves for ``legal`` turns, then replies no arena reads as a move."""

    legal = 10

    def reset(self) -> None:
        self.turns = 0

    def act(self, observation):
        self.turns += 1
        return super().act(observation) if self.turns <= self.legal else "I am not sure what to do here."


def test_an_episode_that_ends_on_an_invalid_reply_keeps_the_arenas_verdict(monkeypatch) -> None:
    monkeypatch.setitem(AGENT_KINDS, "garbage-at-the-end", f"{__name__}:LegalThenGarbage")
    records = evaluate("omniarena/2048-Easy-v0", "garbage-at-the-end", episodes=3, progress=False, max_steps=12)
    for record in records:
        assert record["steps"] == 12 and record["valid"] == LegalThenGarbage.legal and record["truncated"]
        assert record["return"] > 0  # merges scored: a "return > 0" fallback would call this a success
        assert record["success"] is False


def test_success_is_the_last_verdict_reported_at_any_step() -> None:
    tally = EpisodeTally(total=5.0)
    tally.count({"success": False, "action": {"valid": True}})
    tally.count({"action": {"valid": False}})  # an invalid reply: no verdict
    tally.finish({"action": {"valid": False}})
    assert tally.success is False
    tally.count({"success": True})
    assert tally.success is True
    silent = EpisodeTally(total=1.0)  # an arena that never reports success: the return decides
    silent.count({})
    silent.finish({})
    assert silent.success is True and EpisodeTally(total=0.0).success is False


def test_agent_arguments_join_the_resume_key_only_when_given() -> None:
    old = json.dumps(["a", "random", None, 3, {}], sort_keys=True)
    assert episode_key("a", "random", None, 3, {}) == old == episode_key("a", "random", None, 3, {}, {}, {})
    assert episode_key("a", "random", None, 3, {}, {"x": 1}) != old
    assert episode_key("a", "o", None, 3, {}, {"api_key": "one"}) == episode_key(
        "a", "o", None, 3, {}, {"api_key": "2"}
    )


def test_bad_specs_fail_before_any_episode(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    with pytest.raises(ValueError, match="unknown agent 'nonsense'"):
        evaluate(ARENA, "nonsense", episodes=3, out=out, progress=False)
    with pytest.raises(ValueError, match="subprocess:<command>"):
        evaluate(ARENA, "subprocess:", episodes=3, out=out, workers=2, progress=False)
    with pytest.raises(ValueError, match="not an omniarena Agent"):
        evaluate(ARENA, "omniarena.tasks.eval:EvalJob", episodes=3, out=out, progress=False)
    with pytest.raises(ValueError, match="single-player"):
        evaluate(ARENA, "random", episodes=3, vs="random", progress=False)
    with pytest.raises(ValueError, match="single-player"):
        evaluate(ARENA, "random", episodes=3, vs_kwargs={"depth": 1}, progress=False)
    with pytest.raises(ValueError, match="takes no argument depth"):
        evaluate(ARENA, "random", episodes=3, out=out, agent_kwargs={"depth": 1}, workers=2, progress=False)
    with pytest.raises(ValueError, match="No module named 'nosuchmod'"):
        evaluate(ARENA, "nosuchmod:Agent", episodes=3, out=out, progress=False)
    with pytest.raises(omniarena.core.registry.gym.error.UnregisteredEnv):
        evaluate("omniarena/NoSuchGame-v0", "random", episodes=1, progress=False)
    assert not out.exists()


def two_player_arenas() -> list[str]:
    return [a.id for a in covered_arenas() if a.multi_agent and a.expert]


@pytest.mark.skipif(not two_player_arenas(), reason="no two-player arena with an expert registered")
def test_two_player_seats_alternate_and_results_are_from_the_agent_seat() -> None:
    arena = two_player_arenas()[0]
    records = evaluate(arena, "scripted", episodes=4, seed=0, vs="random", workers=2, progress=False)
    assert [r["seat"] for r in records] == ["player_0", "player_1", "player_0", "player_1"]
    assert all(r["vs"] == "random" and r["error"] is None for r in records)
    assert all(r["steps"] > 0 and r["valid"] == r["steps"] for r in records)
    default = evaluate(arena, "random", episodes=1, seed=0, progress=False)
    assert default[0]["vs"] == "random"


def test_summary_numbers() -> None:
    base = {"arena": "a", "agent": "x", "vs": None, "env_kwargs": {}, "error": None}
    records = [
        {**base, "return": 1.0, "success": True, "steps": 2, "format_ok": 2, "valid": 2, "effective": 1},
        {**base, "return": 3.0, "success": False, "steps": 4, "format_ok": 3, "valid": 2, "effective": 2},
        {**base, "return": None, "success": False, "steps": 0, "format_ok": 0, "valid": 0, "effective": 0,
         "error": "RuntimeError"},
    ]  # fmt: skip
    (row,) = summarize(records)
    assert (row.episodes, row.errors) == (2, 1)
    assert row.success_rate == 0.5 and row.mean_return == 2.0
    assert row.se_return == pytest.approx(math.sqrt(2.0 / 2))
    assert row.format_ok_rate == pytest.approx(5 / 6) and row.valid_rate == pytest.approx(4 / 6)
    assert row.effective_rate == pytest.approx(3 / 6) and row.mean_steps == 3.0


def test_summaries_keep_runs_with_other_modes_or_agent_arguments_apart() -> None:
    from omniarena.tasks.stats import summarize

    base = {"arena": "a/B-v0", "agent": "openai", "vs": None, "env_kwargs": {}, "return": 1.0, "success": True,
            "steps": 2, "format_ok": 2, "valid": 2, "effective": 2, "error": None}  # fmt: skip
    records = [
        base,
        {**base, "observe": "text"},
        {**base, "agent_kwargs": {"max_tokens": 64}},
        {**base, "observe": "both"},
    ]
    rows = summarize(records)
    assert [r.episodes for r in rows] == [2, 1, 1]
    assert "observe=text" in rows[1].env_kwargs and "max_tokens" in rows[2].agent_args
