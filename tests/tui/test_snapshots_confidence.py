"""Screenshots of the queue in least-sure-first order and of the span panel's why row, also at 80x24.

Regenerate with `pytest tests/tui --snapshot-update` after a deliberate change.
"""
from __future__ import annotations

import pytest

from tests.tui.helpers import ANNOTATOR, open_review, settle
from tui.app import make_app


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_queue_least_sure_first(snap_compare, standard_db, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_span_panel_says_why(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("tab", "tab")  # "Cung Chính": 0.62, a rule and nothing else
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)
