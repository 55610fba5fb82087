"""Counts over the whole database, for `annotate stats`."""
from __future__ import annotations

from sqlite_utils import Database


def article_counts(db: Database) -> tuple[int, int]:
    """(current articles, superseded versions)."""
    current = db.execute("SELECT count(*) FROM articles WHERE superseded_by IS NULL").fetchone()[0]
    superseded = db.execute("SELECT count(*) FROM articles WHERE superseded_by IS NOT NULL").fetchone()[0]
    return current, superseded


def span_counts(db: Database) -> list[tuple[str, str, str, int]]:
    """(annotator, label, status, count) for every combination that occurs, sorted."""
    rows = db.execute("SELECT annotator, label, status, count(*) FROM spans GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()
    return [tuple(r) for r in rows]


def review_counts(db: Database) -> list[tuple[str, str, int]]:
    """(annotator, review status, count of articles), sorted."""
    return [tuple(r) for r in db.execute("SELECT annotator, status, count(*) FROM reviews GROUP BY 1, 2 ORDER BY 1, 2").fetchall()]
