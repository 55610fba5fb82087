"""Screenshots of the desk-stats screen at 80x24 and 120x40 (a fixed decision log, no clock on screen)."""
from __future__ import annotations

import pytest

from tests.tui.desk_db import build_desk
from tests.tui.helpers import ANNOTATOR, settle
from tui.app import make_app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_desk_stats_screen(snap_compare, tmp_path, size):
    fixture = build_desk(tmp_path / "desk.db")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)

    assert snap_compare(make_app(fixture.path, ANNOTATOR), terminal_size=size, run_before=run_before)
