"""`annotate backup`: a consistent copy of a live database, with SQLite's online backup API.

The copy is taken in one step inside one read transaction, so it is the
database as of one moment even while reviewers keep committing (WAL lets
them); it is written under a temporary name, checked with integrity_check,
switched to a single self-contained file (no -wal beside it) and only then
renamed to the name asked for, so a failed backup never replaces a good one.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotate.errors import StoreError
from annotate.store.database import BUSY_TIMEOUT_S, explain, no_database


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What was copied: the target, its size, and integrity_check's verdict on the copy."""

    target: Path
    bytes: int
    problem: str | None = None

    def summary(self) -> str:
        verdict = "integrity ok" if self.problem is None else f"the copy is damaged too: {self.problem}"
        return f"backed up to {self.target} ({self.bytes / 1e6:.1f} MB, {verdict})"


def backup_database(source: Path, target: Path) -> BackupReport:
    """Copy source to target consistently; the target appears only when the copy is complete."""
    if not source.exists():
        raise no_database(source)
    if target.exists() and os.path.samefile(source, target):
        raise StoreError(f"{target}: is the database itself; back up to another file")
    if target.is_dir():
        raise StoreError(f"{target}: is a directory; name the backup file")
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, stage = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    try:
        problem = _copy(source, Path(stage))
        os.replace(stage, target)
    except sqlite3.Error as error:
        raise explain(source, error) from None
    finally:
        for leftover in (stage, stage + "-journal", stage + "-wal", stage + "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
    _fsync_folder(folder)
    return BackupReport(target, target.stat().st_size, problem)


def _copy(source: Path, stage: Path) -> str | None:
    """One backup step over the whole file, then check and seal the copy; integrity problem or None."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(str(stage))
    try:
        src.backup(dst, pages=-1)  # one step: a snapshot of one moment, never restarted by writers
        rows = [r[0] for r in dst.execute("PRAGMA integrity_check(5)").fetchall()]
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy or restore
        dst.commit()
    finally:
        dst.close()
        src.close()
    with open(stage, "rb+") as copy:
        os.fsync(copy.fileno())
    return None if rows == ["ok"] else "; ".join(rows)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
