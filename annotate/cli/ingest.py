"""`annotate ingest`: load article files, clean and pre-annotate them, with a progress bar."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from annotate.cli.common import db_option, one_line_errors, say


class TerminalProgress:
    """A progress bar on stderr when it is a terminal, silence otherwise."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.task = None

    def __enter__(self) -> "TerminalProgress":
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Processes for pre-annotation (default: every core).")
@click.option("--preannotate/--no-preannotate", default=True, help="Store machine suggestions for each article.")
@one_line_errors
def ingest(paths: tuple[str, ...], db_path: Path | None, workers: int | None, preannotate: bool) -> None:
    """Load article files (.txt, .jsonl; files, folders, globs) into the database."""
    from annotate import api

    with TerminalProgress("pre-annotating") as progress:
        report = api.ingest(paths, db_path, workers=workers, progress=progress, preannotate=preannotate)
    for failure in report.failed:
        say(f"error: {failure}", err=True)
    say(report.summary())
    if not report.ok:
        sys.exit(1)


COMMANDS = (ingest,)
