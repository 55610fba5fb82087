"""The agreement and adjudication screens on a bare host app: keys in, database state out."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from annotate.models import ArticleRecord, Span
from annotate.services.adjudication import Adjudicator
from annotate.services.agreement import AgreementService
from annotate.store import articles as article_store
from annotate.store import layers, open_database, reviews, write_transaction
from annotate.store.database import GOLD, MACHINE
from tests.tui.helpers import Host, settle
from tui.screens.adjudication import AdjudicationScreen, EditSpanModal
from tui.screens.agreement import AgreementScreen

T1 = "Bí thư Trần Cát Ninh thăm Quảng Ninh và Thượng Hải , đầu tư 48 tỷ USD ."
T2 = "Đoàn đến Nam Kinh ."


def sp(text: str, phrase: str, label: str, **attrs) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), label, attrs, "human")


def words(article: ArticleRecord) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", article.text)]


def build(path: Path) -> tuple[int, int]:
    """Article 1: alice and bob disagree on Thượng Hải and the FIGURE; article 2: they agree."""
    db = open_database(path)
    ids = []
    with write_transaction(db):
        for text in (T1, T2):
            ids.append(article_store.insert_article(db, {
                "source_key": text[:10], "source": "test", "content_hash": article_store.content_hash(text), "text": text,
                "title": text[:20], "region_start": 0, "region_end": len(text), "furniture": [],
            }))
        a1, a2 = ids
        work = {
            (a1, "alice"): [sp(T1, "Trần Cát Ninh", "OFFICIAL"), sp(T1, "Thượng Hải", "LOCALITY"), sp(T1, "48 tỷ USD", "FIGURE")],
            (a1, "bob"): [sp(T1, "Trần Cát Ninh", "OFFICIAL"), sp(T1, "48 tỷ", "FIGURE")],
            (a2, "alice"): [sp(T2, "Nam Kinh", "LOCALITY")],
            (a2, "bob"): [sp(T2, "Nam Kinh", "LOCALITY")],
        }
        for (aid, name), spans in work.items():
            layers.insert_spans(db, aid, name, spans, status="accepted")
            reviews.set_review(db, aid, name, status="done", opened=1)
        layers.insert_spans(db, a1, MACHINE, [sp(T1, "Quảng Ninh", "LOCALITY")], status="suggested")
    db.close()
    return a1, a2


def gold(path: Path, article_id: int) -> tuple[str | None, list[tuple[str, str]]]:
    db = open_database(path)
    state = reviews.review_state(db, article_id, GOLD)
    spans = [(T1[s.start:s.end], s.label) for s in layers.layer(db, article_id, GOLD)]
    db.close()
    return (state.status if state else None), spans


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "team.db"
    return path, *build(path)


async def test_adjudication_keys_write_gold(db_path):
    path, a1, _ = db_path
    judge = Adjudicator(path, "dana")
    screen = AdjudicationScreen(a1, judge)
    async with Host(screen).run_test() as pilot:
        await settle(pilot)
        th, fig = T1.index("Thượng Hải"), T1.index("48 tỷ USD")
        assert [c.id for c in screen.view.conflicts] == [f"{th}-{th + 10}", f"{fig}-{fig + 9}"]
        # conflict 1 is Thượng Hải (alice only): take alice (1); the cursor moves on to the FIGURE
        await pilot.press("1")
        await settle(pilot)
        assert screen.current == 1
        assert gold(path, a1) == ("in_progress", [("Trần Cát Ninh", "OFFICIAL"), ("Thượng Hải", "LOCALITY")])
        # take bob's shorter FIGURE (2), then change our mind: back to it and drop
        await pilot.press("2")
        await settle(pilot)
        assert ("48 tỷ", "FIGURE") in gold(path, a1)[1]
        await pilot.press("n")
        assert screen.current == 0
        await pilot.press("n")
        assert screen.current == 1
        await pilot.press("x")
        await settle(pilot)
        assert ("48 tỷ", "FIGURE") not in gold(path, a1)[1]
        # undo the drop: bob's version is back
        await pilot.press("u")
        await settle(pilot)
        assert ("48 tỷ", "FIGURE") in gold(path, a1)[1]
        await pilot.press("f")
        await settle(pilot)
        assert gold(path, a1) == ("done", [("Trần Cát Ninh", "OFFICIAL"), ("Thượng Hải", "LOCALITY"), ("48 tỷ", "FIGURE")])
        assert screen.view.status == "done"
    judge.close()


async def test_finish_with_open_conflicts_is_refused(db_path):
    path, a1, _ = db_path
    judge = Adjudicator(path, "dana")
    screen = AdjudicationScreen(a1, judge)
    async with Host(screen).run_test() as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert gold(path, a1)[0] is None
        await pilot.press("9")  # there is no annotator 9: nothing happens
        await settle(pilot)
        assert gold(path, a1) == (None, [])
    judge.close()


async def test_edit_modal_writes_an_explicit_span(db_path):
    path, a1, _ = db_path
    judge = Adjudicator(path, "dana")
    screen = AdjudicationScreen(a1, judge)
    async with Host(screen).run_test() as pilot:
        await settle(pilot)
        await pilot.press("n")  # the FIGURE conflict
        await pilot.press("e")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, EditSpanModal)
        start = T1.index("đầu tư")
        modal.query_one("#start", Input).value = str(start)
        modal.query_one("#attrs", Input).value = '{"value": 48000000000, "unit": "USD"}'
        await pilot.pause()
        modal.query_one("#attrs", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        status, spans = gold(path, a1)
        assert ("đầu tư 48 tỷ USD", "FIGURE") in spans
        conflict = screen.view.conflicts[1]
        assert conflict.resolution == "edit" and conflict.gold[0].attrs == {"value": 48000000000, "unit": "USD"}
        # escape in the modal changes nothing
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert gold(path, a1) == (status, spans)
    judge.close()


async def test_agreement_screen_matrix_articles_and_enter(db_path):
    path, a1, a2 = db_path
    screen = AgreementScreen(AgreementService(path, "dana", tokenize=words))
    async with Host(screen).run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert screen.report is not None
        matrix = screen.query_one("#matrix", DataTable)
        assert [str(c.label) for c in matrix.columns.values()][1:] == ["alice", "bob", MACHINE]
        # all labels, alice × bob over both articles: strict tp 2 (OFFICIAL, Nam Kinh), fp 1, fn 2 -> 4/7;
        # overlap tp 3 (the FIGUREs overlap), fn 1 (Thượng Hải) -> 6/7
        assert str(matrix.get_cell("alice", "bob")).startswith("0.57 / 0.86")
        screen.query_one("#label", Select).value = "OFFICIAL"
        await pilot.pause()
        assert str(matrix.get_cell("alice", "bob")).startswith("1.00 / 1.00")
        articles = screen.query_one("#articles", DataTable)
        # lowest agreement first
        assert [articles.get_row_at(i)[0] for i in range(articles.row_count)] == [str(a1), str(a2)]
        assert str(articles.get_row_at(0)[4]) == "new"
        articles.focus()
        await pilot.press("enter")
        await settle(pilot)
        adjudication = pilot.app.screen
        assert isinstance(adjudication, AdjudicationScreen) and adjudication.article_id == a1
        await pilot.press("1", "1")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert gold(path, a1)[0] == "done"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert str(articles.get_row_at(0)[4]) == "done"


async def test_queue_m_opens_the_agreement_screen(tmp_path):
    from tui.app import make_app
    from tui.screens.agreement import AgreementScreen

    app = make_app(tmp_path / "team.db", "lan", preannotate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AgreementScreen)
