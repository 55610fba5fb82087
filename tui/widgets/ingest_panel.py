"""The first run's loading panel: which stage the sample ingest is in, how far, and for how long.

The model takes seconds to load before the first article is done; "0/5" alone
looks frozen. The panel says the stage in words (reading, loading the
language model, pre-annotating 2 of 5) and counts the seconds, so the wait
is visibly alive.
"""
from __future__ import annotations

from time import monotonic

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from tui.safe_text import safe_text
from tui.wording import plural


def stage_words(stage: str, done: int, total: int) -> str:
    """One line for an ingest stage (annotate.io.ingest.Stage) of the bundled samples."""
    if stage == "reading":
        return "Reading the bundled sample articles…"
    if stage == "loading_model":
        return f"Loading the language model (underthesea) to pre-annotate {plural(total, 'article')}…"
    if stage == "preannotating":
        return f"Pre-annotating: {done} of {plural(total, 'article')} done…"
    if stage == "storing":
        return f"Storing the sample articles: {done} of {total}…"
    if stage == "resuggesting":
        return f"Resuggesting… {done}/{total} articles"
    return "Starting the pre-annotator…"


class IngestPanel(Vertical):
    """Stage line with elapsed seconds over a progress bar (indeterminate until articles are counted)."""

    DEFAULT_CSS = """
    IngestPanel { display: none; height: auto; padding: 0 1; border: round $accent; margin: 0 1; }
    IngestPanel #ingest-bar Bar { width: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._started = monotonic()
        self._line = ""
        self._ticking = None

    def compose(self) -> ComposeResult:
        yield Static("Starting the pre-annotator…", id="ingest-label")
        yield ProgressBar(total=None, show_eta=False, id="ingest-bar")

    def show(self, stage: str, done: int, total: int) -> None:
        """Show the stage; the bar fills while articles are pre-annotated or stored."""
        if not self.display:
            self._started = monotonic()
            self.display = True
        if self._ticking is None:
            self._ticking = self.set_interval(1.0, self._tick)
        self._line = stage_words(stage, done, total)
        counting = stage in ("preannotating", "storing", "resuggesting") and total > 0
        self.query_one("#ingest-bar", ProgressBar).update(total=total if counting else None, progress=done)
        self._tick()

    def hide(self) -> None:
        self.display = False
        if self._ticking is not None:
            self._ticking.stop()
            self._ticking = None

    def _tick(self) -> None:
        seconds = int(monotonic() - self._started)
        self.query_one("#ingest-label", Static).update(safe_text(f"{self._line}  {seconds} s"))
