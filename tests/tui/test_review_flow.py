"""Getting around an article as a reviewer does all day: resume, undecided spans, find, redo, finishing.

Pilot presses the keys; the database is read afterwards from a second connection.
"""
from __future__ import annotations

import sqlite3

from textual.widgets import Input

from tests.tui.helpers import ANNOTATOR, TEXT_1, by_text, find, open_review, settle, wait_for_matches
from tui.app import make_app
from tui.screens.article_search import ArticleSearch
from tui.screens.finish import FinishDialog
from tui.screens.queue import QueueScreen
from tui.screens.review import ReviewScreen
from tui.screens.suggestions import SuggestionsModal

SIZE = (120, 40)


def current_text(screen: ReviewScreen) -> str | None:
    span = screen.current_span()
    return screen.text_view.text[span.start : span.end] if span else None


async def test_opening_marks_nothing_and_a_first_decision_does(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and app.screen.rows[0].status == "new"
        assert standard_db.review_status(article) == "new"
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert standard_db.review_status(article) == "in_progress"
        await pilot.press("u")  # undoing the only decision: untouched again
        await settle(pilot)
    assert standard_db.review_status(article) == "new"


async def test_reopening_resumes_where_the_reviewer_left_off(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("tab", "tab", "tab")
        assert current_text(screen) == "Chiết Giang"
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_review(pilot)
        assert current_text(screen) == "Chiết Giang"
        await pilot.press("tab", "q")
        await settle(pilot)
    again = make_app(standard_db.path, ANNOTATOR)  # after quitting, too
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert current_text(screen) == "48,24 tỷ USD"


async def test_n_and_p_visit_undecided_spans_while_tab_walks_all(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("tab", "a", "tab", "x")  # Thượng Hải accepted, Chiết Giang rejected
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert current_text(screen) == "Trần Hồng Hà"
        await pilot.press("n")
        assert current_text(screen) == "Cung Chính"  # Thượng Hải is decided: skipped
        await pilot.press("n")
        assert current_text(screen) == "48,24 tỷ USD"  # so is Chiết Giang
        await pilot.press("p", "p")
        assert current_text(screen) == "Trần Hồng Hà"
        await pilot.press("tab")
        assert current_text(screen) == "Thượng Hải"  # tab still visits decided spans
        await pilot.press("p", "p")  # wraps to the last undecided span
        assert current_text(screen) == "TPHCM" and "wrapped" in screen.last_action
        await settle(pilot)


async def test_accept_goes_on_to_the_next_undecided_span(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("tab", "tab", "x", "shift+tab", "shift+tab", "shift+tab", "a")  # Cung Chính rejected, then Trần accepted
        assert current_text(screen) == "Thượng Hải"
        await pilot.press("a")
        assert current_text(screen) == "Chiết Giang"  # over the rejected Cung Chính
        await settle(pilot)


async def test_ctrl_y_redoes_what_u_undid_until_a_new_decision(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a", "x", "u", "u")
        await settle(pilot)
        assert [s.status for s in standard_db.spans(article)][:2] == ["suggested", "suggested"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert current_text(screen) == "Trần Hồng Hà" and screen.last_action == "redid accept"
        assert by_text(standard_db, article, "Trần Hồng Hà")[0].status == "accepted"
        await pilot.press("tab", "tab", "a", "ctrl+y")  # a new decision: the undone reject stays undone
        await settle(pilot)
        assert screen.last_action == "nothing to redo"
    assert by_text(standard_db, article, "Thượng Hải")[0].status == "suggested"
    assert by_text(standard_db, article, "Cung Chính")[0].status == "accepted"


async def test_slash_finds_text_case_and_accents_aside(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("slash")
        modal = app.screen
        assert isinstance(modal, ArticleSearch)
        await pilot.press(*"chiet giang")
        assert modal.matches == [find(TEXT_1, "Chiết Giang")]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and current_text(screen) == "Chiết Giang"
        await pilot.press("slash")  # the query is kept; a plain word puts the cursor there
        assert app.screen.query_one("#search-query", Input).value == "chiet giang"
        app.screen.query_one("#search-query", Input).value = "KIM NGACH"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert current_text(screen) is None and screen.cursor == find(TEXT_1, "Kim")[0]
        await pilot.press("slash", "escape")
        assert app.screen is screen and screen.cursor == find(TEXT_1, "Kim")[0]


async def test_d_on_an_untouched_article_asks_before_its_suggestions_vanish(standard_db):
    first, second, _ = standard_db.ids
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, FinishDialog) and app.screen.open_count == 7
        await pilot.press("escape")  # cancel: nothing happens
        await settle(pilot)
        assert app.screen is screen and screen.article_id == first
        assert standard_db.review_status(first) == "new"
        await pilot.press("d", "a")  # accept the rest and finish
        await settle(pilot)
        assert screen.article_id == second
        await pilot.press("d", "x")  # finish and drop them
        await settle(pilot)
    assert standard_db.review_status(first) == "done" and {s.status for s in standard_db.spans(first)} == {"accepted"}
    assert standard_db.review_status(second) == "done" and {s.status for s in standard_db.spans(second)} == {"rejected"}


async def test_relabelling_there_and_back_keeps_the_attributes(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("2", "3", "1")
        await settle(pilot)
    span = by_text(standard_db, article, "Trần Hồng Hà")[0]
    assert (span.label, span.attrs) == ("OFFICIAL", {"title": "Phó Thủ tướng", "side": "VN"})


async def test_a_new_span_gets_attributes_from_the_pre_annotators_parsers(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.cursor = find(TEXT_1, "261")[0]
        await pilot.press("s", "right", "right", "3")  # "261 dự án"
        await settle(pilot)
        assert current_text(screen) == "261 dự án"
        assert screen.current_span().attrs == {"value": 261, "unit": "dự án"}  # shown once committed
    assert by_text(standard_db, article, "261 dự án")[0].attrs == {"value": 261, "unit": "dự án"}


async def test_a_span_drawn_over_a_suggestion_keeps_its_attributes(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.cursor = find(TEXT_1, "48,24")[0]
        await pilot.press("s", "right", "right", "3")  # the same words as the suggestion "48,24 tỷ USD"
        await settle(pilot)
    drawn = [s for s in by_text(standard_db, article, "48,24 tỷ USD") if s.origin == "human"][0]
    assert drawn.attrs == {"value": 48240000000, "unit": "USD"}


async def test_a_second_gazetteer_pick_replaces_the_first_ones_place_attributes(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "tab", "tab", "g")  # Chiết Giang
        modal = app.screen
        modal.query_one("#query", Input).value = "Bình Dương"
        await wait_for_matches(pilot, modal, "Bình Dương")
        await pilot.press("enter")
        await settle(pilot)
        assert by_text(standard_db, article, "Chiết Giang")[0].attrs["now"] == "Thành phố Hồ Chí Minh"
        await pilot.press("g")
        modal = app.screen
        assert isinstance(modal, SuggestionsModal)
        await wait_for_matches(pilot, modal, "Chiết Giang")
        await pilot.press("enter")
        await settle(pilot)
    assert by_text(standard_db, article, "Chiết Giang")[0].attrs == {"country": "CN", "canonical": "Chiết Giang", "level": "province"}


async def test_keys_during_a_slow_commit_act_on_what_the_screen_shows(standard_db):
    """Issue 10, item 14: while the database is locked by another writer, keys still act on the screen's spans."""
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a", "a", "a")
        await settle(pilot)
        blocker = sqlite3.connect(standard_db.path)
        blocker.execute("BEGIN IMMEDIATE")  # an ingest holding the write lock
        try:
            await pilot.press("u", "u", "u", "x", "x", "x")
            assert screen.model.waiting == 6  # none committed yet
            assert [s.status for s in screen.model.spans][:4] == ["rejected", "rejected", "rejected", "suggested"]
            assert [s.status for s in standard_db.spans(article)][:3] == ["accepted"] * 3  # the database is behind
        finally:
            blocker.rollback()
            blocker.close()
        await settle(pilot)
        assert screen.model.waiting == 0
    assert [s.status for s in standard_db.spans(article)][:4] == ["rejected", "rejected", "rejected", "suggested"]


async def test_a_drag_over_words_draws_a_span_and_a_label_key_ends_it(standard_db):
    from textual import events

    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        view = screen.text_view

        def point(offset: int) -> dict:
            line = view.line_of(offset)
            x = offset - view.line_range(line)[0] + view.GUTTER
            y = line - round(view.scroll_y)
            region = view.content_region
            return dict(x=region.x + x, y=region.y + y, delta_x=0, delta_y=0, button=1, shift=False, meta=False, ctrl=False,
                        screen_x=region.x + x, screen_y=region.y + y, widget=view)

        start, end = find(TEXT_1, "Kim ngạch")
        view.post_message(events.MouseDown(**point(start + 1)))
        view.post_message(events.MouseMove(**point(end - 2)))
        view.post_message(events.MouseUp(**point(end - 2)))
        await pilot.pause()
        assert screen.selection == (start, end)
        await pilot.press("3")
        await settle(pilot)
        assert current_text(screen) == "Kim ngạch"
    assert by_text(standard_db, article, "Kim ngạch")[0].label == "FIGURE"
