"""Pieces every command shares: the --db option, the login name, one-line errors, staged output."""
from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, Iterator

import click

from annotate.errors import AnnotateError
from annotate.services.identity import login_name  # noqa: F401  (re-exported for the commands)

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None, envvar="ANNOTATE_DB",
    help="SQLite database file (default: db/annotate.db, or $ANNOTATE_DB).",
)


def database_path(db_path: Path | None) -> Path:
    """The file a command works on: --db, else $ANNOTATE_DB, else db/annotate.db."""
    from annotate.store.database import default_db_path

    return Path(db_path) if db_path else default_db_path()


def require_database(db_path: Path | None) -> Path:
    """The database path, or the one-line `no database at PATH` for commands that never create one."""
    from annotate.store.database import no_database

    path = database_path(db_path)
    if not path.exists():
        raise no_database(path)
    return path


def one_line_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and SQLite errors into `Error: <file>: <cause>` and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (AnnotateError, ValueError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            raise click.ClickException(str(message)) from None
        except sqlite3.Error as error:  # damage found mid-read: one line naming the file and what to do
            from annotate.store.database import explain

            raise click.ClickException(str(explain(database_path(kwargs.get("db_path")), error))) from None

    return wrapper


@contextlib.contextmanager
def staged_output(output: Path | None) -> Iterator[IO[str]]:
    """A text stream that reaches stdout or the file only when the command succeeds.

    An error halfway (a damaged page) must not leave half an export behind:
    stdout gets nothing, and the file is written under a temporary name and
    renamed into place at the end, so an existing file is never half replaced.
    """
    target_dir = output.parent if output else None
    if target_dir is not None and str(target_dir):
        target_dir.mkdir(parents=True, exist_ok=True)
    stage = tempfile.NamedTemporaryFile(
        "w+", encoding="utf-8", newline="\n", delete=False,
        dir=str(target_dir) if output else None, prefix=f".{output.name}." if output else "annotate-", suffix=".partial",
    )
    try:
        yield stage
        if output:
            stage.flush()
            os.fsync(stage.fileno())
            stage.close()
            os.replace(stage.name, output)
        else:
            stage.seek(0)
            for block in iter(lambda: stage.read(1 << 16), ""):
                sys.stdout.write(block)
            sys.stdout.flush()
    finally:
        stage.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stage.name)
