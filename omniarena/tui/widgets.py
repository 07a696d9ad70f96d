"""Small widgets of the play screen: the move input with its live parse preview, and the status line."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input, Static

from omniarena.tui.session import Preview, Session

__all__ = ["MoveInput", "PreviewLine", "status_text"]


class MoveInput(Input):
    """The reply line. While it is empty, the arena's arrow keys play their move (see :mod:`omniarena.tui.keys`)."""

    class Arrow(Message):
        """An arrow key with a move bound, pressed on an empty input line."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, arrows: Mapping[str, str] | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.arrows = dict(arrows or {})

    async def _on_key(self, event: events.Key) -> None:
        if not self.value and event.key in self.arrows:
            event.stop()
            event.prevent_default()
            self.post_message(self.Arrow(event.key))
            return
        await super()._on_key(event)


class PreviewLine(Static):
    """What the typed reply parses to: the action in green, or the parse error in red."""

    def show(self, preview: Preview, waiting: bool = True) -> None:
        if not waiting:
            self.update(Text("(not your move)", style="dim"))
        elif preview.ok:
            self.update(Text.assemble(("✓ ", "bold green"), (preview.text, "green")))
        else:
            self.update(Text.assemble(("✗ ", "bold red"), (preview.text, "red")))


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
