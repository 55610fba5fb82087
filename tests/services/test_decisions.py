"""Decision values: each apply() is one committed, logged service call returning what it changed."""
from __future__ import annotations

from annotate.services.decisions import (
    Accept,
    AcceptAll,
    AddSpan,
    Done,
    MoveBoundary,
    MoveEdge,
    QueueCursor,
    Redo,
    Reject,
    Relabel,
    RememberPosition,
    SetAttributes,
    Undo,
    with_span_ids,
)
from annotate.services.outcomes import Change
from annotate.services.review import ReviewService
from tests.conftest import SHORT_TEXT, add_article, find


def test_span_decisions_return_the_span_as_stored(db_path, article):
    service = ReviewService(db_path, "lan")
    first, second, third, *_ = service.open_article(article).spans
    accepted = Accept(article, first.id).apply(service)
    assert isinstance(accepted, Change) and accepted.action == "accept" and accepted.span.status == "accepted"
    assert accepted.status == "in_progress"  # the first decision moves the article on; later ones do not
    assert Reject(article, second.id).apply(service).span.status == "rejected"
    relabelled = Relabel(article, third.id, "FIGURE").apply(service)
    assert (relabelled.span.label, relabelled.span.status, relabelled.status) == ("FIGURE", "edited", None)
    assert SetAttributes(article, third.id, {"value": 1}).apply(service).span.attrs == {"value": 1}
    moved = MoveEdge(article, first.id, "start_left").apply(service)
    assert (SHORT_TEXT[moved.span.start:moved.span.end], moved.span.status) == ("ủy Lạng Sơn", "edited")
    assert [d.action for d in service.history(article)] == ["accept", "reject", "relabel", "edit_attrs", "rebound"]
    assert Accept(article, second.id).apply(service).entry.action == "accept"
    service.close()


def test_a_decision_that_changes_nothing_logs_nothing(db_path, article):
    service = ReviewService(db_path, "lan")
    first = service.open_article(article).spans[0]
    Accept(article, first.id).apply(service)
    again = Accept(article, first.id).apply(service)
    assert again.action is None and again.spans == () and again.entry is None
    assert [d.action for d in service.history(article)] == ["accept"]
    service.close()


def test_add_accept_all_undo_redo_and_boundary(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    start, end = find(SHORT_TEXT, "Kim ngạch")
    added = AddSpan(article, start, end, "FIGURE", provisional_id=-1).apply(service)
    assert (added.span.origin, added.span.status, added.entry.payload["created"]) == ("human", "accepted", [added.span.id])
    assert AcceptAll(article).apply(service).count == 6
    assert AcceptAll(article).apply(service).count == 0
    undone = Undo(article).apply(service)
    assert undone.action == "undo" and undone.reverted.action == "accept_all" and len(undone.spans) == 6
    assert {s.status for s in undone.spans} == {"suggested"}
    redone = Redo(article).apply(service)
    assert redone.reverted.action == "accept_all" and {s.status for s in redone.spans} == {"accepted"}
    boundary = MoveBoundary(article, "end", find(SHORT_TEXT, "Nam Ninh")[0]).apply(service)
    assert boundary.region == (0, find(SHORT_TEXT, "Nam Ninh")[1])
    assert Undo(article).apply(service).region == (0, len(SHORT_TEXT))
    assert RememberPosition(article, 42).apply(service).action is None
    assert service.view(article).position == 42
    service.close()


def test_with_span_ids_swaps_a_provisional_id():
    assert with_span_ids(Accept(1, -3), {-3: 17}) == Accept(1, 17)
    assert with_span_ids(Accept(1, 5), {-3: 17}) == Accept(1, 5)
    assert with_span_ids(Undo(1), {-3: 17}) == Undo(1)


def test_done_finds_the_next_open_article_of_the_queue(db_path, article):
    later = add_article(db_path, SHORT_TEXT + " Thêm.", source="b.txt")
    last = add_article(db_path, SHORT_TEXT + " Nữa.", source="c.txt")
    service = ReviewService(db_path, "lan")
    service.mark_done(later)
    cursor = QueueCursor({}, [], last_id=article, page=1)
    assert Done(article, cursor).apply(service).next_article == last  # the done one is skipped, one page at a time
    assert service.view(article).status == "done"
    assert Done(last, cursor).apply(service).next_article is None
    assert Done(later).apply(service).next_article is None  # without a queue: back to the list
    service.close()


def test_done_at_the_end_of_the_queue_wraps_to_articles_before_the_first_opened(db_path, article):
    second = add_article(db_path, SHORT_TEXT + " Hai.", source="b.txt")
    third = add_article(db_path, SHORT_TEXT + " Ba.", source="c.txt")
    fourth = add_article(db_path, SHORT_TEXT + " Bốn.", source="d.txt")
    service = ReviewService(db_path, "lan")
    service.mark_done(second)
    cursor = QueueCursor({}, [fourth], last_id=fourth, page=2, first_id=third)  # opened row 3 of 4
    cursor.exhausted = True
    assert Done(third, cursor).apply(service).next_article == fourth
    assert Done(fourth, cursor).apply(service).next_article == article  # wrapped: article 1 is still new
    assert Done(article, cursor).apply(service).next_article is None  # article 2 is done, 3 and 4 were walked
    service.close()


def test_done_can_accept_or_reject_the_open_suggestions(db_path, article):
    other = add_article(db_path, SHORT_TEXT + " Khác.", source="b.txt")
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    finished = Done(article, rest="accept").apply(service)
    assert (finished.status, finished.count) == ("done", 6)
    assert {s.status for s in service.view(article).spans} == {"accepted"}
    dropped = Done(other, rest="reject").apply(service)
    assert dropped.count == 6 and {s.status for s in service.view(other).spans} == {"rejected"}
    undone = Undo(other).apply(service)  # one decision: the status and the six spans come back together
    assert undone.status == "new" and {s.status for s in service.view(other).spans} == {"suggested"}
    service.close()


def test_decisions_are_plain_values():
    assert Accept(1, 2) == Accept(1, 2) and hash(Accept(1, 2)) == hash(Accept(1, 2))
    assert Done(1, QueueCursor({}, [], 0)) == Done(1)  # the cursor is where to go next, not part of the decision
    assert SetAttributes(1, 2, {"a": 1}) == SetAttributes(1, 2, {"a": 1})
    assert AddSpan(1, 0, 4, "FIGURE", provisional_id=-1) == AddSpan(1, 0, 4, "FIGURE", provisional_id=-2)
