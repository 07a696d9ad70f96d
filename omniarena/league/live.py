"""The league's side of the live tournament dashboard (``omniarena tournament run CONFIG --tui``).

:func:`tui_feed` gives the terminal app's dashboard (:mod:`omniarena.tui.dashboard`) what it polls: an
object whose ``snapshot()`` describes the tournament at that moment.

- :class:`LiveFeed` follows a run in this process: :func:`~omniarena.league.tournament.run_tournament`
  (``watch=feed``) tells it the stored results, each match as it starts and each result as it arrives.
  Its :meth:`LiveFeed.stop` asks the run to stop after the matches in hand (the next run resumes).
- :class:`StoreFeed` reads a results database, for a tournament another process is running (no matches in
  progress can be seen from there, only the results as they are stored).

The leaderboard is the report's (Bradley-Terry with bootstrap intervals, :func:`.report.leaderboard`), with
fewer bootstrap rounds, recomputed only when a result has arrived, in the dashboard's polling thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from omniarena.league.config import TournamentConfig
from omniarena.league.match import Match
from omniarena.league.store import Store

__all__ = ["LiveFeed", "StoreFeed", "tui_feed", "LIVE_ROUNDS"]

DEFAULT_DB = "results.sqlite"  # `tournament run`'s default --db
LIVE_ROUNDS = 50  # bootstrap rounds of the live leaderboard's intervals (the report uses 200)
_FINISHED_KEPT = 200


def _outcome(result: Mapping[str, Any]) -> str:
    if result.get("error") is not None:
        return f"error: {result['error']}"[:80]
    seats, ranks = result["seats"], result["ranks"]
    best = [seats[i] for i, r in enumerate(ranks) if r == 0]
    if len(best) == len(seats):
        text = "draw"
    else:
        text = " and ".join(best) + " won"
    forfeits = [seats[i] for i, f in enumerate(result.get("forfeits", ())) if f]
    return text + (f" ({', '.join(forfeits)} forfeited)" if forfeits else "")


def _short(arena: str) -> str:
    return arena.removeprefix("omniarena/")


class _Standings:
    """The leaderboard of a list of results, recomputed only when the list grew."""

    def __init__(self, agents: Sequence[str]) -> None:
        self.agents = list(agents)
        self._count = -1
        self._rows: list[Any] = []

    def of(self, results: Sequence[Mapping[str, Any]]) -> list[Any]:
        from omniarena.league.report import leaderboard
        from omniarena.tui.dashboard import Standing

        if len(results) != self._count:
            self._count = len(results)
            rows = leaderboard(results, self.agents, rounds=LIVE_ROUNDS) if results else []
            self._rows = [
                Standing(
                    r["agent"], r["rating"], r["games"], r["wins"], r["draws"], r["losses"], r["ci_low"], r["ci_high"]
                )
                for r in rows
            ]
        return self._rows


def _row(match_id: str, result: Mapping[str, Any], status: str, elapsed: float | None = None) -> Any:
    from omniarena.tui.dashboard import MatchRow

    players = tuple(result["seats"])
    return MatchRow(match_id, _short(result["arena"]), players, result.get("seed"), status, elapsed=elapsed)


class LiveFeed:
    """A tournament run in this process, as the dashboard sees it (see the module docstring); thread-safe."""

    def __init__(self, config: TournamentConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._planned: int | None = None
        self._results: list[Mapping[str, Any]] = []
        self._running: dict[int, tuple[Match, float]] = {}
        self._finished: list[Any] = []
        self._failed = 0
        self._over = False
        self._stop = threading.Event()
        self._standings = _Standings([a.name for a in config.agents])

    # --- what run_tournament tells it ---
    def begin(self, planned: int, stored: Mapping[str, Mapping[str, Any]]) -> None:
        with self._lock:
            self._planned = planned
            self._results = sorted(stored.values(), key=lambda r: (r.get("ordinal", 0), r["key"]))

    def started(self, ordinal: int, match: Match) -> None:
        with self._lock:
            self._running[ordinal] = (match, time.monotonic())

    def finished(self, ordinal: int, result: Mapping[str, Any]) -> None:
        with self._lock:
            self._running.pop(ordinal, None)
            if result.get("error") is None:
                self._results.append(result)
            else:
                self._failed += 1
            seconds = float(result.get("seconds", 0.0))
            self._finished.append(_row(f"#{ordinal}", result, f"{_outcome(result)} in {seconds:.1f} s"))
            del self._finished[:-_FINISHED_KEPT]

    def stopping(self) -> bool:
        return self._stop.is_set()

    # --- what the dashboard does ---
    def stop(self) -> None:
        """Ask the run to stop after the matches in hand."""
        self._stop.set()

    def end(self) -> None:
        """The run is over (called when ``run_tournament`` returns)."""
        with self._lock:
            self._over = True
            self._running.clear()

    def snapshot(self) -> Any:
        from omniarena.tui.dashboard import TournamentSnapshot

        now = time.monotonic()
        with self._lock:
            results = list(self._results)
            running = [
                _row(f"#{o}", {"arena": m.arena, "seats": m.seats, "seed": m.seed}, "running", now - since)
                for o, (m, since) in sorted(self._running.items())
            ]
            finished, planned, over, failed = list(self._finished), self._planned, self._over, self._failed
        notes = [f"{failed} failed (re-run to retry)"] if failed else []
        if self._stop.is_set() and not over:
            notes.append("stopping after the matches in hand")
        return TournamentSnapshot(
            name=self.config.name,
            running=running,
            finished=finished,
            standings=self._standings.of(results),
            done=len(results),
            total=planned,
            over=over,
            rating="Bradley-Terry",
            notes=notes,
        )


class StoreFeed:
    """A results database as the dashboard sees it: standings and results as they are stored."""

    def __init__(self, db: str | Path) -> None:
        self.db = Path(db)
        with Store.open_existing(self.db) as store:
            config = store.meta("config") or {}
        self.name = str(config.get("name") or self.db.name)
        self._standings = _Standings([a["name"] for a in config.get("agents", []) if "name" in a])

    def snapshot(self) -> Any:
        from omniarena.tui.dashboard import TournamentSnapshot

        with Store.open_existing(self.db) as store:
            results = list(store.results())
            planned = store.meta("planned")
        finished = [_row(f"#{r['ordinal']}", r, _outcome(r)) for r in results[-_FINISHED_KEPT:]]
        total = None if planned is None else int(planned)
        return TournamentSnapshot(
            name=self.name,
            finished=finished,
            standings=self._standings.of(results),
            done=len(results),
            total=total,
            over=total is not None and len(results) >= total,
            rating="Bradley-Terry",
            notes=[f"read from {self.db.name}"],
        )


def tui_feed(source: Any) -> Any:
    """The dashboard's feed of ``source``: a :class:`LiveFeed` (as is), a config (a new LiveFeed), the path
    of a results database (a :class:`StoreFeed`), or ``None``: ``results.sqlite`` here, if there is one."""
    if source is None:  # the default results database of `omniarena tournament run`, in this directory
        source = Path(DEFAULT_DB)
        if not source.is_file():
            raise FileNotFoundError(
                f"no tournament results here ({DEFAULT_DB}); `omniarena tournament run CONFIG --tui` shows a run "
                "live, and this dashboard shows the results DB of a run in this directory"
            )
    if isinstance(source, LiveFeed | StoreFeed):
        return source
    if isinstance(source, TournamentConfig):
        return LiveFeed(source)
    if isinstance(source, str | Path):
        return StoreFeed(source)
    raise TypeError(f"tui_feed takes a LiveFeed, a TournamentConfig or a results database path, not {source!r}")
