"""The review queue: one annotator's articles, filtered, searched and sorted, a page at a time.

Sorted by id, or least sure first: by the article's lowest-confidence suggestion still
pending for this annotator (the "Low" column), so a reviewer with little time reads
the suggestions most likely to be wrong first.
"""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, ProgressBar, Select, Static
from textual.worker import get_current_worker

from annotate.models import PresenceRecord, QueueRow, QueueSummary
from annotate.services.decisions import QueueCursor
from annotate.services.presence import by_article
from annotate.services.review import ReviewService
from tui.keys import QUEUE_BINDINGS
from tui.messages import QueueLoadFailed, QueuePageLoaded
from tui.safe_text import safe_line, safe_plain, safe_text
from tui.widgets.queue_table import QueueTable
from tui.widgets.safe_input import SafeInput
from tui.widgets.side_panel import confidence_text

STATUS_OPTIONS = [("All statuses", "all"), ("New", "new"), ("In progress", "in_progress"), ("Done", "done")]
SORT_OPTIONS = [("By id", "id"), ("Least sure first", "confidence")]
STATUS_STYLE = {"new": "bold", "in_progress": "bold yellow", "done": "green"}


class QueueScreen(Screen):
    """Articles with title, source, status and this annotator's span counts; enter reviews one.

    Only the first page is read when the screen opens (and more as the cursor nears the
    end), so a 50,000-article database opens as fast as a small one.
    """

    HELP_SECTION = "Queue"
    BINDINGS = QUEUE_BINDINGS
    FIRST_PAGE = 20
    """Rows read when the screen opens, so the first paint is quick; the rest of a screenful follows."""
    PAGE = 40
    """Rows read each time the cursor nears the end of what is loaded (or the screen is not full)."""
    SEARCH_DEBOUNCE_S = 0.3

    def __init__(self, service: ReviewService, db_name: str):
        super().__init__()
        self.service = service
        self.db_name = db_name
        self.rows: list[QueueRow] = []
        """The rows loaded so far, in table order."""
        self.summary: QueueSummary | None = None
        self._generation = 0
        self._has_more = False
        self._loading_more = False
        self._reselect: int | None = None
        self._stale = False
        self._search_timer: Timer | None = None
        self.sort = "id"
        """The queue's order: "id", or "confidence" (least sure first); o cycles it."""
        self.others: list[PresenceRecord] = []
        """The other live sessions (app heartbeat), for the header and the With column."""

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="queue-header")
        with Horizontal(id="queue-progress"):
            yield Static("", id="queue-summary")
            yield ProgressBar(total=None, show_eta=False, id="queue-bar")
        with Horizontal(id="queue-filters"):
            yield Select(STATUS_OPTIONS, value="all", allow_blank=False, id="status-filter")
            yield Select([("All labels", "all")] + [(label.name, label.name) for label in self.service.schema.labels], value="all", allow_blank=False, id="label-filter")
            yield SafeInput(placeholder="Search title, source or text  (/)", id="search")
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="ingest-panel"):
            yield Static("Loading the bundled sample articles…", id="ingest-label")
            yield ProgressBar(total=None, show_eta=False, id="ingest-bar")
        yield Static("Loading…", id="queue-info")
        yield Footer()

    def _header_text(self) -> Text:
        text = Text()
        text.append(" Review queue ", style="bold reverse")
        text.append("  annotator ")
        text.append(safe_text(self.service.annotator, style="bold"))
        text.append(safe_text(f"  ·  {self.db_name}", style="dim"))
        if self.others:
            places = [f"{row.annotator} (#{row.article_id})" if row.article_id is not None else f"{row.annotator} ({row.screen})" for row in self.others]
            text.append("  ·  also working: ")
            text.append(safe_line(", ".join(places), 60, style="bold cyan"))
        return text

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.add_column("#", key="id")
        table.add_column("Title", key="title")
        table.add_column("Source", key="source")
        table.add_column("Status", key="status")
        table.add_column("With", key="with")
        table.add_column("Low", key="lowest")
        table.add_column("Sugg", key="suggested")
        table.add_column("Acc", key="accepted")
        table.add_column("Rej", key="rejected")
        table.add_column("Chars", key="length")
        table.focus()
        self.reload()

    # -- loading -------------------------------------------------------------
    def filters(self) -> dict:
        """The current filters and sort as ReviewService.queue keyword arguments."""
        status = self.query_one("#status-filter", Select).value
        label = self.query_one("#label-filter", Select).value
        search = self.query_one("#search", Input).value.strip()
        return {
            "status": None if status in ("all", Select.NULL) else status,
            "label": None if label in ("all", Select.NULL) else label,
            "search": search or None,
            "sort": self.sort,
        }

    def reload(self, keep_position: bool = False) -> None:
        """Read the queue again from the first row (as many rows as are loaded when keeping the position)."""
        self._generation += 1
        self._loading_more = False
        if keep_position and self.rows:
            self._reselect = self.selected_article_id()
        limit = max(self.FIRST_PAGE, len(self.rows)) if keep_position else self.FIRST_PAGE
        self._fetch(self._generation, self.filters(), 0, limit, True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue")
    def _fetch(self, generation: int, filters: dict, offset: int, limit: int, with_summary: bool) -> None:
        """Read one page (and the overall counts) and post QueuePageLoaded."""
        worker = get_current_worker()
        try:
            rows = self.service.queue(**filters, limit=limit, offset=offset)
            summary = self.service.summary() if with_summary else None
        except Exception as error:
            self.post_message(QueueLoadFailed(generation, str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(QueuePageLoaded(generation, offset, rows, summary, len(rows) == limit))

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-more")
    def _fetch_more(self, generation: int, filters: dict, offset: int) -> None:
        try:
            rows = self.service.queue(**filters, limit=self.PAGE, offset=offset)
        except Exception as error:
            self.post_message(QueueLoadFailed(generation, str(error)))
            return
        self.post_message(QueuePageLoaded(generation, offset, rows, None, len(rows) == self.PAGE))

    @on(QueuePageLoaded)
    def _page_loaded(self, message: QueuePageLoaded) -> None:
        if message.generation != self._generation:
            return
        table = self.query_one("#queue-table", DataTable)
        if message.offset == 0:
            table.clear()
            self.rows = []
        elif message.offset != len(self.rows):
            return
        self._loading_more = False
        self._has_more = message.has_more
        self.rows.extend(message.rows)
        table.add_rows([self._cells(row) for row in message.rows])
        if message.summary is not None:
            self.summary = message.summary
            self._show_summary(message.summary)
        if message.offset == 0 and self._reselect is not None:
            ids = [row.article_id for row in self.rows]
            if self._reselect in ids:
                table.move_cursor(row=ids.index(self._reselect), animate=False)
            self._reselect = None
        self._show_info()
        self._maybe_fill(table.cursor_row)

    def _maybe_fill(self, cursor_row: int) -> None:
        """Read the next page when the cursor is near the end or the table is not full yet."""
        visible = self.query_one("#queue-table", DataTable).size.height + 10
        near_end = cursor_row >= len(self.rows) - 10
        if self._has_more and not self._loading_more and (near_end or len(self.rows) < visible):
            self._loading_more = True
            self._fetch_more(self._generation, self.filters(), len(self.rows))

    @on(QueueLoadFailed)
    def _load_failed(self, message: QueueLoadFailed) -> None:
        if message.generation == self._generation:
            self._loading_more = False
            self.notify(safe_plain(message.error), title="Queue not loaded", severity="error", markup=False)

    def _title_width(self) -> int:
        """What the title column can take so that every other column fits the screen."""
        return max(20, self.app.size.width - 96)

    def _cells(self, row: QueueRow) -> tuple:
        return (
            Text(str(row.article_id), justify="right"),
            safe_line(row.title or "(untitled)", self._title_width()),
            safe_line(row.source, 24),
            safe_text(row.status.replace("_", " "), style=STATUS_STYLE.get(row.status, "")),
            self._with_cell(row.article_id),
            Text(confidence_text(row.lowest_confidence) if row.lowest_confidence is not None else "–", justify="right"),
            Text(str(row.suggested), justify="right"),
            Text(str(row.accepted), justify="right"),
            Text(str(row.rejected), justify="right"),
            Text(f"{row.length:,}", justify="right"),
        )

    def _with_cell(self, article_id: int) -> Text:
        """Who else has the article open right now (a plain, clipped list of annotator names)."""
        return safe_line(", ".join(by_article(self.others).get(article_id, [])), 14, style="bold cyan")

    def show_presence(self, others: list[PresenceRecord]) -> None:
        """Another session came, left or moved: refresh the header and the With column of the loaded rows."""
        self.others = others
        if not self.is_mounted:
            return
        self.query_one("#queue-header", Static).update(self._header_text())
        table = self.query_one("#queue-table", DataTable)
        column = table.get_column_index("with")
        for index, row in enumerate(self.rows):
            cell = self._with_cell(row.article_id)
            if table.get_cell_at(Coordinate(index, column)) != cell:
                table.update_cell_at(Coordinate(index, column), cell)

    def _show_summary(self, summary: QueueSummary) -> None:
        done_pct = 100 * summary.done // summary.total if summary.total else 0
        text = Text()
        text.append(f"{summary.total:,} articles", style="bold")
        text.append(f"  ·  {summary.new:,} new  ·  {summary.in_progress:,} in progress  ·  {summary.done:,} done ({done_pct}%)")
        self.query_one("#queue-summary", Static).update(text)
        self.query_one("#queue-bar", ProgressBar).update(total=max(1, summary.total), progress=summary.done)

    def _show_info(self) -> None:
        info = self.query_one("#queue-info", Static)
        filters = {k: v for k, v in self.filters().items() if v and k != "sort"}
        shown = len(self.rows)
        if not shown:
            if self.summary is not None and self.summary.total == 0:
                info.update("No articles yet: run `annotate ingest FILES` (or wait for the samples to load).")
            else:
                info.update("No article matches the filters  (c clears them).")
            return
        more = "  ·  more load as you scroll" if self._has_more else ""
        where = ("  ·  filtered by " + ", ".join(f"{k} {v!r}" for k, v in filters.items())) if filters else ""
        order = "  ·  least sure first" if self.sort == "confidence" else ""
        info.update(safe_text(f"Showing {shown:,} articles{more}{where}{order}  ·  enter opens, / searches, s/l cycle the filters, o the order"))

    @on(DataTable.RowHighlighted, "#queue-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._maybe_fill(event.cursor_row)

    # -- filters -------------------------------------------------------------
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.is_mounted:
            self.reload()

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(self.SEARCH_DEBOUNCE_S, self.reload)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.reload()
        self.query_one("#queue-table").focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#queue-table").focus()

    def _cycle(self, select_id: str, values: list[str]) -> None:
        select = self.query_one(select_id, Select)
        index = values.index(select.value) if select.value in values else 0
        select.value = values[(index + 1) % len(values)]

    def action_cycle_status(self) -> None:
        self._cycle("#status-filter", [value for _, value in STATUS_OPTIONS])

    def action_cycle_label(self) -> None:
        self._cycle("#label-filter", ["all", *self.service.schema.label_names])

    def action_cycle_sort(self) -> None:
        """By id, then least sure first, then by id again (o)."""
        values = [value for _, value in SORT_OPTIONS]
        self.sort = values[(values.index(self.sort) + 1) % len(values)]
        self.reload()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#status-filter", Select).value = "all"
            self.query_one("#label-filter", Select).value = "all"
            self.query_one("#search", Input).value = ""
        self.reload()

    def action_reload(self) -> None:
        self.reload(keep_position=True)

    # -- opening ---------------------------------------------------------------
    def selected_article_id(self) -> int | None:
        table = self.query_one("#queue-table", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].article_id

    @on(DataTable.RowSelected, "#queue-table")
    def _row_selected(self) -> None:
        self.action_open_article()

    def action_open_article(self) -> None:
        article_id = self.selected_article_id()
        if article_id is None:
            self.notify("No article to open.", severity="warning", markup=False)
            return
        index = self.query_one("#queue-table", DataTable).cursor_row
        upcoming = [row.article_id for row in self.rows[index + 1 :] if row.status != "done"]
        cursor = QueueCursor(self.filters(), upcoming, self.rows[-1].article_id, self.PAGE)
        cursor.exhausted = not self._has_more
        self._stale = True
        self.app.open_review(article_id, cursor)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload(keep_position=True)

    # -- sample ingest (driven by the app) -------------------------------------
    def show_ingest(self, done: int, total: int) -> None:
        self.query_one("#ingest-panel").display = True
        label = f"Loading the bundled sample articles… {done}/{total}" if total else "Reading the bundled sample articles and starting the pre-annotator…"
        self.query_one("#ingest-label", Static).update(label)
        self.query_one("#ingest-bar", ProgressBar).update(total=max(1, total), progress=done)

    def hide_ingest(self) -> None:
        self.query_one("#ingest-panel").display = False
