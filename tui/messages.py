"""Past-tense messages that workers post; handlers on screens and the app change the UI.

Workers run in threads and never touch widgets: they call `annotate/` services and
post one of these. Progress floods are coalesced with `can_replace`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from annotate.models import PresenceRecord, QueueRow, QueueSummary
from annotate.services.decisions import Decision
from annotate.services.review import ArticleView
from annotate.services.suggestions import PlaceSuggestion


@dataclass
class IngestProgressed(Message):
    """The bundled samples are being ingested: done of total articles stored."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IngestProgressed)


@dataclass
class SamplesIngested(Message):
    """The empty database was filled with the bundled samples (summary is the ingest report line)."""

    summary: str
    ok: bool


@dataclass
class QueuePageLoaded(Message):
    """One page of the queue arrived; generation says which filters it answers."""

    generation: int
    offset: int
    rows: list[QueueRow]
    summary: QueueSummary | None
    has_more: bool


@dataclass
class QueueLoadFailed(Message):
    generation: int
    error: str


@dataclass
class ArticleOpened(Message):
    """An article and this annotator's layer were loaded for review."""

    view: ArticleView


@dataclass
class ArticleOpenFailed(Message):
    article_id: int
    error: str


@dataclass
class DecisionApplied(Message):
    """A reviewer decision was committed; view is the article as the database now has it."""

    decision: Decision
    outcome: Any
    """What decision.apply returned (the span, a count, the undone action, the next article id)."""
    view: ArticleView


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
