"""Names with the title after them (appositions.py), on invented names that appear in no data file.

Issue 9, cause 2.1: "Nguyễn Văn X, Phó Chủ tịch UBND tỉnh Y", "đồng chí Trần Y - Ủy viên Ban Thường vụ ...",
"Name (Title)", captions, lists after "các đồng chí:".
"""
from __future__ import annotations

import pytest

from tests.preannotate.test_officials import officials, spans_of


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Đoàn do ông Hứa Đình Tụng - Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy dẫn đầu.",
         "Hứa Đình Tụng", "Ủy viên Ban Thường vụ Tỉnh ủy"),
        ("Đồng chí Mạc Quang Tiệp – Phó Chủ tịch UBND tỉnh phát biểu.", "Mạc Quang Tiệp", "Phó Chủ tịch UBND tỉnh"),
        ("Dự lễ có Lục Văn Khởi - Bí thư Huyện ủy Bảo Lạc.", "Lục Văn Khởi", "Bí thư Huyện ủy Bảo Lạc"),
        ("Tham dự có ông Tiêu Vĩnh Chiêu (Phó Bí thư Thành ủy Nam Ninh) và nhiều đại biểu.",
         "Tiêu Vĩnh Chiêu", "Phó Bí thư Thành ủy Nam Ninh"),
        ("Hội đàm có ông Nghiêm Khải Phong (Bí thư Khu ủy Quảng Tây, Trung Quốc) và các đại biểu.",
         "Nghiêm Khải Phong", "Bí thư Khu ủy Quảng Tây"),
        ("Ông Khổng Minh Trác (bên trái), Chủ tịch UBND tỉnh Hà Giang, trao quà.", "Khổng Minh Trác", "Chủ tịch UBND tỉnh Hà Giang"),
        ("Bà Nông Thị Bích Liễu (phải) - Giám đốc Sở Ngoại vụ tặng hoa.", "Nông Thị Bích Liễu", "Giám đốc Sở Ngoại vụ"),
        ("Ông Quản Văn Thược (thứ 3 từ trái), Chủ tịch UBND tỉnh Hà Giang, trao quà.", "Quản Văn Thược",
         "Chủ tịch UBND tỉnh Hà Giang"),
        ("Bà Lường Thị Xoan (hàng đầu, bên phải) - Giám đốc Sở Ngoại vụ tặng hoa.", "Lường Thị Xoan", "Giám đốc Sở Ngoại vụ"),
        ("Cùng dự có các đồng chí: Quản Văn Thược, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh; Lường Thị Xoan, "
         "Huyện ủy viên.", "Quản Văn Thược", "Tỉnh ủy viên"),
        ("Tại buổi làm việc, ông Hách Văn Lượng, Thường vụ Thành ủy, Phó Thị trưởng thành phố Bách Sắc cho biết.",
         "Hách Văn Lượng", "Thường vụ Thành ủy"),
        # the mission written where its head's title belongs: the title as written
        ("Đoàn làm việc với đồng chí Đàm Thị Nguyệt Quế, Tổng Lãnh sự quán Việt Nam tại Quảng Châu.",
         "Đàm Thị Nguyệt Quế", "Tổng Lãnh sự quán Việt Nam tại Quảng Châu"),
    ],
)
def test_title_written_after_the_name(text, name, title):
    assert officials(text)[name][0]["title"] == title


def test_every_name_of_a_list_gets_its_first_role():
    text = (
        "Cùng dự có các đồng chí: Quản Văn Thược, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh; Lường Thị Xoan, "
        "Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh."
    )
    got = officials(text)
    assert got == {
        "Quản Văn Thược": [{"title": "Tỉnh ủy viên", "side": "VN"}],
        "Lường Thị Xoan": [{"title": "Tỉnh ủy viên", "side": "VN"}],
    }


def test_a_rank_before_the_name_yields_to_the_post_after_the_dash():
    text = "Đoàn Công an tỉnh Lai Châu do Thượng tá Giàng A Sềnh - Phó Giám đốc Công an tỉnh làm trưởng đoàn."
    assert officials(text)["Giàng A Sềnh"] == [{"title": "Phó Giám đốc Công an tỉnh", "side": "VN"}]


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị Việt - Trung lần thứ 5 khai mạc tại Lạng Sơn - Quảng Tây.",
        "Lào Cai - Chủ tịch UBND tỉnh chỉ đạo khắc phục hậu quả mưa lũ.",
        "Ông Lục Văn Khởi - Giám đốc Công ty TNHH Thương mại Hòa Bình cho biết đơn hàng tăng.",
        "Bà Đàm Thị Nguyệt Quế - người dân xã Tà Lùng chia sẻ niềm vui.",
        "Ông Tiêu Vĩnh Chiêu (giữa) cùng các đại biểu cắt băng khánh thành.",
    ],
)
def test_dashes_and_brackets_that_are_no_apposition(text):
    assert officials(text) == {}


def test_a_mission_alone_without_an_honorific_is_no_title():
    text = "Đại diện Tổng Lãnh sự quán Việt Nam tại Quảng Châu, Tổng Lãnh sự quán Trung Quốc tại Đà Nẵng cùng dự."
    assert officials(text) == {}


def test_later_mention_before_the_first_titled_one_takes_its_title():
    text = (
        "Đồng chí Nghiêm Khải Phong chủ trì. Đồng chí Nghiêm Khải Phong - Bí thư Huyện ủy Hà Khẩu "
        "cảm ơn đoàn."
    )
    got = officials(text)
    assert [a["title"] for a in got["Nghiêm Khải Phong"]] == ["Bí thư Huyện ủy Hà Khẩu"] * 2
    assert {a["side"] for a in got["Nghiêm Khải Phong"]} == {"CN"}


def test_a_bracketed_country_between_name_and_title_is_left_out():
    text = "Ông Tiêu Vĩnh Chiêu (Trung Quốc), Phó Chủ tịch Chính hiệp tỉnh Quảng Đông cho biết."
    assert officials(text) == {"Tiêu Vĩnh Chiêu": [{"title": "Phó Chủ tịch Chính hiệp tỉnh Quảng Đông", "side": "CN"}]}


def test_a_bracketed_country_between_title_and_honorific_is_left_out():
    text = "Phó Chủ tịch Chính hiệp tỉnh Quảng Đông (Trung Quốc), ông Tiêu Vĩnh Chiêu cho biết."
    assert officials(text) == {"Tiêu Vĩnh Chiêu": [{"title": "Phó Chủ tịch Chính hiệp tỉnh Quảng Đông", "side": "CN"}]}


def test_a_bracketed_place_after_a_name_is_no_romanised_twin():
    got = spans_of("Ông Lục Văn Khởi (Hà Giang), Chủ tịch Hội Nông dân xã cho biết.")
    assert [(label, t) for label, t, _ in got] == [("OFFICIAL", "Lục Văn Khởi"), ("LOCALITY", "Hà Giang")]
