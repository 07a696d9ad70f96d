"""The evaluation runner: many seeded episodes of an agent in an arena, in parallel, resumable.

Episode ``i`` uses seed ``seed + i``. Episodes run in a process pool (``workers > 1``; every piece is
top-level and picklable, so it works under ``spawn``) or inline (``workers=1``), and each finished
episode is appended to ``out`` as one JSON line and flushed at once. Re-running with the same ``out``
resumes: an episode whose key (arena, agent, opponent, seed, arena arguments) is already in the file
without an error is not played again; episodes that ended in an error are retried.

In two-player arenas the evaluated agent sits in seat ``player_{seed % players}`` (so seats swap every
other game) against ``vs``, and every number in its record is from its own seat.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import re
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from omniarena.agents import make_agent
from omniarena.core.registry import make, make_multi, spec
from omniarena.tasks.episode import EpisodeTally, OnStep, play_single, play_turns

__all__ = ["EvalJob", "evaluate", "evaluate_many", "play_episode", "run_episode", "load_records", "episode_key"]

logger = logging.getLogger(__name__)

DEFAULT_OPPONENT = "random"
_AGENT_ROLE, _OPPONENT_ROLE = 0, 1


@dataclass(frozen=True)
class EvalJob:
    """One (arena, agent, opponent, arena arguments) combination to evaluate."""

    arena: str
    agent: str
    vs: str | None = None
    env_kwargs: dict[str, Any] = field(default_factory=dict)

    def resolved(self) -> EvalJob:
        """Check the arena id and fill in the default opponent of multi-player arenas."""
        info = spec(self.arena)
        if info.multi_agent:
            return EvalJob(self.arena, self.agent, self.vs or DEFAULT_OPPONENT, dict(self.env_kwargs))
        if self.vs is not None:
            raise ValueError(f"{self.arena} is single-player; --vs/vs= only applies to multi-player arenas")
        return self


def episode_key(arena: str, agent: str, vs: str | None, seed: int, env_kwargs: dict[str, Any] | None) -> str:
    """What identifies an episode in a results file."""
    return json.dumps([arena, agent, vs, int(seed), env_kwargs or {}], sort_keys=True, default=str)


def record_key(record: dict[str, Any]) -> str:
    return episode_key(record["arena"], record["agent"], record.get("vs"), record["seed"], record.get("env_kwargs"))


def derive_seed(seed: int, role: int) -> int:
    """An independent seed for one role (agent, opponent) of the episode with ``seed``."""
    return int(np.random.SeedSequence([int(seed), role]).generate_state(1)[0])


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def recording_dir(root: str | Path, job: EvalJob) -> Path:
    """Where the recordings of ``job`` go: ``root/<arena>/<agent>[-vs-<opponent>]``."""
    who = job.agent if job.vs is None else f"{job.agent}-vs-{job.vs}"
    return Path(root) / _slug(job.arena.split("/")[-1]) / _slug(who)


def _close(thing: Any) -> None:
    try:
        thing.close()
    except Exception as exc:  # closing must not hide the episode's own result
        logger.warning("closing %r failed: %r", thing, exc)


def play_episode(
    job: EvalJob,
    seed: int,
    record_dir: str | Path | None = None,
    on_step: OnStep | None = None,
    save_frames: bool = True,
) -> tuple[EpisodeTally, dict[str, int]]:
    """Build the arena and agents of ``job``, play the episode with ``seed``, close everything.

    Returns the evaluated agent's tally and its model usage; ``record_dir`` records the episode under
    :func:`recording_dir` (PNG frames only with ``save_frames``), ``on_step`` sees every move.
    """
    info = spec(job.arena)
    opened: list[Any] = []
    try:
        if info.multi_agent:
            env = make_multi(job.arena, **job.env_kwargs)
            opened.append(env)
            if record_dir is not None:
                from omniarena.wrappers.recorder import AECRecorder

                env = AECRecorder(env, recording_dir(record_dir, job), save_frames=save_frames)
                opened.append(env)
            seat = f"player_{seed % info.players}"
            agents = {}
            for player in env.possible_agents:
                mine = player == seat
                agents[player] = make_agent(
                    job.agent if mine else (job.vs or DEFAULT_OPPONENT),
                    env,
                    arena_id=job.arena,
                    seed=derive_seed(seed, _AGENT_ROLE if mine else _OPPONENT_ROLE),
                    player=player,
                )
                opened.append(agents[player])
            tally = play_turns(env, agents, seed, seat, on_step=on_step)
            usage = agents[seat].usage
        else:
            env = make(job.arena, **job.env_kwargs)
            opened.append(env)
            if record_dir is not None:
                from omniarena.wrappers.recorder import Recorder

                env = Recorder(env, recording_dir(record_dir, job), save_frames=save_frames)
                opened.append(env)
            agent = make_agent(job.agent, env, arena_id=job.arena, seed=derive_seed(seed, _AGENT_ROLE))
            opened.append(agent)
            tally = play_single(env, agent, seed, on_step=on_step)
            usage = agent.usage
        return tally, dict(usage)
    finally:
        for thing in reversed(opened):
            _close(thing)


def run_episode(job: EvalJob, seed: int, record_dir: str | Path | None = None) -> dict[str, Any]:
    """Play one episode and return its record; an exception becomes the record's ``error``."""
    started = time.perf_counter()
    record: dict[str, Any] = {
        "arena": job.arena,
        "agent": job.agent,
        "vs": job.vs,
        "seed": int(seed),
        "env_kwargs": job.env_kwargs,
    }
    try:
        tally, usage = play_episode(job, seed, record_dir)
    except Exception as exc:
        logger.warning("%s / %s seed %d failed: %r", job.arena, job.agent, seed, exc)
        record.update(
            {
                "seat": None,
                "return": None,
                "success": False,
                "steps": 0,
                "format_ok": 0,
                "valid": 0,
                "effective": 0,
                "forfeit": False,
                "truncated": False,
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(limit=8),
            }
        )
    else:
        record.update(
            {
                "seat": tally.seat,
                "return": tally.total,
                "success": tally.success,
                "steps": tally.steps,
                "format_ok": tally.format_ok,
                "valid": tally.valid,
                "effective": tally.effective,
                "forfeit": tally.forfeit,
                "truncated": tally.truncated,
                "error": None,
            }
        )
        if usage:
            record["usage"] = usage
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Every readable record in a results file; a line cut off mid-write is skipped with a warning."""
    path = Path(path)
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                record_key(record)
            except (json.JSONDecodeError, KeyError, TypeError):
                logger.warning("%s:%d is not a complete record; ignoring it", path, number)
                continue
            records.append(record)
    return records


def _open_for_append(path: Path) -> IO[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A previous run may have died mid-line: start on a fresh line so the next record stays readable.
    needs_newline = False
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as existing:
            existing.seek(-1, 2)  # only the last byte matters; results files can be large
            needs_newline = existing.read(1) != b"\n"
    handle = path.open("a", encoding="utf-8")
    if needs_newline:
        handle.write("\n")
    return handle


def _validate(job: EvalJob) -> None:
    """Fail before any episode runs when the agent specs cannot be built for the arena."""
    info = spec(job.arena)
    if info.multi_agent:
        env = make_multi(job.arena, **job.env_kwargs)
        player = env.possible_agents[0]
        specs = [job.agent, job.vs or DEFAULT_OPPONENT]
    else:
        env = make(job.arena, **job.env_kwargs)
        player, specs = None, [job.agent]
    try:
        for agent_spec in specs:
            _close(make_agent(agent_spec, env, arena_id=job.arena, seed=0, player=player))
    finally:
        _close(env)


def _progress(total: int, initial: int, enabled: bool, desc: str) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, initial=initial, file=sys.stderr, desc=desc, unit="ep", dynamic_ncols=True)


def evaluate_many(
    jobs: Sequence[EvalJob],
    episodes: int,
    seed: int = 0,
    workers: int = 1,
    out: str | Path | None = None,
    record_dir: str | Path | None = None,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Evaluate every job on seeds ``seed .. seed + episodes - 1``; one process pool for all of them.

    Returns the records of all requested episodes (those read back from ``out`` included), in job
    then seed order.
    """
    if episodes < 1:
        raise ValueError(f"episodes must be >= 1, got {episodes}")
    jobs = [job.resolved() for job in jobs]
    for job in jobs:
        _validate(job)
    seeds = range(int(seed), int(seed) + int(episodes))
    wanted = [(job, s) for job in jobs for s in seeds]
    finished: dict[str, dict[str, Any]] = {}
    if out is not None:
        for record in load_records(out):
            if record.get("error") is None:
                finished[record_key(record)] = record
    keys = [episode_key(job.arena, job.agent, job.vs, s, job.env_kwargs) for job, s in wanted]
    todo = [pair for pair, key in zip(wanted, keys, strict=True) if key not in finished]
    if out is not None and len(todo) < len(wanted):
        logger.info("resuming from %s: %d of %d episodes already done", out, len(wanted) - len(todo), len(wanted))
    results = dict(finished)
    handle = _open_for_append(Path(out)) if out is not None and todo else None
    bar = _progress(len(wanted), len(wanted) - len(todo), progress, "episodes")
    try:
        for record in _run(todo, workers, record_dir):
            results[record_key(record)] = record
            if handle is not None:
                handle.write(json.dumps(record, default=str) + "\n")
                handle.flush()
            if bar is not None:
                bar.update(1)
    finally:
        if handle is not None:
            handle.close()
        if bar is not None:
            bar.close()
    return [results[key] for key in keys]


def _run(todo: Sequence[tuple[EvalJob, int]], workers: int, record_dir: str | Path | None) -> Iterable[dict[str, Any]]:
    """Records of ``todo`` as they finish: inline for one worker, else from a spawn-safe process pool."""
    if workers <= 1 or len(todo) <= 1:
        for job, s in todo:
            yield run_episode(job, s, record_dir)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context) as pool:
        futures: list[Future[dict[str, Any]]] = [pool.submit(run_episode, job, s, record_dir) for job, s in todo]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def evaluate(
    arena_id: str,
    agent_spec: str,
    episodes: int = 100,
    seed: int = 0,
    workers: int = 1,
    vs: str | None = None,
    out: str | Path | None = None,
    record_dir: str | Path | None = None,
    progress: bool = True,
    **env_kwargs: Any,
) -> list[dict[str, Any]]:
    """Evaluate ``agent_spec`` on ``arena_id`` for ``episodes`` seeded episodes (see the module docstring).

    ``env_kwargs`` go to ``omniarena.make``/``make_multi`` (e.g. ``invalid="retry:2"``). Returns one
    record per episode: ``seed``, ``seat``, ``return``, ``success``, ``steps``, ``format_ok``, ``valid``,
    ``effective``, ``forfeit``, ``truncated``, ``error``, ``seconds`` (and ``usage`` for model agents).
    """
    job = EvalJob(arena_id, agent_spec, vs, dict(env_kwargs))
    return evaluate_many([job], episodes, seed=seed, workers=workers, out=out, record_dir=record_dir, progress=progress)
