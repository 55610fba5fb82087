"""Full-text search over articles (title, source, text): accents and case aside, kept in sync by triggers.

An FTS5 index made by sqlite-utils `enable_fts` with the `unicode61
remove_diacritics 2` tokenizer, so `trung khanh` finds Trùng Khánh. The index
holds exactly the stored columns (external content = the articles table), so
FTS5's own `rebuild` and `integrity-check` stay valid; the one letter the
tokenizer does not fold, đ, is matched on the query side (annotate.store.search).

`enable_fts` commits as it goes (executescript), so an interrupted run can leave
a half-built index behind: it is dropped and built again. Its update trigger
is narrowed to the indexed columns, so moving an article boundary or
superseding a version does not re-index the whole text.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations

INDEXED = ("title", "source", "text")
TOKENIZER = "unicode61 remove_diacritics 2"


@migrations()
def m004_article_search(db: Database) -> None:
    """Build the articles_fts index for the articles already stored, and its sync triggers."""
    articles = db.table("articles")
    for trigger in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    articles.enable_fts(list(INDEXED), fts_version="FTS5", create_triggers=True, tokenize=TOKENIZER)
    old = ", ".join(f"old.{c}" for c in INDEXED)
    new = ", ".join(f"new.{c}" for c in INDEXED)
    columns = ", ".join(INDEXED)
    db.execute("DROP TRIGGER IF EXISTS articles_au")  # quoted as sqlite-utils does, so disable_fts finds ours too
    db.execute(
        f"CREATE TRIGGER articles_au AFTER UPDATE OF {columns} ON articles BEGIN"
        f""" INSERT INTO "articles_fts" ("articles_fts", rowid, {columns}) VALUES ('delete', old.rowid, {old});"""
        f""" INSERT INTO "articles_fts" (rowid, {columns}) VALUES (new.rowid, {new});"""
        " END"
    )
