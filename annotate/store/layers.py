"""Span layers: each annotator's own copy of an article's spans.

The machine's suggestions live in the '@machine' layer; a reviewer's layer is
copied from it the first time they open the article, so every reviewer decides
independently and the original predictions stay intact for evaluation.
"""
from __future__ import annotations

import functools
import itertools
import json
from typing import Any, Iterable, Iterator, Sequence

from sqlite_utils import Database

from annotate.models import LayerSpan, Span, SpanRecord, attrs_json, check_confidence, parse_provenance, provenance_json
from annotate.store.database import MACHINE, now
from annotate.store.reviews import review_state, set_review

CHUNK = 500
_layer_span = functools.partial(tuple.__new__, LayerSpan)  # a row straight into a LayerSpan, no Python frame per span


def layer(db: Database, article_id: int, annotator: str, statuses: Sequence[str] | None = None) -> list[SpanRecord]:
    """The spans of one annotator on one article, by position."""
    sql = "SELECT * FROM spans WHERE article_id = ? AND annotator = ?"
    params: list[Any] = [article_id, annotator]
    if statuses:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        params += list(statuses)
    return [SpanRecord.from_row(r) for r in db.query(sql + ' ORDER BY start, "end", id', params)]


def get_span(db: Database, span_id: int) -> SpanRecord:
    rows = list(db.query("SELECT * FROM spans WHERE id = ?", [span_id]))
    if not rows:
        raise KeyError(f"no span {span_id}")
    return SpanRecord.from_row(rows[0])


def insert_spans(db: Database, article_id: int, annotator: str, spans: Iterable[Span], status: str) -> list[int]:
    """Add spans to a layer (call inside a transaction); returns their ids."""
    stamp = now()
    ids = []
    for span in spans:
        cursor = db.execute(
            'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at,'
            " provenance, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article_id, annotator, span.start, span.end, span.label, attrs_json(span.attrs), span.origin, status, stamp, stamp,
             provenance_json(span.provenance), check_confidence(span.confidence)],
        )
        ids.append(cursor.lastrowid)
    return ids


def write_snapshot(db: Database, snapshot: dict[str, Any]) -> None:
    """Put a span back exactly as a snapshot describes it (insert or update).

    Snapshots logged before spans had provenance lack those keys: the stored values then stay.
    """
    stamp = now()
    db.execute(
        'INSERT INTO spans (id, article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at,'
        " provenance, confidence)"
        " VALUES (:id, :article_id, :annotator, :start, :end, :label, :attrs, :origin, :status, :stamp, :stamp,"
        " :provenance, :confidence)"
        ' ON CONFLICT(id) DO UPDATE SET start = excluded.start, "end" = excluded."end", label = excluded.label,'
        " attrs = excluded.attrs, origin = excluded.origin, status = excluded.status, updated_at = excluded.updated_at,"
        " provenance = COALESCE(excluded.provenance, spans.provenance), confidence = COALESCE(excluded.confidence, spans.confidence)"
        " WHERE spans.annotator = excluded.annotator AND spans.article_id = excluded.article_id",
        {
            **snapshot, "attrs": attrs_json(snapshot["attrs"]), "stamp": stamp,
            "provenance": provenance_json(parse_provenance(snapshot.get("provenance"))),
            "confidence": check_confidence(snapshot.get("confidence")),
        },
    )


def delete_span(db: Database, span_id: int) -> None:
    db.execute("DELETE FROM spans WHERE id = ?", [span_id])


def delete_layer(db: Database, article_id: int, annotator: str) -> None:
    db.execute("DELETE FROM spans WHERE article_id = ? AND annotator = ?", [article_id, annotator])


def open_layer(db: Database, article_id: int, annotator: str) -> bool:
    """Copy the machine's suggestions into the annotator's layer once; True if copied now.

    Opening marks nothing: the review status stays as it was ('new' for a first look).
    """
    state = review_state(db, article_id, annotator)
    if state and state.opened:
        return False
    stamp = now()
    db.execute(
        'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at,'
        " provenance, confidence)"
        ' SELECT article_id, ?, start, "end", label, attrs, origin, \'suggested\', ?, ?, provenance, confidence FROM spans'
        " WHERE article_id = ? AND annotator = ? AND status != 'rejected' ORDER BY start",
        [annotator, stamp, stamp, article_id, MACHINE],
    )
    set_review(db, article_id, annotator, opened=1)  # the status moves on with a first decision, not with a look
    return True


def annotators(db: Database, include_reserved: bool = False) -> list[str]:
    """Everyone who has a layer in this database."""
    sql = "SELECT DISTINCT annotator FROM reviews UNION SELECT DISTINCT annotator FROM spans"
    names = sorted({row[0] for row in db.execute(sql).fetchall()})
    return names if include_reserved else [n for n in names if not n.startswith("@")]


def has_spans(db: Database, annotator: str) -> bool:
    """True when this layer holds any span at all (e.g. the machine's predictions)."""
    return bool(db.execute("SELECT EXISTS(SELECT 1 FROM spans WHERE annotator = ?)", [annotator]).fetchone()[0])


def spans_by_article(db: Database, annotator: str, article_ids: set[int], statuses: Sequence[str] | None = None) -> dict[int, list[Span]]:
    """One layer's spans on these articles (optionally only some statuses), by article and position."""
    sql = 'SELECT article_id, start, "end", label, attrs, origin, provenance, confidence FROM spans WHERE annotator = ?'
    params: list[Any] = [annotator]
    if statuses:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        params += list(statuses)
    result: dict[int, list[Span]] = {aid: [] for aid in article_ids}
    for aid, start, end, label, attrs, origin, provenance, confidence in db.execute(
        sql + ' ORDER BY article_id, start, "end", id', params
    ).fetchall():
        if aid in result:
            result[aid].append(Span(start, end, label, json.loads(attrs or "{}"), origin, parse_provenance(provenance), confidence))
    return result


def layer_in_order(db: Database, annotator: str, statuses: Sequence[str] | None = None, article_ids: Sequence[int] | None = None) -> Iterator[LayerSpan]:
    """Every span of one layer (or of these articles), by article then position, streamed: an export reads a layer in one pass."""
    sql = 'SELECT id, article_id, annotator, start, "end", label, attrs, origin, status, provenance, confidence FROM spans WHERE annotator = ?'
    params: list[Any] = [annotator]
    if statuses:
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        params += list(statuses)
    order = ' ORDER BY article_id, start, "end", id'
    if article_ids is None:
        return map(_layer_span, db.conn.execute(sql + order, params))
    wanted = sorted(set(article_ids))
    chunks = (wanted[first : first + CHUNK] for first in range(0, len(wanted), CHUNK))
    queries = (db.conn.execute(sql + f" AND article_id IN ({','.join('?' * len(chunk))})" + order, params + chunk) for chunk in chunks)
    return map(_layer_span, itertools.chain.from_iterable(queries))


def undecided_counts(db: Database, annotator: str) -> dict[int, int]:
    """How many suggestions of a layer nobody decided yet, by article (articles with none left out)."""
    rows = db.execute("SELECT article_id, count(*) FROM spans WHERE annotator = ? AND status = 'suggested' GROUP BY article_id", [annotator]).fetchall()
    return {article_id: count for article_id, count in rows}
