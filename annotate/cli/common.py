"""Pieces every command shares: the --db option, the login name, one-line errors (usage errors exit 2), human-readable output."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

from annotate.errors import AnnotateError, OptionError
from annotate.services.identity import login_name  # noqa: F401  (re-exported for the commands)
from annotate.text.visible import for_stream

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None, envvar="ANNOTATE_DB",
    help="SQLite database file (default: db/annotate.db, or $ANNOTATE_DB).",
)


def one_line_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors into `Error: <file>: <cause>` and exit 1 (options that cannot work together: 2), never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OptionError as error:
            raise click.UsageError(for_stream(str(error), sys.stderr), ctx=click.get_current_context(silent=True)) from None
        except (AnnotateError, ValueError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            raise click.ClickException(for_stream(str(message), sys.stderr)) from None

    return wrapper


def say(text: str, err: bool = False) -> None:
    """Echo human-readable text; a terminal gets data's control characters as placeholders, files and pipes get them exactly.

    color=True: click.echo would otherwise strip what looks like ANSI styling from
    data on a pipe (a title's ESC[2J), so a script would not read what is stored.
    """
    click.echo(for_stream(text, sys.stderr if err else sys.stdout), err=err, color=True)
