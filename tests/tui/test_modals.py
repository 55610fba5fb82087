"""The suggestions and attribute modals, alone on a bare host app and through the review keys g and e."""
from __future__ import annotations

from textual.widgets import Input, Select

from annotate.schema import cached_schema
from annotate.store.database import open_database
from annotate.services.suggestions import SuggestionService, user_entries
from tests.tui.helpers import ANNOTATOR, Host, by_text, open_review, settle, wait_for_matches
from tui.app import make_app
from tui.screens.attributes import AttributesModal
from tui.screens.suggestions import SuggestionChoice, SuggestionsModal

SIZE = (120, 40)


async def test_suggestions_open_with_the_mention_best_first(standard_db):
    lookup = SuggestionService(standard_db.path)
    modal = SuggestionsModal("Thượng Hải", lookup.places)
    app = Host(modal)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_matches(pilot, modal, "Thượng Hải")
        first = modal._results[0]
        assert (first.canonical, first.country, first.level) == ("Thượng Hải", "CN", "province")
        scores = [s.score for s in modal._results]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == SuggestionChoice(first, False)
    lookup.close()


async def test_typing_refines_the_query_and_enter_picks(standard_db):
    lookup = SuggestionService(standard_db.path)
    modal = SuggestionsModal("Trung Khánh", lookup.places)
    app = Host(modal)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_matches(pilot, modal, "Trung Khánh")
        query = modal.query_one("#query", Input)
        query.value = ""
        await pilot.press(*"Chiet Gia")
        await wait_for_matches(pilot, modal, "Chiet Gia")
        assert modal._results[0].canonical == "Chiết Giang"
        await pilot.press("down", "up", "enter")
        await pilot.pause()
    assert isinstance(app.result, SuggestionChoice)
    assert app.result.suggestion.canonical == "Chiết Giang" and app.result.remember is False
    lookup.close()


async def test_ctrl_s_picks_and_asks_to_remember_escape_cancels(standard_db):
    lookup = SuggestionService(standard_db.path)
    modal = SuggestionsModal("Thượng Hải", lookup.places)
    app = Host(modal)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_matches(pilot, modal, "Thượng Hải")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.remember is True
    cancelled = Host(SuggestionsModal("Thượng Hải", lookup.places))
    async with cancelled.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert cancelled.result is None
    lookup.close()


async def test_attribute_form_follows_the_schema_and_parses_numbers():
    figure = cached_schema().label("FIGURE")
    app = Host(AttributesModal(figure, {"unit": "USD", "note": "kept"}, "48,24 tỷ USD"))
    async with app.run_test(size=SIZE) as pilot:
        modal = app.screen
        assert [w.id for w in modal.query(".field > Input")] == ["attr-value", "attr-unit"]
        assert modal.query_one("#attr-value", Input).type == "number"
        await pilot.press(*"48240000000")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {"value": 48240000000, "unit": "USD"}


async def test_attribute_form_with_choices_and_cancel():
    official = cached_schema().label("OFFICIAL")
    app = Host(AttributesModal(official, {"title": "Đại sứ", "side": "VN"}, "Đặng Minh Khôi"))
    async with app.run_test(size=SIZE) as pilot:
        modal = app.screen
        side = modal.query_one("#attr-side", Select)
        assert side.value == "VN"
        side.value = "CN"
        await pilot.press(*"Đại sứ Trung Quốc", "enter")
        await pilot.pause()
    assert app.result == {"title": "Đại sứ Trung Quốc", "side": "CN"}
    cancelled = Host(AttributesModal(official, {}, "x"))
    async with cancelled.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert cancelled.result is None


async def test_g_picks_a_gazetteer_entry_and_merges_the_attributes(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "g")
        modal = app.screen
        assert isinstance(modal, SuggestionsModal) and modal.mention == "Thượng Hải"
        await wait_for_matches(pilot, modal, "Thượng Hải")
        await pilot.press("enter")
        await settle(pilot)
    span = by_text(standard_db, article, "Thượng Hải")[0]
    assert span.attrs == {"country": "CN", "canonical": "Thượng Hải", "level": "province"}
    assert span.status == "edited"


async def test_g_ctrl_s_adds_the_mention_to_the_user_gazetteer(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "g")  # TPHCM
        modal = app.screen
        assert modal.mention == "TPHCM"
        await wait_for_matches(pilot, modal, "TPHCM")
        assert modal._results[0].canonical == "Thành phố Hồ Chí Minh"
        await pilot.press("ctrl+s")
        await settle(pilot)
    span = by_text(standard_db, article, "TPHCM")[0]
    assert span.attrs["canonical"] == "Thành phố Hồ Chí Minh" and span.attrs["country"] == "VN"
    db = open_database(standard_db.path)
    entries = [(e["name"], e["canonical"], e["added_by"]) for e in user_entries(db)]
    db.close()
    assert entries == [("TPHCM", "Thành phố Hồ Chí Minh", ANNOTATOR)]


async def test_g_on_a_person_explains_instead_of_opening(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert not isinstance(app.screen, SuggestionsModal)
        assert any("place spans" in n.message for n in app._notifications)


async def test_e_edits_the_attributes_of_the_current_span(standard_db):
    article = standard_db.ids[0]
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        modal = app.screen
        assert isinstance(modal, AttributesModal)
        assert modal.query_one("#attr-title", Input).value == "Phó Thủ tướng"
        await pilot.press(*"Phó Thủ tướng Chính phủ", "enter")
        await settle(pilot)
    span = by_text(standard_db, article, "Trần Hồng Hà")[0]
    assert span.attrs == {"title": "Phó Thủ tướng Chính phủ", "side": "VN"}
    assert span.status == "edited"
