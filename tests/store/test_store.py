"""The store's functions return typed records and answer exactly the question their name asks."""
from __future__ import annotations

from annotate.models import ReviewState, Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews, stats, transfer
from annotate.store.database import MACHINE, open_database, write_transaction
from tests.conftest import SHORT_TEXT, add_article


def test_review_rows_are_typed_and_answer_who_finished_what(db_path, article):
    other = add_article(db_path, SHORT_TEXT + " Hai.", source="b.txt")
    db = open_database(db_path)
    with write_transaction(db):
        reviews.set_review(db, article, "lan", status="done", opened=1)
        reviews.set_review(db, article, "minh", status="done", opened=1, assigned=1)
        reviews.set_review(db, other, "lan", status="in_progress", opened=1)
        reviews.set_review(db, article, "@gold", status="done", opened=1)
    state = reviews.review_state(db, article, "minh")
    assert isinstance(state, ReviewState) and (state.status, state.assigned, state.opened) == ("done", True, True)
    assert reviews.review_state(db, other, "minh") is None and reviews.review_status(db, other, "minh") == "new"
    assert reviews.finished_by(db, article) == ["lan", "minh"]  # '@gold' is not a person
    assert reviews.finished_by_at_least(db, 2) == [article] and reviews.finished_by_at_least(db, 3) == []
    assert reviews.finished_articles(db) == {"lan": {article}, "minh": {article}, "@gold": {article}}
    assert reviews.articles_with_status(db, "lan", ("done", "in_progress")) == [article, other]
    assert reviews.assigned_articles(db) == {article}
    assert reviews.has_assignments(db, "minh") and not reviews.has_assignments(db, "lan")
    db.close()


def test_article_ids_and_span_lookups(db_path, article):
    db = open_database(db_path)
    assert article_store.current_ids(db) == [article]
    assert not article_store.id_is_free(db, article) and article_store.id_is_free(db, article + 1)
    by_article = layers.spans_by_article(db, MACHINE, {article, 99})
    assert [s.label for s in by_article[article]] == ["LOCALITY", "OFFICIAL", "LOCALITY", "OFFICIAL", "LOCALITY", "FIGURE"]
    assert by_article[99] == [] and all(isinstance(s, Span) for s in by_article[article])
    assert layers.spans_by_article(db, MACHINE, {article}, ("accepted",)) == {article: []}
    assert layers.has_spans(db, MACHINE) and not layers.has_spans(db, "lan")
    db.close()


def test_counts_for_stats(db_path, article):
    db = open_database(db_path)
    assert stats.article_counts(db) == (1, 0)
    assert stats.span_counts(db) == [(MACHINE, "FIGURE", "suggested", 1), (MACHINE, "LOCALITY", "suggested", 3), (MACHINE, "OFFICIAL", "suggested", 2)]
    assert stats.review_counts(db) == []
    db.close()


def test_transfer_keeps_the_sources_times_and_ids(db_path, article, tmp_path):
    src = open_database(db_path)
    with write_transaction(src):
        reviews.set_review(src, article, "lan", status="done", opened=1)
    original = transfer.all_articles(src)[0]
    layer = transfer.stored_layer(src, article, MACHINE)
    assert not layer.untouched and layer.changed_at == max(s.updated_at for s in layer.spans)
    out = open_database(tmp_path / "out.db")
    with write_transaction(out):
        new_id = transfer.copy_article(out, original, keep_id=True)
        mapping = transfer.copy_spans(out, layer.spans, new_id, MACHINE)
        transfer.put_review(out, reviews.review_state(src, article, "lan"), new_id, "lan")
    copied = article_store.get_article(out, new_id)
    assert new_id == original.id and (copied.created_at, copied.updated_at, copied.furniture) == (original.created_at, original.updated_at, original.furniture)
    assert [s.updated_at for s in layers.layer(out, new_id, MACHINE)] == [s.updated_at for s in layer.spans]
    assert sorted(mapping) == [s.id for s in layer.spans]
    assert reviews.review_state(out, new_id, "lan") == reviews.review_state(src, article, "lan")
    assert transfer.layer_keys(out) == [(new_id, "@machine"), (new_id, "lan")]
    assert transfer.stored_layer(out, new_id, "nobody").untouched
    src.close()
    out.close()
