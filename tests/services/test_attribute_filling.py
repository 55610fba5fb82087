"""AttributeFiller: a reviewer's span gets the attributes the pre-annotator's own parsers read there."""
from __future__ import annotations

import pytest

from annotate.gazetteer.entries import PlaceEntry
from annotate.models import ArticleRecord
from annotate.services.attribute_filling import AttributeFiller, paragraph_segments


def article(text: str, region: tuple[int, int] | None = None, furniture=()) -> ArticleRecord:
    region = region or (0, len(text))
    return ArticleRecord(1, "k", "s.txt", text, "h", region[0], region[1], list(furniture))


def fill(filler: AttributeFiller, text: str, needle: str, label: str, nth: int = 0, **kwargs) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return filler.fill(article(text), start, start + len(needle), label, **kwargs)


@pytest.fixture(scope="module")
def filler() -> AttributeFiller:
    return AttributeFiller()


def test_figures_read_value_and_unit(filler):
    text = "Kim ngạch hai chiều đạt 48,24 tỷ USD, tăng 21,1%; có tám địa phương tham gia."
    assert fill(filler, text, "48,24 tỷ USD", "FIGURE") == {"value": 48240000000, "unit": "USD"}
    assert fill(filler, text, "tám địa phương", "FIGURE") == {"value": 8, "unit": "địa phương"}
    assert fill(filler, text, "21,1%", "FIGURE") == {"value": 21.1, "unit": "%"}
    assert fill(filler, text, "48,24 tỷ", "FIGURE") == {"value": 48240000000}  # no unit written inside the span


def test_places_come_from_the_gazetteer_as_written_or_folded(filler):
    text = "Năm 2023 đoàn của tỉnh Bình Dương đến Trung Khanh và thăm TP.HCM."
    assert fill(filler, text, "Bình Dương", "LOCALITY") == {
        "country": "VN", "canonical": "Bình Dương", "level": "province", "now": "Thành phố Hồ Chí Minh"}
    assert fill(filler, text, "Trung Khanh", "LOCALITY")["canonical"] == "Trùng Khánh"
    assert fill(filler, text, "TP.HCM", "LOCALITY")["canonical"] == "Thành phố Hồ Chí Minh"


def test_a_confirmed_place_is_known_by_its_written_name(filler):
    text = "Đoàn đến Pơ Lây Ku Mơ hôm qua."
    confirmed = [PlaceEntry(id="user-1", name="Pơ Lây Ku Mơ", canonical="Plâykumơ", country="LA", level="province",
                            aliases=("Pơ Lây Ku Mơ",), source="user")]
    assert fill(filler, text, "Pơ Lây Ku Mơ", "LOCALITY") == {}
    assert fill(filler, text, "Pơ Lây Ku Mơ", "LOCALITY", confirmed=confirmed) == {
        "country": "LA", "canonical": "Plâykumơ", "level": "province"}


def test_officials_take_the_title_written_before_or_after_the_name(filler):
    text = "Bí thư Huyện ủy Mường Xăm Lò Thị Pảng tiếp ông Vàng A Chứ, Phó Chủ tịch UBND tỉnh Điện Biên."
    assert fill(filler, text, "Lò Thị Pảng", "OFFICIAL") == {"title": "Bí thư Huyện ủy Mường Xăm", "side": "VN"}
    assert fill(filler, text, "Vàng A Chứ", "OFFICIAL") == {"title": "Phó Chủ tịch UBND tỉnh Điện Biên", "side": "VN"}


def test_a_later_mention_takes_the_nearest_earlier_title(filler):
    text = ("Thị trưởng thành phố Nam Ninh Triệu Vĩnh Khang phát biểu.\n"
            "Sau đó, Triệu Vĩnh Khang cảm ơn đoàn.")
    assert fill(filler, text, "Triệu Vĩnh Khang", "OFFICIAL", nth=1) == {
        "title": "Thị trưởng thành phố Nam Ninh", "side": "CN"}


def test_a_label_the_rules_do_not_know_gets_nothing(filler):
    assert fill(filler, "Một câu bất kỳ.", "câu", "EVENT") == {}


def test_the_paragraph_is_read_without_the_furniture():
    text = "Đọc thêm: tin khác\nNội dung bài viết chính.\nTin liên quan"
    record = article(text, region=(19, 43), furniture=[(19, 25)])
    assert paragraph_segments(record, 30, 34) == [(25, 43)]
    assert paragraph_segments(record, 0, 4) == [(0, 18)]  # drawn in the furniture: its own paragraph


def test_a_title_is_read_across_an_abbreviation_full_stop(filler):
    text = "Hôm qua, Chủ tịch UBND TP. Hồ Chí Minh Võ Thành Tâm tiếp đoàn. Sau đó đoàn về nước."
    assert fill(filler, text, "Võ Thành Tâm", "OFFICIAL")["title"] == "Chủ tịch UBND TP. Hồ Chí Minh"
