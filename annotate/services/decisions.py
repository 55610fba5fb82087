"""Reviewer decisions as values: what a key press asks for, applied in order by any front end.

Each decision is a small frozen dataclass whose apply(service) makes exactly
one ReviewService call, so it is one committed transaction with its log entry,
and returns that call's Change (what it wrote; NOTHING when it changed
nothing). A front end builds them, shows their effect at once on its own model
(annotate.services.article_model), queues them in key-press order and applies
them one at a time (the review screen does this in one worker thread);
SpanError and friends propagate with their message.

A span the front end created but the service has not stored yet has a
negative id; `with_span_ids` swaps in the stored id before apply.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Union

from annotate.services.outcomes import NOTHING, Change
from annotate.services.review import ReviewService


@dataclass(frozen=True, slots=True)
class Accept:
    """Accept a span as it is (an edited span stays edited)."""

    article_id: int
    span_id: int

    def apply(self, service: ReviewService) -> Change:
        return service.accept(self.span_id)


@dataclass(frozen=True, slots=True)
class Reject:
    article_id: int
    span_id: int

    def apply(self, service: ReviewService) -> Change:
        return service.reject(self.span_id)


@dataclass(frozen=True, slots=True)
class Relabel:
    """Give a span another label (attributes that still apply stay; the new label's are filled)."""

    article_id: int
    span_id: int
    label: str

    def apply(self, service: ReviewService) -> Change:
        return service.set_label(self.span_id, self.label)


@dataclass(frozen=True, slots=True)
class MoveEdge:
    """Move one edge of a span by a word: edge is start_left, start_right, end_left or end_right."""

    article_id: int
    span_id: int
    edge: str

    def apply(self, service: ReviewService) -> Change:
        return service.move_edge(self.span_id, self.edge)


@dataclass(frozen=True, slots=True)
class SetAttributes:
    """Replace a span's attributes (the caller merges with what it had)."""

    article_id: int
    span_id: int
    attrs: dict[str, Any] = field(hash=False)

    def apply(self, service: ReviewService) -> Change:
        return service.set_attrs(self.span_id, self.attrs)


@dataclass(frozen=True, slots=True)
class AddSpan:
    """A reviewer's own span; suggestions under it are rejected in the same decision, its attributes filled."""

    article_id: int
    start: int
    end: int
    label: str
    provisional_id: int = field(default=0, compare=False)
    """The id a front end shows the span under until the service stored it (negative; 0: none)."""

    def apply(self, service: ReviewService) -> Change:
        return service.add_span(self.article_id, self.start, self.end, self.label, None)


@dataclass(frozen=True, slots=True)
class AcceptAll:
    """Accept every suggestion still open on the article (Change.count says how many)."""

    article_id: int

    def apply(self, service: ReviewService) -> Change:
        return service.accept_all(self.article_id)


@dataclass(frozen=True, slots=True)
class Undo:
    """Revert this reviewer's last decision on the article (NOTHING when the log has none)."""

    article_id: int

    def apply(self, service: ReviewService) -> Change:
        return service.undo(self.article_id) or NOTHING


@dataclass(frozen=True, slots=True)
class Redo:
    """Do the last undone decision again (NOTHING after a new decision or with nothing undone)."""

    article_id: int

    def apply(self, service: ReviewService) -> Change:
        return service.redo(self.article_id) or NOTHING


@dataclass(frozen=True, slots=True)
class MoveBoundary:
    """Start (edge 'start') or end (edge 'end') the article at the word at offset, never inside a span."""

    article_id: int
    edge: str
    offset: int

    def apply(self, service: ReviewService) -> Change:
        return service.move_boundary(self.article_id, self.edge, self.offset)


@dataclass(frozen=True, slots=True)
class RememberPosition:
    """Where the reviewer left the article (not logged, not undoable)."""

    article_id: int
    offset: int

    def apply(self, service: ReviewService) -> Change:
        service.remember_position(self.article_id, self.offset)
        return NOTHING


class QueueCursor:
    """The queue as the reviewer left it: the rows after the opened one, its later pages, then from the top.

    Used only by whoever applies the decisions (one thread at a time), so Done
    walks the queue with the same filters the reviewer chose, reading one more
    page when the loaded rows run out instead of scanning the whole database.
    At the end of the queue it wraps once to the first page, so articles before
    the one opened first are not forgotten.
    """

    def __init__(self, filters: dict[str, Any], upcoming: list[int], last_id: int, page: int = 50, first_id: int | None = None):
        self.filters = dict(filters)
        self.upcoming = list(upcoming)
        self.last_id = last_id
        self.page = page
        self.exhausted = False
        self.first_id = first_id
        """The article the reviewer opened from the queue: after wrapping, the walk stops there."""
        self.wrapped = False

    def next_open(self, service: ReviewService, current: int) -> int | None:
        """The next article id not done (and not current), or None once the whole queue was walked."""
        while True:
            while self.upcoming:
                article_id = self.upcoming.pop(0)
                if self.wrapped and self.first_id is not None and article_id >= self.first_id:
                    self.upcoming, self.exhausted = [], True
                    return None
                if article_id != current:
                    return article_id
            if self.exhausted:
                if self.wrapped or self.first_id is None:
                    return None
                self.wrapped, self.exhausted, self.last_id = True, False, 0
            rows = service.queue(**self.filters, limit=self.page, after_id=self.last_id)
            if rows:
                self.last_id = rows[-1].article_id
            self.exhausted = len(rows) < self.page
            self.upcoming = [row.article_id for row in rows if row.status != "done"]


@dataclass(frozen=True, slots=True)
class Done:
    """Mark the article done; rest says what becomes of open suggestions ('accept', 'reject', or None: left open).

    The Change's next_article is the next open article of the queue (None at its end or without one).
    """

    article_id: int
    queue: QueueCursor | None = field(default=None, compare=False)
    rest: str | None = None

    def apply(self, service: ReviewService) -> Change:
        change = service.finish(self.article_id, self.rest)
        following = self.queue.next_open(service, self.article_id) if self.queue is not None else None
        return replace(change, next_article=following)


SpanDecision = Union[Accept, Reject, Relabel, MoveEdge, SetAttributes]
"""Decisions on one existing span; their Change holds the span as stored afterwards first."""

Decision = Union[Accept, Reject, Relabel, MoveEdge, SetAttributes, AddSpan, AcceptAll, Undo, Redo, MoveBoundary, RememberPosition, Done]


def with_span_ids(decision: Decision, stored: dict[int, int]) -> Decision:
    """The decision with a provisional span id (a front end's, negative) replaced by the id the service gave it."""
    span_id = getattr(decision, "span_id", None)
    if span_id is not None and span_id in stored:
        return replace(decision, span_id=stored[span_id])
    return decision
