"""`annotate check` and `annotate backup`: is the database sound, and a consistent copy of it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, require_database


@click.command("check")
@db_option
@one_line_errors
def check_command(db_path: Path | None) -> None:
    """Check the database file whole: damaged pages, what still reads, and how to recover."""
    from annotate.store.integrity import check_database

    path = require_database(db_path)
    report = check_database(path)
    for line in _check_lines(report):
        click.echo(line)
    if not report.ok:
        sys.exit(1)


def _check_lines(report) -> list[str]:
    """The report as lines: verdict, problems, tables, then what to do."""
    path = report.path
    if report.unreadable:
        lines = [f"{path}: damaged: cannot be read at all ({report.unreadable})"]
    elif report.ok:
        rows = sum(t.rows for t in report.tables)
        lines = [f"{path}: ok ({report.version}; {len(report.tables)} tables, {rows} rows read back)"]
    else:
        count = len(report.problems)
        lines = [f"{path}: damaged ({count} problem{'s' if count != 1 else ''} found by integrity_check)"]
        lines += [f"  {problem}" for problem in report.problems]
    for table in report.tables:
        state = f"{table.rows} rows" + (f", then: {table.error}" if table.error else "")
        lines.append(f"  {table.name}: {state}")
    if report.newer:
        lines.append(report.newer)
    if not report.ok:
        lines += _recovery_lines(report)
    return lines


def _recovery_lines(report) -> list[str]:
    """How to get the work back: a backup first, else the decision log and the source files."""
    path = report.path
    damaged = report.damaged_tables()
    decisions = next((t for t in report.tables if t.name == "decisions"), None)
    lines = ["how to recover:", "  1. stop every annotate process using this file (the app, ingest, import)"]
    lines.append(f"  2. with a backup: `annotate check --db BACKUP`, then put it in place (README: Backup and restore): "
                 f"mv {path} {path}.damaged; rm -f {path}-wal {path}-shm; cp BACKUP {path}")
    if decisions is not None and decisions.error is None:
        lines.append(f"  3. without one: the decision log is intact ({decisions.rows} decisions, each with the spans it changed): "
                     f"`annotate export --view reviewed --annotator NAME --include-unfinished -o NAME.jsonl` for each reviewer "
                     "while it still reads, re-ingest the article files into a new database and `annotate import` each file")
    else:
        lines.append("  3. without one: export what still reads (`annotate export --view reviewed ...`), re-ingest the article "
                     "files into a new database and `annotate import` the exports")
    if damaged and all(name.startswith(("sqlite_", "_")) or "index" in name for name in damaged):
        lines.append(f"  only indexes are damaged: `sqlite3 {path} REINDEX` rebuilds them")
    return lines


@click.command("backup")
@db_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Backup file to write (replaced only once the copy is complete).")
@one_line_errors
def backup_command(db_path: Path | None, output: Path) -> None:
    """Copy the database consistently while reviewers keep working (SQLite online backup)."""
    from annotate.store.backup import backup_database

    report = backup_database(require_database(db_path), output)
    click.echo(report.summary())
    if report.problem:
        sys.exit(1)


COMMANDS = (check_command, backup_command)
