"""No silent loss: a span a token format cannot hold is reported with article and offsets, or moved as asked."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotate.cli import main
from annotate.io.export import export_string, export
from annotate.io.formats.base import Destination
from annotate.models import Span
from annotate.services.review import ReviewService
from annotate.store.database import open_database
from tests.conftest import add_article, find

TEXT = "Tỉnh Lào Cai hợp tác với Vân Nam. Ông Lò Văn Thử phát biểu.\nMục: Tin khác Hà Nội"


def _db(db_path, spans, region_end=None, furniture=()):
    article = add_article(db_path, TEXT, spans)
    service = ReviewService(db_path, "lan")
    if region_end is not None:
        service.set_region(article, 0, region_end)
    service.open_article(article)
    service.accept_all(article)
    service.mark_done(article)
    return service.db, article


def conll_tags(text):
    return [(line.split(" ")[0], line.split(" ")[-1]) for line in text.splitlines() if line and not line.startswith("-DOCSTART-")]


def test_a_span_cut_mid_syllable_is_skipped_strictly_widened_or_narrowed(db_path):
    start, end = find(TEXT, "Lào Cai")
    db, article = _db(db_path, [Span(start, end - 1, "LOCALITY"), Span(*find(TEXT, "Vân Nam"), "LOCALITY")])
    strict = export(db, Destination(stream=__import__("io").StringIO()), view="reviewed", annotator="lan", fmt="conll")
    assert strict.summary() == "wrote 1 articles, 1 spans (1 skipped)"
    assert str(strict.skipped[0]).startswith(f"article {article} (short.txt) {start}-{end - 1} LOCALITY: not on token boundaries")
    widened = conll_tags(export_string(db, view="reviewed", annotator="lan", fmt="conll", align="expand"))
    assert ("Lào", "B-LOCALITY") in widened and ("Cai", "I-LOCALITY") in widened
    narrowed = conll_tags(export_string(db, view="reviewed", annotator="lan", fmt="conll", align="contract"))
    assert ("Lào", "B-LOCALITY") in narrowed and ("Cai", "O") in narrowed


def test_spans_outside_the_region_or_across_a_sentence_break(db_path):
    across = Span(find(TEXT, "Nam")[0], find(TEXT, "Ông")[1], "LOCALITY")
    outside = Span(*find(TEXT, "Hà Nội"), "LOCALITY")
    db, _ = _db(db_path, [across, Span(*find(TEXT, "Lò Văn Thử"), "OFFICIAL"), outside], region_end=find(TEXT, "Mục")[0])
    report = export(db, Destination(stream=__import__("io").StringIO()), view="reviewed", annotator="lan", fmt="conll")
    reasons = sorted(s.reason.split(" (")[0] for s in report.skipped)
    assert reasons == ["crosses a sentence break after 'Nam'", "outside the article region"]
    joined = export_string(db, view="reviewed", annotator="lan", fmt="conll", align="expand")
    block = [b for b in joined.split("\n\n") if "Ông" in b][0]
    assert "Vân" in block and "B-LOCALITY" in block  # the two sentences became one block
    assert "Hà" not in joined  # outside the region: never written
    # formats that keep the whole page keep it
    assert len(json.loads(export_string(db, view="reviewed", annotator="lan", fmt="jsonl"))["spans"]) == 3


def test_undecided_suggestions_are_counted_or_carried_never_silent(db_path):
    article = add_article(db_path, TEXT, [Span(*find(TEXT, "Lào Cai"), "LOCALITY"), Span(*find(TEXT, "Vân Nam"), "LOCALITY")])
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.accept(spans[0].id)
    service.mark_done(article)
    report = export(service.db, Destination(stream=__import__("io").StringIO()), view="reviewed", annotator="lan", fmt="conll")
    assert report.spans == 1 and any("1 undecided suggestions left out" in n for n in report.notes)
    carried = json.loads(export_string(service.db, view="reviewed", annotator="lan", status="all"))
    assert [(s["text"], s["status"]) for s in carried["spans"]] == [("Lào Cai", "accepted"), ("Vân Nam", "suggested")]
    with pytest.raises(ValueError, match="cannot hold a span's status"):
        export_string(service.db, view="reviewed", annotator="lan", fmt="conll", status="all")


def test_carried_statuses_come_back_as_work_in_progress(db_path, tmp_path):
    article = add_article(db_path, TEXT, [Span(*find(TEXT, "Lào Cai"), "LOCALITY"), Span(*find(TEXT, "Vân Nam"), "LOCALITY")])
    service = ReviewService(db_path, "lan")
    service.accept(service.open_article(article).spans[0].id)
    service.mark_done(article)
    path = tmp_path / "all.jsonl"
    path.write_text(export_string(service.db, view="reviewed", annotator="lan", status="all"), encoding="utf-8")
    from annotate.io.importer import import_file

    other = open_database(tmp_path / "other.db")
    assert import_file(other, path, "lan").imported == 1
    back = json.loads(export_string(other, view="reviewed", annotator="lan", status="all", include_unfinished=True))
    assert [s["status"] for s in back["spans"]] == ["accepted", "suggested"]
    assert export_string(other, view="reviewed", annotator="lan") == ""  # not done: a suggestion is still open


def test_cli_prints_every_skip_and_the_summary_and_exits_1(db_path, monkeypatch):
    start, end = find(TEXT, "Lào Cai")
    _db(db_path, [Span(start, end - 1, "LOCALITY"), Span(*find(TEXT, "Vân Nam"), "LOCALITY")])
    result = CliRunner().invoke(main, ["export", "--db", str(db_path), "--view", "reviewed", "--annotator", "lan", "--format", "conll"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "wrote 1 articles, 1 spans (1 skipped)"
    assert lines[0].startswith("skipped: article 1 (short.txt) 5-11 LOCALITY: not on token boundaries")
    ok = CliRunner().invoke(main, ["export", "--db", str(db_path), "--view", "reviewed", "--annotator", "lan", "--format", "conll", "--align", "expand"])
    assert ok.exit_code == 0 and ok.stderr.splitlines()[-1] == "wrote 1 articles, 2 spans (0 skipped)"
    assert "moved: article 1 (short.txt) 5-11 LOCALITY: widened to token boundaries (5-12)" in ok.stderr


def test_a_missing_extra_is_one_line(db_path, monkeypatch, tmp_path):
    import sys

    _db(db_path, [Span(*find(TEXT, "Vân Nam"), "LOCALITY")])
    monkeypatch.setitem(sys.modules, "spacy", None)
    result = CliRunner().invoke(main, ["export", "--db", str(db_path), "--format", "spacy", "-o", str(tmp_path / "x.spacy")])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --format spacy needs spacy: install vn-entity-workbench[spacy]"
