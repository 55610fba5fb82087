"""Screenshots of the queue, and of the review screen and each of its modals at 80x24 and 140x45.

Deterministic: a fixed annotator, a tmp database with known articles (only its file
name is on screen), no clock. Regenerate with `pytest tests/tui --snapshot-update`.
"""
from __future__ import annotations

import pytest

from tests.tui.helpers import ANNOTATOR, open_review, settle, wait_for_matches
from tui.app import make_app

SIZE = (120, 40)
REVIEW_SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])


def test_queue_screen(snap_compare, standard_db):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=SIZE, run_before=run_before)


def test_queue_screen_filtered(snap_compare, standard_db):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("l", "l")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=SIZE, run_before=run_before)


@REVIEW_SIZES
def test_review_screen(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("a", "x")  # one accepted, one rejected, the third span current
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_review_screen_new_span(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("right", "right", "s", "right")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_suggestions_modal(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("tab", "g")
        await wait_for_matches(pilot, pilot.app.screen, "Thượng Hải")

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_attributes_modal(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_help_screen(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_label_rules(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("tab", "question_mark")  # on a LOCALITY: its rules
        await pilot.pause()

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_finish_dialog(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("a", "d")
        await settle(pilot)

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)


@REVIEW_SIZES
def test_article_search(snap_compare, standard_db, size):
    async def run_before(pilot):
        await open_review(pilot)
        await pilot.press("slash", *"hai")
        await pilot.pause()

    assert snap_compare(make_app(standard_db.path, ANNOTATOR), terminal_size=size, run_before=run_before)
