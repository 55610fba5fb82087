"""Why and how sure: each span keeps the sources that proposed it and a calibrated confidence.

`provenance` is a JSON list of {kind, name, entry?} records (NULL for a person's span),
`confidence` a number in [0, 1] (NULL when none was estimated). The index serves the
queue's sort by the lowest-confidence pending suggestion (one seek per article) and
the per-article status counts, so it replaces m002's spans_counts, its prefix.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m003_span_provenance(db: Database) -> None:
    """Add spans.provenance and spans.confidence, and the index the confidence sort reads."""
    for statement in (
        "ALTER TABLE spans ADD COLUMN provenance TEXT",
        "ALTER TABLE spans ADD COLUMN confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1))",
        "CREATE INDEX IF NOT EXISTS spans_pending_confidence ON spans(article_id, annotator, status, confidence)",
        "DROP INDEX IF EXISTS spans_counts",
    ):
        db.execute(statement)  # one by one, inside the migration's transaction (executescript would commit)
