"""Why and how sure: each span keeps the sources that proposed it and a calibrated confidence.

`provenance` is a JSON list of {kind, name, entry?} records (NULL for a person's span),
`confidence` a number in [0, 1] (NULL when none was estimated). Two indexes serve the
queue's sort by the lowest-confidence pending suggestion: one layer's pending spans in
confidence order (spans_layer_confidence, read as a stream), and one article's lowest
(spans_pending_confidence, one seek). They extend m001's spans_annotator_status and
m002's spans_counts, which they replace.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m003_span_provenance(db: Database) -> None:
    """Add spans.provenance and spans.confidence, and the indexes the confidence sort reads."""
    for statement in (
        "ALTER TABLE spans ADD COLUMN provenance TEXT",
        "ALTER TABLE spans ADD COLUMN confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1))",
        "CREATE INDEX IF NOT EXISTS spans_pending_confidence ON spans(article_id, annotator, status, confidence)",
        "CREATE INDEX IF NOT EXISTS spans_layer_confidence ON spans(annotator, status, confidence, article_id)",
        "DROP INDEX IF EXISTS spans_counts",
        "DROP INDEX IF EXISTS spans_annotator_status",
    ):
        db.execute(statement)  # one by one, inside the migration's transaction (executescript would commit)
