"""evaluate(): document pairing, region/furniture filtering, strict vs overlap, attributes, errors, report."""
from __future__ import annotations

import json

from annotate.io.evaluate import evaluate, format_report, report_to_dict

TEXT = "Menu\nBí thư Tỉnh ủy Lạng Sơn Hồ Minh Đức tiếp đoàn tỉnh Quảng Tây, kim ngạch đạt 3,5 tỷ USD.\nĐọc thêm: Hà Nội"


def span(text, label, attrs, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return {"start": start, "end": start + len(text), "label": label, "text": text, "attrs": attrs}


def gold_doc():
    article = [TEXT.index("Bí thư"), len(TEXT)]
    return {
        "text": TEXT,
        "meta": {"source": "a.txt", "article": article, "furniture_inside": [[TEXT.index("Đọc thêm"), len(TEXT)]]},
        "spans": [
            span("Lạng Sơn", "LOCALITY", {"country": "VN", "canonical": "Lạng Sơn", "level": "province"}),
            span("Hồ Minh Đức", "OFFICIAL", {"title": "Bí thư Tỉnh ủy Lạng Sơn", "side": "VN"}),
            span("Quảng Tây", "LOCALITY", {"country": "CN", "canonical": "Quảng Tây", "level": "province"}),
            span("3,5 tỷ USD", "FIGURE", {"value": 3500000000, "unit": "USD"}),
        ],
    }


def test_perfect_prediction_scores_one():
    gold = gold_doc()
    report = evaluate([gold], [json.loads(json.dumps(gold))])
    assert report.strict["micro"].f1 == 1.0 and report.overlap["micro"].f1 == 1.0
    assert report.attribute_accuracy == 1.0 and report.errors == []


def test_boundary_error_counts_in_strict_not_overlap_and_attributes_compare():
    gold = gold_doc()
    pred = json.loads(json.dumps(gold))
    pred["spans"][2] = span("tỉnh Quảng Tây", "LOCALITY", {"country": "CN", "canonical": "Quảng Tây", "level": "province"})
    pred["spans"][1]["attrs"]["side"] = "CN"
    pred["meta"] = {"source": "a.txt"}
    report = evaluate([gold], [pred])
    assert report.strict["LOCALITY"].tp == 1 and report.strict["LOCALITY"].fp == 1
    assert report.overlap["LOCALITY"].tp == 2
    assert report.attributes["side"] == (0, 1)
    kinds = sorted(e.kind for e in report.errors)
    assert kinds == ["attribute", "wrong_boundary"]
    assert any("side" in e.detail for e in report.errors)


def test_spans_outside_region_or_in_furniture_are_ignored_on_both_sides():
    gold = gold_doc()
    pred = json.loads(json.dumps(gold))
    pred["spans"].append({"start": 0, "end": 4, "label": "LOCALITY", "text": "Menu", "attrs": {}})
    pred["spans"].append(span("Hà Nội", "LOCALITY", {"country": "VN", "canonical": "Hà Nội", "level": "province"}))
    report = evaluate([gold], [pred])
    assert report.strict["micro"].fp == 0


def test_documents_pair_by_source_then_text_and_missing_ones_count_as_misses():
    gold = gold_doc()
    pred = json.loads(json.dumps(gold))
    pred["meta"] = {}
    assert evaluate([gold], [pred]).strict["micro"].f1 == 1.0
    report = evaluate([gold], [])
    assert report.strict["micro"].fn == 4 and report.unmatched_gold == ["a.txt"]


def test_now_is_reported_but_not_in_the_overall_accuracy():
    gold = gold_doc()
    pred = json.loads(json.dumps(gold))
    pred["spans"][0]["attrs"]["now"] = "Lạng Sơn mới"
    report = evaluate([gold], [pred])
    assert report.attributes["now"] == (0, 1)
    assert report.attribute_accuracy == 1.0


def test_format_and_dict():
    gold = gold_doc()
    pred = json.loads(json.dumps(gold))
    del pred["spans"][3]
    report = evaluate([gold], [pred])
    text = format_report(report)
    assert "FIGURE" in text and "micro" in text and "missing" in text
    data = report_to_dict(report)
    assert data["strict"]["FIGURE"]["fn"] == 1
    json.dumps(data, ensure_ascii=False)


def test_evaluate_command_reads_jsonl_lines_holding_unicode_line_separators(tmp_path):
    """JSON strings may hold U+2028 / U+0085 raw (our export does): only \\n ends a JSONL line."""
    import json

    from click.testing import CliRunner

    from annotate.cli import main

    text = "Tỉnh Lạng Sơn\u2028hợp tác\u0085với Quảng Tây."
    doc = {"text": text, "meta": {"source": "a.txt", "title": "Lạng Sơn\u2028Quảng Tây"},
           "spans": [{"start": 5, "end": 13, "label": "LOCALITY", "attrs": {}}]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--predicted", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["strict"]["micro"]["f1"] == 1.0
