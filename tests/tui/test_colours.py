"""Label colours meet WCAG AA (4.5:1) on the dark and the light theme, computed on what the screen draws."""
from __future__ import annotations

import pytest
from rich.style import Style

from annotate.schema import cached_schema
from tests.tui.helpers import ANNOTATOR, open_review, settle
from tui.app import make_app
from tui.widgets.colours import AA, contrast_ratio, readable, text_on

SIZE = (120, 40)


def test_the_contrast_formula_is_wcags():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#e5a50a", "#e5a50a") == pytest.approx(1)


@pytest.mark.parametrize("background", ["#ffffff", "#d8d8d8", "#1e1e1e", "#000000", "#808080"])
def test_every_label_colour_is_shaded_until_it_reads(background):
    for label in cached_schema().labels:
        assert contrast_ratio(readable(label.colour, background), background) >= AA
        assert contrast_ratio(text_on(label.colour), label.colour) >= AA


def _colours(style: Style, base: Style) -> tuple[str, str]:
    """(text, background) as the terminal shows them: the span style over the widget's, reverse applied."""
    full = base + style
    fg, bg = full.color.get_truecolor().hex, full.bgcolor.get_truecolor().hex
    return (bg, fg) if full.reverse else (fg, bg)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_spans_on_screen_meet_aa_in_every_status_on_both_themes(standard_db, theme):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a", "x", "2", "tab")  # accepted, rejected, edited, suggested; one current
        await settle(pilot)
        app.theme = theme
        await pilot.pause()
        view = screen.text_view
        checked = set()
        for line in range(view.line_count):
            start, end = view.line_range(line)
            for span in view.spans_between(start, end):
                for current in (False, True):
                    style = view._span_style(span) if not current else None
                    if current:
                        view.current_id, saved = span.id, view.current_id
                        style = view._span_style(span)
                        view.current_id = saved
                    fg, bg = _colours(style, view.rich_style)
                    ratio = contrast_ratio(fg, bg)
                    assert ratio >= AA, (theme, span.label, span.status, current, fg, bg, ratio)
                    checked.add((span.label, span.status, current))
        assert {status for _, status, _ in checked} == {"accepted", "rejected", "edited", "suggested"}
        drawn = _drawn_span_colours(view)
        assert {status for status, _, _ in drawn} == {"accepted", "rejected", "edited", "suggested"}
        for status, fg, bg in drawn:
            assert contrast_ratio(fg, bg) >= AA, (theme, status, fg, bg)


def _drawn_span_colours(view) -> list[tuple[str, str, str]]:
    """(status, text colour, background) of every drawn segment of span text on the visible lines."""
    view.current_id = None  # no brackets: segments follow the text one to one
    view._cache.clear()
    found = []
    top = round(view.scroll_y)
    for y in range(min(view.page_height, view.line_count - top)):
        start, end = view.line_range(top + y)
        offset = start - view.GUTTER
        for segment in view.render_line(y)._segments:
            low, offset = offset, offset + len(segment.text)
            covering = [s for s in view.spans_between(max(start, low), offset) if s.start <= low and offset <= s.end]
            if covering and low >= start and segment.text.strip():
                fg, bg = _colours(Style(), segment.style)
                found.append((covering[0].status, fg, bg))
    return found


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_side_panels_meet_aa_on_both_themes(standard_db, theme):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        app.theme = theme
        await pilot.press("x", "tab")
        await settle(pilot)
        checked = 0
        for panel_id in ("#span-panel", "#progress-panel"):
            panel = screen.query_one(panel_id)
            for y in range(panel.content_region.height):
                for segment in panel.render_line(y)._segments:
                    style = segment.style
                    if not segment.text.strip() or style is None or style.color is None or style.bgcolor is None:
                        continue
                    fg, bg = _colours(Style(), style)
                    assert contrast_ratio(fg, bg) >= AA, (theme, panel_id, segment.text, fg, bg)
                    checked += 1
        assert checked >= 10
