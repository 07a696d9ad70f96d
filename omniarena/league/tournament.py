"""Running a tournament: plan from the stored results, play what is missing, store each result as it finishes.

:func:`run_tournament` checks the config against the store (:meth:`Store.bind`), then loops: the
scheduler plans every match decided so far from the stored results, the matches not yet stored are
played by the executor, and each result is written in its own transaction the moment it arrives. The
loop ends when a plan has nothing left to play. A killed or interrupted run loses only the matches that
were playing; running the same config on the same store resumes it, never replaying or duplicating a
stored match.

A match whose arena failed is kept in the store's ``failures`` and not replayed in the same run (so a
broken arena cannot loop forever); the next run plays it again.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from omniarena.league.config import TournamentConfig
from omniarena.league.executors import run_inline, run_pool
from omniarena.league.match import Match
from omniarena.league.schedulers import make_scheduler
from omniarena.league.store import Store

__all__ = ["run_tournament", "RunSummary", "EXECUTORS", "Executor", "Watcher"]

logger = logging.getLogger(__name__)

EXECUTORS = ("local", "ray")


@dataclass(frozen=True)
class RunSummary:
    """What a run did: matches planned by the config, stored in all, played now, failed now."""

    planned: int
    stored: int
    played: int
    failed: int
    failures: tuple[str, ...] = ()


Executor = Callable[[list[tuple[int, Match]]], Iterator[tuple[int, dict[str, Any]]]]


class Watcher(Protocol):
    """What follows a run as it goes (the live dashboard's :class:`~omniarena.league.live.LiveFeed`)."""

    def begin(self, planned: int, stored: Mapping[str, Mapping[str, Any]]) -> None: ...

    def started(self, ordinal: int, match: Match) -> None: ...

    def finished(self, ordinal: int, result: Mapping[str, Any]) -> None: ...

    def stopping(self) -> bool: ...


def _executor(
    kind: str | Executor, workers: int, address: str | None, config: TournamentConfig, watch: Watcher | None
) -> Executor:
    if callable(kind):
        return kind
    agents, timeout = config.agent_map, config.move_timeout
    on_start = watch.started if watch is not None else None
    if kind == "ray":
        from omniarena.league.ray_executor import run_ray

        return lambda tasks: run_ray(tasks, agents, workers, timeout, address, on_start=on_start)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r}; use local or ray")
    if workers > 1:
        return lambda tasks: run_pool(tasks, agents, workers, timeout, on_start)
    return lambda tasks: run_inline(tasks, agents, timeout, on_start)


def run_tournament(
    config: TournamentConfig,
    db: str | Path,
    workers: int = 1,
    executor: str | Executor = "local",
    address: str | None = None,
    progress: bool = False,
    watch: Watcher | None = None,
) -> RunSummary:
    """Play ``config`` into the SQLite store ``db`` (see the module docstring); resumes what ``db`` holds.

    ``executor`` is "local" (inline for one worker, else a process pool), "ray" (``address``: a cluster to
    join), or a callable taking ``(ordinal, Match)`` pairs and yielding ``(ordinal, result)`` as they finish.
    ``watch`` is told of the stored results, each match started and each finished; when its ``stopping()``
    turns true the run stops after the match in hand (the next run resumes).
    """
    scheduler = make_scheduler(config)
    planned = scheduler.planned()
    play = _executor(executor, workers, address, config, watch)
    played = failed = 0
    errors: list[str] = []
    with Store(db) as store:
        store.bind(config.identity(), config.as_dict(), planned)
        done = store.by_key()
        if watch is not None:
            watch.begin(planned, done)
        given_up: set[str] = set()
        bar = _bar(planned, sum(1 for m in scheduler.plan(done) if m.key in done), progress)
        guard = _interruptible()
        interrupted = guard.__enter__()
        try:
            while True:
                plan = scheduler.plan(done)
                todo = [(i, m) for i, m in enumerate(plan) if m.key not in done and m.key not in given_up]
                # The same match planned twice (e.g. a tiny Swiss field repeating a pair) plays once.
                todo = list({m.key: (i, m) for i, m in reversed(todo)}.values())[::-1]
                if not todo or (watch is not None and watch.stopping()):
                    break
                for ordinal, result in play(todo):
                    if result.get("error") is None:
                        store.record(result, ordinal)
                        done[result["key"]] = result
                        played += 1
                    else:
                        store.record_failure(result)
                        given_up.add(result["key"])
                        errors.append(f"{result['arena']} {result['seats']} seed {result['seed']}: {result['error']}")
                        failed += 1
                    if bar is not None:
                        bar.update(1)
                    if watch is not None:
                        watch.finished(ordinal, result)
                        if watch.stopping():
                            break
                    if interrupted():  # a Ctrl-C that a finalizer swallowed still stops the run here
                        raise KeyboardInterrupt
        finally:
            guard.__exit__(None, None, None)
            if bar is not None:
                bar.close()
        stored = store.count()
    return RunSummary(planned, stored, played, failed, tuple(errors))


@contextmanager
def _interruptible() -> Iterator[Callable[[], bool]]:
    """Ctrl-C raises ``KeyboardInterrupt`` as usual, and is also remembered: Python drops a
    ``KeyboardInterrupt`` raised while a finalizer runs ("Exception ignored in ..."), so the run checks the
    flag after each stored match. Yields the check; only the main thread can install the handler."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    seen: list[bool] = []

    def handler(signum: int, frame: Any) -> None:
        seen.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(seen)
    finally:
        signal.signal(signal.SIGINT, previous)


def _bar(total: int, initial: int, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, initial=initial, file=sys.stderr, desc="matches", unit="match", dynamic_ncols=True)
