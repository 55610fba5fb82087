"""What the pre-annotator learned from reviewers: confirmed officials and places, and judgements of forms in context.

One table, rebuilt from the reviewers' layers whenever the pre-annotator is
about to use it (annotate.services.learning), so it is a cache of what the
layers say and never the only copy of anything a reviewer did.
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m006_learned_facts(db: Database) -> None:
    """learned_facts: kind (official, place, judgement), label, form, context, attrs, accepted/rejected counts."""
    for statement in (
        """CREATE TABLE IF NOT EXISTS learned_facts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('official', 'place', 'judgement')),
            label TEXT NOT NULL,
            form TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            attrs TEXT NOT NULL DEFAULT '{}',
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            annotators TEXT NOT NULL DEFAULT '[]',
            learned_at TEXT NOT NULL,
            UNIQUE (kind, label, form, context)
        )""",
        "CREATE INDEX IF NOT EXISTS learned_facts_kind ON learned_facts(kind, label, form)",
    ):
        db.execute(statement)  # one by one, inside the migration's transaction
