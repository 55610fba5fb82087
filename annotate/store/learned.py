"""SQL for learning from reviewers: the learned_facts table, what reviewers decided, and swapping untouched suggestions.

learned_facts is rebuilt whole in one transaction (annotate.services.learning
says from what and why). `swap_suggestions` is the one write resuggest makes
per layer: inside a single BEGIN IMMEDIATE it re-reads the layer, so a
decision a reviewer commits while resuggest runs is seen and never replaced.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlite_utils import Database

from annotate.models import Span, SpanRecord
from annotate.store import layers
from annotate.store.database import MACHINE, now, write_transaction

DECIDED = ("accepted", "edited", "rejected")


@dataclass(frozen=True, slots=True)
class FactRow:
    """One row of learned_facts."""

    kind: str
    label: str
    form: str
    context: str
    attrs: dict[str, Any]
    accepted: int
    rejected: int
    annotators: tuple[str, ...]


def replace_facts(db: Database, facts: Iterable[FactRow]) -> int:
    """Replace every learned fact with these, atomically; returns how many are stored."""
    stamp = now()
    count = 0
    with write_transaction(db):
        db.execute("DELETE FROM learned_facts")
        for fact in facts:
            db.execute(
                "INSERT INTO learned_facts (kind, label, form, context, attrs, accepted, rejected, annotators, learned_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [fact.kind, fact.label, fact.form, fact.context, json.dumps(fact.attrs, ensure_ascii=False),
                 fact.accepted, fact.rejected, json.dumps(list(fact.annotators), ensure_ascii=False), stamp],
            )
            count += 1
    return count


def load_facts(db: Database) -> list[FactRow]:
    """Every learned fact, by kind, label and form."""
    rows = db.execute(
        "SELECT kind, label, form, context, attrs, accepted, rejected, annotators FROM learned_facts"
        " ORDER BY kind, label, form, context"
    ).fetchall()
    return [FactRow(k, lab, f, c, json.loads(a or "{}"), acc, rej, tuple(json.loads(ann or "[]"))) for k, lab, f, c, a, acc, rej, ann in rows]


def articles_with_decisions(db: Database) -> list[int]:
    """Current articles where some reviewer (not @machine, @gold) has a decided span."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT s.article_id FROM spans s JOIN articles a ON a.id = s.article_id"
        " WHERE a.superseded_by IS NULL AND s.annotator NOT LIKE '@%' AND s.status IN ('accepted', 'edited', 'rejected')"
        " ORDER BY s.article_id"
    ).fetchall()]


def decided_layers(db: Database, article_id: int) -> dict[str, list[SpanRecord]]:
    """Each reviewer's decided spans on the article (accepted, edited, rejected), by annotator."""
    out: dict[str, list[SpanRecord]] = {}
    for row in db.query(
        "SELECT * FROM spans WHERE article_id = ? AND annotator NOT LIKE '@%' AND status IN ('accepted', 'edited', 'rejected')"
        ' ORDER BY annotator, start, "end", id', [article_id],
    ):
        record = SpanRecord.from_row(row)
        out.setdefault(record.annotator, []).append(record)
    return out


def resuggest_targets(db: Database, annotator: str | None) -> Iterator[tuple[int, list[str], bool]]:
    """(article id, reviewer layers whose suggestions may be replaced, whether the machine layer may be)
    for every current article: a layer qualifies unless its reviewer marked the article done;
    the machine layer only while no reviewer has opened the article."""
    reviewers: dict[int, list[tuple[str, str, int]]] = {}
    for aid, who, status, opened in db.execute(
        "SELECT article_id, annotator, status, opened FROM reviews WHERE annotator NOT LIKE '@%'"
    ).fetchall():
        reviewers.setdefault(aid, []).append((who, status, opened))
    with_layers: dict[int, set[str]] = {}
    for aid, who in db.execute("SELECT DISTINCT article_id, annotator FROM spans WHERE annotator NOT LIKE '@%'").fetchall():
        with_layers.setdefault(aid, set()).add(who)
    for (aid,) in db.execute("SELECT id FROM articles WHERE superseded_by IS NULL ORDER BY id").fetchall():
        people = reviewers.get(aid, [])
        layered = with_layers.get(aid, set())
        untouched = not layered and not any(opened for _, _, opened in people)
        open_layers = sorted(who for who in layered if (annotator is None or who == annotator)
                             and not any(w == who and status == "done" for w, status, _ in people))
        yield aid, open_layers, untouched


Plan = Callable[[list[SpanRecord]], tuple[list[int], list[Span]]]
"""Given a layer as it stands, which suggestion ids to delete and which spans to add as suggestions."""


def swap_suggestions(db: Database, article_id: int, annotator: str, plan: Plan, only_if_unopened: bool = False) -> tuple[int, int]:
    """Apply plan to one layer in one transaction; returns (removed, added). With only_if_unopened (the machine
    layer), nothing happens once any reviewer has opened the article."""
    with write_transaction(db):
        if only_if_unopened and _opened_by_anyone(db, article_id):
            return 0, 0
        current = layers.layer(db, article_id, annotator)
        remove, add = plan(current)
        suggested = {s.id for s in current if s.status == "suggested"}
        remove = [sid for sid in remove if sid in suggested]
        for span_id in remove:
            layers.delete_span(db, span_id)
        layers.insert_spans(db, article_id, annotator, add, status="suggested")
        return len(remove), len(add)


def _opened_by_anyone(db: Database, article_id: int) -> bool:
    """Has any reviewer a layer on, or opened, this article?"""
    row = db.execute(
        "SELECT EXISTS(SELECT 1 FROM spans WHERE article_id = ? AND annotator NOT LIKE '@%')"
        " OR EXISTS(SELECT 1 FROM reviews WHERE article_id = ? AND annotator NOT LIKE '@%' AND opened = 1)",
        [article_id, article_id],
    ).fetchone()
    return bool(row[0])


def machine_layer(db: Database, article_id: int) -> list[SpanRecord]:
    """The machine's suggestions on one article."""
    return layers.layer(db, article_id, MACHINE)


def layer_spans(db: Database, article_id: int, annotator: str, statuses: Sequence[str] | None = None) -> list[SpanRecord]:
    """One layer on one article (re-exported for the learning service)."""
    return layers.layer(db, article_id, annotator, statuses)
