"""The decision log: every reviewer action, appended, with what it changed.

Undo replays the log backwards (it survives restarts because it lives in the
database); nothing is deleted from the log, undone entries are only flagged.
Redo plays an undone decision forwards again, as long as the reviewer made no
new decision since the undo (a new decision ends the redo chain, as in any
editor). An undo entry names the decision it undid by id and time, so the
chain survives `annotate merge`, which renumbers decisions but keeps times.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotate.errors import SpanError
from annotate.models import DecisionRecord
from annotate.store import articles, layers, reviews
from annotate.store.database import now

REPLAYS = ("undo", "redo")
"""Log entries that replay another decision rather than make one."""


@dataclass(frozen=True, slots=True)
class Replayed:
    """One undo or redo: the decision it replayed and the log entry it wrote."""

    decision: DecisionRecord
    entry: DecisionRecord


def append(db: Database, article_id: int, annotator: str, action: str, payload: dict[str, Any]) -> DecisionRecord:
    """Append one decision (call in the same transaction as the change) and return it as stored."""
    at = now()
    cursor = db.execute(
        "INSERT INTO decisions (article_id, annotator, action, payload, at) VALUES (?, ?, ?, ?, ?)",
        [article_id, annotator, action, json.dumps(payload, ensure_ascii=False), at],
    )
    return DecisionRecord(cursor.lastrowid, article_id, annotator, action, payload, False, at)


def record(db: Database, article_id: int, annotator: str, action: str, payload: dict[str, Any]) -> int:
    """Append one decision (call in the same transaction as the change); returns its id."""
    return append(db, article_id, annotator, action, payload).id


def last_undoable(db: Database, article_id: int, annotator: str) -> DecisionRecord | None:
    """The layer's latest decision that is neither undone nor itself an undo or redo."""
    rows = list(
        db.query(
            "SELECT * FROM decisions WHERE article_id = ? AND annotator = ? AND undone = 0 AND action NOT IN ('undo', 'redo')"
            " ORDER BY id DESC LIMIT 1",
            [article_id, annotator],
        )
    )
    return DecisionRecord.from_row(rows[0]) if rows else None


def mark_undone(db: Database, decision_id: int, undone: bool = True) -> None:
    db.execute("UPDATE decisions SET undone = ? WHERE id = ?", [int(undone), decision_id])


def revert_last(db: Database, article_id: int, layer: str, note: dict[str, Any] | None = None) -> Replayed | None:
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
    entry = append(db, article_id, layer, "undo", {**(note or {}), "undid": decision.id, "undid_at": decision.at})
    return Replayed(decision, entry)


def undo_last(db: Database, article_id: int, layer: str, note: dict[str, Any] | None = None) -> str | None:
    """Replay the layer's last live decision backwards (call inside a transaction); returns its action."""
    replayed = revert_last(db, article_id, layer, note)
    return replayed.decision.action if replayed else None


def redoable(payload: dict[str, Any]) -> bool:
    """True when the log holds the decision's result (an import keeps only what it replaced)."""
    return "after" in payload or not ("before" in payload or "created" in payload)


def last_redoable(db: Database, article_id: int, layer: str) -> tuple[DecisionRecord, DecisionRecord] | None:
    """(the undo entry, the decision it undid) that redo would replay; None after a new decision."""
    rows = db.query(
        "SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id DESC", [article_id, layer]
    )
    for row in rows:
        entry = DecisionRecord.from_row(row)
        if entry.action == "redo" or (entry.action == "undo" and entry.undone):
            continue
        if entry.action != "undo":
            return None  # a decision made after the last undo ends the redo chain
        undid = _undid(db, article_id, layer, entry.payload)
        return (entry, undid) if undid is not None else None
    return None


def _undid(db: Database, article_id: int, layer: str, payload: dict[str, Any]) -> DecisionRecord | None:
    """The undone decision an undo entry names: by id and time, else by time alone (after a merge renumbered it)."""
    base = "SELECT * FROM decisions WHERE article_id = ? AND annotator = ? AND undone = 1 AND action NOT IN ('undo', 'redo')"
    tries = [(" AND id = ? AND at = ?", [payload.get("undid"), payload.get("undid_at")]), (" AND at = ?", [payload.get("undid_at")])]
    if "undid_at" not in payload:  # logs written before redo existed: the id is all there is
        tries = [(" AND id = ?", [payload.get("undid")])]
    for clause, params in tries:
        rows = list(db.query(base + clause + " ORDER BY id LIMIT 1", [article_id, layer, *params]))
        if rows:
            return DecisionRecord.from_row(rows[0])
    return None


def replay_last(db: Database, article_id: int, layer: str) -> Replayed | None:
    """Play the layer's last undone decision forwards again (call inside a transaction)."""
    found = last_redoable(db, article_id, layer)
    if found is None:
        return None
    undo_entry, decision = found
    payload = decision.payload
    if not redoable(payload):
        raise SpanError(f"a {decision.action.replace('_', ' ')} cannot be redone: the log does not hold its result")
    for snapshot in payload.get("after", []):
        layers.write_snapshot(db, snapshot)
    if "review" in payload:
        review = payload["review"]
        extra = {"opened": 1} if "opened_before" in review else {}
        reviews.set_review(db, article_id, layer, status=review["after"], **extra)
    if "region" in payload:
        current = list(articles.get_article(db, article_id).region)
        if current != payload["region"]["before"]:
            raise SpanError("the article boundary was moved again since (by someone else); move it by hand instead")
        articles.set_region(db, article_id, *payload["region"]["after"])
    mark_undone(db, decision.id, False)
    mark_undone(db, undo_entry.id)
    entry = append(db, article_id, layer, "redo", {"redid": decision.id, "redid_at": decision.at})
    return Replayed(decision, entry)


def history(db: Database, article_id: int, annotator: str) -> list[DecisionRecord]:
    """Every decision of the layer on the article, oldest first, undone ones included."""
    return [
        DecisionRecord.from_row(r)
        for r in db.query("SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id", [article_id, annotator])
    ]
