"""Article rows: insert, look up by content or origin, and the review queue."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from sqlite_utils import Database

from annotate.store.database import MACHINE, now
from annotate.models import ArticleRecord, QueueRow, QueueSummary


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


def _queue_filter(annotator: str, status: str | None, label: str | None, search: str | None, assigned_only: bool) -> tuple[str, list[Any]]:
    clauses = ["a.superseded_by IS NULL"]
    params: list[Any] = []
    if assigned_only:
        clauses.append("r.assigned = 1")
    if status == "new":
        clauses.append("(r.status IS NULL OR r.status = 'new')")
    elif status in ("in_progress", "done"):
        clauses.append("r.status = ?")
        params.append(status)
    if label:
        clauses.append(
            "EXISTS(SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.label = ? AND s.status != 'rejected'"
            " AND s.annotator = CASE WHEN r.opened = 1 THEN ? ELSE ? END)"
        )
        params += [label, annotator, MACHINE]
    if search:
        clauses.append("(a.title LIKE ? OR a.source LIKE ? OR instr(a.text, ?) > 0)")
        params += [f"%{search}%", f"%{search}%", search]
    return " AND ".join(clauses), params


def has_assignments(db: Database, annotator: str) -> bool:
    row = db.execute("SELECT EXISTS(SELECT 1 FROM reviews WHERE annotator = ? AND assigned = 1)", [annotator]).fetchone()
    return bool(row[0])


def queue(
    db: Database,
    annotator: str,
    *,
    status: str | None = None,
    label: str | None = None,
    search: str | None = None,
    assigned_only: bool = False,
    limit: int = 500,
    offset: int = 0,
    after_id: int | None = None,
) -> list[QueueRow]:
    """One page of the annotator's queue; counts come from their layer or the machine's.

    after_id pages by article id, which stays right while reviewing moves
    articles out of a status filter (an offset would skip some).
    """
    where, params = _queue_filter(annotator, status, label, search, assigned_only)
    if after_id is not None:
        where += " AND a.id > ?"
        params.append(after_id)
    sql = f"""
        SELECT a.id, COALESCE(a.title, '') AS title, a.source, COALESCE(r.status, 'new') AS status,
               COALESCE(r.opened, 0) AS opened, length(a.text) AS length
        FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?
        WHERE {where} ORDER BY a.id LIMIT ? OFFSET ?"""
    rows = list(db.query(sql, [annotator, *params, limit, offset]))
    result = []
    for row in rows:
        layer = annotator if row["opened"] else MACHINE
        counts = dict(
            db.execute(
                "SELECT status, count(*) FROM spans WHERE article_id = ? AND annotator = ? GROUP BY status",
                [row["id"], layer],
            ).fetchall()
        )
        result.append(
            QueueRow(
                row["id"], row["title"], row["source"], row["status"],
                counts.get("suggested", 0), counts.get("accepted", 0) + counts.get("edited", 0),
                counts.get("rejected", 0), row["length"],
            )
        )
    return result


def queue_summary(db: Database, annotator: str, assigned_only: bool = False) -> QueueSummary:
    """Overall progress of one annotator, cheap enough for a status bar."""
    join = "JOIN" if assigned_only else "LEFT JOIN"
    extra = "AND r.assigned = 1" if assigned_only else ""
    row = db.execute(
        f"""SELECT count(*),
                   sum(CASE WHEN r.status IS NULL OR r.status = 'new' THEN 1 ELSE 0 END),
                   sum(CASE WHEN r.status = 'in_progress' THEN 1 ELSE 0 END),
                   sum(CASE WHEN r.status = 'done' THEN 1 ELSE 0 END)
            FROM articles a {join} reviews r ON r.article_id = a.id AND r.annotator = ? {extra}
            WHERE a.superseded_by IS NULL""",
        [annotator],
    ).fetchone()
    return QueueSummary(row[0] or 0, row[1] or 0, row[2] or 0, row[3] or 0)


def next_in_queue(db: Database, annotator: str, after: int, assigned_only: bool = False) -> int | None:
    """The first article after this one that the annotator has not marked done."""
    extra = "AND r.assigned = 1" if assigned_only else ""
    row = db.execute(
        f"""SELECT a.id FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?
            WHERE a.superseded_by IS NULL AND a.id > ? AND COALESCE(r.status, 'new') != 'done' {extra}
            ORDER BY a.id LIMIT 1""",
        [annotator, after],
    ).fetchone()
    return row[0] if row else None
