"""Exports round-trip through import byte for byte; bad lines fail alone."""
from __future__ import annotations

import json

import pytest

from annotate.io.export import export_string
from annotate.io.importer import import_file
from annotate.services.review import ReviewService
from annotate.store.database import open_database
from tests.conftest import SHORT_TEXT, add_article, find


def reviewed(db_path, annotator="lan"):
    service = ReviewService(db_path, annotator)
    article = add_article(db_path)
    spans = service.open_article(article).spans
    service.reject(spans[0].id)
    service.set_attrs(spans[1].id, {"title": "Bí thư Tỉnh ủy", "side": "VN"})
    service.accept_all(article)
    service.mark_done(article)
    return service.db


def test_predicted_view_has_every_suggestion(db_path, article):
    doc = json.loads(export_string(open_database(db_path), view="predicted"))
    assert doc["text"] == SHORT_TEXT
    assert [s["text"] for s in doc["spans"]] == ["Lạng Sơn", "Hoàng Văn Nghiệm", "Quảng Tây", "Vi Triều Huy", "Nam Ninh", "12,5 tỷ USD"]
    assert list(doc) == ["text", "spans", "meta"]
    assert doc["meta"]["source"] == "short.txt" and doc["meta"]["article"] == [0, len(SHORT_TEXT)]


def test_reviewed_view_keeps_accepted_and_edited_only(db_path):
    db = reviewed(db_path)
    doc = json.loads(export_string(db, view="reviewed", annotator="lan"))
    texts = [s["text"] for s in doc["spans"]]
    assert "Lạng Sơn" not in texts and len(texts) == 5
    assert doc["spans"][0]["attrs"] == {"title": "Bí thư Tỉnh ủy", "side": "VN"}
    assert export_string(db, view="reviewed", annotator="nobody") == ""


def test_reviewed_view_needs_an_annotator(db_path, article):
    with pytest.raises(ValueError, match="--annotator"):
        export_string(open_database(db_path), view="reviewed")


def test_export_import_export_is_byte_identical(db_path, tmp_path):
    db = reviewed(db_path)
    first = export_string(db, view="reviewed", annotator="lan")
    exported = tmp_path / "lan.jsonl"
    exported.write_text(first, encoding="utf-8")

    other = open_database(tmp_path / "other.db")
    report = import_file(other, exported, "lan")
    assert (report.imported, report.failed) == (1, [])
    assert export_string(other, view="reviewed", annotator="lan") == first

    again = import_file(other, exported, "lan")  # idempotent
    assert (again.imported, again.unchanged) == (0, 1)
    assert export_string(other, view="reviewed", annotator="lan") == first

    same_db = import_file(db, exported, "minh")  # same database, another annotator
    assert same_db.created_articles == 0
    assert export_string(db, view="reviewed", annotator="minh") == first


def test_import_reports_bad_lines_and_keeps_good_ones(db_path, tmp_path):
    good = {"text": SHORT_TEXT, "spans": [{"start": 0, "end": 4, "label": "FIGURE", "attrs": {}}]}
    start, end = find(SHORT_TEXT, "Lạng Sơn")
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "abc", "spans": [{"start": 1, "end": 9, "label": "FIGURE"}]}),
        json.dumps({"text": "abcdef", "spans": [{"start": 0, "end": 3, "label": "FIGURE"}, {"start": 2, "end": 5, "label": "FIGURE"}]}),
        json.dumps({"text": "abcdef", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}),
        json.dumps({"text": SHORT_TEXT, "spans": [{"start": start, "end": end, "label": "LOCALITY", "text": "Hà Nội"}]}, ensure_ascii=False),
        json.dumps({"spans": []}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 1
    causes = [str(f) for f in report.failed]
    assert len(causes) == 6
    assert all(c.startswith(f"{path}: line ") for c in causes)
    for expected in ("invalid JSON", "out of range", "overlap", "unknown label", "does not match", "non-empty 'text'"):
        assert any(expected in c for c in causes), expected


def test_import_missing_file(db_path, tmp_path):
    report = import_file(open_database(db_path), tmp_path / "none.jsonl", "lan")
    assert "no such file" in str(report.failed[0])


def test_conll_and_csv(db_path):
    db = reviewed(db_path)
    conll = export_string(db, view="reviewed", annotator="lan", fmt="conll")
    rows = [(line.split(" ")[0], line.split(" ")[-1]) for line in conll.splitlines() if line and not line.startswith("-DOCSTART-")]
    tags = dict((word, tag) for word, tag in rows)
    assert tags["Hoàng"] == "B-OFFICIAL" and tags["Nghiệm"] == "I-OFFICIAL"
    assert tags["Lạng"] == "O"  # rejected
    assert ("12,5", "B-FIGURE") in [tuple(r) for r in rows] and ("USD", "I-FIGURE") in [tuple(r) for r in rows]
    csv_text = export_string(db, view="reviewed", annotator="lan", fmt="csv")
    assert csv_text.splitlines()[0].startswith("article_id,source,start,end,label,text")
    assert len(csv_text.splitlines()) == 1 + 5


@pytest.mark.parametrize(
    ("meta", "problem"),
    [({"article": [20, 5]}, "meta.article"), ({"article": 5}, "meta.article"), ({"article": [0, 99999]}, "meta.article"),
     ({"furniture_inside": [[1]]}, "furniture_inside"), ("x", "'meta' must be an object")],
)
def test_import_rejects_bad_meta_on_its_line(db_path, tmp_path, meta, problem):
    good = {"text": SHORT_TEXT, "spans": []}
    path = tmp_path / "meta.jsonl"
    path.write_text(json.dumps({**good, "meta": meta}) + "\n" + json.dumps({"text": SHORT_TEXT + " 2", "spans": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 1
    assert len(report.failed) == 1 and str(report.failed[0]).startswith(f"{path}: line 1: ") and problem in str(report.failed[0])


def test_undoing_an_import_gives_back_the_suggestions(db_path, article, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": SHORT_TEXT, "spans": [{"start": 0, "end": 4, "label": "FIGURE", "attrs": {}}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_file(open_database(db_path), path, "lan")
    service = ReviewService(db_path, "lan")
    assert service.undo(article).reverted.action == "import"
    assert [s.status for s in service.open_article(article).spans] == ["suggested"] * 6


def test_span_ids_are_never_reused_so_undo_cannot_touch_another_layer(db_path, article, tmp_path):
    lan = ReviewService(db_path, "lan")
    lan.open_article(article)
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": SHORT_TEXT, "spans": [{"start": 0, "end": 4, "label": "FIGURE", "attrs": {}}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_file(lan.db, path, "lan")
    other = add_article(db_path, SHORT_TEXT + " Khác.", source="other.txt")
    minh = ReviewService(db_path, "minh")
    minh_before = [(s.id, s.start, s.label) for s in minh.open_article(other).spans]
    lan.undo(article)
    assert len(lan.view(article).spans) == 6
    assert [(s.id, s.start, s.label) for s in minh.view(other).spans] == minh_before


def test_undoing_a_boundary_move_does_not_overwrite_someone_elses(db_path, article):
    lan, minh = ReviewService(db_path, "lan"), ReviewService(db_path, "minh")
    lan.set_region(article, 5, 100)
    minh.set_region(article, 5, 60)
    from annotate.errors import SpanError

    with pytest.raises(SpanError, match="moved again"):
        lan.undo(article)
    assert lan.view(article).article.region == (5, 60)
