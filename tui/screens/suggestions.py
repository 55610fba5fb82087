"""Gazetteer matches for a LOCALITY mention; the query refines live (debounced, in a worker)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from annotate.services.suggestions import PlaceSuggestion
from tui.messages import SuggestionsFound
from tui.safe_text import safe_line, safe_text
from tui.widgets.safe_input import SafeInput


@dataclass(frozen=True)
class SuggestionChoice:
    """What the reviewer picked, and whether to remember the mention as a name of that place."""

    suggestion: PlaceSuggestion
    remember: bool = False


class SuggestionsModal(ModalScreen[SuggestionChoice | None]):
    """Pick a gazetteer entry for a mention; dismisses with the choice or None."""

    BINDINGS = [
        Binding("enter", "pick", "Pick", tooltip="Set canonical, country, level and now from the highlighted match.", id="suggest.pick"),
        Binding("ctrl+s", "pick(True)", "Pick + remember", tooltip="Pick, and add the mention as a name of this place to the user gazetteer.", id="suggest.remember"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the span.", id="suggest.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="suggest.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="suggest.up"),
    ]

    DEFAULT_CSS = """
    SuggestionsModal { align: center middle; }
    SuggestionsModal > Vertical { width: 100; height: 26; border: thick $primary; background: $panel; padding: 0 1; }
    SuggestionsModal #matches { height: 1fr; }
    SuggestionsModal #suggest-status { height: 1; color: $text-muted; }
    """

    DEBOUNCE_S = 0.25

    def __init__(self, mention: str, lookup: Callable[[str], list[PlaceSuggestion]]):
        super().__init__()
        self.mention = mention
        self._lookup = lookup
        self._results: list[PlaceSuggestion] = []
        self._timer: Timer | None = None
        self._shown_query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = safe_text(f"Gazetteer matches for “{self.mention}”")
            yield SafeInput(value=self.mention, placeholder="Refine the query…", id="query")
            yield DataTable(id="matches", cursor_type="row", zebra_stripes=True)
            yield Static("Searching…", id="suggest-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#matches", DataTable)
        table.add_columns("Canonical", "Score", "Country", "Level", "Parent", "Now", "Source")
        self.query_one("#query", Input).focus()
        self.search(self.mention)

    @property
    def query_text(self) -> str:
        return self.query_one("#query", Input).value

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE_S, lambda: self.search(event.value))

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        if self._shown_query != self.query_text:
            # enter before the debounce fired: pick from the freshest results once they arrive
            self.search(self.query_text)
            return
        self.action_pick()

    @on(DataTable.RowSelected, "#matches")
    def _row_selected(self) -> None:
        self.action_pick()

    @work(thread=True, exclusive=True, exit_on_error=False, group="suggest")
    def search(self, query: str) -> None:
        """Look the query up in the gazetteer (thread) and post SuggestionsFound."""
        worker = get_current_worker()
        try:
            found = self._lookup(query)
        except Exception as error:  # an unavailable gazetteer must not close the app
            if not worker.is_cancelled:
                self.post_message(SuggestionsFound(query, [], f"gazetteer unavailable: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(SuggestionsFound(query, found))

    @on(SuggestionsFound)
    def _show(self, message: SuggestionsFound) -> None:
        if message.query != self.query_text:
            return
        self._shown_query = message.query
        self._results = list(message.suggestions)
        table = self.query_one("#matches", DataTable)
        table.clear()
        for s in self._results:
            table.add_row(
                safe_line(s.canonical, 40, style="bold"), f"{s.score:.1f}", safe_line(s.country, 8), safe_line(s.level, 16),
                safe_line(s.parent or "", 24), safe_line(s.now or "", 24), safe_line(s.source, 24),
            )
        status = self.query_one("#suggest-status", Static)
        if message.error:
            status.update(safe_text(message.error, style="bold red"))
        elif not self._results:
            status.update("No match; edit the query.")
        else:
            status.update(safe_text(f"{len(self._results)} matches for “{message.query}”, best first  ·  ↑↓ choose, enter picks, ctrl+s picks and remembers"))

    def action_move(self, delta: int) -> None:
        table = self.query_one("#matches", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def action_pick(self, remember: bool = False) -> None:
        table = self.query_one("#matches", DataTable)
        if not self._results or table.cursor_row >= len(self._results):
            self.notify("No match to pick.", severity="warning", markup=False)
            return
        self.dismiss(SuggestionChoice(self._results[table.cursor_row], remember))

    def action_cancel(self) -> None:
        self.dismiss(None)
