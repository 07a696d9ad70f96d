"""The arena picker: every registered arena with its metadata, filtered by domain and by a search word."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from omniarena.core.registry import ArenaInfo, is_installed

__all__ = ["PickerScreen", "ALL_DOMAINS"]

ALL_DOMAINS = "all domains"
COLUMNS = ("id", "domain", "api", "players", "expert", "installed", "max steps", "description")


class PickerScreen(Screen[None]):
    """Choose an arena: arrow keys and Enter in the table, a domain in the list, a word in the search line."""

    CSS = """
    #filters { height: 3; }
    #domain { width: 28; }
    #search { width: 1fr; }
    #arenas { height: 1fr; }
    #details { height: 4; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS = [
        Binding("f7", "tournament", "Tournament"),
        Binding("ctrl+f", "focus_search", "Search", show=False),
    ]

    class Chosen(Message):
        """The user picked ``arena`` (an ArenaInfo)."""

        def __init__(self, arena: ArenaInfo) -> None:
            super().__init__()
            self.arena = arena

    def __init__(self, arenas: Sequence[ArenaInfo], domain: str | None = None) -> None:
        super().__init__()
        self.arenas = list(arenas)
        self.domain = domain
        self.shown: list[ArenaInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        domains = sorted({a.domain for a in self.arenas})
        options = [(f"{ALL_DOMAINS} ({len(self.arenas)})", ALL_DOMAINS)] + [
            (f"{d} ({sum(a.domain == d for a in self.arenas)})", d) for d in domains
        ]
        with Horizontal(id="filters"):
            start = self.domain if self.domain in domains else ALL_DOMAINS
            yield Select(options, value=start, allow_blank=False, id="domain")
            yield Input(placeholder="search ids and descriptions", id="search")
        yield DataTable(id="arenas", cursor_type="row", zebra_stripes=True)
        yield Static(id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "omniarena: choose an arena"
        self.sub_title = "Enter plays it; F7 tournament dashboard; Ctrl+Q quits"
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.fill()
        self.query_one(DataTable).focus()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        word = self.query_one("#search", Input).value.strip().lower()
        domain = self.query_one("#domain", Select).value
        self.shown = [
            a
            for a in self.arenas
            if (domain == ALL_DOMAINS or a.domain == domain) and (not word or word in f"{a.id} {a.description}".lower())
        ]
        for a in self.shown:
            installed = is_installed(a)
            table.add_row(
                a.id,
                a.domain,
                a.api,
                str(a.players),
                "yes" if a.expert else "-",
                Text("yes", "green") if installed else Text(f"no: [{a.extra}]", "red"),
                str(a.max_steps or "-"),
                a.description,
                key=a.id,
            )
        self.show_details(0 if self.shown else None)

    def show_details(self, row: int | None) -> None:
        details = self.query_one("#details", Static)
        if row is None or not (0 <= row < len(self.shown)):
            details.update("no arena matches")
            return
        a = self.shown[row]
        kind = {"gym": "single player", "aec": "turn-based", "parallel": "simultaneous moves"}[a.api]
        extra = f'; needs pip install "omniarena[{a.extra}]"' if a.extra and not is_installed(a) else ""
        line = f"{a.id}: {a.description}\n{kind}, {a.players} player(s), family {a.family}, from {a.source}{extra}"
        details.update(line)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_details(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            self.post_message(self.Chosen(self.shown[event.cursor_row]))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_tournament(self) -> None:
        self.app.action_tournament()  # type: ignore[attr-defined]
