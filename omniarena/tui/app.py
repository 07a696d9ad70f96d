"""The Textual app behind ``omniarena play`` and ``omniarena watch``.

:func:`play` opens the arena picker (no ``arena``) or the play screen; :func:`watch` the watch screen.
Both build the :class:`~omniarena.tui.session.Session` the screens drive; a bad arena id or agent spec
fails before the app starts, with the same messages as the rest of the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

import omniarena
from omniarena.core.registry import is_installed
from omniarena.tui.dashboard import DashboardScreen, LeagueMissing, league_feed
from omniarena.tui.image import graphics_supported
from omniarena.tui.picker import PickerScreen
from omniarena.tui.play import PlayScreen, WatchScreen
from omniarena.tui.session import HUMAN, Session

__all__ = ["ArenaApp", "play", "watch", "IMAGE_MODES"]

logger = logging.getLogger(__name__)


class ArenaApp(App[None]):
    """Picker, play, watch and dashboard screens over one set of options (opponent, seed, arena arguments)."""

    TITLE = "omniarena"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        arena: str | None = None,
        *,
        agent: str = HUMAN,
        vs: str | None = None,
        seed: int = 0,
        agent_kwargs: Mapping[str, Any] | None = None,
        vs_kwargs: Mapping[str, Any] | None = None,
        env_kwargs: Mapping[str, Any] | None = None,
        record_dir: str | Path | None = None,
        domain: str | None = None,
        speed: float = 2.0,
        paused: bool = False,
        graphics: bool = False,
    ) -> None:
        super().__init__()
        self.arena = arena
        self.options: dict[str, Any] = {
            "agent": agent,
            "seed": seed,
            "agent_kwargs": dict(agent_kwargs or {}),
            "vs_kwargs": dict(vs_kwargs or {}),
            "env_kwargs": dict(env_kwargs or {}),
            "record_dir": record_dir,
        }
        self.vs = vs
        self.domain = domain
        self.speed = speed
        self.paused = paused
        self.graphics = graphics
        self.session: Session | None = None

    def on_mount(self) -> None:
        if self.arena is None:
            self.push_screen(PickerScreen(omniarena.list_arenas(), self.domain))
        else:
            self.open_arena(self.arena, can_go_back=False)

    def open_arena(self, arena_id: str, can_go_back: bool = True) -> None:
        """Build the session of ``arena_id`` and show its play (or watch) screen."""
        info = omniarena.spec(arena_id)
        vs = self.vs if info.multi_agent else None
        try:
            session = Session(arena_id, vs=vs, **self.options)
        except Exception as exc:  # from the picker: a missing extra or a broken plugin is a message, not a crash
            if not can_go_back:
                raise
            logger.warning("could not open %s", arena_id, exc_info=True)
            self.notify(f"cannot open {arena_id}: {exc}", severity="error", timeout=8)
            return
        self.session = session
        screen = (WatchScreen if session.watching else PlayScreen)(
            session, speed=self.speed, paused=self.paused, can_go_back=can_go_back, graphics=self.graphics
        )
        self.push_screen(screen)

    def on_picker_screen_chosen(self, event: PickerScreen.Chosen) -> None:
        if not is_installed(event.arena):
            self.notify(f'{event.arena.id} needs pip install "omniarena[{event.arena.extra}]"', severity="error")
            return
        self.open_arena(event.arena.id)

    def action_tournament(self) -> None:
        try:
            feed = league_feed(None)
        except (LeagueMissing, OSError, ValueError) as exc:  # no league, or no tournament to show here
            self.push_screen(DashboardScreen(None, str(exc), can_go_back=True))
            return
        self.push_screen(DashboardScreen(feed, can_go_back=True))

    def on_unmount(self) -> None:
        for screen in self.screen_stack:
            session = getattr(screen, "session", None)
            if session is not None:
                session.close()


def play(arena: str | None = None, image: str = "auto", **options: Any) -> None:
    """Open the app: the picker without ``arena``, else its play screen (see :class:`ArenaApp`).

    ``image="auto"`` draws with Kitty or Sixel graphics where the terminal has them, else half-blocks;
    ``"half-block"`` always uses half-blocks.
    """
    ArenaApp(arena, graphics=_graphics(image), **options).run()


def watch(arena: str, agent: str, image: str = "auto", **options: Any) -> None:
    """Watch ``agent`` (and ``vs``) play ``arena``."""
    ArenaApp(arena, agent=agent, graphics=_graphics(image), **options).run()


IMAGE_MODES = ("auto", "half-block")


def _graphics(image: str) -> bool:
    if image not in IMAGE_MODES:
        raise ValueError(f"image={image!r}; use one of {', '.join(IMAGE_MODES)}")
    # Asked before the app starts: once Textual runs, it reads the terminal's answers itself.
    return image == "auto" and graphics_supported()
