"""Playing the episodes of evaluation jobs: one env per job and worker, inline or in worker processes.

A :class:`JobEnv` builds the env of one job once and resets it for each episode; the agents are built
per episode with ``derive_seed(seed, role)``, so an episode plays exactly as it would on a fresh env.
An episode that raises closes the env and the next one builds a new env, so one broken browser or
server cannot spoil the episodes after it.

:func:`run_inline` plays episodes in this process; :func:`run_pooled` deals them to ``workers`` spawned
processes (worker ``i`` takes episodes ``i, i + workers, ...``, so each builds one env per job) and
yields every record as soon as its worker sends it. Every env is closed when its episodes are done, on
error and on Ctrl-C: Ctrl-C stops the parent, which stops its workers with SIGTERM, and a stopping
worker closes its env before it exits.

A model endpoint that is down (:class:`~omniarena.agents.base.EndpointDown`) is not an episode's error: it
stops the whole run, inline or from any worker (the parent stops the others), and the episode it cut
short gets no record. Both runners can ``report`` progress while episodes play: moves and model tokens
since the last report (workers send theirs through their pipe, at most every ``REPORT_SECONDS``).
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import pickle
import re
import signal
import time
import traceback
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, cast

import gymnasium as gym
import numpy as np

from omniarena.agents import Agent, EndpointDown, make_agent
from omniarena.core.registry import ArenaInfo, make, make_multi, register, spec
from omniarena.tasks.episode import EpisodeTally, Move, OnStep, play_episode_of

__all__ = [
    "EvalJob",
    "JobEnv",
    "derive_seed",
    "recording_dir",
    "episode_record",
    "run_inline",
    "run_pooled",
    "shown_kwargs",
    "Report",
]

logger = logging.getLogger(__name__)

DEFAULT_OPPONENT = "random"
DEFAULT_OBSERVE = "both"
_AGENT_ROLE, _OPPONENT_ROLE = 0, 1
# How long a stopped worker may take to close its env before it is killed.
STOP_SECONDS = 30.0
# How often a worker sends progress (moves, tokens) to the parent at most.
REPORT_SECONDS = 0.5
# Agent arguments whose values stay out of results files (and so out of resume keys).
SECRET = re.compile(r"(^|_)(api_?key|key|secret|password|token)$", re.IGNORECASE)

Report = Callable[[int, int], None]  # (moves, model tokens) played since the last report


def shown_kwargs(kwargs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Agent arguments as records keep them: a secret's value (``api_key``, ...) is hidden."""
    return {key: "<hidden>" if SECRET.search(key) else value for key, value in (kwargs or {}).items()}


@dataclass(frozen=True)
class EvalJob:
    """One (arena, agent, opponent, arena arguments, agent arguments) combination to evaluate.

    ``agent_kwargs`` and ``vs_kwargs`` (JSON-able) go to ``make_agent`` for the agent and the opponent.
    """

    arena: str
    agent: str
    vs: str | None = None
    env_kwargs: dict[str, Any] = field(default_factory=dict)
    agent_kwargs: dict[str, Any] = field(default_factory=dict)
    vs_kwargs: dict[str, Any] = field(default_factory=dict)

    def resolved(self) -> EvalJob:
        """Check the arena id, fill in the default opponent of multi-player arenas, drop ``observe="both"``.

        ``observe="both"`` is the default, so a job that names it is the same job as one that does not.
        """
        info = spec(self.arena)
        if (self.vs is not None or self.vs_kwargs) and not info.multi_agent:
            raise ValueError(f"{self.arena} is single-player; an opponent (--vs, --vs-arg) needs a multi-player arena")
        kwargs = dict(self.env_kwargs)
        if kwargs.get("observe") == DEFAULT_OBSERVE:
            del kwargs["observe"]
        vs = (self.vs or DEFAULT_OPPONENT) if info.multi_agent else None
        return EvalJob(self.arena, self.agent, vs, kwargs, dict(self.agent_kwargs), dict(self.vs_kwargs))

    @property
    def observe(self) -> str:
        """The modalities the agent sees: "both" (default), "text" or "image"."""
        return str(self.env_kwargs.get("observe", DEFAULT_OBSERVE))

    def agent_specs(self) -> list[str]:
        """The agent spec, then the opponent's in multi-player arenas."""
        return [spec for spec, _ in self.agent_args()]

    def agent_args(self) -> list[tuple[str, dict[str, Any]]]:
        """(spec, agent arguments) of the agent, then of the opponent in multi-player arenas."""
        agent = (self.agent, self.agent_kwargs)
        return [agent] if self.vs is None else [agent, (self.vs, self.vs_kwargs)]


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


class JobEnv:
    """The env of one job, built on first use and reset for each of its episodes (see the module docstring).

    Use it as a context manager, or call :meth:`close`; closing twice is harmless.
    """

    def __init__(self, job: EvalJob) -> None:
        self.job = job
        self.info = spec(job.arena)
        self._env: Any = None

    def __enter__(self) -> JobEnv:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> Any:
        """The env, built now if there is none."""
        if self._env is None:
            build = make_multi if self.info.multi_agent else make
            self._env = build(self.job.arena, **self.job.env_kwargs)
        return self._env

    def close(self) -> None:
        env, self._env = self._env, None
        if env is not None:
            _close(env)

    def check_agents(self) -> None:
        """Build (and close) every agent of the job on the env: a spec the arena cannot take fails here."""
        env = self.open()
        player = env.possible_agents[0] if self.info.multi_agent else None
        for agent_spec, kwargs in self.job.agent_args():
            _close(make_agent(agent_spec, env, arena_id=self.job.arena, seed=0, player=player, **kwargs))

    def play(
        self,
        seed: int,
        record_dir: str | Path | None = None,
        on_step: OnStep | None = None,
        save_frames: bool = True,
        report: Report | None = None,
    ) -> tuple[EpisodeTally, dict[str, int]]:
        """Play the episode with ``seed``; returns the evaluated agent's tally and its model usage.

        ``record_dir`` records it under :func:`recording_dir` (PNG frames only with ``save_frames``),
        ``on_step`` sees every move, ``report`` gets (moves, tokens of all agents) after every move.
        The tally's ``notes`` are the evaluated agent's ``notes`` (e.g. ``image_dropped``).
        """
        recorder = None
        agents: dict[str, Agent] = {}
        failed = True
        try:
            env = self.open()
            if record_dir is not None:
                recorder = _recorder(env, self.info, recording_dir(record_dir, self.job), save_frames)
            view = recorder if recorder is not None else env
            if self.info.multi_agent:
                seat = f"player_{seed % self.info.players}"
                for player in view.possible_agents:
                    agents[player] = self._agent(view, seed, player, player == seat)
            else:
                seat = "agent"
                agents[seat] = self._agent(view, seed, None, True)
            if report is not None:
                on_step = _reporting(on_step, agents, report)
            tally = play_episode_of(self.info.api, view, agents, seed, seat, on_step=on_step)
            tally.notes = dict(getattr(agents[seat], "notes", None) or {})
            failed = False
            return tally, dict(agents[seat].usage)
        finally:
            for agent in reversed(agents.values()):
                _close(agent)
            if recorder is not None:
                recorder.writer.end()  # the episode's files; the env itself stays open for the next one
            if failed:
                self.close()

    def _agent(self, env: Any, seed: int, player: str | None, evaluated: bool) -> Agent:
        agent_spec = self.job.agent if evaluated else (self.job.vs or DEFAULT_OPPONENT)
        kwargs = self.job.agent_kwargs if evaluated else self.job.vs_kwargs
        role = _AGENT_ROLE if evaluated else _OPPONENT_ROLE
        seeded = derive_seed(seed, role)
        return make_agent(agent_spec, env, arena_id=self.job.arena, seed=seeded, player=player, **kwargs)


def _reporting(on_step: OnStep | None, agents: Mapping[str, Agent], report: Report) -> OnStep:
    """``on_step`` that also reports each move and the tokens ``agents`` used since the previous one."""
    tokens = 0

    def step(move: Move) -> None:
        nonlocal tokens
        if on_step is not None:
            on_step(move)
        total = sum(int(agent.usage.get("total_tokens", 0)) for agent in agents.values())
        report(1, total - tokens)
        tokens = total

    return step


class Throttled:
    """A :data:`Report` that adds reports up and passes the sums to ``send`` at most every ``seconds``."""

    def __init__(self, send: Report, seconds: float = REPORT_SECONDS) -> None:
        self.send = send
        self.seconds = seconds
        self.moves = self.tokens = 0
        self.sent = time.monotonic()

    def __call__(self, moves: int, tokens: int) -> None:
        self.moves += moves
        self.tokens += tokens
        if time.monotonic() - self.sent >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Send what was reported since the last send, if anything."""
        if self.moves or self.tokens:
            self.send(self.moves, self.tokens)
        self.moves = self.tokens = 0
        self.sent = time.monotonic()


def _recorder(env: Any, info: ArenaInfo, directory: Path, save_frames: bool) -> Any:
    from omniarena.wrappers.recorder import AECRecorder, ParallelRecorder, Recorder

    kind = {"gym": Recorder, "aec": AECRecorder, "parallel": ParallelRecorder}[info.api]
    return kind(env, directory, save_frames=save_frames)


def episode_record(
    env: JobEnv, seed: int, record_dir: str | Path | None = None, report: Report | None = None
) -> dict[str, Any]:
    """Play one episode of ``env``'s job and return its record; an exception becomes the record's ``error``.

    Except :class:`EndpointDown`: a model endpoint that is down stops the run, and the episode it cut
    short has no record.
    """
    job = env.job
    started = time.perf_counter()
    record: dict[str, Any] = {
        "arena": job.arena,
        "agent": job.agent,
        "vs": job.vs,
        "seed": int(seed),
        "env_kwargs": job.env_kwargs,
        "observe": job.observe,
    }
    for name in ("agent_kwargs", "vs_kwargs"):
        if getattr(job, name):
            record[name] = shown_kwargs(getattr(job, name))
    try:
        tally, usage = env.play(seed, record_dir, report=report)
    except EndpointDown:
        raise
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
        if tally.progression is not None:
            record["progression"] = tally.progression
        if usage:
            record["usage"] = usage
        if tally.notes:
            record["notes"] = tally.notes
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record


Episodes = Sequence[tuple[EvalJob, int]]
Records = Generator[dict[str, Any], None, None]


def run_inline(todo: Episodes, record_dir: str | Path | None = None, report: Report | None = None) -> Records:
    """Records of ``todo`` (grouped by job) as they finish, played here on one env per job.

    The first env of each job is built, and its agents checked, before its first episode: a failure
    there raises (it is the job's, not an episode's). Later failures are the episodes' records, except
    :class:`EndpointDown`, which stops the run. ``report`` gets (moves, tokens) after every move.
    """
    current: JobEnv | None = None
    try:
        for job, seed in todo:
            if current is None or current.job != job:
                if current is not None:
                    current.close()
                current = JobEnv(job)
                current.check_agents()
            yield episode_record(current, seed, record_dir, report)
    finally:
        if current is not None:
            current.close()


def run_pooled(
    todo: Episodes, workers: int, record_dir: str | Path | None = None, report: Report | None = None
) -> Records:
    """Records of ``todo`` as they finish, from ``workers`` spawned processes (see the module docstring).

    A worker whose setup fails (an env that cannot be built) or whose endpoint is down stops the
    evaluation with its exception. ``report`` gets the (moves, tokens) workers send as they play.
    """
    context = multiprocessing.get_context("spawn")
    # Arenas registered at run time (not through a plugin) exist only here: workers register them again.
    infos = list({job.arena: spec(job.arena) for job, _ in todo}.values())
    started: list[BaseProcess] = []
    busy: dict[Connection, BaseProcess] = {}  # the workers still playing, by their pipe
    leaving: list[BaseProcess] = []  # the workers that said "done" or "failed" and exit on their own
    try:
        for index in range(min(workers, len(todo))):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(
                target=_serve,
                args=(todo[index::workers], infos, record_dir, writer, report is not None),
                name=f"omniarena-eval-{index}",
                daemon=True,
            )
            process.start()
            started.append(process)
            busy[reader] = process
            writer.close()  # the worker holds the writing end: its exit ends the pipe
        while busy:
            for ready in wait(list(busy)):
                reader = cast(Connection, ready)
                try:
                    kind, payload = reader.recv()
                except EOFError:
                    gone = busy.pop(reader)
                    reader.close()
                    gone.join()
                    raise RuntimeError(
                        f"evaluation worker {gone.name} exited (code {gone.exitcode}) before its last episode"
                    ) from None
                if kind == "record":
                    yield payload
                    continue
                if kind == "progress":
                    if report is not None:
                        report(*payload)
                    continue
                leaving.append(busy.pop(reader))
                reader.close()
                if kind == "failed":
                    error, trace = payload
                    raise error from RuntimeError(f"in evaluation worker {leaving[-1].name}:\n{trace}")
    finally:
        _stop(started, leaving)
        for reader in busy:
            reader.close()


def _stop(processes: list[BaseProcess], leaving: list[BaseProcess]) -> None:
    """Stop the workers still playing (they close their envs on SIGTERM), then reap every worker."""
    for process in processes:
        if process not in leaving and process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            logger.warning("evaluation worker %s did not stop within %.0f s; killing it", process.name, STOP_SECONDS)
            process.kill()
            process.join()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second request must not cut the env's close() short
    raise SystemExit(128 + signum)


def _ensure_registered(info: ArenaInfo) -> None:
    """Register in this worker an arena the parent registered at run time (not through an entry point)."""
    for attempt in range(2):
        try:
            spec(info.id)
            return
        except gym.error.UnregisteredEnv:
            if attempt == 0:  # importing the arena's package may register it (registration on import)
                importlib.import_module(info.entry_point.partition(":")[0])
    fields = info.as_dict()
    register(fields.pop("id"), fields.pop("entry_point"), **fields)


def _serve(
    share: Episodes, infos: list[ArenaInfo], record_dir: str | Path | None, pipe: Connection, progress: bool
) -> None:
    """A worker process: play ``share``, sending each record as it finishes (and progress), then "done"."""
    # Ctrl-C reaches the whole process group; the parent alone decides and stops workers with SIGTERM.
    # (A Python handler, unlike SIG_IGN, is not inherited by the programs an env starts.)
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        for info in infos:
            _ensure_registered(info)
        report = Throttled(lambda moves, tokens: pipe.send(("progress", (moves, tokens)))) if progress else None
        for record in run_inline(share, record_dir, report):
            if report is not None:
                report.flush()
            pipe.send(("record", record))
        pipe.send(("done", None))
    except SystemExit:
        pass  # stopped by the parent; run_inline closed the env on the way out
    except Exception as exc:
        pipe.send(("failed", (_portable(exc), traceback.format_exc(limit=8))))
    finally:
        pipe.close()


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a RuntimeError with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
