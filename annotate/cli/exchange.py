"""`annotate export` and `annotate import`: curated data out, other people's annotations in."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say


@click.command("export")
@db_option
@click.option("--view", type=click.Choice(["predicted", "reviewed", "gold"]), default="predicted", show_default=True,
              help="The machine's suggestions, one annotator's reviewed work, or the adjudicated gold.")
@click.option("--annotator", default=None, help="Whose reviewed work (with --view reviewed).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "conll", "csv"]), default="jsonl", show_default=True,
              help="jsonl (what `annotate import` reads back), CoNLL BIO tokens, or one span a CSV row.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write (default: stdout).")
@click.option("--include-unfinished", is_flag=True, help="Also articles not yet marked done.")
@one_line_errors
def export_command(db_path: Path | None, view: str, annotator: str | None, fmt: str, output: Path | None, include_unfinished: bool) -> None:
    """Write the curated dataset (JSONL spans, CoNLL BIO or CSV)."""
    from annotate.io.export import export
    from annotate.store import open_database

    db = open_database(db_path)
    if output:
        with output.open("w", encoding="utf-8", newline="\n") as out:
            count = export(db, out, view, annotator, fmt, include_unfinished)
        say(f"wrote {count} articles to {output}", err=True)
    else:
        export(db, sys.stdout, view, annotator, fmt, include_unfinished)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--annotator", required=True, help="Whose finished work this is.")
@one_line_errors
def import_command(files: tuple[Path, ...], db_path: Path | None, annotator: str) -> None:
    """Load annotations in the export's JSONL format as one annotator's finished work."""
    from annotate.io.importer import import_file
    from annotate.store import open_database

    db = open_database(db_path)
    failed = False
    for file in files:
        report = import_file(db, file, annotator)
        for failure in report.failed:
            say(f"error: {failure}", err=True)
        say(f"{file}: {report.summary()}")
        failed = failed or bool(report.failed)
    if failed:
        sys.exit(1)


COMMANDS = (export_command, import_command)
