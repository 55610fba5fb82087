"""Review by entity: rows over the corpus, bulk decisions on pending mentions only, group undo."""
from __future__ import annotations

import pytest

from annotate.models import Span
from annotate.services.entities import BulkAction, EntityKey, EntityService
from annotate.services.review import ReviewService
from annotate.store import history, layers, reviews
from annotate.store.database import MACHINE, open_database
from tests.conftest import add_article, find

# Invented places and people, in no data file.
TEXTS = [
    "Bí thư Tỉnh ủy Lam Giang Vũ Thành Khê tiếp đoàn tỉnh Hạ Lương tại Lam Giang.",
    "Tỉnh Lam Giang và tỉnh Hạ Lương ký biên bản hợp tác; ông Vũ Thành Khê phát biểu.",
    "Đoàn tỉnh Hạ Lương thăm thành phố Lam Giang, kim ngạch đạt 3 tỷ USD.",
]


def spans_of(text: str) -> list[Span]:
    spans = []
    for needle, label, attrs in (
        ("Lam Giang", "LOCALITY", {"country": "VN", "canonical": "Lam Giang", "level": "province"}),
        ("Hạ Lương", "LOCALITY", {"country": "CN", "canonical": "Hạ Lương", "level": "province"}),
        ("Vũ Thành Khê", "OFFICIAL", {"title": "Bí thư Tỉnh ủy Lam Giang", "side": "VN"}),
    ):
        for nth in range(text.count(needle)):
            spans.append(Span(*find(text, needle, nth), label, dict(attrs), "gazetteer"))
    return sorted(spans, key=lambda s: s.start)


@pytest.fixture
def corpus(db_path):
    return [add_article(db_path, text, spans_of(text), source=f"{i}.txt") for i, text in enumerate(TEXTS)]


def layer_of(db_path, article_id, annotator="lan"):
    db = open_database(db_path)  # a second connection: what another process sees
    try:
        return layers.layer(db, article_id, annotator)
    finally:
        db.close()


def by_form(rows):
    return {(r.form, r.label, r.canonical): r for r in rows}


def test_rows_count_machine_suggestions_as_pending_before_anyone_opens(db_path, corpus):
    rows = by_form(EntityService(db_path, "lan").rows())
    lam = rows[("Lam Giang", "LOCALITY", "Lam Giang")]
    assert (lam.pending, lam.accepted, lam.rejected, lam.edited, lam.articles) == (4, 0, 0, 0, 3)
    assert lam.attributes["country"] == ("VN", 4) and "canonical" not in lam.attributes
    assert lam.mean_confidence is None
    official = rows[("Vũ Thành Khê", "OFFICIAL", "")]
    assert official.attributes["side"] == ("VN", 2)


def test_rows_mix_own_layer_and_machine_layer(db_path, corpus):
    review = ReviewService(db_path, "lan")
    lam = [s for s in review.open_article(corpus[0]).spans if TEXTS[0][s.start:s.end] == "Lam Giang"]
    review.accept(lam[0].id)
    review.reject(lam[1].id)
    lam = by_form(EntityService(db_path, "lan").rows())[("Lam Giang", "LOCALITY", "Lam Giang")]
    assert (lam.pending, lam.accepted, lam.rejected) == (2, 1, 1)
    other = by_form(EntityService(db_path, "minh").rows())[("Lam Giang", "LOCALITY", "Lam Giang")]
    assert other.pending == 4  # another annotator's layer is theirs alone


def test_search_is_accent_insensitive_and_label_filters(db_path, corpus):
    service = EntityService(db_path, "lan")
    assert [r.form for r in service.rows(search="ha luong")] == ["Hạ Lương"]
    assert [r.form for r in service.rows(search="VU THANH")] == ["Vũ Thành Khê"]
    assert {r.label for r in service.rows(label="OFFICIAL")} == {"OFFICIAL"}
    with pytest.raises(KeyError, match="unknown label"):
        service.rows(label="PERSON")


def test_bulk_accept_opens_layers_decides_only_pending_and_never_writes_machine(db_path, corpus):
    review = ReviewService(db_path, "lan")
    spans = review.open_article(corpus[1]).spans
    lam_1 = next(s for s in spans if s.label == "LOCALITY" and "Lam" in TEXTS[1][s.start:s.end])
    review.reject(lam_1.id)  # the reviewer's own decision: the bulk action must leave it alone
    machine_before = [layer_of(db_path, a, MACHINE) for a in corpus]
    service = EntityService(db_path, "lan")
    key = EntityKey("Lam Giang", "LOCALITY", "Lam Giang")
    preview = service.preview(key)
    assert (preview.pending, preview.decided, preview.unopened) == (3, 1, 2)
    outcome = service.apply(key, BulkAction("accept"))
    assert (outcome.decided, outcome.left_decided, outcome.opened) == (3, 1, 2)
    for article_id in corpus:
        lam = [s for s in layer_of(db_path, article_id) if TEXTS[corpus.index(article_id)][s.start:s.end] == "Lam Giang"]
        expected = ["rejected"] if article_id == corpus[1] else ["accepted"] * len(lam)
        assert [s.status for s in lam] == expected
    assert [layer_of(db_path, a, MACHINE) for a in corpus] == machine_before
    db = open_database(db_path)
    entries = [d for a in corpus for d in history.history(db, a, "lan") if d.action == "bulk_accept"]
    assert len(entries) == 3 and {d.payload["group"] for d in entries} == {outcome.group_id}
    assert reviews.review_state(db, corpus[2], "lan").opened
    db.close()


def test_group_undo_reverts_every_mention_also_after_a_restart(db_path, corpus):
    key = EntityKey("Hạ Lương", "LOCALITY", "Hạ Lương")
    EntityService(db_path, "lan").apply(key, BulkAction("relabel", label="OFFICIAL"))
    assert all(s.label == "OFFICIAL" for a in corpus for s in layer_of(db_path, a) if s.origin == "gazetteer" and s.attrs == {})
    restarted = EntityService(db_path, "lan")
    assert restarted.last_bulk().description.startswith("relabel as OFFICIAL “Hạ Lương”")
    result = restarted.undo_last_bulk()
    assert (result.undone, result.kept) == (3, 0)
    ha = [s for a, text in zip(corpus, TEXTS) for s in layer_of(db_path, a) if text[s.start:s.end] == "Hạ Lương"]
    assert [(s.label, s.status, s.attrs["canonical"]) for s in ha] == [("LOCALITY", "suggested", "Hạ Lương")] * 3
    assert restarted.undo_last_bulk() is None


def test_article_undo_takes_that_articles_part_and_group_undo_keeps_later_work(db_path, corpus):
    service = EntityService(db_path, "lan")
    service.apply(EntityKey("Lam Giang", "LOCALITY", "Lam Giang"), BulkAction("reject"))
    review = ReviewService(db_path, "lan")
    change = review.undo(corpus[0])
    assert change.reverted.action == "bulk_reject"  # both mentions of article 0 back to pending, one key
    # the Change carries both, so the review screen's own model shows them pending without a re-read
    assert [s.status for s in change.spans if TEXTS[0][s.start:s.end] == "Lam Giang"] == ["suggested", "suggested"]
    assert [s.status for s in layer_of(db_path, corpus[0]) if TEXTS[0][s.start:s.end] == "Lam Giang"] == ["suggested", "suggested"]
    db = open_database(db_path)
    undo_entries = [d for d in history.history(db, corpus[0], "lan") if d.action == "undo"]
    db.close()
    assert len(undo_entries) == 2  # one per span, so agreement and redo stay per span
    lam_2 = next(s for s in review.open_article(corpus[2]).spans if TEXTS[2][s.start:s.end] == "Lam Giang")
    review.accept(lam_2.id)  # a later decision on a span the group rejected
    result = service.undo_last_bulk()
    assert (result.undone, result.kept) == (1, 1)
    statuses = {a: [s.status for s in layer_of(db_path, a) if TEXTS[i][s.start:s.end] == "Lam Giang"] for i, a in enumerate(corpus)}
    assert statuses == {corpus[0]: ["suggested", "suggested"], corpus[1]: ["suggested"], corpus[2]: ["accepted"]}


def test_set_attributes_and_overlap_with_a_decided_span_is_skipped(db_path, corpus):
    review = ReviewService(db_path, "lan")
    spans = review.open_article(corpus[0]).spans
    official = next(s for s in spans if s.label == "OFFICIAL")
    review.reject(official.id)
    review.add_span(corpus[0], official.start, official.end - 4, "OFFICIAL")  # "Vũ Thành", decided
    service = EntityService(db_path, "lan")
    outcome = service.apply(EntityKey("Vũ Thành Khê", "OFFICIAL", ""), BulkAction("attrs", attrs={"side": "CN"}))
    assert (outcome.decided, outcome.left_decided) == (1, 1)
    changed = [s for s in layer_of(db_path, corpus[1]) if s.label == "OFFICIAL"]
    assert [(s.status, s.attrs["side"], s.attrs["title"]) for s in changed] == [("edited", "CN", "Bí thư Tỉnh ủy Lam Giang")]


def test_bulk_accept_rejects_an_overlapping_suggestion_in_the_same_entry(db_path):
    text = "Đoàn tỉnh Lam Giang Mới đến."
    spans = [Span(*find(text, "Lam Giang Mới"), "LOCALITY", {"canonical": "Lam Giang Mới"}, "model"),
             Span(*find(text, "Lam Giang"), "LOCALITY", {"canonical": "Lam Giang"}, "gazetteer")]
    article = add_article(db_path, text, spans)
    outcome = EntityService(db_path, "lan").apply(EntityKey("Lam Giang", "LOCALITY", "Lam Giang"), BulkAction("accept"))
    assert (outcome.decided, outcome.displaced) == (1, 1)
    assert sorted((text[s.start:s.end], s.status) for s in layer_of(db_path, article)) == [("Lam Giang", "accepted"), ("Lam Giang Mới", "rejected")]
    EntityService(db_path, "lan").undo_last_bulk()
    assert {s.status for s in layer_of(db_path, article)} == {"suggested"}


def test_disagreement_counts_mentions_annotators_decided_differently(db_path, corpus):
    key = EntityKey("Lam Giang", "LOCALITY", "Lam Giang")
    EntityService(db_path, "lan").apply(key, BulkAction("accept"))
    EntityService(db_path, "minh").apply(key, BulkAction("reject"))
    rows = by_form(EntityService(db_path, "lan").rows(sort="disagreement"))
    assert rows[("Lam Giang", "LOCALITY", "Lam Giang")].disputed == 4
    assert rows[("Hạ Lương", "LOCALITY", "Hạ Lương")].disputed == 0
    assert EntityService(db_path, "lan").rows(sort="disagreement")[0].form == "Lam Giang"


def test_assigned_annotator_sees_and_decides_only_assigned_articles(db_path, corpus):
    db = open_database(db_path)
    from annotate.store.database import write_transaction
    with write_transaction(db):
        reviews.set_review(db, corpus[0], "lan", assigned=1)
    db.close()
    service = EntityService(db_path, "lan")
    lam = by_form(service.rows())[("Lam Giang", "LOCALITY", "Lam Giang")]
    assert (lam.pending, lam.articles) == (2, 1)
    assert service.apply(EntityKey("Lam Giang", "LOCALITY", "Lam Giang"), BulkAction("accept")).decided == 2
    assert layer_of(db_path, corpus[1]) == []


def test_mean_confidence_comes_from_the_spans_and_sorts_both_ways(db_path, corpus):
    db = open_database(db_path)
    if not any(row[1] == "confidence" for row in db.execute("PRAGMA table_info(spans)").fetchall()):
        db.execute("ALTER TABLE spans ADD COLUMN confidence REAL")  # the column the pre-annotator's confidence lives in
    with db.conn:
        db.execute("UPDATE spans SET confidence = 0.9 WHERE label = 'OFFICIAL'")
        db.execute("UPDATE spans SET confidence = CASE WHEN article_id = ? THEN 0.2 ELSE 0.4 END WHERE label = 'LOCALITY' AND attrs LIKE '%Lam Giang%'", [corpus[0]])
    db.close()
    service = EntityService(db_path, "lan")
    rows = by_form(service.rows())
    assert rows[("Vũ Thành Khê", "OFFICIAL", "")].mean_confidence == pytest.approx(0.9)
    assert rows[("Lam Giang", "LOCALITY", "Lam Giang")].mean_confidence == pytest.approx((0.2 * 2 + 0.4 * 2) / 4)
    assert rows[("Hạ Lương", "LOCALITY", "Hạ Lương")].mean_confidence is None  # none estimated: shown as —
    assert [r.form for r in service.rows(sort="confidence")] == ["Vũ Thành Khê", "Lam Giang", "Hạ Lương"]
    assert [r.form for r in service.rows(sort="low-confidence")] == ["Lam Giang", "Vũ Thành Khê", "Hạ Lương"]


def test_a_bulk_decision_that_fails_halfway_leaves_nothing_behind(db_path, corpus):
    import annotate.services.entities as entities_module

    def interrupted(done, total):
        raise KeyboardInterrupt("killed")  # what a ^C between two batches does

    service = EntityService(db_path, "lan")
    original = entities_module._BulkWriter.FLUSH
    entities_module._BulkWriter.FLUSH = 1  # a batch per mention: the interruption comes after the first is written
    try:
        with pytest.raises(KeyboardInterrupt):
            service.apply(EntityKey("Lam Giang", "LOCALITY", "Lam Giang"), BulkAction("accept"), progress=interrupted)
    finally:
        entities_module._BulkWriter.FLUSH = original
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM spans WHERE annotator = 'lan'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM decision_groups").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM reviews WHERE annotator = 'lan'").fetchone()[0] == 0
    db.close()
    assert service.apply(EntityKey("Lam Giang", "LOCALITY", "Lam Giang"), BulkAction("accept")).decided == 4  # the session goes on
