"""The app's heartbeat into the shared presence table, and what it reads back about the others.

The UI thread only works out where the session is (cheap, every tick); the
app's thread worker calls `beat`, which writes when the session moved or
REFRESH_S passed, and reads the other sessions on every tick so the queue's
"With" column follows people within a few seconds.
"""
from __future__ import annotations

import time

from textual.screen import ModalScreen, Screen

from annotate.models import PresenceRecord
from annotate.services.presence import REFRESH_S, PresenceService

TICK_S = 3.0
"""How often the app looks at where it is and who else is there."""


def where(stack: list[Screen]) -> tuple[str, int | None]:
    """The screen the session is on (under any modal) and its article, if it shows one."""
    for screen in reversed(stack):
        if isinstance(screen, ModalScreen):
            continue
        return getattr(screen, "HELP_SECTION", "App").lower(), getattr(screen, "article_id", None)
    return "app", None


class PresenceBeat:
    """What this session last wrote and last read (used from the app's presence worker only)."""

    def __init__(self, service: PresenceService):
        self.service = service
        self._written: tuple[str, int | None] | None = None
        self._written_at = 0.0
        self._seen: tuple | None = None

    def beat(self, screen: str, article_id: int | None) -> tuple[bool, list[PresenceRecord] | None]:
        """(still allowed, the others when they changed since the last read, else None)."""
        allowed = True
        moment = time.monotonic()
        if (screen, article_id) != self._written or moment - self._written_at >= REFRESH_S:
            allowed = self.service.beat(screen, article_id)
            self._written, self._written_at = (screen, article_id), moment
        others = self.service.others()
        seen = tuple((row.session_id, row.annotator, row.screen, row.article_id) for row in others)
        if seen == self._seen:
            return allowed, None
        self._seen = seen
        return allowed, others
