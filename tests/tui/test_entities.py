"""The entities screen as a reviewer uses it: keys in, the database read from a second connection.

`t` from the queue, bulk keys on a row (only pending mentions change, the machine's
layer never), `u` undoing the whole bulk action also after a restart, the concordance
and the review screen opened at a mention, sort, label filter, accent-insensitive search.
"""
from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from annotate.models import Span
from annotate.store import layers
from annotate.store.database import MACHINE, open_database
from tests.conftest import add_article, find
from tests.services.test_entities import TEXTS, spans_of
from tests.tui.helpers import settle
from tui.app import make_app
from tui.screens.concordance import ConcordanceScreen, ReviewAtMention
from tui.screens.entities import EntitiesScreen

ANNOTATOR = "lan"


@pytest.fixture
def corpus(db_path):
    return [add_article(db_path, text, spans_of(text), source=f"{i}.txt") for i, text in enumerate(TEXTS)]


def forms_and_statuses(db_path, annotator=ANNOTATOR):
    """(form, label, status) of every span in the layer, read through a new connection."""
    db = open_database(db_path)
    try:
        rows = db.execute(
            "SELECT substr(a.text, s.start + 1, s.\"end\" - s.start), s.label, s.status, s.attrs FROM spans s JOIN articles a ON a.id = s.article_id"
            " WHERE s.annotator = ? ORDER BY s.article_id, s.start", [annotator]
        ).fetchall()
        return [(form, label, status) for form, label, status, _ in rows]
    finally:
        db.close()


def machine_layer(db_path, ids):
    db = open_database(db_path)
    try:
        return [layers.layer(db, a, MACHINE) for a in ids]
    finally:
        db.close()


async def open_entities(pilot) -> EntitiesScreen:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntitiesScreen)
    return screen


def shown_forms(screen: EntitiesScreen) -> list[str]:
    return [row.form for row in screen.rows]


async def test_t_opens_entities_and_a_accepts_every_pending_mention(db_path, corpus):
    machine = machine_layer(db_path, corpus)
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_entities(pilot)
        assert shown_forms(screen) == ["Lam Giang", "Hạ Lương", "Vũ Thành Khê"]
        assert screen.query_one("#entities", DataTable).row_count == 3
        await pilot.press("a")
        await settle(pilot)
        assert [r.pending for r in screen.rows if r.form == "Lam Giang"] == [0]
        assert screen.current_row().form == "Hạ Lương"  # the cursor stays on its line: the next entity to decide
    assert [s for s in forms_and_statuses(db_path) if s[0] == "Lam Giang"] == [("Lam Giang", "LOCALITY", "accepted")] * 4
    assert {s[2] for s in forms_and_statuses(db_path) if s[0] != "Lam Giang"} == {"suggested"}
    assert machine_layer(db_path, corpus) == machine


async def test_u_undoes_the_whole_bulk_action_after_a_restart(db_path, corpus):
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_entities(pilot)
        await pilot.press("down", "x")  # Hạ Lương: reject all three
        await settle(pilot)
    assert [s[2] for s in forms_and_statuses(db_path) if s[0] == "Hạ Lương"] == ["rejected"] * 3
    restarted = make_app(db_path, ANNOTATOR)
    async with restarted.run_test(size=(140, 40)) as pilot:
        screen = await open_entities(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert [r.pending for r in screen.rows if r.form == "Hạ Lương"] == [3]
    assert {s[2] for s in forms_and_statuses(db_path)} == {"suggested"}


async def test_decided_mentions_stay_and_relabel_key_moves_only_pending(db_path, corpus):
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = app.service.open_article(corpus[0])
        first_lam = next(s for s in view.spans if TEXTS[0][s.start:s.end] == "Lam Giang")
        app.service.accept(first_lam.id)
        screen = await open_entities(pilot)
        assert [(r.pending, r.accepted) for r in screen.rows if r.form == "Lam Giang"] == [(3, 1)]
        await pilot.press("1")  # OFFICIAL: relabel every pending mention
        await settle(pilot)
    labels = [(s[1], s[2]) for s in forms_and_statuses(db_path) if s[0] == "Lam Giang"]
    assert sorted(labels) == [("LOCALITY", "accepted")] + [("OFFICIAL", "edited")] * 3


async def test_e_sets_title_and_side_on_pending_officials(db_path, corpus):
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_entities(pilot)
        await pilot.press("l")  # OFFICIAL only
        await settle(pilot)
        assert shown_forms(screen) == ["Vũ Thành Khê"]
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#attr-title", Input)
        field.value = "Chủ tịch UBND tỉnh Lam Giang"
        await pilot.press("ctrl+s")
        await settle(pilot)
    db = open_database(db_path)
    attrs = [json_attrs for (json_attrs,) in db.execute("SELECT attrs FROM spans WHERE annotator = ? AND label = 'OFFICIAL'", [ANNOTATOR]).fetchall()]
    db.close()
    assert len(attrs) == 2 and all('"title": "Chủ tịch UBND tỉnh Lam Giang"' in a and '"side": "VN"' in a for a in attrs)


async def test_g_sets_the_canonical_place_from_the_gazetteer(db_path):
    text = "Đoàn công tác thăm Nam Ninh; Nam Ninh là thủ phủ Quảng Tây."
    spans = [Span(*find(text, "Nam Ninh", n), "LOCALITY", {}, "model") for n in (0, 1)]
    article = add_article(db_path, text, spans)
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_entities(pilot)
        await pilot.press("g")
        modal = app.screen
        for _ in range(100):
            await pilot.pause(0.05)
            if getattr(modal, "_shown_query", None) == "Nam Ninh":
                break
        await pilot.press("enter")
        await settle(pilot)
    db = open_database(db_path)
    stored = layers.layer(db, article, ANNOTATOR)
    db.close()
    assert [(s.status, s.attrs.get("canonical"), s.attrs.get("country")) for s in stored] == [("edited", "Nam Ninh", "CN")] * 2


async def test_enter_lists_mentions_and_opens_the_article_at_one(db_path, corpus):
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_entities(pilot)
        await pilot.press("enter")
        await settle(pilot)
        concordance = app.screen
        assert isinstance(concordance, ConcordanceScreen)
        assert [(m.article_id, m.status) for m in concordance.mentions] == [(corpus[0], "suggested")] * 2 + [(corpus[1], "suggested"), (corpus[2], "suggested")]
        line = concordance.query_one("#mentions", DataTable).get_row_at(1)[2].plain
        assert line.endswith(" tiếp đoàn tỉnh Hạ Lương tại Lam Giang.")
        await pilot.press("down", "enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewAtMention)
        second = find(TEXTS[0], "Lam Giang", 1)
        assert (review.current_span().start, review.current_span().end) == second
        await pilot.press("x")  # reject it there
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert [m.status for m in app.screen.mentions][:2] == ["suggested", "rejected"]
    assert [s[2] for s in forms_and_statuses(db_path) if s[0] == "Lam Giang"] == ["suggested", "rejected"]


async def test_sort_label_filter_and_accent_insensitive_search(db_path, corpus):
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_entities(pilot)
        await pilot.press("o", "o", "o", "o")  # form order
        await settle(pilot)
        assert screen.sort == "form" and shown_forms(screen) == ["Hạ Lương", "Lam Giang", "Vũ Thành Khê"]
        await pilot.press("slash", *"vu thanh", "enter")
        await settle(pilot)
        assert shown_forms(screen) == ["Vũ Thành Khê"]
        await pilot.press("slash", "ctrl+u")
        for _ in "vu thanh":
            await pilot.press("backspace")
        await pilot.press("enter", "l", "l")  # LOCALITY
        await settle(pilot)
        assert shown_forms(screen) == ["Hạ Lương", "Lam Giang"]


async def test_palette_opens_entities_and_lists_its_bulk_actions_and_help_shows_them(db_path, corpus):
    from textual.command import CommandPalette

    from tui.commands import WorkbenchCommands
    from tui.keys import CONCORDANCE_BINDINGS, ENTITY_BINDINGS, entity_label_bindings
    from tui.screens.help import HelpScreen

    for binding in ENTITY_BINDINGS + CONCORDANCE_BINDINGS + entity_label_bindings(app_schema()):
        assert binding.id and binding.description and binding.tooltip, binding
    app = make_app(db_path, ANNOTATOR)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "Queue: Entities" in [title for title, _, _ in WorkbenchCommands(app.screen)._commands()]
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Queue: Entities")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntitiesScreen)
        titles = {title for title, _, _ in WorkbenchCommands(app.screen)._commands()}
        assert {"Entities: Accept all", "Entities: Reject all", "Entities: Undo bulk", "Entities: Place", "Entities: As Official"} <= titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def app_schema():
    from annotate.schema import cached_schema

    return cached_schema().labels
