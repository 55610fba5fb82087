"""Merging per-annotator databases, assigning articles, and several writers on one database at once."""
from __future__ import annotations

import multiprocessing
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.services.review import ReviewService
from annotate.store import articles as article_store
from annotate.store import history, layers, open_database, reviews
from annotate.store.database import MACHINE
from annotate.team.assign import assign
from annotate.team.merge import merge
from tests.team.helpers import add_article, add_layer, new_db, sp

SHARED = "Bí thư Trần Cát Ninh thăm Quảng Ninh và Thượng Hải ."
ONLY_A = "Đoàn đến Nam Kinh ."
ONLY_B = "Kim ngạch đạt 48 tỷ USD ."


def make_source(path: Path, annotator: str, texts: list[str], spans_for: dict[str, list]) -> dict[str, int]:
    """A laptop database: articles (with machine suggestions) and one annotator's finished, reviewed work."""
    db = new_db(path)
    ids = {}
    for text in texts:
        aid = add_article(db, text)
        ids[text] = aid
        add_layer(db, aid, MACHINE, [sp(text, text.split()[2], "LOCALITY")], status="suggested")
    db.close()
    service = ReviewService(path, annotator)
    for text, spans in spans_for.items():
        aid = ids[text]
        service.open_article(aid)
        for span in spans:
            service.add_span(aid, span.start, span.end, span.label, span.attrs)
        service.mark_done(aid)
    service.close()
    return ids


def layer_state(db, article_id, annotator, statuses=None):
    return sorted((s.start, s.end, s.label, s.status) for s in layers.layer(db, article_id, annotator, statuses))


def snapshot(path: Path):
    db = open_database(path)
    data = {
        table: sorted(tuple(r) for r in db.execute(f"SELECT * FROM {table}").fetchall())
        for table in ("articles", "spans", "reviews", "decisions", "gazetteer_entries")
    }
    db.close()
    return data


@pytest.fixture
def sources(tmp_path):
    a = tmp_path / "alice.db"
    b = tmp_path / "bob.db"
    make_source(a, "alice", [SHARED, ONLY_A], {SHARED: [sp(SHARED, "Trần Cát Ninh", "OFFICIAL", side="CN")], ONLY_A: [sp(ONLY_A, "Nam Kinh", "LOCALITY")]})
    # bob's database holds the articles in another order, so ids differ
    make_source(b, "bob", [ONLY_B, SHARED], {SHARED: [sp(SHARED, "Quảng Ninh", "LOCALITY")], ONLY_B: [sp(ONLY_B, "48 tỷ USD", "FIGURE")]})
    return a, b


def test_merge_matches_by_content_hash(sources, tmp_path):
    a, b = sources
    team = tmp_path / "team.db"
    report = merge([a, b], team)
    assert report.articles_added == 3 and report.articles_matched == 1
    db = open_database(team)
    shared = article_store.find_by_hash(db, article_store.content_hash(SHARED)).id
    assert [d[0] for d in report.duplicates] == [shared]
    assert report.duplicates[0][2] == [str(a), str(b)]
    # both people's finished work on the shared article, one machine layer
    assert [s[2] for s in layer_state(db, shared, "alice", ["accepted"])] == ["OFFICIAL"]
    assert any(s[2] == "LOCALITY" and s[3] == "accepted" for s in layer_state(db, shared, "bob"))
    assert len(layers.layer(db, shared, MACHINE)) == 1
    assert reviews.review_status(db, shared, "alice") == "done"
    assert reviews.review_status(db, shared, "bob") == "done"
    assert report.layers_unchanged >= 1  # bob's identical machine layer on the shared article
    assert report.conflicts == []
    # the decision log came along, with span ids of the team database: undo works there
    bob = ReviewService(team, "bob")
    assert [d.action for d in bob.history(shared)][-1] == "done"
    assert bob.undo(shared).reverted.action == "done"
    assert bob.undo(shared).reverted.action == "add"
    assert all(s.label != "LOCALITY" or s.status == "suggested" for s in layers.layer(db, shared, "bob"))
    assert [s[2] for s in layer_state(db, shared, "alice", ["accepted"])] == ["OFFICIAL"]  # alice untouched by bob's undo
    bob.close()
    db.close()


def test_merge_is_idempotent(sources, tmp_path):
    a, b = sources
    team = tmp_path / "team.db"
    first = merge([a, b], team)
    before = snapshot(team)
    second = merge([a, b], team)
    assert snapshot(team) == before
    assert second.articles_added == 0 and second.articles_matched == 4
    assert second.layers_copied == 0 and second.decisions_copied == 0
    assert second.duplicates == first.duplicates


def test_merge_conflict_keeps_the_later_version(sources, tmp_path):
    a, b = sources
    # a second copy of alice's work where she later changed her mind on the shared article
    later = tmp_path / "alice-laptop2.db"
    make_source(later, "alice", [SHARED], {SHARED: [sp(SHARED, "Thượng Hải", "LOCALITY")]})
    team = tmp_path / "team.db"
    report = merge([a, b, later], team)
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.annotator == "alice" and conflict.kept == str(later)
    db = open_database(team)
    shared = conflict.article_id
    assert [s[2] for s in layer_state(db, shared, "alice") if s[3] == "accepted"] == ["LOCALITY"]
    db.close()
    again = merge([a, b, later], team)
    assert again.layers_replaced == 0 and len(again.conflicts) == 1 and again.conflicts[0].kept == "the version merged before"
    # undo replays the kept version's history only, never the replaced one's (its spans are gone)
    alice = ReviewService(team, "alice")
    undone = [alice.undo(shared) for _ in range(3)]
    assert [u.reverted.action if u else None for u in undone] == ["done", "add", None]
    alice.close()


def test_merge_back_assigned_work_is_not_a_conflict(tmp_path):
    team = tmp_path / "team.db"
    db = new_db(team)
    aid = add_article(db, ONLY_A)
    assign(db, ["alice"])
    db.close()
    laptop = tmp_path / "alice.db"
    shutil.copy(team, laptop)
    service = ReviewService(laptop, "alice")
    service.add_span(aid, ONLY_A.index("Nam Kinh"), ONLY_A.index("Nam Kinh") + 8, "LOCALITY")
    service.mark_done(aid)
    service.close()
    report = merge([laptop], team)
    assert report.conflicts == [] and report.layers_copied == 1
    db = open_database(team)
    state = reviews.review_state(db, aid, "alice")
    assert (state.status, state.assigned) == ("done", True)
    db.close()


def test_merge_refuses_output_as_source(sources):
    a, _ = sources
    with pytest.raises(ValueError, match="cannot also be the output"):
        merge([a], a)


def test_cli_merge(sources, tmp_path):
    a, b = sources
    team = tmp_path / "team.db"
    result = CliRunner().invoke(main, ["merge", str(a), str(b), "-o", str(team)])
    assert result.exit_code == 0, result.output
    assert "articles added 3" in result.output and "in several sources 1" in result.output
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "missing.db"), "-o", str(team)])
    assert result.exit_code == 1 and "no such database" in result.output


# ---------------------------------------------------------------- assign


@pytest.fixture
def six(tmp_path):
    db = new_db(tmp_path / "six.db")
    ids = [add_article(db, f"Bài số {i} về Nam Kinh .") for i in range(6)]
    yield db, ids
    db.close()


def assigned(db, name):
    return {r[0] for r in db.execute("SELECT article_id FROM reviews WHERE annotator = ? AND assigned = 1", [name]).fetchall()}


def test_assign_round_robin_k2(six, tmp_path):
    db, ids = six
    report = assign(db, ["ann", "bo", "cy"], k=2)
    # 6 articles x 2 = 12 assignments over 3 people: 4 each, each article to 2 different people
    assert report.per_annotator == {"ann": 4, "bo": 4, "cy": 4}
    assert all(len(set(v)) == 2 for v in report.assignments.values())
    assert sum(len(assigned(db, n)) for n in ("ann", "bo", "cy")) == 12
    # the same seed gives the same assignment on a copy of the database
    copy = new_db(tmp_path / "copy.db")
    for i in range(6):
        add_article(copy, f"Bài số {i} về Nam Kinh .")
    assert assign(copy, ["ann", "bo", "cy"], k=2).assignments == report.assignments
    copy.close()


def test_assign_overlap_fraction(six):
    db, ids = six
    report = assign(db, ["ann", "bo", "cy"], overlap=0.5, seed=3)
    # round(0.5 * 6) = 3 articles to everyone, 3 round robin to one each
    assert len(report.shared) == 3
    for name in ("ann", "bo", "cy"):
        assert set(report.shared) <= assigned(db, name)
        assert len(assigned(db, name)) == 4
    others = [a for a in ids if a not in report.shared]
    assert sorted(len(report.assignments[a]) for a in others) == [1, 1, 1]


def test_assign_keeps_decisions_and_is_rerunnable(six, tmp_path):
    db, ids = six
    with_db = tmp_path / "six.db"
    service = ReviewService(with_db, "ann")
    service.open_article(ids[0])
    service.mark_done(ids[0])
    service.close()
    assign(db, ["ann", "bo"], k=1, seed=7)
    assert reviews.review_status(db, ids[0], "ann") == "done"
    assert len(history.history(db, ids[0], "ann")) == 1
    again = assign(db, ["ann", "bo"], k=1, seed=7)
    assert again.articles == 0 and again.already_assigned == 6
    # the queue now shows each person only their articles
    for name in ("ann", "bo"):
        service = ReviewService(with_db, name)
        assert {r.article_id for r in service.queue()} == assigned(db, name)
        service.close()
    # a new article is handed out on the next run
    new = add_article(db, "Một bài mới về Thượng Hải .")
    assert list(assign(db, ["ann", "bo"]).assignments) == [new]


def test_assign_validation(six):
    db, _ = six
    with pytest.raises(ValueError, match="k must be"):
        assign(db, ["ann"], k=2)
    with pytest.raises(ValueError, match="reserved"):
        assign(db, ["@gold"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        assign(db, ["ann"], overlap=1.5)


def test_cli_assign(six, tmp_path):
    db, _ = six
    path = str(tmp_path / "six.db")
    result = CliRunner().invoke(main, ["assign", "--db", path, "--annotators", "ann,bo,cy", "--k", "2"])
    assert result.exit_code == 0 and "per annotator: ann 4, bo 4, cy 4" in result.output
    result = CliRunner().invoke(main, ["assign", "--db", path, "--annotators", "ann", "--k", "2", "--overlap", "0.2"])
    assert result.exit_code != 0 and "either --k or --overlap" in result.output
    result = CliRunner().invoke(main, ["assign", "--db", path, "--annotators", "ann", "--k", "3"])
    assert result.exit_code == 1 and "Error: k must be" in result.output


# ---------------------------------------------------------------- concurrency

TEXT = " ".join(f"Nam{i} Kinh{i}" for i in range(40))
ROUNDS = 20


def review_many(path: str, annotator: str, article_id: int, offset: int) -> None:
    """One annotator's burst of decisions through their own connection."""
    service = ReviewService(path, annotator)
    service.open_article(article_id)
    words = TEXT.split()
    cursor = 0
    for i in range(ROUNDS):
        start = TEXT.index(words[2 * i + offset], cursor)
        cursor = start + 1
        service.add_span(article_id, start, start + len(words[2 * i + offset]), "LOCALITY")
    service.mark_done(article_id)
    service.close()


def check_nothing_lost(path: Path, article_id: int) -> None:
    db = open_database(path)
    for name in ("ann", "bo"):
        assert len(layers.layer(db, article_id, name, ["accepted"])) == ROUNDS
        actions = [d.action for d in history.history(db, article_id, name)]
        assert actions == ["add"] * ROUNDS + ["done"]
        assert reviews.review_status(db, article_id, name) == "done"
    db.close()


def test_two_annotators_in_threads_lose_nothing(tmp_path):
    path = tmp_path / "busy.db"
    db = new_db(path)
    aid = add_article(db, TEXT)
    db.close()
    workers = [threading.Thread(target=review_many, args=(str(path), n, aid, k)) for k, n in enumerate(("ann", "bo"))]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    check_nothing_lost(path, aid)


def test_two_annotators_in_processes_lose_nothing(tmp_path):
    path = tmp_path / "busy.db"
    db = new_db(path)
    aid = add_article(db, TEXT)
    db.close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=review_many, args=(str(path), n, aid, k)) for k, n in enumerate(("ann", "bo"))]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    check_nothing_lost(path, aid)
