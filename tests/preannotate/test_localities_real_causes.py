"""LOCALITY causes measured on real news (issue 9, cause 5), on an invented gazetteer.

Every place here is made up (checked absent from annotate/ data, the installed Vietnamese units and
tests/data), and the pre-annotator runs over a gazetteer holding only them, so a passing rule is a
rule about how places are written, not about the places of the pages it was found on.
"""
from __future__ import annotations

import pytest

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate.pipeline import Preannotator
from annotate.preannotate.tokens import Token

INVENTED = [
    PlaceEntry(id="t-cn-1", name="Thạch Lũng", canonical="Thạch Lũng", country="CN", level="province"),
    PlaceEntry(id="t-cn-2", name="Vĩnh Bàng", canonical="Vĩnh Bàng", country="CN", level="city", parent="t-cn-1"),
    PlaceEntry(id="t-cn-3", name="Đàm Xuyên", canonical="Đàm Xuyên", country="CN", level="city", parent="t-cn-1"),
    PlaceEntry(id="t-vn-1", name="Khâu Vằn", canonical="Khâu Vằn", country="VN", level="province"),
    PlaceEntry(id="t-vn-2", name="Sơn Khuê", canonical="Sơn Khuê", country="VN", level="province"),
    PlaceEntry(id="t-vn-3", name="Tà Xíu", canonical="Tà Xíu", country="VN", level="commune", parent="t-vn-1"),
    PlaceEntry(id="t-vn-4", name="Pò Khiêu", canonical="Pò Khiêu", country="VN", level="commune", parent="t-vn-1"),
]


@pytest.fixture(scope="module")
def pre() -> Preannotator:
    return Preannotator(PlaceIndex(base=INVENTED))


def places(pre: Preannotator, text: str, tokens: list[Token] | None = None) -> list[tuple[str, str, str]]:
    spans = pre.annotate_tokens(text, tokens or [])
    return [(text[s.start : s.end], s.attrs["canonical"], s.attrs["country"]) for s in spans if s.label == "LOCALITY"]


def names(pre: Preannotator, text: str, tokens: list[Token] | None = None) -> list[str]:
    return [name for name, _, _ in places(pre, text, tokens)]


def test_names_glued_to_a_hyphen_or_slash_are_read_apart(pre):
    assert names(pre, "Đoàn đại biểu Thạch Lũng-Trung Quốc thăm Khâu Vằn-Việt Nam.") == ["Thạch Lũng", "Khâu Vằn"]
    assert names(pre, "Tuyến du lịch Sơn Khuê, Việt Nam-Vĩnh Bàng, Thạch Lũng, Trung Quốc.") == [
        "Sơn Khuê", "Vĩnh Bàng", "Thạch Lũng"]
    assert names(pre, "Hàng hóa đi (Vĩnh Bàng)/Trung Quốc và Khâu Vằn/Việt Nam.") == ["Vĩnh Bàng", "Khâu Vằn"]


def test_the_look_alike_eth_is_read_as_d_with_stroke(pre):
    text = "Lãnh đạo thành phố \u00d0àm Xuyên làm việc với Khâu Vằn."
    assert places(pre, text) == [("\u00d0àm Xuyên", "Đàm Xuyên", "CN"), ("Khâu Vằn", "Khâu Vằn", "VN")]


def test_communes_and_border_communes(pre):
    assert names(pre, "Đoàn thăm xã biên giới Tà Xíu của tỉnh Khâu Vằn.") == ["Tà Xíu", "Khâu Vằn"]
    assert names(pre, "Các xã biên giới Tà Xíu, Pò Khiêu đón đoàn.") == ["Tà Xíu", "Pò Khiêu"]
    got = places(pre, "Đoàn thăm trấn Ngạn Lâm của thành phố Vĩnh Bàng (Trung Quốc).")
    assert got[0] == ("Ngạn Lâm", "Ngạn Lâm", "CN")  # a Chinese town the gazetteer lacks, guessed
    # the country of an unknown town is the bracketed place's, not the article's most frequent
    got = places(pre, "Xã Tà Xíu (Khâu Vằn), xã Pò Khiêu và thị trấn Ngạn Lâm (Vĩnh Bàng, Thạch Lũng) ký kết.")
    assert ("Ngạn Lâm", "Ngạn Lâm", "CN") in got


@pytest.mark.parametrize("text", [
    "Hai bên thông xe cầu Vĩnh Bàng và cặp cửa khẩu Khâu Vằn - Vĩnh Bàng.",
    "Xây dựng cửa khẩu thông minh Khâu Vằn (Việt Nam) - Vĩnh Bàng (Trung Quốc).",
    "Ban Quản lý Khu kinh tế cửa khẩu Khâu Vằn làm việc với Khu công nghiệp Vĩnh Bàng.",
    "Đoàn đến ga Vĩnh Bàng, cảng Khâu Vằn và khách sạn Sơn Khuê.",
])
def test_places_inside_venue_names_are_not_annotated(pre, text):
    assert names(pre, text) == []


def test_places_named_on_their_own_next_to_venues_are(pre):
    assert names(pre, "Hội nghị tại điểm cầu Khâu Vằn; tỉnh yêu cầu Sơn Khuê phối hợp.") == ["Khâu Vằn", "Sơn Khuê"]
    assert names(pre, "Lãnh đạo thành phố cửa khẩu Vĩnh Bàng thăm cửa khẩu Khâu Vằn, Sơn Khuê.") == ["Vĩnh Bàng", "Sơn Khuê"]
    assert names(pre, "Tuyến đường sắt Khâu Vằn – Sơn Khuê được khởi công.") == ["Khâu Vằn", "Sơn Khuê"]


def test_places_inside_organisation_names_are_annotated(pre):
    assert names(pre, "Tập đoàn Metro Vĩnh Bàng và Công ty Cổ phần Hưng Phát Khâu Vằn ký kết.") == [
        "Vĩnh Bàng", "Khâu Vằn"]
    assert names(pre, "Nhà báo Lương Vĩnh Bàng viết bài.") == []  # "báo" closes "Nhà báo", no organisation


def test_missing_tones_and_one_letter_slips_after_a_unit_word(pre):
    text = "Đoàn tỉnh Khâu Vằn thăm xã Tà Xíu. Sau đó, lãnh đạo tỉnh Khâu Van và tỉnh Khêu Vằn họp."
    assert places(pre, text)[2:] == [("Khâu Van", "Khâu Vằn", "VN"), ("Khêu Vằn", "Khâu Vằn", "VN")]


def test_a_slip_is_only_repaired_to_a_unit_the_unit_word_allows(pre):
    text = "Đoàn tỉnh Khâu Vằn thăm xã Tà Xíu và xã Khêu Vằn."
    assert ("Khêu Vằn", "Khâu Vằn", "VN") not in places(pre, text)  # "xã" names no province


def test_a_one_letter_slip_needs_the_articles_own_country(pre):
    text = "Thành phố Vĩnh Bàng và Đàm Xuyên của Thạch Lũng đón đoàn. Tỉnh Khêu Vằn cử đại diện."
    assert ("Khêu Vằn", "Khâu Vằn", "VN") not in places(pre, text)


def test_a_misspelt_place_split_off_a_title_is_linked(pre):
    text = "Bí thư Tỉnh ủy Sơn Khuê và Bí thư Tỉnh ủy Khêu Vằn Lương Tế Khang phát biểu tại xã Tà Xíu."
    assert ("Khêu Vằn", "Khâu Vằn", "VN") in places(pre, text)


def test_a_bare_misspelt_run_is_only_linked_by_its_fold_where_underthesea_saw_a_location(pre):
    text = "Hôm qua, đoàn Khau Van thăm Trung Quốc."
    loc = Token(text.index("Khau"), text.index("Khau") + 8, "Khau Van", "Np", "B-NP", "B-LOC")
    assert places(pre, text, [loc]) == [("Khau Van", "Khâu Vằn", "VN")]
    assert places(pre, text) == []
    person = "đồng chí Khêu Vằn phát biểu"  # close to a place, but no unit word says it is one
    start = person.index("Khêu")
    assert places(pre, person, [Token(start, start + 8, "Khêu Vằn", "Np", "B-NP", "B-LOC")]) == []


def test_a_capitalised_common_word_after_a_place_leaves_the_place_whole(pre):
    text = "Đoàn đại biểu tỉnh Khâu Vằn Hội kiến lãnh đạo Vĩnh Bàng."
    start = text.index("Hội")
    tokens = [Token(start, start + len("Hội kiến"), "Hội kiến", "V", "B-VP", "O")]
    assert [n for n, _, _ in places(pre, text, tokens)] == ["Khâu Vằn", "Vĩnh Bàng"]


def test_no_guess_for_a_person_after_a_post_or_a_country_short_form(pre):
    assert names(pre, "Trưởng Đặc khu Mạc Tú Dương đã tiếp đoàn Khâu Vằn.") == ["Khâu Vằn"]
    assert names(pre, "Bí thư Tỉnh ủy 5 tỉnh biên giới Việt - Trung gặp gỡ tại Sơn Khuê.") == ["Sơn Khuê"]


def test_a_name_cut_off_at_the_end_of_an_excerpt_is_not_annotated(pre):
    assert names(pre, "Hôm nay, Sơn Khuê làm việc với lãnh đạo tỉnh Khâu V") == ["Sơn Khuê"]


def test_a_capitalised_common_word_opening_a_sentence_is_no_part_of_the_place(pre):
    text = "Đoàn Sơn Khuê làm việc với Vĩnh Bàng."
    assert names(pre, text) == ["Vĩnh Bàng"]  # without tokens "Đoàn Sơn Khuê" may be a person
    tokens = [Token(0, 4, "Đoàn", "Nc", "B-NP", "O")]
    assert names(pre, text, tokens) == ["Sơn Khuê", "Vĩnh Bàng"]


def test_fused_abbreviations_in_any_case():
    pre = Preannotator()
    text = "Các dự án tại tphcm và Tp.hcm được giới thiệu."
    got = places(pre, text)
    assert [(n, c) for n, c, _ in got] == [("tphcm", "Thành phố Hồ Chí Minh"), ("Tp.hcm", "Thành phố Hồ Chí Minh")]


def test_hong_kong_macau_and_taiwan_are_chinese_provinces():
    pre = Preannotator()
    text = "Vốn từ các nhà đầu tư Trung Quốc, Hongkong, Đài Loan; phóng viên tại Hong Kong (Trung Quốc) và Macau."
    assert places(pre, text) == [("Hongkong", "Hồng Kông", "CN"), ("Đài Loan", "Đài Loan", "CN"),
                                 ("Hong Kong", "Hồng Kông", "CN"), ("Macau", "Ma Cao", "CN")]
