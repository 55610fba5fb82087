"""OFFICIAL rules: title + name, apposition, place split, later mentions, sides, bylines (new sentences)."""
from __future__ import annotations

import pytest

from annotate.preannotate import pipeline


def annotator() -> pipeline.Preannotator:
    """One Preannotator per test process (the gazetteer loads once)."""
    if pipeline._DEFAULT is None:
        pipeline._DEFAULT = pipeline.Preannotator()
    return pipeline._DEFAULT


def spans_of(text: str, label: str | None = None, tokens=()) -> list[tuple[str, str, dict]]:
    """(label, text, attrs) of the rule output, without underthesea (tokens empty)."""
    spans = annotator().annotate_tokens(text, list(tokens))
    return [(s.label, text[s.start : s.end], s.attrs) for s in spans if label is None or s.label == label]


def officials(text: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for _, name, attrs in spans_of(text, "OFFICIAL"):
        out.setdefault(name, []).append(attrs)
    return out


def test_place_is_split_from_the_name_after_a_party_title():
    text = "Tối 8/5, Bí thư Tỉnh ủy Vân Nam Vương Ninh đã hội kiến đoàn đại biểu tỉnh Lào Cai."
    got = spans_of(text)
    assert ("LOCALITY", "Vân Nam", {"country": "CN", "canonical": "Vân Nam", "level": "province"}) in got
    assert ("OFFICIAL", "Vương Ninh", {"title": "Bí thư Tỉnh ủy Vân Nam", "side": "CN"}) in got
    assert not any(t == "Vân Nam Vương Ninh" for _, t, _ in got)


def test_single_role_nearest_the_name_is_the_title():
    text = "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Bùi Thị Minh Hoài tiếp đoàn của tỉnh Quảng Tây."
    assert officials(text)["Bùi Thị Minh Hoài"] == [{"title": "Bí thư Thành ủy Hà Nội", "side": "VN"}]


def test_apposition_after_the_name_gives_the_title():
    text = "Ông Lưu Ninh, Bí thư Khu ủy Quảng Tây, cho biết hai bên sẽ mở thêm cặp cửa khẩu."
    got = officials(text)
    assert got == {"Lưu Ninh": [{"title": "Bí thư Khu ủy Quảng Tây", "side": "CN"}]}


def test_title_comma_honorific_name():
    text = "Tổng Lãnh sự Trung Quốc tại Đà Nẵng, ông Lý Chí Cương, cho biết du khách tăng mạnh."
    got = officials(text)
    assert got["Lý Chí Cương"][0]["side"] == "CN"
    assert got["Lý Chí Cương"][0]["title"] == "Tổng Lãnh sự Trung Quốc tại Đà Nẵng"


def test_diplomat_side_is_the_sending_country_not_the_post():
    text = (
        "Đại sứ Trung Quốc tại Việt Nam Hà Vĩ và Tổng Lãnh sự Việt Nam tại Nam Ninh "
        "Phạm Thị Phương Thảo cùng dự lễ."
    )
    got = officials(text)
    assert got["Hà Vĩ"][0]["side"] == "CN"
    assert got["Phạm Thị Phương Thảo"][0] == {"title": "Tổng Lãnh sự Việt Nam tại Nam Ninh", "side": "VN"}


def test_later_mentions_take_the_nearest_earlier_title_unless_titled_again():
    text = (
        "Chiều 3/4, Bí thư Thành ủy Hải Phòng Lê Tiến Châu tiếp Thị trưởng Bắc Kinh Ân Dũng. "
        "Ông Ân Dũng cảm ơn sự đón tiếp. Bí thư Lê Tiến Châu đề nghị mở đường bay; Lê Tiến Châu cũng mời đoàn."
    )
    got = officials(text)
    assert got["Ân Dũng"] == [{"title": "Thị trưởng Bắc Kinh", "side": "CN"}] * 2
    assert [a["title"] for a in got["Lê Tiến Châu"]] == ["Bí thư Thành ủy Hải Phòng", "Bí thư", "Bí thư"]
    assert {a["side"] for a in got["Lê Tiến Châu"]} == {"VN"}


def test_romanised_form_in_brackets_is_its_own_span():
    text = "Thị trưởng thành phố Côn Minh Lam Thiên Lập (Lan Tianli) đã tiếp đoàn doanh nghiệp."
    got = officials(text)
    assert got["Lam Thiên Lập"] == got["Lan Tianli"] == [{"title": "Thị trưởng thành phố Côn Minh", "side": "CN"}]


def test_president_ho_chi_minh_is_an_official_and_the_city_a_locality():
    text = "Chủ tịch Hồ Chí Minh từng hoạt động ở Quảng Châu. Thành phố Hồ Chí Minh nay là đầu tàu kinh tế."
    got = spans_of(text)
    assert got[0] == ("OFFICIAL", "Hồ Chí Minh", {"title": "Chủ tịch", "side": "VN"})
    assert ("LOCALITY", "Hồ Chí Minh", {"country": "VN", "canonical": "Thành phố Hồ Chí Minh", "level": "province"}) in got


def test_title_without_name_and_people_without_role_are_not_officials():
    text = (
        "Phó Thủ tướng nhấn mạnh vai trò của hợp tác địa phương. Nhà thơ Lưu Quang Vũ từng viết về Hạ Long.\n"
        "Ông Nguyễn Văn An, Giám đốc Công ty TNHH Hoa Sen, cho biết đơn hàng tăng."
    )
    assert officials(text) == {}


def test_byline_and_photo_credit_are_not_officials():
    text = (
        "Thúc đẩy hợp tác giữa Lạng Sơn và Quảng Tây\nMinh Anh\n"
        "Phó Chủ tịch UBND tỉnh Lạng Sơn Đoàn Thu Hà phát biểu. (Ảnh: TTXVN/Thu Hà)\nBài và ảnh: Hoàng Hà"
    )
    got = officials(text)
    assert list(got) == ["Đoàn Thu Hà"]


def test_unit_word_without_place_stays_in_the_title():
    text = "Phó Chủ tịch tỉnh Hầu Minh Nhất cho biết Lạng Sơn sẽ mở rộng khu kinh tế cửa khẩu."
    got = spans_of(text)
    assert ("OFFICIAL", "Hầu Minh Nhất", {"title": "Phó Chủ tịch tỉnh", "side": "VN"}) in got
    assert not any(label == "LOCALITY" and t.startswith("Hầu") for label, t, _ in got)


def test_side_from_the_place_named_earlier_in_the_sentence():
    text = "Đoàn đại biểu cấp cao tỉnh Hải Nam do Bí thư Tỉnh ủy Phùng Phi dẫn đầu đã thăm Hà Nội."
    assert officials(text)["Phùng Phi"] == [{"title": "Bí thư Tỉnh ủy", "side": "CN"}]


def test_minister_with_portfolio_and_known_official():
    text = "Theo Bộ trưởng Ngoại giao Vương Nghị, hai nước cần tăng cường tin cậy chính trị."
    assert officials(text) == {"Vương Nghị": [{"title": "Bộ trưởng Ngoại giao", "side": "CN"}]}


def test_given_name_that_is_also_a_country_word():
    text = "Giám đốc Sở Ngoại vụ tỉnh Cao Bằng Nông Tuấn Anh tiếp đoàn doanh nghiệp Bách Sắc."
    assert officials(text) == {"Nông Tuấn Anh": [{"title": "Giám đốc Sở Ngoại vụ tỉnh Cao Bằng", "side": "VN"}]}


@pytest.mark.parametrize("use_tokens", [False, True])
def test_with_and_without_underthesea_tokens(use_tokens):
    from annotate.preannotate.tokens import tag_text

    text = "Phó Thị trưởng thành phố Phòng Thành Cảng Lư Vinh Kiên làm việc với tỉnh Quảng Ninh."
    tokens = tag_text(text) if use_tokens else []
    got = spans_of(text, tokens=tokens)
    assert ("OFFICIAL", "Lư Vinh Kiên", {"title": "Phó Thị trưởng thành phố Phòng Thành Cảng", "side": "CN"}) in got
    assert ("LOCALITY", "Phòng Thành Cảng", {"country": "CN", "canonical": "Phòng Thành Cảng", "level": "city"}) in got


def test_name_known_from_an_earlier_title_is_not_split_after_a_unit_word():
    text = (
        "Đồng chí Hồ Tiến Thiệu, Phó Bí thư Tỉnh ủy Lạng Sơn, dự hội đàm. "
        "Sau đó, Chủ tịch UBND tỉnh Hồ Tiến Thiệu tiếp Tổng Lãnh sự Trung Quốc tại Thành phố Hồ Chí Minh Ngụy Hoa Tường."
    )
    got = spans_of(text)
    assert ("OFFICIAL", "Hồ Tiến Thiệu", {"title": "Chủ tịch UBND tỉnh", "side": "VN"}) in got
    assert ("OFFICIAL", "Ngụy Hoa Tường", {"title": "Tổng Lãnh sự Trung Quốc tại Thành phố Hồ Chí Minh", "side": "CN"}) in got
    assert not any(t in ("Hồ", "Tiến Thiệu") for _, t, _ in got)


def test_foreign_names_default_to_other_and_military_rank_yields_to_the_post():
    text = (
        "Đại sứ Khamphao Ernthavanh chúc Tết. Thượng tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng, "
        "hội đàm với ông Đổng Quân."
    )
    got = officials(text)
    assert got["Khamphao Ernthavanh"][0]["side"] == "other"
    assert got["Phan Văn Giang"] == [{"title": "Bộ trưởng Bộ Quốc phòng", "side": "VN"}]


# --- held-out review: credits, romanised forms (new sentences) ---


def test_one_line_page_opening_with_a_photo_credit_keeps_later_mentions():
    # URL/dashes layout: the whole body is one line that starts with the caption's credit
    text = (
        "Bí thư Tỉnh ủy Hà Giang Trần Đức Quý tiếp đoàn. (Ảnh: Văn Tuấn/TTXVN) Chiều 8/4, Bí thư Tỉnh ủy "
        "Hà Giang Trần Đức Quý đã tiếp ông Mã Chấn Hoa, Phó Châu trưởng châu Văn Sơn. Ông Mã Chấn Hoa cảm ơn "
        "sự đón tiếp; ông Trần Đức Quý đề nghị hai bên phối hợp."
    )
    got = officials(text)
    assert len(got["Trần Đức Quý"]) == 3
    assert len(got["Mã Chấn Hoa"]) == 2
    assert got["Mã Chấn Hoa"][1]["title"] == "Phó Châu trưởng châu Văn Sơn"


def test_credits_themselves_are_still_not_mentions():
    text = (
        "Phó Chủ tịch UBND tỉnh Lê Văn Khánh phát biểu. (Ảnh: Lê Văn Khánh) Ông Lê Văn Khánh cho biết.\n"
        "Thứ trưởng Ngô Anh Hào tiếp đoàn - Ảnh: Ngô Anh Hào\nTin, ảnh: Ngô Anh Hào"
    )
    before = [text[max(0, s.start - 6) : s.start] for s in annotator().annotate_tokens(text, []) if s.label == "OFFICIAL"]
    # the two titled mentions and "Ông Lê Văn Khánh", never the three credits
    assert before == [" tỉnh ", ") Ông ", "rưởng "]


def test_romanised_form_between_name_and_apposition_title():
    text = "Đoàn đã làm việc với bà Mạnh Tuyết Lan (Meng Xuelan), Phó Thị trưởng thành phố Bách Sắc, về logistics."
    got = spans_of(text)
    title = "Phó Thị trưởng thành phố Bách Sắc"
    assert ("OFFICIAL", "Mạnh Tuyết Lan", {"title": title, "side": "CN"}) in got
    assert ("OFFICIAL", "Meng Xuelan", {"title": title, "side": "CN"}) in got
    assert ("LOCALITY", "Bách Sắc", {"country": "CN", "canonical": "Bách Sắc", "level": "city"}) in got


# --- held-out #2 causes, on new sentences ---

def test_titled_name_shared_with_a_ward_is_an_official():
    text = "Dự có ông Lê Lợi Minh, Phó Chủ tịch UBND tỉnh Lào Cai. Ông Nguyễn Thái Bình, Giám đốc Sở Ngoại vụ, phát biểu."
    got = officials(text)
    assert got["Nguyễn Thái Bình"][0]["title"] == "Giám đốc Sở Ngoại vụ"


def test_party_name_after_a_title_is_no_person():
    text = "Ông Lý Hồng Trung, Ủy viên Bộ Chính trị Đảng Cộng sản Trung Quốc, thăm Hà Nội."
    assert list(officials(text)) == ["Lý Hồng Trung"]


def test_country_after_a_ministry_stays_out_of_a_foreign_name():
    text = "Dự lễ có Thứ trưởng Bộ Ngoại giao Lào Bounkeut Sangsomsak, người phát biểu đầu tiên."
    got = officials(text)
    assert got == {"Bounkeut Sangsomsak": [{"title": "Thứ trưởng Bộ Ngoại giao Lào", "side": "other"}]}


def test_romanised_form_beside_a_later_mention():
    text = "Đoàn do ông Hoàng Minh Đạt, Phó Thị trưởng thành phố Trùng Khánh dẫn đầu. Ông Hoàng Minh Đạt (Huang Mingda) cho biết."
    got = officials(text)
    assert got["Huang Mingda"] == [{"title": "Phó Thị trưởng thành phố Trùng Khánh", "side": "CN"}]


def test_vietnamese_style_party_title_of_a_chinese_official_takes_the_side_of_his_other_titles():
    text = (
        "Đoàn tỉnh Quảng Đông do ông Trương Hiểu Minh, Ủy viên Ban Thường vụ Tỉnh ủy dẫn đầu. "
        "Phó Tỉnh trưởng Trương Hiểu Minh cho biết."
    )
    assert {a["side"] for a in officials(text)["Trương Hiểu Minh"]} == {"CN"}


def test_gazetteer_place_variant_without_a_title_is_not_a_person():
    assert officials("Doanh nghiệp của Thẩm Quyến đầu tư vào Bình Dương.") == {}
