"""The whole decision log and the gold layer, read for the desk's statistics (annotate.io.desk_stats)."""
from __future__ import annotations

from typing import Iterator

from sqlite_utils import Database

from annotate.models import DecisionRecord
from annotate.store.database import GOLD


def live_decisions(db: Database) -> Iterator[DecisionRecord]:
    """Every reviewer decision still in force (not undone, not an undo), reserved layers left out, in log order."""
    for row in db.query(
        "SELECT * FROM decisions WHERE undone = 0 AND action != 'undo' AND annotator NOT LIKE '@%' ORDER BY id"
    ):
        yield DecisionRecord.from_row(row)


def gold_keys(db: Database) -> dict[int, set[tuple[int, int, str]]]:
    """The adjudicated spans (start, end, label) of every article whose gold is finished, by article."""
    out: dict[int, set[tuple[int, int, str]]] = {}
    for aid in (r[0] for r in db.execute("SELECT DISTINCT article_id FROM reviews WHERE annotator = ? AND status = 'done'", [GOLD]).fetchall()):
        out.setdefault(aid, set())
    for aid, start, end, label in db.execute(
        "SELECT article_id, start, \"end\", label FROM spans WHERE annotator = ? AND status IN ('accepted', 'edited')", [GOLD]
    ).fetchall():
        if aid in out:
            out[aid].add((start, end, label))
    return out
