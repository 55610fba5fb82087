"""Where each reviewer left each article, so reopening it resumes there."""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m003_review_position(db: Database) -> None:
    """reviews.position: the code-point offset of the reviewer's cursor when they last left the article."""
    db.execute("ALTER TABLE reviews ADD COLUMN position INTEGER")
