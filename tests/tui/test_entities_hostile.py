"""Hostile data on the entities and mentions screens: nothing crashes, runs, or reaches the terminal; values are stored exactly."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotate.store import articles as article_store
from annotate.text.visible import visible
from tests.tui.helpers import ANNOTATOR, Fixture, settle
from tests.tui.hostile_db import HOSTILE, OFFICIAL_TEXT, PLACE_TEXT, HostileFixture, assert_displayed_safely, build_hostile
from tui.app import make_app
from tui.screens.concordance import ConcordanceScreen
from tui.screens.entities import EntitiesScreen


@pytest.fixture
def hostile(tmp_path: Path) -> HostileFixture:
    return build_hostile(tmp_path / "hostile.db")


async def test_entities_and_mentions_show_hostile_forms_and_attributes_literally(hostile):
    app = make_app(hostile.path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntitiesScreen)
        text = assert_displayed_safely(app)
        assert "Hoàng[@click=app.quit]Q[/" in text  # markup in a form, shown as written (the cell cuts it)
        assert {row.form for row in screen.rows} >= {OFFICIAL_TEXT, PLACE_TEXT}
        place = next(i for i, row in enumerate(screen.rows) if row.form == PLACE_TEXT)
        for _ in range(place):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConcordanceScreen)
        text = assert_displayed_safely(app)
        assert visible(PLACE_TEXT) in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")  # accept the hostile place: stored exactly
        await settle(pilot)
        assert app.is_running
        assert_displayed_safely(app)
    fixture = Fixture(hostile.path)
    db = fixture.db()
    text = article_store.get_article(db, hostile.hostile_id).text
    db.close()
    accepted = [s for s in fixture.spans(hostile.hostile_id) if text[s.start:s.end] == PLACE_TEXT]
    assert [(s.status, s.attrs["canonical"]) for s in accepted] == [("accepted", HOSTILE)]
