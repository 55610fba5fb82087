"""Reviewer actions on one annotator's layer, each committed and logged at once.

This is the only door the TUI uses to change annotations: every method is one
short write transaction holding the change and its decision-log entry, so a
killed process loses nothing that was shown as done, and two reviewers on the
same database never overwrite each other (each has their own layer).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from annotate.errors import SpanError
from annotate.models import ArticleRecord, DecisionRecord, QueueRow, QueueSummary, Span, SpanRecord
from annotate.schema import Schema, cached_schema
from annotate.store import articles as article_store
from annotate.store import history, layers, reviews
from annotate.store import queue as queue_store
from annotate.store.database import default_db_path, open_database, write_transaction
from annotate.text.words import WordGrid

LIVE = ("suggested", "accepted", "edited")
QUEUE_SORTS = queue_store.SORTS
"""queue(sort=...): "id", or "confidence" (lowest-confidence pending suggestion first)."""


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the review screen shows: the article, this annotator's spans and progress."""

    article: ArticleRecord
    spans: list[SpanRecord]
    status: str

    def counts(self) -> dict[str, int]:
        result = {"suggested": 0, "accepted": 0, "rejected": 0, "edited": 0}
        for span in self.spans:
            result[span.status] += 1
        return result


class ReviewService:
    """One annotator's session on one database; safe to call from worker threads."""

    def __init__(self, db_path: str | Path | None, annotator: str, schema: Schema | None = None):
        self.db_path = Path(db_path) if db_path else default_db_path()
        """The database file this session works on ($ANNOTATE_DB or db/annotate.db when none is given)."""
        self.db = open_database(self.db_path)
        self.annotator = annotator
        self.schema = schema or cached_schema()
        self._lock = threading.RLock()
        self._grids: dict[int, WordGrid] = {}

    def close(self) -> None:
        self.db.close()

    # -- reading -----------------------------------------------------------
    def queue(self, **filters: Any) -> list[QueueRow]:
        """A page of this annotator's queue: status, label, search, sort (QUEUE_SORTS), limit, offset, after_id."""
        with self._lock:
            filters.setdefault("assigned_only", reviews.has_assignments(self.db, self.annotator))
            return queue_store.page(self.db, self.annotator, **filters)

    def summary(self) -> QueueSummary:
        with self._lock:
            assigned = reviews.has_assignments(self.db, self.annotator)
            return queue_store.summary(self.db, self.annotator, assigned_only=assigned)

    def open_article(self, article_id: int) -> ArticleView:
        """Load an article for review, copying the suggestions into this layer on first open."""
        with self._lock:
            state = reviews.review_state(self.db, article_id, self.annotator)
            if not state or not state.opened:
                with write_transaction(self.db):
                    layers.open_layer(self.db, article_id, self.annotator)
            return self.view(article_id)

    def view(self, article_id: int) -> ArticleView:
        with self._lock:
            article = article_store.get_article(self.db, article_id)
            status = reviews.review_status(self.db, article_id, self.annotator)
            return ArticleView(article, layers.layer(self.db, article_id, self.annotator), status)

    def next_article_id(self, after: int) -> int | None:
        """The next article in this annotator's queue that is not done."""
        with self._lock:
            assigned = reviews.has_assignments(self.db, self.annotator)
            return queue_store.next_open(self.db, self.annotator, after, assigned)

    # -- span decisions ----------------------------------------------------
    def accept(self, span_id: int) -> SpanRecord:
        return self._change(span_id, "accept", lambda s: replace(s, status="edited" if s.status == "edited" else "accepted"))

    def reject(self, span_id: int) -> SpanRecord:
        return self._change(span_id, "reject", lambda s: replace(s, status="rejected"))

    def set_label(self, span_id: int, label: str) -> SpanRecord:
        self.schema.label(label)
        return self._change(span_id, "relabel", lambda s: replace(s, label=label, attrs={} if s.label != label else s.attrs, status="edited"))

    def set_bounds(self, span_id: int, start: int, end: int) -> SpanRecord:
        return self._change(span_id, "rebound", lambda s: replace(s, start=start, end=end, status="edited"))

    def set_attrs(self, span_id: int, attrs: dict[str, Any]) -> SpanRecord:
        return self._change(span_id, "edit_attrs", lambda s: replace(s, attrs=dict(attrs), status="edited"))

    def move_edge(self, span_id: int, edge: str) -> SpanRecord:
        """Move one edge a word: edge is start_left, start_right, end_left or end_right."""
        with self._lock:
            span = layers.get_span(self.db, span_id)
            grid = self._grid(span.article_id)
            start, end = span.start, span.end
            if edge == "start_left":
                start = grid.start_left(start)
            elif edge == "start_right":
                start = grid.start_right(start, end)
            elif edge == "end_left":
                end = grid.end_left(start, end)
            elif edge == "end_right":
                end = grid.end_right(end)
            else:
                raise ValueError(f"unknown edge {edge!r}")
            if (start, end) == (span.start, span.end):
                return span
            return self.set_bounds(span_id, start, end)

    def add_span(self, article_id: int, start: int, end: int, label: str, attrs: dict[str, Any] | None = None) -> SpanRecord:
        """A reviewer's own span; suggestions it overlaps are rejected in the same decision."""
        self.schema.label(label)
        with self._lock, write_transaction(self.db):
            article = article_store.get_article(self.db, article_id)
            self._check_range(article, start, end)
            layers.open_layer(self.db, article_id, self.annotator)
            displaced = self._displace(article_id, start, end)
            before, after = [d[0] for d in displaced], [d[1] for d in displaced]
            span = Span(start, end, label, attrs or {}, origin="human")
            new_id = layers.insert_spans(self.db, article_id, self.annotator, [span], status="accepted")[0]
            created = layers.get_span(self.db, new_id)
            history.record(self.db, article_id, self.annotator, "add", {"before": before, "after": after + [created.snapshot()], "created": [new_id]})
            self._touch(article_id)
            return created

    def accept_all(self, article_id: int) -> int:
        """Accept every remaining suggestion of the article; returns how many."""
        with self._lock, write_transaction(self.db):
            layers.open_layer(self.db, article_id, self.annotator)
            pending = layers.layer(self.db, article_id, self.annotator, ["suggested"])
            if not pending:
                return 0
            before = [s.snapshot() for s in pending]
            for span in pending:
                span.status = "accepted"
                layers.write_snapshot(self.db, span.snapshot())
            history.record(self.db, article_id, self.annotator, "accept_all", {"before": before, "after": [s.snapshot() for s in pending]})
            self._touch(article_id)
            return len(pending)

    def mark_done(self, article_id: int, done: bool = True) -> None:
        with self._lock, write_transaction(self.db):
            layers.open_layer(self.db, article_id, self.annotator)
            before = reviews.review_status(self.db, article_id, self.annotator)
            new = "done" if done else "in_progress"
            history.record(self.db, article_id, self.annotator, "done" if done else "reopen", {"review": {"before": before, "after": new}})
            reviews.set_review(self.db, article_id, self.annotator, status=new)

    def set_region(self, article_id: int, start: int, end: int) -> None:
        """Move the article boundary (shared by all annotators; logged and undoable)."""
        with self._lock, write_transaction(self.db):
            article = article_store.get_article(self.db, article_id)
            if not 0 <= start < end <= len(article.text):
                raise SpanError(f"article boundary {start}-{end} is outside the text (0-{len(article.text)})")
            history.record(self.db, article_id, self.annotator, "boundary", {"region": {"before": list(article.region), "after": [start, end]}})
            article_store.set_region(self.db, article_id, start, end)

    def undo(self, article_id: int) -> str | None:
        """Revert this annotator's last decision on the article; returns its action or None."""
        with self._lock, write_transaction(self.db):
            return history.undo_last(self.db, article_id, self.annotator)

    def history(self, article_id: int) -> list[DecisionRecord]:
        with self._lock:
            return history.history(self.db, article_id, self.annotator)

    # -- internals ---------------------------------------------------------
    def _grid(self, article_id: int) -> WordGrid:
        if article_id not in self._grids:
            self._grids[article_id] = WordGrid(article_store.get_article(self.db, article_id).text)
        return self._grids[article_id]

    @staticmethod
    def _check_range(article: ArticleRecord, start: int, end: int) -> None:
        if not 0 <= start < end <= len(article.text):
            raise SpanError(f"span {start}-{end} is outside the text (0-{len(article.text)}) or empty")

    def _change(self, span_id: int, action: str, change: Callable[[SpanRecord], SpanRecord]) -> SpanRecord:
        with self._lock, write_transaction(self.db):
            span = layers.get_span(self.db, span_id)
            if span.annotator != self.annotator:
                raise SpanError(f"span {span_id} belongs to {span.annotator}, not {self.annotator}")
            before = span.snapshot()
            changed = change(SpanRecord(**{**before, "attrs": dict(span.attrs)}))
            article = article_store.get_article(self.db, span.article_id)
            self._check_range(article, changed.start, changed.end)
            if changed.snapshot() == before:
                return span
            displaced = self._displace(span.article_id, changed.start, changed.end, skip=span.id) if changed.status != "rejected" else []
            layers.write_snapshot(self.db, changed.snapshot())
            history.record(
                self.db, span.article_id, self.annotator, action,
                {"before": [before] + [d[0] for d in displaced], "after": [changed.snapshot()] + [d[1] for d in displaced]},
            )
            self._touch(span.article_id)
            return layers.get_span(self.db, span_id)

    def _displace(self, article_id: int, start: int, end: int, skip: int | None = None) -> list[tuple[dict, dict]]:
        """Reject suggestions under a reviewer's span; refuse to cover decided spans."""
        changes = []
        for other in layers.layer(self.db, article_id, self.annotator, LIVE):
            if other.id == skip or not (other.start < end and start < other.end):
                continue
            if other.status != "suggested":
                raise SpanError(f"{start}-{end} would overlap the {other.status} {other.label} span at {other.start}-{other.end}")
            before = other.snapshot()
            other.status = "rejected"
            layers.write_snapshot(self.db, other.snapshot())
            changes.append((before, other.snapshot()))
        return changes

    def _touch(self, article_id: int) -> None:
        if reviews.review_status(self.db, article_id, self.annotator) == "new":
            reviews.set_review(self.db, article_id, self.annotator, status="in_progress", opened=1)
