"""Files other tools wrote (tests/data/interchange) import as what they mean, detected from their content."""
from __future__ import annotations

import json
import shutil

import pytest

from annotate.io.export import export_string
from annotate.io.formats import detect
from annotate.io.formats.base import LineError
from annotate.io.importer import import_file
from annotate.store import articles as article_store
from annotate.store.database import open_database
from tests.io.interchange_helpers import INTERCHANGE


def exported(db_path, annotator):
    return [json.loads(line) for line in export_string(open_database(db_path), view="reviewed", annotator=annotator).splitlines()]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("doccano_1.8_admin.jsonl", "doccano"), ("labelstudio_export.json", "labelstudio"), ("prodigy_ner_manual.jsonl", "prodigy"), ("brat", "brat"), ("nfd.jsonl", "jsonl")],
)
def test_detected_from_content(name, fmt, tmp_path):
    copy = tmp_path / "renamed.data"
    source = INTERCHANGE / name
    shutil.copytree(source, copy) if source.is_dir() else shutil.copy(source, copy)
    assert detect(copy).name == fmt


def test_doccano_export_lands_with_its_spans(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "doccano_1.8_admin.jsonl", "admin")
    assert (report.imported, report.failed, report.format) == (3, [], "doccano")
    docs = exported(db_path, "admin")
    assert [[(s["text"], s["label"]) for s in d["spans"]] for d in docs] == [
        [("Hà Giang", "LOCALITY"), ("Nguyễn Văn Sơn", "OFFICIAL"), ("Vân Nam", "LOCALITY"), ("Dương Dực", "OFFICIAL")],
        [("2,3 tỷ USD", "FIGURE"), ("15%", "FIGURE")],
        [],
    ]


def test_doccano_export_read_as_our_jsonl_is_an_error_naming_the_keys(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "doccano_1.8_admin.jsonl", "admin", fmt="jsonl")
    assert report.imported == 0 and len(report.failed) == 3
    assert "line 1: no 'spans' list (saw keys: Comments, id, label, source_file, text); it looks like doccano" in str(report.failed[0])


def test_labelstudio_annotations_by_completed_by_utf16_offsets_converted(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "labelstudio_export.json", None)
    assert report.failed == [] and report.imported == 2
    skipped = [str(s) for s in report.skipped]
    assert any("task 1 annotation 3: cancelled" in s for s in skipped) and any("task 2: no annotations" in s for s in skipped)
    assert any("results that are not text labels" in str(w) for w in report.warnings)
    first = exported(db_path, "ls-1")[0]
    assert [(s["text"], s["label"]) for s in first["spans"]] == [("Lào Cai", "LOCALITY"), ("Vân Nam", "LOCALITY"), ("7,5 tỷ USD", "FIGURE"), ("Trần Quốc Bảo", "OFFICIAL")]
    assert [s["text"] for s in exported(db_path, "ls-2")[0]["spans"]] == ["Lào Cai"]


def test_labelstudio_with_one_annotator_named_refuses_two_peoples_work(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "labelstudio_export.json", "lan")
    assert report.imported == 1 and len(report.failed) == 1
    assert "task 1 annotation 2" in str(report.failed[0]) and "second annotation" in str(report.failed[0])


def test_labelstudio_export_offsets_are_utf16(db_path, tmp_path):
    from annotate.io.formats.labelstudio import utf16_offsets

    import_file(open_database(db_path), INTERCHANGE / "labelstudio_export.json", None)
    exported_ls = json.loads(export_string(open_database(db_path), view="reviewed", annotator="ls-1", fmt="labelstudio"))
    text = exported_ls[0]["data"]["text"]
    result = exported_ls[0]["annotations"][0]["result"][-1]["value"]
    assert result["text"] == "Trần Quốc Bảo"
    units = text.encode("utf-16-le")
    assert units[2 * result["start"] : 2 * result["end"]].decode("utf-16-le") == "Trần Quốc Bảo"
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]


def test_prodigy_reject_and_ignore_are_not_work(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "prodigy_ner_manual.jsonl", "lan")
    assert (report.imported, report.failed) == (1, [])
    assert [str(s).split(": ", 1)[1] for s in report.skipped] == ["line 2: answer 'reject'", "line 3: answer 'ignore'"]
    docs = exported(db_path, "lan")
    assert [(s["text"], s["label"]) for s in docs[0]["spans"]] == [("Hà Giang", "LOCALITY"), ("Nguyễn Văn Sơn", "OFFICIAL")]


def test_brat_entities_attributes_and_notes_offsets_checked(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "brat", "lan")
    assert (report.imported, report.failed) == (1, [])
    assert any("R lines" in str(w) for w in report.warnings)
    spans = exported(db_path, "lan")[0]["spans"]
    assert [(s["text"], s["label"]) for s in spans] == [("Quảng Ninh", "LOCALITY"), ("Vũ Đại Thắng", "OFFICIAL"), ("Quảng Tây", "LOCALITY"), ("Trần Cương", "OFFICIAL"), ("3 văn kiện", "FIGURE")]
    assert spans[0]["attrs"] == {"country": "VN"}
    assert spans[1]["attrs"] == {"note": "Bí thư Tỉnh ủy Quảng Ninh", "side": "VN"}
    assert spans[4]["attrs"] == {"value": 3, "unit": "văn kiện"}


def test_nfd_vietnamese_is_normalised_and_offsets_move(db_path):
    report = import_file(open_database(db_path), INTERCHANGE / "nfd.jsonl", "lan")
    assert (report.imported, report.failed) == (1, [])
    assert any("normalised" in str(w) for w in report.warnings)
    doc = exported(db_path, "lan")[0]
    import unicodedata

    assert unicodedata.is_normalized("NFC", doc["text"])
    assert [(s["text"], s["label"]) for s in doc["spans"]] == [("Hà Giang", "LOCALITY"), ("Nguyễn Văn Sơn", "OFFICIAL"), ("Vân Nam", "LOCALITY")]
    assert all(doc["text"][s["start"] : s["end"]] == s["text"] for s in doc["spans"])


def test_an_offset_between_a_letter_and_its_mark_is_an_error(db_path, tmp_path):
    text = "Ha\u0300 Nội"  # NFD "Hà Nội": the span ends after "Ha", before the grave accent
    path = tmp_path / "cut.jsonl"
    path.write_text(json.dumps({"text": text, "spans": [{"start": 0, "end": 2, "label": "LOCALITY"}]}) + "\n", encoding="utf-8")
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 0 and "inside a character that NFC composes" in str(report.failed[0])


def test_unknown_shapes_name_the_line_and_the_keys(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"sentence": "x", "entities_list": []}\n', encoding="utf-8")
    with pytest.raises(LineError, match=r"line 1: not a known format \(saw keys: entities_list, sentence\)"):
        detect(path)
    plain = tmp_path / "odd.txt"
    plain.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(LineError, match="not a known format"):
        detect(plain)


def test_conll_from_another_tool_becomes_a_new_article(db_path, tmp_path):
    path = tmp_path / "other.conll"
    path.write_text("Ông O\nLò B-OFFICIAL\nVăn I-OFFICIAL\nThử I-OFFICIAL\nthăm O\nVân B-LOCALITY\nNam I-LOCALITY\n. O\n\nXong O\n", encoding="utf-8")
    report = import_file(open_database(db_path), path, "lan")
    assert (report.imported, report.created_articles, report.failed) == (1, 1, [])
    doc = exported(db_path, "lan")[0]
    assert doc["text"] == "Ông Lò Văn Thử thăm Vân Nam .\nXong"
    assert [(s["text"], s["label"]) for s in doc["spans"]] == [("Lò Văn Thử", "OFFICIAL"), ("Vân Nam", "LOCALITY")]
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART- -X- -X- O\n\nA O\nB 12\n-DOCSTART- -X- -X- O\n\nVân B-LOCALITY\n", encoding="utf-8")
    report = import_file(open_database(db_path), bad, "minh")
    assert report.imported == 1 and "line 4: tag '12'" in str(report.failed[0])
    assert article_store.find_by_hash(open_database(db_path), article_store.content_hash("Vân")) is not None
