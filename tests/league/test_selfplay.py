"""The self-play API: PFSP sampling follows the learner's results, snapshots join the pool past the threshold."""

from __future__ import annotations

import collections

import pytest
from conftest import RPS

from omniarena.league.match import AgentEntry, Match, play_match
from omniarena.league.selfplay import League

POOL = [AgentEntry("weak", "random"), AgentEntry("strong", "scripted")]


def test_next_opponent_favours_the_opponents_the_learner_loses_to() -> None:
    league = League(POOL, weighting="squared", seed=1)
    assert league.weights("me") == pytest.approx({"weak": 0.5, "strong": 0.5})
    for _ in range(20):
        league.report({"learner": "me", "opponent": "weak", "score": 1.0})
        league.report({"learner": "me", "opponent": "strong", "score": 0.0})
    weights = league.weights("me")
    assert weights["strong"] > 0.95
    drawn = collections.Counter(league.next_opponent("me").name for _ in range(200))
    assert drawn["strong"] > 180


def test_variance_weighting_favours_opponents_of_the_learners_level() -> None:
    league = League(POOL, weighting="variance", seed=1)
    for _ in range(10):
        league.report({"learner": "me", "opponent": "weak", "score": 1.0})
        league.report({"learner": "me", "opponent": "strong", "score": 0.5})
    # x(1-x): 0.25 for the even opponent, (10.5/11)(0.5/11) = 0.043 for the beaten one
    assert league.weights("me")["strong"] == pytest.approx(0.25 / (0.25 + 10.5 * 0.5 / 121), rel=1e-4)


def test_a_snapshot_is_taken_when_the_win_rate_passes_the_threshold() -> None:
    taken = []

    def snapshot(learner: str, number: int) -> AgentEntry:
        taken.append((learner, number))
        return AgentEntry(f"{learner}-v{number}", "random")

    league = League(POOL, weighting="uniform", snapshot=snapshot, snapshot_threshold=0.75, min_games=8, window=8)
    for _ in range(8):
        assert league.report({"learner": "me", "opponent": "weak", "score": 0.0}) is None
    for _ in range(5):  # the last 8 games: 5 won of 8 < 0.75
        assert league.report({"learner": "me", "opponent": "weak", "score": 1.0}) is None
    new = league.report({"learner": "me", "opponent": "weak", "score": 1.0})
    assert new is not None and new.name == "me-v0" and taken == [("me", 0)]
    assert "me-v0" in league.pool and league.snapshots == [new]
    assert league.weights("me") == pytest.approx({"weak": 1 / 3, "strong": 1 / 3, "me-v0": 1 / 3})


def test_report_takes_a_played_match_result() -> None:
    league = League(POOL)
    result = play_match(
        Match(RPS, {"invalid": "terminate", "rounds": 3}, ("strong", "weak"), 4), {p.name: p for p in POOL}
    )
    league.report(result, learner="strong")
    score = 1.0 if result["ranks"][0] < result["ranks"][1] else 0.5 if result["ranks"][0] == result["ranks"][1] else 0.0
    assert league.win_rate("strong", "weak") == pytest.approx((score + 0.5) / 2)
    with pytest.raises(ValueError, match="learner=NAME"):
        league.report(result)
