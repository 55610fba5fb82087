"""Users of the served app: name (their annotator layer), role, and the hash of their access token.

Only the SHA-256 of a token is stored, so a copy of the database does not hand
out working links; a revoked user keeps their row (and their layer) with
revoked_at set, and their old token stops matching.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.models import UserRecord
from annotate.store.database import now


def get_user(db: Database, name: str) -> UserRecord | None:
    rows = list(db.query("SELECT * FROM users WHERE name = ?", [name]))
    return UserRecord.from_row(rows[0]) if rows else None


def user_for_token_hash(db: Database, token_hash: str) -> UserRecord | None:
    """The active user whose token hashes to token_hash; None for unknown or revoked tokens."""
    rows = list(db.query("SELECT * FROM users WHERE token_hash = ? AND revoked_at IS NULL", [token_hash]))
    return UserRecord.from_row(rows[0]) if rows else None


def all_users(db: Database) -> list[UserRecord]:
    return [UserRecord.from_row(row) for row in db.query("SELECT * FROM users ORDER BY name")]


def insert_user(db: Database, name: str, role: str, token_hash: str) -> None:
    """A new user (call in a write transaction; the name must be free)."""
    db.execute(
        "INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
        [name, role, token_hash, now()],
    )


def reissue(db: Database, name: str, token_hash: str, role: str | None = None) -> None:
    """A fresh token for an existing user (active again if they were revoked); the old token stops working."""
    if role is None:
        db.execute("UPDATE users SET token_hash = ?, revoked_at = NULL WHERE name = ?", [token_hash, name])
    else:
        db.execute("UPDATE users SET token_hash = ?, revoked_at = NULL, role = ? WHERE name = ?", [token_hash, role, name])


def revoke(db: Database, name: str) -> None:
    db.execute("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [now(), name])
