"""Reviewer decisions: committed at once, logged, undoable, isolated per annotator."""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from annotate.errors import SpanError
from annotate.services.review import ReviewService
from annotate.store import history, layers
from annotate.store.database import MACHINE, open_database
from tests.conftest import SHORT_TEXT, add_article, find


def fresh_layer(db_path, article_id, annotator):
    """Read a layer through a new connection: what another process would see."""
    db = open_database(db_path)
    try:
        return layers.layer(db, article_id, annotator)
    finally:
        db.close()


def test_first_open_copies_suggestions_into_own_layer(db_path, article):
    service = ReviewService(db_path, "lan")
    view = service.open_article(article)
    assert [s.status for s in view.spans] == ["suggested"] * 6
    assert view.status == "new"  # opening marks nothing; a first decision does
    service.open_article(article)  # second open copies nothing more
    assert len(fresh_layer(db_path, article, "lan")) == 6
    assert len(fresh_layer(db_path, article, MACHINE)) == 6


def test_accept_reject_are_committed_and_logged(db_path, article):
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.accept(spans[0].id)
    service.reject(spans[1].id)
    stored = {s.id: s.status for s in fresh_layer(db_path, article, "lan")}
    assert stored[spans[0].id] == "accepted"
    assert stored[spans[1].id] == "rejected"
    assert [d.action for d in service.history(article)] == ["accept", "reject"]


def test_relabel_rebound_and_attrs_mark_edited(db_path, article):
    service = ReviewService(db_path, "lan")
    span = service.open_article(article).spans[0]
    relabelled = service.set_label(span.id, "OFFICIAL").span
    assert (relabelled.label, relabelled.status) == ("OFFICIAL", "edited")
    assert not set(relabelled.attrs) & {"country", "canonical", "level"}  # LOCALITY's attributes do not apply
    start, end = find(SHORT_TEXT, "Tỉnh ủy Lạng Sơn")
    moved = service.set_bounds(span.id, start, end).span
    assert (moved.start, moved.end) == (start, end)
    updated = service.set_attrs(span.id, {"title": "x", "side": "VN"}).span
    assert updated.attrs == {"title": "x", "side": "VN"}


def test_move_edges_by_word(db_path, article):
    service = ReviewService(db_path, "lan")
    span = next(s for s in service.open_article(article).spans if SHORT_TEXT[s.start:s.end] == "Hoàng Văn Nghiệm")
    grown = service.move_edge(span.id, "start_left").span
    assert SHORT_TEXT[grown.start:grown.end] == "Sơn Hoàng Văn Nghiệm"
    place = next(s for s in service.view(article).spans if SHORT_TEXT[s.start:s.end] == "Lạng Sơn")
    assert place.status == "rejected"  # the suggestion it now covers
    service.undo(article)
    place = next(s for s in service.view(article).spans if s.id == place.id)
    assert place.status == "suggested"
    shrunk = service.move_edge(span.id, "end_left").span
    assert SHORT_TEXT[shrunk.start:shrunk.end] == "Hoàng Văn"
    shrunk = service.move_edge(span.id, "start_right").span
    assert SHORT_TEXT[shrunk.start:shrunk.end] == "Văn"
    grown = service.move_edge(span.id, "end_right").span
    assert SHORT_TEXT[grown.start:grown.end] == "Văn Nghiệm"


def test_overlap_with_accepted_span_is_refused(db_path, article):
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.accept(spans[0].id)  # Lạng Sơn
    with pytest.raises(SpanError, match="overlap"):
        service.set_bounds(spans[1].id, spans[0].start, spans[1].end)
    assert fresh_layer(db_path, article, "lan")[1].start == spans[1].start  # nothing half-done


def test_add_span_rejects_overlapped_suggestions_in_one_decision(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    start, end = find(SHORT_TEXT, "Lạng Sơn Hoàng Văn Nghiệm")
    added = service.add_span(article, start, end, "OFFICIAL", {"side": "VN"}).span
    assert (added.origin, added.status, added.attrs) == ("human", "accepted", {"side": "VN"})  # given attrs are kept as given
    statuses = sorted(s.status for s in fresh_layer(db_path, article, "lan") if s.start < end and start < s.end)
    assert statuses == ["accepted", "rejected", "rejected"]
    assert service.undo(article).reverted.action == "add"
    after = fresh_layer(db_path, article, "lan")
    assert all(s.origin != "human" for s in after)
    assert sum(s.status == "suggested" for s in after) == 6


def test_add_span_out_of_range(db_path, article):
    service = ReviewService(db_path, "lan")
    with pytest.raises(SpanError, match="outside"):
        service.add_span(article, 5, len(SHORT_TEXT) + 3, "FIGURE")


def test_unknown_label_is_refused(db_path, article):
    service = ReviewService(db_path, "lan")
    span = service.open_article(article).spans[0]
    with pytest.raises(KeyError, match="unknown label"):
        service.set_label(span.id, "PERSON")


def test_undo_walks_back_and_survives_restart(db_path, article):
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.accept(spans[0].id)
    service.reject(spans[1].id)
    service.accept_all(article)
    service.mark_done(article)
    service.close()

    restarted = ReviewService(db_path, "lan")
    assert restarted.view(article).status == "done"
    assert restarted.undo(article).reverted.action == "done"
    assert restarted.view(article).status == "in_progress"
    assert restarted.undo(article).reverted.action == "accept_all"
    assert sum(s.status == "suggested" for s in restarted.view(article).spans) == 4
    assert restarted.undo(article).reverted.action == "reject"
    assert restarted.undo(article).status == "new"  # undoing the first decision: untouched again
    assert all(s.status == "suggested" for s in restarted.view(article).spans)
    assert restarted.undo(article) is None
    # the log keeps everything: 4 decisions flagged undone plus 4 undo entries
    log = history.history(restarted.db, article, "lan")
    assert sum(d.undone for d in log) == 4 and sum(d.action == "undo" for d in log) == 4


def test_annotators_do_not_see_each_others_decisions(db_path, article):
    lan, minh = ReviewService(db_path, "lan"), ReviewService(db_path, "minh")
    lan_spans = lan.open_article(article).spans
    minh_spans = minh.open_article(article).spans
    lan.reject(lan_spans[0].id)
    minh.accept(minh_spans[0].id)
    assert fresh_layer(db_path, article, "lan")[0].status == "rejected"
    assert fresh_layer(db_path, article, "minh")[0].status == "accepted"
    with pytest.raises(SpanError, match="belongs to"):
        lan.accept(minh_spans[1].id)


def test_region_move_is_logged_and_undoable(db_path, article):
    service = ReviewService(db_path, "lan")
    service.set_region(article, 3, 50)
    assert service.view(article).article.region == (3, 50)
    service.undo(article)
    assert service.view(article).article.region == (0, len(SHORT_TEXT))
    with pytest.raises(SpanError):
        service.set_region(article, 10, 5)


def _accept_everything(db_path: str, annotator: str, article_id: int) -> None:
    service = ReviewService(db_path, annotator)
    for span in service.open_article(article_id).spans:
        service.accept(span.id)
        service.reject(span.id)
        service.accept(span.id)
    service.mark_done(article_id)


def test_two_processes_at_once_lose_nothing(db_path):
    ids = [add_article(db_path, SHORT_TEXT + f" Bài {n}.", source=f"a{n}.txt") for n in range(3)]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_accept_everything, args=(str(db_path), name, article_id)) for name in ("lan", "minh") for article_id in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    db = open_database(db_path)
    for name in ("lan", "minh"):
        for article_id in ids:
            assert [s.status for s in layers.layer(db, article_id, name)] == ["accepted"] * 6
            assert len(history.history(db, article_id, name)) == 6 * 3 + 1


def test_killed_process_keeps_committed_decisions(db_path, article, tmp_path):
    script = tmp_path / "kill.py"
    script.write_text(
        "import os, sys\n"
        "from annotate.services.review import ReviewService\n"
        f"s = ReviewService({str(db_path)!r}, 'lan')\n"
        f"spans = s.open_article({article}).spans\n"
        "s.accept(spans[0].id); s.reject(spans[1].id)\n"
        "os._exit(9)  # no close, no commit hook, like a killed terminal\n"
    )
    import subprocess
    import sys

    subprocess.run([sys.executable, str(script)], check=False)
    statuses = [s.status for s in fresh_layer(db_path, article, "lan")]
    assert statuses[:2] == ["accepted", "rejected"]


def test_locked_database_gives_a_clear_error(db_path, article, monkeypatch):
    import annotate.store.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        service = ReviewService(db_path, "lan")
        service.db.execute("PRAGMA busy_timeout = 200")
        with pytest.raises(Exception, match="locked by another writer"):
            service.open_article(article)
    finally:
        blocker.rollback()
        blocker.close()


def test_queue_next_and_summary(db_path):
    ids = [add_article(db_path, SHORT_TEXT + f" Bài {n}.", source=f"q{n}.txt") for n in range(3)]
    service = ReviewService(db_path, "lan")
    service.mark_done(ids[1])
    assert service.next_article_id(ids[0]) == ids[2]
    assert service.next_article_id(ids[2]) is None
    summary = service.summary()
    assert (summary.total, summary.new, summary.done) == (3, 2, 1)
    rows = service.queue(status="done")
    assert [r.article_id for r in rows] == [ids[1]]
    assert [r.article_id for r in service.queue(search="Bài 2")] == [ids[2]]
    assert service.queue(label="FIGURE")[0].suggested == 6


def test_queue_pages_by_id_while_reviewing_empties_a_filter(db_path):
    ids = [add_article(db_path, SHORT_TEXT + f" Số {n}.", source=f"p{n}.txt") for n in range(6)]
    service = ReviewService(db_path, "lan")
    first_page = service.queue(status="new", limit=2)
    for row in first_page:
        service.mark_done(row.article_id)  # reviewing moves them out of the "new" filter
    second_page = service.queue(status="new", limit=2, after_id=first_page[-1].article_id)
    assert [r.article_id for r in second_page] == ids[2:4]  # an offset of 2 would have skipped these


def test_relabel_there_and_back_keeps_the_attributes(db_path, article):
    service = ReviewService(db_path, "lan")
    official = next(s for s in service.open_article(article).spans if s.label == "OFFICIAL")
    original = dict(official.attrs)
    assert service.set_label(official.id, "LOCALITY").span.attrs.get("title") is None  # a title is no place attribute
    assert service.set_label(official.id, "OFFICIAL").span.attrs == original
    service.set_attrs(official.id, {**original, "title": "Bí thư"})  # a hand edit is what comes back
    service.set_label(official.id, "FIGURE")
    assert service.set_label(official.id, "OFFICIAL").span.attrs == {**original, "title": "Bí thư"}


def test_a_new_span_gets_its_attributes_from_the_pre_annotators_parsers(db_path):
    text = "Ông Lò Văn Thử, Phó Chủ tịch UBND tỉnh Điện Biên, cho biết kim ngạch đạt 3,5 triệu USD với Vân Nam."
    article = add_article(db_path, text, spans=[])
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    official = service.add_span(article, *find(text, "Lò Văn Thử"), "OFFICIAL").span
    assert official.attrs == {"title": "Phó Chủ tịch UBND tỉnh Điện Biên", "side": "VN"}
    figure = service.add_span(article, *find(text, "3,5 triệu USD"), "FIGURE").span
    assert figure.attrs == {"value": 3500000, "unit": "USD"}
    place = service.add_span(article, *find(text, "Vân Nam"), "LOCALITY").span
    assert place.attrs == {"country": "CN", "canonical": "Vân Nam", "level": "province"}


def test_a_span_drawn_over_a_suggestion_keeps_its_attributes(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    start, end = find(SHORT_TEXT, "12,5 tỷ USD")
    redrawn = service.add_span(article, start, end, "FIGURE").span
    assert redrawn.attrs == {"value": 12500000000, "unit": "USD"}
    place = find(SHORT_TEXT, "thành phố Nam Ninh")
    covering = service.add_span(article, *place, "LOCALITY").span  # wider than the suggestion "Nam Ninh"
    assert covering.attrs == {"country": "CN", "canonical": "Nam Ninh", "level": "city"}


def test_redo_replays_undone_decisions_until_a_new_one(db_path, article):
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.accept(spans[0].id)
    service.reject(spans[1].id)
    assert service.redo(article) is None  # nothing undone yet
    service.undo(article)
    service.undo(article)
    assert service.redo(article).reverted.action == "accept"
    service.close()
    restarted = ReviewService(db_path, "lan")  # the chain lives in the log
    assert restarted.redo(article).reverted.action == "reject"
    assert [s.status for s in fresh_layer(db_path, article, "lan")][:2] == ["accepted", "rejected"]
    assert restarted.redo(article) is None
    restarted.undo(article)
    restarted.accept(spans[2].id)  # a new decision ends the redo chain
    assert restarted.redo(article) is None
    assert restarted.undo(article).reverted.action == "accept"
    assert restarted.undo(article).reverted.action == "accept"  # the first accept (the reject stays undone)


def test_redo_brings_an_added_span_back_with_its_id(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    added = service.add_span(article, *find(SHORT_TEXT, "Kim ngạch"), "FIGURE").span
    assert service.undo(article).removed == (added.id,)
    again = service.redo(article)
    assert again.spans[-1].id == added.id
    assert added.id in {s.id for s in fresh_layer(db_path, article, "lan")}


def test_an_import_is_undoable_but_cannot_be_redone(db_path, article, tmp_path):
    import json

    from annotate.io.importer import import_file

    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": SHORT_TEXT, "spans": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_file(open_database(db_path), path, "lan")
    service = ReviewService(db_path, "lan")
    assert service.undo(article).reverted.action == "import"
    with pytest.raises(SpanError, match="cannot be redone"):
        service.redo(article)


def test_boundary_moves_snap_out_of_spans_and_say_what_moved(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    inside = find(SHORT_TEXT, "Văn")[0]  # inside the suggestion Hoàng Văn Nghiệm
    moved = service.move_boundary(article, "start", inside)
    assert moved.region == (find(SHORT_TEXT, "Hoàng")[0], len(SHORT_TEXT))  # the whole name stays in the article
    end = service.move_boundary(article, "end", find(SHORT_TEXT, "Triều")[0])
    assert end.region[1] == find(SHORT_TEXT, "Vi Triều Huy")[1]
    with pytest.raises(SpanError, match="empty"):
        service.move_boundary(article, "start", find(SHORT_TEXT, "Nam Ninh")[0])


def test_position_is_remembered_without_touching_the_review(db_path, article):
    service = ReviewService(db_path, "lan")
    service.open_article(article)
    service.remember_position(article, 57)
    view = service.view(article)
    assert (view.position, view.status) == (57, "new")
    accepted = service.accept(view.spans[2].id).span
    assert service.view(article).position == accepted.start  # a decision is a place to resume too


def test_closing_while_a_worker_reads_the_queue_is_safe(db_path, article):
    """The app closes its service on quit while the queue's poll worker may be mid-query: that must not crash."""
    import threading

    service = ReviewService(db_path, "lan")
    seen: list[BaseException] = []

    def poll() -> None:
        while True:
            try:
                service.queue(limit=50), service.data_version()
            except BaseException as error:  # noqa: BLE001 - the closed connection ends the loop
                seen.append(error)
                return

    worker = threading.Thread(target=poll)
    worker.start()
    service.close()
    worker.join()
    assert len(seen) == 1 and isinstance(seen[0], sqlite3.ProgrammingError)  # a clean error after close, no crash
