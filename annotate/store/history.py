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
    if "group" in payload:  # a bulk action: the rest of its part in this article goes with it
        undo_group(db, payload["group"], article_id=article_id)
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


# -- groups: one bulk action, many entries ----------------------------------------
@dataclass(frozen=True, slots=True)
class DecisionGroup:
    """One bulk action: who, what (in words), how many log entries it wrote, whether undone."""

    id: int
    annotator: str
    action: str
    description: str
    size: int
    undone: bool
    at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "DecisionGroup":
        return cls(row["id"], row["annotator"], row["action"], row["description"], row["size"], bool(row["undone"]), row["at"])


def start_group(db: Database, annotator: str, action: str, description: str) -> int:
    """Open a group for a bulk action (call in the transaction that records its entries)."""
    cursor = db.execute(
        "INSERT INTO decision_groups (annotator, action, description, at) VALUES (?, ?, ?, ?)",
        [annotator, action, description, now()],
    )
    return cursor.lastrowid


def record_in_group(db: Database, group_id: int, entries: list[tuple[int, str, str, dict[str, Any]]]) -> None:
    """Append a bulk action's entries, one per span: (article_id, annotator, action, payload), tied to the group."""
    db.conn.executemany(
        "INSERT INTO decisions (article_id, annotator, action, payload, at, group_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, who, action, json.dumps({**payload, "group": group_id}, ensure_ascii=False), now(), group_id) for aid, who, action, payload in entries],
    )


def close_group(db: Database, group_id: int, size: int) -> None:
    """Say how many entries the group got (an empty group is dropped: nothing to undo)."""
    if size:
        db.execute("UPDATE decision_groups SET size = ? WHERE id = ?", [size, group_id])
    else:
        db.execute("DELETE FROM decision_groups WHERE id = ?", [group_id])


def last_live_group(db: Database, annotator: str) -> DecisionGroup | None:
    """The annotator's latest bulk action not undone yet."""
    rows = list(db.query("SELECT * FROM decision_groups WHERE annotator = ? AND undone = 0 ORDER BY id DESC LIMIT 1", [annotator]))
    return DecisionGroup.from_row(rows[0]) if rows else None


CORE = ("id", "article_id", "annotator", "start", "end", "label", "attrs", "origin", "status")
"""The span columns a decision changes: what group undo compares and restores."""


def undo_group(db: Database, group_id: int, article_id: int | None = None) -> tuple[int, int]:
    """Revert every live entry of a group, or only those on one article (call inside a transaction); returns (undone, kept).

    An entry is reverted only while its spans are still exactly as it left them: a span
    someone changed since (in the article, or with another bulk action) keeps that later
    work and counts as kept. Each revert gets its own undo entry in its article's log.
    The group counts as undone only when it is reverted as a whole.
    """
    where, params = ("AND article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows = db.query(f"SELECT * FROM decisions WHERE group_id = ? AND undone = 0 {where} ORDER BY id DESC", [group_id, *params])
    entries = [DecisionRecord.from_row(row) for row in rows]
    current = _core_spans(db, [a["id"] for e in entries for a in e.payload.get("after", [])])
    reverted = [e for e in entries if all(current.get(a["id"]) == _core(a) for a in e.payload.get("after", []))]
    stamp = now()
    db.conn.executemany(
        'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?, origin = ?, status = ?, updated_at = ?'
        " WHERE id = ? AND annotator = ? AND article_id = ?",
        [(b["start"], b["end"], b["label"], json.dumps(b["attrs"], ensure_ascii=False), b["origin"], b["status"], stamp, b["id"], b["annotator"], b["article_id"])
         for e in reverted for b in e.payload.get("before", [])],
    )
    db.conn.executemany("UPDATE decisions SET undone = 1 WHERE id = ?", [(e.id,) for e in reverted])
    db.conn.executemany(
        "INSERT INTO decisions (article_id, annotator, action, payload, at) VALUES (?, ?, ?, ?, ?)",
        [(e.article_id, e.annotator, "undo", json.dumps({"undid": e.id, "undid_at": e.at, "group": group_id}), now()) for e in reverted],
    )
    if article_id is None:
        db.execute("UPDATE decision_groups SET undone = 1 WHERE id = ?", [group_id])
    return len(reverted), len(entries) - len(reverted)


def _core(snapshot: dict[str, Any]) -> tuple:
    return tuple(snapshot.get(name) for name in CORE)


def _core_spans(db: Database, span_ids: list[int]) -> dict[int, tuple]:
    """The CORE columns of these spans as they are now (attrs parsed), by id; missing ones are left out."""
    found: dict[int, tuple] = {}
    for chunk in range(0, len(span_ids), 500):
        ids = span_ids[chunk:chunk + 500]
        rows = db.execute(
            f'SELECT id, article_id, annotator, start, "end", label, attrs, origin, status FROM spans WHERE id IN ({",".join("?" * len(ids))})', ids
        ).fetchall()
        for row in rows:
            found[row[0]] = (*row[:6], json.loads(row[6] or "{}"), *row[7:])
    return found
