"""The app on a shared database: roles in served mode, and who else is working (presence), checked in the database."""
from __future__ import annotations

import sqlite3

from annotate.services.presence import PresenceService
from annotate.services.users import UsersService
from tests.tui.helpers import ANNOTATOR, notifications, open_review, settle
from tui.app import make_app
from tui.screens.help import help_rows
from tui.screens.queue import QueueScreen

SIZE = (120, 40)


def add_user(path, name: str, role: str = "reviewer") -> None:
    users = UsersService(path)
    users.add(name, role)
    users.close()


async def beat(pilot) -> None:
    """One presence heartbeat now (the app's interval does the same every few seconds)."""
    pilot.app.presence_tick()
    await settle(pilot)


def presence_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT annotator, screen, article_id FROM presence ORDER BY annotator").fetchall()


async def test_a_served_reviewer_has_no_agreement_screen(standard_db):
    add_user(standard_db.path, "lan")
    app = make_app(standard_db.path, "lan", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any(row.description == "Agreement" for row in help_rows(app.screen))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        app.action_agreement()
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen) and "adjudicators" in notifications(app)[-1]


async def test_a_served_adjudicator_opens_the_agreement_screen(standard_db):
    add_user(standard_db.path, "minh", "adjudicator")
    app = make_app(standard_db.path, "minh", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any(row.description == "Agreement" for row in help_rows(app.screen))
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ == "AgreementScreen"


async def test_a_served_session_of_a_revoked_user_does_not_start(standard_db):
    add_user(standard_db.path, "lan")
    UsersService(standard_db.path).revoke("lan")
    app = make_app(standard_db.path, "lan", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1


async def test_revoking_ends_an_open_served_session(standard_db):
    add_user(standard_db.path, "lan")
    app = make_app(standard_db.path, "lan", served=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        UsersService(standard_db.path).revoke("lan")
        app.presence._written = None  # the next tick writes (and checks) at once
        await beat(pilot)
        await pilot.pause(0.2)
    assert app._exit
    with sqlite3.connect(standard_db.path) as db:
        assert db.execute("SELECT action FROM decisions WHERE annotator = 'lan'").fetchall() == [("accept",)]


async def test_the_queue_shows_who_else_works_on_which_article(standard_db):
    first = standard_db.ids[0]
    minh = PresenceService(standard_db.path, "minh")
    minh.beat("review", first)
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await beat(pilot)
        screen = app.screen
        assert "minh (#1)" in str(screen._header_text())
        table = screen.query_one("#queue-table")
        assert str(table.get_cell_at((0, table.get_column_index("with")))) == "minh"
        assert str(table.get_cell_at((1, table.get_column_index("with")))) == ""
        minh.leave()
        await beat(pilot)
        assert str(table.get_cell_at((0, table.get_column_index("with")))) == ""
        assert "also working" not in str(screen._header_text())
    minh.close()


async def test_each_session_writes_where_it_is_and_leaves_on_quit(standard_db):
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await beat(pilot)
        assert presence_rows(standard_db.path) == [(ANNOTATOR, "queue", None)]
        await open_review(pilot)
        await beat(pilot)
        assert presence_rows(standard_db.path) == [(ANNOTATOR, "review", standard_db.ids[0])]
        await pilot.press("q")
        await settle(pilot)
    assert presence_rows(standard_db.path) == []


async def test_two_reviewers_on_one_article_keep_their_own_layers(standard_db):
    minh = PresenceService(standard_db.path, "minh")
    minh.beat("review", standard_db.ids[0])
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await beat(pilot)
        await open_review(pilot)
        assert any("minh also has this article open" in n for n in notifications(app))
        await pilot.press("x")
        await settle(pilot)
    with sqlite3.connect(standard_db.path) as db:
        assert db.execute("SELECT annotator, action FROM decisions").fetchall() == [(ANNOTATOR, "reject")]
        assert db.execute("SELECT COUNT(*) FROM spans WHERE annotator = 'minh'").fetchone() == (0,)
    minh.close()


async def test_names_from_the_database_are_shown_literally(standard_db):
    minh = PresenceService(standard_db.path, "[bold]x\x1b[31m")
    minh.beat("review", standard_db.ids[0])
    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await beat(pilot)
        header = str(app.screen._header_text())
        assert "[bold]x\u241b[31m (#1)" in header and "\x1b" not in header
    minh.close()


async def test_a_quit_from_outside_waits_for_every_submitted_decision(standard_db):
    """The server ends a session with a quit message (idle, tab closed): keys already pressed are still committed."""
    from textual.messages import ExitApp

    app = make_app(standard_db.path, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        for _ in range(4):
            screen.action_reject()
        app.post_message(ExitApp())
        await pilot.pause()
    with sqlite3.connect(standard_db.path) as db:
        assert db.execute("SELECT COUNT(*) FROM decisions WHERE action = 'reject'").fetchone() == (4,)
