"""The review workbench app: wires the service, the screens, the keymap and the commands together."""
from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App
from textual.screen import Screen

from annotate.schema import Schema
from annotate.services.decisions import QueueCursor
from annotate.services.identity import login_name
from annotate.services.presence import PresenceService
from annotate.services.review import ReviewService
from annotate.services.suggestions import SuggestionService
from annotate.services.users import UsersService
from tui.commands import WorkbenchCommands
from tui.keys import APP_BINDINGS, keymap
from tui.learning_actions import LearningActions
from tui.messages import IngestProgressed, SamplesIngested
from tui.presence import PresenceBeat
from tui.safe_text import safe_plain
from tui.screens.help import HelpScreen, help_rows
from tui.screens.queue import QueueScreen
from tui.screens.review import ReviewScreen
from tui.team_session import TeamSession


class WorkbenchApp(LearningActions, TeamSession, App[None]):
    """Keyboard-driven review of machine-suggested entities, one annotator at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "Entity review"
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {WorkbenchCommands}

    def __init__(self, db_path: str | Path | None, annotator: str, samples: Path | None = None, *, schema: Schema | None = None,
                 preannotate: bool = True, served: bool = False):
        super().__init__()
        self.annotator = annotator
        self.samples = samples
        self.preannotate = preannotate
        self.served = served
        """Started by `annotate serve`: the annotator is a user, and only adjudicators see agreement and adjudication."""
        self.service = ReviewService(db_path, annotator, schema)
        self.db_path = self.service.db_path
        self.schema = self.service.schema
        self.role = UsersService(self.db_path).role_of(annotator) if served else "adjudicator"
        self.lookup = SuggestionService(self.db_path)
        self.presence = PresenceBeat(PresenceService(self.db_path, annotator, served=served))
        self.others: dict[int, list[str]] = {}
        """Other live sessions' annotators by the article they have open."""
        self.queue_screen = QueueScreen(self.service, self.db_path.name)

    def get_default_screen(self) -> Screen:
        return self.queue_screen if self.role is not None else Screen()  # a revoked user sees nothing before the exit

    def on_mount(self) -> None:
        if self.role is None:
            self.exit(return_code=1, message=f"{self.annotator}: not a user of {self.db_path} (revoked?)")
            return
        self.set_keymap(keymap(self.schema))
        if self.samples is not None:
            self.ingest_samples_if_empty()
        self.start_team_session()

    # -- wiring ----------------------------------------------------------------
    def open_review(self, article_id: int, queue: QueueCursor | None = None) -> None:
        """Open an article from the queue (queue: where done-and-next continues)."""
        self.push_screen(ReviewScreen(self.service, article_id, queue, self.lookup))
        if notice := self.others_notice(article_id):
            self.notify(notice, timeout=4, markup=False)
        self.presence_tick()

    def action_agreement(self) -> None:
        """Agreement between annotators, and adjudication into gold from there."""
        if self.role != "adjudicator":
            self.notify("Agreement and adjudication are for adjudicators.", severity="warning", markup=False)
            return
        from annotate.services.agreement import AgreementService
        from tui.screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen(AgreementService(self.db_path, self.annotator)))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        self.push_screen(HelpScreen(f"Keys: {getattr(screen, 'HELP_SECTION', 'App')}", help_rows(screen)))

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                await screen.settle()
        self.exit()

    def on_unmount(self) -> None:
        self.leave_team_session()
        self.lookup.close()
        self.service.close()

    # -- the empty database ----------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="ingest")
    def ingest_samples_if_empty(self) -> None:
        """Fill an empty database with the bundled samples, posting progress (thread)."""
        if self.service.summary().total:
            return
        from annotate.io.ingest import ingest

        self.post_message(IngestProgressed(0, 0))
        try:
            report = ingest([str(self.samples)], self.db_path, progress=lambda done, total: self.post_message(IngestProgressed(done, total)), preannotate=self.preannotate)
        except Exception as error:
            self.post_message(SamplesIngested(f"samples not loaded: {error}", False))
            return
        self.post_message(SamplesIngested(report.summary(), report.ok))

    @on(IngestProgressed)
    def _ingest_progressed(self, message: IngestProgressed) -> None:
        self.queue_screen.show_ingest(message.done, message.total)

    @on(SamplesIngested)
    def _samples_ingested(self, message: SamplesIngested) -> None:
        self.queue_screen.hide_ingest()
        self.notify(safe_plain(f"Samples: {message.summary}"), severity="information" if message.ok else "error", timeout=4, markup=False)
        self.queue_screen.reload()


def make_app(db_path: str | Path | None, annotator: str, samples: Path | None = None, *, schema: Schema | None = None,
             preannotate: bool = True, served: bool = False) -> WorkbenchApp:
    """The app factory used by `annotate review` and by the tests."""
    return WorkbenchApp(db_path, annotator, samples, schema=schema, preannotate=preannotate, served=served)


def run_app(db_path: str | Path | None = None, annotator: str | None = None, samples: Path | None = None, served: bool = False) -> None:
    """Entry point of `annotate` / `annotate review` (served: started by `annotate serve` for one user)."""
    make_app(db_path, annotator or login_name(), samples, served=served).run()
