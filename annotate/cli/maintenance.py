"""`annotate check` and `annotate backup`: is the database sound, and a consistent copy of it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, require_database


@click.command("check")
@db_option
@click.option("--salvage-to", "salvage_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Copy every row that still reads, and every reviewer decision from the log, into this new database.")
@one_line_errors
def check_command(db_path: Path | None, salvage_to: Path | None) -> None:
    """Check the database file whole: damaged pages, what still reads, and how to recover."""
    from annotate.store.integrity import check_database

    path = require_database(db_path)
    report = check_database(path)
    for line in _check_lines(report, salvaging=salvage_to is not None):
        click.echo(line)
    if salvage_to is not None:
        from annotate.store.salvage import salvage

        rescued = salvage(path, salvage_to)
        click.echo(f"salvaged into {salvage_to}:")
        for line in rescued.lines():
            click.echo(line)
        click.echo(f"check it with `annotate check --db {salvage_to}`, then put it in place as with a backup (README: Backup and restore)")
        return
    if not report.ok:
        sys.exit(1)


def _check_lines(report, salvaging: bool = False) -> list[str]:
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
    if not report.ok and not salvaging:
        lines += _recovery_lines(report)
    return lines


def _recovery_lines(report) -> list[str]:
    """How to get the work back: a backup first, else the decision log and the source files."""
    path = report.path
    decisions = next((t for t in report.tables if t.name == "decisions"), None)
    lines = ["how to recover:", "  1. stop every annotate process using this file (the app, ingest, import)"]
    lines.append(f"  2. with a backup: `annotate check --db BACKUP`, then put it in place (README: Backup and restore): "
                 f"mv {path} {path}.damaged; rm -f {path}-wal {path}-shm; cp BACKUP {path}")
    lines.append(f"  3. without one: `annotate check --db {path} --salvage-to rescued.db` copies every row that still reads into a "
                 "new database and rebuilds every span a reviewer decided on from the decision log")
    if decisions is not None and decisions.error is None:
        lines.append(f"     (the decision log is intact: {decisions.rows} decisions, each with the spans it changed)")
    else:
        lines.append("     (the decision log is damaged too: decisions on unreadable rows are lost; a backup is the way back)")
    lines.append("     suggestions nobody decided on come back by ingesting the article files again into a fresh database "
                 "and `annotate import`ing exports of the rescued one")
    if report.problems and all("index" in p for p in report.problems) and all(t.error is None for t in report.tables):
        lines.append(f"  only indexes are damaged and every table reads: `sqlite3 {path} REINDEX` rebuilds them")
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
