"""`annotate review`: the keyboard-driven review app (a bare `annotate` runs it too)."""
from __future__ import annotations

from pathlib import Path

import click

from annotate.cli.common import db_option, login_name, one_line_errors

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

annotator_option = click.option("--annotator", default=login_name, show_default="login name", help="Whose decisions these are.")


@click.command("review")
@db_option
@annotator_option
@click.option("--samples/--no-samples", default=True, help="Ingest the bundled sample articles into an empty database.")
@click.option("--served", is_flag=True, hidden=True, help="Started by `annotate serve`: the annotator is a user, whose role decides the screens.")
@one_line_errors
def review(db_path: Path | None, annotator: str, samples: bool, served: bool) -> None:
    """Open the keyboard-driven review app."""
    from tui.app import run_app

    run_app(db_path=db_path, annotator=annotator, samples=SAMPLES if samples else None, served=served)


COMMANDS = (review,)
