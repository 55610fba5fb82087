"""Why and how sure, as a reviewer meets them: the queue's least-sure-first order (o) and the span panel's why row."""
from __future__ import annotations

from annotate.models import Source, Span
from annotate.store.database import open_database
from tests.tui.helpers import ANNOTATOR, add_article, open_review, settle
from tui.app import make_app
from tui.screens.queue import QueueScreen
from tui.screens.review import ReviewScreen
from tui.widgets.side_panel import SpanPanel

SIZE = (120, 40)


def ids(screen: QueueScreen) -> list[int]:
    return [row.article_id for row in screen.rows]


def panel_text(app) -> str:
    """The span panel as one line of words (wrapped rows joined, no-break spaces as spaces)."""
    shown = str(app.screen.query_one(SpanPanel).render())
    return " ".join(line.strip() for line in shown.splitlines()).replace("\u00a0", " ")


async def test_o_orders_the_queue_least_sure_first_and_back(standard_db):
    first, second, third = standard_db.ids  # lowest pending: 0.62, 0.35, 0.9
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("o")
        await settle(pilot)
        assert ids(screen) == [second, first, third]
        assert [row.lowest_confidence for row in screen.rows] == [0.35, 0.62, 0.9]
        assert "least sure first" in str(screen.query_one("#queue-info").render())
        await pilot.press("o")
        await settle(pilot)
        assert ids(screen) == [first, second, third]


async def test_done_opens_the_next_article_in_the_chosen_order(standard_db):
    first, second, third = standard_db.ids
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        review = await open_review(pilot)
        assert isinstance(review, ReviewScreen) and review.article_id == second
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.article_id == first
    assert standard_db.review_status(second) == "done"  # read from a second connection
    assert standard_db.review_status(first) == "in_progress"


async def test_accepting_the_least_sure_suggestion_moves_the_article_down(standard_db):
    first, second, third = standard_db.ids
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await open_review(pilot)  # article two: its 0.35 figure is the third span
        await pilot.press("tab", "tab", "a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert ids(screen) == [first, third, second]  # two's lowest pending is now 0.97, above three's 0.9
        assert screen.rows[2].lowest_confidence == 0.97
    assert [s.status for s in standard_db.spans(second)] == ["suggested", "suggested", "accepted"]


async def test_the_span_panel_says_how_sure_and_why(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert "why 0.99 · rule title-before-name · model B-PER title Phó Thủ tướng" in " ".join(panel_text(app).split())


async def test_provenance_is_shown_literally_never_as_markup(tmp_path):
    text = "Đoàn công tác tỉnh Cao Bằng đến thăm."
    start = text.index("Cao Bằng")
    odd = (Source("rule", "[bold]rule[/bold]"), Source("gazetteer", "user.yaml", "x\x07y"))
    db = open_database(tmp_path / "odd.db")
    add_article(db, "Cao Bằng", text, [Span(start, start + 8, "LOCALITY", {"canonical": "[red]Cao[/]"}, "gazetteer", odd, 0.42)])
    db.close()
    app = make_app(tmp_path / "odd.db", ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        shown = panel_text(app)
        assert "0.42 · rule [bold]rule[/bold] · gazetteer x␇y" in shown and "[red]Cao[/]" in shown
