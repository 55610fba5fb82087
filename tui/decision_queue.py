"""The decisions a screen has submitted but not shown yet, in key-press order.

Key presses put decisions here on the UI thread; one worker thread takes them
one at a time and applies them (each committed by the service before the
next); the screen marks each one shown when its DecisionApplied or
DecisionFailed was handled. settled() is an event, not a poll: it returns once
every submitted decision is committed and on screen.
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque

from annotate.services.decisions import Decision


class DecisionQueue:
    """Pending decisions for one worker, and how many the screen still has to show."""

    def __init__(self) -> None:
        self._pending: deque[Decision] = deque()
        self._lock = threading.Lock()
        self._draining = False
        self._unshown = 0
        self._all_shown = asyncio.Event()
        self._all_shown.set()

    def put(self, decision: Decision) -> bool:
        """Queue a decision (UI thread); True when no worker is draining and one must be started."""
        self._unshown += 1
        self._all_shown.clear()
        with self._lock:
            self._pending.append(decision)
            start = not self._draining
            self._draining = True
        return start

    def take(self) -> Decision | None:
        """The next decision for the worker; None when the queue is empty (the worker then stops)."""
        with self._lock:
            if not self._pending:
                self._draining = False
                return None
            return self._pending.popleft()

    def shown(self) -> None:
        """One committed (or refused) decision was handled by the screen (UI thread)."""
        self._unshown = max(0, self._unshown - 1)
        if not self._unshown:
            self._all_shown.set()

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until every decision put so far is committed and shown (or the timeout passes)."""
        try:
            await asyncio.wait_for(self._all_shown.wait(), timeout)
        except asyncio.TimeoutError:
            pass
