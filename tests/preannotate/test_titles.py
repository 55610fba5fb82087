"""How a title reads (title_tail.py, title_reading.py), on invented names that appear in no data file.

Each case is a cause measured on real news (issue 9, cause 2.1): long titles cut short ("Phó Bí thư Tỉnh"
for "Phó Bí thư Tỉnh uỷ"), titles read past what only says where, names after unfamiliar heads.
"""
from __future__ import annotations

import pytest

from tests.preannotate.test_officials import officials, spans_of


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # old-style tone placement and lower-case body words are the same body
        ("Phó Bí thư Tỉnh uỷ Lạng Sơn Lục Văn Khởi tiếp đoàn.", "Lục Văn Khởi", "Phó Bí thư Tỉnh uỷ Lạng Sơn"),
        ("Uỷ viên Ban Thường vụ Thành uỷ Hứa Đình Tụng dự lễ.", "Hứa Đình Tụng", "Uỷ viên Ban Thường vụ Thành uỷ"),
        (
            "Thị trưởng chính quyền nhân dân thành phố Bằng Tường Tiêu Vĩnh Chiêu phát biểu.",
            "Tiêu Vĩnh Chiêu", "Thị trưởng chính quyền nhân dân thành phố Bằng Tường",
        ),
        (
            "Ủy viên Bộ Chính trị Ban chấp hành Trung ương Đảng Cộng sản Trung Quốc Nghiêm Khải Phong phát biểu.",
            "Nghiêm Khải Phong", "Ủy viên Bộ Chính trị Ban chấp hành Trung ương Đảng Cộng sản Trung Quốc",
        ),
        # a body that begins with the head's last words ("...Trung ương Đảng" + "Cộng sản")
        (
            "Ủy viên Trung ương Đảng Cộng sản Trung Quốc Bành Hạo Dương phát biểu.",
            "Bành Hạo Dương", "Ủy viên Trung ương Đảng Cộng sản Trung Quốc",
        ),
        (
            "Chủ tịch Chính hiệp toàn quốc Trung Quốc Lỗ Tĩnh Xuyên tiếp đoàn.",
            "Lỗ Tĩnh Xuyên", "Chủ tịch Chính hiệp toàn quốc Trung Quốc",
        ),
        (
            "Chủ tịch nước Cộng hòa nhân dân Trung Hoa Khang Tiểu Bằng hội đàm.",
            "Khang Tiểu Bằng", "Chủ tịch nước Cộng hòa nhân dân Trung Hoa",
        ),
        # lowercase portfolios after a party-commission head
        ("Trưởng ban Tuyên giáo Tỉnh ủy Đàm Thị Nguyệt Quế phát biểu.", "Đàm Thị Nguyệt Quế", "Trưởng ban Tuyên giáo Tỉnh ủy"),
        (
            "Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Cao Bằng Quản Văn Thược chủ trì.",
            "Quản Văn Thược", "Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Cao Bằng",
        ),
        (
            "Ủy viên dự khuyết Trung ương Đảng Mạc Quang Tiệp dự hội nghị.",
            "Mạc Quang Tiệp", "Ủy viên dự khuyết Trung ương Đảng",
        ),
        # heads of sub-departments, border posts, customs and railway stations
        (
            "Phó Chi cục trưởng Chi cục Hải quan cửa khẩu Chi Ma Tạ Quang Lũy cho biết.",
            "Tạ Quang Lũy", "Phó Chi cục trưởng Chi cục Hải quan cửa khẩu Chi Ma",
        ),
        ("Trưởng ga Đồng Đăng Hách Văn Lượng cho biết tàu chạy đúng giờ.", "Hách Văn Lượng", "Trưởng ga Đồng Đăng"),
        ("Đồn trưởng Đồn Biên phòng Na Hình Giàng A Sềnh báo cáo.", "Giàng A Sềnh", "Đồn trưởng Đồn Biên phòng Na Hình"),
        # an organisation whose name holds a head word ("Vụ Lãnh sự") is still one title
        (
            "Vụ trưởng Vụ Lãnh sự Bộ Ngoại giao Trung Quốc Thiệu Minh Khải phát biểu.",
            "Thiệu Minh Khải", "Vụ trưởng Vụ Lãnh sự Bộ Ngoại giao Trung Quốc",
        ),
        # "của", "thuộc" + the body a committee or branch belongs to
        ("Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Hứa Đình Tụng tiếp đoàn.", "Hứa Đình Tụng",
         "Chủ nhiệm Ủy ban Đối ngoại của Quốc hội"),
        ("Chi cục trưởng Chi cục Hải quan cửa khẩu Tà Lùng thuộc Cục Hải quan tỉnh Cao Bằng Mạc Quang Tiệp cho biết.",
         "Mạc Quang Tiệp", "Chi cục trưởng Chi cục Hải quan cửa khẩu Tà Lùng thuộc Cục Hải quan tỉnh Cao Bằng"),
        # "tại X và Y": the post covers both places
        (
            "Tổng Lãnh sự Việt Nam tại Hồng Kông và Ma Cao Nông Thị Bích Liễu phát biểu.",
            "Nông Thị Bích Liễu", "Tổng Lãnh sự Việt Nam tại Hồng Kông và Ma Cao",
        ),
    ],
)
def test_long_titles_are_read_whole(text, name, title):
    assert officials(text)[name][0]["title"] == title


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # the last role before the name is the title
        (
            "Ủy viên Bộ Chính trị Bí thư Thành ủy Hải Phòng Lục Văn Khởi tiếp đoàn.",
            "Lục Văn Khởi", "Bí thư Thành ủy Hải Phòng",
        ),
        # what only says where, between title and name, is left out
        (
            "Bí thư Tỉnh ủy Quảng Đông (Trung Quốc) Nghiêm Khải Phong thăm Hà Nội.",
            "Nghiêm Khải Phong", "Bí thư Tỉnh ủy Quảng Đông",
        ),
        (
            "Tổng Lãnh sự Việt Nam tại Quảng Châu, Trung Quốc, Đàm Thị Nguyệt Quế cho biết.",
            "Đàm Thị Nguyệt Quế", "Tổng Lãnh sự Việt Nam tại Quảng Châu",
        ),
        (
            "Bí thư Thị ủy thành phố Bằng Tường, Khu tự trị Quảng Tây Hồng Gia Tuấn phát biểu.",
            "Hồng Gia Tuấn", "Bí thư Thị ủy thành phố Bằng Tường",
        ),
        ("Bí thư Huyện ủy mới Lỗ Tĩnh Xuyên thăm trường học.", "Lỗ Tĩnh Xuyên", "Bí thư Huyện ủy"),
        # a military rank between post and name is not the title
        (
            "Bộ trưởng Bộ Quốc phòng Đại tướng Khổng Minh Trác tiếp đoàn.",
            "Khổng Minh Trác", "Bộ trưởng Bộ Quốc phòng",
        ),
        # a second "tại" belongs to the sentence
        (
            "Ông Thiệu Minh Khải, Tổng Lãnh sự Trung Quốc tại Đà Nẵng tại lễ kỷ niệm.",
            "Thiệu Minh Khải", "Tổng Lãnh sự Trung Quốc tại Đà Nẵng",
        ),
    ],
)
def test_the_title_is_the_role_nearest_the_name_as_written(text, name, title):
    assert officials(text)[name][0]["title"] == title


def test_a_department_named_after_its_head_word_is_no_person():
    text = "Đồng chí Lường Thị Xoan, Vụ trưởng Vụ Tây Bắc Phi, Bộ Ngoại giao và đại diện các sở dự họp."
    got = officials(text)
    assert got == {"Lường Thị Xoan": [{"title": "Vụ trưởng Vụ Tây Bắc Phi, Bộ Ngoại giao", "side": "VN"}]}


def test_the_parent_ministry_in_brackets_belongs_to_the_title():
    text = "Bà Nông Thị Bích Liễu, Cục trưởng Cục Xúc tiến thương mại (Bộ Công Thương), phát biểu."
    assert officials(text)["Nông Thị Bích Liễu"][0]["title"] == "Cục trưởng Cục Xúc tiến thương mại (Bộ Công Thương)"


def test_a_short_form_of_city_before_a_place_is_a_unit_word():
    got = spans_of("Phó Thị trưởng tp Liễu Châu Khang Tiểu Bằng đánh giá cao dự án.")
    assert ("OFFICIAL", "Khang Tiểu Bằng", {"title": "Phó Thị trưởng tp Liễu Châu", "side": "CN"}) in got


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # a rank after the comma, like an honorific, stands between the post and the name
        ("Chính ủy Bộ đội Biên phòng tỉnh Hà Giang, Đại tá Lục Văn Khởi cho biết tình hình ổn định.",
         "Lục Văn Khởi", "Chính ủy Bộ đội Biên phòng tỉnh Hà Giang"),
        ("Tư lệnh Quân khu 2, đồng chí Khổng Minh Trác phát biểu.", "Khổng Minh Trác", "Tư lệnh Quân khu 2"),
        # a gate phrase inside a customs branch's name
        ("Phó Chi cục trưởng Chi cục Hải quan cửa khẩu quốc tế Hữu Nghị Mạc Quang Tiệp cho biết.",
         "Mạc Quang Tiệp", "Phó Chi cục trưởng Chi cục Hải quan cửa khẩu quốc tế Hữu Nghị"),
    ],
)
def test_border_guard_customs_and_army_posts(text, name, title):
    assert officials(text)[name] == [{"title": title, "side": "VN"}]


def test_a_station_in_a_title_is_a_venue_not_a_locality():
    got = spans_of("Giám đốc Ga Lào Cai Thiệu Minh Khải cho biết ga đón thêm khách.")
    assert got == [("OFFICIAL", "Thiệu Minh Khải", {"title": "Giám đốc Ga Lào Cai", "side": "VN"})]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Bí thư Đảng ủy Khối các cơ quan tỉnh Mạc Quang Tiệp trao quà.", "Mạc Quang Tiệp",
         "Bí thư Đảng ủy Khối các cơ quan tỉnh"),
        ("Chủ tịch Liên đoàn Lao động tỉnh Lào Cai Nông Thị Bích Liễu tặng hoa.", "Nông Thị Bích Liễu",
         "Chủ tịch Liên đoàn Lao động tỉnh Lào Cai"),
        ("Chánh án Tòa án nhân dân tỉnh Cao Bằng Quản Văn Thược dự họp.", "Quản Văn Thược",
         "Chánh án Tòa án nhân dân tỉnh Cao Bằng"),
    ],
)
def test_party_committees_mass_organisations_and_courts(text, name, title):
    assert officials(text)[name] == [{"title": title, "side": "VN"}]


def test_a_chinese_party_group_is_a_body_and_says_cn():
    text = "Ông Tiêu Vĩnh Chiêu, Phó Bí thư Đảng tổ, Phó Chủ tịch Chính hiệp tỉnh Vân Nam cho biết."
    assert officials(text)["Tiêu Vĩnh Chiêu"] == [{"title": "Phó Bí thư Đảng tổ", "side": "CN"}]
