"""The desk-stats screen (`i` from the queue) and the resuggest palette action, as a reviewer uses them.

Figures on screen are compared with what a second connection computes from the
database; resuggest is checked in the database afterwards (nothing decided moved).
"""
from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import DataTable

from annotate.services.desk import read_desk_stats
from tests.tui.desk_db import build_desk
from tests.tui.helpers import ANNOTATOR, notifications, settle
from tui.app import make_app
from tui.screens.desk_stats import DeskStatsScreen
from tui.screens.queue import QueueScreen


@pytest.fixture
def desk_db(tmp_path):
    return build_desk(tmp_path / "desk.db")


def cell_text(table: DataTable, row_key: str, column: str) -> str:
    return str(table.get_cell(row_key, column))


async def test_i_opens_the_figures_the_log_gives(desk_db):
    app = make_app(desk_db.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeskStatsScreen)
        expected = {row.annotator: row for row in read_desk_stats(desk_db.path).rows}
        table = screen.query_one("#desk-table", DataTable)
        assert [str(k.value) for k in table.rows] == ["minh", ANNOTATOR, "(all)"]
        tester = expected[ANNOTATOR]
        assert (tester.articles, tester.suggestions, tester.accepted, tester.corrected, tester.rejected) == (2, 4, 2, 1, 1)
        assert tester.active_hours == pytest.approx(150 / 3600, abs=1e-4)  # 40+30+30 on day one, 50 on day two
        assert cell_text(table, ANNOTATOR, "articles") == "2"
        assert cell_text(table, ANNOTATOR, "accepted") == "50%"
        assert cell_text(table, "minh", "accepted") == "100%"
        days = {(d.annotator, d.day): d for d in screen.stats.days}
        assert days[(ANNOTATOR, "2026-03-02")].decisions == 4 and days[("minh", "2026-03-03")].decisions == 2
        for plot_id in ("per-day", "acceptance", "per-article"):
            rendered = str(screen.query_one(f"#{plot_id}").render())
            assert "03-02" in rendered or "03-03" in rendered
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_r_reads_the_log_again(desk_db):
    app = make_app(desk_db.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        conn = sqlite3.connect(desk_db.path)
        with conn:
            conn.execute("UPDATE decisions SET undone = 1 WHERE annotator = 'minh'")
        conn.close()
        await pilot.press("r")
        await settle(pilot)
        table = app.screen.query_one("#desk-table", DataTable)
        assert [str(k.value) for k in table.rows] == [ANNOTATOR, "(all)"]


async def test_resuggest_from_the_queue_keeps_every_decision(desk_db):
    def decided():
        conn = sqlite3.connect(desk_db.path)
        try:
            return conn.execute('SELECT id, annotator, start, "end", label, attrs, status, updated_at FROM spans'
                                " WHERE status != 'suggested' ORDER BY id").fetchall()
        finally:
            conn.close()

    before = decided()
    untouched = desk_db.ids[2]
    app = make_app(desk_db.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert any("suggestions changed" in n for n in notifications(app)), notifications(app)
        assert not app.queue_screen.query_one("#ingest-panel").display, "the progress panel goes when resuggest is done"
    assert decided() == before
    conn = sqlite3.connect(desk_db.path)
    text = conn.execute("SELECT text FROM articles WHERE id = ?", [untouched]).fetchone()[0]
    machine = conn.execute('SELECT start, "end", label FROM spans WHERE article_id = ? AND annotator = \'@machine\'', [untouched]).fetchall()
    conn.close()
    assert (text.index("Hà Nội"), text.index("Hà Nội") + 6, "LOCALITY") in machine, "the real pre-annotator ran on the untouched article"


async def test_a_hostile_annotator_name_is_shown_literally_in_table_and_plots(tmp_path):
    from annotate.services.review import ReviewService
    from annotate.text.visible import visible
    from tests.tui.hostile_db import HOSTILE_ANNOTATOR, assert_displayed_safely, build_hostile, snapshot_of

    hostile = build_hostile(tmp_path / "hostile.db")
    reviewer = ReviewService(hostile.path, HOSTILE_ANNOTATOR)
    reviewer.open_article(hostile.quit_id)
    reviewer.add_span(hostile.quit_id, 5, 15, "LOCALITY")
    reviewer.mark_done(hostile.quit_id)
    reviewer.close()
    before = snapshot_of(hostile.path)
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        text = assert_displayed_safely(app)
        assert visible(HOSTILE_ANNOTATOR) in text
        await pilot.click("#desk-table", offset=(3, 1))  # the hostile name's cell
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DeskStatsScreen)
    assert snapshot_of(hostile.path) == before


async def test_the_palette_offers_resuggest_and_desk_stats(desk_db):
    app = make_app(desk_db.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"desk stats")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskStatsScreen)
        await pilot.press("escape")
        await settle(pilot)
        from tui.commands import WorkbenchCommands

        titles = [title for title, _, _ in WorkbenchCommands(app.screen)._commands()]
        assert "Queue: Resuggest" in titles and "Queue: Desk stats" in titles
