"""Schedulers: balanced pairs and sides, Swiss without repeats, ladder, least-played and PFSP stages."""

from __future__ import annotations

import collections
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import RPS, rps_config

from omniarena.league.config import ConfigError
from omniarena.league.match import Match
from omniarena.league.schedulers import Scheduler, make_scheduler, pfsp_weight, swiss_pairs


def _fake_result(match: Match, winner_seat: int | None) -> dict[str, Any]:
    ranks = [0, 0] if winner_seat is None else [0 if i == winner_seat else 1 for i in range(2)]
    return {"key": match.key, "seats": list(match.seats), "ranks": ranks}


def _play_out(scheduler: Scheduler, decide: Any) -> tuple[list[Match], dict[str, Any]]:
    """Run a scheduler to the end with ``decide(match) -> winner seat or None`` as the games."""
    done: dict[str, Any] = {}
    while True:
        plan = scheduler.plan(done)
        todo = [m for m in plan if m.key not in done]
        if not todo:
            return plan, done
        for match in todo:
            done[match.key] = _fake_result(match, decide(match))


def test_round_robin_plays_every_pair_equally_with_sides_balanced() -> None:
    config = rps_config({"kind": "round-robin", "games_per_pair": 4}, agents=5)
    scheduler = make_scheduler(config)
    plan = scheduler.plan({})
    assert len(plan) == scheduler.planned() == 10 * 4
    per_pair = collections.Counter(frozenset(m.seats) for m in plan)
    assert set(per_pair.values()) == {4} and len(per_pair) == 10
    first_seat = collections.Counter(m.seats for m in plan)
    for a, b in itertools.combinations([f"a{i}" for i in range(5)], 2):
        assert first_seat[(a, b)] == first_seat[(b, a)] == 2
    # side-swapped pairs share their seed; keys are all distinct
    by_seed = collections.defaultdict(list)
    for m in plan:
        by_seed[m.seed].append(m.seats)
    assert all(len(s) == 2 and s[0] == s[1][::-1] for s in by_seed.values())
    assert len({m.key for m in plan}) == len(plan)


def test_seeds_do_not_move_when_an_agent_joins() -> None:
    before = make_scheduler(rps_config(agents=3)).plan({})
    after = make_scheduler(rps_config(agents=4)).plan({})
    assert {m.key for m in before} <= {m.key for m in after}


def test_games_per_pair_must_be_even() -> None:
    with pytest.raises(ConfigError, match="even"):
        rps_config({"kind": "round-robin", "games_per_pair": 3})


def test_an_unknown_scheduler_parameter_names_the_accepted_ones() -> None:
    with pytest.raises(ConfigError, match="takes games_per_pair, rounds"):
        rps_config({"kind": "swiss", "round": 3})


def test_gauntlet_plays_the_challenger_against_the_field() -> None:
    plan = make_scheduler(rps_config({"kind": "gauntlet", "challenger": "a1", "games_per_pair": 2}, agents=4)).plan({})
    assert len(plan) == 6 and all("a1" in m.seats for m in plan)
    assert collections.Counter(m.seats.index("a1") for m in plan) == {0: 3, 1: 3}


@dataclass(frozen=True)
class _Arena:
    id: str
    players: int

    def env_kwargs(self) -> dict[str, Any]:
        return {}


def test_an_n_player_group_plays_every_rotation_of_its_seats() -> None:
    scheduler = make_scheduler(rps_config())
    matches = scheduler.group_games(_Arena("x/Three-v0", 3), ("p", "q", "r"), 6)
    assert [m.seats for m in matches] == [("p", "q", "r"), ("q", "r", "p"), ("r", "p", "q")] * 2
    for name in "pqr":
        assert collections.Counter(m.seats.index(name) for m in matches) == {0: 2, 1: 2, 2: 2}


def test_swiss_pairs_never_repeat_a_pair_while_another_pairing_exists() -> None:
    config = rps_config({"kind": "swiss", "rounds": 5, "games_per_pair": 2}, agents=6)
    scheduler = make_scheduler(config)
    order = {f"a{i}": i for i in range(6)}
    # a lower index always wins: standings diverge and the pairing search has to avoid repeats
    plan, done = _play_out(scheduler, lambda m: 0 if order[m.seats[0]] < order[m.seats[1]] else 1)
    _, rounds = scheduler.arena_plan(config.arenas[0], done)
    assert len(rounds) == 5 and all(len(r) == 3 for r in rounds)
    pairs = [frozenset(p) for r in rounds for p in r]
    assert len(pairs) == len(set(pairs)) == 15  # 5 rounds of 6 agents: every pair once, none twice
    assert len(plan) == scheduler.planned() == 30
    assert {m.stage for m in plan} == {f"swiss-{n}" for n in range(1, 6)}


def test_swiss_pairs_leaders_together_and_gives_an_odd_agent_out_a_bye() -> None:
    pairs, bye = swiss_pairs(["w", "x", "y", "z", "v"], played=set(), byes={})
    assert pairs == [("w", "x"), ("y", "z")] and bye == "v"
    pairs, bye = swiss_pairs(["w", "x", "y", "z", "v"], played={frozenset("wx")}, byes={"v": 1})
    assert ("w", "x") not in pairs and bye == "z"


def test_the_ladder_stops_at_the_first_rung_the_challenger_cannot_beat() -> None:
    config = rps_config({"kind": "ladder", "challenger": "a0", "rungs": ["a1", "a2", "a3"], "games_per_pair": 2})
    scheduler = make_scheduler(config)
    plan, done = _play_out(
        scheduler,
        lambda m: m.seats.index("a0") if "a3" not in m.seats and "a2" not in m.seats else 1 - m.seats.index("a0"),
    )
    assert [sorted(set(m.seats) - {"a0"}) for m in plan] == [["a1"], ["a1"], ["a2"], ["a2"]]
    assert scheduler.rung_reached(RPS, done) == 1
    assert scheduler.planned() == 6


def test_least_played_keeps_pair_counts_within_one_side_swapped_pair() -> None:
    config = rps_config({"kind": "least-played", "matches": 14}, agents=4)
    plan = make_scheduler(config).plan({})
    assert len(plan) == 14
    for cut in range(2, 15, 2):
        counts = collections.Counter(frozenset(m.seats) for m in plan[:cut])
        full = [counts.get(frozenset(p), 0) for p in itertools.combinations([f"a{i}" for i in range(4)], 2)]
        assert max(full) - min(full) <= 2


@pytest.mark.parametrize(
    ("weighting", "x", "expected"),
    [("squared", 0.25, 0.5625), ("variance", 0.25, 0.1875), ("linear", 0.25, 0.75), ("uniform", 0.9, 1.0)],
)
def test_pfsp_weights(weighting: str, x: float, expected: float) -> None:
    assert pfsp_weight(x, weighting) == pytest.approx(expected)


def test_pfsp_draws_more_games_against_the_opponents_the_learner_loses_to() -> None:
    config = rps_config({"kind": "pfsp", "learner": "a0", "matches": 80, "batch": 4, "weighting": "squared"}, agents=4)
    scheduler = make_scheduler(config)
    # a0 always beats a1 and a2, always loses to a3
    plan, _ = _play_out(scheduler, lambda m: m.seats.index("a0") if "a3" not in m.seats else m.seats.index("a3"))
    assert len(plan) == 80 == scheduler.planned()
    games = collections.Counter(next(s for s in m.seats if s != "a0") for m in plan)
    assert games["a3"] > games["a1"] + games["a2"]
