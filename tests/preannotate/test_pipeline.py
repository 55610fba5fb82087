"""The Preannotator end to end: region, furniture, attribute order, pickling, the underthesea split."""
from __future__ import annotations

import pickle

import pytest

from annotate.preannotate import pipeline
from annotate.preannotate.tokens import tag_text
from annotate.text.segments import article_segments

ARTICLE = (
    "Tin liên quan: Lạng Sơn đón đoàn Quảng Tây\n"
    "Đẩy mạnh hợp tác giữa tỉnh Cao Bằng và thành phố Bách Sắc\n"
    "Ngày 15/8/2024, Phó Chủ tịch UBND tỉnh Cao Bằng Lê Hải Hòa đã tiếp Phó Thị trưởng thành phố Bách Sắc "
    "Hoàng Quang Vinh. Ông Hoàng Quang Vinh cho biết năm 2023 kim ngạch giữa hai địa phương đạt 1,2 tỷ USD, "
    "tăng 15,3%.\nẢnh: Minh Khôi\nĐọc thêm: Quảng Ninh và Phòng Thành Cảng ký kết hợp tác"
)


def annotator() -> pipeline.Preannotator:
    if pipeline._DEFAULT is None:
        pipeline._DEFAULT = pipeline.Preannotator()
    return pipeline._DEFAULT


def region_and_furniture(text: str) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    start = text.index("Đẩy mạnh")
    furniture_start = text.index("Đọc thêm")
    return (start, len(text)), [(furniture_start, len(text))]


@pytest.fixture(scope="module")
def spans():
    region, furniture = region_and_furniture(ARTICLE)
    return annotator().annotate(ARTICLE, region, furniture)


def test_expected_spans_inside_the_article(spans):
    got = [(s.label, ARTICLE[s.start : s.end]) for s in spans]
    assert ("OFFICIAL", "Lê Hải Hòa") in got
    assert got.count(("OFFICIAL", "Hoàng Quang Vinh")) == 2
    assert ("LOCALITY", "Bách Sắc") in got and ("LOCALITY", "Cao Bằng") in got
    assert ("FIGURE", "1,2 tỷ USD") in got and ("FIGURE", "15,3%") in got
    assert not any(text in ("2023", "năm 2023") for _, text in got)


def test_furniture_and_text_outside_the_region_are_not_annotated(spans):
    region, furniture = region_and_furniture(ARTICLE)
    for s in spans:
        assert region[0] <= s.start and s.end <= region[1]
        assert not any(f0 <= s.start < f1 for f0, f1 in furniture)
    assert not any(ARTICLE[s.start : s.end] in ("Quảng Ninh", "Phòng Thành Cảng", "Lạng Sơn") for s in spans)


def test_spans_sorted_non_overlapping_with_attribute_order(spans):
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    order = {"OFFICIAL": ["title", "side"], "LOCALITY": ["country", "canonical", "level"], "FIGURE": ["value", "unit"]}
    for s in spans:
        assert list(s.attrs)[: len(order[s.label])] == order[s.label]
        if s.label == "LOCALITY":
            assert set(s.attrs) <= {"country", "canonical", "level", "now"}


def test_sides_and_titles(spans):
    by_name = {ARTICLE[s.start : s.end]: s.attrs for s in spans if s.label == "OFFICIAL"}
    assert by_name["Lê Hải Hòa"] == {"title": "Phó Chủ tịch UBND tỉnh Cao Bằng", "side": "VN"}
    assert by_name["Hoàng Quang Vinh"] == {"title": "Phó Thị trưởng thành phố Bách Sắc", "side": "CN"}


def test_photo_credit_is_not_an_official(spans):
    assert not any(ARTICLE[s.start : s.end] == "Minh Khôi" for s in spans)


def test_annotate_equals_tag_text_plus_annotate_tokens():
    region, furniture = region_and_furniture(ARTICLE)
    tokens = [t for s, e in article_segments(region, furniture) for t in tag_text(ARTICLE, s, e)]
    a = annotator().annotate(ARTICLE, region, furniture)
    b = annotator().annotate_tokens(ARTICLE, tokens, region, furniture)
    assert [(s.start, s.end, s.label, s.attrs) for s in a] == [(s.start, s.end, s.label, s.attrs) for s in b]


def test_preannotator_pickles_for_worker_processes():
    clone = pickle.loads(pickle.dumps(annotator()))
    text = "Thị trưởng thành phố Hàng Châu Diêu Cao Viên tiếp đoàn tỉnh Quảng Ninh."
    assert [(s.start, s.end, s.attrs) for s in clone.annotate_tokens(text, [])] == [
        (s.start, s.end, s.attrs) for s in annotator().annotate_tokens(text, [])
    ]


def test_module_level_convenience_function():
    text = "Chủ tịch UBND tỉnh Lạng Sơn Hồ Tiến Thiệu tiếp đoàn."
    spans = pipeline.preannotate_text(text)
    assert [text[s.start : s.end] for s in spans] == ["Lạng Sơn", "Hồ Tiến Thiệu"]


def test_empty_region_gives_no_spans():
    assert annotator().annotate_tokens(ARTICLE, [], (10, 10), ()) == []


def test_page_time_stamp_outside_the_region_dates_the_article():
    # the stamp line lies above the article region; the body only names a forward-looking year
    text = (
        "08:40 | 21/05/2024 GMT+7\n\nCao Bằng hợp tác với Bách Sắc\n\n"
        "Tỉnh hỗ trợ huyện Trùng Khánh chuẩn bị cho năm 2025 kỷ niệm quan hệ hữu nghị."
    )
    region = (text.index("Cao Bằng"), len(text))
    spans = annotator().annotate_tokens(text, [], region)
    got = {text[s.start : s.end]: s.attrs for s in spans if s.label == "LOCALITY"}
    assert got["Trùng Khánh"] == {"country": "VN", "canonical": "Trùng Khánh", "level": "district", "now": "Cao Bằng"}
