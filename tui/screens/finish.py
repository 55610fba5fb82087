"""Asked when `d` would finish an article whose suggestions are still open: they must not vanish unseen."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.safe_text import safe_text


class FinishDialog(ModalScreen[str | None]):
    """Accept the open suggestions and finish, finish and drop them, or cancel; dismisses with 'accept', 'reject' or None."""

    BINDINGS = [
        Binding("a", "choose('accept')", "Accept rest, finish", tooltip="Accept every open suggestion, then mark the article done.", id="finish.accept"),
        Binding("x", "choose('reject')", "Drop rest, finish", tooltip="Reject every open suggestion (they leave the export), then mark the article done.", id="finish.reject"),
        Binding("escape,c", "choose(None)", "Cancel", tooltip="Keep reviewing; nothing changes.", id="finish.cancel"),
    ]

    DEFAULT_CSS = """
    FinishDialog { align: center middle; }
    FinishDialog > Vertical { width: 64; max-width: 100%; height: auto; border: thick $warning; background: $panel; padding: 0 1; }
    FinishDialog #finish-question { margin-bottom: 1; }
    """

    def __init__(self, open_count: int, total: int, title: str):
        super().__init__()
        self.open_count = open_count
        self.total = total
        self.article_title = title

    def compose(self) -> ComposeResult:
        plural = "s" if self.open_count != 1 else ""
        question = Text()
        question.append(f"{self.open_count} of {self.total} suggestion{plural} ", style="bold")
        question.append("in this article are still open. Done leaves them out of the reviewed export unless you decide.")
        choices = Text()
        choices.append(" a ", style="bold reverse")
        choices.append(f"  accept the {self.open_count} open suggestion{plural} and finish\n")
        choices.append(" x ", style="bold reverse")
        choices.append("  finish and drop them (rejected)\n")
        choices.append(" esc ", style="bold reverse")
        choices.append(" cancel: keep reviewing")
        with Vertical() as box:
            box.border_title = safe_text(f"Finish “{self.article_title}”?")
            yield Static(question, id="finish-question")
            yield Static(choices, id="finish-choices")
        yield Footer()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
