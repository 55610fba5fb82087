"""Adjudication: turn several annotators' finished layers of an article into the '@gold' layer.

Spans every annotator marked identically (same boundaries, label and, after
normalisation, attributes) go into gold untouched. Everything else is grouped
into conflicts: runs of overlapping spans from different annotators, each
showing who said what. The adjudicator resolves each conflict by taking one
annotator's version, dropping it, or writing an explicit span; every
resolution is its own committed transaction with a decision-log entry (under
'@gold', the adjudicator's name in the payload), so nothing is lost and the
last one can be undone.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, Union

from annotate.errors import AnnotateError, SpanError
from annotate.metrics import values_agree
from annotate.models import ArticleRecord, DecisionRecord, Span, SpanRecord
from annotate.schema import Schema, cached_schema
from annotate.store import articles as article_store
from annotate.store import history, layers, reviews
from annotate.store.database import GOLD, open_database, write_transaction

HUMAN_KEPT = ("accepted", "edited")
Choice = Union[str, Span, Sequence[Span]]


def attrs_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same attributes after normalisation; a key set to None counts as absent."""
    for key in set(a) | set(b):
        x, y = a.get(key), b.get(key)
        if x is None and y is None:
            continue
        if x is None or y is None or not values_agree(key, x, y):
            return False
    return True


@dataclass(frozen=True)
class Conflict:
    """Overlapping spans the annotators disagree on, with each annotator's version ([] = marked nothing)."""

    id: str
    start: int
    end: int
    spans: dict[str, list[Span]]
    resolution: str | None = None
    gold: list[Span] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.resolution is not None

    def said(self, annotator: str) -> list[Span]:
        return self.spans.get(annotator, [])


@dataclass(frozen=True)
class AdjudicationView:
    """What the adjudication screen shows for one article."""

    article: ArticleRecord
    annotators: list[str]
    agreed: list[Span]
    conflicts: list[Conflict]
    gold: list[SpanRecord]
    status: str

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.resolved]

    def conflict(self, conflict_id: str) -> Conflict:
        for conflict in self.conflicts:
            if conflict.id == conflict_id:
                return conflict
        raise KeyError(f"no conflict {conflict_id} on article {self.article.id}")


@dataclass(frozen=True)
class Candidate:
    """An article some annotators finished, with its adjudication state."""

    article_id: int
    title: str
    annotators: list[str]
    conflicts: int
    unresolved: int
    status: str


def _key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.label


def split_agreement(layers_by_annotator: dict[str, list[Span]]) -> tuple[list[Span], list[Conflict]]:
    """Agreed spans (in every layer, attributes equal) and the conflicts among the rest."""
    names = list(layers_by_annotator)
    if not names:
        return [], []
    first, others = names[0], names[1:]
    agreed: list[Span] = []
    agreed_keys: set[tuple[int, int, str]] = set()
    for span in layers_by_annotator[first]:
        twins = [[s for s in layers_by_annotator[o] if _key(s) == _key(span)] for o in others]
        if all(len(t) == 1 and attrs_agree(span.attrs, t[0].attrs) for t in twins):
            agreed.append(span)
            agreed_keys.add(_key(span))
    rest = sorted(
        ((s, name) for name in names for s in layers_by_annotator[name] if _key(s) not in agreed_keys),
        key=lambda item: (item[0].start, item[0].end, names.index(item[1])),
    )
    groups: list[list[tuple[Span, str]]] = []
    group_end = -1
    for span, name in rest:
        if groups and span.start < group_end:
            groups[-1].append((span, name))
            group_end = max(group_end, span.end)
        else:
            groups.append([(span, name)])
            group_end = span.end
    conflicts = []
    for group in groups:
        start = min(s.start for s, _ in group)
        end = max(s.end for s, _ in group)
        conflicts.append(Conflict(f"{start}-{end}", start, end, {n: [s for s, who in group if who == n] for n in names}))
    return agreed, conflicts


class Adjudicator:
    """One adjudicator's session on one database; safe to call from worker threads."""

    def __init__(self, db_path: str | Path | None, adjudicator_name: str, schema: Schema | None = None,
                 annotators: Sequence[str] | None = None):
        self.db = open_database(db_path)
        if not adjudicator_name or adjudicator_name.startswith("@"):
            raise ValueError(f"adjudicator name {adjudicator_name!r} must be a person's name (names starting with '@' are reserved)")
        self.name = adjudicator_name
        self.schema = schema or cached_schema()
        self.only = list(annotators) if annotators else None
        self._lock = threading.RLock()

    def close(self) -> None:
        self.db.close()

    # -- reading -----------------------------------------------------------
    def annotators(self, article_id: int) -> list[str]:
        """The people whose finished layers are adjudicated (reserved layers never are)."""
        names = reviews.finished_by(self.db, article_id)
        return [n for n in names if n in self.only] if self.only else names

    def conflicts(self, article_id: int) -> AdjudicationView:
        """The article with agreed spans merged and each conflict with its current resolution."""
        with self._lock:
            article = article_store.get_article(self.db, article_id)
            names = self.annotators(article_id)
            spans = {n: [s.to_span() for s in layers.layer(self.db, article_id, n, HUMAN_KEPT)] for n in names}
            agreed, conflicts = split_agreement(spans)
            resolutions = self._resolutions(article_id)
            gold = layers.layer(self.db, article_id, GOLD)
            resolved = []
            for c in conflicts:
                entry = resolutions.get(c.id)
                ids = set(entry["spans"]) if entry else set()
                resolved.append(
                    Conflict(c.id, c.start, c.end, c.spans, entry["choice"] if entry else None, [g.to_span() for g in gold if g.id in ids])
                )
            return AdjudicationView(article, names, agreed, resolved, gold, reviews.review_status(self.db, article_id, GOLD))

    def candidates(self, min_annotators: int = 2) -> list[Candidate]:
        """Articles finished by at least min_annotators people, in id order."""
        with self._lock:
            result = []
            for article_id in reviews.finished_by_at_least(self.db, min_annotators):
                view = self.conflicts(article_id)
                if len(view.annotators) < min_annotators:
                    continue
                result.append(
                    Candidate(article_id, view.article.title or "", view.annotators, len(view.conflicts), len(view.unresolved), view.status)
                )
            return result

    def statuses(self, article_ids: Sequence[int]) -> dict[int, str]:
        """Gold review status per article ('new' when adjudication has not started), cheap enough for a list."""
        with self._lock:
            return {article_id: reviews.review_status(self.db, article_id, GOLD) for article_id in article_ids}

    def history(self, article_id: int) -> list[DecisionRecord]:
        with self._lock:
            return history.history(self.db, article_id, GOLD)

    # -- writing -----------------------------------------------------------
    def resolve(self, article_id: int, conflict_id: str, choice: Choice) -> AdjudicationView:
        """Settle one conflict: 'take:<annotator>', 'drop', or explicit span(s); committed and logged at once."""
        with self._lock, write_transaction(self.db):
            view = self.conflicts(article_id)
            conflict = view.conflict(conflict_id)
            label, chosen = self._chosen(view, conflict, choice)
            previous = self._resolutions(article_id).get(conflict_id)
            old_ids = set(previous["spans"]) if previous else set()
            before = [g.snapshot() for g in view.gold if g.id in old_ids]
            remaining = [g for g in view.gold if g.id not in old_ids]
            present = {_key(g) for g in remaining}
            neighbours: list[SpanRecord | Span] = [*remaining, *(s for s in view.agreed if _key(s) not in present)]
            for span in chosen:
                if not 0 <= span.start < span.end <= len(view.article.text):
                    raise SpanError(f"span {span.start}-{span.end} is outside the text (0-{len(view.article.text)}) or empty")
                if span.label not in self.schema.label_names:
                    raise SpanError(f"unknown label {span.label!r} (known: {', '.join(self.schema.label_names)})")
                for other in [*neighbours, *(c for c in chosen if c is not span)]:
                    if other.start < span.end and span.start < other.end:
                        raise SpanError(f"{span.start}-{span.end} would overlap the gold {other.label} span at {other.start}-{other.end}")
            for snapshot in before:
                layers.delete_span(self.db, snapshot["id"])
            agreed_ids = self._ensure_agreed(view, remaining)
            new_ids = layers.insert_spans(self.db, article_id, GOLD, chosen, status="accepted")
            review = self._reopen(view)
            payload: dict[str, Any] = {
                "adjudicator": self.name,
                "conflict": conflict_id,
                "range": [conflict.start, conflict.end],
                "choice": label,
                "spans": new_ids,
                "before": before,
                "created": agreed_ids + new_ids,
            }
            if review:
                payload["review"] = review
            history.record(self.db, article_id, GOLD, "adjudicate", payload)
            return self.conflicts(article_id)

    def finish(self, article_id: int) -> AdjudicationView:
        """Mark the gold layer done; every conflict must be resolved first."""
        with self._lock, write_transaction(self.db):
            view = self.conflicts(article_id)
            if not view.annotators:
                raise AnnotateError(f"article {article_id}: no annotator has finished it, so there is nothing to adjudicate")
            if view.unresolved:
                first = view.unresolved[0]
                raise AnnotateError(f"article {article_id}: {len(view.unresolved)} conflict(s) unresolved, the first at {first.id}")
            agreed_ids = self._ensure_agreed(view, view.gold)
            history.record(
                self.db, article_id, GOLD, "finish",
                {"adjudicator": self.name, "created": agreed_ids, "review": {"before": view.status, "after": "done"}},
            )
            reviews.set_review(self.db, article_id, GOLD, status="done", opened=1)
            return self.conflicts(article_id)

    def undo(self, article_id: int) -> str | None:
        """Revert the last adjudication decision on the article; returns its action or None."""
        with self._lock, write_transaction(self.db):
            return history.undo_last(self.db, article_id, GOLD, {"adjudicator": self.name})

    def auto(self, min_annotators: int = 2) -> list[int]:
        """Finish every article whose annotators fully agree and whose gold is not done yet; returns their ids."""
        finished = []
        for candidate in self.candidates(min_annotators):
            if candidate.conflicts == 0 and candidate.status != "done":
                self.finish(candidate.article_id)
                finished.append(candidate.article_id)
        return finished

    # -- internals ---------------------------------------------------------
    def _resolutions(self, article_id: int) -> dict[str, dict[str, Any]]:
        """The latest standing resolution per conflict id, from the decision log."""
        result: dict[str, dict[str, Any]] = {}
        for decision in history.history(self.db, article_id, GOLD):
            if decision.action == "adjudicate" and not decision.undone:
                result[decision.payload["conflict"]] = decision.payload
        return result

    def _chosen(self, view: AdjudicationView, conflict: Conflict, choice: Choice) -> tuple[str, list[Span]]:
        if isinstance(choice, Span):
            return "edit", [Span(choice.start, choice.end, choice.label, dict(choice.attrs), "human")]
        if isinstance(choice, str):
            if choice == "drop":
                return "drop", []
            if choice.startswith("take:"):
                who = choice[len("take:"):]
                if who not in view.annotators:
                    raise ValueError(f"{who!r} has not finished article {view.article.id} (annotators: {', '.join(view.annotators)})")
                return choice, [Span(s.start, s.end, s.label, dict(s.attrs), s.origin) for s in conflict.said(who)]
            raise ValueError(f"unknown choice {choice!r}: use 'take:<annotator>', 'drop' or a Span")
        spans = list(choice)
        if not all(isinstance(s, Span) for s in spans):
            raise ValueError("an explicit choice must be a Span or a list of Spans")
        return "edit", [Span(s.start, s.end, s.label, dict(s.attrs), "human") for s in spans]

    def _ensure_agreed(self, view: AdjudicationView, gold: Sequence[SpanRecord | Span]) -> list[int]:
        """Put agreed spans that gold lacks into it; returns the new ids."""
        present = {_key(g) for g in gold}
        missing = [s for s in view.agreed if _key(s) not in present]
        for span in missing:
            for other in gold:
                if other.start < span.end and span.start < other.end:
                    raise SpanError(f"agreed span {span.start}-{span.end} overlaps the gold {other.label} span at {other.start}-{other.end}")
        return layers.insert_spans(self.db, view.article.id, GOLD, missing, status="accepted")

    def _reopen(self, view: AdjudicationView) -> dict[str, str] | None:
        """A change to gold after it was finished reopens it (it must be finished again)."""
        if view.status == "in_progress":
            return None
        reviews.set_review(self.db, view.article.id, GOLD, status="in_progress", opened=1)
        return {"before": view.status, "after": "in_progress"}
