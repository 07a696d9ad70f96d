"""One env per worker and job: counted builds, the same episodes as fresh envs, every env closed.

``CountingNumberLine`` notes each construction and close (with its process id) in the file named by
``$OMNIARENA_TEST_ENV_LOG``, so builds are counted in spawned workers too: they inherit the variable,
import this module through the arena's entry point and register the test arena from the parent's
``ArenaInfo``.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import gymnasium as gym
import pytest
from support import covered_arenas

import omniarena
from omniarena.agents import AGENT_KINDS, Agent, EndpointDown
from omniarena.arenas.games.numberline.env import NumberLineEnv
from omniarena.core import registry
from omniarena.tasks import evaluate, evaluate_many, load_records
from omniarena.tasks.episode import Move
from omniarena.tasks.eval import EvalJob, play_episode
from omniarena.tasks.worker import JobEnv, derive_seed, run_inline, run_pooled

ARENA = "testns/Counting-v0"
LOG = "OMNIARENA_TEST_ENV_LOG"


class CountingNumberLine(NumberLineEnv):
    """NumberLine that notes its construction and close; ``delay`` seconds per step slow it down."""

    def __init__(self, high: int = 5, delay: float = 0.0, render_mode: str | None = None) -> None:
        super().__init__(high=high, render_mode=render_mode)
        self.delay = delay
        _note("build", self)

    def _apply(self, action: int):  # type: ignore[no-untyped-def]
        time.sleep(self.delay)
        return super()._apply(action)

    def close(self) -> None:
        _note("close", self)
        super().close()


def _note(event: str, env: object) -> None:
    path = os.environ.get(LOG)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {os.getpid()} {id(env)}\n")


def envs(log: Path) -> tuple[Counter[int], set[str], set[str]]:
    """Builds per process id, and the envs built and closed (``pid id``)."""
    rows = [line.split() for line in log.read_text().splitlines()] if log.exists() else []
    built = {f"{pid} {ident}" for event, pid, ident in rows if event == "build"}
    closed = {f"{pid} {ident}" for event, pid, ident in rows if event == "close"}
    return Counter(int(pid) for event, pid, _ in rows if event == "build"), built, closed


@pytest.fixture
def log(tmp_path, monkeypatch) -> Path:
    """Registers ``ARENA`` for this test (no scripted expert) and returns the log its envs write."""
    path = tmp_path / "envs.log"
    monkeypatch.setenv(LOG, str(path))
    omniarena.list_arenas()  # the shipped families register before the registries are copied
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(gym.envs.registration, "registry", dict(gym.envs.registration.registry))
    registry.register(ARENA, f"{__name__}:CountingNumberLine", kwargs={"high": 5}, max_steps=10)
    return path


def without_timing(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


def test_two_workers_build_two_envs_for_twenty_episodes(log: Path) -> None:
    pooled = evaluate(ARENA, "random", episodes=20, seed=0, workers=2, progress=False)
    per_process, built, closed = envs(log)
    assert sorted(per_process.values()) == [1, 1] and os.getpid() not in per_process
    assert closed == built
    log.unlink()
    inline = evaluate(ARENA, "random", episodes=20, seed=0, workers=1, progress=False)
    per_process, built, closed = envs(log)
    assert per_process == {os.getpid(): 1} and closed == built
    assert without_timing(pooled) == without_timing(inline)
    assert all(r["error"] is None and r["steps"] > 0 for r in inline)


def test_each_worker_builds_one_env_per_job(log: Path) -> None:
    jobs = [EvalJob(ARENA, "random"), EvalJob(ARENA, "random", env_kwargs={"high": 8})]
    records = evaluate_many(jobs, episodes=6, workers=2, progress=False)
    per_process, built, closed = envs(log)
    assert sorted(per_process.values()) == [2, 2] and closed == built
    assert [r["env_kwargs"] for r in records] == [{}] * 6 + [{"high": 8}] * 6


def test_reused_envs_play_the_episodes_of_fresh_envs(log: Path) -> None:
    reused = evaluate(ARENA, "random", episodes=8, seed=3, progress=False)
    fresh = [play_episode(EvalJob(ARENA, "random"), seed)[0] for seed in range(3, 11)]
    assert [(r["return"], r["steps"], r["success"]) for r in reused] == [(t.total, t.steps, t.success) for t in fresh]
    assert len({r["return"] for r in reused}) > 1


def deterministic_arenas() -> list[str]:
    # The runner's episode loops are the gym and AEC ones (omniarena.tasks.episode).
    return [a.id for a in covered_arenas() if a.deterministic and a.api != "parallel"]


@pytest.mark.parametrize("arena", deterministic_arenas())
def test_every_arena_shows_the_same_moves_on_a_reused_env(arena: str) -> None:
    job = EvalJob(arena, "random", env_kwargs={"max_steps": 25}).resolved()

    def moves(play) -> list[tuple]:  # type: ignore[no-untyped-def]
        seen: list[Move] = []
        tally, _ = play(seen.append)
        return [(m.player, m.text, m.reply, m.reward) for m in seen] + [(tally.seat, tally.total, tally.steps)]

    with JobEnv(job) as env:
        reused = [moves(lambda on_step, s=seed: env.play(s, on_step=on_step)) for seed in range(3)]
    fresh = [moves(lambda on_step, s=seed: play_episode(job, s, on_step=on_step)) for seed in range(3)]
    assert reused == fresh


class Interrupts(Agent):
    """Plays "+", and presses Ctrl-C in the episode with seed 2 (its agent seed)."""

    def act(self, observation):
        if self.seed == derive_seed(2, 0):
            raise KeyboardInterrupt
        return "+"


class Crashes(Interrupts):
    def act(self, observation):
        try:
            return super().act(observation)
        except KeyboardInterrupt:
            raise RuntimeError("boom") from None


def test_ctrl_c_in_an_episode_closes_the_env_and_keeps_finished_records(log: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(AGENT_KINDS, "interrupts", f"{__name__}:Interrupts")
    out = tmp_path / "eval.jsonl"
    with pytest.raises(KeyboardInterrupt):
        evaluate(ARENA, "interrupts", episodes=5, out=out, progress=False)
    _, built, closed = envs(log)
    assert len(built) == 1 and closed == built
    assert [r["seed"] for r in load_records(out)] == [0, 1]


def test_an_episode_error_closes_the_env_and_the_next_episode_gets_a_new_one(log: Path, monkeypatch) -> None:
    monkeypatch.setitem(AGENT_KINDS, "crashes", f"{__name__}:Crashes")
    records = evaluate(ARENA, "crashes", episodes=5, progress=False)
    assert [r["seed"] for r in records if r["error"]] == [2]
    assert all(r["error"] is None for r in records if r["seed"] != 2)
    _, built, closed = envs(log)
    assert len(built) == 2 and closed == built


def test_stopping_a_pooled_run_closes_the_workers_envs(log: Path) -> None:
    todo = [(EvalJob(ARENA, "random", env_kwargs={"delay": 0.05}), seed) for seed in range(40)]
    with closing(run_pooled(todo, workers=2)) as records:
        first = next(records)  # then the consumer stops, as on Ctrl-C or a failed write
    assert first["error"] is None
    _, built, closed = envs(log)
    assert closed == built and 1 <= len(built) <= 2  # a worker stopped before its first episode built none
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("omniarena-eval")]


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_agent_specs_fail_before_any_env_is_built(log: Path, tmp_path, workers: int) -> None:
    out = tmp_path / "eval.jsonl"
    with pytest.raises(ValueError, match="unknown agent 'nosuch'"):
        evaluate(ARENA, "nosuch", episodes=4, workers=workers, out=out, progress=False)
    with pytest.raises(ValueError, match="has no scripted expert"):
        evaluate(ARENA, "scripted", episodes=4, workers=workers, out=out, progress=False)
    with pytest.raises(ValueError, match="unknown agent 'nosuch'"):
        evaluate("omniarena/ConnectFour-v0", "random", vs="nosuch", episodes=4, workers=workers, progress=False)
    assert not log.exists() and not out.exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_an_env_that_cannot_be_built_fails_the_evaluation(log: Path, tmp_path, workers: int) -> None:
    out = tmp_path / "eval.jsonl"
    with pytest.raises(ValueError, match="high must be >= 1"):
        evaluate(ARENA, "random", episodes=4, workers=workers, out=out, progress=False, high=0)
    assert load_records(out) == []


class Counts(Agent):
    """Plays "+" and counts 7 model tokens a move."""

    def act(self, observation):
        self.usage["total_tokens"] = self.usage.get("total_tokens", 0) + 7
        return "+"


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_reports_every_move_and_token(log: Path, workers: int) -> None:
    todo = [(EvalJob(ARENA, f"{__name__}:Counts"), seed) for seed in range(6)]  # workers import this module
    reports: list[tuple[int, int]] = []
    run = run_pooled(todo, workers, report=lambda *r: reports.append(r)) if workers > 1 else None
    with closing(run or run_inline(todo, report=lambda *r: reports.append(r))) as records:
        steps = sum(record["steps"] for record in records)
    assert sum(m for m, _ in reports) == steps and sum(t for _, t in reports) == 7 * steps


class GoesDown(Agent):
    """Plays "+"; in the episode with seed 2 its endpoint is down."""

    def act(self, observation):
        if self.seed == derive_seed(2, 0):
            raise EndpointDown("http://127.0.0.1:9/v1", "APIConnectionError: Connection error.", 3)
        return "+"


@pytest.mark.parametrize("workers", [1, 2])
def test_an_endpoint_down_stops_the_run_closes_every_env_and_stores_no_partial_episode(
    log: Path, tmp_path, workers: int
) -> None:
    out = tmp_path / "eval.jsonl"
    with pytest.raises(EndpointDown, match=r"http://127.0.0.1:9/v1 is not answering \(3 turns in a row\)"):
        evaluate(ARENA, f"{__name__}:GoesDown", episodes=6, workers=workers, out=out, progress=False)
    seeds = [r["seed"] for r in load_records(out)]
    assert 2 not in seeds and all(r["error"] is None for r in load_records(out))
    if workers == 1:
        assert seeds == [0, 1]
    _, built, closed = envs(log)
    assert closed == built and 1 <= len(built) <= workers  # a worker stopped early may not have built one
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("omniarena-eval")]
