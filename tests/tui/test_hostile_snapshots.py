"""Screenshots of every screen over hostile data (issue 10, items 1 and 2), at 80x24 and 120x40.

What they pin: markup shows as its brackets, escapes and C1/bidi controls as
placeholders, a long hostile value is cut or wrapped without pushing the layout
apart. Regenerate with `pytest tests/tui --snapshot-update` after a deliberate change.
"""
from __future__ import annotations

import pytest

from tests.tui.helpers import ANNOTATOR, open_review, settle, wait_for_matches
from tests.tui.hostile_db import PLACE_TEXT, build_hostile
from tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def hostile_app(tmp_path):
    return make_app(build_hostile(tmp_path / "hostile.db").path, ANNOTATOR)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_queue(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_review(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await open_review(pilot, row=1)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_attributes_modal(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await open_review(pilot, row=1)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_suggestions_modal(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await open_review(pilot, row=1)
        await pilot.press("tab", "g")
        await wait_for_matches(pilot, pilot.app.screen, PLACE_TEXT)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_agreement(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_hostile_adjudication(snap_compare, hostile_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        pilot.app.screen.query_one("#articles").focus()
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(hostile_app, terminal_size=size, run_before=run_before)
