"""Full-text search over articles (title, source, text): accents and case aside, kept in sync by triggers.

The index is the FTS5 table sqlite-utils `enable_fts` makes (external content
= the articles table, the `unicode61 remove_diacritics 2` tokenizer, triggers
articles_ai / articles_ad / articles_au), so `trung khanh` finds Trùng Khánh
and sqlite-utils' detect_fts, search, rebuild_fts and disable_fts work on it,
as do FTS5's own `rebuild` and `integrity-check`. The one letter the tokenizer
does not fold, đ, is matched on the query side (annotate.store.search).

It adds what enable_fts has no parameter for: FTS5 prefix indexes of 1, 2 and
3 letters. The queue searches as the reviewer types, the last word a prefix;
without them `quang t` merges the postings of every word that starts with t
(172 ms on 30,000 generated articles, seconds on a million); with them it
reads one list (0.2 ms). They make the index about 2.8 times as big.

The same migration adds the queue's other index, spans_label_walk: one
annotator's spans of one label in article order. Without it the label
filter's walk went through every span and SQLite built a Bloom filter over
all articles first (44 ms on 30,000 generated articles, growing with them);
with it a page is a range of the index read in order (0.4-1.3 ms).

Its update trigger is narrowed to the indexed columns, so moving an article
boundary or superseding a version does not re-index the whole text. A run
killed half-way leaves nothing recorded; the next open drops what it finds and
builds it again.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations

INDEXED = ("title", "source", "text")
TOKENIZER = "unicode61 remove_diacritics 2"
PREFIXES = "1 2 3"
"""Prefix lengths FTS5 keeps an index for (a longer prefix has few completions and reads fast without one)."""


@migrations()
def m004_article_search(db: Database) -> None:
    """Build the articles_fts index for the articles already stored, its sync triggers, and the label walk's index."""
    db.execute("CREATE INDEX IF NOT EXISTS spans_label_walk ON spans(annotator, label, article_id)")
    if db.table("sqlite_stat1").exists():  # a new index among analysed ones looks cheaper than it is: measure it too
        db.execute("ANALYZE spans_label_walk")
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    columns = ", ".join(f'"{c}"' for c in INDEXED)
    db.execute(
        f'CREATE VIRTUAL TABLE "articles_fts" USING FTS5 ({columns},'
        f" prefix='{PREFIXES}', tokenize='{TOKENIZER}', content=\"articles\")"
    )
    db.table("articles").rebuild_fts()
    old = ", ".join(f"old.{c}" for c in INDEXED)
    new = ", ".join(f"new.{c}" for c in INDEXED)
    plain = ", ".join(INDEXED)
    db.execute(
        f'CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN'
        f' INSERT INTO "articles_fts" (rowid, {plain}) VALUES (new.rowid, {new}); END'
    )
    db.execute(
        f'CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN'
        f""" INSERT INTO "articles_fts" ("articles_fts", rowid, {plain}) VALUES ('delete', old.rowid, {old}); END"""
    )
    db.execute(
        f'CREATE TRIGGER "articles_au" AFTER UPDATE OF {plain} ON "articles" BEGIN'
        f""" INSERT INTO "articles_fts" ("articles_fts", rowid, {plain}) VALUES ('delete', old.rowid, {old});"""
        f""" INSERT INTO "articles_fts" (rowid, {plain}) VALUES (new.rowid, {new});"""
        " END"
    )
