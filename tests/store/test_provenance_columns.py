"""Spans keep their provenance and confidence: through layers, undo, merge, and an upgrade of an older database."""
from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from annotate.models import Source, Span
from annotate.services.review import ReviewService
from annotate.store import layers, transfer
from annotate.store.database import MACHINE, open_database, write_transaction
from annotate.store.migrations import migrations
from tests.conftest import SHORT_TEXT, add_article, find, short_spans

WHY = (Source("rule", "place-in-title"), Source("gazetteer", "cn_places.yaml", "cn-450000"), Source("model", "B-LOC"))


def explained_spans() -> list[Span]:
    spans = short_spans()
    for i, span in enumerate(spans):
        span.provenance = WHY if span.label == "LOCALITY" else (Source("rule", "title-before-name"),)
        span.confidence = 0.5 + i / 20
    return spans


def test_the_machine_layer_stores_provenance_and_confidence(db_path):
    article = add_article(db_path, spans=explained_spans())
    db = open_database(db_path)
    stored = layers.layer(db, article, MACHINE)
    assert [(s.provenance, s.confidence) for s in stored] == [(s.provenance, s.confidence) for s in explained_spans()]
    assert layers.spans_by_article(db, MACHINE, {article})[article][2].provenance == WHY


def test_a_reviewer_gets_them_on_first_open_and_keeps_them_through_decisions_and_undo(db_path):
    article = add_article(db_path, spans=explained_spans())
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    assert spans[0].provenance == WHY and spans[0].confidence == 0.5
    service.set_label(spans[0].id, "OFFICIAL")
    service.reject(spans[2].id)
    service.undo(article)
    service.undo(article)
    other = open_database(db_path)  # a second connection sees what was committed
    again = layers.layer(other, article, "lan")
    assert [(s.label, s.provenance, s.confidence) for s in again] == [(s.label, s.provenance, s.confidence) for s in spans]
    service.close()


def test_a_snapshot_logged_before_provenance_existed_keeps_the_stored_values(db_path):
    article = add_article(db_path, spans=explained_spans())
    db = open_database(db_path)
    span = layers.layer(db, article, MACHINE)[0]
    old = span.snapshot()
    del old["provenance"], old["confidence"]  # what an older version wrote to the decision log
    old["status"] = "rejected"
    with write_transaction(db):
        layers.write_snapshot(db, old)
    after = layers.get_span(db, span.id)
    assert (after.status, after.provenance, after.confidence) == ("rejected", WHY, 0.5)


def test_the_database_refuses_a_confidence_outside_zero_to_one(db_path):
    article = add_article(db_path)
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE spans SET confidence = 1.5 WHERE article_id = ?", [article])
    conn.rollback()
    conn.close()
    bad = Span(0, 4, "FIGURE", {}, "rule", (), 2.0)
    db = open_database(db_path)
    with pytest.raises(ValueError, match="confidence"), write_transaction(db):
        layers.insert_spans(db, article, MACHINE, [bad], "suggested")


def test_merge_copies_them(db_path, tmp_path):
    article = add_article(db_path, spans=explained_spans())
    source = open_database(db_path)
    target = open_database(tmp_path / "team.db")
    stored = transfer.stored_layer(source, article, MACHINE)
    with write_transaction(target):
        new_article = transfer.copy_article(target, transfer.all_articles(source)[0], keep_id=True)
        transfer.copy_spans(target, stored.spans, new_article, MACHINE)
    copied = layers.layer(target, new_article, MACHINE)
    assert [(s.provenance, s.confidence) for s in copied] == [(s.provenance, s.confidence) for s in stored.spans]


def test_an_older_database_is_upgraded_and_its_spans_and_undo_still_work(tmp_path):
    path = tmp_path / "old.db"
    old = Database(sqlite3.connect(path))
    migrations.apply(old, stop_before="m003_span_provenance")
    stamp = "2024-01-01T00:00:00+00:00"
    old.execute(
        "INSERT INTO articles (id, source_key, source, content_hash, text, region_start, region_end, created_at, updated_at)"
        " VALUES (1, 'a', 'a.txt', 'h', ?, 0, ?, ?, ?)", [SHORT_TEXT, len(SHORT_TEXT), stamp, stamp])
    start, end = find(SHORT_TEXT, "Lạng Sơn")
    old.execute(
        'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at)'
        " VALUES (1, ?, ?, ?, 'LOCALITY', '{}', 'gazetteer', 'suggested', ?, ?)", [MACHINE, start, end, stamp, stamp])
    old.conn.commit()
    old.close()

    service = ReviewService(path, "lan")  # opening migrates
    span = service.open_article(1).spans[0]
    assert (span.provenance, span.confidence) == ((), None)
    service.reject(span.id)
    assert service.undo(1).reverted.action == "reject"
    assert layers.get_span(service.db, span.id).status == "suggested"
    indexes = {row[1] for row in service.db.execute("PRAGMA index_list(spans)").fetchall()}
    assert "spans_pending_confidence" in indexes and "spans_counts" not in indexes
    service.close()
