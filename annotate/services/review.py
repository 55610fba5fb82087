"""Reviewer actions on one annotator's layer, each committed and logged at once.

This is the only door the TUI uses to change annotations: every method is one
short write transaction holding the change and its decision-log entry, so a
killed process loses nothing that was shown as done, and two reviewers on the
same database never overwrite each other (each has their own layer). Every
decision returns a Change (what it wrote), never the whole article again.
What a decision does to spans is annotate.services.span_rules, shared with the
front ends; the attributes of a new or relabelled span are filled by the
pre-annotator's own parsers (annotate.services.attribute_filling).
"""
from __future__ import annotations

import dataclasses

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from annotate.errors import SpanError
from annotate.models import ArticleRecord, DecisionRecord, QueueRow, QueueSummary, Span, SpanRecord
from annotate.schema import Schema, cached_schema
from annotate.services import span_rules as rules
from annotate.services.attribute_filling import AttributeFiller
from annotate.services.outcomes import NOTHING, ArticleView, Change
from annotate.services.suggestions import index_with_files
from annotate.store import articles as article_store
from annotate.store import history, layers, reviews
from annotate.store import queue as queue_store
from annotate.store.queue import QueueJump
from annotate.store.database import default_db_path, open_database, write_transaction
from annotate.store.gazetteer import user_gazetteers
from annotate.text.words import WordGrid

__all__ = ["ArticleView", "Change", "ReviewService"]

LIVE = rules.LIVE
FINISH_REST = (None, "accept", "reject")
"""What finishing does with suggestions still open: leave them, accept them, or reject them."""
QUEUE_SORTS = queue_store.SORTS
"""queue(sort=...): "id", or "confidence" (lowest-confidence pending suggestion first)."""


def _record(snapshot: dict[str, Any]) -> SpanRecord:
    return SpanRecord(**{**snapshot, "attrs": dict(snapshot.get("attrs") or {})})


class ReviewService:
    """One annotator's session on one database; safe to call from worker threads."""

    def __init__(self, db_path: str | Path | None, annotator: str, schema: Schema | None = None, filler: AttributeFiller | None = None):
        self.db_path = Path(db_path) if db_path else default_db_path()
        """The database file this session works on ($ANNOTATE_DB or db/annotate.db when none is given)."""
        self.db = open_database(self.db_path)
        self.annotator = annotator
        self.schema = schema or cached_schema()
        self._lock = threading.RLock()
        self._grids: dict[int, WordGrid] = {}
        self._filler = filler

    def close(self) -> None:
        """Close once no worker is inside a call (closing under a running query crashes SQLite's C code)."""
        with self._lock:
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

    def find_in_queue(self, article_id: int, **filters: Any) -> QueueJump:
        """Where "go to article #N" lands: N itself, the next queued article after it, or nowhere (and why)."""
        with self._lock:
            filters.setdefault("assigned_only", reviews.has_assignments(self.db, self.annotator))
            return queue_store.jump(self.db, self.annotator, article_id, **filters)

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process, an ingest) commits to the database."""
        with self._lock:
            return queue_store.data_version(self.db)

    def open_article(self, article_id: int) -> ArticleView:
        """Load an article for review, copying the suggestions into this layer on first open (its status stays)."""
        with self._lock:
            state = reviews.review_state(self.db, article_id, self.annotator)
            if not state or not state.opened:
                with write_transaction(self.db):
                    layers.open_layer(self.db, article_id, self.annotator)
            return self.view(article_id)

    def view(self, article_id: int) -> ArticleView:
        with self._lock:
            article = article_store.get_article(self.db, article_id)
            state = reviews.review_state(self.db, article_id, self.annotator)
            return ArticleView(
                article, layers.layer(self.db, article_id, self.annotator), state.status if state else "new",
                state.position if state else None, history.history(self.db, article_id, self.annotator),
            )

    def next_article_id(self, after: int) -> int | None:
        """The next article in this annotator's queue that is not done."""
        with self._lock:
            assigned = reviews.has_assignments(self.db, self.annotator)
            return queue_store.next_open(self.db, self.annotator, after, assigned)

    def history(self, article_id: int) -> list[DecisionRecord]:
        with self._lock:
            return history.history(self.db, article_id, self.annotator)

    def prepare(self) -> None:
        """Load what filling attributes needs (gazetteer, word lists) before the first decision asks."""
        self.filler.warm_up()

    @property
    def filler(self) -> AttributeFiller:
        if self._filler is None:
            with self._lock:
                files = user_gazetteers(self.db).place_files
            self._filler = AttributeFiller(index_with_files(files))
        return self._filler

    # -- span decisions ----------------------------------------------------
    def accept(self, span_id: int) -> Change:
        return self._change(span_id, "accept", lambda s, a: rules.accepted(s))

    def reject(self, span_id: int) -> Change:
        return self._change(span_id, "reject", lambda s, a: replace(s, status="rejected"))

    def set_label(self, span_id: int, label: str) -> Change:
        """Relabel: attributes that still apply stay, the new label's come from this span's past, then from the rules."""
        self.schema.label(label)

        def relabel(span: SpanRecord, article: ArticleRecord) -> SpanRecord:
            attrs = rules.kept_attributes(span.attrs, span.label, label, self.schema)
            if span.label != label:
                past = rules.remembered_attributes(history.history(self.db, span.article_id, self.annotator), span.id, label)
                attrs = rules.completed(attrs, past, self._filled(article, span.start, span.end, label))
            return replace(span, label=label, attrs=attrs, status="edited")

        return self._change(span_id, "relabel", relabel)

    def set_bounds(self, span_id: int, start: int, end: int) -> Change:
        """New bounds; attributes the span lacks are read from its new text."""
        def rebound(span: SpanRecord, article: ArticleRecord) -> SpanRecord:
            rules.check_range(len(article.text), start, end)
            attrs = rules.completed(span.attrs, self._filled(article, start, end, span.label))
            return replace(span, start=start, end=end, attrs=attrs, status="edited")

        return self._change(span_id, "rebound", rebound)

    def set_attrs(self, span_id: int, attrs: dict[str, Any]) -> Change:
        return self._change(span_id, "edit_attrs", lambda s, a: replace(s, attrs=dict(attrs), status="edited"))

    def move_edge(self, span_id: int, edge: str) -> Change:
        """Move one edge a word: edge is start_left, start_right, end_left or end_right."""
        with self._lock:
            span = layers.get_span(self.db, span_id)
            start, end = rules.moved_edge(self._grid(span.article_id), span.start, span.end, edge)
            if (start, end) == (span.start, span.end):
                return NOTHING
            return self.set_bounds(span_id, start, end)

    def add_span(self, article_id: int, start: int, end: int, label: str, attrs: dict[str, Any] | None = None) -> Change:
        """A reviewer's own span; suggestions it overlaps are rejected in the same decision.

        attrs None: the span keeps what applies of the suggestions it covers, and the rules fill the rest.
        """
        self.schema.label(label)
        with self._lock, write_transaction(self.db):
            article = article_store.get_article(self.db, article_id)
            rules.check_range(len(article.text), start, end)
            layers.open_layer(self.db, article_id, self.annotator)
            covered = rules.displaced(layers.layer(self.db, article_id, self.annotator, LIVE), start, end)
            if attrs is None:
                attrs = rules.completed(rules.inherited_attributes(covered, label, self.schema), self._filled(article, start, end, label))
            displaced = self._reject(covered)
            new_id = layers.insert_spans(self.db, article_id, self.annotator, [Span(start, end, label, attrs, origin="human")], status="accepted")[0]
            created = layers.get_span(self.db, new_id)
            payload = {"before": [b.snapshot() for b, _ in displaced], "after": [a.snapshot() for _, a in displaced] + [created.snapshot()], "created": [new_id]}
            return self._commit(article_id, "add", payload, [created] + [a for _, a in displaced], position=start)

    # -- article decisions -------------------------------------------------
    def accept_all(self, article_id: int) -> Change:
        """Accept every remaining suggestion of the article (Change.count says how many)."""
        with self._lock, write_transaction(self.db):
            layers.open_layer(self.db, article_id, self.annotator)
            pending = layers.layer(self.db, article_id, self.annotator, ["suggested"])
            if not pending:
                return NOTHING
            after = [replace(s, status="accepted", attrs=dict(s.attrs)) for s in pending]
            for span in after:
                layers.write_snapshot(self.db, span.snapshot())
            payload = {"before": [s.snapshot() for s in pending], "after": [s.snapshot() for s in after]}
            return replace(self._commit(article_id, "accept_all", payload, after), count=len(after))

    def finish(self, article_id: int, rest: str | None = None) -> Change:
        """Mark the article done; rest says what becomes of suggestions still open ('accept', 'reject', or left)."""
        if rest not in FINISH_REST:
            raise ValueError(f"unknown choice for the open suggestions: {rest!r}")
        with self._lock, write_transaction(self.db):
            layers.open_layer(self.db, article_id, self.annotator)
            before = reviews.review_status(self.db, article_id, self.annotator)
            pending = layers.layer(self.db, article_id, self.annotator, ["suggested"]) if rest else []
            decided = [replace(s, status="accepted" if rest == "accept" else "rejected", attrs=dict(s.attrs)) for s in pending]
            for span in decided:
                layers.write_snapshot(self.db, span.snapshot())
            payload: dict[str, Any] = {"review": {"before": before, "after": "done"}}
            if decided:
                payload.update(before=[s.snapshot() for s in pending], after=[s.snapshot() for s in decided], rest=rest)
            entry = history.append(self.db, article_id, self.annotator, "done", payload)
            reviews.set_review(self.db, article_id, self.annotator, status="done")
            return Change("done", tuple(decided), status="done", entry=entry, count=len(decided))

    def mark_done(self, article_id: int, done: bool = True) -> Change:
        """Done (open suggestions left as they are) or back to in progress."""
        if done:
            return self.finish(article_id)
        with self._lock, write_transaction(self.db):
            before = reviews.review_status(self.db, article_id, self.annotator)
            entry = history.append(self.db, article_id, self.annotator, "reopen", {"review": {"before": before, "after": "in_progress"}})
            reviews.set_review(self.db, article_id, self.annotator, status="in_progress")
            return Change("reopen", status="in_progress", entry=entry)

    def set_region(self, article_id: int, start: int, end: int) -> Change:
        """Move the article boundary (shared by all annotators; logged and undoable)."""
        with self._lock, write_transaction(self.db):
            article = article_store.get_article(self.db, article_id)
            if not 0 <= start < end <= len(article.text):
                raise SpanError(f"article boundary {start}-{end} is outside the text (0-{len(article.text)})")
            if (start, end) == article.region:
                return NOTHING
            entry = history.append(self.db, article_id, self.annotator, "boundary", {"region": {"before": list(article.region), "after": [start, end]}})
            article_store.set_region(self.db, article_id, start, end)
            return Change("boundary", region=(start, end), entry=entry)

    def move_boundary(self, article_id: int, edge: str, offset: int) -> Change:
        """Start (edge 'start') or end the article at the word at offset, snapped out of any span."""
        with self._lock:
            article = article_store.get_article(self.db, article_id)
            spans = layers.layer(self.db, article_id, self.annotator, LIVE)
            start, end = rules.snapped_region(self._grid(article_id), spans, article.region, edge, offset)
            return self.set_region(article_id, start, end)

    def undo(self, article_id: int) -> Change | None:
        """Revert this annotator's last decision on the article; None when there is nothing to undo."""
        with self._lock, write_transaction(self.db):
            replayed = history.revert_last(self.db, article_id, self.annotator)
            if replayed is None:
                return None
            payload = replayed.decision.payload
            change = self._replay_change("undo", replayed, payload.get("before", []), payload.get("created", []), "before")
            if "group" in payload:  # a bulk action's other mentions in this article came back too: the whole layer
                change = dataclasses.replace(change, spans=tuple(layers.layer(self.db, article_id, self.annotator)))
            return change

    def redo(self, article_id: int) -> Change | None:
        """Do the last undone decision again (until a new decision ends the chain); None when there is none."""
        with self._lock, write_transaction(self.db):
            replayed = history.replay_last(self.db, article_id, self.annotator)
            if replayed is None:
                return None
            return self._replay_change("redo", replayed, replayed.decision.payload.get("after", []), [], "after")

    def remember_position(self, article_id: int, offset: int) -> None:
        """Where the reviewer's cursor was when they left the article (reopening resumes there)."""
        with self._lock, write_transaction(self.db):
            reviews.set_position(self.db, article_id, self.annotator, offset)

    # -- internals ---------------------------------------------------------
    def _grid(self, article_id: int) -> WordGrid:
        if article_id not in self._grids:
            self._grids[article_id] = WordGrid(article_store.get_article(self.db, article_id).text)
        return self._grids[article_id]

    def _filled(self, article: ArticleRecord, start: int, end: int, label: str) -> dict[str, Any]:
        """The rules' attributes for a label-span, only those the schema gives the label, in its order."""
        if label not in self.schema.label_names:
            return {}
        names = self.schema.label(label).attribute_names()
        found = self.filler.fill(article, start, end, label, user_gazetteers(self.db).places)
        return {name: found[name] for name in names if found.get(name) not in (None, "")}

    def _change(self, span_id: int, action: str, change: Callable[[SpanRecord, ArticleRecord], SpanRecord]) -> Change:
        with self._lock, write_transaction(self.db):
            span = layers.get_span(self.db, span_id)
            if span.annotator != self.annotator:
                raise SpanError(f"span {span_id} belongs to {span.annotator}, not {self.annotator}")
            article = article_store.get_article(self.db, span.article_id)
            changed = change(replace(span, attrs=dict(span.attrs)), article)
            rules.check_range(len(article.text), changed.start, changed.end)
            if changed.snapshot() == span.snapshot():
                return NOTHING
            covered = []
            if changed.status != "rejected":
                covered = rules.displaced(layers.layer(self.db, span.article_id, self.annotator, LIVE), changed.start, changed.end, skip=span.id)
            displaced = self._reject(covered)
            layers.write_snapshot(self.db, changed.snapshot())
            payload = {"before": [span.snapshot()] + [b.snapshot() for b, _ in displaced], "after": [changed.snapshot()] + [a.snapshot() for _, a in displaced]}
            return self._commit(span.article_id, action, payload, [changed] + [a for _, a in displaced], position=changed.start)

    def _reject(self, covered: list[SpanRecord]) -> list[tuple[SpanRecord, SpanRecord]]:
        """Reject the suggestions a reviewer's span covers; (before, after) of each."""
        pairs = []
        for span in covered:
            after = replace(span, status="rejected", attrs=dict(span.attrs))
            layers.write_snapshot(self.db, after.snapshot())
            pairs.append((span, after))
        return pairs

    def _commit(self, article_id: int, action: str, payload: dict[str, Any], spans: list[SpanRecord], position: int | None = None) -> Change:
        """Log the decision (a first decision also moves the article from new to in progress) and say what changed."""
        status = None
        if reviews.review_status(self.db, article_id, self.annotator) == "new":
            payload["review"] = {"before": "new", "after": "in_progress"}
            reviews.set_review(self.db, article_id, self.annotator, status="in_progress", opened=1)
            status = "in_progress"
        if position is not None:
            reviews.set_position(self.db, article_id, self.annotator, position)
        entry = history.append(self.db, article_id, self.annotator, action, payload)
        return Change(action, tuple(spans), status=status, entry=entry)

    def _replay_change(self, action: str, replayed: history.Replayed, snapshots: list[dict], removed: list[int], side: str) -> Change:
        """The Change of an undo (side 'before') or a redo (side 'after') from the replayed decision's payload."""
        payload = replayed.decision.payload
        region = tuple(payload["region"][side]) if "region" in payload else None
        status = payload["review"][side] if "review" in payload else None
        return Change(action, tuple(_record(s) for s in snapshots), tuple(removed), status, region, replayed.entry, replayed.decision)
