"""Bulk decisions: one reviewer action over many mentions, logged per span but undone as one.

A bulk action (the entities screen, `annotate entities --accept`) writes one
decision-log entry per mention so agreement and per-article undo stay per
span; `decision_groups` names the action once and `decisions.group_id` ties
its entries to it, so one undo can find and revert all of them, also after a
restart. Entries written before this migration have no group (NULL).
"""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m005_decision_groups(db: Database) -> None:
    """Add decision_groups and decisions.group_id, with the index group undo reads."""
    for statement in (
        "CREATE TABLE IF NOT EXISTS decision_groups ("
        " id INTEGER PRIMARY KEY, annotator TEXT NOT NULL, action TEXT NOT NULL,"
        " description TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0,"
        " undone INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS decision_groups_annotator ON decision_groups(annotator, undone, id)",
        "ALTER TABLE decisions ADD COLUMN group_id INTEGER REFERENCES decision_groups(id)",
        "CREATE INDEX IF NOT EXISTS decisions_group ON decisions(group_id) WHERE group_id IS NOT NULL",
    ):
        db.execute(statement)  # one by one, inside the migration's transaction (executescript would commit)
