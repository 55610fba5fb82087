"""`annotate check`: is the file sound, what exactly is damaged, and what still reads.

PRAGMA integrity_check finds damaged pages and indexes; each table is then
read to the end, so the report can say which data is intact (the decision
log above all: it holds every reviewer's work) and which is not. The file is
opened read-only and nothing is written.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotate.store import health

MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class TableHealth:
    """How much of one table reads back: rows read, and the error that stopped the read, if any."""

    name: str
    rows: int
    error: str | None = None


@dataclass
class CheckReport:
    """Everything `annotate check` found about one database file."""

    path: Path
    problems: list[str] = field(default_factory=list)
    tables: list[TableHealth] = field(default_factory=list)
    version: str = ""
    newer: str | None = None
    unreadable: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unreadable and all(t.error is None for t in self.tables)

    def damaged_tables(self) -> list[str]:
        """Tables a read fails in, or that integrity_check names."""
        named = {t.name for t in self.tables if t.error}
        for problem in self.problems:
            named.update(t.name for t in self.tables if f" {t.name}" in problem or f"'{t.name}'" in problem)
        return sorted(named)


def check_database(path: Path) -> CheckReport:
    """Open the file read-only and check it whole (integrity_check, then every table read to the end)."""
    report = CheckReport(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as error:
        report.unreadable = str(error)
        return report
    try:
        db = Database(conn)
        try:
            tables = _tables(db)
        except sqlite3.DatabaseError as error:  # the schema itself does not read: nothing else will
            report.unreadable = str(error)
            return report
        report.problems = _integrity(db)
        try:
            report.version = str(health.database_version(db))
            report.newer = health.newer_version_problem(db, path)
        except sqlite3.DatabaseError as error:
            report.version = f"schema version unreadable ({error})"
        report.tables = [_read_table(db, name) for name in tables]
    finally:
        conn.close()
    return report


def _integrity(db: Database) -> list[str]:
    """integrity_check's findings; when damage stops the check itself, that is the finding."""
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()]
    except sqlite3.DatabaseError as error:
        return [f"integrity_check could not finish: {error}"]
    return [] if rows == ["ok"] else rows


def _tables(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _read_table(db: Database, name: str) -> TableHealth:
    """Read every row of a table (every column, so damaged overflow pages show too)."""
    rows = 0
    try:
        for _row in db.execute(f'SELECT * FROM "{name}"'):
            rows += 1
    except sqlite3.DatabaseError as error:
        return TableHealth(name, rows, str(error))
    return TableHealth(name, rows)
