"""The decision log: every reviewer action, appended, with what it changed.

Undo replays the log backwards (it survives restarts because it lives in the
database); nothing is deleted from the log, undone entries are only flagged.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotate.errors import SpanError
from annotate.store.database import now


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    article_id: int
    annotator: str
    action: str
    payload: dict[str, Any]
    undone: bool
    at: str


def record(db: Database, article_id: int, annotator: str, action: str, payload: dict[str, Any]) -> int:
    """Append one decision (call in the same transaction as the change)."""
    cursor = db.execute(
        "INSERT INTO decisions (article_id, annotator, action, payload, at) VALUES (?, ?, ?, ?, ?)",
        [article_id, annotator, action, json.dumps(payload, ensure_ascii=False), now()],
    )
    return cursor.lastrowid


def _decision(row: dict[str, Any]) -> Decision:
    return Decision(row["id"], row["article_id"], row["annotator"], row["action"], json.loads(row["payload"]), bool(row["undone"]), row["at"])


def last_undoable(db: Database, article_id: int, annotator: str) -> Decision | None:
    rows = list(
        db.query(
            "SELECT * FROM decisions WHERE article_id = ? AND annotator = ? AND undone = 0 AND action != 'undo'"
            " ORDER BY id DESC LIMIT 1",
            [article_id, annotator],
        )
    )
    return _decision(rows[0]) if rows else None


def mark_undone(db: Database, decision_id: int) -> None:
    db.execute("UPDATE decisions SET undone = 1 WHERE id = ?", [decision_id])


def undo_last(db: Database, article_id: int, layer: str, note: dict[str, Any] | None = None) -> str | None:
    """Replay the layer's last live decision backwards (call inside a transaction)."""
    from annotate.store import articles, layers  # deferred: both modules import this one

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
        layers.set_review(db, article_id, layer, status=review["before"], **extra)
    if "region" in payload:
        current = list(articles.get_article(db, article_id).region)
        if current != payload["region"]["after"]:
            raise SpanError("the article boundary was moved again since (by someone else); move it by hand instead")
        articles.set_region(db, article_id, *payload["region"]["before"])
    mark_undone(db, decision.id)
    record(db, article_id, layer, "undo", {**(note or {}), "undid": decision.id})
    return decision.action


def history(db: Database, article_id: int, annotator: str) -> list[Decision]:
    return [
        _decision(r)
        for r in db.query("SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id", [article_id, annotator])
    ]
