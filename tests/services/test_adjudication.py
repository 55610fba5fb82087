"""Adjudication into '@gold': agreed spans merge, conflicts resolve one committed decision at a time, export reads the result."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotate.services.adjudication import Adjudicator, split_agreement
from annotate.cli import main
from annotate.errors import AnnotateError, SpanError
from annotate.io.export import export_string
from annotate.models import Span
from annotate.store import layers, open_database, reviews
from annotate.store.database import GOLD
from tests.team.helpers import add_article, add_layer, new_db, sp

T1 = "Bí thư Trần Cát Ninh thăm Quảng Ninh và Thượng Hải , đầu tư 48 tỷ USD ."
T2 = "Đoàn đến Nam Kinh ."


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "team.db"
    db = new_db(path)
    a1, a2 = add_article(db, T1), add_article(db, T2)
    add_layer(db, a1, "alice", [
        sp(T1, "Trần Cát Ninh", "OFFICIAL", side="CN"),
        sp(T1, "Quảng Ninh", "LOCALITY", canonical="Quảng Ninh"),
        sp(T1, "Thượng Hải", "LOCALITY"),
        sp(T1, "48 tỷ USD", "FIGURE", value=48000000000),
    ])
    add_layer(db, a1, "bob", [
        sp(T1, "Trần Cát Ninh", "OFFICIAL", side="CN"),
        sp(T1, "Quảng Ninh", "LOCALITY", canonical="tỉnh Quảng Ninh"),  # same after normalisation
        sp(T1, "48 tỷ", "FIGURE", value=48000000000),
    ])
    # bob's rejected suggestion is not his annotation
    add_layer(db, a1, "bob", [sp(T1, "Thượng Hải", "LOCALITY")], status="rejected")
    # carol has not finished: she is not adjudicated
    add_layer(db, a1, "carol", [sp(T1, "Bí thư", "OFFICIAL")], done=False)
    add_layer(db, a2, "alice", [sp(T2, "Nam Kinh", "LOCALITY")])
    add_layer(db, a2, "bob", [sp(T2, "Nam Kinh", "LOCALITY")])
    db.close()
    judge = Adjudicator(path, "dana")
    yield path, judge, a1, a2
    judge.close()


def test_view_merges_agreed_and_groups_conflicts(setup):
    path, judge, a1, _ = setup
    view = judge.conflicts(a1)
    assert view.annotators == ["alice", "bob"]
    assert [(T1[s.start:s.end], s.label) for s in view.agreed] == [("Trần Cát Ninh", "OFFICIAL"), ("Quảng Ninh", "LOCALITY")]
    th, fig = view.conflicts
    assert T1[th.start:th.end] == "Thượng Hải"
    assert th.said("bob") == [] and len(th.said("alice")) == 1
    assert T1[fig.start:fig.end] == "48 tỷ USD"
    assert [T1[s.start:s.end] for s in fig.said("bob")] == ["48 tỷ"]
    assert not th.resolved and view.status == "new"


def test_attribute_disagreement_is_a_conflict():
    a = [Span(0, 5, "OFFICIAL", {"side": "CN"})]
    b = [Span(0, 5, "OFFICIAL", {"side": "VN"})]
    agreed, conflicts = split_agreement({"a": a, "b": b})
    assert agreed == [] and len(conflicts) == 1 and conflicts[0].id == "0-5"
    # chains of overlaps are one conflict: a[0,4) ~ b[3,8) ~ a[7,9)
    agreed, conflicts = split_agreement({"a": [Span(0, 4, "X"), Span(7, 9, "X")], "b": [Span(3, 8, "X")]})
    assert [c.id for c in conflicts] == ["0-9"]
    # one annotator alone agrees with themself
    agreed, conflicts = split_agreement({"a": a})
    assert agreed == a and conflicts == []


def test_resolve_finish_and_export_gold(setup):
    path, judge, a1, a2 = setup
    view = judge.conflicts(a1)
    th, fig = view.conflicts
    view = judge.resolve(a1, fig.id, "take:alice")
    # committed at once: another connection sees gold and the logged decision
    other = open_database(path)
    gold = layers.layer(other, a1, GOLD)
    assert {(T1[s.start:s.end], s.status) for s in gold} == {("Trần Cát Ninh", "accepted"), ("Quảng Ninh", "accepted"), ("48 tỷ USD", "accepted")}
    decision = json.loads(other.execute("SELECT payload FROM decisions WHERE annotator = ? AND action = 'adjudicate'", [GOLD]).fetchone()[0])
    assert decision["adjudicator"] == "dana" and decision["choice"] == "take:alice" and decision["conflict"] == fig.id
    assert reviews.review_status(other, a1, GOLD) == "in_progress"
    with pytest.raises(AnnotateError, match="1 conflict"):
        judge.finish(a1)
    judge.resolve(a1, th.id, "drop")
    view = judge.finish(a1)
    assert view.status == "done" and not view.unresolved
    assert reviews.review_status(other, a1, GOLD) == "done"
    other.close()

    db = open_database(path)
    exported = [json.loads(line) for line in export_string(db, view="gold").splitlines()]
    assert [d["meta"]["article_id"] for d in exported] == [a1]  # article 2 has no finished gold
    assert [(s["text"], s["label"]) for s in exported[0]["spans"]] == [("Trần Cát Ninh", "OFFICIAL"), ("Quảng Ninh", "LOCALITY"), ("48 tỷ USD", "FIGURE")]
    assert exported[0]["spans"][2]["attrs"] == {"value": 48000000000}
    result = CliRunner().invoke(main, ["export", "--db", str(path), "--view", "gold"])
    assert result.exit_code == 0 and json.loads(result.output.splitlines()[0])["spans"] == exported[0]["spans"]
    db.close()


def test_re_resolve_edit_and_undo(setup):
    path, judge, a1, _ = setup
    fig = judge.conflicts(a1).conflicts[1]
    judge.resolve(a1, fig.id, "take:bob")
    view = judge.resolve(a1, fig.id, sp(T1, "48 tỷ USD", "FIGURE", value=48e9, unit="USD"))
    fig = view.conflicts[1]
    assert fig.resolution == "edit" and [T1[s.start:s.end] for s in fig.gold] == ["48 tỷ USD"]
    assert fig.gold[0].attrs == {"value": 48e9, "unit": "USD"}
    # gold holds agreed + one FIGURE, not bob's too
    assert len(view.gold) == 3
    assert judge.undo(a1) == "adjudicate"
    view = judge.conflicts(a1)
    assert view.conflicts[1].resolution == "take:bob"
    assert [T1[s.start:s.end] for s in view.conflicts[1].gold] == ["48 tỷ"]
    assert judge.undo(a1) == "adjudicate"
    view = judge.conflicts(a1)
    assert not view.conflicts[1].resolved and view.gold == [] and view.status == "new"
    assert judge.undo(a1) is None


def test_bad_choices_are_refused(setup):
    path, judge, a1, _ = setup
    th, fig = judge.conflicts(a1).conflicts
    with pytest.raises(ValueError, match="carol"):
        judge.resolve(a1, fig.id, "take:carol")
    with pytest.raises(ValueError, match="unknown choice"):
        judge.resolve(a1, fig.id, "keep")
    with pytest.raises(KeyError):
        judge.resolve(a1, "1-2", "drop")
    # an edit may not overlap an agreed span
    with pytest.raises(SpanError, match="overlap"):
        judge.resolve(a1, th.id, Span(T1.index("Ninh và"), T1.index("Hải") + 3, "LOCALITY"))
    with pytest.raises(SpanError, match="unknown label"):
        judge.resolve(a1, th.id, sp(T1, "Thượng Hải", "PLACE"))
    # nothing was written by the refused attempts
    assert judge.conflicts(a1).gold == [] and judge.history(a1) == []


def test_resolutions_survive_a_new_session(setup):
    path, judge, a1, _ = setup
    th = judge.conflicts(a1).conflicts[0]
    judge.resolve(a1, th.id, "take:alice")
    judge.close()
    again = Adjudicator(path, "erin")
    view = again.conflicts(a1)
    assert view.conflicts[0].resolution == "take:alice"
    assert [T1[s.start:s.end] for s in view.conflicts[0].gold] == ["Thượng Hải"]
    again.close()


def test_finished_gold_reopens_on_change(setup):
    path, judge, a1, _ = setup
    th, fig = judge.conflicts(a1).conflicts
    judge.resolve(a1, th.id, "drop")
    judge.resolve(a1, fig.id, "drop")
    assert judge.finish(a1).status == "done"
    assert judge.resolve(a1, th.id, "take:alice").status == "in_progress"
    assert judge.finish(a1).status == "done"


def test_auto_and_cli_adjudicate(setup):
    path, judge, a1, a2 = setup
    candidates = {c.article_id: c for c in judge.candidates()}
    assert candidates[a1].conflicts == 2 and candidates[a2].conflicts == 0
    runner = CliRunner()
    result = runner.invoke(main, ["adjudicate", "--db", str(path)])
    assert result.exit_code == 0 and "alice, bob" in result.output
    result = runner.invoke(main, ["adjudicate", "--db", str(path), "--auto", "--adjudicator", "dana"])
    assert result.exit_code == 0 and f"finished 1 fully agreed articles into gold: {a2}" in result.output
    db = open_database(path)
    assert reviews.review_status(db, a2, GOLD) == "done"
    assert [T2[s.start:s.end] for s in layers.layer(db, a2, GOLD)] == ["Nam Kinh"]
    assert reviews.review_state(db, a1, GOLD) is None
    db.close()
    # running it again changes nothing
    result = runner.invoke(main, ["adjudicate", "--db", str(path), "--auto"])
    assert "finished 0" in result.output


def test_reserved_adjudicator_name_refused(tmp_path):
    with pytest.raises(ValueError, match="reserved"):
        Adjudicator(tmp_path / "x.db", "@gold")
