"""Open the embedded SQLite database safely for several processes at once.

WAL lets readers work while one writer commits; a busy timeout makes a second
annotator wait for a lock instead of failing; writes use BEGIN IMMEDIATE so a
read-then-write transaction can never deadlock halfway.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from annotate.errors import StoreError
from annotate.store.migrations import migrations

DEFAULT_DB = Path("db") / "annotate.db"
BUSY_TIMEOUT_S = 10.0
MACHINE = "@machine"
GOLD = "@gold"


def default_db_path() -> Path:
    """The database users get without --db: $ANNOTATE_DB or db/annotate.db here."""
    return Path(os.environ.get("ANNOTATE_DB") or DEFAULT_DB)


def now() -> str:
    """UTC timestamp with microseconds, sortable as text."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _explain(path: Path, error: Exception) -> StoreError:
    message = str(error)
    if "locked" in message or "busy" in message:
        cause = "database is locked by another writer (try again when it finishes)"
    elif "readonly" in message or "read-only" in message or "query_only" in message:
        cause = "database is read-only (check the file's permissions)"
    elif "not a database" in message or "malformed" in message:
        cause = "not an SQLite database, or damaged"
    elif "unable to open" in message:
        cause = "cannot open the database file (does its folder exist and can you write there?)"
    else:
        cause = message
    return StoreError(f"{path}: {cause}")


def open_database(path: str | Path | None = None, *, readonly: bool = False) -> Database:
    """Open (creating and migrating if needed) the database at path."""
    path = Path(path) if path else default_db_path()
    if path.exists() and not os.access(path, os.W_OK):
        readonly = True  # reads (export, stats) still work; writes fail with a clear error
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"{path}: no such database")
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if not readonly:
            if db.journal_mode != "wal":
                db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            if migrations.pending(db):
                with _immediate_lock(db):
                    pass
                migrations.apply(db)
        else:
            if migrations.pending(db):
                raise StoreError(f"{path}: database is read-only and needs a schema upgrade")
            db.execute("PRAGMA query_only = ON")
        return db
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as error:
        raise _explain(path, error) from None


@contextlib.contextmanager
def _immediate_lock(db: Database) -> Iterator[None]:
    """Wait for the write lock once, so migrations do not race another process."""
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("COMMIT")
    yield


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: takes the write lock up front, commits or rolls back."""
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise _explain(Path(_db_file(db)), error) from None
    try:
        yield db
    except sqlite3.Error as error:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise _explain(Path(_db_file(db)), error) from None
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except sqlite3.Error as error:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise _explain(Path(_db_file(db)), error) from None


@contextlib.contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Reads that see one state of the database (an export while reviewers keep deciding); nothing is written."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def database_path(db: Database) -> Path | None:
    """The file an open database lives in (None for an in-memory one)."""
    name = _db_file(db)
    return None if name == ":memory:" else Path(name)


def _db_file(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else ":memory:"
