"""The review queue: one annotator's articles, filtered and searched, a window of pages at a time.

The table holds a window of the queue, read a page at a time by article id
(ReviewService.queue after or before an id): the first page when the screen
opens, the next one as the cursor nears the end, the one before as it nears
the top. home, end and "go to article #N" move the window instead of reading
every page on the way, so a 1,000,000-article queue opens and jumps as fast
as a small one. Every read runs in a thread worker; the counts come after the
rows so the rows show first.

Another process (an ingest, a second reviewer) writing to the database is
noticed by polling its change counter (PRAGMA data_version through the
service, once a second while the queue is on screen); the queue then reads
its window again in place, and says when new articles arrived.

Sorted by id, or least sure first (o): by the article's lowest-confidence
suggestion still pending for this annotator (the "Low" column), so a reviewer
with little time reads the suggestions most likely to be wrong first. The
least-sure order pages on from the last row shown (its own keyset in
annotate.store.queue); home goes to its top, end to the last row loaded, and
go-to #N switches back to the id order when #N is not loaded yet.
"""
from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from annotate.models import PresenceRecord, QueueRow, QueueSummary
from annotate.services.decisions import QueueCursor
from annotate.services.presence import by_article
from annotate.services.review import ReviewService
from tui.keys import QUEUE_BINDINGS
from tui.messages import DatabaseVersionRead, QueueJumped, QueueLoadFailed, QueuePageLoaded, QueueSummaryLoaded
from tui.safe_text import safe_line, safe_plain, safe_text
from tui.screens.goto import GoToArticleModal
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.ingest_panel import IngestPanel
from tui.widgets.queue_table import Column, QueueTable, queue_columns
from tui.widgets.safe_input import SafeInput
from tui.wording import plural, state
from tui.widgets.side_panel import confidence_text
from tui.screens.queue_filters import STATUS_OPTIONS, QueueFilterActions

STATUS_STYLE = {"new": "bold", "in_progress": "bold yellow", "done": "green"}
LAST = 1 << 62
"""An id after every article: reading the page before it reads the last page."""


class QueueScreen(QueueFilterActions, Screen):
    """Articles with title, source, status and this annotator's span counts; enter reviews one."""

    HELP_SECTION = "Queue"
    BINDINGS = QUEUE_BINDINGS
    DEFAULT_CSS = """
    QueueScreen #queue-info { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    FIRST_PAGE = 20
    """Rows read when the screen opens, so the first paint is quick; the rest of a screenful follows."""
    PAGE = 40
    """Rows read each time the cursor nears either end of what is loaded (or the screen is not full)."""
    SEARCH_DEBOUNCE_S = 0.3
    POLL_S = 1.0
    """How often the database's change counter is read while the queue is on screen."""

    def __init__(self, service: ReviewService, db_name: str):
        super().__init__()
        self.service = service
        self.db_name = db_name
        self.rows: list[QueueRow] = []
        """The window of the queue loaded now, in table order."""
        self.summary: QueueSummary | None = None
        self._generation = 0
        self._has_more = False
        self._has_before = False
        self._loading_more = False
        self._loading_before = False
        self._stale = False
        self._search_timer: Timer | None = None
        self._seen_version: int | None = None
        self._polling = False
        self._announce_from: int | None = None
        self._columns: list[Column] = []
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
            yield SafeInput(placeholder=self._search_hint(self.app.size.width), id="search")
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield IngestPanel(id="ingest-panel")
        yield Static("Loading…", id="queue-info")
        yield FittingFooter(narrow=130)  # with o, i and the go-to keys the queue needs the compact footer at 120 columns too

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
        self._set_columns(self.app.size.width, 3)
        self.query_one("#queue-table").focus()
        self.reload()
        self.set_interval(self.POLL_S, self._poll)

    # -- the table -------------------------------------------------------------
    def _set_columns(self, width: int, id_digits: int) -> bool:
        """Lay the columns out for this width; True when they changed (the rows are then drawn again)."""
        columns = queue_columns(width, id_digits, with_others=bool(self.others))
        if columns == self._columns:
            return False
        self._columns = columns
        table = self.query_one("#queue-table", DataTable)
        table.clear(columns=True)
        for column in columns:
            table.add_column(Text(column.label, justify="right" if column.numeric else "left"), key=column.key, width=column.width)
        return True

    def _id_digits(self) -> int:
        """Width of the # column: the longest id loaded, at least 3."""
        return max(3, len(str(max((row.article_id for row in self.rows), default=1))))

    def _cells(self, row: QueueRow) -> list:
        values = {
            "id": str(row.article_id), "title": row.title or "(untitled)", "source": row.source, "status": state(row.status),
            "lowest": confidence_text(row.lowest_confidence) if row.lowest_confidence is not None else "–",
            "suggested": str(row.suggested), "accepted": str(row.accepted), "rejected": str(row.rejected), "length": f"{row.length:,}",
        }
        cells = []
        for column in self._columns:
            if column.key == "with":
                cells.append(self._with_cell(row.article_id))
            elif column.numeric:
                cells.append(Text(values[column.key], justify="right"))
            else:
                style = STATUS_STYLE.get(row.status, "") if column.key == "status" else ""
                cells.append(safe_line(values[column.key], column.width, style))
        return cells

    def _redraw(self, cursor_row: int) -> None:
        table = self.query_one("#queue-table", DataTable)
        self._set_columns(self.app.size.width, self._id_digits())
        table.clear()
        table.add_rows([self._cells(row) for row in self.rows])
        if self.rows:
            table.move_cursor(row=max(0, min(cursor_row, len(self.rows) - 1)), animate=False)

    @staticmethod
    def _search_hint(width: int) -> str:
        return "Search title, source, text  (/)" if width >= 100 else "Search  (/)"

    def on_resize(self, event: Resize) -> None:
        self.query_one("#search", Input).placeholder = self._search_hint(event.size.width)
        if self._set_columns(event.size.width, self._id_digits()):
            self._redraw(self.query_one("#queue-table", DataTable).cursor_row)

    # -- loading ---------------------------------------------------------------
    def filters(self) -> dict:
        """The current filters and sort as ReviewService.queue keyword arguments."""
        status = self.query_one("#status-filter", Select).value
        label = self.query_one("#label-filter", Select).value
        search = self.query_one("#search", Input).value
        return {
            "status": None if status in ("all", Select.NULL) else status,
            "label": None if label in ("all", Select.NULL) else label,
            "search": search if search.strip() else None,
            "sort": self.sort,
        }

    def reload(self, keep_position: bool = False) -> None:
        """Read the queue again: from the top, or the window shown now with the cursor kept on its article."""
        select, after, limit = "first", None, self.FIRST_PAGE
        if keep_position and self.rows:
            select = self.selected_article_id()
            limit = max(self.FIRST_PAGE, len(self.rows))
            after = self.rows[0].article_id - 1 if self._has_before else None
        self._replace(after_id=after, limit=limit, select=select)

    def _replace(self, *, after_id: int | None = None, before_id: int | None = None, limit: int | None = None, select: int | str | None = "first") -> None:
        """A new window: after an id (or from the top), or the page before an id (LAST: the last page)."""
        self._generation += 1
        self._loading_more = self._loading_before = False
        self._fetch(self._generation, self.filters(), after_id, before_id, limit or self.FIRST_PAGE, "replace", select)

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue")
    def _fetch(self, generation: int, filters: dict, after_id: int | None, before_id: int | None, limit: int, placement: str, select: int | str | None) -> None:
        """A new window (thread): its page, then the summary counts."""
        self._read_page(generation, filters, after_id, before_id, limit, placement, select)

    @work(thread=True, exit_on_error=False, group="queue-more")
    def _fetch_side(self, generation: int, filters: dict, after_id: int | None, before_id: int | None, placement: str) -> None:
        """The page after or before the window (thread)."""
        self._read_page(generation, filters, after_id, before_id, self.PAGE, placement, None)

    def _read_page(self, generation: int, filters: dict, after_id: int | None, before_id: int | None, limit: int, placement: str, select: int | str | None) -> None:
        """Read one page and post it; a new window also gets the summary, counted after the rows are out."""
        try:
            rows = self.service.queue(**filters, limit=limit, after_id=after_id, before_id=before_id)
        except Exception as error:
            self.post_message(QueueLoadFailed(generation, str(error)))
            return
        full = len(rows) == limit
        backwards = before_id is not None
        self.post_message(QueuePageLoaded(
            generation, rows, placement,
            has_more=None if placement == "prepend" else (False if backwards else full),
            has_before=None if placement == "append" else (full if backwards else after_id is not None),
            select=select,
        ))
        if placement == "replace":
            try:
                self.post_message(QueueSummaryLoaded(generation, self.service.summary()))
            except Exception as error:
                self.post_message(QueueLoadFailed(generation, str(error)))

    @on(QueuePageLoaded)
    def _page_loaded(self, message: QueuePageLoaded) -> None:
        if message.generation != self._generation:
            return
        table = self.query_one("#queue-table", DataTable)
        if message.placement == "append":
            self._loading_more = False
            if self.sort == "confidence":  # least sure first: ids are not in order, skip the ones shown
                shown = {row.article_id for row in self.rows}
                new = [row for row in message.rows if row.article_id not in shown]
            else:
                known = self.rows[-1].article_id if self.rows else 0
                new = [row for row in message.rows if row.article_id > known]
            self.rows.extend(new)
            table.add_rows([self._cells(row) for row in new])
        elif message.placement == "prepend":
            self._loading_before = False
            known = self.rows[0].article_id if self.rows else LAST
            new = [row for row in message.rows if row.article_id < known]
            self.rows[:0] = new
            self._redraw(table.cursor_row + len(new))
        else:
            self.rows = list(message.rows)
            self._redraw(self._row_for(message.select, table.cursor_row))
        if message.has_more is not None:
            self._has_more = message.has_more
        if message.has_before is not None:
            self._has_before = message.has_before
        self._show_info()
        self._maybe_fill(table.cursor_row)

    def _row_for(self, select: int | str | None, current: int) -> int:
        if select == "first":
            return 0
        if select == "last":
            return len(self.rows) - 1
        ids = [row.article_id for row in self.rows]
        if isinstance(select, int):
            return ids.index(select) if select in ids else next((i for i, n in enumerate(ids) if n > select), len(ids) - 1)
        return current

    @on(QueueSummaryLoaded)
    def _summary_loaded(self, message: QueueSummaryLoaded) -> None:
        if message.generation != self._generation:
            return
        before, self.summary = self._announce_from, message.summary
        self._announce_from = None
        self._show_summary(message.summary)
        self._show_info()
        if before is not None and message.summary.total > before:
            arrived = message.summary.total - before
            self.notify(f"{plural(arrived, 'new article')} arrived (written by another process).", timeout=4, markup=False)

    def _maybe_fill(self, cursor_row: int) -> None:
        """Read the next page near the end (or while the table is not full), the one before near the top."""
        visible = self.query_one("#queue-table", DataTable).size.height + 10
        if self._has_more and not self._loading_more and self.rows and (cursor_row >= len(self.rows) - 10 or len(self.rows) < visible):
            self._loading_more = True
            self._fetch_side(self._generation, self.filters(), self.rows[-1].article_id, None, "append")
        if self._has_before and not self._loading_before and self.rows and cursor_row < 10:
            self._loading_before = True
            self._fetch_side(self._generation, self.filters(), None, self.rows[0].article_id, "prepend")

    @on(QueueLoadFailed)
    def _load_failed(self, message: QueueLoadFailed) -> None:
        if message.generation == self._generation:
            self._loading_more = self._loading_before = False
            self.notify(safe_plain(message.error), title="Queue not loaded", severity="error", markup=False)

    def _with_cell(self, article_id: int) -> Text:
        """Who else has the article open right now (a plain, clipped list of annotator names)."""
        width = next((c.width for c in self._columns if c.key == "with"), 14)
        return safe_line(", ".join(by_article(self.others).get(article_id, [])), width, style="bold cyan")

    def show_presence(self, others: list[PresenceRecord]) -> None:
        """Another session came, left or moved: the header, and the With column (there while anyone else is)."""
        self.others = others
        if not self.is_mounted:
            return
        self.query_one("#queue-header", Static).update(self._header_text())
        table = self.query_one("#queue-table", DataTable)
        if self._set_columns(self.app.size.width, self._id_digits()):
            self._redraw(table.cursor_row)
            return
        if not others:
            return
        column = table.get_column_index("with")
        for index, row in enumerate(self.rows):
            cell = self._with_cell(row.article_id)
            if table.get_cell_at(Coordinate(index, column)) != cell:
                table.update_cell_at(Coordinate(index, column), cell)

    def _show_summary(self, summary: QueueSummary) -> None:
        done_pct = 100 * summary.done // summary.total if summary.total else 0
        text = Text()
        text.append(plural(summary.total, "article"), style="bold")
        text.append(f"  ·  {summary.new:,} new  ·  {summary.in_progress:,} in progress  ·  {summary.done:,} done ({done_pct}%)")
        self.query_one("#queue-summary", Static).update(text)
        self.query_one("#queue-bar", ProgressBar).update(total=max(1, summary.total), progress=summary.done)

    def _show_info(self) -> None:
        info = self.query_one("#queue-info", Static)
        filters = {k: v for k, v in self.filters().items() if v and k != "sort"}
        if not self.rows:
            if self.query_one("#ingest-panel", IngestPanel).display:
                info.update("The sample articles show here as soon as they are stored.")
            elif self.summary is not None and self.summary.total == 0:
                info.update("No articles yet: run `annotate ingest FILES` (or wait for the samples to load).")
            else:
                info.update("No article matches the filters  (c clears them).")
            return
        first, last = self.rows[0].article_id, self.rows[-1].article_id
        way = {(True, False): " down", (False, True): " up", (True, True): " up or down"}.get((self._has_more, self._has_before))
        if self.sort == "confidence":
            where = "least sure first" + ("; more load as you scroll down" if self._has_more else "")
        else:
            where = f"#{first}–#{last}" + (f"; more load as you scroll{way}" if way else "")
        by = ("  ·  " + ", ".join(f"{k} {v!r}" for k, v in filters.items())) if filters else ""
        info.update(safe_text(f"Showing {plural(len(self.rows), 'article')} ({where}){by}"))

    @on(DataTable.RowHighlighted, "#queue-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # the row the cursor is on now, not the event's: a redraw (clear, then the cursor put back) posts row 0
        # first, and reading the page before for it would walk the whole queue backwards after `end`
        self._maybe_fill(self.query_one("#queue-table", DataTable).cursor_row)

    # -- moving around the whole queue -------------------------------------------
    def action_first_row(self) -> None:
        if self._has_before:
            self._replace(select="first")
        elif self.rows:
            self.query_one("#queue-table", DataTable).move_cursor(row=0, animate=False)

    def action_last_row(self) -> None:
        if self._has_more and self.sort == "id":
            self._replace(before_id=LAST, limit=self.PAGE, select="last")
        elif self.rows:
            self.query_one("#queue-table", DataTable).move_cursor(row=len(self.rows) - 1, animate=False)

    def action_go_to(self) -> None:
        self.app.push_screen(GoToArticleModal(), self._go_to_chosen)

    def _go_to_chosen(self, number: int | None) -> None:
        if number is not None:
            self._find(number, self.filters())

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-jump")
    def _find(self, number: int, filters: dict) -> None:
        self.post_message(QueueJumped(self.service.find_in_queue(number, **filters)))

    @on(QueueJumped)
    def _jumped(self, message: QueueJumped) -> None:
        jump = message.jump
        if jump.landed is not None:
            loaded = [row.article_id for row in self.rows]
            if self.sort == "confidence" and jump.landed in loaded:
                self.query_one("#queue-table", DataTable).move_cursor(row=loaded.index(jump.landed), animate=False)
            else:
                if self.sort == "confidence":  # the least-sure order cannot start at an id: go to it in id order
                    self.sort = "id"
                    self.notify("Queue ordered by id again, to show the article asked for.", timeout=4, markup=False)
                self._replace(after_id=jump.landed - 1, limit=self.PAGE, select=jump.landed)
        if jump.landed == jump.asked:
            return
        if jump.state == "missing":
            why = f"There is no article #{jump.asked}."
        elif jump.state == "superseded":
            why = f"Article #{jump.asked} is an older version of a changed file (its newer version has a higher number)."
        else:
            why = f"Article #{jump.asked} is not in this queue" + (" with these filters (c clears them)." if any(v for k, v in self.filters().items() if k != "sort") else " (it is not assigned to you).")
        where = f" Showing #{jump.landed}, the next one in the queue." if jump.landed is not None else " No article after it is in the queue."
        self.notify(why + where, severity="warning", timeout=6, markup=False)

    # -- another process wrote -----------------------------------------------------
    def _poll(self) -> None:
        if self.app.screen is self and not self._polling:
            self._polling = True
            self._read_version()

    @work(thread=True, exclusive=True, exit_on_error=False, group="queue-poll")
    def _read_version(self) -> None:
        try:
            version = self.service.data_version()
        except Exception:
            version = None
        self.post_message(DatabaseVersionRead(version))

    @on(DatabaseVersionRead)
    def _version_read(self, message: DatabaseVersionRead) -> None:
        self._polling = False
        seen, self._seen_version = self._seen_version, message.version if message.version is not None else self._seen_version
        if seen is not None and message.version is not None and message.version != seen:
            self._announce_from = self.summary.total if self.summary else None
            self.reload(keep_position=True)

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
        cursor = QueueCursor(self.filters(), upcoming, self.rows[-1].article_id, self.PAGE, first_id=article_id)
        cursor.exhausted = not self._has_more
        self._stale = True
        self.app.open_review(article_id, cursor)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload(keep_position=True)

    # -- sample ingest (driven by the app) -------------------------------------
    def show_ingest(self, stage: str, done: int, total: int) -> None:
        self.query_one("#ingest-panel", IngestPanel).show(stage, done, total)
        self._show_info()

    def hide_ingest(self) -> None:
        self.query_one("#ingest-panel", IngestPanel).hide()
