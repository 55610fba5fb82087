"""Hostile data on every screen (issue 10, items 1 and 2): nothing crashes, nothing runs, nothing reaches the terminal.

Each test opens screens of the real app on tests/tui/hostile_db.py's database
(markup, ESC/C1 sequences, CR/BS, bidi overrides and NUL in titles, sources,
annotator names, span texts, attribute values and a gazetteer entry), checks
what would be written to the terminal, and reads the database from a second
connection to prove that no click or key did anything but what it says.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from annotate.store import articles as article_store
from annotate.store.database import GOLD
from annotate.text.visible import same_length, visible
from tests.tui.hostile_db import (
    CLICK_TITLE, FIGURE_TEXT, HOSTILE, HOSTILE_ANNOTATOR, OFFICIAL_TEXT, PLACE_TEXT, HostileFixture,
    assert_displayed_safely, build_hostile, snapshot_of,
)
from tests.tui.helpers import ANNOTATOR, Fixture, notifications, open_review, settle, wait_for_matches
from textual.widgets import DataTable, Input
from tui.app import make_app
from tui.screens.review import ReviewScreen


@pytest.fixture
def hostile(tmp_path: Path) -> HostileFixture:
    return build_hostile(tmp_path / "hostile.db")


def layer(hostile: HostileFixture, annotator: str = ANNOTATOR) -> dict[str, object]:
    """The annotator's spans on the hostile article by their text, read from a second connection."""
    fixture = Fixture(hostile.path)
    db = fixture.db()
    try:
        text = article_store.get_article(db, hostile.hostile_id).text
    finally:
        db.close()
    return {text[s.start : s.end]: s for s in fixture.spans(hostile.hostile_id, annotator)}


async def test_the_queue_opens_on_markup_titles_and_shows_them_literally(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = assert_displayed_safely(app)
        assert app.is_running
        assert "[/]" in text and CLICK_TITLE in text
        assert "␛[2J␛]0;PWN␇" in text  # the escapes of title and source, as placeholders
        table = app.screen.query_one("#queue-table", DataTable)
        assert table.row_count == 3


def changed_rows(before: dict, after: dict) -> list[tuple[str, dict]]:
    """Rows added, removed or changed between two snapshot_of() results, by table."""
    changed = []
    for table in before.keys() | after.keys():
        old, new = before.get(table, []), after.get(table, [])
        changed += [(table, row) for row in new if row not in old] + [(table, row) for row in old if row not in new]
    return changed


async def test_clicking_a_click_markup_title_runs_no_action(hostile):
    before = snapshot_of(hostile.path)
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#queue-table", offset=(5, 3))  # on the "[@click=app.quit]Q[/]" cell: where "Q" would be
        await settle(pilot)
        assert app.is_running, "the click ran the title's action"
        assert app.screen.query_one("#queue-table", DataTable).cursor_row == 2  # a click moves the cursor there
        await pilot.click("#queue-table", offset=(5, 3))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ReviewScreen) and app.screen.article_id == hostile.click_id  # a second opens it
        assert_displayed_safely(app)
    # opening the article is the only write: this reviewer's state for that article, nothing else
    changes = changed_rows(before, snapshot_of(hostile.path))
    assert changes and all(row.get("article_id") == hostile.click_id for _, row in changes), changes


async def test_clicking_hostile_cells_and_headers_of_the_queue(hostile):
    before = snapshot_of(hostile.path)
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for x in (1, 10, 40, 60, 80):  # the header row and the header line above the table
            await pilot.click("#queue-table", offset=(x, 0))
            await pilot.click("#queue-header", offset=(x, 0))
            await pilot.pause()
            assert app.is_running
        assert_displayed_safely(app)
    assert snapshot_of(hostile.path) == before


async def test_a_hostile_annotator_name_is_shown_literally(hostile):
    app = make_app(hostile.path, HOSTILE_ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert visible(HOSTILE_ANNOTATOR) in assert_displayed_safely(app)
        screen = await open_review(pilot, row=1)
        assert isinstance(screen, ReviewScreen)
        assert visible(HOSTILE_ANNOTATOR) in assert_displayed_safely(app)


async def test_review_shows_hostile_title_body_spans_and_attributes_as_placeholders(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot, row=1)
        text = assert_displayed_safely(app)
        assert "Tít ␛[2J␛]0;PWN␇␛[31m⟨U+009B⟩2J" in text  # the header
        assert same_length(PLACE_TEXT) in text  # the body, one placeholder per character
        assert OFFICIAL_TEXT in text  # the side panel and the body: markup as written
        assert "⟨U+009B⟩2J⟨U+009D⟩0;PWN" in text  # the attribute value, long placeholders in the side panel
        await pilot.press("a")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ReviewScreen)
        assert_displayed_safely(app)
    official = layer(hostile)[OFFICIAL_TEXT]
    assert official.status == "accepted"
    assert official.attrs["title"] == HOSTILE  # stored exactly, never the placeholders


def current_span_cells(view, line: int) -> str:
    """The characters painted in the current span's style (reversed) on one visual line of the article."""
    strip = view._render_text_line(line)
    return "".join(segment.text for segment in strip if segment.style and segment.style.reverse and segment.style.bold)


async def test_spans_and_the_cursor_line_up_with_placeholders_in_the_body(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot, row=1)
        view = screen.text_view
        for phrase in (OFFICIAL_TEXT, PLACE_TEXT, FIGURE_TEXT):
            span = screen.current_span()
            assert view.text[span.start : span.end] == phrase
            line = view.line_of(span.start)
            assert current_span_cells(view, line) == same_length(phrase)  # painted over exactly its characters
            await pilot.press("tab")
            await pilot.pause()
        # a click on the ESC placeholder after “USD,” lands on the word that holds that ESC
        body = view.text
        esc = body.index("\x1b[2J\x1b]0;PWN")
        line = view.line_of(esc)
        column = esc - view.line_range(line)[0]
        await pilot.click("#article", offset=(view.GUTTER + column, line))
        await pilot.pause()
        word = screen._grid.word_at(screen.cursor)
        assert word[0] <= esc < word[1]
        assert app.is_running


async def test_attributes_modal_shows_hostile_values_and_saves_them_exactly(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot, row=1)
        await pilot.press("e")
        await settle(pilot)
        title_field = app.screen.query_one("#attr-title", Input)
        assert title_field.value == HOSTILE
        assert title_field._position_to_cell(len(HOSTILE)) == len(HOSTILE)  # one cell per character: the cursor lines up
        assert_displayed_safely(app)
        await pilot.press("end", "home", "right")  # moving the cursor through the placeholders edits nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    official = layer(hostile)[OFFICIAL_TEXT]
    assert official.attrs == {"title": HOSTILE, "side": "VN"}


async def test_suggestions_modal_shows_a_hostile_gazetteer_entry_and_picks_it_exactly(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot, row=1)
        await pilot.press("tab", "g")
        await wait_for_matches(pilot, app.screen, PLACE_TEXT)
        text = assert_displayed_safely(app)
        assert "[/][@click=app.quit]Q[/]" in text
        await pilot.press("ctrl+s")  # pick and remember: the toast quotes the mention and the canonical
        await settle(pilot)
        assert any(HOSTILE[:20] in message for message in notifications(app))
        assert_displayed_safely(app)
        assert app.is_running
    assert layer(hostile)[PLACE_TEXT].attrs["canonical"] == HOSTILE


async def test_help_and_palette_open_over_hostile_data(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot, row=1)
        await pilot.press("f1")
        await pilot.pause()
        assert "Keys: Review" in assert_displayed_safely(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"acc")
        await pilot.pause(0.3)
        assert "Review: Accept" in assert_displayed_safely(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_agreement_and_adjudication_show_hostile_names_literally(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        text = assert_displayed_safely(app)
        assert visible(HOSTILE_ANNOTATOR) in text
        await pilot.click("#matrix", offset=(45, 0))  # the hostile name as a column label
        await pilot.click("#matrix", offset=(3, 1))  # and as a row label
        await pilot.pause()
        assert app.is_running
        app.screen.query_one("#articles").focus()
        await pilot.press("enter")
        await settle(pilot)
        text = assert_displayed_safely(app)
        assert "Conflict 1/3" in text and "«Nam⟨U+202E⟩Ninh␛[2J»" in text
        await pilot.press("n", "e")
        await settle(pilot)
        assert_displayed_safely(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")  # take the hostile annotator's version of the LOCALITY conflict
        await settle(pilot)
        assert_displayed_safely(app)
        assert app.is_running
    gold = layer(hostile, GOLD)
    assert gold[PLACE_TEXT].attrs["canonical"] == HOSTILE


async def test_a_hostile_error_message_is_a_literal_toast(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot, row=1)
        screen.notify("[/]" + HOSTILE, markup=False)  # what DecisionFailed and friends show
        app.notify(HOSTILE, title=HOSTILE, markup=False)
        await pilot.pause()
        text = assert_displayed_safely(app)
        assert app.is_running and "[/][@click" in text


async def test_the_rendering_helper_sees_what_a_terminal_would_get():
    """assert_displayed_safely can fail: a widget given raw data trips it."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import Static

    class Raw(App[None]):
        def compose(self):
            yield Static(Text("title \x1b]0;PWN\x07"))

    app = Raw()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        with pytest.raises(AssertionError, match="U[+]001B"):
            assert_displayed_safely(app)
