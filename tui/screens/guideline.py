"""A label's annotation rules (from GUIDELINES.md through schema.yaml), or the whole guidelines."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from tui.safe_text import safe_text


class GuidelineScreen(ModalScreen[None]):
    """Markdown rules in a scrolling box; escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", tooltip="Back to where you were.", id="guideline.close"),
    ]

    DEFAULT_CSS = """
    GuidelineScreen { align: center middle; }
    GuidelineScreen > VerticalScroll { width: 96; max-width: 100%; max-height: 90%; height: auto; border: thick $primary; background: $panel; padding: 0 1; }
    GuidelineScreen Markdown { margin: 0; padding: 0; background: $panel; }
    """

    def __init__(self, title: str, markdown: str):
        super().__init__()
        self._title = title
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = safe_text(self._title)
            box.can_focus = True
            yield Markdown(self._markdown or "_No rules written for this label in schema.yaml._")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
