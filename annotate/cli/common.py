"""Pieces every command shares: the --db option, the login name, one-line errors (usage errors exit 2)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import click

from annotate.errors import AnnotateError, OptionError
from annotate.services.identity import login_name  # noqa: F401  (re-exported for the commands)

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
            raise click.UsageError(str(error), ctx=click.get_current_context(silent=True)) from None
        except (AnnotateError, ValueError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            raise click.ClickException(str(message)) from None

    return wrapper
