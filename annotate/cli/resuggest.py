"""`annotate resuggest`: re-run the pre-annotator with what reviewers taught it, where no reviewer decided."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say


@click.command("resuggest")
@db_option
@click.option("--annotator", default=None, help="Only this annotator's layer (untouched articles' suggestions are always renewed).")
@one_line_errors
def resuggest_command(db_path: Path | None, annotator: str | None) -> None:
    """Learn from every reviewer's decisions, then renew suggestions nobody decided; report how many changed."""
    from annotate.services.learning import resuggest

    shown = {"last": -1}

    def progress(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if sys.stderr.isatty() and percent != shown["last"]:
            shown["last"] = percent
            click.echo(f"\rresuggest: {done}/{total} articles", err=True, nl=done == total)

    report = resuggest(db_path, annotator, progress)
    say(report.format())


COMMANDS = (resuggest_command,)
