"""The review queue: one annotator's articles with their span counts, a page at a time.

Counts come from the annotator's own layer once they opened the article, from
the machine's suggestions before that; paging is by article id, so it stays
right while reviewing moves articles out of a status filter.

Sorts: "id" (the default) or "confidence": articles by their lowest-confidence
pending suggestion, least sure first, then those with nothing pending, by id.
The lowest confidence is one seek per article in spans_pending_confidence
(article_id, annotator, status, confidence), so a 50,000-article queue sorts
without reading the spans of every layer.
"""
from __future__ import annotations

import heapq
import itertools
from typing import Any

from sqlite_utils import Database

from annotate.models import QueueRow, QueueSummary
from annotate.store.database import MACHINE

SORTS = ("id", "confidence")
LOWEST_PENDING = (
    "(SELECT min(s.confidence) FROM spans s WHERE s.article_id = a.id AND s.status = 'suggested'"
    " AND s.annotator = CASE WHEN COALESCE(r.opened, 0) = 1 THEN :annotator ELSE :machine END)"
)
"""The lowest confidence among the article's pending suggestions, in the layer its counts come from."""
STREAM_CHUNK = 200
STREAM_BUDGET = 4000
"""Pending spans read in confidence order before the sort gives up streaming (very selective filters)
and orders every article in SQL instead."""

def _filter(status: str | None, label: str | None, search: str | None, assigned_only: bool) -> tuple[str, dict[str, Any]]:
    """The WHERE clause for the filters, with named parameters (:annotator and :machine come from the caller)."""
    clauses = ["a.superseded_by IS NULL"]
    params: dict[str, Any] = {}
    if assigned_only:
        clauses.append("r.assigned = 1")
    if status == "new":
        clauses.append("(r.status IS NULL OR r.status = 'new')")
    elif status in ("in_progress", "done"):
        clauses.append("r.status = :status")
        params["status"] = status
    if label:
        clauses.append(
            "EXISTS(SELECT 1 FROM spans s WHERE s.article_id = a.id AND s.label = :label AND s.status != 'rejected'"
            " AND s.annotator = CASE WHEN r.opened = 1 THEN :annotator ELSE :machine END)"
        )
        params["label"] = label
    if search:
        clauses.append("(a.title LIKE :like OR a.source LIKE :like OR instr(a.text, :search) > 0)")
        params.update(like=f"%{search}%", search=search)
    return " AND ".join(clauses), params


def page(
    db: Database,
    annotator: str,
    *,
    status: str | None = None,
    label: str | None = None,
    search: str | None = None,
    assigned_only: bool = False,
    sort: str = "id",
    limit: int = 500,
    offset: int = 0,
    after_id: int | None = None,
) -> list[QueueRow]:
    """One page of the annotator's queue in the chosen sort; counts come from their layer or the machine's.

    after_id pages from the row after that article in the sort (keyset paging), which stays
    right while reviewing moves articles out of a status filter (an offset would skip some).
    """
    if sort not in SORTS:
        raise ValueError(f"unknown queue sort {sort!r} (one of {', '.join(SORTS)})")
    where, named = _filter(status, label, search, assigned_only)
    named.update(annotator=annotator, machine=MACHINE)
    base = f"""
        SELECT a.id, COALESCE(a.title, '') AS title, a.source, COALESCE(r.status, 'new') AS status,
               COALESCE(r.opened, 0) AS opened, length(a.text) AS length, {LOWEST_PENDING} AS low
        FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = :annotator
        WHERE {where}"""
    if sort == "id":
        after = " AND a.id > :after" if after_id is not None else ""
        rows = list(db.query(base + after + " ORDER BY a.id LIMIT :limit OFFSET :offset",
                             {**named, "after": after_id, "limit": limit, "offset": offset}))
    else:
        rows = _by_confidence(db, base, named, _after_key(db, named, after_id), offset + limit)[offset:]
    return [_row(db, annotator, row) for row in rows]


def _after_key(db: Database, named: dict[str, Any], after_id: int | None) -> tuple[float | None, int] | None:
    """Where after_id stands in the confidence sort now: (its lowest pending confidence or None, its id)."""
    if after_id is None:
        return None
    row = db.execute(
        f"SELECT {LOWEST_PENDING} FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = :annotator"
        " WHERE a.id = :after",
        {"annotator": named["annotator"], "machine": MACHINE, "after": after_id},
    ).fetchone()
    return (row[0] if row else None), after_id


def _by_confidence(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict]:
    """The first `wanted` rows after `after`: articles with pending suggestions by (lowest, id), then the rest by id."""
    rows: list[dict] = []
    if after is None or after[0] is not None:
        streamed = _stream_pending(db, base, named, after, wanted)
        if streamed is None:
            return _sorted_in_sql(db, base, named, after, wanted)
        rows = streamed
    if len(rows) < wanted:
        tail_after = after[1] if after is not None and after[0] is None else 0
        rows += db.query(f"SELECT * FROM ({base}) WHERE low IS NULL AND id > :tail ORDER BY id LIMIT :n",
                         {**named, "tail": tail_after, "n": wanted - len(rows)})
    return rows


def _stream_pending(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict] | None:
    """Articles by their lowest pending confidence, read from both layers' pending spans in confidence order
    (spans_layer_confidence) and merged; an article counts where a span of the layer it is reviewed in
    carries its lowest. None when the filters reject too much of the stream (the caller sorts in SQL)."""
    key = " AND (confidence > :low OR (confidence = :low AND article_id > :id))" if after else ""
    streams = [
        db.execute(
            "SELECT confidence, article_id FROM spans WHERE annotator = :layer AND status = 'suggested'"
            f" AND confidence IS NOT NULL{key} ORDER BY confidence, article_id",
            {"layer": layer, "low": after[0] if after else None, "id": after[1] if after else None},
        )
        for layer in dict.fromkeys((named["annotator"], MACHINE))
    ]
    merged = heapq.merge(*streams)
    seen: set[int] = set()
    out: list[dict] = []
    scanned = 0
    while len(out) < wanted:
        chunk = list(itertools.islice(merged, STREAM_CHUNK))
        if not chunk:
            return out
        scanned += len(chunk)
        fresh = sorted({aid for _, aid in chunk} - seen)
        marks = ", ".join(f":i{k}" for k in range(len(fresh)))
        found = {row["id"]: row for row in db.query(
            f"SELECT * FROM ({base}) WHERE id IN ({marks})", {**named, **{f"i{k}": v for k, v in enumerate(fresh)}},
        )}
        for confidence, aid in chunk:
            row = found.get(aid)
            if aid in seen or (row is not None and row["low"] is not None and row["low"] > confidence):
                continue  # a span of the layer this reviewer does not see; the article's own turn comes later
            seen.add(aid)
            if row is not None and row["low"] == confidence:
                out.append(row)
                if len(out) == wanted:
                    break
        if scanned >= STREAM_BUDGET and len(out) < wanted:
            return None
    return out


def _sorted_in_sql(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict]:
    """Every filtered article ordered by (lowest pending confidence, id) in one query: slower, always right."""
    if after is None:
        condition = "1"
    elif after[0] is None:
        condition = "low IS NULL AND id > :id"
    else:
        condition = "(low IS NULL OR low > :low OR (low = :low AND id > :id))"
    params = {**named, "low": after[0] if after else None, "id": after[1] if after else None, "n": wanted}
    return list(db.query(f"SELECT * FROM ({base}) WHERE {condition} ORDER BY low IS NULL, low, id LIMIT :n", params))


def _row(db: Database, annotator: str, row: dict[str, Any]) -> QueueRow:
    """One queue line with its span counts from the layer the reviewer sees."""
    layer = annotator if row["opened"] else MACHINE
    counts = dict(
        db.execute(
            "SELECT status, count(*) FROM spans WHERE article_id = ? AND annotator = ? GROUP BY status",
            [row["id"], layer],
        ).fetchall()
    )
    return QueueRow(
        row["id"], row["title"], row["source"], row["status"],
        counts.get("suggested", 0), counts.get("accepted", 0) + counts.get("edited", 0),
        counts.get("rejected", 0), row["length"], row["low"],
    )


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
