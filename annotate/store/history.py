"""The decision log: every reviewer action, appended, with what it changed.

Undo replays the log backwards (it survives restarts because it lives in the
database); nothing is deleted from the log, undone entries are only flagged.
"""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from annotate.errors import SpanError
from annotate.models import DecisionRecord
from annotate.store import articles, layers, reviews
from annotate.store.database import now


def record(db: Database, article_id: int, annotator: str, action: str, payload: dict[str, Any]) -> int:
    """Append one decision (call in the same transaction as the change)."""
    cursor = db.execute(
        "INSERT INTO decisions (article_id, annotator, action, payload, at) VALUES (?, ?, ?, ?, ?)",
        [article_id, annotator, action, json.dumps(payload, ensure_ascii=False), now()],
    )
    return cursor.lastrowid


def last_undoable(db: Database, article_id: int, annotator: str) -> DecisionRecord | None:
    """The layer's latest decision that is neither undone nor itself an undo."""
    rows = list(
        db.query(
            "SELECT * FROM decisions WHERE article_id = ? AND annotator = ? AND undone = 0 AND action != 'undo'"
            " ORDER BY id DESC LIMIT 1",
            [article_id, annotator],
        )
    )
    return DecisionRecord.from_row(rows[0]) if rows else None


def mark_undone(db: Database, decision_id: int) -> None:
    db.execute("UPDATE decisions SET undone = 1 WHERE id = ?", [decision_id])


def undo_last(db: Database, article_id: int, layer: str, note: dict[str, Any] | None = None) -> str | None:
    """Replay the layer's last live decision backwards (call inside a transaction)."""
    decision = last_undoable(db, article_id, layer)
    if decision is None:
        return None
    payload = decision.payload
    for span_id in payload.get("created", []):
        layers.delete_span(db, span_id)
    for snapshot in payload.get("before", []):
        layers.write_snapshot(db, snapshot)
    if "review" in payload:
        review = payload["review"]
        extra = {"opened": review["opened_before"]} if "opened_before" in review else {}
        reviews.set_review(db, article_id, layer, status=review["before"], **extra)
    if "region" in payload:
        current = list(articles.get_article(db, article_id).region)
        if current != payload["region"]["after"]:
            raise SpanError("the article boundary was moved again since (by someone else); move it by hand instead")
        articles.set_region(db, article_id, *payload["region"]["before"])
    mark_undone(db, decision.id)
    record(db, article_id, layer, "undo", {**(note or {}), "undid": decision.id})
    return decision.action


def history(db: Database, article_id: int, annotator: str) -> list[DecisionRecord]:
    """Every decision of the layer on the article, oldest first, undone ones included."""
    return [
        DecisionRecord.from_row(r)
        for r in db.query("SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id", [article_id, annotator])
    ]
