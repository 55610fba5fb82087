"""A database with a known decision log for the desk-stats screen: two annotators, two days, fixed times."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from annotate.services.review import ReviewService
from tests.tui.helpers import ANNOTATOR, Fixture, build_standard


def stamp(day: str, seconds: int) -> str:
    return (dt.datetime.fromisoformat(f"{day}T08:00:00+00:00") + dt.timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def build_desk(path: Path) -> Fixture:
    """tester decides article 1 on 2026-03-02 and article 2 on 2026-03-03; minh accepts all of article 2 on 2026-03-03."""
    fixture = build_standard(path)
    a1, a2, _ = fixture.ids
    tester = ReviewService(path, ANNOTATOR)
    spans = tester.open_article(a1).spans
    tester.accept(spans[0].id)
    tester.reject(spans[1].id)
    tester.set_attrs(spans[3].id, {"country": "CN", "canonical": "Chiết Giang", "level": "province"})
    tester.mark_done(a1)
    second = tester.open_article(a2).spans
    tester.accept(second[0].id)
    tester.mark_done(a2)
    tester.close()
    minh = ReviewService(path, "minh")
    minh.open_article(a2)
    minh.accept_all(a2)
    minh.mark_done(a2)
    minh.close()
    times = {ANNOTATOR: [("2026-03-02", 0), ("2026-03-02", 40), ("2026-03-02", 70), ("2026-03-02", 100),
                         ("2026-03-03", 0), ("2026-03-03", 50)],
             "minh": [("2026-03-03", 10), ("2026-03-03", 30)]}
    conn = sqlite3.connect(path)
    with conn:
        for who, when in times.items():
            ids = [r[0] for r in conn.execute("SELECT id FROM decisions WHERE annotator = ? ORDER BY id", [who])]
            assert len(ids) == len(when), (who, len(ids))
            for decision_id, (day, seconds) in zip(ids, when):
                conn.execute("UPDATE decisions SET at = ? WHERE id = ?", [stamp(day, seconds), decision_id])
    conn.close()
    return fixture
