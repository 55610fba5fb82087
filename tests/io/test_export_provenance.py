"""Provenance and confidence travel through JSONL export and import unchanged; CSV keeps them in two columns."""
from __future__ import annotations

import csv
import io
import json

import pytest

from annotate.io.export import export, export_string
from annotate.io.importer import import_file
from annotate.models import Source
from annotate.services.review import ReviewService
from annotate.store import layers
from annotate.store.database import open_database
from tests.conftest import SHORT_TEXT, add_article, find, short_spans

WHY = (Source("rule", "place-after-unit-word"), Source("gazetteer", "cn_places.yaml", "cn-450000"), Source("model", "B-LOC"))


def explained_article(db_path) -> int:
    spans = short_spans()
    for i, span in enumerate(spans):
        span.provenance = WHY if span.label == "LOCALITY" else (Source("rule", "figure-digits" if span.label == "FIGURE" else "title-before-name"),)
        span.confidence = round(0.4 + i / 10, 3)
    return add_article(db_path, spans=spans)


def reviewed_with_an_own_span(db_path) -> ReviewService:
    """lan accepts the suggestions and adds one span of her own (which has no provenance)."""
    article = explained_article(db_path)
    service = ReviewService(db_path, "lan")
    spans = service.open_article(article).spans
    service.reject(spans[-1].id)  # "12,5 tỷ USD"
    service.add_span(article, *find(SHORT_TEXT, "12,5"), "FIGURE")
    service.accept_all(article)
    service.mark_done(article)
    return service


def test_predicted_spans_carry_provenance_then_confidence_after_attrs(db_path):
    explained_article(db_path)
    doc = json.loads(export_string(open_database(db_path), view="predicted"))
    first = doc["spans"][0]
    assert list(first) == ["start", "end", "label", "text", "attrs", "provenance", "confidence"]
    assert first["provenance"] == [
        {"kind": "rule", "name": "place-after-unit-word"},
        {"kind": "gazetteer", "name": "cn_places.yaml", "entry": "cn-450000"},
        {"kind": "model", "name": "B-LOC"},
    ]
    assert first["confidence"] == 0.4


def test_a_persons_own_span_has_neither_key(db_path):
    service = reviewed_with_an_own_span(db_path)
    doc = json.loads(export_string(service.db, view="reviewed", annotator="lan"))
    own = next(s for s in doc["spans"] if s["text"] == "12,5")
    assert "provenance" not in own and "confidence" not in own
    assert all("provenance" in s for s in doc["spans"] if s["text"] != "12,5")


def test_export_import_export_is_byte_identical_with_provenance(db_path, tmp_path):
    service = reviewed_with_an_own_span(db_path)
    first = export_string(service.db, view="reviewed", annotator="lan")
    path = tmp_path / "lan.jsonl"
    path.write_text(first, encoding="utf-8")
    other = open_database(tmp_path / "other.db")
    assert import_file(other, path, "lan").imported == 1
    assert export_string(other, view="reviewed", annotator="lan") == first
    stored = layers.layer(other, 1, "lan")
    assert stored[0].provenance == WHY and stored[0].confidence == 0.4
    assert import_file(other, path, "lan").unchanged == 1


def test_reimporting_with_other_confidences_updates_the_layer(db_path, tmp_path):
    service = reviewed_with_an_own_span(db_path)
    doc = json.loads(export_string(service.db, view="reviewed", annotator="lan"))
    doc["spans"][0]["confidence"] = 0.75
    path = tmp_path / "changed.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_file(service.db, path, "lan").imported == 1
    assert layers.layer(service.db, 1, "lan")[0].confidence == 0.75


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("confidence", 1.5, "span 1: confidence 1.5 is not a number in [0, 1]"),
    ("confidence", True, "span 1: confidence True is not a number in [0, 1]"),
    ("provenance", {"kind": "rule"}, "span 1: provenance must be a list of records"),
    ("provenance", [{"kind": "oracle", "name": "x"}], "span 1: provenance kind 'oracle' is not one of model, gazetteer, rule"),
    ("provenance", [{"kind": "rule"}], "span 1: a provenance record needs a non-empty 'name' string"),
    ("provenance", [{"kind": "rule", "name": "x", "why": "y"}], "span 1: unknown provenance key(s) why"),
])
def test_a_bad_provenance_or_confidence_fails_its_line_alone(db_path, tmp_path, field, value, problem):
    start, end = find(SHORT_TEXT, "Lạng Sơn")
    bad = {"text": SHORT_TEXT, "spans": [{"start": start, "end": end, "label": "LOCALITY", field: value}]}
    good = {"text": SHORT_TEXT + " Hai.", "spans": []}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad, ensure_ascii=False) + "\n" + json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 1
    assert [str(f) for f in report.failed] == [f"{path}: line 1: {problem}"]


def test_csv_keeps_confidence_and_provenance_in_its_last_columns(db_path):
    explained_article(db_path)
    rows = list(csv.DictReader(io.StringIO(export_string(open_database(db_path), view="predicted", fmt="csv"))))
    assert float(rows[0]["confidence"]) == 0.4
    assert [Source.from_json(r) for r in json.loads(rows[0]["provenance"])] == list(WHY)


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "conll"])
def test_a_format_without_room_for_them_says_so(db_path, fmt):
    explained_article(db_path)
    report = export(open_database(db_path), io.StringIO(), view="predicted", fmt=fmt)
    assert f"{fmt} holds no provenance or confidence: those of 6 spans are not in the file (jsonl and csv keep them)" in report.notes


def test_jsonl_and_csv_need_no_such_note(db_path):
    explained_article(db_path)
    for fmt in ("jsonl", "csv"):
        assert not any("provenance" in note for note in export(open_database(db_path), io.StringIO(), view="predicted", fmt=fmt).notes)
