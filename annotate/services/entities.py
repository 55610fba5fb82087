"""Review by entity: the corpus's mentions grouped by (form, label, canonical), and decisions on all of them at once.

A bulk decision touches only the annotator's **pending** mentions of one
entity; a mention someone already decided is never touched. It runs as one
BEGIN IMMEDIATE transaction: the articles the annotator has not opened get
their layer copied from the machine's first (the same copy opening the article
makes; the machine's layer is never written), then each mention gets its own
decision-log entry, all tied to one group so that `undo_last_bulk` reverts the
whole action, also after a restart. Undo in one article (the review screen's
`u`) reverts that article's entries one span at a time, as for any decision;
a group undo then leaves those alone, and keeps any span changed since.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from annotate.gazetteer.normalize import fold
from annotate.models import SpanRecord
from annotate.schema import Schema, cached_schema
from annotate.store import entities as entity_store
from annotate.store import history, layers, reviews
from annotate.store.database import default_db_path, now, open_database, write_transaction
from annotate.store.entities import EntityCounts, Mention
from annotate.store.history import DecisionGroup

__all__ = ["BulkAction", "BulkOutcome", "BulkPreview", "EntityCounts", "EntityKey", "EntityService", "GroupUndone", "Mention", "SORTS"]

SORTS = ("pending", "confidence", "low-confidence", "disagreement", "form")
"""Row orders: most pending first, most or least sure first, most disputed first, alphabetical."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class EntityKey:
    """Which entity: the surface form as stored, its label, its canonical ('' for none)."""

    form: str
    label: str
    canonical: str = ""


@dataclass(frozen=True, slots=True)
class BulkAction:
    """What to do with every pending mention: accept, reject, relabel (label) or set attributes (attrs)."""

    kind: str
    label: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict, hash=False)

    def describe(self, key: EntityKey) -> str:
        what = {"accept": "accept", "reject": "reject", "relabel": f"relabel as {self.label}"}.get(self.kind)
        if what is None:
            what = "set " + ", ".join(f"{k}={v}" for k, v in self.attrs.items())
        return f"{what} “{key.form}” ({key.label}{', ' + key.canonical if key.canonical else ''})"

    def change_snapshot(self, before: dict[str, Any]) -> dict[str, Any]:
        """A pending span's snapshot as this action leaves it (the label's attributes go with a new label)."""
        if self.kind == "accept":
            return {**before, "status": "accepted"}
        if self.kind == "reject":
            return {**before, "status": "rejected"}
        if self.kind == "relabel":
            attrs = {} if before["label"] != self.label else dict(before["attrs"])
            return {**before, "label": self.label, "attrs": attrs, "status": "edited"}
        return {**before, "attrs": {**before["attrs"], **self.attrs}, "status": "edited"}


@dataclass(frozen=True, slots=True)
class BulkPreview:
    """What a bulk decision would do: pending mentions it decides, decided ones it leaves alone."""

    pending: int
    decided: int
    articles: int
    unopened: int


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    """What a bulk decision did."""

    group_id: int | None
    decided: int
    left_decided: int
    """Mentions already decided by the reviewer, left alone."""
    overlapping: int
    """Pending mentions skipped because they overlap a span the reviewer decided."""
    displaced: int
    """Other suggestions under an accepted mention, rejected with it (as in the review screen)."""
    opened: int
    """Articles whose layer was copied from the machine's for this decision."""


@dataclass(frozen=True, slots=True)
class GroupUndone:
    group: DecisionGroup
    undone: int
    kept: int
    """Entries left in place because their span was changed since."""


class EntityService:
    """One annotator's entities on one database; safe to call from worker threads (one connection, a lock)."""

    def __init__(self, db_path: str | Path | None, annotator: str, schema: Schema | None = None):
        self.db_path = Path(db_path) if db_path else default_db_path()
        self.db = open_database(self.db_path)
        self.annotator = annotator
        self.schema = schema or cached_schema()
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close once no worker is inside a call (closing under a running query crashes SQLite's C code)."""
        with self._lock:
            self.db.close()

    # -- reading -----------------------------------------------------------
    def rows(self, *, label: str | None = None, search: str = "", sort: str = "pending") -> list[EntityCounts]:
        """The entities, filtered by label and an accent-insensitive search of the form or canonical, in one order."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
        if label is not None:
            self.schema.label(label)
        with self._lock:
            found = entity_store.entity_counts(self.db, self.annotator, assigned_only=self._assigned_only(), label=label)
        needle = fold(search)
        if needle:
            found = [row for row in found if needle in fold(row.form) or needle in fold(row.canonical)]
        return sorted(found, key=_SORT_KEYS[sort])

    def mentions(self, key: EntityKey) -> list[Mention]:
        with self._lock:
            return list(entity_store.mentions(self.db, self.annotator, key.form, key.label, key.canonical, assigned_only=self._assigned_only()))

    def preview(self, key: EntityKey) -> BulkPreview:
        """The dry run: how many mentions a bulk decision on this entity would decide and leave alone."""
        with self._lock:
            assigned = self._assigned_only()
            unopened = entity_store.unopened_articles(self.db, self.annotator, key.form, key.label, key.canonical, assigned_only=assigned)
            found = list(entity_store.mentions(self.db, self.annotator, key.form, key.label, key.canonical, assigned_only=assigned))
        pending = [m for m in found if m.status == "suggested"]
        return BulkPreview(len(pending), len(found) - len(pending), len({m.article_id for m in pending}), len(unopened))

    # -- bulk decisions ----------------------------------------------------
    def apply(self, key: EntityKey, action: BulkAction, progress: Progress | None = None) -> BulkOutcome:
        """Decide every pending mention of the entity in one transaction, one grouped log entry per mention."""
        self._check(action)
        with self._lock, write_transaction(self.db):
            assigned = self._assigned_only()
            unopened = entity_store.unopened_articles(self.db, self.annotator, key.form, key.label, key.canonical, assigned_only=assigned)
            for article_id in unopened:
                layers.open_layer(self.db, article_id, self.annotator)
            spans = entity_store.layer_mentions(self.db, self.annotator, key.form, key.label, key.canonical, assigned_only=assigned)
            pending = [s for s in spans if s.status == "suggested"]
            group_id = history.start_group(self.db, self.annotator, action.kind, action.describe(key))
            counts = _BulkWriter(self.db, self.annotator, group_id, action).run(pending, progress)
            history.close_group(self.db, group_id, counts["decided"])
            return BulkOutcome(
                group_id if counts["decided"] else None, counts["decided"], len(spans) - len(pending),
                counts["overlapping"], counts["displaced"], len(unopened),
            )

    def last_bulk(self) -> DecisionGroup | None:
        """The annotator's latest bulk action that `undo_last_bulk` would revert."""
        with self._lock:
            return history.last_live_group(self.db, self.annotator)

    def undo_last_bulk(self) -> GroupUndone | None:
        """Revert the annotator's latest bulk action, every mention at once (one transaction); None when there is none."""
        with self._lock, write_transaction(self.db):
            group = history.last_live_group(self.db, self.annotator)
            if group is None:
                return None
            undone, kept = history.undo_group(self.db, group.id)
            return GroupUndone(group, undone, kept)

    # -- internals ---------------------------------------------------------
    def _assigned_only(self) -> bool:
        return reviews.has_assignments(self.db, self.annotator)

    def _check(self, action: BulkAction) -> None:
        if action.kind not in ("accept", "reject", "relabel", "attrs"):
            raise ValueError(f"unknown bulk action {action.kind!r}")
        if action.kind == "relabel":
            self.schema.label(action.label or "")
        if action.kind == "attrs" and not action.attrs:
            raise ValueError("a bulk attribute change needs at least one attribute")


class _BulkWriter:
    """Writes one bulk action's mentions inside the caller's transaction: the spans, then one log entry each."""

    FLUSH = 500
    """Mentions written per batch (progress is reported after each)."""

    def __init__(self, db: Any, annotator: str, group_id: int, action: BulkAction):
        self.db, self.annotator, self.group_id, self.action = db, annotator, group_id, action
        self.counts = {"decided": 0, "overlapping": 0, "displaced": 0}
        self.status: dict[int, str] = {}
        """Span id -> status as this action has left it so far (nested forms can displace each other)."""
        self.snapshot: Callable[[SpanRecord], dict[str, Any]] = SpanRecord.snapshot
        """How a pending span's log snapshot is made: SpanRecord.snapshot, or the same dict made faster."""
        self._updates: list[tuple[str, str, str, str, int]] = []
        self._entries: list[tuple[int, str, str, dict[str, Any]]] = []

    def run(self, pending: list[SpanRecord], progress: Progress | None) -> dict[str, int]:
        if pending and _quick_snapshot(pending[0]) == pending[0].snapshot():
            self.snapshot = _quick_snapshot  # asdict's deep copy is a fifth of a 5,000-mention action
        overlaps = entity_store.overlapping(self.db, self.annotator, [s.id for s in pending])
        self.status = {s.id: s.status for s in pending}
        for done, span in enumerate(pending, 1):
            self._decide(span, overlaps[span.id])
            if done % self.FLUSH == 0 or done == len(pending):
                self._flush()
                if progress is not None:
                    progress(done, len(pending))
        return self.counts

    def _decide(self, span: SpanRecord, overlapping: list[SpanRecord]) -> None:
        if self.status.get(span.id) != "suggested":
            return  # displaced by an earlier mention of this action
        before = self.snapshot(span)
        after = self.action.change_snapshot(before)
        displaced: list[SpanRecord] = []
        if after["status"] == "rejected":
            self.status[span.id] = "rejected"
        else:
            others = [o for o in overlapping if self.status.get(o.id, o.status) != "rejected"]
            if any(self.status.get(o.id, o.status) != "suggested" for o in others):
                self.counts["overlapping"] += 1
                return
            displaced = others
        befores, afters = [before], [after]
        for other in displaced:
            self.status[other.id] = "rejected"
            snapshot = other.snapshot()
            befores.append(snapshot)
            afters.append({**snapshot, "status": "rejected"})
        stamp = now()
        self._updates += [(a["label"], json.dumps(a["attrs"], ensure_ascii=False), a["status"], stamp, a["id"]) for a in afters]
        self._entries.append((span.article_id, self.annotator, f"bulk_{self.action.kind}", {"before": befores, "after": afters}))
        self.counts["decided"] += 1
        self.counts["displaced"] += len(displaced)

    def _flush(self) -> None:
        entity_store.update_spans(self.db, self.annotator, self._updates)
        history.record_in_group(self.db, self.group_id, self._entries)
        self._updates, self._entries = [], []


_SNAPSHOT_FIELDS = tuple(f.name for f in fields(SpanRecord) if f.name not in ("created_at", "updated_at"))


def _quick_snapshot(span: SpanRecord) -> dict[str, Any]:
    """SpanRecord.snapshot without asdict's recursion; used only when it gives the very same dict."""
    data = {name: getattr(span, name) for name in _SNAPSHOT_FIELDS}
    for name, value in data.items():
        if isinstance(value, tuple) and all(hasattr(item, "to_json") for item in value):
            data[name] = [item.to_json() for item in value]  # records kept as a tuple (provenance) log as JSON lists
    flat = all(value is None or isinstance(value, (str, int, float)) for value in span.attrs.values())
    data["attrs"] = dict(span.attrs) if flat else json.loads(json.dumps(span.attrs, ensure_ascii=False))
    return data


def _confidence(row: EntityCounts, missing: float) -> float:
    return missing if row.mean_confidence is None else row.mean_confidence


_SORT_KEYS: dict[str, Callable[[EntityCounts], Any]] = {
    "pending": lambda r: (-r.pending, -(r.pending + r.accepted + r.rejected + r.edited), r.form, r.label, r.canonical),
    "confidence": lambda r: (-_confidence(r, -1.0), -r.pending, r.form, r.label, r.canonical),
    "low-confidence": lambda r: (_confidence(r, 2.0), -r.pending, r.form, r.label, r.canonical),
    "disagreement": lambda r: (-r.disputed, -r.pending, r.form, r.label, r.canonical),
    "form": lambda r: (fold(r.form), r.form, r.label, r.canonical),
}
