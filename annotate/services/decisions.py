"""Reviewer decisions as values: what a key press asks for, applied in order by any front end.

Each decision is a small frozen dataclass whose apply(service) makes exactly
one ReviewService call, so it is one committed transaction with its log entry,
and returns that call's typed result. A front end builds them, queues them in
key-press order and applies them one at a time (the review screen does this
in one worker thread); SpanError and friends propagate with their message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from annotate.models import SpanRecord
from annotate.services.review import ReviewService


@dataclass(frozen=True, slots=True)
class Accept:
    """Accept a span as it is (an edited span stays edited)."""

    article_id: int
    span_id: int

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.accept(self.span_id)


@dataclass(frozen=True, slots=True)
class Reject:
    article_id: int
    span_id: int

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.reject(self.span_id)


@dataclass(frozen=True, slots=True)
class Relabel:
    """Give a span another label (its attributes go when the label changes)."""

    article_id: int
    span_id: int
    label: str

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.set_label(self.span_id, self.label)


@dataclass(frozen=True, slots=True)
class MoveEdge:
    """Move one edge of a span by a word: edge is start_left, start_right, end_left or end_right."""

    article_id: int
    span_id: int
    edge: str

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.move_edge(self.span_id, self.edge)


@dataclass(frozen=True, slots=True)
class SetAttributes:
    """Replace a span's attributes (the caller merges with what it had)."""

    article_id: int
    span_id: int
    attrs: dict[str, Any] = field(hash=False)

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.set_attrs(self.span_id, self.attrs)


@dataclass(frozen=True, slots=True)
class AddSpan:
    """A reviewer's own span; suggestions under it are rejected in the same decision."""

    article_id: int
    start: int
    end: int
    label: str

    def apply(self, service: ReviewService) -> SpanRecord:
        return service.add_span(self.article_id, self.start, self.end, self.label, None)


@dataclass(frozen=True, slots=True)
class AcceptAll:
    """Accept every suggestion still open on the article; the result is how many."""

    article_id: int

    def apply(self, service: ReviewService) -> int:
        return service.accept_all(self.article_id)


@dataclass(frozen=True, slots=True)
class Undo:
    """Revert this reviewer's last decision on the article; the result names it (None: nothing to undo)."""

    article_id: int

    def apply(self, service: ReviewService) -> str | None:
        return service.undo(self.article_id)


@dataclass(frozen=True, slots=True)
class MoveBoundary:
    """Say where the article proper starts and ends (shared by every annotator)."""

    article_id: int
    start: int
    end: int

    def apply(self, service: ReviewService) -> None:
        service.set_region(self.article_id, self.start, self.end)


class QueueCursor:
    """The queue as the reviewer left it: the rows after the opened one, then its later pages.

    Used only by whoever applies the decisions (one thread at a time), so Done
    walks the queue with the same filters the reviewer chose, reading one more
    page when the loaded rows run out instead of scanning the whole database.
    """

    def __init__(self, filters: dict[str, Any], upcoming: list[int], last_id: int, page: int = 50):
        self.filters = dict(filters)
        self.upcoming = list(upcoming)
        self.last_id = last_id
        self.page = page
        self.exhausted = False

    def next_open(self, service: ReviewService, current: int) -> int | None:
        """The next article id not done (and not current), or None at the end of the queue."""
        while True:
            while self.upcoming:
                article_id = self.upcoming.pop(0)
                if article_id != current:
                    return article_id
            if self.exhausted:
                return None
            rows = service.queue(**self.filters, limit=self.page, after_id=self.last_id)
            if rows:
                self.last_id = rows[-1].article_id
            self.exhausted = len(rows) < self.page
            self.upcoming = [row.article_id for row in rows if row.status != "done"]


@dataclass(frozen=True, slots=True)
class Done:
    """Mark the article done; the result is the next open article of the queue (None at its end or without one)."""

    article_id: int
    queue: QueueCursor | None = field(default=None, compare=False)

    def apply(self, service: ReviewService) -> int | None:
        service.mark_done(self.article_id)
        return self.queue.next_open(service, self.article_id) if self.queue is not None else None


SpanDecision = Union[Accept, Reject, Relabel, MoveEdge, SetAttributes]
"""Decisions on one existing span; their result is the span as stored afterwards."""

Decision = Union[Accept, Reject, Relabel, MoveEdge, SetAttributes, AddSpan, AcceptAll, Undo, MoveBoundary, Done]
