"""Reviewer decisions as small values, applied in key-press order by one thread worker.

A key press only enqueues a Decision; the screen's drain worker applies them one by
one through `ReviewService` (each is committed by the service) and posts
DecisionApplied with the article as the database now has it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from annotate.services.review import ReviewService


@dataclass(frozen=True)
class Decision:
    """One reviewer action on an article: action names a ReviewService call."""

    article_id: int
    action: str
    span_id: int | None = None
    args: tuple[Any, ...] = ()

    def apply(self, service: ReviewService) -> Any:
        """Run the service call; SpanError propagates with its message."""
        return _ACTIONS[self.action](service, self)


class QueueCursor:
    """The queue as the reviewer left it: the rows after the opened one, then its later pages.

    Used only by the drain worker (one thread at a time), so d walks the queue with
    the same filters the reviewer chose, reading one more page when the loaded rows
    run out instead of scanning the whole database.
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


def _done(service: ReviewService, d: Decision) -> int | None:
    """Mark done, then pick the next open article of the queue (None at its end)."""
    service.mark_done(d.article_id)
    cursor: QueueCursor | None = d.args[0] if d.args else None
    return cursor.next_open(service, d.article_id) if cursor is not None else None


_ACTIONS: dict[str, Callable[[ReviewService, Decision], Any]] = {
    "accept": lambda s, d: s.accept(d.span_id),
    "reject": lambda s, d: s.reject(d.span_id),
    "set_label": lambda s, d: s.set_label(d.span_id, d.args[0]),
    "move_edge": lambda s, d: s.move_edge(d.span_id, d.args[0]),
    "set_attrs": lambda s, d: s.set_attrs(d.span_id, d.args[0]),
    "add_span": lambda s, d: s.add_span(d.article_id, d.args[0], d.args[1], d.args[2], d.args[3] if len(d.args) > 3 else None),
    "accept_all": lambda s, d: s.accept_all(d.article_id),
    "undo": lambda s, d: s.undo(d.article_id),
    "set_region": lambda s, d: s.set_region(d.article_id, d.args[0], d.args[1]),
    "done": _done,
}

ACTIONS = tuple(_ACTIONS)
