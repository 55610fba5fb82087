"""`annotate resuggest`: what reviewers decided never changes; untouched suggestions learn from them.

Real pipeline: articles are ingested with the real underthesea model, decisions
go through ReviewService, and every check reads the database through a new
connection after the command ran. Names and places are invented.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.services.review import ReviewService

REVIEWED = (
    "Chiều 12/3, tại thành phố Lạng Sơn, Chủ tịch UBND tỉnh Lạng Sơn Hà Minh Khoa đã tiếp đoàn công tác "
    "của thành phố Sủng Tả do ông Lỗ Vĩnh Kiệt, Thị trưởng thành phố Sủng Tả dẫn đầu. "
    "Hai bên đã ký 3 văn kiện hợp tác và mở thêm 2 tuyến xe khách."
)
UNTOUCHED = (
    "Sáng 20/4, Phó Thị trưởng thành phố Sủng Tả Lưu Gia Tuấn thăm Lạng Sơn. "
    "Hai bên thống nhất mở thêm 2 tuyến xe buýt và ký 4 văn kiện mới."
)
OPENED = (
    "Ngày 2/5, tỉnh Lạng Sơn và thành phố Sủng Tả mở thêm 2 tuyến xe tải, ký 5 văn kiện."
)
DONE = "Ngày 9/5, thành phố Sủng Tả mở thêm 2 tuyến tàu với tỉnh Lạng Sơn."


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    """Read through a fresh connection: what another process sees."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def layer(db_path: Path, article_id: int, annotator: str) -> list[tuple]:
    return rows(db_path, 'SELECT id, start, "end", label, attrs, status, updated_at FROM spans'
                " WHERE article_id = ? AND annotator = ? ORDER BY start, id", [article_id, annotator])


def span_at(spans, text: str, needle: str, label: str):
    start = text.index(needle)
    return next(s for s in spans if (s.start, s.end, s.label) == (start, start + len(needle), label))


@pytest.fixture(scope="module")
def reviewed_db(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """Four ingested articles: lan reviews one (reject, correct, add) and finishes another; minh opens a third."""
    folder = tmp_path_factory.mktemp("articles")
    for name, text in (("a_reviewed", REVIEWED), ("b_untouched", UNTOUCHED), ("c_opened", OPENED), ("d_done", DONE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db_path = folder / "team.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    ids = {source: aid for aid, source in rows(db_path, "SELECT id, source FROM articles")}
    ids = {name.split(".")[0][2:]: aid for name, aid in ids.items()}
    lan = ReviewService(db_path, "lan")
    spans = lan.open_article(ids["reviewed"]).spans
    lan.reject(span_at(spans, REVIEWED, "2 tuyến", "FIGURE").id)
    place = span_at(spans, REVIEWED, "Sủng Tả", "LOCALITY")
    lan.set_attrs(place.id, {**place.attrs, "level": "district"})
    lan.accept(span_at(spans, REVIEWED, "3 văn kiện", "FIGURE").id)
    lan.open_article(ids["done"])
    lan.mark_done(ids["done"])
    lan.close()
    minh = ReviewService(db_path, "minh")
    opened = minh.open_article(ids["opened"]).spans
    minh.accept(span_at(opened, OPENED, "Lạng Sơn", "LOCALITY").id)
    minh.close()
    return db_path, ids


@pytest.fixture(scope="module")
def after_resuggest(reviewed_db):
    db_path, ids = reviewed_db
    before = {
        "decided": rows(db_path, 'SELECT id, article_id, annotator, start, "end", label, attrs, status, updated_at'
                        " FROM spans WHERE status != 'suggested' ORDER BY id"),
        "log": rows(db_path, "SELECT * FROM decisions ORDER BY id"),
        "reviews": rows(db_path, "SELECT * FROM reviews ORDER BY article_id, annotator"),
        "done_layer": layer(db_path, ids["done"], "lan"),
        "reviewed_machine": layer(db_path, ids["reviewed"], "@machine"),
    }
    result = CliRunner().invoke(main, ["resuggest", "--db", str(db_path)])
    return db_path, ids, before, result


def test_nothing_a_reviewer_decided_changes(after_resuggest):
    db_path, ids, before, result = after_resuggest
    assert result.exit_code == 0, result.output
    assert rows(db_path, 'SELECT id, article_id, annotator, start, "end", label, attrs, status, updated_at'
                " FROM spans WHERE status != 'suggested' ORDER BY id") == before["decided"]
    assert rows(db_path, "SELECT * FROM decisions ORDER BY id") == before["log"]
    assert rows(db_path, "SELECT * FROM reviews ORDER BY article_id, annotator") == before["reviews"]
    assert layer(db_path, ids["done"], "lan") == before["done_layer"], "a finished article is left as its reviewer left it"
    assert layer(db_path, ids["reviewed"], "@machine") == before["reviewed_machine"], "opened articles keep their predictions"


def test_untouched_article_learns_the_rejection_and_the_correction(after_resuggest):
    db_path, ids, _, result = after_resuggest
    text = UNTOUCHED
    machine = [(text[s:e], label, json.loads(attrs)) for _, s, e, label, attrs, _, _ in layer(db_path, ids["untouched"], "@machine")]
    assert ("2 tuyến", "FIGURE") not in [(f, lab) for f, lab, _ in machine], "rejected after 'thêm' in the reviewed article"
    places = [attrs for form, label, attrs in machine if form == "Sủng Tả" and label == "LOCALITY"]
    assert places and all(a["level"] == "district" for a in places), machine
    assert ("4 văn kiện", "FIGURE") in [(f, lab) for f, lab, _ in machine], "what nobody rejected stays"
    report = result.output.strip().splitlines()[-1]
    assert "suggestions changed" in report and not report.startswith("resuggested 0 ")


def test_an_open_layer_changes_only_its_undecided_suggestions(after_resuggest):
    db_path, ids, _, _ = after_resuggest
    spans = layer(db_path, ids["opened"], "minh")
    pending = [(OPENED[s:e], label) for _, s, e, label, _, status, _ in spans if status == "suggested"]
    assert ("2 tuyến", "FIGURE") not in pending
    assert ("5 văn kiện", "FIGURE") in pending
    assert [(OPENED[s:e], status) for _, s, e, label, _, status, _ in spans if status != "suggested"] == [("Lạng Sơn", "accepted")]


def test_resuggest_twice_changes_nothing_more(after_resuggest):
    db_path, _, _, _ = after_resuggest
    again = CliRunner().invoke(main, ["resuggest", "--db", str(db_path)])
    assert again.exit_code == 0, again.output
    assert ": 0 suggestions changed" in again.output


def test_learned_facts_are_stored_in_the_database(after_resuggest):
    db_path, _, _, _ = after_resuggest
    facts = rows(db_path, "SELECT kind, label, form, context, accepted, rejected FROM learned_facts")
    assert ("judgement", "FIGURE", "2 tuyến", "thêm", 0, 1) in facts
    place = rows(db_path, "SELECT attrs FROM learned_facts WHERE kind = 'place' AND form = 'Sủng Tả'")
    assert json.loads(place[0][0])["level"] == "district"
