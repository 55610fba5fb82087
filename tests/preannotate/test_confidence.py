"""Confidence: evidence signatures, counts with back-off smoothing, out-of-fold estimates, the shipped table."""
from __future__ import annotations

import json

import pytest

from annotate.models import Source, Span
from annotate.preannotate.confidence import (
    CEILING, FLOOR, ConfidenceTable, Example, evidence, fit, fold_of, label_suggestions, load_confidence, out_of_fold,
)


def span(label="LOCALITY", attrs=None, *sources):
    return Span(0, 5, label, attrs or {}, "rule", tuple(sources))


def test_evidence_reads_rule_detail_and_model_opinion():
    place = span("LOCALITY", {"level": "city"}, Source("rule", "place-bare-name"), Source("gazetteer", "cn", "cn-1"),
                 Source("model", "B-LOC"))
    assert evidence(place) == ("LOCALITY", "place-bare-name", "city-linked", "model-agrees")
    person = span("OFFICIAL", {"side": "CN"}, Source("rule", "title-after-name"), Source("model", "B-LOC"))
    assert evidence(person) == ("OFFICIAL", "title-after-name", "side-CN", "model-other")
    inside = span("OFFICIAL", {"side": "VN"}, Source("rule", "title-before-name"), Source("model", "I-PER"))
    assert evidence(inside)[-1] == "model-inside"


@pytest.mark.parametrize("attrs, kind", [
    ({"value": 5, "unit": "USD"}, "money"),
    ({"value": 12.5, "unit": "%"}, "percent"),
    ({"value": 3, "unit": "rank"}, "rank"),
    ({"value": 20, "unit": "năm"}, "time-length"),
    ({"value": 2, "unit": "thập kỷ"}, "time-length"),
    ({"value": 2, "unit": "khu triển lãm"}, "pair"),
    ({"value": 4300, "unit": "dự án"}, "counted-noun"),
])
def test_figure_detail_is_the_kind_of_unit(attrs, kind):
    assert evidence(span("FIGURE", attrs, Source("rule", "figure-digits")))[2] == kind


def test_fit_counts_every_prefix():
    table = fit([(("A", "r"), True), (("A", "r"), False), (("A", "s"), True), (("B", "r"), True)])
    assert table.counts[()] == (4, 3)
    assert table.counts[("A",)] == (3, 2)
    assert table.counts[("A", "r")] == (2, 1)
    assert table.counts[("B", "r")] == (1, 1)


def test_estimates_back_off_from_the_root_by_hand():
    table = ConfidenceTable({(): (10, 8), ("A",): (4, 2), ("A", "r"): (2, 2)}, smoothing=2)
    root = (8 + 1) / (10 + 2)
    label = (2 + 2 * root) / (4 + 2)
    assert table.estimate_signature(("A",)) == round(label, 3)
    assert table.estimate_signature(("A", "r")) == round((2 + 2 * label) / (2 + 2), 3)
    assert table.estimate_signature(("A", "unseen")) == round(label, 3)  # an unseen rule takes its label's rate


def test_estimates_never_claim_certainty():
    sure = ConfidenceTable({(): (10**6, 10**6), ("A",): (10**6, 10**6)})
    hopeless = ConfidenceTable({(): (10**6, 0), ("A",): (10**6, 0)})
    assert sure.estimate_signature(("A",)) == CEILING
    assert hopeless.estimate_signature(("A",)) == FLOOR


def test_the_data_file_round_trips(tmp_path):
    table = fit([(("FIGURE", "figure-digits", "pair", "model-silent"), False), (("LOCALITY", "place-bare-name"), True)], 4)
    table.header = "fitted on a test\nsecond line"
    path = tmp_path / "confidence.yaml"
    path.write_text(table.to_yaml(), encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# fitted on a test\n# second line\nsmoothing: 4\n")
    again = load_confidence(path)
    assert again.counts == table.counts and again.smoothing == 4


def test_out_of_fold_estimates_never_see_their_own_article():
    # one article alone holds the only wrong "rare" suggestions; out of fold it cannot know them
    examples = [Example("lonely", ("A", "rare"), False) for _ in range(20)]
    examples += [Example(f"other-{i}", ("A", "common"), True) for i in range(40)]
    estimates = out_of_fold(examples, folds=5)
    lonely_fold = fold_of("lonely", 5)
    others = [e for e in examples if fold_of(e.article, 5) != lonely_fold]
    expected = fit((e.signature, e.correct) for e in others).estimate_signature(("A", "rare"))
    assert estimates[0] == expected > 0.5
    assert fit((e.signature, e.correct) for e in examples).estimate_signature(("A", "rare")) < 0.5  # in-sample it would


def test_label_suggestions_scores_only_inside_the_gold_region_strictly():
    text = "Ảnh minh họa. Tỉnh Lào Cai đón đoàn Vân Nam tại Côn Minh."
    region, furniture = (14, len(text)), [(text.index("tại"), len(text))]
    gold = {"text": text, "meta": {"article": list(region), "furniture_inside": [list(furniture[0])]},
            "spans": [{"start": text.index("Lào Cai"), "end": text.index("Lào Cai") + 7, "label": "LOCALITY"}]}
    lao_cai = text.index("Lào Cai")
    predicted = [
        Span(0, 4, "LOCALITY"),  # outside the region: not scored
        Span(lao_cai, lao_cai + 7, "LOCALITY", {"level": "province"}, "rule", (Source("rule", "place-after-unit-word"),)),
        Span(text.index("Vân Nam"), text.index("Vân Nam") + 3, "LOCALITY"),  # cut short: wrong
        Span(text.index("Côn Minh"), text.index("Côn Minh") + 8, "LOCALITY"),  # furniture: not scored
    ]
    examples = label_suggestions("doc", gold, predicted)
    assert [e.correct for e in examples] == [True, False]
    assert examples[0].signature[:2] == ("LOCALITY", "place-after-unit-word")


def test_the_shipped_table_is_consistent_counts():
    """Children never hold more than their parent, and every label's line sums to the root."""
    table = load_confidence()
    root_n, root_c = table.counts[()]
    labels = [sig for sig in table.counts if len(sig) == 1]
    assert {sig[0] for sig in labels} == {"OFFICIAL", "LOCALITY", "FIGURE"}
    assert sum(table.counts[s][0] for s in labels) == root_n and sum(table.counts[s][1] for s in labels) == root_c
    for sig, (n, c) in table.counts.items():
        assert 0 <= c <= n
        if sig:
            children = [k for k in table.counts if len(k) == len(sig) + 1 and k[: len(sig)] == sig]
            if children:
                assert sum(table.counts[k][0] for k in children) == n, sig


def test_first_suggestions_are_read_with_their_signature_and_a_bad_line_is_named(tmp_path):
    from annotate.preannotate.confidence import read_first_suggestions

    good = {"source": "xa-khau-lenh.txt", "start": 4, "end": 12, "label": "LOCALITY",
            "attrs": {"country": "VN", "canonical": "Khau Lềnh", "level": "commune"},
            "provenance": [{"kind": "rule", "name": "place-after-unit-word"}, {"kind": "model", "name": "B-LOC"}], "correct": False}
    path = tmp_path / "first.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    (example,) = read_first_suggestions(path, "invented")
    assert example.article == "invented/xa-khau-lenh.txt" and not example.correct
    assert example.signature == ("LOCALITY", "place-after-unit-word", "commune-unlinked", "model-agrees")
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps({**good, "provenance": [{"kind": "oracle", "name": "x"}]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"first\.jsonl:2: provenance kind 'oracle'"):
        read_first_suggestions(path, "invented")


def test_a_first_suggestion_record_reads_back_as_the_same_evidence(tmp_path):
    from annotate.preannotate.confidence import first_suggestion_record, read_first_suggestions

    span = Span(10, 23, "OFFICIAL", {"title": "Phó Chủ tịch", "side": "CN"}, "rule",
                (Source("rule", "title-before-name"), Source("model", "B-PER")), 0.97)
    path = tmp_path / "first.jsonl"
    path.write_text(first_suggestion_record("ha-tuyen-thi.txt", span, True) + "\n", encoding="utf-8")
    (example,) = read_first_suggestions(path, "invented")
    assert example.signature == evidence(span) and example.correct
