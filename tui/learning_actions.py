"""The app's actions for learning from reviewers: the desk-stats screen (`i`) and resuggest (`R`, palette).

A mixin so app.py stays wiring: resuggest runs in a thread worker that calls
annotate.services.learning on its own connection and posts past-tense
messages (ResuggestProgressed, SuggestionsRenewed); the handlers below show
them in the queue's progress panel and a toast.
"""
from __future__ import annotations

from textual import work

from tui.messages import ResuggestProgressed, SuggestionsRenewed
from tui.safe_text import safe_plain, safe_text


class LearningActions:
    """Mixed into WorkbenchApp (which provides db_path, annotator, queue_screen, notify, push_screen)."""

    def action_desk_stats(self) -> None:
        """The desk's own work from the decision log: speed, acceptance, corrections, plots per day."""
        from tui.screens.desk_stats import DeskStatsScreen

        self.push_screen(DeskStatsScreen(self.db_path))

    def action_resuggest(self) -> None:
        """Learn from the reviewers and renew the suggestions nobody decided: this annotator's layer and untouched articles."""
        self.notify("Resuggesting: learning from the reviewers' decisions…", timeout=3, markup=False)
        self.resuggest()

    @work(thread=True, exclusive=True, exit_on_error=False, group="resuggest")
    def resuggest(self) -> None:
        """Run annotate.services.learning.resuggest on its own connection; post what it changed (thread)."""
        from annotate.services.learning import resuggest

        try:
            report = resuggest(self.db_path, self.annotator, lambda done, total: self.post_message(ResuggestProgressed(done, total)))
        except Exception as error:
            self.post_message(SuggestionsRenewed(f"resuggest failed: {error}", False))
            return
        self.post_message(SuggestionsRenewed(report.format(), True))

    def on_resuggest_progressed(self, message: ResuggestProgressed) -> None:
        """The queue's progress panel (the one ingest uses), with resuggest's own words."""
        from textual.widgets import Static

        self.queue_screen.show_ingest(message.done, message.total)
        self.queue_screen.query_one("#ingest-label", Static).update(safe_text(f"Resuggesting… {message.done}/{message.total} articles"))

    def on_suggestions_renewed(self, message: SuggestionsRenewed) -> None:
        self.queue_screen.hide_ingest()
        self.notify(safe_plain(message.summary), severity="information" if message.ok else "error", timeout=6, markup=False)
        self.queue_screen.reload()

