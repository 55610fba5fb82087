"""Ingest's writes: rows prepared outside the lock, then stored in short transactions.

A reviewer's decision waits for whatever transaction holds the write lock,
so ingest does everything it can before taking it (JSON, timestamps, the
row tuples) and commits small batches: inside, each article costs a few
index lookups and two multi-row inserts. What an article's arrival means
(new, a refresh of an untouched article, a new version beside reviewed
work, already there) is decided inside the transaction, where it is true.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

from sqlite_utils import Database

from annotate.models import Span, attrs_json, check_confidence, provenance_json
from annotate.store import articles as article_store
from annotate.store.database import MACHINE, now, write_transaction

_ARTICLE_COLUMNS = (
    "source_key", "source", "path", "content_hash", "text", "title", "url", "ext_id", "encoding",
    "region_start", "region_end", "furniture", "created_at", "updated_at",
)
_INSERT_ARTICLE = f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))})"
_UPDATE_ARTICLE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _ARTICLE_COLUMNS if c != 'created_at')} WHERE id = ?"
_INSERT_SPAN = (
    'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at, provenance, confidence)'
    " VALUES (?, ?, ?, ?, ?, ?, ?, 'suggested', ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """One article's rows, ready to insert: no JSON or clock work left for inside the lock."""

    source_key: str
    content_hash: str
    row: tuple[Any, ...]
    spans: tuple[tuple[Any, ...], ...]

    @property
    def span_count(self) -> int:
        return len(self.spans)


@dataclass(frozen=True, slots=True)
class HashState:
    """What the database holds for a text: the article id and whether a newer version replaced it."""

    article_id: int
    current: bool


def hash_state(db: Database, digest: str) -> HashState | None:
    """The stored article with this content hash, without reading its text."""
    row = db.execute("SELECT id, superseded_by FROM articles WHERE content_hash = ?", [digest]).fetchone()
    return HashState(row[0], row[1] is None) if row else None


def prepare(fields: dict[str, Any], spans: Sequence[Span]) -> PreparedArticle:
    """Rows for an article (the ingest's fields) and its machine suggestions."""
    stamp = now()
    values = dict(fields, furniture=json.dumps([list(r) for r in fields.get("furniture", ())]), created_at=stamp, updated_at=stamp)
    span_rows = tuple(
        (MACHINE, s.start, s.end, s.label, attrs_json(s.attrs), s.origin, stamp, stamp, provenance_json(s.provenance), check_confidence(s.confidence))
        for s in spans
    )
    return PreparedArticle(fields["source_key"], fields["content_hash"], tuple(values.get(c) for c in _ARTICLE_COLUMNS), span_rows)


def store_batch(db: Database, batch: Sequence[PreparedArticle]) -> list[str]:
    """Store prepared articles in one transaction; per article 'added', 'updated' or 'unchanged'."""
    outcomes = []
    with write_transaction(db):
        for item in batch:
            outcomes.append(_store_one(db, item))
    return outcomes


def _store_one(db: Database, item: PreparedArticle) -> str:
    if hash_state(db, item.content_hash) is not None:
        return "unchanged"  # another run stored the same text meanwhile
    previous = db.execute(
        "SELECT id FROM articles WHERE source_key = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1", [item.source_key]
    ).fetchone()
    if previous is not None and not article_store.has_human_work(db, previous[0]):
        db.execute(_UPDATE_ARTICLE, [v for c, v in zip(_ARTICLE_COLUMNS, item.row) if c != "created_at"] + [previous[0]])
        db.execute("DELETE FROM spans WHERE article_id = ? AND annotator = ?", [previous[0], MACHINE])
        _insert_spans(db, previous[0], item)
        return "updated"
    new_id = db.execute(_INSERT_ARTICLE, item.row).lastrowid
    _insert_spans(db, new_id, item)
    if previous is not None:
        article_store.supersede(db, previous[0], new_id)
        return "updated"
    return "added"


def _insert_spans(db: Database, article_id: int, item: PreparedArticle) -> None:
    db.conn.executemany(_INSERT_SPAN, [(article_id, *row) for row in item.spans])


def reinstate(db: Database, article_id: int) -> None:
    """Make an earlier version current again (the file went back to it)."""
    with write_transaction(db):
        article_store.reinstate(db, article_store.get_article(db, article_id))
