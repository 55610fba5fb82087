"""The review queue: one annotator's articles with their span counts, a page at a time.

Counts come from the annotator's own layer once they opened the article, from
the machine's suggestions before that; paging is by article id, so it stays
right while reviewing moves articles out of a status filter.
"""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from annotate.models import QueueRow, QueueSummary
from annotate.store.database import MACHINE


def _filter(annotator: str, status: str | None, label: str | None, search: str | None, assigned_only: bool) -> tuple[str, list[Any]]:
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


def page(
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
    where, params = _filter(annotator, status, label, search, assigned_only)
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


def summary(db: Database, annotator: str, assigned_only: bool = False) -> QueueSummary:
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


def next_open(db: Database, annotator: str, after: int, assigned_only: bool = False) -> int | None:
    """The first article after this one that the annotator has not marked done."""
    extra = "AND r.assigned = 1" if assigned_only else ""
    row = db.execute(
        f"""SELECT a.id FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?
            WHERE a.superseded_by IS NULL AND a.id > ? AND COALESCE(r.status, 'new') != 'done' {extra}
            ORDER BY a.id LIMIT 1""",
        [annotator, after],
    ).fetchone()
    return row[0] if row else None
