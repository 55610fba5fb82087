"""`annotate entities` on a hand-built database: listing in three formats, bulk decisions, dry run, undo."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.store import layers
from annotate.store.database import MACHINE, open_database
from tests.conftest import add_article
from tests.services.test_entities import TEXTS, spans_of


@pytest.fixture
def corpus(db_path):
    return [add_article(db_path, text, spans_of(text), source=f"{i}.txt") for i, text in enumerate(TEXTS)]


def run(db_path, *args):
    return CliRunner().invoke(main, ["entities", "--db", str(db_path), "--annotator", "lan", *args])


def statuses(db_path, annotator="lan"):
    db = open_database(db_path)
    try:
        rows = db.execute("SELECT a.id, s.status, substr(a.text, s.start + 1, s.\"end\" - s.start) FROM spans s JOIN articles a ON a.id = s.article_id"
                          " WHERE s.annotator = ? ORDER BY a.id, s.start", [annotator]).fetchall()
        return [(aid, form, status) for aid, status, form in rows]
    finally:
        db.close()


def test_table_lists_every_entity_with_counts_and_a_summary(db_path, corpus):
    result = run(db_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["pending", "acc", "rej"]
    assert lines[1].split()[:8] == ["4", "0", "0", "0", "3", "—", "0", "LOCALITY"] and "Lam Giang" in lines[1]
    assert lines[-1] == "3 entities, 9 pending mentions"


def test_json_and_csv_hold_the_same_rows(db_path, corpus):
    rows = json.loads(run(db_path, "--format", "json").output)
    assert [(r["form"], r["pending"], r["articles"]) for r in rows] == [("Lam Giang", 4, 3), ("Hạ Lương", 3, 3), ("Vũ Thành Khê", 2, 2)]
    assert rows[2]["canonical"] is None and rows[2]["attributes"]["side"] == {"value": "VN", "count": 2}
    table = list(csv.DictReader(io.StringIO(run(db_path, "--format", "csv", "--label", "OFFICIAL").output)))
    assert [(r["form"], r["pending"], r["canonical"]) for r in table] == [("Vũ Thành Khê", "2", "")]


def test_search_ignores_accents_and_case(db_path, corpus):
    rows = json.loads(run(db_path, "--format", "json", "--search", "HA LUONG").output)
    assert [r["form"] for r in rows] == ["Hạ Lương"]


def test_dry_run_counts_and_changes_nothing(db_path, corpus):
    result = run(db_path, "--accept", "Lam Giang", "--label", "LOCALITY", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "would accept 4 pending mentions of “Lam Giang” (LOCALITY, Lam Giang) in 3 articles (3 not opened yet); 0 already decided, left alone"
    )
    assert statuses(db_path) == []


def test_accept_then_reject_leaves_decided_mentions_alone_and_undo_reverts_the_group(db_path, corpus):
    db = open_database(db_path)
    machine = [layers.layer(db, a, MACHINE) for a in corpus]
    db.close()
    assert run(db_path, "--accept", "Lam Giang", "--label", "LOCALITY").exit_code == 0
    result = run(db_path, "--reject", "Lam Giang", "--label", "LOCALITY")
    assert "rejected 0 mentions" in result.output and "4 already decided, left alone" in result.output
    lam = [s for s in statuses(db_path) if s[1] == "Lam Giang"]
    assert [s[2] for s in lam] == ["accepted"] * 4
    undone = run(db_path, "--undo")
    assert "4 mentions back as before, 0 changed since and kept" in undone.output
    assert {s[2] for s in statuses(db_path)} == {"suggested"}
    assert "no bulk decision to undo" in run(db_path, "--undo").output
    db = open_database(db_path)
    assert [layers.layer(db, a, MACHINE) for a in corpus] == machine
    db.close()


def test_bad_requests_are_one_line(db_path, corpus):
    assert "--accept needs --label" in run(db_path, "--accept", "Lam Giang").output
    bad = run(db_path, "--accept", "Lam Giang", "--label", "PLACE")
    assert bad.exit_code == 1 and bad.output.strip() == "Error: unknown label 'PLACE' (known: OFFICIAL, LOCALITY, FIGURE)"
    both = run(db_path, "--accept", "a", "--reject", "b", "--label", "LOCALITY")
    assert both.exit_code == 2 and "not both" in both.output


def test_a_form_with_several_canonicals_needs_one_named(db_path, corpus):
    from annotate.models import Span
    from tests.conftest import find
    text = "Thành phố Lam Giang (Trung Quốc) khác tỉnh Lam Giang."
    spans = [Span(*find(text, "Lam Giang"), "LOCALITY", {"canonical": "Lam Giang (CN)"}, "model"),
             Span(*find(text, "Lam Giang", 1), "LOCALITY", {"canonical": "Lam Giang"}, "model")]
    add_article(db_path, text, spans, source="x.txt")
    result = run(db_path, "--accept", "Lam Giang", "--label", "LOCALITY")
    assert result.exit_code == 1 and "has 2 canonicals: Lam Giang, Lam Giang (CN); name one with --canonical" in result.output
    named = run(db_path, "--accept", "Lam Giang", "--label", "LOCALITY", "--canonical", "Lam Giang (CN)")
    assert "accepted 1 mentions" in named.output
