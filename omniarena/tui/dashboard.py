"""The live tournament dashboard: matches in progress, recent results, and the leaderboard as results arrive.

The screen reads a tournament through one small interface, :class:`TournamentFeed`: an object whose
``snapshot()`` returns a :class:`TournamentSnapshot` (plain data: running matches, finished ones, the
standings, how many matches are done of how many). The league (:mod:`omniarena.league`, its scheduler and
SQLite results) provides a feed through ``omniarena.league.tui_feed(source)``; :func:`league_feed` finds it,
and when the league is not installed in this version it raises :class:`LeagueMissing`, which the screen
shows as a message instead of failing. ``omniarena tournament run CONFIG --tui`` calls
:func:`run_dashboard` with the feed and the tournament's run function (played in a worker thread).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

__all__ = [
    "MatchRow",
    "Standing",
    "TournamentSnapshot",
    "TournamentFeed",
    "LeagueMissing",
    "league_feed",
    "DashboardScreen",
    "DashboardApp",
    "run_dashboard",
]

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
RECENT_SHOWN = 12


@dataclass(frozen=True)
class MatchRow:
    """One match: its players (agent names by seat), arena, seed, and its state ("running" or a result)."""

    match_id: str
    arena: str
    players: tuple[str, ...]
    seed: int | None = None
    status: str = "running"  # "running", or the result as text ("player_0 wins", "draw", "error: ...")
    moves: int = 0
    elapsed: float | None = None  # seconds it has been running, where the feed knows (shown instead of moves)


@dataclass(frozen=True)
class Standing:
    """One agent on the leaderboard; ``low``/``high`` bound the rating where the league gives an interval."""

    agent: str
    rating: float
    games: int
    wins: int = 0
    draws: int = 0
    losses: int = 0
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class TournamentSnapshot:
    """Everything the dashboard draws, at one moment."""

    name: str
    running: Sequence[MatchRow] = ()
    finished: Sequence[MatchRow] = ()  # newest last
    standings: Sequence[Standing] = ()  # best first
    done: int = 0
    total: int | None = None
    over: bool = False
    rating: str = "rating"  # the rating system's name for the column ("Elo", "Bradley-Terry", ...)
    notes: Sequence[str] = field(default_factory=tuple)


@runtime_checkable
class TournamentFeed(Protocol):
    """What the dashboard reads: ``snapshot()`` is called every half second from a worker thread."""

    def snapshot(self) -> TournamentSnapshot: ...


class LeagueMissing(RuntimeError):
    """The league is not installed in this version (or provides no dashboard feed): say so, do not fail."""


def league_feed(source: Any = None) -> TournamentFeed:
    """The league's feed for ``source`` (a tournament config, results database, or running tournament)."""
    try:
        league = importlib.import_module("omniarena.league")
    except ModuleNotFoundError as exc:
        if exc.name not in ("omniarena.league", "omniarena"):
            raise  # the league is there but imports something missing: its own bug
        raise LeagueMissing(
            "tournaments need omniarena.league, which is not in this installation of omniarena; "
            "once it is, `omniarena tournament run CONFIG --tui` shows the live dashboard here"
        ) from exc
    make_feed = getattr(league, "tui_feed", None)
    if make_feed is None:
        raise LeagueMissing("omniarena.league provides no tui_feed(source) for the dashboard in this version")
    return make_feed(source)


class DashboardScreen(Screen[None]):
    """Matches in progress, the latest results and the leaderboard of one tournament, refreshed as it runs."""

    CSS = """
    #message { padding: 1 2; }
    #progress { height: 1; padding: 0 1; }
    .title { padding: 0 1; text-style: bold; }
    #running, #finished { height: 1fr; }
    #standings { height: 2fr; }
    """
    BINDINGS = [Binding("escape", "back", "Back"), Binding("q", "app.quit", "Quit")]

    def __init__(self, feed: TournamentFeed | None = None, error: str | None = None, can_go_back: bool = False) -> None:
        super().__init__()
        self.feed = feed
        self.error = error
        self.can_go_back = can_go_back
        self.snapshot: TournamentSnapshot | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        if self.feed is None:
            yield Static(Text(self.error or "no tournament to show", style="bold yellow"), id="message")
        else:
            with Vertical():
                yield Static(id="progress")
                yield ProgressBar(id="bar", show_eta=False)
                yield Static("leaderboard", classes="title")
                yield DataTable(id="standings", zebra_stripes=True, cursor_type="row")
                yield Static("matches in progress", classes="title")
                yield DataTable(id="running", cursor_type="none")
                yield Static("latest results", classes="title")
                yield DataTable(id="finished", cursor_type="none")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "omniarena tournament"
        if self.feed is None:
            return
        self.query_one("#standings", DataTable).add_columns("#", "agent", "rating", "interval", "games", "W-D-L")
        self.query_one("#running", DataTable).add_columns("match", "arena", "players", "seed", "moves / time")
        self.query_one("#finished", DataTable).add_columns("match", "arena", "players", "seed", "result")
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    @work(thread=True, exclusive=True, group="feed")
    def poll(self) -> None:
        assert self.feed is not None
        try:
            snapshot = self.feed.snapshot()
        except Exception as exc:  # a feed that fails once must not take the dashboard down
            logger.warning("tournament feed failed: %r", exc)
            return
        self.app.call_from_thread(self.show, snapshot)

    def show(self, snapshot: TournamentSnapshot) -> None:
        """Draw ``snapshot`` (tables are rebuilt: a tournament shows tens of rows, not thousands)."""
        self.snapshot = snapshot
        self.sub_title = snapshot.name
        total = "?" if snapshot.total is None else str(snapshot.total)
        state = "finished" if snapshot.over else f"{len(snapshot.running)} running"
        notes = "  ".join(snapshot.notes)
        self.query_one("#progress", Static).update(f"{snapshot.done}/{total} matches done, {state}  {notes}")
        bar = self.query_one("#bar", ProgressBar)
        bar.update(total=snapshot.total, progress=snapshot.done)
        standings = self.query_one("#standings", DataTable)
        standings.clear()
        column = standings.columns[list(standings.columns)[2]]
        if column.label.plain != snapshot.rating:  # the column is as wide as its first label: widen it
            column.label = Text(snapshot.rating)
            column.content_width = max(column.content_width, len(snapshot.rating))
        for rank, s in enumerate(snapshot.standings, start=1):
            interval = f"{s.low:.0f}..{s.high:.0f}" if s.low is not None and s.high is not None else "-"
            standings.add_row(
                str(rank), s.agent, f"{s.rating:.1f}", interval, str(s.games), f"{s.wins}-{s.draws}-{s.losses}"
            )
        running = self.query_one("#running", DataTable)
        running.clear()
        for m in snapshot.running:
            progress = f"{m.elapsed:.0f} s" if m.elapsed is not None else str(m.moves)
            running.add_row(m.match_id, m.arena, " vs ".join(m.players), _seed(m.seed), progress)
        finished = self.query_one("#finished", DataTable)
        finished.clear()
        for m in list(snapshot.finished)[-RECENT_SHOWN:][::-1]:
            finished.add_row(m.match_id, m.arena, " vs ".join(m.players), _seed(m.seed), m.status)

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)


def _seed(seed: int | None) -> str:
    return "-" if seed is None else str(seed)


class DashboardApp(App[None]):
    """The dashboard on its own, with the tournament's ``work`` (if given) played in a worker thread."""

    def __init__(self, feed: TournamentFeed | None, error: str | None = None, work_fn: Callable[[], Any] | None = None):
        super().__init__()
        self.feed, self.error, self.work_fn = feed, error, work_fn
        self.result: Any = None

    def on_mount(self) -> None:
        self.push_screen(DashboardScreen(self.feed, self.error))
        if self.work_fn is not None:
            self._run_tournament()

    @work(thread=True, exclusive=True, group="tournament")
    def _run_tournament(self) -> None:
        assert self.work_fn is not None
        self.result = self.work_fn()
        self.call_from_thread(self.notify, "tournament finished: q quits", timeout=10)


def run_dashboard(
    feed: TournamentFeed | None = None, work_fn: Callable[[], Any] | None = None, source: Any = None
) -> Any:
    """Show the dashboard of ``feed`` (default: :func:`league_feed` of ``source``) while ``work_fn`` runs.

    Returns what ``work_fn`` returned (``None`` when there was none, or the user quit before it ended).
    """
    error = None
    if feed is None:
        try:
            feed = league_feed(source)
        except LeagueMissing as exc:
            error = str(exc)
    app = DashboardApp(feed, error, work_fn)
    app.run()
    return app.result
