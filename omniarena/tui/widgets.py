"""Small widgets of the play screen: the move input with its live parse preview, and the status line."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, RichLog, Static

from omniarena.tui.session import Preview, Session

__all__ = ["MoveInput", "PreviewLine", "EpisodeLog", "FullLog", "status_text"]


class MoveInput(Input):
    """The reply line. While it is empty, the arena's arrow keys play their move (see :mod:`omniarena.tui.keys`);
    in fight mode (:attr:`fight`, fighting arenas) every bound key plays its move and nothing is typed."""

    class Arrow(Message):
        """A key with a move bound, pressed on an empty input line (or in fight mode)."""

        def __init__(self, key: str, reply: str = "") -> None:
            super().__init__()
            self.key = key
            self.reply = reply

    def __init__(
        self, arrows: Mapping[str, str] | None = None, fight_keys: Mapping[str, str] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.arrows = dict(arrows or {})
        self.fight_keys = dict(fight_keys or {})
        self.fight = bool(self.fight_keys)

    async def _on_key(self, event: events.Key) -> None:
        bound = self.fight_keys if self.fight else self.arrows if not self.value else {}
        if event.key in bound:
            event.stop()
            event.prevent_default()
            self.post_message(self.Arrow(event.key, bound[event.key]))
            return
        await super()._on_key(event)


class PreviewLine(Static):
    """What the typed reply parses to: the action in green, or the parse error in red."""

    def show(self, preview: Preview, waiting: bool = True) -> None:
        if not waiting:
            self.update(Text("(not your move)", style="dim"), layout=False)
        elif preview.ok:
            self.update(Text.assemble(("✓ ", "bold green"), (preview.text, "green")), layout=False)
        else:
            self.update(Text.assemble(("✗ ", "bold red"), (preview.text, "red")), layout=False)


def status_text(session: Session, paused: bool | None = None, speed: float | None = None) -> Text:
    """Step, last reward, returns, whose move it is, and the recording state, on one line."""
    ep = session.episode
    last = ep.log[-1] if ep.log else None
    parts: list[tuple[str, str] | str] = [("step ", "dim"), (str(ep.steps), "bold"), "  "]
    parts += [("reward ", "dim"), (f"{last.reward:+g}" if last else "-", "bold"), "  "]
    if session.info.multi_agent:
        returns = "  ".join(f"{p} ({session.who(p)}) {r:+g}" for p, r in ep.returns.items())
        parts += [("return ", "dim"), (returns, "bold"), "  "]
    else:
        parts += [("return ", "dim"), (f"{ep.returns.get('agent', 0.0):+g}", "bold"), "  "]
    parts += [("seed ", "dim"), (str(session.seed), "bold"), "  "]
    if ep.done:
        parts.append((ep.outcome, "bold yellow"))
    elif session.waits_for_human:
        parts.append(("your move", "bold green"))
    else:
        moving = ", ".join(session.to_move)
        parts.append((f"{moving} ({session.who(session.to_move[0])}) to move", "bold cyan"))
    if paused is not None:
        parts += ["  ", ("paused" if paused else f"playing x{speed:g}/s", "magenta")]
    if session.recording:
        parts += ["  ", ("● rec", "bold red")]
    elif session.recording_next:
        parts += ["  ", ("rec from next episode", "red")]
    return Text.assemble(*parts)


class EpisodeLog(Static):
    """The episode's moves, newest last; the box shows the latest that fit (:class:`FullLog` shows them all).

    Not a ``RichLog``: a growing log changes its virtual size, which makes Textual lay out the whole screen
    again on every move; this box keeps its size, so a move repaints only what changed.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[Text] = []

    @property
    def lines(self) -> list[str]:
        """Every entry as plain text (what tests and the full log read)."""
        return [entry.plain for entry in self.entries]

    def write(self, line: Text) -> None:
        self.entries.append(line)
        self._show()

    def clear(self) -> None:
        self.entries = []
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        height, width = max(1, self.content_size.height), max(1, self.content_size.width)
        shown: list[Text] = []
        for entry in reversed(self.entries):
            wrapped = list(entry.wrap(self.app.console, width))
            shown[:0] = wrapped[-(height - len(shown)) :]
            if len(shown) >= height:
                break
        self.update(Text("\n").join(shown), layout=False)


class FullLog(ModalScreen[None]):
    """Every move of the episode, scrollable; Escape closes it."""

    BINDINGS = [Binding("escape,f8", "dismiss", "Close")]
    DEFAULT_CSS = """
    FullLog { align: center middle; }
    FullLog > RichLog { width: 90%; height: 90%; border: round $secondary; }
    """

    def __init__(self, entries: list[Text]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        log = RichLog(wrap=True, markup=False)
        log.border_title = "episode log (Escape closes)"
        yield log

    def on_mount(self) -> None:
        log = self.query_one(RichLog)
        for entry in self.entries:
            log.write(entry, expand=True)
