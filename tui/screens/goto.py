"""Go to article #N: a one-line number prompt over the queue; dismisses with the number or None."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class GoToArticleModal(ModalScreen[int | None]):
    """Type an article number, enter goes there (or to the next article the queue holds), escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without moving.", id="goto.cancel")]
    DEFAULT_CSS = """
    GoToArticleModal { align: center middle; }
    GoToArticleModal > Vertical { width: 46; max-width: 100%; height: auto; border: thick $primary; background: $panel; padding: 0 1; }
    GoToArticleModal #goto-hint { color: $text-muted; }
    GoToArticleModal #goto-error { color: $error; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Go to article #"
            yield Input(placeholder="article number", type="integer", id="goto-number")
            yield Static("the number in the queue's # column · enter goes there · esc cancels", id="goto-hint")
            yield Static("", id="goto-error")

    @on(Input.Submitted, "#goto-number")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().lstrip("#")
        if not text.isdigit() or int(text) < 1:
            self.query_one("#goto-error", Static).update("an article number is a whole number from 1 up")
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
