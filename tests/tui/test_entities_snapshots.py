"""Screenshots of the entities screen and a mention list, at 80×24 and 120×40 (pytest-textual-snapshot).

Regenerate with `pytest tests/tui/test_entities_snapshots.py --snapshot-update` after a deliberate change.
"""
from __future__ import annotations

import pytest

from tests.conftest import add_article
from tests.services.test_entities import TEXTS, spans_of
from tests.tui.helpers import settle
from tui.app import make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def corpus(db_path):
    return [add_article(db_path, text, spans_of(text), source=f"{i}.txt") for i, text in enumerate(TEXTS)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_entities_screen(snap_compare, db_path, corpus, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "x")  # Hạ Lương rejected in bulk: its row shows the counts
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(db_path, "lan"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_mentions_screen(snap_compare, db_path, corpus, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(db_path, "lan"), terminal_size=size, run_before=run_before)
