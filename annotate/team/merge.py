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
from annotate.models import DecisionRecord, ReviewState, SpanRecord
from annotate.store import articles as article_store
from annotate.store import layers, transfer
from annotate.store.database import MACHINE, open_database, write_transaction
from annotate.store.transfer import StoredLayer


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
        transfer.check_readable(db)
        return db
    except Exception:
        return open_database(path)  # WAL files missing and folder read-only, or an older schema to migrate


def _span_key(span: SpanRecord) -> tuple[Any, ...]:
    return span.start, span.end, span.label, json.dumps(span.attrs, sort_keys=True, ensure_ascii=False), span.status


def _same_spans(a: StoredLayer, b: StoredLayer) -> bool:
    return sorted(map(_span_key, a.spans)) == sorted(map(_span_key, b.spans))


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
                for source_id, annotator in transfer.layer_keys(src):
                    if source_id in articles:
                        self._layer(src, path, source_id, articles[source_id], annotator)
                self.report.gazetteer_added += transfer.copy_gazetteer(src, self.out)
        finally:
            src.close()

    def _articles(self, src: Database, path: Path) -> dict[int, int]:
        mapping: dict[int, int] = {}
        stored = transfer.all_articles(src)
        for article in stored:
            if str(path) not in self.seen[article.content_hash]:
                self.seen[article.content_hash].append(str(path))
            existing = article_store.find_by_hash(self.out, article.content_hash)
            if existing:
                mapping[article.id] = existing.id
                self.report.articles_matched += 1
                continue
            mapping[article.id] = transfer.copy_article(self.out, article, keep_id=article_store.id_is_free(self.out, article.id))
            self.report.articles_added += 1
        for article in stored:
            if article.superseded_by in mapping:
                transfer.link_versions(self.out, mapping[article.id], mapping[article.superseded_by])
        return mapping

    def _layer(self, src: Database, path: Path, source_id: int, target_id: int, annotator: str) -> None:
        theirs = transfer.stored_layer(src, source_id, annotator)
        ours = transfer.stored_layer(self.out, target_id, annotator)
        if annotator == MACHINE and ours.spans:
            if _same_spans(theirs, ours):
                self.report.layers_unchanged += 1
            else:
                self.report.machine_skipped += 1
            return
        if theirs.untouched:
            self._or_assigned(theirs.review, ours.review, target_id, annotator)
            self.report.layers_unchanged += 1
            return
        same = _same_spans(theirs, ours) and _status(theirs) == _status(ours)
        if ours.untouched:
            span_map = transfer.copy_spans(self.out, theirs.spans, target_id, annotator)
            transfer.put_review(self.out, theirs.review, target_id, annotator)
            self._or_assigned(ours.review, theirs.review, target_id, annotator)
            self.report.layers_copied += 1
        elif same:
            by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for span in ours.spans:
                by_key[_span_key(span)].append(span.id)
            span_map = {span.id: by_key[_span_key(span)].pop(0) for span in theirs.spans}
            self._or_assigned(theirs.review, ours.review, target_id, annotator)
            self.report.layers_unchanged += 1
        elif theirs.changed_at > ours.changed_at:
            span_map = self._replace(path, theirs, target_id, annotator)
        else:
            title = article_store.get_article(self.out, target_id).title or ""
            self.report.conflicts.append(MergeConflict(target_id, title, annotator, "the version merged before", str(path)))
            return
        self._copy_decisions(theirs.decisions, span_map, target_id)

    def _replace(self, path: Path, theirs: StoredLayer, target_id: int, annotator: str) -> dict[int, int]:
        """The source's version is later: it replaces the layer merged before (a reported conflict)."""
        title = article_store.get_article(self.out, target_id).title or ""
        self.report.conflicts.append(MergeConflict(target_id, title, annotator, str(path), "the version merged before"))
        layers.delete_layer(self.out, target_id, annotator)
        transfer.retire_decisions(self.out, target_id, annotator)
        span_map = transfer.copy_spans(self.out, theirs.spans, target_id, annotator)
        transfer.put_review(self.out, theirs.review, target_id, annotator)
        self.report.layers_replaced += 1
        return span_map

    def _or_assigned(self, given: ReviewState | None, other: ReviewState | None, target_id: int, annotator: str) -> None:
        """An assignment in either version survives the merge."""
        if given and given.assigned and not (other and other.assigned):
            transfer.add_assignment(self.out, target_id, annotator, given.updated_at)

    def _copy_decisions(self, decisions: list[DecisionRecord], span_map: dict[int, int], target_id: int) -> None:
        for decision in decisions:
            if transfer.has_decision(self.out, target_id, decision.annotator, decision.action, decision.at):
                continue
            payload, ok = _remap_payload(decision.payload, span_map, target_id)
            undone = decision.undone
            if not ok and not undone and decision.action != "undo":
                undone = True
                payload["merge_note"] = "refers to spans that no longer exist; not undoable here"
                self.report.decisions_not_undoable += 1
            transfer.copy_decision(self.out, target_id, decision, payload, undone)
            self.report.decisions_copied += 1


def _status(layer: StoredLayer) -> str:
    return layer.review.status if layer.review else "new"


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
