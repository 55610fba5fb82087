"""Agreement screen: annotator × annotator matrix per label, and the articles with the lowest agreement first.

Numbers come from annotate.services.agreement in a thread worker (it tokenizes
with underthesea, which can take a while on a large database); enter on an
article opens the adjudication screen for it.

| Key    | Action                                    |
|--------|-------------------------------------------|
| enter  | adjudicate the highlighted article        |
| r      | compute the agreement again               |
| escape | back                                      |
"""
from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Select, Static
from textual.worker import Worker, WorkerState

from annotate.services.agreement import AgreementService
from annotate.team.agreement_report import ALL, AgreementReport
from annotate.text.visible import visible
from tui.safe_text import safe_plain, safe_text


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class AgreementScreen(Screen[None]):
    """The team's agreement, and the door to adjudication."""

    HELP_SECTION = "Agreement"
    AUTO_FOCUS = "#articles"
    BINDINGS = [
        Binding("escape", "back", "Back", id="agreement.back", tooltip="Return to the previous screen"),
        Binding("r", "reload", "Recompute", id="agreement.reload", tooltip="Compute the agreement again"),
    ]
    DEFAULT_CSS = """
    AgreementScreen { layout: vertical; }
    AgreementScreen #summary { height: auto; padding: 0 1; }
    AgreementScreen #label-row { height: auto; }
    AgreementScreen #label-row Label { padding: 1 1 0 1; }
    AgreementScreen #label { width: 30; }
    AgreementScreen #matrix { height: auto; max-height: 12; }
    AgreementScreen #alpha { height: auto; padding: 0 1; color: $text-muted; }
    AgreementScreen #articles { height: 1fr; }
    AgreementScreen #notes { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    @dataclass
    class ReportLoaded(Message):
        """The agreement report (and gold statuses) were computed."""

        report: AgreementReport
        gold: dict[int, str]

    @dataclass
    class GoldStatusesLoaded(Message):
        gold: dict[int, str]

    def __init__(self, service: AgreementService):
        """service: whose agreement, on which labels and annotators (the screen closes it when it goes)."""
        super().__init__()
        self.service = service
        self.report: AgreementReport | None = None
        """The last computed report (None while computing)."""
        self.gold: dict[int, str] = {}
        self.label = ALL
        """The label the matrix shows (ALL = every label, micro)."""

    def compose(self) -> ComposeResult:
        yield Static("Computing agreement…", id="summary")
        with Horizontal(id="label-row"):
            yield Label("Label")
            yield Select([("all labels", ALL)], allow_blank=False, value=ALL, id="label")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Static("", id="alpha")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static("", id="notes")
        yield Footer()

    def on_mount(self) -> None:
        articles = self.query_one("#articles", DataTable)
        articles.add_column("article", key="article")
        articles.add_column("F1 strict", key="strict")
        articles.add_column("F1 overlap", key="overlap")
        articles.add_column("machine F1", key="machine")
        articles.add_column("gold", key="gold")
        articles.add_column("annotators", key="annotators")
        articles.add_column("title", key="title")
        self.load()

    def on_unmount(self) -> None:
        self.service.close()

    # -- workers -------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement")
    def load(self) -> None:
        """Compute the report, then the gold status of its articles (the adjudicator session opens here)."""
        report = self.service.compute()
        gold = self.service.gold_statuses([row.article_id for row in report.per_article])
        self.post_message(self.ReportLoaded(report, gold))

    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement-gold")
    def load_gold(self) -> None:
        if self.report is not None:
            self.post_message(self.GoldStatusesLoaded(self.service.gold_statuses([r.article_id for r in self.report.per_article])))

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.node is self:
            self.notify(safe_plain(event.worker.error), title="Agreement", severity="error", markup=False)

    # -- state changes -------------------------------------------------------
    @on(ReportLoaded)
    def show_report(self, event: ReportLoaded) -> None:
        self.report, self.gold = event.report, event.gold
        report = event.report
        who = ", ".join(f"{n} ({report.finished[n]})" for n in report.annotators) or "nobody"
        self.query_one("#summary", Static).update(safe_text(
            f"Finished articles: {who}. {len(report.per_article)} articles have two or more annotators."
        ))
        select = self.query_one("#label", Select)
        select.set_options([("all labels", ALL), *((safe_text(label), label) for label in report.labels)])
        if self.label not in (ALL, *report.labels):
            self.label = ALL
        select.value = self.label
        self.query_one("#alpha", Static).update(safe_text(
            "Krippendorff's α: " + ", ".join(f"{'all' if k == ALL else k} {_num(v)}" for k, v in report.alpha.items())
        ))
        self.query_one("#notes", Static).update(safe_text("\n".join(visible(note) for note in report.notes[:3]), multiline=True))
        self.fill_matrix()
        self.fill_articles()

    @on(GoldStatusesLoaded)
    def show_gold(self, event: GoldStatusesLoaded) -> None:
        self.gold = event.gold
        self.fill_articles()

    @on(Select.Changed, "#label")
    def label_chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.label:
            self.label = str(event.value)
            self.fill_matrix()

    def fill_matrix(self) -> None:
        """F1 strict / F1 overlap / kappa of every pair, for the chosen label."""
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        if self.report is None:
            return
        names = self.report.annotators
        table.add_column("F1 s / o  κ", key="name")
        for name in names:
            table.add_column(safe_text(name), key=name)
        for a in names:
            cells = []
            for b in names:
                cell = self.report.cell(self.label, a, b)
                cells.append("—" if cell is None else f"{_num(cell.f1_strict)} / {_num(cell.f1_overlap)}  κ {_num(cell.kappa)}")
            table.add_row(safe_text(a), *cells, key=a)

    def fill_articles(self) -> None:
        table = self.query_one("#articles", DataTable)
        row = table.cursor_row
        table.clear()
        if self.report is None:
            return
        for item in self.report.per_article:
            table.add_row(
                str(item.article_id), _num(item.f1_strict), _num(item.f1_overlap), _num(item.machine_f1),
                safe_text(self.gold.get(item.article_id, "new")), safe_text(", ".join(item.annotators)), safe_text(item.title[:60]),
                key=str(item.article_id),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    # -- actions -------------------------------------------------------------
    @on(DataTable.RowSelected, "#articles")
    def adjudicate(self, event: DataTable.RowSelected) -> None:
        if self.report is None or event.row_key.value is None:
            return
        from tui.screens.adjudication import AdjudicationScreen

        self.app.push_screen(AdjudicationScreen(int(event.row_key.value), self.service.adjudicator))

    def on_screen_resume(self) -> None:
        self.load_gold()

    def action_reload(self) -> None:
        self.query_one("#summary", Static).update("Computing agreement…")
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)
