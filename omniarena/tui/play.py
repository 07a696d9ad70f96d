"""The play screen (a person against the arena or against agents) and the watch screen (agents only).

Left: the observation image; right: the text the model would see (``F6`` adds the system prompt with the
action list); below: the status line, the episode log (every move, with an agent's raw reply and what it
parsed to) and, when a person plays, the reply line with its live parse preview. Agents move in a worker
thread, so a slow model never freezes the screen.
"""

from __future__ import annotations

import logging
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from omniarena.agents.prompt import system_prompt
from omniarena.core.agent import arena_of
from omniarena.tui.image import ArenaImage, GraphicsImage
from omniarena.tui.keys import arrow_bindings, click_action, fight_bindings, fight_keys_help
from omniarena.tui.session import Session, Turn
from omniarena.tui.widgets import EpisodeLog, FullLog, MoveInput, PreviewLine, status_text

__all__ = ["PlayScreen", "WatchScreen", "SPEEDS"]

logger = logging.getLogger(__name__)

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # watch mode: moves per second
INTERIM_SECONDS = 0.15  # the person's move shows alone only when the agents take longer than this to answer
REPLY_SHOWN = 400  # characters of an agent's reply in the log (the whole reply is in recordings)


class PlayScreen(Screen[None]):
    """One :class:`Session` on screen; ``watch=True`` for agents only (pause, single-step, speed)."""

    CSS = """
    #board { height: 1fr; }
    #image { width: 1fr; min-width: 20; }
    #side { width: 1fr; }
    #text { height: 1fr; border: round $primary; padding: 0 1; }
    #status { height: 1; padding: 0 1; }
    #log { height: 8; border: round $secondary; }
    #reply { height: 3; }
    #preview { height: 1; padding: 0 1; }
    #keys { height: auto; max-height: 3; padding: 0 1; }
    """

    BINDINGS = [
        Binding("f2", "reset", "Reset"),
        Binding("f3", "new_seed", "New seed"),
        Binding("f4", "toggle_record", "Record"),
        Binding("f6", "toggle_prompt", "Prompt"),
        Binding("f7", "toggle_fight_keys", "Keys/typing", show=False),
        Binding("f8", "full_log", "Log"),
        Binding("escape", "back", "Arenas"),
    ]

    def __init__(
        self,
        session: Session,
        *,
        speed: float = 2.0,
        paused: bool = False,
        can_go_back: bool = False,
        graphics: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.watch_mode = session.watching
        self.paused = paused
        self.speed = speed
        self.can_go_back = can_go_back
        self.graphics = graphics
        self.show_prompt = False
        self.busy = False
        self.arrows = arrow_bindings(session.action_set, session.answer_format)
        self.fight_keys = fight_bindings(session.action_set, session.answer_format)
        arena = arena_of(session.base)
        # A real-time fight runs on without you: a tick plays "neutral" when no key came since the last one.
        self.realtime_period = (
            getattr(arena, "frame_skip", 8) / 60
            if self.fight_keys and getattr(arena, "mode", "") == "realtime"
            else None
        )
        self._keyed_since_tick = False
        self._interim: Any = None
        self._autoplay_timer: Any = None
        self._shown_text: str | None = None
        self._shown_height = -1

    # --- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            yield GraphicsImage(id="image") if self.graphics else ArenaImage(id="image")
            with Vertical(id="side"):
                with VerticalScroll(id="text"):
                    yield Static(id="observation")
        yield Static(id="status")
        yield EpisodeLog(id="log")
        if not self.watch_mode:
            keys = ", ".join(f"{k} = {v}" for k, v in self.arrows.items())
            hint = "type your move and press Enter" + (f" (empty line: arrows play {keys})" if keys else "")
            if self.fight_keys:
                hint = "the keys below play moves; F7 switches to typing a reply here"
            yield MoveInput(self.arrows, self.fight_keys, id="reply", placeholder=hint)
            yield PreviewLine(id="preview")
            if self.fight_keys:
                yield Static(id="keys")
        yield Footer()

    def on_mount(self) -> None:
        info = self.session.info
        self.title = f"omniarena {'watch' if self.watch_mode else 'play'}: {info.id}"
        self.sub_title = self._seats()
        self.query_one("#text").border_title = "what the model sees"
        self.query_one("#log").border_title = "episode log"
        self._episode_started()
        if self.watch_mode:
            self._autoplay_timer = self.set_interval(1 / self.speed, self._autoplay, name="autoplay")
        else:
            self.query_one(MoveInput).focus()
            self._show_fight_keys()
            if self.realtime_period is not None:
                self.set_interval(self.realtime_period, self._realtime_tick, name="realtime")
            self._advance()

    def _seats(self) -> str:
        s = self.session
        if not s.info.multi_agent:
            return f"{'you play' if s.who('agent') == 'you' else s.who('agent') + ' plays'}, seed {s.seed}"
        return ", ".join(f"{p}: {s.who(p)}" for p in s.players) + f", seed {s.seed}"

    # --- drawing --------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        s = self.session
        picture: Any = self.query_one("#image")
        picture.image = s.image()
        text = s.text()
        if self.show_prompt:
            env = s.env
            player = s.viewer if s.info.multi_agent else None
            text = f"{system_prompt(env, player, arena_id=s.info.id)}\n\n--- observation ---\n{text}"
        view = f"what {s.viewer} sees" if s.info.multi_agent else "what the model sees"
        title = view + (" (with the system prompt)" if self.show_prompt else "")
        pane = self.query_one("#text")
        if pane.border_title != title:  # setting it, even to the same text, repaints the whole pane
            pane.border_title = title
        self._show_text(text)
        paused = self.paused if self.watch_mode else None
        self.query_one("#status", Static).update(status_text(s, paused, self.speed), layout=False)
        if self.sub_title != (seats := self._seats()):
            self.sub_title = seats
        if not self.watch_mode:
            reply = self.query_one(MoveInput)
            self.query_one(PreviewLine).show(s.preview(reply.value), s.waits_for_human and not self.busy)

    def _show_text(self, text: str) -> None:
        """The model's text; the screen is laid out again only when its wrapped height changes (a step's
        board usually keeps its shape, and a layout pass costs more than the rest of the update)."""
        widget = self.query_one("#observation", Static)
        if text == self._shown_text:
            return
        content = Text(text)
        width = max(1, widget.content_size.width)
        height = len(content.wrap(self.app.console, width))
        widget.update(content, layout=height != self._shown_height)
        self._shown_text, self._shown_height = text, height

    def _log_turns(self, turns: list[Turn]) -> None:
        log = self.query_one(EpisodeLog)
        for turn in turns:
            who = f"{turn.player} " if turn.player else ""
            line = Text.assemble((f"{turn.number:3d} ", "dim"), (f"{who}({turn.who}) ", "bold"))
            reply = turn.reply if len(turn.reply) <= REPLY_SHOWN else turn.reply[:REPLY_SHOWN] + "…"
            if turn.reply.strip() != (turn.parsed or ""):
                line.append(" ⏎ ".join(reply.splitlines()) or repr(reply), "italic")
                line.append(" → ")
            if turn.valid:
                line.append(turn.parsed or "?", "green")
            else:
                line.append(f"invalid: {turn.error}", "red")
            line.append(f"  {turn.reward:+g}", "dim")
            log.write(line)
        if self.session.done:
            log.write(Text(self.session.episode.outcome + "  (F2 replay this seed, F3 new seed)", style="bold yellow"))

    def _episode_started(self) -> None:
        s = self.session
        log = self.query_one(EpisodeLog)
        rec = f", recording to {s.recording_dir}" if s.recording else ""
        log.write(Text(f"episode with seed {s.seed}{rec}", style="bold"))
        if not s.watching and s.info.multi_agent:
            log.write(Text(f"you play {', '.join(s.human_seats)}", style="bold green"))
        self.refresh_view()

    # --- moves ----------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.watch_mode:
            self.query_one(PreviewLine).show(
                self.session.preview(event.value), self.session.waits_for_human and not self.busy
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.play_reply(event.value)

    def on_move_input_arrow(self, event: MoveInput.Arrow) -> None:
        self._keyed_since_tick = True
        s = self.session
        if self.realtime_period is not None and (self.busy or s.done or not s.waits_for_human):
            return  # real time: a key between decisions is dropped, as a pad's press between frames
        self.play_reply(event.reply)

    def _realtime_tick(self) -> None:
        s = self.session
        if self._keyed_since_tick or self.busy or s.done or not s.waits_for_human:
            self._keyed_since_tick = False
            return
        if self.fight_keys and self.query_one(MoveInput).fight:
            self.play_reply(self.fight_keys.get("space", "neutral"))

    def _show_fight_keys(self) -> None:
        if not self.fight_keys:
            return
        fight = self.query_one(MoveInput).fight
        line = (
            Text.assemble(("keys play moves (F7: type replies): ", "bold"), fight_keys_help(self.fight_keys))
            if fight
            else Text("typing replies (F7: keys play moves)", style="dim")
        )
        self.query_one("#keys", Static).update(line)

    def action_toggle_fight_keys(self) -> None:
        if not self.fight_keys:
            return
        reply = self.query_one(MoveInput)
        reply.fight = not reply.fight
        reply.placeholder = (
            "the keys below play moves; F7 switches to typing a reply here"
            if reply.fight
            else "type your move and press Enter (F7: keys play moves again)"
        )
        self._show_fight_keys()

    def on_arena_image_clicked(self, event: ArenaImage.Clicked) -> None:
        if self.watch_mode:
            return
        action = click_action(self.session.action_set, event.x, event.y)
        if action is None:
            self.notify(f"pixel ({event.x}, {event.y}); this arena takes no mouse_click", timeout=2)
            return
        self.query_one(MoveInput).value = action

    def play_reply(self, reply: str) -> None:
        """The person's move: an invalid reply is a move like any other (the arena's policy decides)."""
        with self.app.batch_update():
            self._play_reply(reply)

    def _play_reply(self, reply: str) -> None:
        s = self.session
        if self.busy or s.done or not s.waits_for_human:
            self.notify("not your move now" if not s.done else "the episode is over: F2 or F3 to play again", timeout=2)
            return
        turns = s.submit(reply)
        self.busy = not (s.done or s.waits_for_human)  # before the input is cleared: its preview then says so
        self.query_one(MoveInput).value = ""
        self._log_turns(turns)
        if not self.busy:
            self.refresh_view()
            return
        # An agent that answers within INTERIM_SECONDS is shown with the person's move in one repaint (the
        # image is most of an update's cost); a slower one lets the person's move show first.
        self._interim = self.set_timer(INTERIM_SECONDS, self.refresh_view)
        self._agents_move()

    def _advance(self) -> None:
        """Let the agents move until the person's turn (or the end), in a worker thread."""
        s = self.session
        if s.done or s.waits_for_human:
            return
        self.busy = True
        self.refresh_view()
        self._agents_move()

    @work(thread=True, exclusive=True, group="agents")
    def _agents_move(self) -> None:
        s = self.session
        last: list[Turn] = []
        try:
            while not s.done and not s.waits_for_human:
                if last:
                    self.app.call_from_thread(self._log_turns, last)
                last = s.tick()
        finally:
            self.busy = False
            self.app.call_from_thread(self._agents_moved, last)  # the last move and the repaint: one update

    def _agents_moved(self, turns: list[Turn]) -> None:
        if self._interim is not None:
            self._interim.stop()
            self._interim = None
        with self.app.batch_update():
            self._log_turns(turns)
            self.refresh_view()

    # --- watch ----------------------------------------------------------------------------------

    def _autoplay(self) -> None:
        if not self.paused and not self.busy and not self.session.done:
            self._watch_step()

    def _watch_step(self) -> None:
        self.busy = True
        self._one_tick()

    @work(thread=True, exclusive=True, group="agents")
    def _one_tick(self) -> None:
        try:
            turns = self.session.tick()
            self.app.call_from_thread(self._log_turns, turns)
        finally:
            self.busy = False
            self.app.call_from_thread(self.refresh_view)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.refresh_view()

    def action_step(self) -> None:
        self.paused = True
        if not self.busy and not self.session.done:
            self._watch_step()
        self.refresh_view()

    def _set_speed(self, speed: float) -> None:
        self.speed = speed
        if self._autoplay_timer is not None:
            self._autoplay_timer.stop()
        self._autoplay_timer = self.set_interval(1 / speed, self._autoplay, name="autoplay")
        self.refresh_view()

    def action_faster(self) -> None:
        faster = [s for s in SPEEDS if s > self.speed]
        self._set_speed(faster[0] if faster else self.speed)

    def action_slower(self) -> None:
        slower = [s for s in SPEEDS if s < self.speed]
        self._set_speed(slower[-1] if slower else self.speed)

    # --- controls -------------------------------------------------------------------------------

    def action_reset(self) -> None:
        self._restart(self.session.seed)

    def action_new_seed(self) -> None:
        self._restart(self.session.seed + 1)

    def _restart(self, seed: int) -> None:
        if self.busy:
            self.notify("an agent is moving; try again when it is done", timeout=2)
            return
        self.session.reset(seed)
        self.query_one(EpisodeLog).clear()
        self._episode_started()
        if not self.watch_mode:
            self._advance()

    def action_toggle_record(self) -> None:
        s = self.session
        where = s.set_recording(not s.recording_next)
        if where is not None:
            self.notify(f"recording from the next episode (F2/F3) to {where}", timeout=4)
        else:
            self.notify("recording stops at the end of this episode", timeout=3)
        self.refresh_view()

    def action_full_log(self) -> None:
        self.app.push_screen(FullLog(list(self.query_one(EpisodeLog).entries)))

    def action_toggle_prompt(self) -> None:
        self.show_prompt = not self.show_prompt
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The arena picker is only there to go back to when the app opened on it."""
        if action == "back":
            return self.can_go_back
        return True

    def action_back(self) -> None:
        if self.busy:
            self.notify("an agent is moving; try again when it is done", timeout=2)
            return
        self.session.close()
        self.dismiss(None)


class WatchScreen(PlayScreen):
    """Agents only: ``space`` pauses or runs, ``n`` plays one move, ``+``/``-`` change the speed."""

    BINDINGS = [
        Binding("space", "pause", "Pause/run"),
        Binding("n", "step", "Step"),
        Binding("plus,equals_sign", "faster", "Faster"),
        Binding("minus", "slower", "Slower"),
    ]
