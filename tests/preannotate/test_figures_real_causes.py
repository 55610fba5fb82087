"""FIGURE causes measured on real news (issue 9, cause 4), each on sentences written for the test.

Place and person names here are invented (checked absent from every data file), so a rule that
passes generalises beyond the pages it was found on.
"""
from __future__ import annotations

import pytest

from annotate.preannotate.figures import find_figures
from annotate.preannotate.tokens import Token


def found(text: str, tokens: list[Token] | None = None) -> list[tuple[str, int | float, str]]:
    return [(text[f.start : f.end], f.value, f.unit) for f in find_figures(text, tokens=tokens)]


def _tok(text: str, word: str, pos: str, after: int = 0) -> Token:
    start = text.index(word, after)
    return Token(start, start + len(word), word, pos, "B-NP", "O")


@pytest.mark.parametrize(("text", "expected"), [
    ("Huyện Ba Lũng có 27 phường, xã, thị trấn giáp biên.", [("27 phường, xã, thị trấn", 27, "phường, xã, thị trấn")]),
    ("vốn từ 35 quốc gia và vùng lãnh thổ đổ về", [("35 quốc gia và vùng lãnh thổ", 35, "quốc gia và vùng lãnh thổ")]),
    ("đại diện 31 tỉnh/thành phố dự họp", [("31 tỉnh/thành phố", 31, "tỉnh/thành phố")]),
    ("gần 200 doanh nghiệp, Tập đoàn kinh tế lớn", [("gần 200 doanh nghiệp, Tập đoàn", 200, "doanh nghiệp, Tập đoàn")]),
    ("ký 5 thỏa thuận và biên bản hợp tác", [("5 thỏa thuận và biên bản", 5, "thỏa thuận và biên bản")]),
])
def test_nouns_of_one_kind_coordinated_after_the_number_are_one_counted_noun(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # another kind of noun after the comma starts a new phrase
    ("Sau 20 năm, người dân Năm Xuyên đã đổi đời.", [("20 năm", 20, "năm")]),
    # the coordinated word is a unit word of a place: the place's name follows
    ("có 3 xã, huyện Bảy Khê có 5 cột mốc", [("3 xã", 3, "xã"), ("5 cột mốc", 5, "cột mốc")]),
    # a slash after a measure makes a rate, not a coordination; a count per day stays a count ("7%/năm" is "7%")
    ("tốc độ 80 km/h, giá 500 USD/tấn", [("80 km/h", 80, "km/h"), ("500 USD", 500, "USD")]),
    ("đón 3.000 lượt khách/ngày, tăng 7%/năm", [("3.000 lượt khách", 3000, "lượt khách"), ("7%", 7, "%")]),
])
def test_coordination_stops_at_other_kinds_places_and_rates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("mỗi ngày thông quan 500 công-ten-nơ hàng", [("500 công-ten-nơ", 500, "công-ten-nơ")]),
    ("xuất 20.000 ki-lô-gam vải", [("20.000 ki-lô-gam", 20000, "ki-lô-gam")]),
    # a loan noun the lexicon does not list is read from its hyphens
    ("nhập 40 pi-ta-lông thép", [("40 pi-ta-lông", 40, "pi-ta-lông")]),
    ("mở thêm 3 làn thông quan mới", [("3 làn thông quan", 3, "làn thông quan")]),
    ("diễn ra tại 10 điểm cầu trực tuyến", [("10 điểm cầu", 10, "điểm cầu")]),
    ("với trung bình 1.600 lượt xe mỗi ngày", [("trung bình 1.600 lượt xe", 1600, "lượt xe")]),
    ("ban hành 4 Nghị quyết chiến lược", [("4 Nghị quyết", 4, "Nghị quyết")]),
    ("đạt 3 triệu tệ", [("3 triệu tệ", 3000000, "CNY")]),
    ("là một trong bốn đặc khu kinh tế đầu tiên", [("bốn đặc khu kinh tế", 4, "đặc khu kinh tế")]),
    ("đón gần 1,9 triệu lượt khách quốc tế", [("gần 1,9 triệu lượt khách", 1900000, "lượt khách")]),
])
def test_compound_and_loan_counted_nouns(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "mong muốn thời gian tới 2 bên tiếp tục hợp tác",
    "02 địa phương sẽ ký kết biên bản",
    "là tiền đề để cả 2 nước quy hoạch",
    "đại biểu của 2 chính quyền ấn nút khởi công",
    "tác động vào hai địa bàn giáp ranh",
    "thương mại 2 chiều tăng mạnh",
    "mô hình chính quyền 2 cấp",
    "tăng trưởng GRDP trên 2 con số",
    "trên tinh thần 16 chữ vàng và 4 tốt",
    "nguyên tắc một quốc gia, hai chế độ",
    "hàng nghìn doanh nghiệp và vài trăm lao động",
])
def test_set_phrases_slogans_and_vague_amounts_are_not_figures(text):
    assert found(text) == []


def test_two_of_a_thing_counted_is_still_a_figure():
    assert found("tỉnh có 12 cửa khẩu, trong đó có 2 cửa khẩu quốc tế") == [
        ("12 cửa khẩu", 12, "cửa khẩu"), ("2 cửa khẩu", 2, "cửa khẩu")]
    assert found("tổ chức thành công hai Hội nghị xúc tiến") == [("hai Hội nghị", 2, "Hội nghị")]


@pytest.mark.parametrize("text", [
    "Đoàn thăm phường Ba Lũng và huyện Năm Xuyên.",
    "Năm Xuyên là huyện biên giới.",
    "Bảy Khê giáp Sáu Đằng.",
])
def test_number_words_inside_names_are_not_figures(text):
    assert found(text) == []


def test_a_number_word_read_with_the_next_word_as_a_proper_noun_is_a_name():
    text = "Năm Căn có 5 xã."
    tokens = [_tok(text, "Năm Căn", "Np"), _tok(text, "5", "M"), _tok(text, "xã", "N")]
    assert found(text, tokens) == [("5 xã", 5, "xã")]


@pytest.mark.parametrize(("text", "expected"), [
    ("hợp tác gần hai thập kỷ qua", [("gần hai thập kỷ", 2, "thập kỷ")]),
    ("trong gần 2 thập kỷ qua", [("gần 2 thập kỷ", 2, "thập kỷ")]),
    ("thành tựu đạt được trong 76 năm qua", [("76 năm", 76, "năm")]),
    ("tăng trưởng trong 9 năm liên tiếp", [("9 năm", 9, "năm")]),
    ("hội chợ diễn ra trong 6 ngày", [("6 ngày", 6, "ngày")]),
    ("nhất là giai đoạn hơn 10 năm trở lại đây", []),
    ("sẽ có 20 dự án trong 10 năm tới", [("20 dự án", 20, "dự án")]),
])
def test_durations_and_periods(text, expected):
    assert found(text) == expected


def test_thu_after_a_noun_orders_things_and_after_a_ranking_word_ranks():
    text = "Đây là Tổng Lãnh sự quán thứ hai tại Hai Thạch; tỉnh là nhà đầu tư lớn thứ 3."
    tokens = [_tok(text, "Tổng Lãnh sự quán", "N"), _tok(text, "thứ", "N"), _tok(text, "lớn", "A"),
              _tok(text, "thứ", "N", text.index("lớn"))]
    assert found(text, tokens) == [("thứ 3", 3, "rank")]
