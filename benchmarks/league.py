"""League throughput: scheduling and storage overhead per match, worker scaling, Ray's overhead per match.

Prints one JSON line per measurement, then one describing the machine:

- ``overhead``: a round-robin of scripted agents on a trivial game (Rock-Paper-Scissors, one round).
  ``league_own_ms_per_match``: ``run_tournament`` into a fresh SQLite store with an executor that hands back
  each match's result at once (played beforehand), so what is timed is the league's own work per match:
  planning, bookkeeping and the match's SQLite transaction. Also, end to end, the matches played inline by
  ``run_tournament`` against the same matches in a bare ``play_match`` loop on one env (no scheduler, no
  store); that difference is noisier (it holds the store's setup and the machine's load).
- ``scaling``: Connect Four, scripted experts (depth 4, random tie-breaks) against each other and random,
  through the local executor with 1 worker (inline) and 2 worker processes; matches/s and their ratio, over
  the whole run and steady (first result to last, without the workers' start).
- ``ray``: the same trivial matches through the Ray executor (a local Ray with 2 CPUs, started before the
  clock runs) against the local 2-worker pool; seconds per match of each, and Ray's extra per match.

    python benchmarks/league.py [--matches 400] [--c4-games 8] [--skip-ray]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from omniarena.league.config import load_config
from omniarena.league.executors import run_inline, run_pool
from omniarena.league.match import MatchEnvs, play_match
from omniarena.league.schedulers import make_scheduler
from omniarena.league.tournament import run_tournament

RPS = "omniarena/RockPaperScissors-v0"
C4 = "omniarena/ConnectFour-v0"


def trivial_config(matches: int) -> Any:
    """Six fixed-distribution RPS agents, one round a match: ``matches`` games over the 15 pairs."""
    per_pair = max(2, 2 * round(matches / 30))
    dists = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]]
    return load_config(
        {
            "scheduler": {"kind": "round-robin", "games_per_pair": per_pair},
            "arenas": [{"id": RPS, "args": {"rounds": 1}}],
            "agents": [
                {"name": f"p{i}", "spec": "omniarena.arenas.games.rps.bots:BiasedAgent", "args": {"p": d}}
                for i, d in enumerate(dists)
            ],
        }
    )


def c4_config(games: int) -> Any:
    return load_config(
        {
            "scheduler": {"kind": "round-robin", "games_per_pair": games},
            "arenas": [{"id": C4}],
            "agents": [
                {"name": "random", "spec": "random"},
                {"name": "d4a", "spec": "scripted", "args": {"depth": 4, "randomize": True}},
                {"name": "d4b", "spec": "scripted", "args": {"depth": 4, "randomize": True}},
            ],
        }
    )


CPU: list[float] = []  # the CPU time of this process over the last timed_run


def timed_run(config: Any, workers: int, executor: Any = "local") -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as scratch:
        start, cpu = time.perf_counter(), time.process_time()
        summary = run_tournament(config, Path(scratch) / "bench.sqlite", workers=workers, executor=executor)
        CPU[:] = [time.process_time() - cpu]
        return time.perf_counter() - start, summary.played


def stamped_run(config: Any, workers: int) -> tuple[float, int, float]:
    """Wall time and matches of a local run, and its steady rate: matches/s from the first result to the last
    (leaving out the start of the worker processes, which a long tournament pays once)."""
    stamps: list[float] = []

    def executor(tasks: Any) -> Any:
        runner = run_pool(tasks, config.agent_map, workers) if workers > 1 else run_inline(tasks, config.agent_map)
        for item in runner:
            stamps.append(time.perf_counter())
            yield item

    seconds, played = timed_run(config, workers, executor)
    return seconds, played, (len(stamps) - 1) / (stamps[-1] - stamps[0])


def bare(config: Any) -> tuple[float, int]:
    plan = make_scheduler(config).plan({})
    with MatchEnvs() as envs:
        play_match(plan[0], config.agent_map, envs)  # the env is built once, as in the tournament's first match
        start, cpu = time.perf_counter(), time.process_time()
        for match in plan:
            play_match(match, config.agent_map, envs)
        CPU[:] = [time.process_time() - cpu]
        return time.perf_counter() - start, len(plan)


def canned(config: Any) -> tuple[float, int]:
    """``run_tournament`` with an executor that answers each match with its result played beforehand:
    the time left is the league's own (planning, bookkeeping, one SQLite transaction per match)."""
    plan = make_scheduler(config).plan({})
    with MatchEnvs() as envs:
        results = {m.key: play_match(m, config.agent_map, envs) for m in plan}

    def instant(tasks: Any) -> Any:
        for ordinal, match in tasks:
            yield ordinal, results[match.key]

    return timed_run(config, 1, instant)


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matches", type=int, default=420, help="trivial matches for the overhead and Ray runs")
    parser.add_argument("--c4-games", type=int, default=16, help="Connect Four games per pair for the scaling run")
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()

    trivial = trivial_config(args.matches)
    own_seconds, count = canned(trivial)
    own_cpu = CPU[0]
    bare_seconds, _ = bare(trivial)
    bare_cpu = CPU[0]
    league_seconds, played = timed_run(trivial, 1)
    league_cpu = CPU[0]
    assert played == count
    emit(
        benchmark="overhead",
        matches=count,
        league_own_ms_per_match=round(1000 * own_seconds / count, 3),
        league_own_cpu_ms_per_match=round(1000 * own_cpu / count, 3),
        bare_cpu_ms_per_match=round(1000 * bare_cpu / count, 3),
        league_cpu_ms_per_match=round(1000 * league_cpu / count, 3),
        overhead_cpu_ms_per_match=round(1000 * (league_cpu - bare_cpu) / count, 3),
        bare_ms_per_match=round(1000 * bare_seconds / count, 3),
        league_ms_per_match=round(1000 * league_seconds / count, 3),
        overhead_ms_per_match=round(1000 * (league_seconds - bare_seconds) / count, 3),
    )

    c4 = c4_config(args.c4_games)
    one, n1, steady_one = stamped_run(c4, 1)
    two, n2, steady_two = stamped_run(c4, 2)
    emit(
        benchmark="scaling",
        arena=C4,
        matches=n1,
        one_worker_matches_per_s=round(n1 / one, 3),
        two_workers_matches_per_s=round(n2 / two, 3),
        speedup=round((n2 / two) / (n1 / one), 3),
        steady_one_worker_matches_per_s=round(steady_one, 3),
        steady_two_workers_matches_per_s=round(steady_two, 3),
        steady_speedup=round(steady_two / steady_one, 3),
    )

    if not args.skip_ray:
        import ray

        ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
        try:
            timed_run(trivial_config(30), 2, "ray")  # warm the Ray workers (imports) before the clock
            ray_seconds, n_ray = timed_run(trivial, 2, "ray")
        finally:
            ray.shutdown()
        pool_seconds, n_pool = timed_run(trivial, 2)
        emit(
            benchmark="ray",
            matches=n_ray,
            ray_ms_per_match=round(1000 * ray_seconds / n_ray, 3),
            pool_ms_per_match=round(1000 * pool_seconds / n_pool, 3),
            ray_extra_ms_per_match=round(1000 * (ray_seconds - pool_seconds) / n_ray, 3),
        )
    emit(machine=platform.machine(), cpus=os.cpu_count(), python=platform.python_version(), load=os.getloadavg())


if __name__ == "__main__":
    main()
