"""Copying work between database files, for `annotate merge`: rows as they were stored.

Unlike the rest of store/, these functions keep the source's timestamps and
ids where they can, because a merged team database must say when each piece
of work was really done (the later of two versions wins a conflict).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotate.models import ArticleRecord, DecisionRecord, ReviewState, SpanRecord, attrs_json, provenance_json
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.history import history

ARTICLE_COLUMNS = (
    "source_key", "source", "path", "content_hash", "text", "title", "url", "ext_id", "encoding",
    "region_start", "region_end", "created_at", "updated_at",
)


@dataclass(frozen=True)
class StoredLayer:
    """Everything one annotator has on one article: spans, progress row and decision log."""

    spans: list[SpanRecord]
    review: ReviewState | None
    decisions: list[DecisionRecord]

    @property
    def untouched(self) -> bool:
        """No work at all: no spans, no decisions, at most an assignment that was never opened."""
        review = self.review
        return not self.spans and not self.decisions and (review is None or (review.status == "new" and not review.opened))

    @property
    def changed_at(self) -> str:
        """When the layer last changed: its latest span, review or decision time."""
        times = [s.updated_at for s in self.spans] + [d.at for d in self.decisions]
        if self.review:
            times.append(self.review.updated_at)
        return max(times, default="")


def check_readable(db: Database) -> None:
    """Raise when the file cannot be read as one of our databases (WAL files missing, old schema)."""
    db.execute("SELECT count(*) FROM articles").fetchone()


def all_articles(db: Database) -> list[ArticleRecord]:
    """Every article, superseded versions included, in id order."""
    return list(article_store.iter_articles(db, include_superseded=True))


def copy_article(db: Database, article: ArticleRecord, keep_id: bool) -> int:
    """Insert an article from another file with its own timestamps; returns its id here."""
    fields: dict[str, Any] = {name: getattr(article, name) for name in ARTICLE_COLUMNS}
    fields["furniture"] = json.dumps([list(r) for r in article.furniture])
    if keep_id:
        fields["id"] = article.id
    return db.table("articles").insert(fields).last_pk


def link_versions(db: Database, old_id: int, new_id: int) -> None:
    """Record that new_id replaced old_id, unless old_id already points at a newer version."""
    db.execute("UPDATE articles SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL", [new_id, old_id])


def layer_keys(db: Database) -> list[tuple[int, str]]:
    """Every (article, annotator) with spans, a progress row or decisions, in order."""
    rows = db.execute(
        "SELECT article_id, annotator FROM spans UNION SELECT article_id, annotator FROM reviews"
        " UNION SELECT article_id, annotator FROM decisions ORDER BY 1, 2"
    ).fetchall()
    return [(article_id, annotator) for article_id, annotator in rows]


def stored_layer(db: Database, article_id: int, annotator: str) -> StoredLayer:
    return StoredLayer(layers.layer(db, article_id, annotator), reviews.review_state(db, article_id, annotator), history(db, article_id, annotator))


def copy_spans(db: Database, spans: list[SpanRecord], article_id: int, annotator: str) -> dict[int, int]:
    """Insert spans from another file with their timestamps; returns source id -> new id."""
    mapping = {}
    for span in spans:
        cursor = db.execute(
            'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at,'
            " provenance, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article_id, annotator, span.start, span.end, span.label, attrs_json(span.attrs),
             span.origin, span.status, span.created_at, span.updated_at, provenance_json(span.provenance), span.confidence],
        )
        mapping[span.id] = cursor.lastrowid
    return mapping


def put_review(db: Database, review: ReviewState | None, article_id: int, annotator: str) -> None:
    """Make the progress row exactly the source's (none when the source has none)."""
    if review is None:
        db.execute("DELETE FROM reviews WHERE article_id = ? AND annotator = ?", [article_id, annotator])
        return
    db.execute(
        "INSERT OR REPLACE INTO reviews (article_id, annotator, status, assigned, opened, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [article_id, annotator, review.status, int(review.assigned), int(review.opened), review.updated_at],
    )


def add_assignment(db: Database, article_id: int, annotator: str, updated_at: str) -> None:
    """Mark the article assigned to the annotator, creating the row with the source's time if needed."""
    db.execute(
        "INSERT INTO reviews (article_id, annotator, assigned, updated_at) VALUES (?, ?, 1, ?)"
        " ON CONFLICT(article_id, annotator) DO UPDATE SET assigned = 1",
        [article_id, annotator, updated_at],
    )


def retire_decisions(db: Database, article_id: int, annotator: str) -> None:
    """Flag every decision of a layer undone (the layer was replaced by another file's version)."""
    db.execute("UPDATE decisions SET undone = 1 WHERE article_id = ? AND annotator = ?", [article_id, annotator])


def has_decision(db: Database, article_id: int, annotator: str, action: str, at: str) -> bool:
    """True when this very decision (same layer, action and time) is already in the log."""
    row = db.execute(
        "SELECT 1 FROM decisions WHERE article_id = ? AND annotator = ? AND action = ? AND at = ?",
        [article_id, annotator, action, at],
    ).fetchone()
    return row is not None


def copy_decision(db: Database, article_id: int, decision: DecisionRecord, payload: dict[str, Any], undone: bool) -> None:
    """Append a decision from another file with its own time (payload already points at ids here)."""
    db.execute(
        "INSERT INTO decisions (article_id, annotator, action, payload, undone, at) VALUES (?, ?, ?, ?, ?, ?)",
        [article_id, decision.annotator, decision.action, json.dumps(payload, ensure_ascii=False), int(undone), decision.at],
    )


def copy_gazetteer(src: Database, db: Database) -> int:
    """Add the source's reviewer-confirmed gazetteer entries that are new here; returns how many."""
    added = 0
    for row in src.query("SELECT kind, name, canonical, country, level, parent, added_by, added_at FROM gazetteer_entries"):
        cursor = db.execute(
            "INSERT OR IGNORE INTO gazetteer_entries (kind, name, canonical, country, level, parent, added_by, added_at)"
            " VALUES (:kind, :name, :canonical, :country, :level, :parent, :added_by, :added_at)",
            row,
        )
        added += cursor.rowcount
    return added
