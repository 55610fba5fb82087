"""Every mention of one entity as a concordance line (keyword in context, status, article title).

`enter` opens the article in the review screen with that mention current
(ReviewAtMention); the mention list is read again when the reviewer comes back,
so what they decided there shows at once.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from annotate.services.entities import EntityKey, EntityService, Mention
from annotate.text.visible import visible
from tui.keys import CONCORDANCE_BINDINGS
from tui.messages import ArticleOpened
from tui.safe_text import safe_line, safe_plain, safe_text
from tui.screens.review import ReviewScreen

STATUS_STYLE = {"suggested": "bold", "accepted": "green", "rejected": "red", "edited": "yellow"}
STATUS_WORD = {"suggested": "pending", "accepted": "accepted", "rejected": "rejected", "edited": "edited"}


def _fold(text: str) -> str:
    """Whitespace runs as one space (kept at the ends), control characters visible."""
    shown = visible(text)
    core = " ".join(shown.split())
    if not core:
        return " " if shown else ""
    return (" " if shown[0].isspace() else "") + core + (" " if shown[-1].isspace() else "")


def keyword_in_context(mention: Mention, width: int, style: str = "bold") -> Text:
    """`…left context FORM right context…` with the form at a fixed column; whitespace folded, controls visible."""
    left, right = _fold(mention.left), _fold(mention.right)
    left = ("…" + left[-(width - 1):]) if len(left) > width else left
    right = (right[: width - 1] + "…") if len(right) > width else right
    line = Text(left.rjust(width), end="")
    line.append(" ".join(visible(mention.form).split()), style=style)
    line.append(right)
    return line


class ReviewAtMention(ReviewScreen):
    """The review screen, opened with one mention (found by its offsets) as the current span."""

    def __init__(self, *args, at: tuple[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at
        self._placed = False

    def on_article_opened(self, message: ArticleOpened) -> None:
        """Runs before the review screen's own handler; the move to the mention waits until that has run."""
        if not self._placed:
            self._placed = True
            self.call_later(self._go_to_mention)

    def _go_to_mention(self) -> None:
        span = next((s for s in self.text_view.spans if (s.start, s.end) == self.at), None)
        if span is not None:
            self._go_to(span)
            self._sync()


class ConcordanceScreen(Screen[None]):
    """The mentions of one entity, one line each; enter reviews the article at that mention."""

    HELP_SECTION = "Mentions"
    AUTO_FOCUS = "#mentions"
    BINDINGS = CONCORDANCE_BINDINGS
    DEFAULT_CSS = """
    ConcordanceScreen { layout: vertical; }
    ConcordanceScreen #mentions-header { height: 1; padding: 0 1; }
    ConcordanceScreen #mentions { height: 1fr; }
    ConcordanceScreen #mentions-info { height: 1; padding: 0 1; color: $text-muted; }
    """

    @dataclass
    class MentionsLoaded(Message):
        mentions: list[Mention]
        error: str | None = None

    def __init__(self, service: EntityService, key: EntityKey):
        super().__init__()
        self.service = service
        self.key = key
        self.mentions: list[Mention] = []

    def compose(self) -> ComposeResult:
        header = Text()
        header.append(" Mentions ", style="bold reverse")
        header.append("  ")
        header.append(safe_text(self.key.form, style="bold"))
        header.append(safe_text(f"  {self.key.label}" + (f"  →  {self.key.canonical}" if self.key.canonical else "")))
        yield Static(header, id="mentions-header")
        yield DataTable(id="mentions", cursor_type="row", zebra_stripes=True)
        yield Static("Reading the mentions…", id="mentions-info")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#mentions", DataTable)
        table.add_column("#", key="article")
        table.add_column("Status", key="status")
        table.add_column("In context", key="context")
        table.add_column("Article", key="title")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="mentions")
    def load(self) -> None:
        try:
            self.post_message(self.MentionsLoaded(self.service.mentions(self.key)))
        except Exception as error:
            self.post_message(self.MentionsLoaded([], str(error)))

    @on(MentionsLoaded)
    def _loaded(self, message: MentionsLoaded) -> None:
        if message.error:
            self.notify(safe_plain(message.error), title="Mentions not read", severity="error", markup=False)
        table = self.query_one("#mentions", DataTable)
        row = table.cursor_row
        self.mentions = message.mentions
        table.clear()
        width = max(16, (self.app.size.width - 40) // 3)
        colour = self.service.schema.colour(self.key.label) if self.key.label in self.service.schema.label_names else ""
        for mention in self.mentions:
            table.add_row(
                Text(str(mention.article_id), justify="right"),
                safe_text(STATUS_WORD.get(mention.status, mention.status), style=STATUS_STYLE.get(mention.status, "")),
                keyword_in_context(mention, width, style=f"bold {colour}".strip()),
                safe_line(mention.title or "(untitled)", max(12, self.app.size.width - 2 * width - 30)),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        pending = sum(m.status == "suggested" for m in self.mentions)
        articles = len({m.article_id for m in self.mentions})
        self.query_one("#mentions-info", Static).update(safe_text(
            f"{len(self.mentions):,} mentions in {articles:,} articles, {pending:,} pending  ·  enter opens the article there"
        ))

    def action_open_mention(self) -> None:
        table = self.query_one("#mentions", DataTable)
        if not self.mentions or table.cursor_row >= len(self.mentions):
            self.notify("No mention here.", severity="warning", markup=False)
            return
        mention = self.mentions[table.cursor_row]
        app = self.app  # the workbench: its review session and gazetteer lookup
        self.app.push_screen(ReviewAtMention(app.service, mention.article_id, None, app.lookup, at=(mention.start, mention.end)))

    @on(DataTable.RowSelected, "#mentions")
    def _row_selected(self) -> None:
        self.action_open_mention()

    def action_back(self) -> None:
        self.dismiss(None)
