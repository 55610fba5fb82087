"""The queue screen: counts, filters, search, paging, and the empty database filled with the samples."""
from __future__ import annotations

from pathlib import Path

from tests.paths import SAMPLES
from annotate.store.database import open_database
from tests.tui.helpers import ANNOTATOR, add_article, notifications, open_review, settle
from tui.app import make_app
from tui.messages import IngestProgressed, SamplesIngested
from tui.screens.queue import QueueScreen

SIZE = (120, 40)


def ids(screen: QueueScreen) -> list[int]:
    return [row.article_id for row in screen.rows]


async def test_queue_lists_articles_with_counts_and_progress(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert ids(screen) == standard_db.ids
        first = screen.rows[0]
        assert (first.title, first.source, first.status, first.suggested, first.accepted, first.rejected) == (
            "Thượng Hải và Chiết Giang thúc đẩy hợp tác", "001_thuong_hai.txt", "new", 7, 0, 0)
        assert "3 articles" in str(screen.query_one("#queue-summary").render())
        assert ANNOTATOR in str(screen.query_one("#queue-header").render())


async def test_status_filter_cycles_with_s(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a", "d", "a")  # article 1 done (the rest accepted), article 2 opened
        await settle(pilot)
        await pilot.press("x")  # a first decision: article 2 in progress
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert [row.status for row in screen.rows] == ["done", "in_progress", "new"]
        await pilot.press("s")
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[2]]
        await pilot.press("s")
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[1]]
        await pilot.press("s")
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[0]]
        assert "1 done" in str(screen.query_one("#queue-summary").render())
        await pilot.press("s")
        await settle(pilot)
        assert ids(screen) == standard_db.ids


async def test_label_filter_cycles_with_l(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("l")
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[0], standard_db.ids[2]]  # OFFICIAL
        await pilot.press("l")
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[0], standard_db.ids[1]]  # LOCALITY
        await pilot.press("c")
        await settle(pilot)
        assert ids(screen) == standard_db.ids


async def test_label_filter_follows_the_reviewers_layer(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, row=2)
        await pilot.press("x", "escape")  # the only OFFICIAL of article 3 is rejected
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert ids(app.screen) == [standard_db.ids[0]]


async def test_search_by_text_title_or_source(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash")
        assert app.focused.id == "search"
        await pilot.press(*"biên giới")  # only in the text of article 3
        await pilot.pause(0.5)
        await settle(pilot)
        assert ids(screen) == [standard_db.ids[2]]
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "queue-table"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == standard_db.ids[2]


async def test_typing_q_in_the_search_box_does_not_quit(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q", "u", "escape")
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one("#search").value == "qu"
        assert app.focused.id == "queue-table"


async def test_more_rows_load_as_the_cursor_nears_the_end(tmp_path: Path):
    db = open_database(tmp_path / "big.db")
    for n in range(130):
        add_article(db, f"Bài {n:03d}", f"Nội dung bài {n} về hợp tác với Thượng Hải.", [], source=f"{n:03d}.txt")
    db.close()
    app = make_app(tmp_path / "big.db", ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        # the first page, then pages until the table is full
        assert QueueScreen.FIRST_PAGE < len(screen.rows) < 130
        assert "more load as you scroll" in str(screen.query_one("#queue-info").render())
        for _ in range(8):
            await pilot.press("pagedown")
            await settle(pilot)
        assert len(screen.rows) == 130
        assert ids(screen) == list(range(1, 131))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == 130


async def test_done_walks_on_past_the_loaded_rows(tmp_path: Path):
    db = open_database(tmp_path / "big.db")
    for n in range(45):
        add_article(db, f"Bài {n:03d}", f"Nội dung bài {n}.", [], source=f"{n:03d}.txt")
    db.close()
    app = make_app(tmp_path / "big.db", ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        # pretend only the first page was read: d must read the next one itself
        first = QueueScreen.FIRST_PAGE
        queue.rows = queue.rows[:first]
        queue._has_more = True
        queue._loading_more = True  # no automatic fill during the test
        queue.query_one("#queue-table").move_cursor(row=first - 1)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == first
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.article_id == first + 1


async def test_an_empty_database_is_filled_with_the_samples(tmp_path: Path):
    messages = []
    app = make_app(tmp_path / "empty.db", "demo", samples=SAMPLES, preannotate=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        for _ in range(100):
            await settle(pilot)
            if any(isinstance(m, SamplesIngested) for m in messages):
                break
            await pilot.pause(0.1)
        await settle(pilot)
        screen = app.screen
        progress = [(m.done, m.total) for m in messages if isinstance(m, IngestProgressed)]
        assert progress and progress[-1] == (5, 5)
        assert len(screen.rows) == 5
        assert screen.query_one("#ingest-panel").display is False
        assert any("ingested 5" in n for n in notifications(app))
        assert app.screen.query_one("#queue-table").row_count == 5


async def test_a_database_with_articles_is_not_refilled(standard_db):
    messages = []
    app = make_app(standard_db.path, ANNOTATOR, samples=SAMPLES, preannotate=False)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        assert not any(isinstance(m, (IngestProgressed, SamplesIngested)) for m in messages)
        assert ids(app.screen) == standard_db.ids


async def test_the_samples_are_pre_annotated_when_the_pipeline_runs(tmp_path: Path, monkeypatch):
    """The real path of a bare `annotate`: samples ingested with machine suggestions, UI alive meanwhile.

    One worker, in process: the pool is tested in tests/io, and a pool as wide as
    the machine would make this test as slow as the machine is big.
    """
    monkeypatch.setattr("annotate.io.ingest.default_workers", lambda: 1)
    messages = []
    app = make_app(tmp_path / "empty.db", "demo", samples=SAMPLES)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        for _ in range(600):
            await pilot.pause(0.1)
            if any(isinstance(m, SamplesIngested) for m in messages):
                break
        await settle(pilot)
        done = [m for m in messages if isinstance(m, SamplesIngested)]
        assert done and done[0].ok, done
        assert len(app.screen.rows) == 5
        assert sum(row.suggested for row in app.screen.rows) > 0
        # the wait for the model is said in words, then each article as it is pre-annotated
        stages = [(m.stage, m.done, m.total) for m in messages if isinstance(m, IngestProgressed)]
        assert ("loading_model", 0, 5) in stages and stages[-1] == ("preannotating", 5, 5)
