"""The queue sorted by each article's lowest-confidence pending suggestion, per annotator, with paging and filters."""
from __future__ import annotations

import pytest

from annotate.models import Span
from annotate.services.decisions import Done, QueueCursor
from annotate.services.review import QUEUE_SORTS, ReviewService
from annotate.store import queue as queue_store  # the stream's chunk and budget are the store's settings
from tests.conftest import SHORT_TEXT, add_article


@pytest.fixture(autouse=True, params=[(200, 4000), (1, 4000), (1, 2)], ids=["one-chunk", "chunk-per-span", "sql-fallback"])
def stream_settings(request, monkeypatch):
    """Every test runs with the stream read at once, one span at a time, and given up for the SQL sort."""
    chunk, budget = request.param
    monkeypatch.setattr(queue_store, "STREAM_CHUNK", chunk)
    monkeypatch.setattr(queue_store, "STREAM_BUDGET", budget)


def confident(*values: float) -> list[Span]:
    """One suggestion per confidence, on consecutive words of the short text."""
    return [Span(i * 5, i * 5 + 4, "FIGURE", {}, "rule", (), value) for i, value in enumerate(values)]


@pytest.fixture
def ids(db_path) -> dict[str, int]:
    """A 0.3 and 0.95; B 0.9; C nothing; D 0.5 and 0.8, lan accepted the 0.5; E 0.6, lan accepted it."""
    made = {
        "A": add_article(db_path, SHORT_TEXT + " A", confident(0.3, 0.95), "a.txt"),
        "B": add_article(db_path, SHORT_TEXT + " B", confident(0.9), "b.txt"),
        "C": add_article(db_path, SHORT_TEXT + " C", [], "c.txt"),
        "D": add_article(db_path, SHORT_TEXT + " D", confident(0.5, 0.8), "d.txt"),
        "E": add_article(db_path, SHORT_TEXT + " E", confident(0.6), "e.txt"),
    }
    lan = ReviewService(db_path, "lan")
    lan.accept(lan.open_article(made["D"]).spans[0].id)
    lan.accept_all(made["E"])
    lan.close()
    return made


def order(service: ReviewService, ids: dict[str, int], **filters) -> list[str]:
    names = {v: k for k, v in ids.items()}
    return [names[row.article_id] for row in service.queue(sort="confidence", **filters)]


def test_least_sure_first_then_nothing_pending_by_id(db_path, ids):
    lan = ReviewService(db_path, "lan")
    assert order(lan, ids) == ["A", "D", "B", "C", "E"]  # D counts from lan's own layer: 0.8 still pending
    lows = {row.article_id: row.lowest_confidence for row in lan.queue(sort="confidence")}
    assert lows[ids["A"]] == 0.3 and lows[ids["D"]] == 0.8 and lows[ids["C"]] is None and lows[ids["E"]] is None


def test_each_annotator_sees_their_own_pending_suggestions(db_path, ids):
    minh = ReviewService(db_path, "minh")  # never opened D or E: the machine's suggestions count
    assert order(minh, ids) == ["A", "D", "E", "B", "C"]


def test_the_id_sort_is_unchanged_and_shows_the_lowest_too(db_path, ids):
    lan = ReviewService(db_path, "lan")
    rows = lan.queue()
    assert [r.article_id for r in rows] == sorted(ids.values())
    assert rows[0].lowest_confidence == 0.3


def test_keyset_pages_follow_the_confidence_order(db_path, ids):
    lan = ReviewService(db_path, "lan")
    seen, after = [], None
    while True:
        rows = lan.queue(sort="confidence", limit=2, after_id=after)
        if not rows:
            break
        seen += [r.article_id for r in rows]
        after = rows[-1].article_id
    assert seen == [r.article_id for r in lan.queue(sort="confidence")]


def test_filters_apply_before_the_sort(db_path, ids):
    lan = ReviewService(db_path, "lan")
    assert order(lan, ids, status="new") == ["A", "B", "C"]
    assert order(lan, ids, status="in_progress") == ["D", "E"]
    assert order(lan, ids, search="d.txt") == ["D"]


def test_done_walks_the_queue_in_confidence_order(db_path, ids):
    lan = ReviewService(db_path, "lan")
    first = lan.queue(sort="confidence", limit=1)
    cursor = QueueCursor({"sort": "confidence"}, [], first[-1].article_id, page=1)
    visited = [ids["A"]]
    while (nxt := Done(visited[-1], cursor).apply(lan)) is not None:
        visited.append(nxt)
    assert visited == [ids[k] for k in ("A", "D", "B", "C", "E")]


def test_an_unknown_sort_is_refused(db_path, ids):
    assert QUEUE_SORTS == ("id", "confidence")
    with pytest.raises(ValueError, match="unknown queue sort 'best'"):
        ReviewService(db_path, "lan").queue(sort="best")


def test_the_lowest_confidence_is_one_index_seek_per_article(db_path, ids):
    """The plan reads spans through spans_pending_confidence, never by scanning a whole layer."""
    lan = ReviewService(db_path, "lan")
    sql = f"SELECT {queue_store.LOWEST_PENDING} FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = :annotator"
    plan = " ".join(str(row[-1]) for row in lan.db.execute("EXPLAIN QUERY PLAN " + sql, {"annotator": "lan", "machine": "@machine"}))
    assert "spans_pending_confidence" in plan and "SCAN s" not in plan
    stream = "SELECT confidence, article_id FROM spans WHERE annotator = ? AND status = 'suggested' AND confidence IS NOT NULL ORDER BY confidence, article_id"
    plan = " ".join(str(row[-1]) for row in lan.db.execute("EXPLAIN QUERY PLAN " + stream, ["lan"]))
    assert "spans_layer_confidence" in plan and "TEMP B-TREE" not in plan  # read in index order, never sorted
