"""Getting around a long queue (home, end, go to #N), noticing another process's ingest, first-run stages, screenshots."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.store.database import open_database
from tests.tui.helpers import ANNOTATOR, add_article, notifications, settle
from tui.app import make_app
from tui.commands import save_screenshot
from tui.screens.goto import GoToArticleModal
from tui.screens.queue import QueueScreen
from tui.widgets.ingest_panel import stage_words

SIZE = (120, 40)
COUNT = 300


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    path = tmp_path / "long.db"
    db = open_database(path)
    for n in range(1, COUNT + 1):
        add_article(db, f"Bài {n:03d}", f"Nội dung bài {n} về hợp tác với Thượng Hải.", [], source=f"{n:03d}.txt")
    db.close()
    return path


def cursor_id(screen: QueueScreen) -> int | None:
    return screen.selected_article_id()


async def test_end_and_home_reach_the_ends_without_reading_every_page(long_db):
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("end")
        await settle(pilot)
        assert cursor_id(screen) == COUNT
        assert len(screen.rows) < COUNT // 2  # the last page and its neighbours, not the whole queue
        await pilot.press("up")
        await settle(pilot)
        assert cursor_id(screen) == COUNT - 1
        await pilot.press("home")
        await settle(pilot)
        assert cursor_id(screen) == 1
        await pilot.press("ctrl+end")  # DataTable's own "bottom" would stop at the rows read so far
        await settle(pilot)
        assert cursor_id(screen) == COUNT
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert cursor_id(screen) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == 1


async def test_go_to_article_lands_on_it_or_says_why_not(long_db):
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoToArticleModal)
        await pilot.press(*"150", "enter")
        await settle(pilot)
        assert app.screen is screen and cursor_id(screen) == 150
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == 150
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g", *"abc", "enter")  # not a number: the modal says so and stays
        await pilot.pause()
        assert isinstance(app.screen, GoToArticleModal)
        assert "whole number" in str(app.screen.query_one("#goto-error").render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("g", *"9999", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert any("There is no article #9999" in n for n in notifications(app))


async def test_go_to_an_article_the_filters_hide_lands_on_the_next_one(long_db):
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", *"bai 20", "enter")  # 20, 200…209
        await settle(pilot)
        assert [row.article_id for row in screen.rows][:2] == [20, 200]
        await pilot.press("g", *"100", "enter")
        await settle(pilot)
        assert cursor_id(screen) == 200
        assert any("Article #100 is not in this queue with these filters" in n for n in notifications(app))


async def test_an_ingest_by_another_process_shows_up_on_its_own(long_db, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("Lạng Sơn và Quảng Tây ký kết hợp tác về cửa khẩu thông minh.\n", encoding="utf-8")
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen.summary.total == COUNT
        done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "annotate", "ingest", "--no-preannotate", "--db", str(long_db), str(article)],
                                       capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        for _ in range(300):  # the queue polls once a second; nothing is pressed (a deadline of 30 s, not a speed)
            await pilot.pause(0.1)
            await settle(pilot)
            if screen.summary.total == COUNT + 1:
                break
        assert screen.summary.total == COUNT + 1
        assert cursor_id(screen) == 3  # the reviewer's place is kept
        assert any("1 new article arrived" in n for n in notifications(app))
        await pilot.press("end")
        await settle(pilot)
        assert cursor_id(screen) == COUNT + 1


async def test_r_is_in_the_footer_and_refreshes(long_db):
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer_keys = [str(key.key_display or key.key) for key in app.screen.query("FooterKey")]
        assert "r" in footer_keys and "q" in footer_keys and "?" in footer_keys
        db = open_database(long_db)
        add_article(db, "Bài mới", "Nội dung bài mới.", [], source="new.txt")
        db.close()
        app.screen._polling = True  # no automatic refresh: r alone must do it
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.summary.total == COUNT + 1


def test_each_ingest_stage_is_said_in_words():
    assert stage_words("loading_model", 0, 5) == "Loading the language model (underthesea) to pre-annotate 5 articles…"
    assert stage_words("preannotating", 2, 5) == "Pre-annotating: 2 of 5 articles done…"
    assert stage_words("preannotating", 0, 1) == "Pre-annotating: 0 of 1 article done…"
    assert stage_words("reading", 0, 5).startswith("Reading")


async def test_a_screenshot_falls_back_to_the_working_folder(long_db, tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no ~/Downloads here
    monkeypatch.chdir(work)
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        path = save_screenshot(app)
        await pilot.pause()
        assert path is not None and path.parent.resolve() == work.resolve() and path.suffix == ".svg"
        assert path.read_text(encoding="utf-8").startswith("<svg")
        assert any(f"Saved to {path.resolve()}" in n for n in notifications(app)), notifications(app)
        (home / "Downloads").mkdir()
        path = save_screenshot(app)
        assert path.parent.resolve() == (home / "Downloads").resolve()


async def test_the_palettes_screenshot_lands_in_the_working_folder_without_downloads(long_db, tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    app = make_app(long_db, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Screenshot")
        await pilot.pause(0.5)
        await pilot.press("enter")
        for _ in range(30):
            await pilot.pause(0.1)
            if list(work.glob("*.svg")):
                break
        saved = list(work.glob("*.svg"))
        assert len(saved) == 1
        await pilot.pause()
        assert any(str(saved[0].resolve()) in n for n in notifications(app))
