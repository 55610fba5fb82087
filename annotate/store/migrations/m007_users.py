"""Who may open the served app (users, with hashed access tokens) and who is working where (presence)."""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m007_users(db: Database) -> None:
    """Users with a role and a hashed token, and one presence row per open app session."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
            token_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS users_token_hash ON users(token_hash);

        CREATE TABLE IF NOT EXISTS presence (
            session_id TEXT PRIMARY KEY,
            annotator TEXT NOT NULL,
            screen TEXT NOT NULL,
            article_id INTEGER,
            seen_at REAL NOT NULL
        );
        CREATE INDEX IF NOT EXISTS presence_seen ON presence(seen_at);
        """
    )
