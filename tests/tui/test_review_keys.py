"""Every review key, pressed through Pilot, checked in the database afterwards."""
from __future__ import annotations

from annotate.services.review import ReviewService
from tests.tui.helpers import ANNOTATOR, TEXT_1, by_text, find, notifications, open_review, settle
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.review import ReviewScreen
from tui.widgets.article_text import ArticleText

SIZE = (120, 40)


def current_text(screen: ReviewScreen) -> str | None:
    span = screen.current_span()
    return screen.text_view.text[span.start : span.end] if span else None


async def test_enter_opens_the_article_and_copies_suggestions(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert isinstance(screen, ReviewScreen)
        assert current_text(screen) == "Trần Hồng Hà"
        assert "tester" in str(screen.query_one("#review-header").render())
    assert standard_db.review_status(standard_db.ids[0]) == "new"  # opening marks nothing
    assert len(standard_db.spans(standard_db.ids[0])) == 7
    assert {s.status for s in standard_db.spans(standard_db.ids[0])} == {"suggested"}


async def test_accept_with_a_and_enter_moves_to_the_next_span(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a")
        assert current_text(screen) == "Thượng Hải"
        await pilot.press("enter")
        await settle(pilot)
        assert current_text(screen) == "Cung Chính"
    article = standard_db.ids[0]
    assert by_text(standard_db, article, "Trần Hồng Hà")[0].status == "accepted"
    assert by_text(standard_db, article, "Thượng Hải")[0].status == "accepted"
    assert by_text(standard_db, article, "Cung Chính")[0].status == "suggested"


async def test_reject_with_x(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert current_text(screen) == "Thượng Hải"
    assert by_text(standard_db, standard_db.ids[0], "Trần Hồng Hà")[0].status == "rejected"


async def test_a_a_a_decides_spans_in_order(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a", "a", "x", "a")
        await settle(pilot)
    statuses = [s.status for s in standard_db.spans(standard_db.ids[0])]
    assert statuses == ["accepted", "accepted", "rejected", "accepted", "suggested", "suggested", "suggested"]


async def test_next_and_previous_span_keys_win_over_focus_keys(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("tab")
        assert current_text(screen) == "Thượng Hải"
        assert isinstance(app.focused, ArticleText)
        await pilot.press("n")
        assert current_text(screen) == "Cung Chính"
        await pilot.press("shift+tab")
        assert current_text(screen) == "Thượng Hải"
        assert isinstance(app.focused, ArticleText)
        await pilot.press("p")
        assert current_text(screen) == "Trần Hồng Hà"
        await pilot.press("shift+tab")
        assert current_text(screen) == "Trần Hồng Hà"  # tab and shift+tab stop at the ends
        await pilot.press("tab", "tab", "x")
        await settle(pilot)
    assert by_text(standard_db, standard_db.ids[0], "Cung Chính")[0].status == "rejected"


async def test_label_keys_relabel_the_current_span(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "3")
        await settle(pilot)
        await pilot.press("p", "2")
        await settle(pilot)
    article = standard_db.ids[0]
    thuong_hai = by_text(standard_db, article, "Thượng Hải")[0]
    assert (thuong_hai.label, thuong_hai.status, thuong_hai.attrs) == ("FIGURE", "edited", {})
    tran = by_text(standard_db, article, "Trần Hồng Hà")[0]
    assert (tran.label, tran.status) == ("LOCALITY", "edited")


async def test_bracket_keys_move_the_edges_a_word(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        span_id = by_text(standard_db, article, "Trần Hồng Hà")[0].id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert by_text(standard_db, article, "tướng Trần Hồng Hà")[0].id == span_id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert by_text(standard_db, article, "Trần Hồng Hà")[0].id == span_id
        await pilot.press("left_curly_bracket")
        await settle(pilot)
        assert by_text(standard_db, article, "Trần Hồng")[0].id == span_id
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await settle(pilot)
        assert by_text(standard_db, article, "Trần Hồng Hà tiếp")[0].id == span_id
        assert by_text(standard_db, article, "Trần Hồng Hà tiếp")[0].status == "edited"


async def test_moving_an_edge_over_a_suggestion_displaces_it(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "right_curly_bracket")
        await settle(pilot)
    assert by_text(standard_db, article, "Thượng Hải Cung")[0].status == "edited"
    assert by_text(standard_db, article, "Cung Chính")[0].status == "rejected"


async def test_an_invalid_edit_is_a_notification_and_changes_nothing(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "tab", "a", "shift+tab", "shift+tab")  # accept Cung Chính, back on Thượng Hải
        await settle(pilot)
        await pilot.press("right_curly_bracket")  # Thượng Hải would swallow the accepted Cung
        await settle(pilot)
        assert any("overlap" in message for message in notifications(app))
        assert isinstance(app.screen, ReviewScreen)
    assert by_text(standard_db, article, "Thượng Hải")[0].status == "suggested"


async def test_s_arrows_and_a_label_key_add_a_span(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        # from Trần Hồng Hà, the cursor moves to "tiếp", then to "Thị"
        await pilot.press("right", "right", "s")
        assert screen.selection == find(TEXT_1, "Thị")
        await pilot.press("right", "right", "left", "right")
        assert screen.selection == find(TEXT_1, "Thị trưởng thành")
        await pilot.press("1")
        await settle(pilot)
        assert current_text(screen) == "Thị trưởng thành"
    created = by_text(standard_db, article, "Thị trưởng thành")[0]
    assert (created.label, created.status, created.origin) == ("OFFICIAL", "accepted", "human")


async def test_s_then_enter_ends_the_span_with_the_last_label_and_escape_cancels(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("right", "s", "escape")
        assert screen.selection is None and isinstance(app.screen, ReviewScreen)
        await pilot.press("s", "enter")
        await settle(pilot)
    created = by_text(standard_db, article, "tiếp")[0]
    assert (created.label, created.status) == ("OFFICIAL", "accepted")


async def test_u_and_ctrl_z_undo_the_last_decision(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a", "x")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert current_text(screen) == "Thượng Hải"
        assert by_text(standard_db, article, "Thượng Hải")[0].status == "suggested"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert current_text(screen) == "Trần Hồng Hà"
    assert [s.status for s in standard_db.spans(article)][:2] == ["suggested", "suggested"]


async def test_undo_works_across_a_restart(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a", "a", "q")
        await settle(pilot)
    assert [s.status for s in standard_db.spans(article)][:2] == ["accepted", "accepted"]
    again = make_app(standard_db.path, ANNOTATOR)
    async with again.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("u")
        await settle(pilot)
    assert [s.status for s in standard_db.spans(article)][:2] == ["accepted", "suggested"]


async def test_shift_a_accepts_every_remaining_suggestion(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        screen = app.screen
        await pilot.press("x", "A")
        await settle(pilot)
        assert screen.last_action == "accepted 6 suggestions"
    assert [s.status for s in standard_db.spans(article)] == ["rejected"] + ["accepted"] * 6


async def test_d_marks_done_and_opens_the_next_article(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a", "d", "a")  # 6 suggestions still open: accept them and finish
        await settle(pilot)
        assert screen.article_id == standard_db.ids[1]
        assert current_text(screen) == "Quảng Ninh"
        await pilot.press("a")
        await settle(pilot)
    assert standard_db.review_status(standard_db.ids[0]) == "done"
    assert {s.status for s in standard_db.spans(standard_db.ids[0])} == {"accepted"}
    assert standard_db.review_status(standard_db.ids[1]) == "in_progress"
    assert by_text(standard_db, standard_db.ids[1], "Quảng Ninh")[0].status == "accepted"


async def test_d_on_the_last_article_wraps_to_the_first_undone_one(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, row=2)
        await pilot.press("d", "x")  # its one suggestion dropped
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.article_id == standard_db.ids[0]  # wrapped to the top
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.rows[2].status == "done"
    assert [standard_db.review_status(i) for i in standard_db.ids] == ["new", "new", "done"]
    assert [s.status for s in standard_db.spans(standard_db.ids[2])] == ["rejected"]


async def test_escape_goes_back_to_an_updated_queue(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a", "x", "escape")
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        row = queue.rows[0]
        assert (row.status, row.accepted, row.rejected, row.suggested) == ("in_progress", 1, 1, 5)


async def test_q_quits_from_review_after_saving(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("x", "q")
        await pilot.pause()
        assert app.return_code == 0
    assert by_text(standard_db, standard_db.ids[0], "Trần Hồng Hà")[0].status == "rejected"


async def test_help_keys_show_every_review_key(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        descriptions = {row.description for row in app.screen._rows}
        assert {"Accept", "Reject", "Next", "Prev", "Next open", "Prev open", "New span", "Gazetteer", "Attrs", "Undo", "Redo", "Find", "Rules", "Accept all", "Done", "Queue", "Help", "Quit", "Official", "Locality", "Figure", "Start ◀", "End ▶", "Article starts here"} <= descriptions
        keys = {row.description: row.keys for row in app.screen._rows}
        assert keys["Accept"] == "a, ⏎"
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, ReviewScreen)


async def test_angle_keys_move_the_article_boundary(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    article = standard_db.ids[0]
    start_before, end_before = standard_db.region(article)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("less_than_sign")  # article starts at "Trần"
        await settle(pilot)
        assert standard_db.region(article) == (find(TEXT_1, "Trần")[0], end_before)
        await pilot.press("greater_than_sign")  # and ends after it: after the whole name, never inside it
        await settle(pilot)
        assert standard_db.region(article) == find(TEXT_1, "Trần Hồng Hà")
        assert "article ends after" in app.screen.last_action
        await pilot.press("u", "u")
        await settle(pilot)
    assert standard_db.region(article) == (start_before, end_before)


async def test_a_remapped_key_in_schema_yaml_is_used(standard_db, tmp_path):
    from annotate.schema import load_schema

    source = (load_schema().path).read_text(encoding="utf-8").replace('reject: "x"', 'reject: "r"')
    custom = tmp_path / "schema.yaml"
    custom.write_text(source, encoding="utf-8")
    app = make_app(standard_db.path, ANNOTATOR, schema=load_schema(custom))
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    assert by_text(standard_db, standard_db.ids[0], "Trần Hồng Hà")[0].status == "rejected"


async def test_decisions_are_visible_to_another_service_at_once(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        other = ReviewService(standard_db.path, ANNOTATOR)
        try:
            assert other.view(standard_db.ids[0]).counts()["accepted"] == 1
            assert [d.action for d in other.history(standard_db.ids[0])] == ["accept"]
        finally:
            other.close()


async def test_q_quits_from_the_queue(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_arrows_move_the_cursor_and_select_the_span_under_it(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("right")  # off the span, onto "tiếp"
        assert current_text(screen) is None and screen.cursor == find(TEXT_1, "tiếp")[0]
        await pilot.press("left")
        assert current_text(screen) == "Trần Hồng Hà"
        await pilot.press("down")  # the next line starts with "Chính."
        line = screen.text_view.line_of(screen.cursor)
        assert line == screen.text_view.line_of(find(TEXT_1, "Trần")[0]) + 1
        await pilot.press("up")
        assert screen.text_view.line_of(screen.cursor) == line - 1
        await pilot.press("pagedown")
        assert screen.text_view.line_of(screen.cursor) > line
        await pilot.press("pageup")
        assert screen.text_view.line_of(screen.cursor) < line
        await pilot.press("a")  # no span under the cursor: a warning, nothing saved
        await settle(pilot)
        assert "no span at the cursor" in screen.last_action or current_text(screen)  # said in the panel, no toast
    assert standard_db.review_status(standard_db.ids[0]) == "new"


async def test_clicking_a_word_puts_the_cursor_there(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        view = screen.text_view
        start = find(TEXT_1, "Chiết Giang")[0]
        line = view.line_of(start)
        column = start - view.line_range(line)[0] + view.GUTTER + 1
        await pilot.click(ArticleText, offset=(column, line - round(view.scroll_y)))
        await pilot.pause()
        assert current_text(screen) == "Chiết Giang"
        await pilot.press("x")
        await settle(pilot)
    assert by_text(standard_db, standard_db.ids[0], "Chiết Giang")[0].status == "rejected"
