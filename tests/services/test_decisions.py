"""Decision values: each apply() is one committed, logged service call with a typed result."""
from __future__ import annotations

from annotate.models import SpanRecord
from annotate.services.decisions import (
    Accept,
    AcceptAll,
    AddSpan,
    Done,
    MoveBoundary,
    MoveEdge,
    QueueCursor,
    Reject,
    Relabel,
    SetAttributes,
    Undo,
)
from annotate.services.review import ReviewService
from tests.conftest import SHORT_TEXT, add_article, find


def test_span_decisions_return_the_span_as_stored(db_path, article):
    service = ReviewService(db_path, "lan")
    first, second, third, *_ = service.open_article(article).spans
    accepted = Accept(article, first.id).apply(service)
    assert isinstance(accepted, SpanRecord) and accepted.status == "accepted"
    assert Reject(article, second.id).apply(service).status == "rejected"
    relabelled = Relabel(article, third.id, "FIGURE").apply(service)
    assert (relabelled.label, relabelled.status, relabelled.attrs) == ("FIGURE", "edited", {})
    assert SetAttributes(article, third.id, {"value": 1}).apply(service).attrs == {"value": 1}
    moved = MoveEdge(article, first.id, "start_left").apply(service)
    assert (SHORT_TEXT[moved.start:moved.end], moved.status) == ("ủy Lạng Sơn", "edited")
    assert [d.action for d in service.history(article)] == ["accept", "reject", "relabel", "edit_attrs", "rebound"]
    service.close()


def test_add_accept_all_undo_and_boundary(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    start, end = find(SHORT_TEXT, "Kim ngạch")
    added = AddSpan(article, start, end, "FIGURE").apply(service)
    assert (added.origin, added.status, added.attrs) == ("human", "accepted", {})
    assert AcceptAll(article).apply(service) == 6
    assert AcceptAll(article).apply(service) == 0
    assert Undo(article).apply(service) == "accept_all"
    assert MoveBoundary(article, 0, 40).apply(service) is None
    assert service.view(article).article.region == (0, 40)
    assert Undo(article).apply(service) == "boundary"
    service.close()


def test_done_finds_the_next_open_article_of_the_queue(db_path, article):
    later = add_article(db_path, SHORT_TEXT + " Thêm.", source="b.txt")
    last = add_article(db_path, SHORT_TEXT + " Nữa.", source="c.txt")
    service = ReviewService(db_path, "lan")
    service.mark_done(later)
    cursor = QueueCursor({}, [], last_id=article, page=1)
    assert Done(article, cursor).apply(service) == last  # the done one is skipped, one page at a time
    assert service.view(article).status == "done"
    assert Done(last, cursor).apply(service) is None
    assert Done(later).apply(service) is None  # without a queue: back to the list
    service.close()


def test_decisions_are_plain_values():
    assert Accept(1, 2) == Accept(1, 2) and hash(Accept(1, 2)) == hash(Accept(1, 2))
    assert Done(1, QueueCursor({}, [], 0)) == Done(1)  # the cursor is where to go next, not part of the decision
    assert SetAttributes(1, 2, {"a": 1}) == SetAttributes(1, 2, {"a": 1})
