"""The review queue: one annotator's articles with their span counts, a page at a time.

Counts come from the annotator's own layer once they opened the article, from
the machine's suggestions before that. Pages are keyed by article id (after or
before one), never by an offset, so a page deep into a 1,000,000-article
database costs what the first one does, and stays right while reviewing moves
articles out of a status filter.

Each page is read by walking one index in id order and checking the other
filters on the way, so the first rows come at once however many match. The
walk starts from the most selective thing asked for: the reviewer's rows of a
status (when they are few), the full-text index for a search, the label index
for a label, else the articles themselves. A label belongs to the layer the
annotator sees (theirs once opened, the machine's before), so a label walk is
two walks, one per layer, merged by id.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotate.models import QueueRow, QueueSummary
from annotate.store import search as article_search
from annotate.store.database import MACHINE

STATUS_WALK_LIMIT = 50_000
"""A status filter walks the reviewer's own rows when they hold at most this many of it (else the articles)."""

_COLUMNS = (
    "a.id AS id, COALESCE(a.title, '') AS title, a.source AS source, COALESCE(r.status, 'new') AS status,"
    " COALESCE(r.opened, 0) AS opened, length(a.text) AS length"
)


@dataclass(frozen=True)
class QueueFilter:
    """What the reviewer asked the queue for."""

    annotator: str
    status: str | None = None
    label: str | None = None
    search: str | None = None
    assigned_only: bool = False


@dataclass
class _Walk:
    """One index walk: FROM clause, the id it is ordered by, its conditions and their parameters."""

    source: str
    key: str
    conditions: list[str]
    params: list[Any]


def _base(flt: QueueFilter) -> _Walk:
    return _Walk("articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?", "a.id", [], [flt.annotator])


def _status_walk(flt: QueueFilter) -> _Walk:
    return _Walk("reviews r JOIN articles a ON a.id = r.article_id", "r.article_id", ["r.annotator = ?", "r.status = ?"], [flt.annotator, flt.status])


def _search_walk(flt: QueueFilter, expression: str) -> _Walk:
    source = "articles_fts f JOIN articles a ON a.id = f.rowid LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?"
    return _Walk(source, "f.rowid", ["articles_fts MATCH ?"], [flt.annotator, expression])


def _label_walks(flt: QueueFilter) -> list[_Walk]:
    """The machine's layer on articles the annotator never opened, and the annotator's own layer."""
    walks = []
    for layer, opened in ((MACHINE, "COALESCE(r.opened, 0) = 0"), (flt.annotator, "r.opened = 1")):
        source = "spans s JOIN articles a ON a.id = s.article_id LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?"
        walks.append(_Walk(source, "s.article_id", ["s.annotator = ?", "s.label = ?", "s.status != 'rejected'", opened], [flt.annotator, layer, flt.label]))
    return walks


def _add_checks(walk: _Walk, flt: QueueFilter, expression: str | None, skip: set[str]) -> None:
    """The filters the walk does not answer itself, checked row by row."""
    walk.conditions.append("a.superseded_by IS NULL")
    if flt.assigned_only:
        walk.conditions.append("r.assigned = 1")
    if "status" not in skip and flt.status == "new":
        walk.conditions.append("(r.status IS NULL OR r.status = 'new')")
    elif "status" not in skip and flt.status in ("in_progress", "done"):
        walk.conditions.append("r.status = ?")
        walk.params.append(flt.status)
    if "label" not in skip and flt.label:
        walk.conditions.append(
            "EXISTS(SELECT 1 FROM spans l WHERE l.annotator = CASE WHEN COALESCE(r.opened, 0) = 1 THEN ? ELSE ? END"
            " AND l.label = ? AND l.article_id = a.id AND l.status != 'rejected')"
        )
        walk.params += [flt.annotator, MACHINE, flt.label]
    if "search" not in skip and expression is not None:
        walk.conditions.append("EXISTS(SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = a.id)")
        walk.params.append(expression)


def _walks(db: Database, flt: QueueFilter) -> list[_Walk] | None:
    """The walks that answer flt (None: nothing can match, e.g. a search without a single word)."""
    expression = article_search.match_expression(flt.search) if flt.search else None
    if flt.search and expression is None:
        return None
    if flt.status in ("in_progress", "done") and _status_count(db, flt) <= STATUS_WALK_LIMIT:
        walks, skip = [_status_walk(flt)], {"status"}
    elif expression is not None:
        walks, skip = [_search_walk(flt, expression)], {"search"}
    elif flt.label:
        walks, skip = _label_walks(flt), {"label"}
    else:
        walks, skip = [_base(flt)], set()
    for walk in walks:
        _add_checks(walk, flt, expression, skip)
    return walks


def _status_count(db: Database, flt: QueueFilter) -> int:
    return db.execute("SELECT count(*) FROM reviews WHERE annotator = ? AND status = ?", [flt.annotator, flt.status]).fetchone()[0]


def _read(db: Database, walk: _Walk, after_id: int | None, before_id: int | None, limit: int, offset: int) -> list[dict]:
    conditions, params = list(walk.conditions), list(walk.params)
    if after_id is not None:
        conditions.append(f"{walk.key} > ?")
        params.append(after_id)
    if before_id is not None:
        conditions.append(f"{walk.key} < ?")
        params.append(before_id)
    descending = before_id is not None and after_id is None
    group = f" GROUP BY {walk.key}" if walk.key == "s.article_id" else ""  # several spans of the label: one row
    sql = (
        f"SELECT {_COLUMNS} FROM {walk.source} WHERE {' AND '.join(conditions)}{group}"
        f" ORDER BY {walk.key} {'DESC' if descending else 'ASC'} LIMIT ? OFFSET ?"
    )
    return list(db.query(sql, [*params, limit, offset]))


def page(
    db: Database,
    annotator: str,
    *,
    status: str | None = None,
    label: str | None = None,
    search: str | None = None,
    assigned_only: bool = False,
    limit: int = 500,
    offset: int = 0,
    after_id: int | None = None,
    before_id: int | None = None,
    last: bool = False,
) -> list[QueueRow]:
    """One page of the annotator's queue in id order: from the start, after_id, before_id, or the last page.

    offset skips rows of that page (kept for callers that still count rows);
    ids are the way to page through a big queue.
    """
    flt = QueueFilter(annotator, status, label, search, assigned_only)
    walks = _walks(db, flt)
    if walks is None or limit <= 0:
        return []
    if last and before_id is None:
        before_id = 1 << 62
    rows: dict[int, dict] = {}
    for walk in walks:
        for row in _read(db, walk, after_id, before_id, limit + (offset if len(walks) > 1 else 0), 0 if len(walks) > 1 else offset):
            rows[row["id"]] = row
    ordered = sorted(rows.values(), key=lambda r: r["id"], reverse=before_id is not None and after_id is None)
    if len(walks) > 1:
        ordered = ordered[offset:]
    chosen = sorted(ordered[:limit], key=lambda r: r["id"])
    return _with_counts(db, annotator, chosen)


def _with_counts(db: Database, annotator: str, rows: list[dict]) -> list[QueueRow]:
    """Span counts of each row's visible layer, in one query for the whole page (20 index ranges, never a layer scan)."""
    if not rows:
        return []
    marks = ",".join("?" * len(rows))
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for article_id, layer, status, count in db.execute(
        f"SELECT article_id, annotator, status, count(*) FROM spans INDEXED BY spans_counts WHERE article_id IN ({marks}) AND annotator IN (?, ?)"
        " GROUP BY article_id, annotator, status",
        [*(row["id"] for row in rows), annotator, MACHINE],
    ).fetchall():
        counts.setdefault((article_id, layer), {})[status] = count
    result = []
    for row in rows:
        got = counts.get((row["id"], annotator if row["opened"] else MACHINE), {})
        result.append(QueueRow(
            row["id"], row["title"], row["source"], row["status"],
            got.get("suggested", 0), got.get("accepted", 0) + got.get("edited", 0), got.get("rejected", 0), row["length"],
        ))
    return result


@dataclass(frozen=True, slots=True)
class QueueJump:
    """The answer to "go to article #N": the article asked for, where the queue lands, and the article's state."""

    asked: int
    landed: int | None
    """asked when it is in the (filtered) queue, else the next queued article after it; None when there is none."""
    state: str
    """'current', 'superseded' (an older version of a changed file) or 'missing'."""


def jump(db: Database, annotator: str, article_id: int, **filters: Any) -> QueueJump:
    """Where the queue lands for "go to article #N" under these filters."""
    row = db.execute("SELECT superseded_by FROM articles WHERE id = ?", [article_id]).fetchone()
    state = "missing" if row is None else "superseded" if row[0] is not None else "current"
    if page(db, annotator, **filters, limit=1, after_id=article_id - 1, before_id=article_id + 1):
        return QueueJump(article_id, article_id, state)
    after = page(db, annotator, **filters, limit=1, after_id=article_id)
    return QueueJump(article_id, after[0].article_id if after else None, state)


def data_version(db: Database) -> int:
    """SQLite's counter of commits by other connections: cheap to poll, changes when another process writes."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def summary(db: Database, annotator: str, assigned_only: bool = False) -> QueueSummary:
    """Overall progress of one annotator: the articles counted from an index, the reviewer's own rows by status."""
    extra = " AND r.assigned = 1" if assigned_only else ""
    by_status = dict(db.execute(
        "SELECT r.status, count(*) FROM reviews r JOIN articles a ON a.id = r.article_id"
        f" WHERE r.annotator = ? AND a.superseded_by IS NULL{extra} GROUP BY r.status",
        [annotator],
    ).fetchall())
    if assigned_only:
        total = sum(by_status.values())
    else:
        total = db.execute("SELECT count(*) FROM articles WHERE superseded_by IS NULL").fetchone()[0]
    in_progress, done = by_status.get("in_progress", 0), by_status.get("done", 0)
    return QueueSummary(total, total - in_progress - done, in_progress, done)


def next_open(db: Database, annotator: str, after: int, assigned_only: bool = False) -> int | None:
    """The first article after this one that the annotator has not marked done."""
    extra = "AND r.assigned = 1" if assigned_only else ""
    row = db.execute(
        f"""SELECT a.id FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = ?
            WHERE a.superseded_by IS NULL AND a.id > ? AND COALESCE(r.status, 'new') != 'done' {extra}
            ORDER BY a.id LIMIT 1""",
        [annotator, after],
    ).fetchone()
    return row[0] if row else None
