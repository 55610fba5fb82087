"""Fixtures for the TUI tests: a known database per test, and a quiet, deterministic environment."""
from __future__ import annotations

import asyncio
from pathlib import Path
from time import monotonic, thread_time

import pytest

from tests.tui.helpers import Fixture, build_standard


@pytest.fixture
def standard_db(tmp_path: Path) -> Fixture:
    return build_standard(tmp_path / "annotate.db")


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations, cursor blink or stray user settings; fixed colours for snapshots."""
    import textual.constants
    from textual.widgets import Input

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")  # read by App(), long after import
    monkeypatch.delenv("ANNOTATE_DB", raising=False)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)  # a steady cursor for snapshots


@pytest.fixture(autouse=True)
def _idle_means_the_ui_thread_is_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's waits end when the event loop's thread is idle, not the whole process.

    After every key, Pilot waits until the process spent under 1 ms of CPU in a
    20 ms window, up to 1 s per wait and two waits per key. It counts every
    thread: with one other busy thread in the process (a profiler, a library's
    thread pool) each key costs 2 s and a Pilot test 10-20 s instead of 1 s.
    The same rule on the UI thread's own CPU time keeps what the wait is for
    (the app has handled the key and redrawn); our thread workers are awaited
    explicitly (tests/tui/helpers.settle).
    """
    import textual.app
    import textual.pilot
    window, busy = 0.005, 0.00025

    async def wait_for_idle(min_sleep: float = 0.02, max_sleep: float = 1) -> None:
        start = monotonic()
        while True:
            cpu = thread_time()
            await asyncio.sleep(window)
            elapsed = monotonic() - start
            if elapsed >= max_sleep or (elapsed > min(min_sleep, window) and thread_time() - cpu < busy):
                return

    monkeypatch.setattr(textual.app, "wait_for_idle", wait_for_idle)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_for_idle)
