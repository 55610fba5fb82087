"""ArticleModel: a front end's prediction of each decision equals what ReviewService commits.

Every test drives the model and a real service on a real database side by side,
the way the review screen does: the model first (what the reviewer sees at once),
the service after (what the database keeps), possibly many keys behind.
"""
from __future__ import annotations

import random

from annotate.errors import SpanError
from annotate.schema import cached_schema
from annotate.services import decisions as d
from annotate.services.article_model import ArticleModel, undo_redo_stacks, Logged
from annotate.services.review import ReviewService
from annotate.store import history
from tests.conftest import SHORT_TEXT, add_article, find


def shown(model: ArticleModel, attrs: bool = True) -> list[tuple]:
    return [(s.id, s.start, s.end, s.label, s.status) + ((s.attrs,) if attrs else ()) for s in model.spans]


def stored(service: ReviewService, article: int, attrs: bool = True) -> list[tuple]:
    return [(s.id, s.start, s.end, s.label, s.status) + ((s.attrs,) if attrs else ()) for s in service.view(article).spans]


def renamed(rows: list[tuple], ids: dict[int, int]) -> list[tuple]:
    """Predicted rows with provisional ids swapped for the stored ones."""
    return sorted((ids.get(row[0], row[0]),) + tuple(row[1:]) for row in rows)


def commit(service: ReviewService, model: ArticleModel, decisions: list, ids: dict[int, int]) -> None:
    """What the screen's worker does: apply in order, swap provisional ids, confirm each."""
    for decision in decisions:
        change = d.with_span_ids(decision, ids).apply(service)
        if isinstance(decision, d.AddSpan):
            ids[decision.provisional_id] = change.span.id
        model.confirm(decision, change)


def random_decision(rng: random.Random, model: ArticleModel) -> object:
    spans = model.spans
    span = rng.choice(spans) if spans else None
    article = model.article_id
    kind = rng.choice(["accept", "reject", "relabel", "edge", "attrs", "add", "all", "undo", "undo", "redo", "redo", "boundary"])
    if span is None or kind == "add":
        start = rng.choice(model.grid.starts)
        end = model.grid.end_right(start + 1) if rng.random() < 0.3 else model.grid.word_at(start)[1]
        return d.AddSpan(article, start, end, rng.choice(["OFFICIAL", "LOCALITY", "FIGURE"]), provisional_id=model.provisional_id())
    return {
        "accept": lambda: d.Accept(article, span.id),
        "reject": lambda: d.Reject(article, span.id),
        "relabel": lambda: d.Relabel(article, span.id, rng.choice(["OFFICIAL", "LOCALITY", "FIGURE"])),
        "edge": lambda: d.MoveEdge(article, span.id, rng.choice(["start_left", "start_right", "end_left", "end_right"])),
        "attrs": lambda: d.SetAttributes(article, span.id, {"note": rng.randint(0, 3)}),
        "all": lambda: d.AcceptAll(article),
        "undo": lambda: d.Undo(article),
        "redo": lambda: d.Redo(article),
        "boundary": lambda: d.MoveBoundary(article, rng.choice(["start", "end"]), rng.randrange(len(model.text))),
    }[kind]()


def test_random_decisions_one_at_a_time_predict_the_commit(db_path, article):
    service = ReviewService(db_path, "lan")
    model = ArticleModel(service.open_article(article), cached_schema())
    rng, ids = random.Random(12), {}
    for _ in range(160):
        decision = random_decision(rng, model)
        try:
            model.apply(decision)
        except SpanError:
            continue  # refused on screen: never submitted
        predicted, region, status = shown(model, attrs=False), model.region, model.status
        commit(service, model, [decision], ids)
        assert not model.diverged, decision
        assert renamed(predicted, ids) == sorted(stored(service, article, attrs=False)), decision
        assert (region, status) == (service.view(article).article.region, service.view(article).status)
        assert shown(model) == stored(service, article)  # once settled the model shows the database, attributes too
    undo, redo = undo_redo_stacks([Logged(r.action, r.payload, r) for r in service.history(article)])
    assert [e.record.id for e in undo] == [e.record.id for e in model.undo_stack]
    assert [e.record.id for e in redo] == [e.record.id for e in model.redo_stack]
    last = history.last_undoable(service.db, article, "lan")
    assert (last.id if last else None) == (model.undo_stack[-1].record.id if model.undo_stack else None)


def test_random_decisions_far_ahead_of_the_commits_end_where_the_database_does(db_path, article):
    service = ReviewService(db_path, "lan")
    model = ArticleModel(service.open_article(article), cached_schema())
    rng, ids = random.Random(3), {}
    for _ in range(12):
        burst = []
        for _ in range(rng.randint(1, 15)):
            decision = random_decision(rng, model)
            try:
                model.apply(decision)
            except SpanError:
                continue
            burst.append(decision)
        predicted = shown(model, attrs=False)
        commit(service, model, burst, ids)
        assert not model.diverged
        assert renamed(predicted, ids) == sorted(stored(service, article, attrs=False))
        assert shown(model) == stored(service, article)


def test_thirty_rejects_after_thirty_undos_under_lag_are_thirty_rejects(db_path):
    """Issue 10, item 14: keys pressed while commits wait act on what the screen shows, not on stale spans."""
    words = " ".join(f"Tỉnh{n} Số{n}" for n in range(40))
    article = add_article(db_path, words, spans=[])
    service = ReviewService(db_path, "lan")
    model = ArticleModel(service.open_article(article), cached_schema())
    ids: dict[int, int] = {}
    adds = []
    for n in range(30):
        start, end = find(words, f"Tỉnh{n}")
        adds.append(d.AddSpan(article, start, end, "LOCALITY", provisional_id=model.provisional_id()))
        model.apply(adds[-1])
    commit(service, model, adds, ids)
    lagging = [d.Undo(article) for _ in range(30)]
    for undo in lagging:
        model.apply(undo)
    assert model.spans == []
    for n in range(30):  # the reviewer draws and rejects on what they see: nothing is left to undo into
        start, end = find(words, f"Số{n}")
        add = d.AddSpan(article, start, end, "FIGURE", provisional_id=model.provisional_id())
        model.apply(add)
        reject = d.Reject(article, add.provisional_id)
        model.apply(reject)
        lagging += [add, reject]
    commit(service, model, lagging, ids)
    statuses = [s.status for s in service.view(article).spans]
    assert statuses == ["rejected"] * 30 and shown(model) == stored(service, article)


def test_a_refused_decision_marks_the_model_for_reloading(db_path, article):
    service = ReviewService(db_path, "lan")
    model = ArticleModel(service.open_article(article), cached_schema())
    span = model.spans[0]
    other = ReviewService(db_path, "lan")  # the same reviewer in a second window accepts first
    other.accept(span.id)
    decision = d.Accept(article, span.id)
    model.apply(decision)
    change = decision.apply(service)
    model.confirm(decision, change)
    assert model.diverged  # the model logged an accept the database did not write again
