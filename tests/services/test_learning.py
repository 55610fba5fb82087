"""learn(): facts come from the reviewers' layers as they stand, so undo takes a fact back; disagreement goes to the majority."""
from __future__ import annotations

import sqlite3

from annotate.services.learning import learn, load_learned
from annotate.services.review import ReviewService
from annotate.store.database import open_database
from tests.conftest import SHORT_TEXT, add_article


def facts(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT kind, label, form, context, accepted, rejected FROM learned_facts ORDER BY id").fetchall()
    finally:
        conn.close()


def relearn(db_path):
    db = open_database(db_path)
    try:
        return learn(db)
    finally:
        db.close()


def test_a_rejection_is_learned_and_undo_takes_it_back(db_path, article):
    lan = ReviewService(db_path, "lan")
    spans = lan.open_article(article).spans
    figure = next(s for s in spans if s.label == "FIGURE")
    lan.reject(figure.id)
    relearn(db_path)
    assert ("judgement", "FIGURE", "12,5 tỷ USD", "đạt", 0, 1) in facts(db_path)
    lan.undo(article)
    lexicon = relearn(db_path)
    assert facts(db_path) == [] and not lexicon
    lan.close()


def test_corrections_are_learned_with_the_majority_and_replaced_suggestions_count_as_rejected(db_path, article):
    second = add_article(db_path, SHORT_TEXT + " ", source="copy.txt")
    for name, level in (("lan", "district"), ("minh", "district"), ("hoa", "city")):
        reviewer = ReviewService(db_path, name)
        for aid in ((article, second) if name == "lan" else (article,)):
            spans = reviewer.open_article(aid).spans
            place = next(s for s in spans if SHORT_TEXT[s.start:s.end] == "Nam Ninh")
            reviewer.set_attrs(place.id, {**place.attrs, "level": level})
        reviewer.close()
    lan = ReviewService(db_path, "lan")
    official = next(s for s in lan.view(article).spans if SHORT_TEXT[s.start:s.end] == "Vi Triều Huy")
    lan.set_bounds(official.id, official.start + 3, official.end)  # "Triều Huy": the machine's span was wrong
    lan.close()
    lexicon = relearn(db_path)
    assert lexicon.places["Nam Ninh"]["level"] == "district", "three votes to one"
    assert [f[4:] for f in facts(db_path) if f[2] == "Vi Triều Huy"] == [(0, 1)], "the machine's span, replaced"
    assert any(f[2] == "Triều Huy" and f[4] == 1 for f in facts(db_path))
    db = open_database(db_path)
    assert load_learned(db).places == lexicon.places
    db.close()
