"""The evaluation runner: many seeded episodes of an agent in an arena, in parallel, resumable.

Episode ``i`` uses seed ``seed + i``. Episodes run inline (``workers=1``) or in ``workers`` spawned
processes, each keeping one env per job for all its episodes (:mod:`omniarena.tasks.worker`), and each
finished episode is appended to ``out`` as one JSON line and flushed at once. Re-running with the same
``out`` resumes: an episode whose key (arena, agent, opponent, seed, arena arguments, ``observe``) is
already in the file without an error is not played again; episodes that ended in an error are retried.

Bad ids and agent specs fail before any episode runs, without building an env; an env that cannot be
built fails the evaluation when its job starts.

In two-player arenas the evaluated agent sits in seat ``player_{seed % players}`` (so seats swap every
other game) against ``vs``, and every number in its record is from its own seat.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import IO, Any

from omniarena.agents import AGENT_KINDS, Agent
from omniarena.core.registry import load, spec
from omniarena.tasks.episode import EpisodeTally, OnStep
from omniarena.tasks.worker import (
    DEFAULT_OBSERVE,
    EvalJob,
    JobEnv,
    derive_seed,
    recording_dir,
    run_inline,
    run_pooled,
)

__all__ = [
    "EvalJob",
    "evaluate",
    "evaluate_many",
    "play_episode",
    "load_records",
    "episode_key",
    "check_agent_spec",
    "derive_seed",
    "recording_dir",
]

logger = logging.getLogger(__name__)


def episode_key(arena: str, agent: str, vs: str | None, seed: int, env_kwargs: dict[str, Any] | None) -> str:
    """What identifies an episode in a results file.

    ``observe="both"`` is the default and is left out, so files written before records had ``observe``
    resume as "both".
    """
    kwargs = dict(env_kwargs or {})
    if kwargs.get("observe") == DEFAULT_OBSERVE:
        del kwargs["observe"]
    return json.dumps([arena, agent, vs, int(seed), kwargs], sort_keys=True, default=str)


def record_key(record: dict[str, Any]) -> str:
    kwargs = dict(record.get("env_kwargs") or {})
    if "observe" in record:
        kwargs["observe"] = record["observe"]
    return episode_key(record["arena"], record["agent"], record.get("vs"), record["seed"], kwargs)


def check_agent_spec(agent_spec: str, arena_id: str) -> None:
    """Fail, naming the fix, when ``agent_spec`` names no agent ``make_agent`` could build for ``arena_id``.

    Resolves the spec to its class (the forms of :func:`omniarena.agents.make_agent`) without building an
    env or the agent; what only an agent's constructor can tell fails when the job's first env is built.
    """
    kind, _, arg = agent_spec.partition(":")
    kind = kind.strip().lower()
    if kind in ("scripted", "expert"):
        expert = spec(arena_id).expert
        if not expert:
            raise ValueError(f"{arena_id} has no scripted expert; use 'random' or a model agent")
        load(expert)
    elif kind == "subprocess" and not arg:
        raise ValueError("use subprocess:<command>, e.g. 'subprocess:python my_agent.py'")
    elif kind in ("openai", "subprocess") or (kind in AGENT_KINDS and not arg):
        load(AGENT_KINDS[kind])
    elif ":" in agent_spec and "." in agent_spec.partition(":")[0]:
        cls = load(agent_spec)
        if not (isinstance(cls, type) and issubclass(cls, Agent)):
            raise ValueError(f"{agent_spec} is not an omniarena Agent subclass")
    else:
        raise ValueError(
            f"unknown agent {agent_spec!r}; use random, scripted, human, openai[:model], subprocess:<command> "
            "or package.module:AgentClass"
        )


def checked(job: EvalJob) -> EvalJob:
    """``job`` resolved (see :meth:`EvalJob.resolved`) with every agent spec checked."""
    job = job.resolved()
    for agent_spec in job.agent_specs():
        check_agent_spec(agent_spec, job.arena)
    return job


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
    with JobEnv(job) as env:
        return env.play(seed, record_dir, on_step=on_step, save_frames=save_frames)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Every readable record in a results file; a line cut off mid-write is skipped with a warning.

    A record without ``observe`` (written before records had it) reads as ``observe="both"``.
    """
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
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
                logger.warning("%s:%d is not a complete record; ignoring it", path, number)
                continue
            # Records written before "observe" existed were all played with both modalities.
            record.setdefault("observe", (record.get("env_kwargs") or {}).get("observe", DEFAULT_OBSERVE))
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
    """Evaluate every job on seeds ``seed .. seed + episodes - 1``; one set of workers for all of them.

    Returns the records of all requested episodes (those read back from ``out`` included), in job
    then seed order.
    """
    if episodes < 1:
        raise ValueError(f"episodes must be >= 1, got {episodes}")
    jobs = [checked(job) for job in jobs]
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
    pooled = workers > 1 and len(todo) > 1
    try:
        with closing(run_pooled(todo, workers, record_dir) if pooled else run_inline(todo, record_dir)) as records:
            for record in records:
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

    ``env_kwargs`` go to ``omniarena.make``/``make_multi`` (e.g. ``invalid="retry:2"``, ``observe="text"``).
    Returns one record per episode: ``seed``, ``observe``, ``seat``, ``return``, ``success``, ``steps``,
    ``format_ok``, ``valid``, ``effective``, ``forfeit``, ``truncated``, ``error``, ``seconds`` (and
    ``usage`` for model agents).
    """
    job = EvalJob(arena_id, agent_spec, vs, dict(env_kwargs))
    return evaluate_many([job], episodes, seed=seed, workers=workers, out=out, record_dir=record_dir, progress=progress)
