"""Ctrl+C during ingest: stop at once, keep every committed batch, and say how to go on.

SIGINT reaches the parent only (pool workers ignore it, see io.pool). The
KeyboardInterrupt it raises unwinds through write_transaction, which rolls
back the batch in flight, so what is stored is exactly what was committed;
ingest is idempotent, so running the same command again continues where it
stopped. Cleanup (stopping the workers, closing the database) must not be
cut short by a second Ctrl+C, so SIGINT is held back while it runs.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells expect of a program stopped by Ctrl+C


def interrupted_line(stored: int) -> str:
    """The one line printed after Ctrl+C."""
    return f"interrupted: {stored} stored, run again to continue"


@contextlib.contextmanager
def sigint_held() -> Iterator[None]:
    """Ignore SIGINT for the duration (main thread only: elsewhere there is no handler to change)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
