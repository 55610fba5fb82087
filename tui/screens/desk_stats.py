"""Desk statistics (`i` from the queue): each annotator's speed and decisions, with plots per day.

Figures come from annotate.services.desk in a thread worker that posts
StatsLoaded; the handler fills the table and the three plots (decisions per
day, share of suggestions accepted unchanged per day, time per article per
day), one line per annotator. Names reach the plots through safe_plain.

| Key    | Action                 |
|--------|------------------------|
| r      | read the log again     |
| escape | back to the queue      |
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from annotate.services.desk import TABLE_COLUMNS, DayRow, DeskStats, read_desk_stats
from tui.safe_text import safe_plain, safe_text

PLOTS = (
    ("per-day", "decisions per day", lambda d: d.decisions),
    ("acceptance", "accepted unchanged (%)", lambda d: None if d.acceptance_rate is None else 100 * d.acceptance_rate),
    ("per-article", "seconds per article", lambda d: d.seconds_per_article),
)


class DeskStatsScreen(Screen[None]):
    """The desk's own work, read from the decision log."""

    HELP_SECTION = "Desk stats"
    AUTO_FOCUS = "#desk-table"
    BINDINGS = [
        Binding("escape", "back", "Back", id="desk.back", tooltip="Return to the queue."),
        Binding("r", "reload", "Reload", id="desk.reload", tooltip="Read the decision log again."),
    ]
    DEFAULT_CSS = """
    DeskStatsScreen { layout: vertical; }
    DeskStatsScreen #desk-summary { height: 1; padding: 0 1; }
    DeskStatsScreen #desk-table { height: auto; max-height: 9; margin: 0 1; }
    DeskStatsScreen #desk-plots { height: 1fr; min-height: 8; }
    DeskStatsScreen PlotextPlot { width: 1fr; height: 1fr; }
    """

    @dataclass
    class StatsLoaded(Message):
        """The decision log was read."""

        stats: DeskStats

    def __init__(self, db_path: str | Path):
        super().__init__()
        self.db_path = db_path
        self.stats: DeskStats | None = None
        """The figures on screen (None while reading)."""

    def compose(self) -> ComposeResult:
        yield Static("Reading the decision log…", id="desk-summary")
        yield DataTable(id="desk-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="desk-plots"):
            for plot_id, _, _ in PLOTS:
                yield PlotextPlot(id=plot_id)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#desk-table", DataTable)
        for heading, _ in TABLE_COLUMNS:
            table.add_column(safe_text(heading), key=heading)
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk-stats")
    def load(self) -> None:
        """Read the log on a connection of the worker's own (never touches widgets)."""
        self.post_message(self.StatsLoaded(read_desk_stats(self.db_path)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.node is self:
            self.notify(safe_plain(event.worker.error), title="Desk stats", severity="error", markup=False)

    @on(StatsLoaded)
    def _show(self, message: StatsLoaded) -> None:
        self.stats = message.stats
        table = self.query_one("#desk-table", DataTable)
        table.clear()
        for row in message.stats.rows:
            table.add_row(*(safe_text(get(row)) for _, get in TABLE_COLUMNS), key=row.annotator)
        people = len([r for r in message.stats.rows if r.annotator != "(all)"])
        days = len({d.day for d in message.stats.days})
        summary = f"{people} annotators, {days} days of decisions" if people else "No decisions in the log yet."
        self.query_one("#desk-summary", Static).update(safe_text(summary))
        for plot_id, title, value in PLOTS:
            self._plot(self.query_one(f"#{plot_id}", PlotextPlot), title, value, message.stats.days)

    @staticmethod
    def _plot(widget: PlotextPlot, title: str, value, days: list[DayRow]) -> None:
        """One figure per day, one line per annotator, days on the x axis."""
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        calendar = sorted({d.day for d in days})
        for name in sorted({d.annotator for d in days}):
            points = [(calendar.index(d.day) + 1, value(d)) for d in days if d.annotator == name and value(d) is not None]
            if points:
                xs, ys = zip(*points)
                plt.plot(list(xs), list(ys), marker="dot", label=safe_plain(name)[:16])
        if calendar:
            plt.xticks(list(range(1, len(calendar) + 1)), [day[5:] for day in calendar])
        widget.refresh()

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
