"""A front end's own copy of one article under review, where every decision shows at once.

The review screen applies each key to this model the moment it is pressed and
queues the decision for ReviewService, which commits them in order; so what the
reviewer sees is what the next key acts on, even while a commit waits for the
database (a heavy ingest holding the lock). The model predicts with the same
rules the service applies (annotate.services.span_rules) and the same undo and
redo chains as the decision log; only attributes the pre-annotator's parsers
fill, and the ids the database gives new spans, arrive with the commit.
Once every queued decision is committed the model takes the stored spans as
they are, so a prediction that missed (a refused decision) never lasts.
"""
from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from annotate.errors import SpanError
from annotate.models import DecisionRecord, SpanRecord
from annotate.schema import Schema
from annotate.services import decisions as d
from annotate.services import span_rules as rules
from annotate.services.outcomes import ArticleView, Change
from annotate.text.words import WordGrid

REPLAYS = ("undo", "redo")


@dataclass(eq=False)
class Logged:
    """One decision on the undo or redo stack: its log action and payload (predicted until committed)."""

    action: str
    payload: dict[str, Any]
    record: DecisionRecord | None = None


@dataclass
class Effect:
    """What a decision changed on screen: spans to repaint, the boundary, the status, where the cursor goes."""

    changed: list[SpanRecord] = field(default_factory=list)
    previous: list[SpanRecord] = field(default_factory=list)
    """The same spans before (and removed ones), so their old lines are repainted too."""
    removed: list[int] = field(default_factory=list)
    region: tuple[int, int] | None = None
    status: str | None = None
    focus: int | None = None
    """The span the cursor should move to (a created span, the one an undo brought back)."""
    summary: str = ""
    count: int = 0
    renamed: dict[int, int] = field(default_factory=dict)
    """Provisional span ids the commit replaced with stored ones."""

    @property
    def empty(self) -> bool:
        return not (self.changed or self.removed or self.region or self.status)


def undo_redo_stacks(log: list[Logged]) -> tuple[list[Logged], list[Logged]]:
    """The undo stack (live decisions, oldest first) and redo stack (last undone on top) a stored log stands for.

    The same walk as annotate.store.history: redo replays what the live undos since the
    last new decision undid, newest undo first.
    """
    records = [entry.record for entry in log]
    undo = [entry for entry in log if not entry.record.undone and entry.action not in REPLAYS]
    by_key = {(r.id, r.at): entry for r, entry in zip(records, log)}
    by_at = {r.at: entry for r, entry in zip(records, log) if r.action not in REPLAYS}
    by_id = {r.id: entry for r, entry in zip(records, log)}
    redo: list[Logged] = []
    for record in reversed(records):
        if record.action == "redo" or (record.action == "undo" and record.undone):
            continue
        if record.action != "undo":
            break
        payload = record.payload
        if "undid_at" in payload:
            target = by_key.get((payload.get("undid"), payload["undid_at"])) or by_at.get(payload["undid_at"])
        else:
            target = by_id.get(payload.get("undid"))
        if target is None or not target.record.undone:
            break
        redo.append(target)
    redo.reverse()
    return undo, redo


class ArticleModel:
    """The spans, boundary and status of one article as the reviewer should see them now."""

    def __init__(self, view: ArticleView, schema: Schema):
        self.schema = schema
        self.article = view.article
        self.article_id = view.article.id
        self.text = view.article.text
        self.grid = WordGrid(self.text)
        self.region = tuple(view.article.region)
        self.furniture = [tuple(r) for r in view.article.furniture]
        self.status = view.status
        self.position = view.position
        self._set_spans(view.spans)
        self.log: list[Logged] = [Logged(r.action, r.payload, r) for r in view.history]
        """Every decision of the layer on the article, committed or only shown (relabels remember from it)."""
        self.undo_stack, self.redo_stack = undo_redo_stacks(self.log)
        self._waiting: deque[tuple[object, Logged | None]] = deque()
        self._stored: dict[int, SpanRecord | None] = {}
        self._stored_state: dict[str, Any] = {}
        self._next_provisional = -1
        self.diverged = False
        """True when the service refused a decision the model showed: reload the article once settled."""

    # -- reading -------------------------------------------------------------
    @property
    def spans(self) -> list[SpanRecord]:
        return self._spans

    def span(self, span_id: int | None) -> SpanRecord | None:
        return self._by_id.get(span_id) if span_id is not None else None

    def index_of(self, span_id: int | None) -> int | None:
        span = self.span(span_id)
        if span is None:
            return None
        return bisect.bisect_left(self._keys, (span.start, span.end, span.id))

    def counts(self) -> dict[str, int]:
        result = {"suggested": 0, "accepted": 0, "edited": 0, "rejected": 0}
        for span in self._spans:
            result[span.status] = result.get(span.status, 0) + 1
        return result

    def provisional_id(self) -> int:
        """An id for a span the service has not stored yet (negative, never a database id)."""
        self._next_provisional -= 1
        return self._next_provisional + 1

    @property
    def waiting(self) -> int:
        """Decisions shown but not committed yet."""
        return len(self._waiting)

    # -- predicting ------------------------------------------------------------
    def apply(self, decision: object) -> Effect:
        """Show a decision at once; SpanError (nothing shown) when the service would refuse it too."""
        effect, logged = self._predict(decision)
        if logged is not None:
            self.log.append(logged)
        self._waiting.append((decision, logged))
        return effect

    def _predict(self, decision: object) -> tuple[Effect, Logged | None]:
        match decision:
            case d.Accept(span_id=span_id):
                return self._span_change(span_id, "accept", rules.accepted(self._need(span_id)))
            case d.Reject(span_id=span_id):
                return self._span_change(span_id, "reject", replace(self._need(span_id), status="rejected"))
            case d.Relabel(span_id=span_id, label=label):
                return self._span_change(span_id, "relabel", self._relabelled(self._need(span_id), label))
            case d.MoveEdge(span_id=span_id, edge=edge):
                span = self._need(span_id)
                start, end = rules.moved_edge(self.grid, span.start, span.end, edge)
                return self._span_change(span_id, "rebound", replace(span, start=start, end=end, status="edited"))
            case d.SetAttributes(span_id=span_id, attrs=attrs):
                return self._span_change(span_id, "edit_attrs", replace(self._need(span_id), attrs=dict(attrs), status="edited"))
            case d.AddSpan():
                return self._add(decision)
            case d.AcceptAll():
                return self._decide_open("accept_all", "accepted")
            case d.Done(rest=rest):
                return self._finish(rest)
            case d.MoveBoundary(edge=edge, offset=offset):
                return self._boundary(edge, offset)
            case d.Undo():
                return self._undo()
            case d.Redo():
                return self._redo()
            case d.RememberPosition(offset=offset):
                self.position = offset
                return Effect(), None
        raise TypeError(f"not a decision: {decision!r}")

    def _need(self, span_id: int) -> SpanRecord:
        span = self._by_id.get(span_id)
        if span is None:
            raise SpanError(f"no span {span_id} on this article")
        return span

    def _relabelled(self, span: SpanRecord, label: str) -> SpanRecord:
        self.schema.label(label)
        attrs = rules.kept_attributes(span.attrs, span.label, label, self.schema)
        if span.label != label:
            history = [DecisionRecord(0, 0, "", entry.action, entry.payload, False, "") for entry in self.log]
            attrs = rules.completed(attrs, rules.remembered_attributes(history, span.id, label))
        return replace(span, label=label, attrs=attrs, status="edited")

    def _span_change(self, span_id: int, action: str, changed: SpanRecord) -> tuple[Effect, Logged | None]:
        span = self._by_id[span_id]
        rules.check_range(len(self.text), changed.start, changed.end)
        if changed.snapshot() == span.snapshot():
            return Effect(), None
        covered = rules.displaced(self._spans, changed.start, changed.end, skip=span_id) if changed.status != "rejected" else []
        rejected = [replace(s, status="rejected", attrs=dict(s.attrs)) for s in covered]
        payload = {"before": [span.snapshot()] + [s.snapshot() for s in covered], "after": [changed.snapshot()] + [s.snapshot() for s in rejected]}
        return self._logged(action, payload, [changed] + rejected, [span] + covered, focus=span_id)

    def _add(self, decision: d.AddSpan) -> tuple[Effect, Logged | None]:
        self.schema.label(decision.label)
        rules.check_range(len(self.text), decision.start, decision.end)
        covered = rules.displaced(self._spans, decision.start, decision.end)
        rejected = [replace(s, status="rejected", attrs=dict(s.attrs)) for s in covered]
        attrs = rules.inherited_attributes(covered, decision.label, self.schema)
        if decision.provisional_id >= 0:
            raise ValueError("an added span needs a provisional id from ArticleModel.provisional_id()")
        created = SpanRecord(decision.provisional_id, self.article_id, "", decision.start, decision.end,
                             decision.label, attrs, "human", "accepted")
        payload = {"before": [s.snapshot() for s in covered], "after": [s.snapshot() for s in rejected] + [created.snapshot()], "created": [created.id]}
        return self._logged("add", payload, [created] + rejected, list(covered), focus=created.id)

    def _decide_open(self, action: str, status: str) -> tuple[Effect, Logged | None]:
        pending = [s for s in self._spans if s.status == "suggested"]
        if not pending:
            return Effect(), None
        after = [replace(s, status=status, attrs=dict(s.attrs)) for s in pending]
        payload = {"before": [s.snapshot() for s in pending], "after": [s.snapshot() for s in after]}
        effect, logged = self._logged(action, payload, after, pending)
        effect.count = len(after)
        return effect, logged

    def _finish(self, rest: str | None) -> tuple[Effect, Logged | None]:
        pending = [s for s in self._spans if s.status == "suggested"] if rest else []
        after = [replace(s, status="accepted" if rest == "accept" else "rejected", attrs=dict(s.attrs)) for s in pending]
        payload: dict[str, Any] = {"review": {"before": self.status, "after": "done"}}
        if after:
            payload.update(before=[s.snapshot() for s in pending], after=[s.snapshot() for s in after], rest=rest)
        logged = Logged("done", payload)
        self._push(logged)
        effect = self._show(after, pending, [])
        self.status = effect.status = "done"
        effect.count = len(after)
        return effect, logged

    def _boundary(self, edge: str, offset: int) -> tuple[Effect, Logged | None]:
        region = rules.snapped_region(self.grid, self._spans, self.region, edge, offset)
        if region == self.region:
            return Effect(), None
        logged = Logged("boundary", {"region": {"before": list(self.region), "after": list(region)}})
        self._push(logged)
        self.region = region
        return Effect(region=region), logged

    def _logged(self, action: str, payload: dict, changed: list[SpanRecord], previous: list[SpanRecord], focus: int | None = None) -> tuple[Effect, Logged]:
        """A span decision: show it, log it, and move a new article to in progress (as ReviewService does)."""
        effect = self._show(changed, previous, [])
        if self.status == "new":
            payload["review"] = {"before": "new", "after": "in_progress"}
            self.status = effect.status = "in_progress"
        logged = Logged(action, payload)
        self._push(logged)
        effect.focus = focus
        return effect, logged

    def _push(self, logged: Logged) -> None:
        self.undo_stack.append(logged)
        self.redo_stack.clear()

    def _undo(self) -> tuple[Effect, Logged | None]:
        if not self.undo_stack:
            return Effect(summary="nothing to undo"), None
        target = self.undo_stack[-1]
        if "region" in target.payload and list(self.region) != target.payload["region"]["after"]:
            raise SpanError("the article boundary was moved again since (by someone else); move it by hand instead")
        self.redo_stack.append(self.undo_stack.pop())
        return self._replay(target, "before", target.payload.get("created", [])), Logged("undo", {})

    def _redo(self) -> tuple[Effect, Logged | None]:
        if not self.redo_stack:
            return Effect(summary="nothing to redo"), None
        target = self.redo_stack[-1]
        if not _redoable(target.payload):
            raise SpanError(f"a {target.action.replace('_', ' ')} cannot be redone: the log does not hold its result")
        self.undo_stack.append(self.redo_stack.pop())
        return self._replay(target, "after", []), Logged("redo", {})

    def _replay(self, target: Logged, side: str, removed: list[int]) -> Effect:
        snapshots = target.payload.get(side, [])
        changed = [SpanRecord(**{**s, "attrs": dict(s.get("attrs") or {})}) for s in snapshots]
        previous = [self._by_id[s.id] for s in changed if s.id in self._by_id] + [self._by_id[i] for i in removed if i in self._by_id]
        effect = self._show(changed, previous, removed)
        if "region" in target.payload:
            self.region = effect.region = tuple(target.payload["region"][side])
        if "review" in target.payload:
            self.status = effect.status = target.payload["review"][side]
        live = [s for s in changed if s.status in rules.LIVE]
        effect.focus = (live or changed or [None])[0].id if (live or changed) else None
        effect.summary = f"{'undid' if side == 'before' else 'redid'} {target.action.replace('_', ' ')}"
        return effect

    def _show(self, changed: list[SpanRecord], previous: list[SpanRecord], removed: Iterable[int]) -> Effect:
        removed = [i for i in removed if i in self._by_id]
        by_id = dict(self._by_id)
        for span_id in removed:
            by_id.pop(span_id, None)
        for span in changed:
            by_id[span.id] = span
        self._set_spans(by_id.values())
        return Effect(changed=list(changed), previous=list(previous), removed=removed)

    def _set_spans(self, spans: Iterable[SpanRecord]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, s.end, s.id))
        self._by_id = {s.id: s for s in self._spans}
        self._keys = [(s.start, s.end, s.id) for s in self._spans]

    # -- the commit arrives ------------------------------------------------------
    def confirm(self, decision: object, change: Change) -> Effect:
        """The service committed decision: keep its log entry and ids; once nothing waits, show the stored spans."""
        renamed: dict[int, int] = {}
        if self._waiting and self._waiting[0][0] is decision:
            _, logged = self._waiting.popleft()
            if (logged is None) != (change.entry is None):
                self.diverged = True  # the log and the model no longer agree on what undo would do
            if logged is not None and change.entry is not None:
                logged.record, logged.payload = change.entry, change.entry.payload
        if isinstance(decision, d.AddSpan) and change.span is not None and decision.provisional_id:
            self._rename(decision.provisional_id, change.span.id)
            renamed[decision.provisional_id] = change.span.id
        for span in change.spans:
            self._stored[span.id] = span
        for span_id in change.removed:
            self._stored[span_id] = None
        if change.region is not None:
            self._stored_state["region"] = change.region
        if change.status is not None:
            self._stored_state["status"] = change.status
        effect = self._settle() if not self._waiting else Effect()
        effect.renamed = renamed
        return effect

    def refused(self, decision: object) -> None:
        """The service refused a decision the model showed: the model is wrong until the article is read again."""
        if self._waiting and self._waiting[0][0] is decision:
            self._waiting.popleft()
        self.diverged = True

    def _rename(self, provisional: int, stored: int) -> None:
        """Give a created span the id the database chose, everywhere the model mentions it."""
        span = self._by_id.get(provisional)
        if span is not None:
            by_id = dict(self._by_id)
            del by_id[provisional]
            by_id[stored] = replace(span, id=stored)
            self._set_spans(by_id.values())
        for logged in self.log:
            for key in ("before", "after"):
                for snapshot in logged.payload.get(key, []):
                    if snapshot.get("id") == provisional:
                        snapshot["id"] = stored
            if provisional in logged.payload.get("created", []):
                logged.payload["created"] = [stored if i == provisional else i for i in logged.payload["created"]]

    def _settle(self) -> Effect:
        """Every decision is committed: the stored state is the truth; returns what differed from the prediction."""
        by_id = dict(self._by_id)
        changed, previous, removed = [], [], []
        for span_id, stored in self._stored.items():
            shown = by_id.get(span_id)
            if stored is None:
                if shown is not None:
                    removed.append(span_id)
                    previous.append(by_id.pop(span_id))
            elif shown is None or shown.snapshot() != replace(stored, annotator=shown.annotator).snapshot():
                if shown is not None:
                    previous.append(shown)
                by_id[span_id] = stored
                changed.append(stored)
        self._stored.clear()
        effect = Effect(changed=changed, previous=previous, removed=removed)
        if changed or removed:
            self._set_spans(by_id.values())
        region = self._stored_state.pop("region", None)
        if region is not None and tuple(region) != self.region:
            self.region = effect.region = tuple(region)
        status = self._stored_state.pop("status", None)
        if status is not None and status != self.status:
            self.status = effect.status = status
        return effect


def _redoable(payload: dict[str, Any]) -> bool:
    return "after" in payload or not ("before" in payload or "created" in payload)
