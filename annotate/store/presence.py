"""Who is working right now: one small row per open app session, refreshed by its heartbeat.

A row is written when the session moves (queue, article, agreement) and every
few seconds otherwise; readers ignore rows older than the staleness limit, and
each heartbeat deletes them, so a killed session disappears on its own.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.models import PresenceRecord


def beat(db: Database, session_id: str, annotator: str, screen: str, article_id: int | None, seen_at: float) -> None:
    """Create or refresh the session's row (call in a write transaction)."""
    db.execute(
        "INSERT INTO presence (session_id, annotator, screen, article_id, seen_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(session_id) DO UPDATE SET annotator = excluded.annotator, screen = excluded.screen,"
        " article_id = excluded.article_id, seen_at = excluded.seen_at",
        [session_id, annotator, screen, article_id, seen_at],
    )


def expire(db: Database, older_than: float) -> None:
    """Drop rows whose session stopped beating (killed, or cut off)."""
    db.execute("DELETE FROM presence WHERE seen_at < ?", [older_than])


def leave(db: Database, session_id: str) -> None:
    db.execute("DELETE FROM presence WHERE session_id = ?", [session_id])


def present(db: Database, since: float) -> list[PresenceRecord]:
    """Every session seen since the given time, by annotator."""
    return [
        PresenceRecord.from_row(row)
        for row in db.query("SELECT * FROM presence WHERE seen_at >= ? ORDER BY annotator, session_id", [since])
    ]
