"""Who else is working, and on which article: each app session's heartbeat in the shared database.

A session writes one small row when it moves (queue, article, agreement) and
refreshes it every REFRESH_S seconds; rows older than STALE_S belong to a
session that was killed or cut off and are ignored and deleted. The cost is
one tiny write transaction per session every few seconds, far below what
decisions write.
"""
from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

from annotate.models import PresenceRecord
from annotate.store import presence as presence_store
from annotate.store import users as user_store
from annotate.store.database import default_db_path, open_database, write_transaction

REFRESH_S = 10.0
"""How often a session that stays put says it is still there."""
STALE_S = 35.0
"""After this long without a heartbeat a session counts as gone (three missed refreshes and some slack)."""


class PresenceService:
    """One app session's presence row, and everyone else's."""

    def __init__(self, db_path: str | Path | None, annotator: str, *, served: bool = False):
        self.db_path = Path(db_path) if db_path else default_db_path()
        self.db = open_database(self.db_path)
        self.annotator = annotator
        self.served = served
        """Served sessions end when their user is revoked; terminal sessions have no user row to check."""
        self.session_id = uuid.uuid4().hex
        self._lock = threading.Lock()
        """Serialises the heartbeat worker and the UI thread on the one connection, close included."""
        self._closed = False

    def beat(self, screen: str, article_id: int | None = None) -> bool:
        """Record where this session is; False when a served session's user was revoked (it should end)."""
        moment = time.time()
        with self._lock:
            if self._closed:  # the app is quitting: a last heartbeat from its worker has nothing to say
                return True
            return self._beat(screen, article_id, moment)

    def _beat(self, screen: str, article_id: int | None, moment: float) -> bool:
        with write_transaction(self.db):
            presence_store.expire(self.db, moment - STALE_S)
            presence_store.beat(self.db, self.session_id, self.annotator, screen, article_id, moment)
            if not self.served:
                return True
            user = user_store.get_user(self.db, self.annotator)
            return user is not None and user.active

    def others(self) -> list[PresenceRecord]:
        """Every other live session (the same annotator in another window counts too)."""
        with self._lock:
            if self._closed:
                return []
            rows = presence_store.present(self.db, time.time() - STALE_S)
        return [row for row in rows if row.session_id != self.session_id]

    def leave(self) -> None:
        """Remove this session's row (on a clean exit; a killed one expires instead)."""
        with self._lock:
            if self._closed:
                return
            with write_transaction(self.db):
                presence_store.leave(self.db, self.session_id)

    def close(self) -> None:
        """Close the connection once no worker is using it (closing under a running query crashes SQLite's C code)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self.db.close()


def by_article(rows: list[PresenceRecord]) -> dict[int, list[str]]:
    """Annotator names per open article, for the queue's column."""
    result: dict[int, list[str]] = {}
    for row in rows:
        if row.article_id is not None and row.annotator not in result.setdefault(row.article_id, []):
            result[row.article_id].append(row.annotator)
    return result
