"""On a narrow terminal the span panel moves under the text, attributes stay visible, the footer keeps the essentials."""
from __future__ import annotations

from textual.widgets._footer import FooterKey

from tests.tui.helpers import ANNOTATOR, TEXT_1, find, open_review, settle
from tui.app import make_app
from tui.widgets.side_panel import SpanPanel


def footer_keys(screen) -> list[str]:
    return [key.key for key in screen.query(FooterKey)]


async def test_at_80x24_the_span_panel_goes_under_the_text_with_its_attributes(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        await settle(pilot)
        assert screen.has_class("-narrow")
        text, panel = screen.text_view, screen.query_one(SpanPanel)
        assert panel.region.y >= text.region.bottom and panel.region.width >= 78  # under the text, full width
        assert text.region.width >= 78
        assert not screen.query_one("#progress-panel").display
        shown = panel.render().plain
        assert "title Phó Thủ tướng" in shown and "side VN" in shown and "reviewed" in shown
        keys = footer_keys(screen)
        for essential in ("d", "escape", "question_mark", "q"):
            assert essential in keys, keys
        footer = screen.query_one("Footer")
        assert sum(key.outer_size.width for key in screen.query(FooterKey)) <= footer.size.width


async def test_widening_the_terminal_brings_the_side_column_back(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        await pilot.resize_terminal(140, 45)
        await settle(pilot)
        assert not screen.has_class("-narrow")
        assert screen.query_one("#progress-panel").display
        panel = screen.query_one(SpanPanel)
        assert panel.region.x >= screen.text_view.region.right
        assert "title     Phó Thủ tướng" in panel.render().plain
        assert {"tab", "a", "x", "d", "escape", "question_mark", "q"} <= set(footer_keys(screen))


async def test_the_brackets_of_the_current_span_leave_its_neighbours_alone(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        view = screen.text_view
        start, end = find(TEXT_1, "Trần Hồng Hà")
        line = view.line_of(start)
        drawn = "".join(segment.text for segment in view.render_line(line - round(view.scroll_y))._segments)
        assert "tướng [Trần Hồng Hà] tiếp" in drawn  # the spaces stay; the brackets are cells of their own
        column = start - view.line_range(line)[0] + 1  # the bracket takes one cell before the span
        assert view.offset_at(line, column) == start and view.offset_at(line, column - 1) == start
        assert view.offset_at(line, column - 2) == start - 1  # the space before the bracket
