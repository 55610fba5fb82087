"""Article rows: insert, look up by content or origin, replace, supersede, list."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from sqlite_utils import Database

from annotate.models import ArticleRecord
from annotate.store.database import now


def content_hash(text: str) -> str:
    """Identity of an article's text: the same text is the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def get_article(db: Database, article_id: int) -> ArticleRecord:
    """The article with this id; KeyError when there is none."""
    rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise KeyError(f"no article {article_id}")
    return ArticleRecord.from_row(rows[0])


def find_by_hash(db: Database, digest: str) -> ArticleRecord | None:
    rows = list(db.query("SELECT * FROM articles WHERE content_hash = ?", [digest]))
    return ArticleRecord.from_row(rows[0]) if rows else None


def current_by_source_key(db: Database, source_key: str) -> ArticleRecord | None:
    """The latest version of the article that came from this file (or JSONL line)."""
    rows = list(
        db.query(
            "SELECT * FROM articles WHERE source_key = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1",
            [source_key],
        )
    )
    return ArticleRecord.from_row(rows[0]) if rows else None


def has_human_work(db: Database, article_id: int) -> bool:
    """True once any reviewer has opened the article or stored a span on it."""
    row = db.execute(
        "SELECT EXISTS(SELECT 1 FROM reviews WHERE article_id = ? AND opened = 1)"
        " OR EXISTS(SELECT 1 FROM spans WHERE article_id = ? AND annotator NOT LIKE '@%')",
        [article_id, article_id],
    ).fetchone()
    return bool(row[0])


def insert_article(db: Database, fields: dict[str, Any]) -> int:
    """Insert a new article row and return its id (call inside a transaction)."""
    stamp = now()
    row = dict(fields)
    row["furniture"] = json.dumps([list(r) for r in row.get("furniture", [])])
    row.setdefault("created_at", stamp)
    row["updated_at"] = stamp
    return db.table("articles").insert(row).last_pk


def replace_article(db: Database, article_id: int, fields: dict[str, Any]) -> None:
    """Overwrite an untouched article's text and layout (its suggestions are redone too)."""
    row = dict(fields)
    row["furniture"] = json.dumps([list(r) for r in row.get("furniture", [])])
    row["updated_at"] = now()
    db.table("articles").update(article_id, row)


def supersede(db: Database, old_id: int, new_id: int) -> None:
    db.execute("UPDATE articles SET superseded_by = ?, updated_at = ? WHERE id = ?", [new_id, now(), old_id])


def reinstate(db: Database, article: ArticleRecord) -> None:
    """Make an earlier version current again; the version it replaces keeps its layers."""
    current = current_by_source_key(db, article.source_key)
    if current is not None and current.id != article.id:
        supersede(db, current.id, article.id)
    db.execute("UPDATE articles SET superseded_by = NULL, updated_at = ? WHERE id = ?", [now(), article.id])


def set_region(db: Database, article_id: int, start: int, end: int) -> None:
    db.execute(
        "UPDATE articles SET region_start = ?, region_end = ?, updated_at = ? WHERE id = ?",
        [start, end, now(), article_id],
    )


def iter_articles(db: Database, ids: Iterable[int] | None = None, include_superseded: bool = False) -> Iterable[ArticleRecord]:
    """Articles in id order (optionally only some), for exports and metrics."""
    where = "" if include_superseded else "WHERE superseded_by IS NULL"
    if ids is not None:
        wanted = sorted(set(ids))
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.query(f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY id", chunk):
                yield ArticleRecord.from_row(row)
        return
    for row in db.query(f"SELECT * FROM articles {where} ORDER BY id"):
        yield ArticleRecord.from_row(row)


def id_is_free(db: Database, article_id: int) -> bool:
    """True when no article has this id (imports and merges keep ids where they can)."""
    return not db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()


def current_ids(db: Database) -> list[int]:
    """Ids of the current articles (superseded versions left out), in order."""
    return [r[0] for r in db.execute("SELECT id FROM articles WHERE superseded_by IS NULL ORDER BY id").fetchall()]


def lineage(db: Database) -> list[tuple[int, str, int | None, str, str]]:
    """(id, source_key, superseded_by, content_hash, created_at) of every article, without its text: which versions belong together."""
    rows = db.execute("SELECT id, source_key, superseded_by, content_hash, created_at FROM articles ORDER BY id").fetchall()
    return [tuple(row) for row in rows]
