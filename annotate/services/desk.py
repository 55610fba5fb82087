"""What the `i` screen asks for: the desk's statistics, read on a connection of its own (safe from a worker thread)."""
from __future__ import annotations

from pathlib import Path

from annotate.io.desk_stats import TABLE_COLUMNS, DayRow, DeskRow, DeskStats, desk_stats
from annotate.store.database import open_database

__all__ = ["TABLE_COLUMNS", "DayRow", "DeskRow", "DeskStats", "read_desk_stats"]


def read_desk_stats(db_path: str | Path | None) -> DeskStats:
    """Every annotator's figures from the decision log (annotate.io.desk_stats has the definitions)."""
    db = open_database(db_path)
    try:
        return desk_stats(db)
    finally:
        db.close()
