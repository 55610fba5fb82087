"""Review progress: one row per (article, annotator) saying how far that person got.

A row holds the status ('new', 'in_progress', 'done'), whether the article was
handed to them (assigned) and whether their layer was copied from the
machine's (opened). Everything that asks "who finished what" reads it here.
"""
from __future__ import annotations

from typing import Any, Sequence

from sqlite_utils import Database

from annotate.models import ReviewState
from annotate.store.database import now


def review_state(db: Database, article_id: int, annotator: str) -> ReviewState | None:
    """The annotator's progress row on the article; None before they touched it."""
    rows = list(db.query("SELECT * FROM reviews WHERE article_id = ? AND annotator = ?", [article_id, annotator]))
    return ReviewState.from_row(rows[0]) if rows else None


def review_status(db: Database, article_id: int, annotator: str) -> str:
    """The status alone, 'new' when there is no row yet."""
    state = review_state(db, article_id, annotator)
    return state.status if state else "new"


def set_review(db: Database, article_id: int, annotator: str, **fields: Any) -> None:
    """Create or update the (article, annotator) progress row."""
    fields["updated_at"] = now()
    names = ", ".join(fields)
    marks = ", ".join("?" * len(fields))
    updates = ", ".join(f"{k} = excluded.{k}" for k in fields)
    db.execute(
        f"INSERT INTO reviews (article_id, annotator, {names}) VALUES (?, ?, {marks})"
        f" ON CONFLICT(article_id, annotator) DO UPDATE SET {updates}",
        [article_id, annotator, *fields.values()],
    )


def set_position(db: Database, article_id: int, annotator: str, position: int) -> None:
    """Remember where the reviewer's cursor was (not a change of their work: updated_at stays)."""
    db.execute("UPDATE reviews SET position = ? WHERE article_id = ? AND annotator = ?", [position, article_id, annotator])


def has_assignments(db: Database, annotator: str) -> bool:
    """True once any article was handed to this annotator (their queue then shows only those)."""
    row = db.execute("SELECT EXISTS(SELECT 1 FROM reviews WHERE annotator = ? AND assigned = 1)", [annotator]).fetchone()
    return bool(row[0])


def assigned_articles(db: Database) -> set[int]:
    """Articles handed to at least one annotator."""
    return {r[0] for r in db.execute("SELECT DISTINCT article_id FROM reviews WHERE assigned = 1").fetchall()}


def articles_with_status(db: Database, annotator: str, statuses: Sequence[str]) -> list[int]:
    """Ids of the articles whose review by this layer has one of these statuses, in id order."""
    marks = ",".join("?" * len(statuses))
    rows = db.execute(
        f"SELECT article_id FROM reviews WHERE annotator = ? AND status IN ({marks}) ORDER BY article_id",
        [annotator, *statuses],
    ).fetchall()
    return [row[0] for row in rows]


def finished_articles(db: Database) -> dict[str, set[int]]:
    """For every layer that finished something: the ids of the articles it marked done."""
    done: dict[str, set[int]] = {}
    for annotator, article_id in db.execute("SELECT annotator, article_id FROM reviews WHERE status = 'done'").fetchall():
        done.setdefault(annotator, set()).add(article_id)
    return done


def finished_by(db: Database, article_id: int) -> list[str]:
    """The people (reserved '@' layers left out) who marked this article done, by name."""
    rows = db.execute(
        "SELECT annotator FROM reviews WHERE article_id = ? AND status = 'done' AND annotator NOT LIKE '@%' ORDER BY annotator",
        [article_id],
    ).fetchall()
    return [row[0] for row in rows]


def finished_by_at_least(db: Database, people: int) -> list[int]:
    """Ids of the articles that at least this many people marked done, in id order."""
    rows = db.execute(
        "SELECT article_id FROM reviews WHERE status = 'done' AND annotator NOT LIKE '@%'"
        " GROUP BY article_id HAVING count(*) >= ? ORDER BY article_id",
        [people],
    ).fetchall()
    return [row[0] for row in rows]
