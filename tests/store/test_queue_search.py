"""Queue search (FTS5, accents and case aside) and the queue's id-keyed pages, on real SQLite files."""
from __future__ import annotations

import sqlite3

import pytest

from annotate.models import Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store import queue as queue_store
from annotate.store.database import MACHINE, open_database, write_transaction
from annotate.store.migrations import migrations
from annotate.store.search import match_expression, words
from tests.conftest import find

TEXTS = {
    "trung": "Đoàn đại biểu thành phố Trùng Khánh thăm tỉnh Lạng Sơn và bàn về cửa khẩu.",
    "danang": "Lãnh đạo thành phố Đà Nẵng tiếp Tổng lãnh sự Trung Quốc.",
    "duong": "Đường sắt Lào Cai - Hà Khẩu sẽ được nâng cấp, kim ngạch đạt 12,5 tỷ USD.",
    "plain": "Hai bên ký biên bản ghi nhớ hợp tác thương mại giữa Quảng Tây và Cao Bằng.",
}


def _insert(db, key: str, text: str, title: str | None = None, source: str | None = None, spans: list[Span] = ()) -> int:
    with write_transaction(db):
        article_id = article_store.insert_article(db, {
            "source_key": key, "source": source or f"{key}.txt", "content_hash": article_store.content_hash(text), "text": text,
            "title": title, "region_start": 0, "region_end": len(text), "furniture": [],
        })
        layers.insert_spans(db, article_id, MACHINE, list(spans), "suggested")
    return article_id


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def news(db) -> dict[str, int]:
    return {key: _insert(db, key, text) for key, text in TEXTS.items()}


def found(db, search: str, **filters) -> list[int]:
    return [row.article_id for row in queue_store.page(db, "lan", search=search, **filters)]


def test_search_is_blind_to_accents_and_case_but_keeps_the_words_in_order(db, news):
    assert found(db, "trung khanh") == [news["trung"]]
    assert found(db, "TRÙNG KHÁNH") == [news["trung"]]
    assert found(db, "Trùng Khánh") == [news["trung"]]
    assert found(db, "lang son") == [news["trung"]]
    assert found(db, "khanh trung") == []  # the words typed are a phrase, in order
    assert found(db, "trung quoc") == [news["danang"]]


def test_d_finds_đ_and_đ_finds_d(db, news):
    assert found(db, "da nang") == [news["danang"]]
    assert found(db, "đa nang") == [news["danang"]]
    assert found(db, "duong sat") == [news["duong"]]
    assert found(db, "doan dai bieu") == [news["trung"]]
    assert found(db, "dai") == [news["trung"]]  # "dai" is a prefix of đại


def test_the_last_word_is_a_prefix_until_a_space_follows_it(db, news):
    assert found(db, "quang t") == [news["plain"]]
    assert found(db, "quang t ") == []
    assert found(db, "cao b") == [news["plain"]]


def test_title_and_source_are_searched_too(db):
    titled = _insert(db, "t1", "Nội dung không liên quan.", title="Hợp tác với Vân Nam", source="bao-nhan-dan/van_nam_2024.txt")
    assert found(db, "van nam") == [titled]
    assert found(db, "van_nam_2024") == [titled]
    assert found(db, "bao nhan dan") == [titled]


def test_punctuation_and_fts_syntax_are_only_separators(db, news):
    for typed in ('"', 'trung"', "trung*", "NEAR(trung khanh)", "trung AND khanh", "(", "-trung", "trung:khanh", "^", "'"):
        found(db, typed)  # never an FTS5 syntax error
    assert found(db, "NEAR(trung khanh)") == []  # NEAR is a word here, and no article has it
    assert found(db, "12,5 tỷ") == [news["duong"]]
    assert found(db, "Lào Cai - Hà Khẩu") == [news["duong"]]
    assert found(db, "!!!") == [] and found(db, "   ") == []
    assert words("Trùng-Khánh, 12,5%") == ["Trùng", "Khánh", "12", "5"]
    assert match_expression("  ") is None


def test_many_d_words_are_bounded(db, news):
    expression = match_expression(" ".join(["dd"] * 10))
    assert expression.count(" OR ") == 63  # 64 spellings, the last words as typed
    found(db, " ".join(["dd"] * 10))


def test_the_index_follows_inserts_updates_and_deletes(db, news):
    article_id = news["plain"]
    fields = {"source_key": "plain", "source": "plain.txt", "content_hash": "x", "text": "Tin mới về Hàng Châu.", "title": None,
              "region_start": 0, "region_end": 21, "furniture": []}
    with write_transaction(db):
        article_store.replace_article(db, article_id, fields)
    assert found(db, "hang chau") == [article_id] and found(db, "quang tay") == []
    with write_transaction(db):
        article_store.set_region(db, article_id, 3, 10)
    assert found(db, "hang chau") == [article_id]
    with write_transaction(db):
        db.execute("DELETE FROM articles WHERE id = ?", [news["danang"]])
    assert found(db, "da nang") == []
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")  # index == content


def test_moving_a_boundary_does_not_reindex_the_text(db, news):
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_au'").fetchone()[0]
    assert "UPDATE OF title, source, text" in trigger


def test_a_database_from_before_the_index_gets_it_on_open(db_path):
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    from sqlite_utils import Database

    old = Database(conn)
    migrations.apply(old, stop_before="m004_article_search")
    assert not old.table("articles_fts").exists()
    ids = [_insert(old, key, text) for key, text in TEXTS.items()]
    conn.close()
    db = open_database(db_path)
    assert found(db, "trung khanh") == [ids[0]]
    assert "m004_article_search" in {m.name for m in migrations.applied(db)}
    db.close()


def test_a_half_built_index_is_built_again(db_path):
    db_path.parent.mkdir(parents=True)
    from sqlite_utils import Database

    conn = sqlite3.connect(db_path)
    old = Database(conn)
    migrations.apply(old, stop_before="m004_article_search")
    article_id = _insert(old, "a", TEXTS["trung"])
    old.execute("CREATE VIRTUAL TABLE articles_fts USING FTS5 (title, source, text, content=articles)")  # killed before it was filled
    conn.commit()
    conn.close()
    db = open_database(db_path)
    assert found(db, "trung khanh") == [article_id]
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    db.close()


def test_pages_go_forwards_backwards_and_to_the_end(db):
    ids = [_insert(db, f"p{n}", f"Bài {n} về hợp tác.") for n in range(12)]
    page = lambda **kw: [r.article_id for r in queue_store.page(db, "lan", limit=5, **kw)]  # noqa: E731
    assert page() == ids[:5]
    assert page(after_id=ids[4]) == ids[5:10]
    assert page(before_id=ids[5]) == ids[:5]
    assert page(before_id=ids[3]) == ids[:3]
    assert page(last=True) == ids[7:]
    assert page(last=True, search="hop tac") == ids[7:]
    assert page(before_id=ids[8], search="hop tac") == ids[3:8]
    with write_transaction(db):
        article_store.supersede(db, ids[11], ids[10])
    assert page(last=True) == ids[6:11]


def test_label_pages_merge_the_machine_layer_and_the_reviewers_own(db):
    text = "Lãnh đạo tỉnh Lạng Sơn gặp Bí thư Trần Văn A."
    place, person = Span(*find(text, "Lạng Sơn"), "LOCALITY"), Span(*find(text, "Trần Văn A"), "OFFICIAL")
    ids = [_insert(db, f"l{n}", text + f" Số {n}.", spans=[place, place] if n % 2 else [place, person]) for n in range(8)]
    with write_transaction(db):
        layers.open_layer(db, ids[1], "lan")  # opened: lan's layer counts now
        layers.insert_spans(db, ids[1], "lan", [person], "accepted")
        layers.open_layer(db, ids[2], "lan")
        for span in layers.layer(db, ids[2], "lan"):
            if span.label == "OFFICIAL":
                span.status = "rejected"
                layers.write_snapshot(db, span.snapshot())
    officials = [r.article_id for r in queue_store.page(db, "lan", label="OFFICIAL", limit=3)]
    assert officials == [ids[0], ids[1], ids[4]]  # 2: rejected by lan; 1: added by lan; 3, 5, 7: none
    assert [r.article_id for r in queue_store.page(db, "lan", label="OFFICIAL", after_id=ids[4])] == [ids[6]]
    assert [r.article_id for r in queue_store.page(db, "lan", label="OFFICIAL", last=True, limit=2)] == [ids[4], ids[6]]
    assert [r.article_id for r in queue_store.page(db, "lan", label="OFFICIAL", limit=2, offset=1)] == [ids[1], ids[4]]
    assert [r.article_id for r in queue_store.page(db, "lan", label="LOCALITY")] == ids  # two places: one row
    row = queue_store.page(db, "lan", label="OFFICIAL", limit=2)[1]
    assert (row.article_id, row.suggested, row.accepted) == (ids[1], 2, 1)


def test_status_walk_and_summary(db):
    ids = [_insert(db, f"s{n}", f"Bài {n}.") for n in range(6)]
    with write_transaction(db):
        reviews.set_review(db, ids[1], "lan", status="done", opened=1)
        reviews.set_review(db, ids[4], "lan", status="done", opened=1)
        reviews.set_review(db, ids[2], "lan", status="in_progress", opened=1)
        reviews.set_review(db, ids[3], "minh", status="done", opened=1)
    status = lambda s, **kw: [r.article_id for r in queue_store.page(db, "lan", status=s, **kw)]  # noqa: E731
    assert status("done") == [ids[1], ids[4]] and status("in_progress") == [ids[2]]
    assert status("new") == [ids[0], ids[3], ids[5]]
    assert status("done", before_id=ids[4]) == [ids[1]]
    summary = queue_store.summary(db, "lan")
    assert (summary.total, summary.new, summary.in_progress, summary.done) == (6, 3, 1, 2)
    with write_transaction(db):
        article_store.supersede(db, ids[4], ids[5])
    assert queue_store.summary(db, "lan").done == 1 and queue_store.summary(db, "lan").total == 5


def test_go_to_an_article_lands_on_it_or_the_next_one_queued(db):
    ids = [_insert(db, f"g{n}", f"Bài {n}.") for n in range(4)]
    with write_transaction(db):
        reviews.set_review(db, ids[1], "lan", status="done", opened=1)
        article_store.supersede(db, ids[3], ids[2])
    jump = lambda n, **kw: queue_store.jump(db, "lan", n, **kw)  # noqa: E731
    assert jump(ids[1]) == queue_store.QueueJump(ids[1], ids[1], "current")
    assert jump(ids[1], status="new").landed == ids[2]
    assert jump(ids[2], status="done").landed is None
    assert jump(ids[3]) == queue_store.QueueJump(ids[3], None, "superseded")
    assert jump(99).state == "missing" and jump(0).landed == ids[0]


def test_a_label_page_reads_the_label_index_not_every_span(db):
    """A structural check (timings are benchmarks/queue_open.py's): the label walk is a range of spans_label_walk."""
    text = "Lãnh đạo tỉnh Lạng Sơn gặp Bí thư Trần Văn A."
    for n in range(30):
        _insert(db, f"p{n}", text + f" Số {n}.", spans=[Span(*find(text, "Lạng Sơn"), "LOCALITY")])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert len(queue_store.page(db, "lan", label="LOCALITY", limit=5)) == 5
    finally:
        db.conn.set_trace_callback(None)
    walks = [sql for sql in statements if sql.lstrip().startswith("SELECT") and "FROM spans s JOIN" in sql]
    assert len(walks) == 2  # the machine's layer and lan's own
    for sql in walks:
        plan = " | ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "USING INDEX spans_label_walk (annotator=? AND label=?" in plan, plan


def test_the_index_is_sqlite_utils_shaped_and_keeps_prefix_lists(db, news):
    """sqlite-utils finds and searches it like one enable_fts made; prefixes of 1-3 letters have their own lists."""
    articles = db.table("articles")
    assert articles.detect_fts() == "articles_fts"
    assert [row["id"] for row in articles.search('"trung" "khanh"')] == [news["trung"]]
    assert "prefix='1 2 3'" in db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    assert found(db, "quang t") == [news["plain"]] and found(db, "cao b") == [news["plain"]]
    articles.rebuild_fts()
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
