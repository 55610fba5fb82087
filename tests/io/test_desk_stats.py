"""`annotate stats --annotators` on a hand-built decision log whose answers were worked out by hand.

lan (2026-03-02), article 1, six suggestions, times in seconds from 08:00:00:
    0 accept Lạng Sơn          -> accepted unchanged (gold has it)
   30 reject Hoàng Văn Nghiệm  -> rejected
   60 attrs of Quảng Tây      -> corrected: attributes
   90 bounds of Vi Triều Huy  -> corrected: boundary
  100 relabel 12,5 tỷ USD     -> corrected: label (FIGURE -> LOCALITY)
  400 accept Nam Ninh         -> accepted unchanged (after 300 s away: idle)
  402 reject Nam Ninh, 404 undo it   -> left out (undone)
  410 add "Ngày 5/3" FIGURE   -> added by hand
  420 done
  active = 30+30+30+10+10+10 = 120 s; 1 article, 7 spans -> 30 articles/h, 210 spans/h, 120 s/article
  kept keys vs gold (5 spans, no FIGURE): Lạng Sơn, Quảng Tây, Nam Ninh match; 3 do not -> F1 = 2*3/(6+5) = 6/11
  accepted unchanged on gold: 2, gold has both -> bias 0
minh (2026-03-03): 1000 accept all (6), 1060 done -> active 60 s, F1 = 2*5/(6+5) = 10/11, bias 1/6 (the FIGURE)
everyone: 180 s, 2 articles, 13 spans, 12 suggestions (8 accepted, 3 corrected, 1 rejected), 1 added, bias 1/8
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.services.review import ReviewService
from annotate.store import layers, reviews
from annotate.store.database import GOLD, open_database, write_transaction
from tests.conftest import SHORT_TEXT, short_spans

LAN_SECONDS = [0, 30, 60, 90, 100, 400, 402, 404, 410, 420]
MINH_SECONDS = [1000, 1060]


def stamp(day: str, seconds: int) -> str:
    return (dt.datetime.fromisoformat(f"{day}T08:00:00+00:00") + dt.timedelta(seconds=seconds)).isoformat(timespec="microseconds")


@pytest.fixture
def logged_db(db_path, article):
    lan = ReviewService(db_path, "lan")
    spans = lan.open_article(article).spans
    lan.accept(spans[0].id)
    lan.reject(spans[1].id)
    lan.set_attrs(spans[2].id, {**spans[2].attrs, "level": "city"})
    lan.set_bounds(spans[3].id, spans[3].start + 3, spans[3].end)
    lan.set_label(spans[5].id, "LOCALITY")
    lan.accept(spans[4].id)
    lan.reject(spans[4].id)
    lan.undo(article)
    lan.add_span(article, 0, 8, "FIGURE")
    lan.mark_done(article)
    lan.close()
    minh = ReviewService(db_path, "minh")
    minh.open_article(article)
    assert minh.accept_all(article).count == 6
    minh.mark_done(article)
    minh.close()
    db = open_database(db_path)
    with write_transaction(db):
        layers.insert_spans(db, article, GOLD, short_spans()[:5], "accepted")
        reviews.set_review(db, article, GOLD, status="done", opened=1)
    db.close()
    conn = sqlite3.connect(db_path)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM decisions WHERE annotator = 'lan' ORDER BY id")]
        assert len(ids) == len(LAN_SECONDS)
        for decision_id, seconds in zip(ids, LAN_SECONDS):
            conn.execute("UPDATE decisions SET at = ? WHERE id = ?", [stamp("2026-03-02", seconds), decision_id])
        ids = [r[0] for r in conn.execute("SELECT id FROM decisions WHERE annotator = 'minh' ORDER BY id")]
        for decision_id, seconds in zip(ids, MINH_SECONDS):
            conn.execute("UPDATE decisions SET at = ? WHERE id = ?", [stamp("2026-03-03", seconds), decision_id])
    conn.close()
    return db_path


def report(db_path, fmt: str) -> str:
    result = CliRunner().invoke(main, ["stats", "--annotators", "--format", fmt, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_has_the_hand_worked_answers(logged_db):
    data = json.loads(report(logged_db, "json"))
    rows = {r["annotator"]: r for r in data["annotators"]}
    lan, minh, everyone = rows["lan"], rows["minh"], rows["(all)"]
    assert lan["active_hours"] == pytest.approx(120 / 3600, abs=1e-4)
    assert (lan["articles"], lan["spans"], lan["seconds_per_article"]) == (1, 7, pytest.approx(120))
    assert lan["articles_per_hour"] == pytest.approx(30) and lan["spans_per_hour"] == pytest.approx(210)
    assert (lan["suggestions"], lan["accepted"], lan["corrected"], lan["rejected"], lan["added_by_hand"]) == (6, 2, 3, 1, 1)
    assert (lan["corrected_boundary"], lan["corrected_label"], lan["corrected_attributes"]) == (1, 1, 1)
    assert lan["gold_f1"] == pytest.approx(6 / 11) and lan["automation_bias"] == 0
    assert (minh["suggestions"], minh["accepted"], minh["seconds_per_article"]) == (6, 6, pytest.approx(60))
    assert minh["gold_f1"] == pytest.approx(10 / 11) and minh["automation_bias"] == pytest.approx(1 / 6)
    assert everyone["active_hours"] == pytest.approx(180 / 3600, abs=1e-4)
    assert (everyone["articles"], everyone["spans"], everyone["suggestions"]) == (2, 13, 12)
    assert (everyone["accepted"], everyone["corrected"], everyone["rejected"], everyone["added_by_hand"]) == (8, 3, 1, 1)
    assert everyone["automation_bias"] == pytest.approx(1 / 8)
    assert everyone["seconds_per_article"] == pytest.approx(90)
    days = {(d["annotator"], d["day"]): d for d in data["days"]}
    assert days[("lan", "2026-03-02")]["decisions"] == 8
    assert days[("lan", "2026-03-02")]["acceptance_rate"] == pytest.approx(2 / 6)
    assert days[("minh", "2026-03-03")]["acceptance_rate"] == 1


def test_csv_and_table_carry_the_same_figures(logged_db):
    rows = {r["annotator"]: r for r in csv.DictReader(io.StringIO(report(logged_db, "csv")))}
    assert set(rows) == {"lan", "minh", "(all)"}
    assert float(rows["lan"]["spans_per_hour"]) == pytest.approx(210)
    table = report(logged_db, "table").splitlines()
    lan_line = next(line for line in table if line.startswith("lan"))
    cells = lan_line.split()
    assert cells[5] == "210.0" and cells[8] == "33%" and cells[-2:] == ["0.545", "0%"]  # spans/h, accepted, F1, bias


def test_no_log_says_so(db_path, article):
    assert "no decisions" in report(db_path, "table")
    assert json.loads(report(db_path, "json")) == {"annotators": [], "days": []}
