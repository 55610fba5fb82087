"""Whom an official serves (issue 9, cause 2.2), on invented names that appear in no data file.

Side follows the body or place the title names (a Chinese province, city or body -> CN), then the person's
other roles in the same apposition, then the article's context ("về phía Trung Quốc có ..."); a later
bare-name mention inherits it.
"""
from __future__ import annotations

import pytest

from tests.preannotate.test_officials import officials


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the title names a Chinese body or place
        ("Đồng chí Tiêu Vĩnh Chiêu, Chủ tịch Chính quyền Khu tự trị dân tộc Choang Quảng Tây, phát biểu.",
         "Tiêu Vĩnh Chiêu"),
        ("Đoàn hội kiến ông Bành Hạo Dương, Phó Bí thư Thành ủy Bắc Kinh.", "Bành Hạo Dương"),
        ("Ông Lỗ Tĩnh Xuyên, Ủy viên Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc, thăm Hà Nội.", "Lỗ Tĩnh Xuyên"),
        ("Trưởng Đặc khu hành chính Ma Cao Hồng Gia Tuấn tiếp đoàn.", "Hồng Gia Tuấn"),
        ("Trưởng Đặc khu Hồng Gia Tuấn cho rằng quan hệ hai bên phát triển tốt.", "Hồng Gia Tuấn"),
        ("Bà chào xã giao ông Khang Tiểu Bằng, Chánh Thư ký Chính quyền Đặc khu hành chính Hồng Kông.", "Khang Tiểu Bằng"),
        ("Đại biện lâm thời Trung Quốc tại Việt Nam Khang Tiểu Bằng dự lễ.", "Khang Tiểu Bằng"),
        ("Ông Hồng Gia Tuấn, Tùy viên Quốc phòng Trung Quốc tại Việt Nam, dự lễ.", "Hồng Gia Tuấn"),
        # the first role says nothing: the next roles of the same apposition decide
        ("Tham dự có đồng chí Nghiêm Khải Phong, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Quảng Đông.", "Nghiêm Khải Phong"),
        ("Ông Khang Tiểu Bằng, Ủy viên Trung ương Đảng, Trưởng Ban Liên lạc Đối ngoại Trung ương Đảng Cộng sản "
         "Trung Quốc, phát biểu.", "Khang Tiểu Bằng"),
        ("Ông Hách Văn Lượng, Thường vụ Thành ủy, Phó Thị trưởng thành phố Bách Sắc cho biết.", "Hách Văn Lượng"),
        # nothing in the roles: whose side the sentence lists
        ("Về phía Trung Quốc có ông Thiệu Minh Khải, Ủy viên Trung ương Đảng.", "Thiệu Minh Khải"),
        # the place of the delegation the person leads
        ("Đoàn đại biểu tỉnh Vân Nam do đồng chí Thiệu Minh Khải, Phó Bí thư Tỉnh ủy dẫn đầu đã thăm Lào Cai.",
         "Thiệu Minh Khải"),
        # a place both countries have is the one a Chinese head points to
        ("Ông Lí Quảng Diệu – Phó Tỉnh trưởng Chính quyền nhân dân tỉnh Hà Nam phát biểu.", "Lí Quảng Diệu"),
    ],
)
def test_chinese_officials_are_cn(text, name):
    assert {a["side"] for a in officials(text)[name]} == {"CN"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Về phía Việt Nam có ông Lục Văn Khởi, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Lào Cai.", "Lục Văn Khởi"),
        ("Đồng chí Quản Văn Thược, Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch UBND tỉnh Lạng Sơn tiếp đoàn.", "Quản Văn Thược"),
        ("Bà Lường Thị Xoan, Tổng Lãnh sự Việt Nam tại Nam Ninh, Quảng Tây (Trung Quốc) dự lễ.", "Lường Thị Xoan"),
        ("Đoàn đại biểu tỉnh Lào Cai do ông Lục Văn Khởi - Phó Bí thư Tỉnh ủy dẫn đầu đã thăm Vân Nam.", "Lục Văn Khởi"),
        ("Tham tán Thương mại Việt Nam tại Trung Quốc Hứa Đình Tụng cho biết.", "Hứa Đình Tụng"),
        # where the meeting is held says nothing about whom the person serves
        ("Tại Quảng Tây, ông Lục Văn Khởi, Ủy viên Trung ương Đảng, cho biết.", "Lục Văn Khởi"),
        ("Trong chuyến công tác tại tỉnh Quảng Đông, Bí thư Thành ủy Lục Văn Khởi đã thăm nhà máy.", "Lục Văn Khởi"),
        # the places in another official's title are theirs
        ("Dự tiếp có Đại sứ Trung Quốc tại Việt Nam Tiêu Vĩnh Chiêu và Thứ trưởng Bộ Ngoại giao Lục Văn Khởi.",
         "Lục Văn Khởi"),
    ],
)
def test_vietnamese_officials_stay_vn(text, name):
    assert {a["side"] for a in officials(text)[name]} == {"VN"}


def test_later_bare_mentions_inherit_the_side_of_the_titled_one():
    text = (
        "Về phía Trung Quốc có các đồng chí: Bành Hạo Dương, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Vân Nam; "
        "Thiệu Minh Khải, Đại sứ Trung Quốc tại Việt Nam.\nĐồng chí Bành Hạo Dương cho biết Vân Nam coi trọng "
        "hợp tác. Bành Hạo Dương cũng đề nghị mở thêm đường bay."
    )
    got = officials(text)
    assert [a["side"] for a in got["Bành Hạo Dương"]] == ["CN", "CN", "CN"]
    assert [a["title"] for a in got["Bành Hạo Dương"]] == ["Ủy viên Trung ương Đảng"] * 3
    assert got["Thiệu Minh Khải"] == [{"title": "Đại sứ Trung Quốc tại Việt Nam", "side": "CN"}]


def test_each_mention_says_which_shape_found_it_and_where_its_side_came_from():
    from annotate.gazetteer.index import default_index
    from annotate.preannotate.officials import OfficialFinder

    text = (
        "Về phía Trung Quốc có ông Bành Hạo Dương, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Vân Nam. "
        "Phó Chủ tịch UBND tỉnh Lục Văn Khởi tiếp đoàn. Ông Bành Hạo Dương cảm ơn. Bí thư Huyện ủy Mạc Quang Tiệp dự."
    )
    mentions = OfficialFinder(default_index()).find(text, [(0, len(text))])
    why = {(m.name, m.rule, m.side_from) for m in mentions}
    assert why == {
        ("Bành Hạo Dương", "name+title", "chain"),
        ("Lục Văn Khởi", "title+name", "body"),
        ("Bành Hạo Dương", "later+honorific", "mentions"),
        ("Mạc Quang Tiệp", "title+name", "default"),
    }


def test_a_later_mention_by_rank_takes_the_post_and_the_side():
    text = (
        "Đoàn đại biểu Chi đội Quản lý biên giới Bách Sắc (Trung Quốc) do Thượng tá Hồng Gia Tuấn, Chi đội trưởng "
        "làm trưởng đoàn. Thượng tá Hồng Gia Tuấn cho biết hai bên đã tuần tra song phương. Đại tá Quản Văn Thược, "
        "Chỉ huy trưởng Bộ Chỉ huy Bộ đội Biên phòng tỉnh Cao Bằng, cảm ơn. Đại tá Quản Văn Thược tặng quà."
    )
    got = officials(text)
    assert got["Hồng Gia Tuấn"] == [{"title": "Chi đội trưởng", "side": "CN"}] * 2
    title = "Chỉ huy trưởng Bộ Chỉ huy Bộ đội Biên phòng tỉnh Cao Bằng"
    assert got["Quản Văn Thược"] == [{"title": title, "side": "VN"}] * 2
