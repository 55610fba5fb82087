"""Agreement over real SQLite databases; the arithmetic is in the comments so it can be redone on paper.

Tokens are whitespace tokens (injected) so kappa and alpha can be counted by hand;
one test runs the real underthesea segmentation.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from annotate.team.agreement import compute_agreement
from annotate.team.agreement_formats import format_table, to_csv, to_json
from annotate.team.agreement_report import ALL
from annotate.team.tokens import article_tokens
from annotate.cli import main
from annotate.metrics import PRF
from annotate.store import articles as article_store
from annotate.store.database import MACHINE
from tests.team.helpers import add_article, add_layer, new_db, sp, whitespace_tokens

# 18 whitespace tokens:
#  0 Bí  1 thư  2 Trần  3 Cát  4 Ninh  5 thăm  6 Quảng  7 Ninh  8 và  9 Thượng
# 10 Hải 11 ,  12 đầu  13 tư  14 48  15 tỷ  16 USD  17 .
T1 = "Bí thư Trần Cát Ninh thăm Quảng Ninh và Thượng Hải , đầu tư 48 tỷ USD ."
# 12 tokens, two officials
T2 = "Thị trưởng Cung Chính gặp ông Nguyễn Văn Nên tại đây ."
# finished by alice only
T3 = "Đoàn đến Nam Kinh ."


def alice_1():
    return [
        sp(T1, "Trần Cát Ninh", "OFFICIAL", side="CN"),
        sp(T1, "Quảng Ninh", "LOCALITY", canonical="Quảng Ninh"),
        sp(T1, "Thượng Hải", "LOCALITY"),
        sp(T1, "48 tỷ USD", "FIGURE", value=48000000000),
    ]


def bob_1():
    # misses Thượng Hải, cuts the FIGURE short, calls the official VN, writes the unit word in canonical
    return [
        sp(T1, "Trần Cát Ninh", "OFFICIAL", side="VN"),
        sp(T1, "Quảng Ninh", "LOCALITY", canonical="Tỉnh Quảng Ninh"),
        sp(T1, "48 tỷ", "FIGURE", value="48000000000"),
    ]


def both_2():
    return [sp(T2, "Cung Chính", "OFFICIAL"), sp(T2, "Nguyễn Văn Nên", "OFFICIAL")]


@pytest.fixture
def team_db(tmp_path):
    db = new_db(tmp_path / "team.db")
    a1, a2, a3 = add_article(db, T1, "one"), add_article(db, T2, "two"), add_article(db, T3, "three")
    add_layer(db, a1, "alice", alice_1())
    add_layer(db, a1, "bob", bob_1())
    # bob's rejected and undecided spans do not count
    add_layer(db, a1, "bob", [sp(T1, "Thượng Hải", "LOCALITY")], status="rejected")
    add_layer(db, a1, "bob", [sp(T1, "đầu tư", "FIGURE")], status="suggested")
    add_layer(db, a2, "alice", both_2())
    add_layer(db, a2, "bob", both_2(), status="edited")
    add_layer(db, a3, "alice", [sp(T3, "Nam Kinh", "LOCALITY")])
    # carol started article 3 but has not finished it
    add_layer(db, a3, "carol", [sp(T3, "Nam Kinh", "LOCALITY")], done=False)
    # the machine: both localities of article 1, nothing on 2, Nam Kinh on 3; a rejected-status machine span still counts
    add_layer(db, a1, MACHINE, [sp(T1, "Quảng Ninh", "LOCALITY"), sp(T1, "Thượng Hải", "LOCALITY")], status="suggested")
    add_layer(db, a3, MACHINE, [sp(T3, "Nam Kinh", "LOCALITY")], status="rejected")
    yield db, (a1, a2, a3)
    db.close()


def test_pair_f1_micro_and_per_article(team_db):
    db, (a1, a2, a3) = team_db
    report = compute_agreement(db, tokenize=whitespace_tokens)
    assert report.annotators == ["alice", "bob", MACHINE]
    pair = report.pair("alice", "bob")
    # article 3 is finished by alice only: excluded
    assert pair.articles == [a1, a2]
    # article 1 strict: OFFICIAL and Quảng Ninh match -> tp 2; alice-only Thượng Hải, 48 tỷ USD -> fn 2; bob-only 48 tỷ -> fp 1
    assert pair.by_article[a1][0] == PRF(2, 1, 2)
    # overlap: the two FIGUREs overlap -> tp 3, fp 0, fn 1 (Thượng Hải)
    assert pair.by_article[a1][1] == PRF(3, 0, 1)
    assert pair.by_article[a2][0] == PRF(2, 0, 0)
    # micro: (2+2, 1, 2) -> F1 = 8 / (8 + 3) ; overlap (5, 0, 1) -> 10 / 11
    assert pair.strict[ALL] == PRF(4, 1, 2)
    assert pair.f1_strict == pytest.approx(8 / 11)
    assert pair.f1_overlap == pytest.approx(10 / 11)
    # per label, strict: OFFICIAL 3/3 -> 1.0; LOCALITY tp1 fn1 -> 2/3; FIGURE tp0 fp1 fn1 -> 0
    assert report.cell("OFFICIAL", "alice", "bob").f1_strict == 1.0
    assert report.cell("LOCALITY", "bob", "alice").f1_strict == pytest.approx(2 / 3)
    assert report.cell("FIGURE", "alice", "bob").f1_strict == 0.0
    assert report.cell("FIGURE", "alice", "bob").f1_overlap == 1.0
    assert report.labels == ["FIGURE", "LOCALITY", "OFFICIAL"]


def test_kappa_by_hand(team_db):
    db, (a1, a2, a3) = team_db
    report = compute_agreement(db, annotators=["alice", "bob"], tokenize=whitespace_tokens)
    # Article 1, 18 tokens. alice: O x8, B-OFF 1, I-OFF 2, B-LOC 2, I-LOC 2, B-FIG 1, I-FIG 2.
    # bob: tokens 9, 10 (Thượng Hải) and 16 (USD) become O -> O x11, B-LOC 1, I-LOC 1, I-FIG 1.
    # Article 2, 12 tokens: identical, O x7 + B-OFF 2 + I-OFF 3 for both.
    # n = 30, agreements = 30 - 3 = 27.
    # expected * n^2 = O 15*18 + B-OFF 3*3 + I-OFF 5*5 + B-LOC 2*1 + I-LOC 2*1 + B-FIG 1*1 + I-FIG 2*1 = 270+9+25+2+2+1+2 = 311
    # kappa = (27*30 - 311) / (30^2 - 311) = 499 / 589
    assert report.pair("alice", "bob").kappa[ALL] == pytest.approx(499 / 589)


def test_single_label_kappa_and_alpha(team_db):
    db, _ = team_db
    report = compute_agreement(db, labels=["LOCALITY"], annotators=["alice", "bob"], tokenize=whitespace_tokens)
    assert report.labels == ["LOCALITY"]
    pair = report.pair("alice", "bob")
    # only LOCALITY spans: article 1 tp 1 fn 1, article 2 nothing -> F1 2/3 everywhere
    assert pair.strict[ALL] == PRF(1, 0, 1) == pair.strict["LOCALITY"]
    assert set(pair.strict) == {"LOCALITY", ALL}
    # 30 tokens: alice B-LOC 2, I-LOC 2, O 26; bob B-LOC 1, I-LOC 1, O 28; 28 agreements
    # kappa = (28*30 - (26*28 + 2 + 2)) / (900 - 732) = (840 - 732) / 168 = 9 / 14
    assert pair.kappa["LOCALITY"] == pytest.approx(9 / 14)
    # alpha (nominal, 2 raters, 60 values): n_O = 54, n_B = 3, n_I = 3; 2 disagreeing units, each 2 ordered pairs
    # D_o = 4 / 60; D_e = 2 (54*3 + 54*3 + 3*3) / (60*59) = 666 / 3540
    # alpha = 1 - (4/60) / (666/3540) = 1 - 14160 / 39960
    assert report.alpha["LOCALITY"] == pytest.approx(1 - 14160 / 39960)


def test_machine_counted_as_annotator(team_db):
    db, (a1, a2, a3) = team_db
    report = compute_agreement(db, tokenize=whitespace_tokens)
    machine = report.pair("alice", MACHINE)
    # the machine "finished" every article a human finished: alice shares 1, 2, 3 with it, bob 1 and 2
    assert machine.articles == [a1, a2, a3]
    assert report.pair("bob", MACHINE).articles == [a1, a2]
    # alice vs machine: art1 tp 2 (localities) fn 2; art2 fn 2; art3 tp 1 (rejected-status machine span counts) -> (3, 0, 4), F1 6/10
    assert machine.strict[ALL] == PRF(3, 0, 4)
    assert machine.f1_strict == pytest.approx(0.6)
    # bob vs machine: art1 tp 1 (Quảng Ninh), fp 1 (Thượng Hải), fn 2; art2 fn 2 -> (1, 1, 4), F1 2/7
    assert report.pair("bob", MACHINE).f1_strict == pytest.approx(2 / 7)
    assert report.finished == {"alice": 3, "bob": 2, MACHINE: 3}
    assert any("@machine" in note for note in report.notes)
    # without the machine
    assert compute_agreement(db, include_machine=False, tokenize=whitespace_tokens).annotators == ["alice", "bob"]


def test_lowest_agreement_first(team_db):
    db, (a1, a2, a3) = team_db
    rows = compute_agreement(db, tokenize=whitespace_tokens).per_article
    # article 3 has one human: not listed even though the machine "finished" it too
    assert [r.article_id for r in rows] == [a1, a2]
    assert rows[0].f1_strict == pytest.approx(4 / 7)
    assert rows[0].worst_pair == ("alice", "bob")
    assert rows[0].spans == {"alice": 4, "bob": 3}
    # machine vs both humans on article 1: alice (2, 0, 2) + bob (1, 1, 2) = (3, 1, 4) -> 6/11
    assert rows[0].machine_f1 == pytest.approx(6 / 11)
    assert rows[1].f1_strict == 1.0


def test_identical_annotators_agree_perfectly(tmp_path):
    db = new_db(tmp_path / "same.db")
    for text, spans in ((T1, alice_1()), (T2, both_2())):
        aid = add_article(db, text)
        add_layer(db, aid, "alice", spans)
        add_layer(db, aid, "carol", spans)
    report = compute_agreement(db, tokenize=whitespace_tokens)
    assert report.annotators == ["alice", "carol"]
    pair = report.pair("alice", "carol")
    for label in [*report.labels, ALL]:
        cell = pair.cell(label)
        assert (cell.f1_strict, cell.f1_overlap, cell.kappa) == (1.0, 1.0, 1.0)
        assert report.alpha[label] == 1.0
    assert all(agree == total for agree, total in pair.attributes.values())
    assert pair.attributes["side"] == (1, 1)
    assert all(r.f1_strict == 1.0 for r in report.per_article)


def test_annotator_with_no_spans(tmp_path):
    db = new_db(tmp_path / "empty.db")
    aid = add_article(db, T1)
    add_layer(db, aid, "alice", alice_1())
    add_layer(db, aid, "dave", [])
    add_layer(db, aid, "erin", [])
    report = compute_agreement(db, tokenize=whitespace_tokens)
    alice_dave = report.pair("alice", "dave")
    # nothing found: tp 0 fp 0 fn 4 -> F1 0
    assert alice_dave.strict[ALL] == PRF(0, 0, 4)
    assert alice_dave.f1_strict == 0.0
    # dave all O: p_o = 8/18 = p_e = (8*18)/18^2 -> kappa 0
    assert alice_dave.kappa[ALL] == pytest.approx(0.0)
    # two empty annotations agree completely
    assert report.pair("dave", "erin").f1_strict == 1.0
    assert report.pair("dave", "erin").kappa[ALL] == 1.0


def test_names_without_finished_work_and_empty_database(tmp_path):
    db = new_db(tmp_path / "nobody.db")
    aid = add_article(db, T3)
    add_layer(db, aid, "alice", [sp(T3, "Nam Kinh", "LOCALITY")])
    report = compute_agreement(db, annotators=["alice", "zoe"], tokenize=whitespace_tokens)
    pair = report.pair("alice", "zoe")
    assert pair.articles == [] and pair.f1_strict is None and pair.kappa[ALL] is None
    assert any("zoe has finished no article" in n for n in report.notes)
    assert report.per_article == []
    assert "Agreement needs two annotators" in format_table(compute_agreement(new_db(tmp_path / "void.db")))


def test_outputs_table_json_csv(team_db):
    db, (a1, a2, a3) = team_db
    report = compute_agreement(db, tokenize=whitespace_tokens)
    table = format_table(report)
    assert "alice × bob" in table and "Lowest agreement first" in table and "0.727" in table
    data = json.loads(to_json(report))
    assert data["pairs"][0]["labels"]["micro"]["strict"]["tp"] == 4
    assert data["per_article"][0]["article_id"] == a1
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    micro = [r for r in rows if r["kind"] == "pair" and r["a"] == "alice" and r["b"] == "bob" and r["label"] == "micro"][0]
    assert (micro["tp"], micro["fp"], micro["fn"]) == ("4", "1", "2")
    assert [r["article_id"] for r in rows if r["kind"] == "article"] == [str(a1), str(a2)]


def test_cli_agreement(team_db, tmp_path, monkeypatch):
    db, _ = team_db
    path = tmp_path / "team.db"
    import annotate.team.agreement as agreement

    monkeypatch.setattr(agreement, "article_tokens", whitespace_tokens)
    runner = CliRunner()
    result = runner.invoke(main, ["agreement", "--db", str(path), "--format", "json", "--labels", "LOCALITY", "--annotators", "alice,bob"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["labels"] == ["LOCALITY"] and data["annotators"] == ["alice", "bob"]
    result = runner.invoke(main, ["agreement", "--db", str(path), "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("kind,a,b,label")
    result = runner.invoke(main, ["agreement", "--db", str(path)], env={"ANNOTATE_DB": str(path)})
    assert result.exit_code == 0 and "Krippendorff" in result.output
    result = runner.invoke(main, ["agreement", "--db", str(tmp_path)])
    assert result.exit_code != 0


def test_underthesea_tokens_align_and_are_cached(tmp_path):
    db = new_db(tmp_path / "real.db")
    aid = add_article(db, T1)
    article = article_store.get_article(db, aid)
    tokens = article_tokens(article)
    words = [T1[s:e] for s, e in tokens]
    assert "Trần Cát Ninh" in words and "Quảng Ninh" in words and "Thượng Hải" in words
    assert article_tokens(article) is tokens
    add_layer(db, aid, "alice", alice_1())
    add_layer(db, aid, "bob", alice_1())
    report = compute_agreement(db)
    assert report.pair("alice", "bob").kappa[ALL] == 1.0
    assert report.alpha[ALL] == 1.0


def test_run_by_run_overlap_matching_equals_the_greedy_matcher():
    import random

    from annotate.team.agreement import overlap_matches
    from annotate.metrics import match_spans, span_prf
    from annotate.models import Span

    rng = random.Random(5)
    for _ in range(300):
        sides = []
        for _ in range(2):
            spans, cursor = [], 0
            for _ in range(rng.randrange(0, 12)):
                cursor += rng.randrange(0, 6)
                length = rng.randrange(1, 8)
                spans.append(Span(cursor, cursor + length, rng.choice("AB")))
                cursor += length
            sides.append(spans)
        left, right = sides
        fast = [(id(a), id(b)) for a, b in overlap_matches(left, right)]
        slow = [(id(a), id(b)) for a, b in match_spans(left, right, "overlap")]
        assert sorted(fast) == sorted(slow)
        assert len(fast) == span_prf(left, right, "overlap")["micro"].tp
