"""The entities screen (`t` from the queue): review by entity across the corpus.

One row per distinct (surface form, label, canonical) the annotator sees, with
its pending / accepted / rejected / edited counts, articles, most frequent
attributes, the pre-annotator's mean confidence and disputed mentions. One key
decides every pending mention of the row through EntityService in one thread
worker (one transaction, progress shown, the screen stays live); `u` undoes the
last bulk action as a whole, also after a restart. `enter` lists the mentions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from annotate.services.entities import SORTS, BulkAction, BulkOutcome, EntityCounts, EntityKey, EntityService, GroupUndone
from annotate.services.suggestions import SuggestionService
from tui.keys import ENTITY_BINDINGS, entity_label_bindings
from tui.safe_text import safe_line, safe_plain, safe_text
from tui.widgets.safe_input import SafeInput

NARROW_WIDTH = 100
"""Below this many columns the table keeps the essential columns."""
COLUMNS = (("Pend", "pending"), ("Acc", "accepted"), ("Rej", "rejected"), ("Edit", "edited"), ("Arts", "articles"), ("Conf", "confidence"),
           ("Disp", "disputed"), ("Label", "label"), ("Form", "form"), ("Canonical", "canonical"), ("Attributes", "attributes"))
NARROW_COLUMNS = (("Pend", "pending"), ("Acc", "accepted"), ("Rej", "rejected"), ("Lab", "label"), ("Form", "form"), ("Attributes", "attributes"))
SORT_NAMES = {"pending": "most pending", "confidence": "most sure", "low-confidence": "least sure", "disagreement": "most disputed", "form": "form"}


def key_of(row: EntityCounts) -> EntityKey:
    return EntityKey(row.form, row.label, row.canonical)


def attributes_text(row: EntityCounts) -> str:
    return ", ".join(f"{name}={value} ×{count}" for name, (value, count) in row.attributes.items())


class EntitiesScreen(Screen[None]):
    """Every entity of the corpus for this annotator; one key decides all its pending mentions."""

    HELP_SECTION = "Entities"
    AUTO_FOCUS = "#entities"
    BINDINGS = ENTITY_BINDINGS
    SEARCH_DEBOUNCE_S = 0.3
    DEFAULT_CSS = """
    EntitiesScreen { layout: vertical; }
    EntitiesScreen #entities-header { height: 1; padding: 0 1; }
    EntitiesScreen #entities-bar-row { height: auto; }
    EntitiesScreen #entity-search { height: 1; border: none; padding: 0 1; }
    EntitiesScreen #entities { height: 1fr; }
    EntitiesScreen #bulk-row { height: 1; display: none; }
    EntitiesScreen #bulk-row.-busy { display: block; }
    EntitiesScreen #bulk-label { width: auto; padding: 0 1; }
    EntitiesScreen #entities-info { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    """

    @dataclass
    class RowsLoaded(Message):
        generation: int
        rows: list[EntityCounts]

    @dataclass
    class LoadFailed(Message):
        error: str

    @dataclass
    class BulkProgressed(Message):
        """A bulk decision is being written: done of total mentions."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, EntitiesScreen.BulkProgressed)

    @dataclass
    class BulkApplied(Message):
        """A bulk decision was committed (outcome), or a bulk undo (undone), described in words."""

        description: str
        outcome: BulkOutcome | None = None
        undone: GroupUndone | None = None

    @dataclass
    class BulkFailed(Message):
        error: str

    def __init__(self, service: EntityService, lookup: SuggestionService | None = None):
        """service: this annotator's entities (the screen closes it when it goes); lookup: the gazetteer for `g`."""
        super().__init__()
        self.service = service
        self.lookup = lookup
        self.rows: list[EntityCounts] = []
        """The rows shown, in table order."""
        self.sort = SORTS[0]
        self.label: str | None = None
        self.busy = False
        self.narrow: bool | None = None
        """True when the terminal is under NARROW_WIDTH columns (None before the first layout)."""
        """True while a bulk decision or undo is being written (further bulk keys wait)."""
        self._generation = 0
        self._reselect: EntityKey | None = None
        self._reselect_index: int | None = None
        self._search_timer: Timer | None = None
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(entity_label_bindings(service.schema.labels))])

    def compose(self) -> ComposeResult:
        yield Static("", id="entities-header")
        yield SafeInput(placeholder="Search forms and canonicals, accents aside  (/)", id="entity-search")
        yield DataTable(id="entities", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="bulk-row"):
            yield Static("Writing…", id="bulk-label")
            yield ProgressBar(total=None, show_eta=False, id="bulk-bar")
        yield Static("Counting entities…", id="entities-info")
        yield Footer()

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self._show_header()
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        if self._fit(event.size.width):
            self._fill()

    def _fit(self, width: int) -> bool:
        """Below NARROW_WIDTH columns: pending, accepted, rejected, label, form (→ canonical), attributes. True if it changed."""
        narrow = width < NARROW_WIDTH
        if narrow == self.narrow:
            return False
        self.narrow = narrow
        table = self.query_one("#entities", DataTable)
        table.clear(columns=True)
        for title, key in NARROW_COLUMNS if narrow else COLUMNS:
            table.add_column(Text(title), key=key)
        return True

    def on_unmount(self) -> None:
        self.service.close()

    # -- loading -------------------------------------------------------------
    def reload(self, keep_position: bool = True, keep_index: bool = False) -> None:
        """Count again; the cursor stays on its entity (keep_position) or on its line (keep_index: after a bulk decision, the next one)."""
        self._generation += 1
        self._reselect_index = self.query_one("#entities", DataTable).cursor_row if keep_index else None
        if keep_position and not keep_index and self.current_row() is not None:
            self._reselect = key_of(self.current_row())
        self._load(self._generation, self.label, self.query_one("#entity-search", Input).value, self.sort)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities-load")
    def _load(self, generation: int, label: str | None, search: str, sort: str) -> None:
        try:
            rows = self.service.rows(label=label, search=search, sort=sort)
        except Exception as error:  # a locked or damaged database is a notification, not a crash
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(self.RowsLoaded(generation, rows))

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        if message.generation != self._generation:
            return
        self.rows = message.rows
        table = self._fill()
        keys = [key_of(row) for row in self.rows]
        if self._reselect in keys:
            table.move_cursor(row=keys.index(self._reselect), animate=False)
        elif self._reselect_index is not None and self.rows:
            table.move_cursor(row=min(self._reselect_index, len(self.rows) - 1), animate=False)
        self._reselect, self._reselect_index = None, None
        self._show_info()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.notify(safe_plain(message.error), title="Entities not counted", severity="error", markup=False)

    def _fill(self) -> DataTable:
        table = self.query_one("#entities", DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows([self._cells(row) for row in self.rows])
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows) - 1), animate=False)
        return table

    def _cells(self, row: EntityCounts) -> tuple:
        number = lambda value, style="": Text(str(value), justify="right", style=style)  # noqa: E731
        if self.narrow:
            width = max(10, (self.app.size.width - 34) // 2)
            canonical = f" → {row.canonical}" if row.canonical and row.canonical != row.form else ""
            return (
                number(row.pending, "bold" if row.pending else "dim"), number(row.accepted), number(row.rejected),
                safe_text(row.label[:3], style=self._colour(row.label)), safe_line(row.form + canonical, width, style="bold"),
                safe_line(attributes_text(row), max(10, self.app.size.width - 30 - width), style="dim"),
            )
        width = max(12, (self.app.size.width - 62) // 3)
        confidence = "—" if row.mean_confidence is None else f"{row.mean_confidence:.2f}"
        return (
            number(row.pending, "bold" if row.pending else "dim"), number(row.accepted), number(row.rejected), number(row.edited),
            number(row.articles), Text(confidence, justify="right"), number(row.disputed, "bold red" if row.disputed else "dim"),
            safe_text(row.label, style=self._colour(row.label)), safe_line(row.form, width, style="bold"),
            safe_line(row.canonical if row.canonical != row.form else "", width), safe_line(attributes_text(row), width, style="dim"),
        )

    def _colour(self, label: str) -> str:
        try:
            return self.service.schema.colour(label)
        except KeyError:
            return ""

    def _show_header(self) -> None:
        text = Text()
        text.append(" Entities ", style="bold reverse")
        text.append("  annotator ")
        text.append(safe_text(self.service.annotator, style="bold"))
        text.append(f"  ·  sorted by {SORT_NAMES[self.sort]}  ·  label {self.label or 'all'}")
        self.query_one("#entities-header", Static).update(text)

    def _show_info(self, extra: str = "") -> None:
        pending = sum(row.pending for row in self.rows)
        if not self.rows:
            info = "No entity matches  (l cycles the label, / searches)."
        else:
            info = f"{len(self.rows):,} entities, {pending:,} pending mentions  ·  a/x accept/reject all, 1-3 relabel, g place, e attributes, u undo"
        self.query_one("#entities-info", Static).update(safe_text(f"{extra}\n{info}" if extra else info, multiline=True))

    def current_row(self) -> EntityCounts | None:
        table = self.query_one("#entities", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # -- bulk decisions ----------------------------------------------------------
    def submit(self, row: EntityCounts, action: BulkAction) -> None:
        """Decide every pending mention of row (one worker, one transaction)."""
        if self.busy:
            self.notify("A bulk decision is still being written; try again when it is done.", severity="warning", markup=False)
            return
        if not row.pending:
            self.notify(safe_plain(f"Nothing pending for “{row.form}”: decided mentions are left as they are."), severity="warning", markup=False)
            return
        self._start_busy(f"{action.describe(key_of(row))}…")
        self._apply(key_of(row), action)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities-bulk")
    def _apply(self, key: EntityKey, action: BulkAction) -> None:
        try:
            outcome = self.service.apply(key, action, progress=lambda done, total: self.post_message(self.BulkProgressed(done, total)))
        except Exception as error:
            self.post_message(self.BulkFailed(str(error)))
            return
        self.post_message(self.BulkApplied(action.describe(key), outcome=outcome))

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities-bulk")
    def _undo(self) -> None:
        try:
            undone = self.service.undo_last_bulk()
        except Exception as error:
            self.post_message(self.BulkFailed(str(error)))
            return
        self.post_message(self.BulkApplied(undone.group.description if undone else "", undone=undone))

    def _start_busy(self, label: str) -> None:
        self.busy = True
        self.query_one("#bulk-label", Static).update(safe_text(label))
        self.query_one("#bulk-bar", ProgressBar).update(total=None, progress=0)
        self.query_one("#bulk-row").add_class("-busy")

    def _stop_busy(self) -> None:
        self.busy = False
        self.query_one("#bulk-row").remove_class("-busy")

    @on(BulkProgressed)
    def _bulk_progressed(self, message: BulkProgressed) -> None:
        self.query_one("#bulk-bar", ProgressBar).update(total=max(1, message.total), progress=message.done)

    @on(BulkApplied)
    def _bulk_applied(self, message: BulkApplied) -> None:
        self._stop_busy()
        self.notify(safe_plain(self._summary(message)), title="Entities", markup=False)
        self.reload(keep_index=message.outcome is not None)

    @staticmethod
    def _summary(message: "EntitiesScreen.BulkApplied") -> str:
        if message.outcome is not None:
            o = message.outcome
            text = f"{message.description}: {o.decided} mentions decided, {o.left_decided} already decided left alone"
            if o.overlapping:
                text += f", {o.overlapping} skipped (overlap a decided span)"
            return text + (f", {o.displaced} overlapping suggestions rejected" if o.displaced else "")
        if message.undone is None:
            return "No bulk decision to undo."
        u = message.undone
        return f"Undid {message.description}: {u.undone} mentions back as before" + (f", {u.kept} changed since and kept" if u.kept else "")

    @on(BulkFailed)
    def _bulk_failed(self, message: BulkFailed) -> None:
        self._stop_busy()
        self.notify(safe_plain(message.error), title="Bulk decision not written", severity="error", markup=False)

    # -- actions -------------------------------------------------------------
    def _need_row(self) -> EntityCounts | None:
        row = self.current_row()
        if row is None:
            self.notify("No entity here.", severity="warning", markup=False)
        return row

    def action_bulk(self, kind: str) -> None:
        row = self._need_row()
        if row is not None:
            self.submit(row, BulkAction(kind))

    def action_relabel(self, label: str) -> None:
        row = self._need_row()
        if row is not None and row.label == label:
            self.notify(safe_plain(f"“{row.form}” is already {label}."), severity="warning", markup=False)
        elif row is not None:
            self.submit(row, BulkAction("relabel", label=label))

    def action_undo_bulk(self) -> None:
        if self.busy:
            self.notify("A bulk decision is still being written; undo when it is done.", severity="warning", markup=False)
            return
        self._start_busy("Undoing the last bulk decision…")
        self._undo()

    def action_set_place(self) -> None:
        row = self._need_row()
        if row is None:
            return
        if self.lookup is None or not any(a.gazetteer for a in self.service.schema.label(row.label).attributes):
            self.notify(safe_plain(f"{row.label} has no gazetteer attribute; g sets places of LOCALITY rows."), severity="warning", markup=False)
            return
        from tui.screens.suggestions import SuggestionsModal

        self.app.push_screen(SuggestionsModal(row.form, self.lookup.places), callback=lambda choice: self._place_chosen(row, choice))

    def _place_chosen(self, row: EntityCounts, choice: Any) -> None:
        if choice is None:
            return
        self.submit(row, BulkAction("attrs", attrs=choice.suggestion.attrs()))
        if choice.remember:
            self._remember(row.form, choice.suggestion)

    @work(thread=True, exclusive=False, exit_on_error=False, group="gazetteer")
    def _remember(self, mention: str, suggestion: Any) -> None:
        """ctrl+s in the gazetteer modal: the form becomes a name of that place for later ingests."""
        try:
            self.lookup.remember(mention, suggestion, self.service.annotator)
        except Exception as error:
            self.post_message(self.LoadFailed(f"gazetteer not updated: {error}"))

    def action_set_attributes(self) -> None:
        row = self._need_row()
        if row is None:
            return
        from tui.screens.attributes import AttributesModal

        shown = {name: value for name, (value, _) in row.attributes.items()}
        label = self.service.schema.label(row.label)
        self.app.push_screen(AttributesModal(label, shown, row.form), callback=lambda attrs: self._attributes_chosen(row, shown, attrs))

    def _attributes_chosen(self, row: EntityCounts, shown: dict[str, Any], attrs: dict[str, Any] | None) -> None:
        """Only what the reviewer changed goes onto every pending mention (a figure's own value stays its own)."""
        if attrs is None:
            return
        changed = {name: value for name, value in attrs.items() if shown.get(name) != value}
        if not changed:
            self.notify("No attribute changed.", severity="warning", markup=False)
            return
        self.submit(row, BulkAction("attrs", attrs=changed))

    def action_mentions(self) -> None:
        row = self._need_row()
        if row is None:
            return
        from tui.screens.concordance import ConcordanceScreen

        self.app.push_screen(ConcordanceScreen(self.service, key_of(row)))

    @on(DataTable.RowSelected, "#entities")
    def _row_selected(self) -> None:
        self.action_mentions()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show_header()
        self.reload()

    def action_cycle_label(self) -> None:
        names = [None, *self.service.schema.label_names]
        self.label = names[(names.index(self.label) + 1) % len(names)]
        self._show_header()
        self.reload(keep_position=False)

    def action_focus_search(self) -> None:
        self.query_one("#entity-search", Input).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if self.query_one("#entity-search", Input).has_focus:
            self.query_one("#entities").focus()
            return
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        self.reload()

    @on(Input.Changed, "#entity-search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(self.SEARCH_DEBOUNCE_S, lambda: self.reload(keep_position=False))

    @on(Input.Submitted, "#entity-search")
    def _search_submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.reload(keep_position=False)
        self.query_one("#entities").focus()
