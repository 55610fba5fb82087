"""Is this database safe to write? Its schema version and its pages, checked before the first write.

A database from a newer version of the workbench (a migration this version
does not know, or a higher user_version) must not be written: our code would
write rows its schema no longer means. A database with damaged pages must not
be written either: SQLite would report success while building on garbage.
Both are found here and turned into one line that names the file, the cause
and what to do; reading may still go on.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from annotate.store.migrations import migrations

MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True, slots=True)
class SchemaVersion:
    """A schema version: how many migrations it has and the name of the last one."""

    number: int
    last: str

    def __str__(self) -> str:
        return f"schema version {self.number} ({self.last})"


def known_version() -> SchemaVersion:
    """The newest schema this code knows: every registered migration."""
    names = [m.name for m in migrations._migrations]
    return SchemaVersion(len(names), names[-1] if names else "none")


def database_version(db: Database) -> SchemaVersion:
    """The schema the file says it has: its applied migrations, or its user_version when that is higher."""
    applied = _applied_names(db)
    user_version = db.execute("PRAGMA user_version").fetchone()[0]
    number = max(len(applied), user_version)
    return SchemaVersion(number, applied[-1] if applied else "none")


def newer_version_problem(db: Database, path: Path) -> str | None:
    """Why this file is too new to write, naming both versions, or None."""
    known = {m.name for m in migrations._migrations}
    applied = _applied_names(db)
    unknown = [name for name in applied if name not in known]
    ours, theirs = known_version(), database_version(db)
    if not unknown and theirs.number <= ours.number:
        return None
    if unknown:
        theirs = SchemaVersion(max(theirs.number, len(applied)), unknown[-1])
    return (
        f"{path}: written by a newer version of the workbench ({theirs}; this version knows up to {ours}): "
        "opened read-only, upgrade vn-entity-workbench to write to it"
    )


def quick_check_problem(db: Database, path: Path) -> str | None:
    """PRAGMA quick_check: None when the pages are sound, else one line saying what to do."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check(20)").fetchall()]
    except sqlite3.DatabaseError as error:
        rows = [str(error)]
    if rows == ["ok"]:
        return None
    # one row may hold several problems on lines of their own, under a "*** in database main ***" heading
    problems = [text.strip() for row in rows for text in str(row).splitlines() if text.strip() and not text.strip().startswith("***")]
    problems = problems or [" ".join(str(rows[0]).split())]
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return f"{path}: database is damaged ({problems[0]}{more}): nothing was written; run `annotate check --db {path}`"


def _applied_names(db: Database) -> list[str]:
    """Names of the migrations recorded in the file, in the order they ran."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]).fetchone()
    if not exists:
        return []
    return [r[0] for r in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [migrations.name])]
