"""The learned lexicon on invented names: confidence from judgements, suppression, sides, places, candidates."""
from __future__ import annotations

import pytest

from annotate.models import Span
from annotate.preannotate.learned_lexicon import PRIOR, SMOOTHING, LearnedLexicon, context_of
from annotate.preannotate.pipeline import Preannotator

TEXT = "Hôm qua ông Lò Văn Thử gặp đoàn Xạ Vằn Na. Hai bên mở thêm 2 tuyến. Sau đó mở thêm 2 tuyến nữa."


def at(needle: str, label: str, attrs=None, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return Span(start, start + len(needle), label, dict(attrs or {}), "rule")


def test_context_is_the_word_before_on_the_line():
    assert context_of(TEXT, TEXT.index("2 tuyến")) == "thêm"
    assert context_of("Lạng Sơn mở", 0) == ""
    assert context_of("đi\nLạng Sơn", 3) == ""


def test_confidence_backs_off_from_form_to_context_by_hand():
    lexicon = LearnedLexicon()
    lexicon.judge("FIGURE", "2 tuyến", "thêm", kept=0, rejected=1)
    p_form = (0 + SMOOTHING * PRIOR) / (1 + SMOOTHING)
    assert lexicon.confidence("FIGURE", "2 tuyến", "thêm") == pytest.approx((0 + SMOOTHING * p_form) / (1 + SMOOTHING))
    assert lexicon.confidence("FIGURE", "2 tuyến", "khác") == pytest.approx(p_form)
    assert lexicon.confidence("FIGURE", "3 tuyến", "thêm") == PRIOR


def test_one_rejection_in_context_suppresses_there_only_and_kept_forms_stay():
    lexicon = LearnedLexicon()
    lexicon.judge("FIGURE", "2 tuyến", "thêm", kept=0, rejected=1)
    spans = [at("2 tuyến", "FIGURE"), at("2 tuyến", "FIGURE", nth=1), at("Lò Văn Thử", "OFFICIAL", {"title": "", "side": "VN"})]
    out = lexicon.apply(TEXT, spans)
    assert [TEXT[s.start:s.end] for s in out] == ["Lò Văn Thử"], "both '2 tuyến' follow 'thêm'"
    lexicon.judge("FIGURE", "2 tuyến", "thêm", kept=3, rejected=0)
    assert len(lexicon.apply(TEXT, [at("2 tuyến", "FIGURE")])) == 1, "kept more often than rejected: suggested again"


def test_official_side_is_learned_and_the_read_title_stays():
    lexicon = LearnedLexicon(officials={"Lò Văn Thử": {"title": "Chủ tịch UBND tỉnh", "side": "LA"}})
    titled = lexicon.apply(TEXT, [at("Lò Văn Thử", "OFFICIAL", {"title": "Bí thư", "side": "VN"})])[0]
    assert titled.attrs == {"title": "Bí thư", "side": "LA"}
    bare = lexicon.apply(TEXT, [at("Lò Văn Thử", "OFFICIAL", {"title": "", "side": "VN"})])[0]
    assert bare.attrs == {"title": "Chủ tịch UBND tỉnh", "side": "LA"}


def test_learned_place_corrects_attributes_and_joins_the_index():
    attrs = {"country": "LA", "canonical": "Savannakhet", "level": "province"}
    lexicon = LearnedLexicon(places={"Xạ Vằn Na": attrs})
    fixed = lexicon.apply(TEXT, [at("Xạ Vằn Na", "LOCALITY", {"country": "CN", "canonical": "Xạ Vằn Na", "level": "city"})])[0]
    assert fixed.attrs == attrs
    entries = lexicon.place_entries()
    assert [(e.name, e.canonical, e.source) for e in entries] == [("Xạ Vằn Na", "Savannakhet", "learned")]
    assert lexicon.place_entries(known=["Xạ Vằn Na"]) == []


def test_the_real_pipeline_proposes_learned_names_where_the_rules_found_nothing():
    text = "Sáng nay, ông Lò Văn Thử dự lễ khai trương ở Xạ Vằn Na cùng nhiều khách mời."
    plain = Preannotator().annotate(text)
    assert not any(text[s.start:s.end] in ("Lò Văn Thử", "Xạ Vằn Na") for s in plain)
    lexicon = LearnedLexicon(
        places={"Xạ Vằn Na": {"country": "LA", "canonical": "Savannakhet", "level": "province"}},
        officials={"Lò Văn Thử": {"title": "Chủ tịch UBND tỉnh", "side": "LA"}},
    )
    lexicon.judge("LOCALITY", "Xạ Vằn Na", "tại", kept=1, rejected=0)
    learned = Preannotator.with_extra_places(learned=lexicon).annotate(text)
    found = {text[s.start:s.end]: (s.label, s.attrs) for s in learned}
    assert found["Lò Văn Thử"] == ("OFFICIAL", {"title": "Chủ tịch UBND tỉnh", "side": "LA"})
    assert found["Xạ Vằn Na"][0] == "LOCALITY" and found["Xạ Vằn Na"][1]["canonical"] == "Savannakhet"
