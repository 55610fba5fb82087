"""Screenshots of the queue, go-to, first-run, agreement, adjudication and gold-span screens at 80x24 and 140x45.

What they pin: at 80 columns every queue column is on screen (the file name
no longer takes 25 of them), the agreement matrix and every footer key fit,
and the gold-span dialog shows keys, not offset fields. Regenerate with
`pytest tests/tui --snapshot-update` after a deliberate change.
"""
from __future__ import annotations

import pytest

from tests.tui.helpers import ANNOTATOR, settle
from tests.tui.test_agreement_screens import build
from tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 45), id="140x45")]


@pytest.fixture
def team_app(tmp_path):
    build(tmp_path / "team.db")
    return make_app(tmp_path / "team.db", "dana")


async def open_adjudication(pilot) -> None:
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    pilot.app.screen.query_one("#articles").focus()
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_queue(snap_compare, standard_db, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("down")

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_queue_searched_without_accents(snap_compare, standard_db, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash", *"thuong hai", "enter")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_go_to_article(snap_compare, standard_db, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("g", *"2")
        await pilot.pause()

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_first_run_says_what_it_waits_for(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.setattr("tui.widgets.ingest_panel.monotonic", lambda: 100.0)  # "0 s", whatever the machine's load

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show_ingest("preannotating", 2, 5)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path / "empty.db", ANNOTATOR), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_agreement(snap_compare, team_app, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(team_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_adjudication(snap_compare, team_app, size):
    async def run_before(pilot):
        await open_adjudication(pilot)
        await pilot.press("1")
        await settle(pilot)

    assert snap_compare(team_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_gold_span_dialog(snap_compare, team_app, size):
    async def run_before(pilot):
        await open_adjudication(pilot)
        await pilot.press("n", "e")
        await pilot.pause()
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()

    assert snap_compare(team_app, terminal_size=size, run_before=run_before)
