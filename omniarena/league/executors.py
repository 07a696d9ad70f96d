"""Executors: where matches play. Inline, a local process pool (the default), or Ray (:mod:`.ray_executor`).

Every executor takes ``(ordinal, Match)`` pairs and yields ``(ordinal, result)`` as each match finishes,
so the runner stores each result the moment it exists.

The process pool deals matches one or two at a time to ``workers`` spawned processes (each keeps one env
per arena and arguments between its matches). A worker that dies (a crash in native code, the OOM killer,
a ``kill``) is replaced and its unfinished matches go back in the queue; a match that takes down
``MAX_DEATHS`` workers is given up as that match's error instead of killing workers forever. Ctrl-C stops
the parent, which stops its workers with SIGTERM; a stopping worker closes its envs before it exits.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, cast

from omniarena.core.registry import ArenaInfo, spec
from omniarena.league.match import AgentEntry, Match, MatchEnvs, play_match
from omniarena.tasks.worker import _ensure_registered, _portable, _stop, _stop_on_sigterm

__all__ = ["run_inline", "run_pool", "Task", "MAX_DEATHS", "IN_FLIGHT"]

logger = logging.getLogger(__name__)

Task = tuple[int, Match]
OnStart = Callable[[int, Match], None]  # told when a match starts playing (the live dashboard's feed)
# Workers a single match may take down before it counts as that match's error.
MAX_DEATHS = 3
# Matches a worker holds at once: the next one is queued while it plays, so it never waits on the parent.
IN_FLIGHT = 2


def run_inline(
    tasks: Iterable[Task],
    agents: Mapping[str, AgentEntry],
    move_timeout: float | None = None,
    on_start: OnStart | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Play ``tasks`` in this process, one env per arena and arguments for all of them."""
    with MatchEnvs() as envs:
        for ordinal, match in tasks:
            if on_start is not None:
                on_start(ordinal, match)
            yield ordinal, play_match(match, agents, envs, move_timeout)


def _arena_infos(tasks: Iterable[Task]) -> list[ArenaInfo]:
    return list({match.arena: spec(match.arena) for _, match in tasks}.values())


def _serve(
    pipe: Connection, agents: Mapping[str, AgentEntry], infos: list[ArenaInfo], move_timeout: float | None
) -> None:
    """A pool worker: play each match the parent sends, send its result back, until told to stop."""
    signal.signal(signal.SIGINT, lambda signum, frame: None)  # the parent alone decides on Ctrl-C
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    envs = MatchEnvs()
    try:
        for info in infos:
            _ensure_registered(info)
        while True:
            task = pipe.recv()
            if task is None:
                break
            ordinal, match = task
            pipe.send(("result", (ordinal, play_match(match, agents, envs, move_timeout))))
    except SystemExit:
        pass
    except EOFError:
        pass  # the parent went away
    except Exception as exc:
        try:
            pipe.send(("failed", (_portable(exc), traceback.format_exc(limit=8))))
        except OSError:
            pass
    finally:
        envs.close()
        pipe.close()


class _Worker:
    def __init__(
        self, context: Any, index: int, agents: Mapping[str, AgentEntry], infos: list[ArenaInfo], timeout: float | None
    ) -> None:
        self.pipe, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, dict(agents), infos, timeout), name=f"omniarena-league-{index}", daemon=True
        )
        self.process.start()
        child.close()
        self.holding: list[Task] = []


def _lost_worker_result(match: Match, exitcode: int | None) -> dict[str, Any]:
    return {
        "key": match.key,
        "arena": match.arena,
        "env_kwargs": match.env_kwargs,
        "seed": match.seed,
        "stage": match.stage,
        "seats": list(match.seats),
        "error": f"the match took down {MAX_DEATHS} worker processes (last exit code {exitcode})",
        "seconds": 0.0,
    }


def run_pool(
    tasks: Iterable[Task],
    agents: Mapping[str, AgentEntry],
    workers: int,
    move_timeout: float | None = None,
    on_start: OnStart | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Play ``tasks`` in ``workers`` spawned processes (see the module docstring), yielding as they finish."""
    queue = collections.deque(tasks)
    infos = _arena_infos(queue)
    context = multiprocessing.get_context("spawn")
    deaths: collections.Counter[str] = collections.Counter()
    pool: dict[Connection, _Worker] = {}
    started: list[BaseProcess] = []
    spawned = 0

    def spawn() -> None:
        nonlocal spawned
        worker = _Worker(context, spawned, agents, infos, move_timeout)
        spawned += 1
        started.append(worker.process)
        pool[worker.pipe] = worker

    def feed(worker: _Worker) -> None:
        while queue and len(worker.holding) < IN_FLIGHT:
            task = queue.popleft()
            worker.holding.append(task)
            worker.pipe.send(task)
            if on_start is not None:
                on_start(*task)

    try:
        for _ in range(min(workers, len(queue))):
            spawn()
        for worker in list(pool.values()):
            feed(worker)
        while any(worker.holding for worker in pool.values()):
            for ready in wait([pipe for pipe, worker in pool.items() if worker.holding]):
                pipe = cast(Connection, ready)
                worker = pool[pipe]
                try:
                    kind, payload = pipe.recv()
                except (EOFError, OSError):
                    yield from _replace(worker, pool, deaths, queue)
                    pipe.close()
                    if queue:
                        spawn()
                        feed(list(pool.values())[-1])
                    continue
                if kind == "failed":
                    error, trace = payload
                    raise error from RuntimeError(f"in league worker {worker.process.name}:\n{trace}")
                ordinal, result = payload
                worker.holding = [t for t in worker.holding if t[0] != ordinal]
                yield ordinal, result
                feed(worker)
        for worker in pool.values():
            try:
                worker.pipe.send(None)
            except OSError:
                pass
    finally:
        _stop(started, [])
        for pipe in pool:
            pipe.close()


def _replace(
    worker: _Worker, pool: dict[Connection, _Worker], deaths: collections.Counter[str], queue: collections.deque[Task]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """A worker died: its matches go back to the front of the queue (or fail after ``MAX_DEATHS``)."""
    worker.process.join(5)
    code = worker.process.exitcode
    logger.warning(
        "league worker %s died (exit code %s); re-queueing %d matches", worker.process.name, code, len(worker.holding)
    )
    del pool[worker.pipe]
    for ordinal, match in reversed(worker.holding):
        deaths[match.key] += 1
        if deaths[match.key] >= MAX_DEATHS:
            yield ordinal, _lost_worker_result(match, code)
        else:
            queue.appendleft((ordinal, match))
    worker.holding = []
