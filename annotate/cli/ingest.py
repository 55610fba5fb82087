"""`annotate ingest`: load article files, clean and pre-annotate them, with a progress bar."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from annotate.cli.common import db_option, one_line_errors, say


class TerminalProgress:
    """Progress bars on stderr when it is a terminal (articles, and chunks of a long one), silence otherwise."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.task = None
        self.long_tasks: dict[str, Any] = {}

    def __enter__(self) -> "TerminalProgress":
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def chunks(self, source: str, done: int, total: int) -> None:
        """A long article's own bar: its chunks, then the rules over the whole."""
        if self.bar is None:
            return
        if source not in self.long_tasks:
            from rich.markup import escape

            self.long_tasks[source] = self.bar.add_task(f"  {escape(source)} (long article, in chunks)", total=total)
        self.bar.update(self.long_tasks[source], completed=done, total=total)
        if done >= total:
            self.bar.remove_task(self.long_tasks.pop(source))

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
    from annotate.io.ingest import IngestReport
    from annotate.io.interrupts import EXIT_INTERRUPTED, interrupted_line

    try:
        with TerminalProgress("pre-annotating" if preannotate else "reading") as progress:
            report = api.ingest(paths, db_path, workers=workers, progress=progress, preannotate=preannotate, chunk_progress=progress.chunks)
    except KeyboardInterrupt:  # before the run had started, or while the bar closed
        report = IngestReport(interrupted=True)
    for warning in report.warnings:
        say(f"warning: {warning}", err=True)
    for failure in report.failed:
        say(f"error: {failure}", err=True)
    if report.stopped:
        say(f"error: {report.stopped}: {report.stored} stored, fix it and run again to continue", err=True)
    if report.interrupted:
        say(interrupted_line(report.stored), err=True)
    say(report.summary())
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if not report.ok:
        sys.exit(1)


COMMANDS = (ingest,)
