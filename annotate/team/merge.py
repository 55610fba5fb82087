"""Merge per-annotator database files into one team database.

Merging matches articles by the content hash of their text, so the same article
ingested on two laptops is one article in the team database. Each annotator's
layer travels with its review row and decision log. A layer that differs
between two sources is a conflict: the later-updated version is kept and the
conflict reported (the other version stays in its source file). Running the
same merge twice changes nothing the second time.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from sqlite_utils import Database

from annotate.errors import StoreError
from annotate.store import articles as article_store
from annotate.store import layers
from annotate.store.database import MACHINE, open_database, write_transaction

SPAN_COLUMNS = ("start", "end", "label", "attrs", "origin", "status", "created_at", "updated_at")


@dataclass(frozen=True)
class MergeConflict:
    """One annotator's layer of one article differs between two sources."""

    article_id: int
    title: str
    annotator: str
    kept: str
    discarded: str


@dataclass
class MergeReport:
    output: Path
    sources: list[Path] = field(default_factory=list)
    articles_added: int = 0
    articles_matched: int = 0
    duplicates: list[tuple[int, str, list[str]]] = field(default_factory=list)
    layers_copied: int = 0
    layers_unchanged: int = 0
    layers_replaced: int = 0
    machine_skipped: int = 0
    conflicts: list[MergeConflict] = field(default_factory=list)
    decisions_copied: int = 0
    decisions_not_undoable: int = 0
    gazetteer_added: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.sources)} sources into {self.output}: articles added {self.articles_added}, matched {self.articles_matched}, "
            f"in several sources {len(self.duplicates)}; layers copied {self.layers_copied}, unchanged {self.layers_unchanged}, "
            f"replaced by a later version {self.layers_replaced}, machine duplicates skipped {self.machine_skipped}; "
            f"conflicts {len(self.conflicts)}; decisions copied {self.decisions_copied}"
        )

    def details(self) -> list[str]:
        lines = [f"article {aid} ({title[:50]}) is in {', '.join(paths)}" for aid, title, paths in self.duplicates]
        lines += [
            f"conflict: {c.annotator} on article {c.article_id} ({c.title[:50]}) differs: kept {c.kept}, not {c.discarded}"
            for c in self.conflicts
        ]
        if self.decisions_not_undoable:
            lines.append(f"{self.decisions_not_undoable} copied decisions refer to spans that no longer exist and were marked not undoable")
        return lines


# ---------------------------------------------------------------- merge


def _open_source(path: Path) -> Database:
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    try:
        db = open_database(path, readonly=True)
        db.execute("SELECT count(*) FROM articles").fetchone()
        return db
    except Exception:
        return open_database(path)  # WAL files missing and folder read-only, or an older schema to migrate


def _span_key(row: dict[str, Any]) -> tuple[Any, ...]:
    attrs = json.dumps(json.loads(row["attrs"] or "{}"), sort_keys=True, ensure_ascii=False)
    return row["start"], row["end"], row["label"], attrs, row["status"]


def _layer_rows(db: Database, article_id: int, annotator: str) -> list[dict[str, Any]]:
    return list(db.query('SELECT * FROM spans WHERE article_id = ? AND annotator = ? ORDER BY start, "end", id', [article_id, annotator]))


def _stamp(spans: list[dict[str, Any]], review: dict[str, Any] | None, decisions: list[dict[str, Any]]) -> str:
    """When a layer last changed: its latest span, review or decision time."""
    times = [s["updated_at"] for s in spans] + [d["at"] for d in decisions]
    if review:
        times.append(review["updated_at"])
    return max(times, default="")


def _untouched(spans: list[dict[str, Any]], review: dict[str, Any] | None, decisions: list[dict[str, Any]]) -> bool:
    """No work at all: no spans, no decisions, at most an assignment that was never opened."""
    return not spans and not decisions and (review is None or (review["status"] == "new" and not review["opened"]))


def _remap_payload(payload: Any, spans: dict[int, int], article_id: int) -> tuple[Any, bool]:
    """Payload with span ids of the source turned into ids of the output; False when some id has no counterpart."""
    ok = True

    def ids(values: list[Any]) -> list[Any]:
        nonlocal ok
        result = []
        for value in values:
            if isinstance(value, int) and value in spans:
                result.append(spans[value])
            else:
                ok = False
                result.append(value)
        return result

    def snapshot(value: Any) -> Any:
        nonlocal ok
        if isinstance(value, dict) and "id" in value:
            value = dict(value)
            if value["id"] in spans:
                value["id"] = spans[value["id"]]
            else:
                ok = False
            if "article_id" in value:
                value["article_id"] = article_id
        return value

    if not isinstance(payload, dict):
        return payload, True
    result = dict(payload)
    for key in ("created", "spans"):
        if isinstance(result.get(key), list):
            result[key] = ids(result[key])
    for key in ("before", "after"):
        if isinstance(result.get(key), list):
            result[key] = [snapshot(v) for v in result[key]]
    return result, ok


class _Merger:
    def __init__(self, out: Database, report: MergeReport):
        self.out = out
        self.report = report
        self.seen: dict[str, list[str]] = defaultdict(list)

    def source(self, path: Path) -> None:
        src = _open_source(path)
        try:
            with write_transaction(self.out):
                articles = self._articles(src, path)
                pairs = src.execute(
                    "SELECT article_id, annotator FROM spans UNION SELECT article_id, annotator FROM reviews"
                    " UNION SELECT article_id, annotator FROM decisions ORDER BY 1, 2"
                ).fetchall()
                for source_id, annotator in pairs:
                    if source_id in articles:
                        self._layer(src, path, source_id, articles[source_id], annotator)
                self._gazetteer(src)
        finally:
            src.close()

    def _articles(self, src: Database, path: Path) -> dict[int, int]:
        mapping: dict[int, int] = {}
        rows = list(src.query("SELECT * FROM articles ORDER BY id"))
        for row in rows:
            if str(path) not in self.seen[row["content_hash"]]:
                self.seen[row["content_hash"]].append(str(path))
            existing = article_store.find_by_hash(self.out, row["content_hash"])
            if existing:
                mapping[row["id"]] = existing.id
                self.report.articles_matched += 1
                continue
            fields = {k: row[k] for k in row if k not in ("id", "superseded_by")}
            free = not self.out.execute("SELECT 1 FROM articles WHERE id = ?", [row["id"]]).fetchone()
            if free:
                fields["id"] = row["id"]
            mapping[row["id"]] = self.out.table("articles").insert(fields).last_pk
            self.report.articles_added += 1
        for row in rows:
            if row["superseded_by"] in mapping:
                self.out.execute(
                    "UPDATE articles SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL",
                    [mapping[row["superseded_by"]], mapping[row["id"]]],
                )
        return mapping

    def _layer(self, src: Database, path: Path, source_id: int, target_id: int, annotator: str) -> None:
        theirs = _layer_rows(src, source_id, annotator)
        their_review = layers.review_state(src, source_id, annotator)
        their_decisions = list(src.query("SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id", [source_id, annotator]))
        ours = _layer_rows(self.out, target_id, annotator)
        our_review = layers.review_state(self.out, target_id, annotator)
        our_decisions = list(self.out.query("SELECT * FROM decisions WHERE article_id = ? AND annotator = ? ORDER BY id", [target_id, annotator]))

        if annotator == MACHINE and ours:
            if sorted(map(_span_key, theirs)) != sorted(map(_span_key, ours)):
                self.report.machine_skipped += 1
            else:
                self.report.layers_unchanged += 1
            return
        if _untouched(theirs, their_review, their_decisions):
            self._or_assigned(their_review, our_review, target_id, annotator)
            self.report.layers_unchanged += 1
            return
        empty_here = _untouched(ours, our_review, our_decisions)
        same = sorted(map(_span_key, theirs)) == sorted(map(_span_key, ours)) and (their_review or {}).get("status", "new") == (our_review or {}).get("status", "new")
        if empty_here:
            span_map = self._copy_spans(theirs, target_id, annotator)
            self._copy_review(their_review, target_id, annotator)
            self._or_assigned(our_review, their_review, target_id, annotator)
            self.report.layers_copied += 1
        elif same:
            by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for row in ours:
                by_key[_span_key(row)].append(row["id"])
            span_map = {row["id"]: by_key[_span_key(row)].pop(0) for row in theirs}
            self._or_assigned(their_review, our_review, target_id, annotator)
            self.report.layers_unchanged += 1
        else:
            title = self.out.execute("SELECT COALESCE(title, '') FROM articles WHERE id = ?", [target_id]).fetchone()[0]
            if _stamp(theirs, their_review, their_decisions) > _stamp(ours, our_review, our_decisions):
                self.report.conflicts.append(MergeConflict(target_id, title, annotator, str(path), "the version merged before"))
                layers.delete_layer(self.out, target_id, annotator)
                self.out.execute("UPDATE decisions SET undone = 1 WHERE article_id = ? AND annotator = ?", [target_id, annotator])
                span_map = self._copy_spans(theirs, target_id, annotator)
                self._copy_review(their_review, target_id, annotator)
                self.report.layers_replaced += 1
            else:
                self.report.conflicts.append(MergeConflict(target_id, title, annotator, "the version merged before", str(path)))
                return
        self._copy_decisions(their_decisions, span_map, target_id)

    def _or_assigned(self, given: dict[str, Any] | None, other: dict[str, Any] | None, target_id: int, annotator: str) -> None:
        """An assignment in either version survives the merge."""
        if given and given["assigned"] and not (other and other["assigned"]):
            self.out.execute(
                "INSERT INTO reviews (article_id, annotator, assigned, updated_at) VALUES (?, ?, 1, ?)"
                " ON CONFLICT(article_id, annotator) DO UPDATE SET assigned = 1",
                [target_id, annotator, given["updated_at"]],
            )

    def _copy_spans(self, rows: list[dict[str, Any]], target_id: int, annotator: str) -> dict[int, int]:
        mapping = {}
        for row in rows:
            cursor = self.out.execute(
                'INSERT INTO spans (article_id, annotator, start, "end", label, attrs, origin, status, created_at, updated_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [target_id, annotator, *(row[c] for c in SPAN_COLUMNS)],
            )
            mapping[row["id"]] = cursor.lastrowid
        return mapping

    def _copy_review(self, review: dict[str, Any] | None, target_id: int, annotator: str) -> None:
        if review is None:
            self.out.execute("DELETE FROM reviews WHERE article_id = ? AND annotator = ?", [target_id, annotator])
            return
        self.out.execute(
            "INSERT OR REPLACE INTO reviews (article_id, annotator, status, assigned, opened, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [target_id, annotator, review["status"], review["assigned"], review["opened"], review["updated_at"]],
        )

    def _copy_decisions(self, decisions: list[dict[str, Any]], span_map: dict[int, int], target_id: int) -> None:
        for row in decisions:
            exists = self.out.execute(
                "SELECT 1 FROM decisions WHERE article_id = ? AND annotator = ? AND action = ? AND at = ?",
                [target_id, row["annotator"], row["action"], row["at"]],
            ).fetchone()
            if exists:
                continue
            payload, ok = _remap_payload(json.loads(row["payload"]), span_map, target_id)
            undone = row["undone"]
            if not ok and not undone and row["action"] != "undo":
                undone = 1
                payload["merge_note"] = "refers to spans that no longer exist; not undoable here"
                self.report.decisions_not_undoable += 1
            self.out.execute(
                "INSERT INTO decisions (article_id, annotator, action, payload, undone, at) VALUES (?, ?, ?, ?, ?, ?)",
                [target_id, row["annotator"], row["action"], json.dumps(payload, ensure_ascii=False), undone, row["at"]],
            )
            self.report.decisions_copied += 1

    def _gazetteer(self, src: Database) -> None:
        for row in src.query("SELECT kind, name, canonical, country, level, parent, added_by, added_at FROM gazetteer_entries"):
            cursor = self.out.execute(
                "INSERT OR IGNORE INTO gazetteer_entries (kind, name, canonical, country, level, parent, added_by, added_at)"
                " VALUES (:kind, :name, :canonical, :country, :level, :parent, :added_by, :added_at)",
                row,
            )
            self.report.gazetteer_added += cursor.rowcount


def merge(sources: Sequence[str | Path], output: str | Path) -> MergeReport:
    """Bring per-annotator database files into one team database (created if missing)."""
    output = Path(output)
    paths = [Path(s) for s in sources]
    if not paths:
        raise ValueError("merge needs at least one source database")
    for path in paths:
        if not path.is_file():
            raise StoreError(f"{path}: no such database")
        if output.exists() and path.resolve() == output.resolve():
            raise ValueError(f"{path}: a source cannot also be the output")
    out = open_database(output)
    report = MergeReport(output, paths)
    merger = _Merger(out, report)
    try:
        for path in paths:
            merger.source(path)
        for digest, holders in merger.seen.items():
            if len(holders) > 1:
                article = article_store.find_by_hash(out, digest)
                if article:
                    report.duplicates.append((article.id, article.title or "", holders))
        report.duplicates.sort()
    finally:
        out.close()
    return report
