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

Sorts: "id" (the default, the walks above) or "confidence": articles by their
lowest-confidence pending suggestion, least sure first, then those with nothing
pending, by id. The lowest confidence is one seek per article in
spans_pending_confidence (article_id, annotator, status, confidence); the sort
streams both layers' pending spans in confidence order and checks the filters
(the search through the full-text index) on the way, so a 50,000-article queue
sorts without reading the spans of every layer.
"""
from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotate.models import QueueRow, QueueSummary
from annotate.store import search as article_search
from annotate.store.database import MACHINE

SORTS = ("id", "confidence")
LOWEST_PENDING = (
    "(SELECT min(s.confidence) FROM spans s WHERE s.article_id = a.id AND s.status = 'suggested'"
    " AND s.annotator = CASE WHEN COALESCE(r.opened, 0) = 1 THEN :annotator ELSE :machine END)"
)
"""The lowest confidence among the article's pending suggestions, in the layer its counts come from."""
STREAM_CHUNK = 200
STREAM_BUDGET = 4000
"""Pending spans read in confidence order before the sort gives up streaming (very selective filters)
and orders every article in SQL instead."""

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
    sort: str = "id",
    limit: int = 500,
    offset: int = 0,
    after_id: int | None = None,
    before_id: int | None = None,
    last: bool = False,
) -> list[QueueRow]:
    """One page of the annotator's queue in the chosen sort: from the start, after_id, before_id, or the last page.

    offset skips rows of that page (kept for callers that still count rows);
    ids are the way to page through a big queue. sort="confidence" pages after_id
    (keyset on the article's place in that order) and by offset; before_id and last
    are for the id order only.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown queue sort {sort!r} (one of {', '.join(SORTS)})")
    flt = QueueFilter(annotator, status, label, search, assigned_only)
    if sort == "confidence":
        return _confidence_page(db, flt, limit, offset, after_id)
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


# -- sort="confidence" (least sure first) ------------------------------------------


def _confidence_filter(flt: QueueFilter) -> tuple[str, dict[str, Any]] | None:
    """The WHERE clause for the filters with named parameters (None: nothing can match);
    the search goes through the full-text index, as in the id order."""
    clauses = ["a.superseded_by IS NULL"]
    params: dict[str, Any] = {"annotator": flt.annotator, "machine": MACHINE}
    if flt.assigned_only:
        clauses.append("r.assigned = 1")
    if flt.status == "new":
        clauses.append("(r.status IS NULL OR r.status = 'new')")
    elif flt.status in ("in_progress", "done"):
        clauses.append("r.status = :status")
        params["status"] = flt.status
    if flt.label:
        clauses.append(
            "EXISTS(SELECT 1 FROM spans l WHERE l.article_id = a.id AND l.label = :label AND l.status != 'rejected'"
            " AND l.annotator = CASE WHEN COALESCE(r.opened, 0) = 1 THEN :annotator ELSE :machine END)"
        )
        params["label"] = flt.label
    if flt.search:
        expression = article_search.match_expression(flt.search)
        if expression is None:
            return None
        clauses.append("EXISTS(SELECT 1 FROM articles_fts WHERE articles_fts MATCH :fts AND rowid = a.id)")
        params["fts"] = expression
    return " AND ".join(clauses), params


def _confidence_page(db: Database, flt: QueueFilter, limit: int, offset: int, after_id: int | None) -> list[QueueRow]:
    found = _confidence_filter(flt)
    if found is None or limit <= 0:
        return []
    where, named = found
    base = f"""
        SELECT {_COLUMNS}, {LOWEST_PENDING} AS low
        FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = :annotator
        WHERE {where}"""
    rows = _by_confidence(db, base, named, _after_key(db, named, after_id), offset + limit)[offset:]
    return _with_counts(db, flt.annotator, rows)


def _after_key(db: Database, named: dict[str, Any], after_id: int | None) -> tuple[float | None, int] | None:
    """Where after_id stands in the confidence sort now: (its lowest pending confidence or None, its id)."""
    if after_id is None:
        return None
    row = db.execute(
        f"SELECT {LOWEST_PENDING} FROM articles a LEFT JOIN reviews r ON r.article_id = a.id AND r.annotator = :annotator"
        " WHERE a.id = :after",
        {"annotator": named["annotator"], "machine": MACHINE, "after": after_id},
    ).fetchone()
    return (row[0] if row else None), after_id


def _by_confidence(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict]:
    """The first `wanted` rows after `after`: articles with pending suggestions by (lowest, id), then the rest by id."""
    rows: list[dict] = []
    if after is None or after[0] is not None:
        streamed = _stream_pending(db, base, named, after, wanted)
        if streamed is None:
            return _sorted_in_sql(db, base, named, after, wanted)
        rows = streamed
    if len(rows) < wanted:
        tail_after = after[1] if after is not None and after[0] is None else 0
        rows += db.query(f"SELECT * FROM ({base}) WHERE low IS NULL AND id > :tail ORDER BY id LIMIT :n",
                         {**named, "tail": tail_after, "n": wanted - len(rows)})
    return rows


def _stream_pending(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict] | None:
    """Articles by their lowest pending confidence, read from both layers' pending spans in confidence order
    (spans_layer_confidence) and merged; an article counts where a span of the layer it is reviewed in
    carries its lowest. None when the filters reject too much of the stream (the caller sorts in SQL)."""
    key = " AND (confidence > :low OR (confidence = :low AND article_id > :id))" if after else ""
    streams = [
        db.execute(
            "SELECT confidence, article_id FROM spans WHERE annotator = :layer AND status = 'suggested'"
            f" AND confidence IS NOT NULL{key} ORDER BY confidence, article_id",
            {"layer": layer, "low": after[0] if after else None, "id": after[1] if after else None},
        )
        for layer in dict.fromkeys((named["annotator"], MACHINE))
    ]
    merged = heapq.merge(*streams)
    seen: set[int] = set()
    out: list[dict] = []
    scanned = 0
    while len(out) < wanted:
        chunk = list(itertools.islice(merged, STREAM_CHUNK))
        if not chunk:
            return out
        scanned += len(chunk)
        fresh = sorted({aid for _, aid in chunk} - seen)
        marks = ", ".join(f":i{k}" for k in range(len(fresh)))
        found = {row["id"]: row for row in db.query(
            f"SELECT * FROM ({base}) WHERE id IN ({marks})", {**named, **{f"i{k}": v for k, v in enumerate(fresh)}},
        )}
        for confidence, aid in chunk:
            row = found.get(aid)
            if aid in seen or (row is not None and row["low"] is not None and row["low"] > confidence):
                continue  # a span of the layer this reviewer does not see; the article's own turn comes later
            seen.add(aid)
            if row is not None and row["low"] == confidence:
                out.append(row)
                if len(out) == wanted:
                    break
        if scanned >= STREAM_BUDGET and len(out) < wanted:
            return None
    return out


def _sorted_in_sql(db: Database, base: str, named: dict[str, Any], after: tuple[float | None, int] | None, wanted: int) -> list[dict]:
    """Every filtered article ordered by (lowest pending confidence, id) in one query: slower, always right."""
    if after is None:
        condition = "1"
    elif after[0] is None:
        condition = "low IS NULL AND id > :id"
    else:
        condition = "(low IS NULL OR low > :low OR (low = :low AND id > :id))"
    params = {**named, "low": after[0] if after else None, "id": after[1] if after else None, "n": wanted}
    return list(db.query(f"SELECT * FROM ({base}) WHERE {condition} ORDER BY low IS NULL, low, id LIMIT :n", params))


def _with_counts(db: Database, annotator: str, rows: list[dict]) -> list[QueueRow]:
    """Span counts of each row's visible layer, in one query for the whole page (20 index ranges, never a layer scan)."""
    if not rows:
        return []
    marks = ",".join("?" * len(rows))
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for article_id, layer, status, count in db.execute(
        f"SELECT article_id, annotator, status, count(*) FROM spans INDEXED BY spans_pending_confidence WHERE article_id IN ({marks}) AND annotator IN (?, ?)"
        " GROUP BY article_id, annotator, status",
        [*(row["id"] for row in rows), annotator, MACHINE],
    ).fetchall():
        counts.setdefault((article_id, layer), {})[status] = count
    lows: dict[tuple[int, str], float] = {}
    for article_id, layer, low in db.execute(
        f"SELECT article_id, annotator, min(confidence) FROM spans WHERE article_id IN ({marks}) AND annotator IN (?, ?)"
        " AND status = 'suggested' AND confidence IS NOT NULL GROUP BY article_id, annotator",
        [*(row["id"] for row in rows), annotator, MACHINE],
    ).fetchall():
        lows[(article_id, layer)] = low
    result = []
    for row in rows:
        layer = annotator if row["opened"] else MACHINE
        got = counts.get((row["id"], layer), {})
        result.append(QueueRow(
            row["id"], row["title"], row["source"], row["status"],
            got.get("suggested", 0), got.get("accepted", 0) + got.get("edited", 0), got.get("rejected", 0), row["length"],
            lows.get((row["id"], layer)),
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
    filters.pop("sort", None)  # whether #N is in the queue does not depend on its order; the id walks answer it
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
