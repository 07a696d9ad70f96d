"""Simultaneous-move arenas through the runner: evaluation, seats, recording (every registered parallel id)."""

from __future__ import annotations

import json

import pytest
from support import covered_arenas

import omniarena
from omniarena.tasks import evaluate

PARALLEL = [a.id for a in covered_arenas() if a.api == "parallel"]
pytestmark = pytest.mark.skipif(not PARALLEL, reason="no parallel arena registered")


@pytest.mark.parametrize("arena_id", PARALLEL)
def test_evaluate_plays_parallel_arenas_from_both_seats(arena_id: str) -> None:
    records = evaluate(arena_id, "random", episodes=4, vs="random", progress=False)
    assert [r["seat"] for r in records] == ["player_0", "player_1", "player_0", "player_1"]
    for record in records:
        assert record["error"] is None and record["steps"] > 0
        assert record["format_ok"] == record["valid"] == record["steps"]  # random replies are always legal
    again = evaluate(arena_id, "random", episodes=4, vs="random", progress=False)
    drop = {"seconds"}
    assert [{k: v for k, v in r.items() if k not in drop} for r in again] == [
        {k: v for k, v in r.items() if k not in drop} for r in records
    ]


@pytest.mark.parametrize("arena_id", PARALLEL)
def test_parallel_recorder_writes_one_line_per_joint_step(arena_id: str, tmp_path) -> None:
    from omniarena.wrappers import ParallelRecorder

    env = ParallelRecorder(omniarena.make_multi(arena_id), tmp_path, save_frames=False, video=None)
    observations, _ = env.reset(seed=0)
    steps = 0
    while env.agents:
        replies = {a: env.action_space(a).sample(observations[a].get("action_mask")) for a in env.agents}
        observations, *_ = env.step(replies)
        steps += 1
    env.close()
    lines = [json.loads(line) for line in (tmp_path / "seed0.jsonl").read_text().splitlines()]
    assert lines[0]["event"] == "reset" and len(lines) == steps + 1
    assert set(lines[1]["players"]) == set(env.possible_agents)
    assert all(p["action"]["valid"] for p in lines[1]["players"].values())
