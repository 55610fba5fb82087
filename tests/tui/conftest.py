"""Fixtures for the TUI tests: a known database per test, and a quiet, deterministic environment."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import Fixture, build_standard


@pytest.fixture
def standard_db(tmp_path: Path) -> Fixture:
    return build_standard(tmp_path / "annotate.db")


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor blink or stray user settings; fixed colours for snapshots."""
    from textual.widgets import Input

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("ANNOTATE_DB", raising=False)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)  # a steady cursor for snapshots


