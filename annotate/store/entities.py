"""Entities over the corpus: one annotator's mentions grouped by (surface form, label, canonical).

What an annotator sees of an article is their own layer once they opened it and
the machine's suggestions (pending for them) before that, exactly as the queue
counts; only current versions of articles count, and only the assigned ones
when the annotator has assignments. The surface form is the stored text under
the span (code points into the NFC text), the canonical the span's
`canonical` attribute ('' when it has none).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from sqlite_utils import Database

from annotate.models import SpanRecord
from annotate.store.database import MACHINE

CONTEXT_CHARS = 60
"""Code points of text on each side of a mention in a concordance line."""


@dataclass(frozen=True, slots=True)
class EntityCounts:
    """One distinct (form, label, canonical) with its mentions' statuses and evidence."""

    form: str
    label: str
    canonical: str
    pending: int
    accepted: int
    rejected: int
    edited: int
    articles: int
    mean_confidence: float | None
    attributes: dict[str, tuple[Any, int]]
    """Attribute name -> (its most frequent value, how many mentions have it); canonical left out."""
    disputed: int = 0
    """Mentions that human annotators decided differently (rejected vs kept, or another label or canonical)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity as the annotator sees it, with its text around it."""

    article_id: int
    span_id: int
    in_machine_layer: bool
    """True while the annotator has not opened the article (the span is the machine's)."""
    start: int
    end: int
    status: str
    title: str
    left: str
    form: str
    right: str
    confidence: float | None


def has_confidence(db: Database) -> bool:
    """True when spans carry the pre-annotator's confidence (a later schema adds the column)."""
    return any(row[1] == "confidence" for row in db.execute("PRAGMA table_info(spans)").fetchall())


def _visible(db: Database, annotator: str, assigned_only: bool) -> tuple[str, list[Any]]:
    """A WITH clause naming `visible`: every mention this annotator sees, with its form and canonical."""
    confidence = "s.confidence" if has_confidence(db) else "NULL"
    assigned = "AND r.assigned = 1" if assigned_only else ""
    columns = (
        f"s.id AS span_id, s.article_id, s.start, s.\"end\", s.label, s.attrs, s.status, {confidence} AS confidence,"
        " substr(a.text, s.start + 1, s.\"end\" - s.start) AS form,"
        " CAST(COALESCE(json_extract(s.attrs, '$.canonical'), '') AS TEXT) AS canonical"
    )
    sql = f"""WITH visible AS (
        SELECT {columns}, 0 AS machine FROM spans s
        JOIN reviews r ON r.article_id = s.article_id AND r.annotator = s.annotator AND r.opened = 1 {assigned}
        JOIN articles a ON a.id = s.article_id AND a.superseded_by IS NULL
        WHERE s.annotator = ?
        UNION ALL
        SELECT {columns.replace('s.status', "'suggested'", 1)}, 1 AS machine FROM spans s
        JOIN articles a ON a.id = s.article_id AND a.superseded_by IS NULL
        {"JOIN" if assigned_only else "LEFT JOIN"} reviews r ON r.article_id = s.article_id AND r.annotator = ? {assigned}
        WHERE s.annotator = ? AND s.status != 'rejected' AND COALESCE(r.opened, 0) = 0
    )"""
    return sql, [annotator, annotator, MACHINE]


def entity_counts(db: Database, annotator: str, *, assigned_only: bool = False, label: str | None = None) -> list[EntityCounts]:
    """Every distinct (form, label, canonical) the annotator sees, with counts, attributes and disputes."""
    with_sql, params = _visible(db, annotator, assigned_only)
    where, extra = ("WHERE label = ?", [label]) if label else ("", [])
    key = "form, label, canonical"
    rows = db.execute(
        f"""{with_sql} SELECT {key}, sum(status = 'suggested'), sum(status = 'accepted'), sum(status = 'rejected'),
            sum(status = 'edited'), count(DISTINCT article_id), avg(confidence)
            FROM visible {where} GROUP BY {key} ORDER BY {key}""",
        params + extra,
    ).fetchall()
    attributes = _top_attributes(db, with_sql, params, where, extra)
    disputed = _disputed(db, with_sql, params, where, extra)
    return [
        EntityCounts(form, lab, canon, pending, acc, rej, edi, arts, conf, attributes.get((form, lab, canon), {}), disputed.get((form, lab, canon), 0))
        for form, lab, canon, pending, acc, rej, edi, arts, conf in rows
    ]


def _top_attributes(db: Database, with_sql: str, params: list[Any], where: str, extra: list[Any]) -> dict[tuple, dict[str, tuple[Any, int]]]:
    """For each entity, every attribute's most frequent value over its mentions not rejected."""
    clause = (where + " AND" if where else "WHERE") + " v.status != 'rejected' AND j.key != 'canonical' AND j.type NOT IN ('object', 'array')"
    rows = db.execute(
        f"""{with_sql} SELECT v.form, v.label, v.canonical, j.key, j.value, count(*) AS n
            FROM visible v, json_each(v.attrs) j {clause.replace('label = ?', 'v.label = ?')}
            GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC, 5""",
        params + extra,
    ).fetchall()
    result: dict[tuple, dict[str, tuple[Any, int]]] = {}
    for form, label, canonical, name, value, count in rows:
        result.setdefault((form, label, canonical), {}).setdefault(name, (value, count))
    return result


def _disputed(db: Database, with_sql: str, params: list[Any], where: str, extra: list[Any]) -> dict[tuple, int]:
    """Mentions whose human annotators' decisions differ: rejected vs kept, or kept with another label or canonical."""
    verdicts = (
        "SELECT count(DISTINCT CASE WHEN o.status = 'rejected' THEN '-' ELSE o.label || char(31) ||"
        " CAST(COALESCE(json_extract(o.attrs, '$.canonical'), '') AS TEXT) END) FROM spans o"
        " WHERE o.article_id = v.article_id AND o.start = v.start AND o.\"end\" = v.\"end\""
        " AND o.annotator NOT LIKE '@%' AND o.status != 'suggested'"
    )
    clause = (where.replace("label = ?", "v.label = ?") + " AND" if where else "WHERE") + f" ({verdicts}) > 1"
    rows = db.execute(f"{with_sql} SELECT v.form, v.label, v.canonical, count(*) FROM visible v {clause} GROUP BY 1, 2, 3", params + extra).fetchall()
    return {(form, label, canonical): count for form, label, canonical, count in rows}


def mentions(db: Database, annotator: str, form: str, label: str, canonical: str, *, assigned_only: bool = False) -> Iterator[Mention]:
    """Every mention of one entity, by article and position, with its context."""
    with_sql, params = _visible(db, annotator, assigned_only)
    rows = db.execute(
        f"""{with_sql} SELECT v.article_id, v.span_id, v.machine, v.start, v."end", v.status, COALESCE(a.title, ''),
            substr(a.text, max(1, v.start + 1 - {CONTEXT_CHARS}), v.start - max(0, v.start - {CONTEXT_CHARS})),
            v.form, substr(a.text, v."end" + 1, {CONTEXT_CHARS}), v.confidence
            FROM visible v JOIN articles a ON a.id = v.article_id
            WHERE v.label = ? AND v.canonical = ? AND v.form = ? ORDER BY v.article_id, v.start, v.span_id""",
        params + [label, canonical, form],
    )
    for row in rows:
        yield Mention(row[0], row[1], bool(row[2]), row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10])


_MATCH = (
    "s.label = ? AND CAST(COALESCE(json_extract(s.attrs, '$.canonical'), '') AS TEXT) = ?"
    " AND s.\"end\" - s.start = length(?) AND substr(a.text, s.start + 1, s.\"end\" - s.start) = ?"
)


def unopened_articles(db: Database, annotator: str, form: str, label: str, canonical: str, *, assigned_only: bool = False) -> list[int]:
    """Articles the annotator has not opened whose machine layer suggests this entity (they open before a bulk decision)."""
    join = "JOIN" if assigned_only else "LEFT JOIN"
    assigned = "AND r.assigned = 1" if assigned_only else ""
    rows = db.execute(
        f"""SELECT DISTINCT s.article_id FROM spans s JOIN articles a ON a.id = s.article_id AND a.superseded_by IS NULL
            {join} reviews r ON r.article_id = s.article_id AND r.annotator = ? {assigned}
            WHERE s.annotator = ? AND s.status != 'rejected' AND COALESCE(r.opened, 0) = 0 AND {_MATCH}
            ORDER BY s.article_id""",
        [annotator, MACHINE, label, canonical, form, form],
    ).fetchall()
    return [row[0] for row in rows]


def layer_mentions(db: Database, annotator: str, form: str, label: str, canonical: str, *, assigned_only: bool = False) -> list[SpanRecord]:
    """This entity's spans in the annotator's own layer (every status), by article and position."""
    assigned = "AND r.assigned = 1" if assigned_only else ""
    rows = db.query(
        f"""SELECT s.* FROM spans s JOIN articles a ON a.id = s.article_id AND a.superseded_by IS NULL
            JOIN reviews r ON r.article_id = s.article_id AND r.annotator = s.annotator AND r.opened = 1 {assigned}
            WHERE s.annotator = ? AND {_MATCH} ORDER BY s.article_id, s.start, s.id""",
        [annotator, label, canonical, form, form],
    )
    return [SpanRecord.from_row(row) for row in rows]


def overlapping(db: Database, annotator: str, span_ids: list[int]) -> dict[int, list[SpanRecord]]:
    """For each of these spans, the other spans of the layer not rejected that overlap it (what a decision may displace)."""
    result: dict[int, list[SpanRecord]] = {span_id: [] for span_id in span_ids}
    for chunk in range(0, len(span_ids), 500):
        ids = span_ids[chunk:chunk + 500]
        rows = db.execute(
            f"""SELECT s.id, o.* FROM spans s JOIN spans o ON o.article_id = s.article_id AND o.annotator = s.annotator
                AND o.id != s.id AND o.status != 'rejected' AND o.start < s."end" AND s.start < o."end"
                WHERE s.annotator = ? AND s.id IN ({','.join('?' * len(ids))}) ORDER BY s.id, o.start, o.id""",
            [annotator, *ids],
        )
        names = [column[0] for column in rows.description][1:]
        for row in rows.fetchall():
            result[row[0]].append(SpanRecord.from_row(dict(zip(names, row[1:]))))
    return result


def update_spans(db: Database, annotator: str, changes: list[tuple[str, str, str, str, int]]) -> None:
    """Write many decisions' (label, attrs JSON, status, stamp, span id) on the annotator's layer at once (inside a transaction)."""
    db.conn.executemany(
        "UPDATE spans SET label = ?, attrs = ?, status = ?, updated_at = ? WHERE id = ? AND annotator = ?",
        [(*change, annotator) for change in changes],
    )
