"""Rescue a damaged database into a new file: every row that still reads, and every reviewer decision from the log.

Rows are copied table by table in rowid blocks; a block that fails is
retried row by row, so one damaged page costs only its own rows. The
decision log holds, for every reviewer action, the spans as they were after
it (and undo entries say which action they reversed), so replaying it in
order gives the last state of every span a reviewer touched: those that did
not survive the copy are written back from there, with the review status
from the log's done/reopen entries when the reviews table is lost too.
Spans nobody touched (machine suggestions and untouched copies of them) can
only come back from a backup or from pre-annotating again.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database

from annotate.errors import StoreError
from annotate.store import layers, reviews
from annotate.store.database import open_database, write_transaction

TABLES = ("articles", "spans", "reviews", "decisions", "gazetteer_entries")  # parents before children
BLOCK = 256
_DELETED = None


@dataclass
class SalvageReport:
    """What reached the new file: rows per table, rows lost, spans rebuilt from the decision log."""

    target: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    rebuilt_spans: int = 0
    rebuilt_reviews: int = 0

    def lines(self) -> list[str]:
        out = [f"  {t}: {self.copied.get(t, 0)} rows copied" + (f", {self.lost[t]} unreadable" if self.lost.get(t) else "") for t in TABLES]
        out.append(f"  from the decision log: {self.rebuilt_spans} reviewer spans and {self.rebuilt_reviews} review states rebuilt")
        return out


def salvage(source: Path, target: Path) -> SalvageReport:
    """Copy what reads from source into a new database at target, then replay the decision log."""
    if target.exists():
        raise StoreError(f"{target}: already exists; salvage into a new file")
    report = SalvageReport(target)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    db = open_database(target)
    try:
        db.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table; checked below
        for table in TABLES:
            _copy_table(src, db, table, report)
        _replay_decisions(db, report)
        _drop_orphans(db)
        db.execute("PRAGMA foreign_keys = ON")
    finally:
        src.close()
        db.close()
    return report


def _copy_table(src: sqlite3.Connection, db: Database, table: str, report: SalvageReport) -> None:
    columns = _shared_columns(src, db, table)
    if not columns:
        report.lost[table] = report.lost.get(table, 0)
        return
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
    copied = lost = 0
    with write_transaction(db):
        for rows, failures in _readable_rows(src, table, quoted):
            db.conn.executemany(insert, rows)
            copied += len(rows)
            lost += failures
    report.copied[table], report.lost[table] = copied, lost


def _shared_columns(src: sqlite3.Connection, db: Database, table: str) -> list[str]:
    try:
        theirs = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.DatabaseError:
        return []
    ours = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
    return [c for c in theirs if c in ours]


def _readable_rows(src: sqlite3.Connection, table: str, quoted: str) -> Iterator[tuple[list[tuple], int]]:
    """(rows, unreadable count) per rowid block; a failing block is read row by row."""
    try:
        top = src.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return  # the table's own b-tree is gone: nothing of it reads
    select = f'SELECT {quoted} FROM "{table}" WHERE rowid BETWEEN ? AND ?'
    for low in range(1, top + 1, BLOCK):
        high = min(top, low + BLOCK - 1)
        try:
            yield src.execute(select, [low, high]).fetchall(), 0
            continue
        except sqlite3.DatabaseError:
            pass
        rows, failures = [], 0
        for rowid in range(low, high + 1):
            try:
                rows.extend(src.execute(select, [rowid, rowid]).fetchall())
            except sqlite3.DatabaseError:
                failures += 1  # a rowid that may never have existed counts here too
        yield rows, failures


def _replay_decisions(db: Database, report: SalvageReport) -> None:
    """The last state of every span a decision touched; write back those the copy lost."""
    final: dict[int, dict[str, Any] | None] = {}
    status: dict[tuple[int, str], str] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for decision_id, article_id, annotator, action, payload in db.execute(
        "SELECT id, article_id, annotator, action, payload FROM decisions ORDER BY id"
    ).fetchall():
        data = json.loads(payload)
        by_id[decision_id] = data
        if action == "undo":
            undone = by_id.get(data.get("undid"), {})
            final.update({s["id"]: s for s in undone.get("before", [])})
            final.update({span_id: _DELETED for span_id in undone.get("created", [])})
            if "review" in undone:
                status[(article_id, annotator)] = undone["review"]["before"]
            continue
        final.update({s["id"]: s for s in data.get("after", [])})
        if "review" in data:
            status[(article_id, annotator)] = data["review"]["after"]
        status.setdefault((article_id, annotator), "in_progress")
    present = {r[0] for r in db.execute("SELECT id FROM spans").fetchall()}
    articles = {r[0] for r in db.execute("SELECT id FROM articles").fetchall()}
    with write_transaction(db):
        for span_id, snapshot in final.items():
            if snapshot is not _DELETED and span_id not in present and snapshot["article_id"] in articles:
                layers.write_snapshot(db, snapshot)
                report.rebuilt_spans += 1
        for (article_id, annotator), state in status.items():
            if article_id in articles and reviews.review_state(db, article_id, annotator) is None:
                reviews.set_review(db, article_id, annotator, status=state, opened=1)
                report.rebuilt_reviews += 1


def _drop_orphans(db: Database) -> None:
    """Rows whose article did not survive cannot be kept (their foreign key has nothing to point at)."""
    with write_transaction(db):
        for table in ("spans", "reviews", "decisions"):
            db.execute(f"DELETE FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)")
