"""`/` on the review screen: find text in the article, case and accents aside; enter jumps to a match."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from annotate.text.visible import visible
from tui.safe_text import safe_text
from tui.text_search import FoldedText, from_cursor

CONTEXT = 28
"""Characters of text shown on each side of a match."""


class ArticleSearch(ModalScreen[tuple[int, int] | None]):
    """Matches after the cursor first (then from the top); dismisses with the chosen match (start, end) or None."""

    BINDINGS = [
        Binding("enter", "pick", "Go", tooltip="Go to the highlighted match.", id="search.pick", priority=True),
        Binding("down", "move(1)", "Next match", tooltip="Highlight the next match.", id="search.down", priority=True),
        Binding("up", "move(-1)", "Previous match", tooltip="Highlight the previous match.", id="search.up", priority=True),
        Binding("escape", "cancel", "Cancel", tooltip="Back to the article, the cursor where it was.", id="search.cancel"),
    ]

    DEFAULT_CSS = """
    ArticleSearch { align: center middle; }
    ArticleSearch > Vertical { width: 90; max-width: 100%; height: 20; max-height: 100%; border: thick $primary; background: $panel; padding: 0 1; }
    ArticleSearch #matches { height: 1fr; }
    ArticleSearch #search-status { height: 1; color: $text-muted; }
    """

    def __init__(self, text: str, folded: FoldedText, cursor: int, query: str = ""):
        super().__init__()
        self._text = text
        self._folded = folded
        self._cursor = cursor
        self._query = query
        self.matches: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Find in this article"
            yield Input(value=self._query, placeholder="Text to find (case and accents aside)…", id="search-query")
            yield OptionList(id="matches")
            yield Static("", id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-query", Input).focus()
        self._search(self._query)

    @property
    def query_text(self) -> str:
        return self.query_one("#search-query", Input).value

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        self.matches = from_cursor(self._folded.find_all(query), self._cursor)
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        options.add_options([Option(self._snippet(start, end)) for start, end in self.matches[:200]])
        if self.matches:
            options.highlighted = 0
        status = self.query_one("#search-status", Static)
        if not query.strip():
            status.update("Type to search; matches after the cursor come first.")
        elif not self.matches:
            status.update(safe_text(f"No match for “{query}”.", style="bold"))
        else:
            more = f" (first {len(options.options)} shown)" if len(self.matches) > len(options.options) else ""
            count = f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''}"
            status.update(Text(f"{count}{more}  ·  ↑↓ choose, enter goes there, esc cancels"))

    def _snippet(self, start: int, end: int) -> Text:
        text = self._text
        line = text.count("\n", 0, start) + 1
        before = visible(text[max(0, start - CONTEXT) : start]).replace("\n", " ")
        after = visible(text[end : end + CONTEXT]).replace("\n", " ")
        shown = Text(f"{line:>4}  ", style="dim")
        shown.append(("…" if start > CONTEXT else "") + before)
        shown.append(visible(text[start:end]).replace("\n", " "), style="bold reverse")
        shown.append(after + ("…" if end + CONTEXT < len(text) else ""))
        return shown

    def action_move(self, delta: int) -> None:
        options = self.query_one("#matches", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_pick(self) -> None:
        options = self.query_one("#matches", OptionList)
        if not self.matches or options.highlighted is None:
            self.notify("No match to go to.", severity="warning", timeout=2, markup=False)
            return
        self.dismiss(self.matches[options.highlighted])

    @on(OptionList.OptionSelected, "#matches")
    def _selected(self) -> None:
        self.action_pick()

    def action_cancel(self) -> None:
        self.dismiss(None)
