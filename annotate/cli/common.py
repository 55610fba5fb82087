"""Pieces every command shares: the --db option, the login name, one-line errors (usage errors exit 2), staged and human-readable output."""
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

from annotate.errors import AnnotateError, OptionError
from annotate.services.identity import login_name  # noqa: F401  (re-exported for the commands)
from annotate.text.visible import for_stream

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
    """Turn domain and SQLite errors into `Error: <file>: <cause>` and exit 1 (options that cannot work together: 2), never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OptionError as error:
            raise click.UsageError(for_stream(str(error), sys.stderr), ctx=click.get_current_context(silent=True)) from None
        except (AnnotateError, ValueError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            raise click.ClickException(for_stream(str(message), sys.stderr)) from None
        except sqlite3.Error as error:  # damage found mid-read: one line naming the file and what to do
            from annotate.store.database import explain

            raise click.ClickException(for_stream(str(explain(database_path(kwargs.get("db_path")), error)), sys.stderr)) from None

    return wrapper


def say(text: str, err: bool = False) -> None:
    """Echo human-readable text; a terminal gets data's control characters as placeholders, files and pipes get them exactly.

    color=True: click.echo would otherwise strip what looks like ANSI styling from
    data on a pipe (a title's ESC[2J), so a script would not read what is stored.
    """
    click.echo(for_stream(text, sys.stderr if err else sys.stdout), err=err, color=True)


@contextlib.contextmanager
def staged_destination(output: Path | None, db: Any, folder: bool = False) -> Iterator[Any]:
    """Where an export writes, so that a failure halfway (a damaged page) leaves nothing half written.

    stdout gets the export only once it is complete (staged in a temporary
    file); a file is written under a temporary name beside it and renamed into
    place, so an old export is never half replaced. A folder (brat, hf) cannot
    be swapped without touching what else it holds, so the database is
    checked whole first instead.
    """
    from annotate.io.formats.base import Destination

    if folder:
        _check_pages_first(db)
        yield Destination(path=output) if output else Destination(stream=sys.stdout)
        return
    if output is None:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as stage:
            yield Destination(stream=stage)
            _copy_to_stdout(stage)
        return
    folder_path = output.parent if str(output.parent) else Path(".")
    folder_path.mkdir(parents=True, exist_ok=True)
    stage_path = folder_path / f".{output.stem}.partial-{os.getpid()}{output.suffix}"
    try:
        yield Destination(path=stage_path)
        with open(stage_path, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(stage_path, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stage_path)


def _copy_to_stdout(stage: IO[str]) -> None:
    """The staged export, byte for byte, to standard output."""
    stage.flush()
    raw = stage.buffer
    raw.seek(0)
    sys.stdout.flush()
    target = getattr(sys.stdout, "buffer", None)
    if target is None:  # a text-only stdout (tests capturing output)
        sys.stdout.write(raw.read().decode("utf-8"))
    else:
        for block in iter(lambda: raw.read(1 << 16), b""):
            target.write(block)
        target.flush()


def _check_pages_first(db: Any) -> None:
    """A damaged database is refused before anything is written."""
    from annotate.errors import StoreError
    from annotate.store.database import db_file
    from annotate.store.health import quick_check_problem

    problem = quick_check_problem(db, Path(db_file(db)))
    if problem:
        raise StoreError(problem.replace("nothing was written; ", "nothing was exported; "))
