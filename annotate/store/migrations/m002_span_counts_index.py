"""Per-article span counts for the queue without scanning an annotator's whole layer."""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m002_span_counts_index(db: Database) -> None:
    """Per-article span counts for the queue without scanning an annotator's whole layer."""
    db.execute("CREATE INDEX IF NOT EXISTS spans_counts ON spans(article_id, annotator, status)")
