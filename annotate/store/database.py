"""Open the embedded SQLite database safely for several processes at once.

WAL lets readers work while one writer commits; a busy timeout makes a second
annotator wait for a lock instead of failing; writes use BEGIN IMMEDIATE so a
read-then-write transaction can never deadlock halfway.

Before the first write of a run the file is checked (store.health): a
database from a newer version, or one with damaged pages, is opened
query-only and every write is refused with one line, while reading goes on.
Only the commands that make databases (ingest, import, merge -o, the app)
create a missing file; everything else says there is none.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import weakref
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from annotate.errors import StoreError
from annotate.store import health
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


# Why writes are refused on a connection (newer schema, damaged pages); absent means writable.
_REFUSED: "weakref.WeakKeyDictionary[Database, str]" = weakref.WeakKeyDictionary()
# Files whose pages passed quick_check in this process, by (device, inode): checked once per run.
_SOUND: set[tuple[int, int]] = set()


def explain(path: Path, error: Exception) -> StoreError:
    """One line for an SQLite or OS error on the database at path."""
    message = str(error)
    if "locked" in message or "busy" in message:
        cause = "database is locked by another writer (try again when it finishes)"
    elif "readonly" in message or "read-only" in message or "query_only" in message:
        cause = "database is read-only (check the file's permissions)"
    elif "not a database" in message:
        cause = f"not an SQLite database, or damaged (run `annotate check --db {path}`)"
    elif "malformed" in message or "corrupt" in message:
        cause = f"database is damaged ({message}): run `annotate check --db {path}`"
    elif "unable to open" in message:
        cause = "cannot open the database file (does its folder exist and can you write there?)"
    else:
        cause = message
    return StoreError(f"{path}: {cause}")


def no_database(path: Path) -> StoreError:
    """What every command but the creating ones says about a missing file."""
    return StoreError(f"no database at {path} (run annotate ingest first)")


def open_database(path: str | Path | None = None, *, readonly: bool = False, create: bool = True) -> Database:
    """Open the database at path (creating it only when create), migrated when it is older.

    A file that is newer or damaged opens query-only and refuses writes (see
    ensure_writable); a file without write permission opens read-only.
    """
    path = Path(path) if path else default_db_path()
    exists = path.exists()
    if not exists and (readonly or not create):
        raise no_database(path)
    if exists and not os.access(path, os.W_OK):
        readonly = True  # reads (export, stats) still work; writes fail with a clear error
    try:
        db = _connect(path, readonly)
        refusal = health.newer_version_problem(db, path) if exists else None
        if refusal:
            _refuse(db, refusal)
        elif readonly:
            if migrations.pending(db):
                raise StoreError(f"{path}: database is read-only and needs a schema upgrade")
            db.execute("PRAGMA query_only = ON")
        else:
            _prepare_for_writing(db, path, exists)
        return db
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as error:
        raise explain(path, error) from None


def _connect(path: Path, readonly: bool) -> Database:
    """A connection with foreign keys on and the busy timeout set."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return db


def _prepare_for_writing(db: Database, path: Path, existed: bool) -> None:
    """WAL and migrations, after checking the pages when the file has data (migrating is writing)."""
    if not existed:
        _SOUND.add(_identity(path))
    wal = db.journal_mode == "wal"
    if existed and (not wal or migrations.pending(db)) and not ensure_writable(db, raise_error=False):
        return  # damaged: switching to WAL or migrating would be a write; the refusal comes at the first write
    if not wal:
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    if migrations.pending(db):
        with _immediate_lock(db):
            pass
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {health.known_version().number}")


def _refuse(db: Database, reason: str) -> None:
    """From now on this connection only reads, and writes say why."""
    _REFUSED[db] = reason
    db.execute("PRAGMA query_only = ON")


def _identity(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def ensure_writable(db: Database, *, raise_error: bool = True) -> bool:
    """Refuse to write to a newer or damaged database; quick_check runs once per file and process.

    Writers call it before their first write so a long run fails at its
    start, and write_transaction calls it before every write.
    """
    reason = _REFUSED.get(db)
    if reason is None:
        path = Path(db_file(db))
        try:
            identity = _identity(path)
        except OSError:
            identity = None
        if identity is not None and identity not in _SOUND:
            reason = health.quick_check_problem(db, path)
            if reason is None:
                _SOUND.add(identity)
            else:
                _refuse(db, reason)
    if reason is not None and raise_error:
        raise StoreError(reason)
    return reason is None


@contextlib.contextmanager
def _immediate_lock(db: Database) -> Iterator[None]:
    """Wait for the write lock once, so migrations do not race another process."""
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("COMMIT")
    yield


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: takes the write lock up front, commits or rolls back."""
    ensure_writable(db)
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise explain(Path(db_file(db)), error) from None
    try:
        yield db
    except sqlite3.Error as error:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise explain(Path(db_file(db)), error) from None
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except sqlite3.Error as error:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise explain(Path(db_file(db)), error) from None


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
    name = db_file(db)
    return None if name == ":memory:" else Path(name)


def db_file(db: Database) -> str:
    """The file a connection has open (":memory:" for none)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else ":memory:"
