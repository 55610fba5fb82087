"""Past-tense messages that workers post; handlers on screens and the app change the UI.

Workers run in threads and never touch widgets: they call `annotate/` services and
post one of these. Progress floods are coalesced with `can_replace`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from annotate.models import PresenceRecord, QueueRow, QueueSummary
from annotate.services.decisions import Decision
from annotate.services.outcomes import ArticleView, Change
from annotate.services.review import QueueJump
from annotate.services.suggestions import PlaceSuggestion


@dataclass
class IngestProgressed(Message):
    """The bundled samples are being ingested: the stage (annotate.io.ingest.Stage), done of total."""

    done: int
    total: int
    stage: str = "preannotating"

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IngestProgressed)


@dataclass
class SamplesIngested(Message):
    """The empty database was filled with the bundled samples (summary is the ingest report line)."""

    summary: str
    ok: bool


@dataclass
class QueuePageLoaded(Message):
    """Rows of the queue arrived; generation says which filters they answer, placement where they go.

    placement: 'replace' (a new window: first page, last page, or around an article),
    'append' (the page after the window) or 'prepend' (the page before it).
    """

    generation: int
    rows: list[QueueRow]
    placement: str
    has_more: bool | None
    """Whether rows may follow the window (None: unchanged)."""
    has_before: bool | None
    """Whether rows may come before the window (None: unchanged)."""
    select: int | str | None = None
    """The article id to put the cursor on, or 'first' / 'last' (None: keep the row)."""


@dataclass
class QueueSummaryLoaded(Message):
    """The annotator's overall progress was counted (read after the rows, so they show first)."""

    generation: int
    summary: QueueSummary


@dataclass
class QueueLoadFailed(Message):
    generation: int
    error: str


@dataclass
class QueueJumped(Message):
    """Where "go to article #N" lands in the queue (annotate.store.queue.QueueJump)."""

    jump: QueueJump


@dataclass
class DatabaseVersionRead(Message):
    """The database's change counter was read (None: could not be read); a new value means another process wrote."""

    version: int | None


@dataclass
class ArticleOpened(Message):
    """An article and this annotator's layer were loaded for review (reloaded: read again in place)."""

    view: ArticleView
    reloaded: bool = False


@dataclass
class ArticleOpenFailed(Message):
    article_id: int
    error: str


@dataclass
class DecisionApplied(Message):
    """A reviewer decision was committed; change is what it wrote (the spans as stored, the new status...)."""

    decision: Decision
    change: Change


@dataclass
class DecisionFailed(Message):
    """The service refused a decision (SpanError and friends); error is its one-line message."""

    decision: Decision
    error: str


@dataclass
class SuggestionsFound(Message):
    """Gazetteer matches for query, best first (error set when the lookup failed)."""

    query: str
    suggestions: list[PlaceSuggestion] = field(default_factory=list)
    error: str | None = None


@dataclass
class PlaceRemembered(Message):
    """A reviewer-confirmed name went into the user gazetteer (added is False if it was known)."""

    name: str
    canonical: str
    added: bool
    error: str | None = None


@dataclass
class PresenceRead(Message):
    """The other live sessions changed (someone came, left, or moved to another article)."""

    others: list[PresenceRecord]


@dataclass
class AccessRevoked(Message):
    """This served session's user was revoked (or got a new link): the session ends."""


@dataclass
class ResuggestProgressed(Message):
    """resuggest has gone through done of total articles."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ResuggestProgressed)


@dataclass
class SuggestionsRenewed(Message):
    """resuggest finished: the report line (or the error) for the reviewer."""

    summary: str
    ok: bool
