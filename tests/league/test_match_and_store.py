"""Matches and the store: forfeits with reasons, the tournament going on, WAL rows without duplicates, integrity."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import C4, RPS

from omniarena.league.config import ConfigError, load_config
from omniarena.league.match import AgentEntry, Match, play_match
from omniarena.league.store import IntegrityError, Store
from omniarena.league.tournament import run_tournament

sys.path.insert(0, str(Path(__file__).parent))  # league_agents, also for spawned workers

AGENTS = {
    "random": AgentEntry("random", "random"),
    "expert": AgentEntry("expert", "scripted", {"depth": 1}),
    "raises": AgentEntry("raises", "league_agents:Raises"),
    "slow": AgentEntry("slow", "league_agents:Slow", {"seconds": 3.0}),
    "garbage": AgentEntry("garbage", "league_agents:Garbage"),
}


def _match(arena: str, seats: tuple[str, ...], seed: int = 5) -> Match:
    return Match(arena, {"invalid": "terminate", **({"rounds": 3} if arena == RPS else {})}, seats, seed)


def test_a_match_ranks_the_winner_and_counts_every_seat() -> None:
    result = play_match(_match(C4, ("random", "expert")), AGENTS)
    assert result["error"] is None
    assert result["ranks"] == [1, 0] and result["returns"] == [-1.0, 1.0]
    assert all(steps > 0 for steps in result["steps"]) and result["forfeits"] == [False, False]


def test_the_same_match_plays_the_same_way() -> None:
    first = play_match(_match(RPS, ("random", "expert"), seed=11), AGENTS)
    second = play_match(_match(RPS, ("random", "expert"), seed=11), AGENTS)
    assert {k: v for k, v in first.items() if k != "seconds"} == {k: v for k, v in second.items() if k != "seconds"}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("raises", "agent raised RuntimeError: broken agent"), ("slow", "timeout"), ("garbage", "invalid-action policy")],
)
def test_an_agent_that_raises_times_out_or_answers_garbage_forfeits_with_the_reason(bad: str, reason: str) -> None:
    result = play_match(_match(RPS, (bad, "random")), AGENTS, move_timeout=0.5)
    assert result["error"] is None  # the game is finished: a forfeit, not a failure
    assert result["ranks"] == [1, 0] and result["forfeits"] == [True, False]
    assert reason in result["reasons"][0] and result["reasons"][1] is None


def test_the_store_is_wal_writes_each_match_once_and_reads_in_plan_order(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with Store(path) as store:
        late = play_match(_match(RPS, ("random", "expert")), AGENTS)
        early = play_match(_match(RPS, ("expert", "random")), AGENTS)
        assert store.record(late, ordinal=1) is True
        assert store.record(early, ordinal=0) is True
        assert store.record(late, ordinal=1) is False  # a duplicate is ignored
        assert [r["key"] for r in store.results()] == [early["key"], late["key"]]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT COUNT(*) FROM matches").fetchone()[0] == 2


def _config(depth: int = 1, rounds: int = 3) -> dict:
    return {
        "scheduler": {"kind": "round-robin", "games_per_pair": 2},
        "arenas": [{"id": RPS, "args": {"rounds": rounds}}],
        "agents": [
            {"name": "random", "spec": "random"},
            {"name": "freq", "spec": "scripted"},
            {"name": "raises", "spec": "league_agents:Raises"},
        ],
    }


def test_a_tournament_goes_on_past_a_broken_agent_and_resumes_without_replaying(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    summary = run_tournament(load_config(_config()), db)
    assert summary.planned == summary.stored == summary.played == 6 and summary.failed == 0
    with Store(db) as store:
        forfeited = [r for r in store.results() if "raises" in r["seats"]]
        assert len(forfeited) == 4 and all(r["ranks"][r["seats"].index("raises")] == 1 for r in forfeited)
    again = run_tournament(load_config(_config()), db)
    assert again.played == 0 and again.stored == 6


def test_a_changed_config_that_would_mix_results_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    config = _config()
    run_tournament(load_config(config), db)
    config["agents"][1]["args"] = {}  # same spec and arguments: fine
    run_tournament(load_config(config), db)
    config["agents"][0]["spec"] = "scripted"
    with pytest.raises(IntegrityError, match="agent 'random'"):
        run_tournament(load_config(config), db)
    with pytest.raises(IntegrityError, match="arguments"):
        run_tournament(load_config(_config(rounds=5)), db)


def test_a_bad_config_fails_early_with_the_fix() -> None:
    with pytest.raises(ConfigError, match="single-player"):
        load_config({"arenas": [{"id": "omniarena/NumberLine-v0"}], "agents": [{"name": "r", "spec": "random"}]})
    with pytest.raises(ConfigError, match="takes no argument dpeth"):
        load_config(
            {
                "arenas": [{"id": C4}],
                "agents": [{"name": "r", "spec": "random"}, {"name": "e", "spec": "scripted", "args": {"dpeth": 2}}],
            }
        )
    with pytest.raises(ConfigError, match="used twice"):
        load_config(
            {"arenas": [{"id": C4}], "agents": [{"name": "r", "spec": "random"}, {"name": "r", "spec": "scripted"}]}
        )
    with pytest.raises(ConfigError, match="only 1 agents"):
        load_config({"arenas": [{"id": C4}], "agents": [{"name": "r", "spec": "random"}]})
