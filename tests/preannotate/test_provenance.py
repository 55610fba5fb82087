"""Provenance: every suggestion says which sources fired, and resolution keeps what agreeing candidates said.

Names of people are invented (they appear in no data file); places are real gazetteer entries.
"""
from __future__ import annotations

import pytest

from annotate.models import Source, Span
from annotate.preannotate import pipeline
from annotate.preannotate import resolve as prio
from annotate.preannotate.provenance import ModelTags, entry_for, figure_rule, official_shape
from annotate.preannotate.resolve import Candidate, resolve
from annotate.preannotate.tokens import Token

ARTICLE = (
    "Ngày 12/4/2024, Chủ tịch UBND tỉnh Cao Bằng Lục Văn Khởi tiếp ông Tiêu Gia Viễn, Phó Thị trưởng "
    "thành phố Bách Sắc. Ông Lục Văn Khởi cho biết kim ngạch đạt 3,2 tỷ USD, tăng 15%."
)


def cand(start, end, label, priority, rule="", entry=None):
    return Candidate(Span(start, end, label, {}, "rule"), priority, rule, entry)


@pytest.fixture(scope="module")
def preannotator() -> pipeline.Preannotator:
    if pipeline._DEFAULT is None:
        pipeline._DEFAULT = pipeline.Preannotator()
    return pipeline._DEFAULT


@pytest.fixture(scope="module")
def spans(preannotator):
    return {ARTICLE[s.start : s.end] + f"@{s.start}": s for s in preannotator.annotate(ARTICLE)}


def test_a_candidate_names_its_evidence_level_when_its_finder_gives_no_rule():
    assert cand(0, 3, "FIGURE", prio.FIGURE).sources() == (Source("rule", "figure"),)
    assert cand(0, 3, "LOCALITY", prio.LOCALITY_GAZETTEER).rule_name == "place-bare-name"
    assert cand(0, 3, "OFFICIAL", prio.OFFICIAL_TITLED, rule="title-after-name").rule_name == "title-after-name"


def test_resolution_keeps_the_sources_of_exact_duplicates_and_drops_those_of_losers(preannotator):
    entry = preannotator.index.lookup("Cao Bằng")[0]
    out = resolve([
        cand(0, 8, "LOCALITY", prio.LOCALITY_UNIT, "place-in-title", entry),
        cand(0, 8, "LOCALITY", prio.LOCALITY_UNIT, "place-after-unit-word", entry),
        cand(0, 8, "OFFICIAL", prio.OFFICIAL_NAME),  # same offsets, another label: it lost, it did not agree
        cand(4, 12, "LOCALITY", prio.LOCALITY_FUZZY, "place-fuzzy-link"),  # overlaps: dropped
    ])
    assert len(out) == 1
    assert out[0].provenance == (
        Source("rule", "place-in-title"), Source("gazetteer", entry.source, entry.id), Source("rule", "place-after-unit-word"),
    )


def test_official_shapes_are_read_from_the_title_and_the_text():
    text = "Bí thư Huyện ủy Mạc Thị Yến Khê tiếp Ninh Đức Khải, Phó Cục trưởng Cục Hải quan, và Phó Thị trưởng, bà Khổng Vĩnh Hoa."

    def shape(name: str, title: str) -> str:
        start = text.index(name)
        return official_shape(text, Span(start, start + len(name), "OFFICIAL", {"title": title}))

    assert shape("Mạc Thị Yến Khê", "Bí thư Huyện ủy") == "title-before-name"
    assert shape("Ninh Đức Khải", "Phó Cục trưởng Cục Hải quan") == "title-after-name"
    assert shape("Khổng Vĩnh Hoa", "Phó Thị trưởng") == "title-honorific-name"
    twin = "Bí thư Khổng Vĩnh Hoa (Kong Yonghua) phát biểu"
    start = twin.index("Kong")
    assert official_shape(twin, Span(start, start + len("Kong Yonghua"), "OFFICIAL", {"title": "Bí thư"})) == "romanised-form"


def test_figure_rules_say_how_the_number_was_written():
    assert figure_rule("đạt 3,2 tỷ USD", "USD", 4, 14) == "figure-digits"
    assert figure_rule("ký ba văn kiện", "văn kiện", 3, 14) == "figure-words"
    assert figure_rule("lớn thứ 5", "rank", 4, 9) == "figure-rank"
    assert figure_rule("chiếm 1/8", "fraction", 6, 9) == "figure-fraction"


def test_model_tags_name_the_first_entity_tag_over_a_span():
    tokens = [Token(0, 4, "Ông", "N", "B-NP", "O"), Token(4, 9, "Lục", "Np", "B-NP", "B-PER"),
              Token(10, 19, "Văn Khởi", "Np", "I-NP", "I-PER"), Token(20, 23, "tại", "E", "B-PP", "O")]
    tags = ModelTags(tokens)
    assert tags.sources(Span(4, 19, "OFFICIAL")) == (Source("model", "B-PER"),)
    assert tags.sources(Span(10, 19, "OFFICIAL")) == (Source("model", "I-PER"),)
    assert tags.sources(Span(20, 23, "LOCALITY")) == ()  # the model saw nothing there


def test_a_place_split_off_a_title_is_linked_back_to_its_entry(preannotator):
    index = preannotator.index
    entry = index.lookup("Bách Sắc")[0]
    attrs = {"country": entry.country, "canonical": entry.canonical or entry.name, "level": entry.level}
    assert entry_for(attrs, index) == entry
    assert entry_for({"country": "CN", "canonical": "Khau Vằn Nậm", "level": "city"}, index) is None


def test_every_suggestion_records_its_rule_and_a_confidence(spans):
    assert spans
    for span in spans.values():
        assert span.provenance and span.provenance[0].kind == "rule"
        assert 0 < span.confidence < 1


def test_places_carry_the_gazetteer_entry_they_link_to(spans, preannotator):
    bach_sac = next(s for key, s in spans.items() if key.startswith("Bách Sắc"))
    entries = [src.entry for src in bach_sac.provenance if src.kind == "gazetteer"]
    assert entries and preannotator.index.entry(entries[0]).canonical == "Bách Sắc"


def test_officials_and_figures_name_their_shape(spans):
    rules = {key.split("@")[0]: [s.name for s in span.provenance if s.kind == "rule"] for key, span in sorted(spans.items(), key=lambda kv: kv[1].start)}
    first_mention = next(s for key, s in spans.items() if key.startswith("Lục Văn Khởi") and s.start < 60)
    assert first_mention.provenance[0] == Source("rule", "title-before-name")
    assert rules["Tiêu Gia Viễn"][0] == "title-after-name"
    assert rules["3,2 tỷ USD"] == ["figure-digits"]
