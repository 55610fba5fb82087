"""Real database files to damage: built by a real ingest, sealed into one file, then byte-flipped."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotate.io.ingest import ingest
from annotate.services.review import ReviewService
from tests.paths import SAMPLES


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotate", *args], capture_output=True, text=True, **kwargs)


def seal(path: Path) -> None:
    """Fold the WAL into the main file and leave no -wal beside it, so a copy is the whole database."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def reviewed_database(path: Path) -> Path:
    """The bundled samples ingested for real, with one reviewer's decisions on the first article."""
    ingest([str(SAMPLES)], path, workers=1)
    service = ReviewService(path, "lan")
    article_id = service.queue()[0].article_id
    view = service.open_article(article_id)
    for span in view.spans[:5]:
        service.accept(span.id)
    service.close()
    seal(path)
    return path


def page_of(path: Path, table: str) -> tuple[int, int]:
    """(page size, root page number) of a table's b-tree."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    finally:
        conn.close()
    return size, root


def damaged_copy(source: Path, target: Path, table: str = "spans") -> Path:
    """A copy of a real database with the b-tree page of one table overwritten by garbage bytes."""
    shutil.copyfile(source, target)
    size, root = page_of(target, table)
    with open(target, "r+b") as handle:
        handle.seek((root - 1) * size)
        page = bytearray(handle.read(size))
        for offset in range(0, 64):
            page[offset] ^= 0xA5  # flip the page header and the first cell pointers
        handle.seek((root - 1) * size)
        handle.write(page)
    return target
