"""The evaluation runner: many seeded episodes of an agent in an arena, in parallel, resumable.

Episode ``i`` uses seed ``seed + i``. Episodes run inline (``workers=1``) or in ``workers`` spawned
processes, each keeping one env per job for all its episodes (:mod:`omniarena.tasks.worker`), and each
finished episode is appended to ``out`` as one JSON line and flushed at once. Re-running with the same
``out`` resumes: an episode whose key (arena, agent, opponent, seed, arena arguments, ``observe``, and the
agent and opponent arguments where there are any) is already in the file without an error is not played
again; episodes that ended in an error are retried.

Bad ids, agent specs and agent arguments fail before any episode runs, without building an env; an env
that cannot be built fails the evaluation when its job starts. A model endpoint that is down
(:class:`~omniarena.agents.base.EndpointDown`) stops the evaluation; the episode it cut short is not
stored, so a resumed run plays it again.

While episodes play, the progress bar shows the moves played and the model tokens used so far.

In two-player arenas the evaluated agent sits in seat ``player_{seed % players}`` (so seats swap every
other game) against ``vs``, and every number in its record is from its own seat.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Sequence
from contextlib import closing, nullcontext
from pathlib import Path
from typing import IO, Any

from omniarena.agents import check_agent_args
from omniarena.tasks.episode import EpisodeTally, OnStep
from omniarena.tasks.worker import (
    DEFAULT_OBSERVE,
    REPORT_SECONDS,
    EvalJob,
    JobEnv,
    derive_seed,
    recording_dir,
    run_inline,
    run_pooled,
    shown_kwargs,
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


def episode_key(
    arena: str,
    agent: str,
    vs: str | None,
    seed: int,
    env_kwargs: dict[str, Any] | None,
    agent_kwargs: dict[str, Any] | None = None,
    vs_kwargs: dict[str, Any] | None = None,
) -> str:
    """What identifies an episode in a results file.

    ``observe="both"`` is the default and is left out, so files written before records had ``observe``
    resume as "both". Agent arguments join the key only where there are any (keys without them are
    those of files written before they existed); secrets among them count as hidden (see
    :func:`~omniarena.tasks.worker.shown_kwargs`).
    """
    kwargs = dict(env_kwargs or {})
    if kwargs.get("observe") == DEFAULT_OBSERVE:
        del kwargs["observe"]
    key: list[Any] = [arena, agent, vs, int(seed), kwargs]
    if agent_kwargs or vs_kwargs:
        key.append({"agent": shown_kwargs(agent_kwargs), "vs": shown_kwargs(vs_kwargs)})
    return json.dumps(key, sort_keys=True, default=str)


def job_key(job: EvalJob, seed: int) -> str:
    return episode_key(job.arena, job.agent, job.vs, seed, job.env_kwargs, job.agent_kwargs, job.vs_kwargs)


def record_key(record: dict[str, Any]) -> str:
    kwargs = dict(record.get("env_kwargs") or {})
    if "observe" in record:
        kwargs["observe"] = record["observe"]
    return episode_key(
        record["arena"],
        record["agent"],
        record.get("vs"),
        record["seed"],
        kwargs,
        record.get("agent_kwargs"),
        record.get("vs_kwargs"),
    )


def check_agent_spec(agent_spec: str, arena_id: str, agent_kwargs: dict[str, Any] | None = None) -> None:
    """Fail, naming the fix, when ``agent_spec`` (with ``agent_kwargs``) names no agent for ``arena_id``.

    Resolves the spec to its class (:func:`omniarena.agents.resolve_agent`, the forms of ``make_agent``)
    and checks the arguments against its signature, without building an env or the agent; what only an
    agent's constructor can tell fails when the job's first env is built. Raises
    :class:`~omniarena.agents.base.AgentSpecError` (a ``ValueError``).
    """
    check_agent_args(agent_spec, dict(agent_kwargs or {}), arena_id)


def checked(job: EvalJob) -> EvalJob:
    """``job`` resolved (see :meth:`EvalJob.resolved`) with every agent spec and its arguments checked."""
    job = job.resolved()
    for agent_spec, kwargs in job.agent_args():
        check_agent_spec(agent_spec, job.arena, kwargs)
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


class Progress:
    """The episodes bar, with the moves and model tokens played so far as its postfix (needs tqdm)."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.moves = self.tokens = 0
        self.shown = 0.0

    @classmethod
    def start(cls, total: int, initial: int, enabled: bool) -> Progress | None:
        if not enabled:
            return None
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        return cls(tqdm(total=total, initial=initial, file=sys.stderr, desc="episodes", unit="ep", dynamic_ncols=True))

    def report(self, moves: int, tokens: int) -> None:
        """Count moves and tokens; the bar shows them at most every ``REPORT_SECONDS``."""
        self.moves += moves
        self.tokens += tokens
        now = time.monotonic()
        if now - self.shown >= REPORT_SECONDS:
            self.shown = now
            self.bar.set_postfix_str(self.postfix())

    def postfix(self) -> str:
        tokens = f", {_count(self.tokens)} tokens" if self.tokens else ""
        return f"{_count(self.moves)} moves{tokens}"

    def episode_done(self) -> None:
        self.bar.set_postfix_str(self.postfix(), refresh=False)
        self.bar.update(1)

    def redirect_logs(self) -> Any:
        """A context in which log lines (retries, warnings) print above the bar instead of through it."""
        from tqdm.contrib.logging import logging_redirect_tqdm

        return logging_redirect_tqdm()

    def close(self) -> None:
        self.bar.close()


def _count(number: int) -> str:
    return f"{number / 1000:.1f}k" if number >= 10_000 else str(number)


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
    keys = [job_key(job, s) for job, s in wanted]
    todo = [pair for pair, key in zip(wanted, keys, strict=True) if key not in finished]
    if out is not None and len(todo) < len(wanted):
        logger.info("resuming from %s: %d of %d episodes already done", out, len(wanted) - len(todo), len(wanted))
    results = dict(finished)
    handle = _open_for_append(Path(out)) if out is not None and todo else None
    bar = Progress.start(len(wanted), len(wanted) - len(todo), progress and bool(todo))
    report = bar.report if bar is not None else None
    pooled = workers > 1 and len(todo) > 1
    runner = run_pooled(todo, workers, record_dir, report) if pooled else run_inline(todo, record_dir, report)
    try:
        with bar.redirect_logs() if bar is not None else nullcontext(), closing(runner) as records:
            for record in records:
                results[record_key(record)] = record
                if handle is not None:
                    handle.write(json.dumps(record, default=str) + "\n")
                    handle.flush()
                if bar is not None:
                    bar.episode_done()
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
    agent_kwargs: dict[str, Any] | None = None,
    vs_kwargs: dict[str, Any] | None = None,
    **env_kwargs: Any,
) -> list[dict[str, Any]]:
    """Evaluate ``agent_spec`` on ``arena_id`` for ``episodes`` seeded episodes (see the module docstring).

    ``env_kwargs`` go to ``omniarena.make``/``make_multi`` (e.g. ``invalid="retry:2"``, ``observe="text"``,
    ``max_steps=30``); ``agent_kwargs`` and ``vs_kwargs`` to ``make_agent`` for the agent and the opponent
    (e.g. ``{"max_tokens": 256, "include_image": False}``). Returns one record per episode: ``seed``,
    ``observe``, ``seat``, ``return``, ``success``, ``steps``, ``format_ok``, ``valid``, ``effective``,
    ``forfeit``, ``truncated``, ``error``, ``seconds`` (and ``usage`` for model agents, ``notes`` where the
    agent noted something, such as ``image_dropped``, and ``agent_kwargs``/``vs_kwargs`` where given).
    Raises :class:`~omniarena.agents.base.EndpointDown` when a model endpoint stops answering.
    """
    job = EvalJob(arena_id, agent_spec, vs, dict(env_kwargs), dict(agent_kwargs or {}), dict(vs_kwargs or {}))
    return evaluate_many([job], episodes, seed=seed, workers=workers, out=out, record_dir=record_dir, progress=progress)
