"""Command palette, keymap from schema.yaml, and the bindings' own documentation."""
from __future__ import annotations

from dataclasses import replace

from textual.command import CommandPalette

from annotate.schema import DEFAULT_KEYS, cached_schema
from tests.tui.helpers import ANNOTATOR, open_review, settle
from tui.app import make_app
from tui.commands import WorkbenchCommands
from tui.keys import APP_BINDINGS, QUEUE_BINDINGS, REVIEW_ACTIONS, REVIEW_BINDINGS, binding_id, keymap, label_bindings

SIZE = (120, 40)


def test_every_binding_has_an_id_a_description_and_a_tooltip():
    bindings = APP_BINDINGS + REVIEW_BINDINGS + QUEUE_BINDINGS + label_bindings(cached_schema().labels)
    for binding in bindings:
        assert binding.id and binding.description and binding.tooltip, binding
    ids = [b.id for b in bindings]
    assert len(ids) == len(set(ids))


def test_every_schema_key_action_has_a_binding():
    ids = {b.id for b in APP_BINDINGS + REVIEW_BINDINGS}
    assert {binding_id(action) for action in DEFAULT_KEYS} <= ids
    assert set(DEFAULT_KEYS) == set(REVIEW_ACTIONS) | {"help", "quit"}


def test_the_keymap_holds_only_what_schema_yaml_remaps():
    """An empty keymap for the default keys: Textual then skips re-mapping every binding on every key press."""
    schema = cached_schema()
    assert keymap(schema) == {}
    remapped = replace(schema, keys={**schema.keys, "reject": "r", "help": "f2"})
    assert keymap(remapped) == {"review.reject": "r", "app.help": "f2"}


async def test_palette_lists_review_actions_and_runs_them(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        provider = WorkbenchCommands(screen)
        titles = [title for title, _, _ in provider._commands()]
        assert {"Review: Accept", "Review: Reject", "Review: Accept all", "Review: Done", "Review: Undo", "Review: Official", "App: Help", "App: Quit"} <= set(titles)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Review: Accept all")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
    assert {s.status for s in standard_db.spans(standard_db.ids[0])} == {"accepted"}


async def test_palette_on_the_queue_offers_queue_actions(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [title for title, _, _ in WorkbenchCommands(app.screen)._commands()]
        assert {"Queue: Open", "Queue: Search", "Queue: Status", "Queue: Label", "Queue: Go to #", "Queue: Refresh", "App: Help"} <= set(titles)
        await pilot.press("ctrl+p", *"Queue: Open")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article_id == standard_db.ids[0]
