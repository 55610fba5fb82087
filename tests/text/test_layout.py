"""Article layout: hand-written pages of each kind, then the bundled samples against gold."""
from __future__ import annotations

import json

import pytest

from annotate.text.decoding import decode_bytes, normalise_text
from annotate.text.layout import Layout, analyse_layout

from tests.paths import DEV_GOLD as GOLD, SAMPLES

LEAD = (
    "Ngày 13/10, Phó Chủ tịch UBND Thành phố Hồ Chí Minh Võ Văn Hoan đã tiếp bà Trương "
    "Quốc Trí, Phó Thị trưởng thành phố Trùng Khánh, trao đổi phương hướng hợp tác."
)
BODY_1 = (
    "Ông Võ Văn Hoan cho biết Thành phố Hồ Chí Minh đã thiết lập quan hệ hữu nghị với tám "
    "địa phương của Trung Quốc, kim ngạch thương mại giữa hai bên tăng trưởng ổn định qua "
    "từng năm và còn nhiều dư địa để phát triển."
)
BODY_2 = (
    "Bà Trương Quốc Trí cho biết Trùng Khánh là thành phố trực thuộc Trung ương của Trung "
    "Quốc, có vị trí quan trọng trong chiến lược phát triển miền Tây và mong muốn tăng "
    "cường hợp tác với các địa phương Việt Nam."
)
TITLE = "Thúc đẩy hợp tác giữa TP Hồ Chí Minh và TP Trùng Khánh"


def article_text(text: str, layout: Layout) -> str:
    """The article with furniture blanked out, to assert on what an annotator sees."""
    start, end = layout.article
    chars = list(text)
    for first, last in layout.furniture:
        chars[first:last] = " " * (last - first)
    return "".join(chars[start:end])


def furniture_texts(text: str, layout: Layout) -> list[str]:
    return [text[start:end] for start, end in layout.furniture]


def assert_well_formed(text: str, layout: Layout) -> None:
    start, end = layout.article
    assert 0 <= start <= end <= len(text)
    previous = start
    for first, last in layout.furniture:
        assert previous <= first < last <= end
        previous = last


def test_separator_layout_with_url_and_title() -> None:
    url = "http://www.vietnamplus.vn/thuc-day-hop-tac/381531.vnp"
    rule = "-----------------"
    text = f"{url}\n{rule}\n{TITLE}\n{rule}\n{LEAD} {BODY_1}\n{rule}"
    layout = analyse_layout(text)
    assert_well_formed(text, layout)
    assert layout.url == url
    assert layout.title == TITLE
    assert text[layout.article[0]:].startswith(TITLE)
    assert text[:layout.article[1]].endswith(BODY_1)
    assert furniture_texts(text, layout) == [rule]


def test_news_page_with_menus_follow_bar_related_items_and_source() -> None:
    text = "\n".join([
        "Trang chủ Thời sự Thế giới Kinh tế",
        "20:42 | 04/11/2023 GMT+7",
        "",
        TITLE,
        "",
        "Chu An",
        LEAD,
        "Theo dõi Baoquocte.vn trên",
        "Quang cảnh buổi tiếp.",
        "Quang cảnh buổi tiếp.",
        "",
        BODY_1,
        "",
        "Tăng cường hợp tác nông nghiệp giữa Việt Nam và tỉnh Vân Nam",
        "",
        "Tăng cường hợp tác nông nghiệp giữa Việt Nam và tỉnh Vân Nam",
        "",
        "Trong bối cảnh dịch bệnh, các địa phương Việt Nam và tỉnh Vân Nam vẫn chủ động, ...",
        "",
        BODY_2,
        "",
        "(theo TLSQ Việt Nam tại Thượng Hải)",
        "",
        "Đọc thêm",
        "",
        "Giá vàng hôm nay tăng mạnh",
        "",
        "Giá vàng hôm nay tăng mạnh",
        "",
        "Giá vàng trong nước sáng nay tiếp tục tăng theo đà của thị trường thế giới, ...",
        "Phiên bản di động",
    ])
    layout = analyse_layout(text)
    assert_well_formed(text, layout)
    assert layout.title == TITLE
    assert text[layout.article[0]:].startswith(TITLE)
    assert text[:layout.article[1]].endswith("(theo TLSQ Việt Nam tại Thượng Hải)")
    visible = article_text(text, layout)
    for kept in (LEAD, BODY_1, BODY_2, "Chu An", "Quang cảnh buổi tiếp."):
        assert kept in visible
    for dropped in ("Theo dõi", "nông nghiệp", "Đọc thêm", "Giá vàng", "20:42", "Trang chủ"):
        assert dropped not in visible


def test_lone_dateline_between_title_and_lead_stays_article_text() -> None:
    # Furniture is what the guidelines list; a dateline under the headline is not on the list.
    stamp = "Thứ sáu, 13/10/2023, 10:15 (GMT+7)"
    text = f"Thời sự\n{TITLE}\n{stamp}\n{LEAD}\n{BODY_1}\nViết Tuân\nTags: Trùng Khánh"
    layout = analyse_layout(text)
    assert layout.title == TITLE
    assert text[layout.article[0]:].startswith(TITLE)
    assert furniture_texts(text, layout) == []
    assert text[:layout.article[1]].endswith("Viết Tuân")


def test_timestamp_beside_a_share_bar_is_furniture_with_it() -> None:
    stamp, bar = "Thứ sáu, 13/10/2023, 10:15 (GMT+7)", "Chia sẻ  Facebook  Zalo"
    text = f"Thời sự\n{TITLE}\n{stamp}\n{bar}\n{LEAD}\n{BODY_1}\nViết Tuân\nTags: Trùng Khánh"
    layout = analyse_layout(text)
    assert furniture_texts(text, layout) == [f"{stamp}\n{bar}"]


def test_headline_glued_to_its_copy_is_furniture() -> None:
    glued = "Việt Nam kêu gọi tôn trọng lợi ích chung Việt Nam kêu gọi tôn trọng lợi ích chung"
    tail = "Theo Báo Chính phủ\n\nTin bài liên quan\n\nKhác"
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n\n{glued}\n\n{tail}"
    layout = analyse_layout(text)
    assert furniture_texts(text, layout) == [glued]
    assert text[:layout.article[1]].endswith("Theo Báo Chính phủ")


def test_headline_links_glued_under_a_paragraph_are_furniture() -> None:
    links = (
        "Đẩy mạnh hợp tác nhiều mặt giữa Thừa Thiên Huế và Lâm Nghi\n"
        "Thúc đẩy hợp tác quốc phòng giữa hai nước"
    )
    text = f"{TITLE}\n\n{LEAD}\n{links}\n\n{BODY_1}\n\n{BODY_2}"
    layout = analyse_layout(text)
    assert furniture_texts(text, layout) == [links]


def test_repeated_captions_stay_in_the_article() -> None:
    caption = "Các đại biểu tham dự Hội nghị."
    text = f"{TITLE}\n{LEAD}\n{caption}\n{caption}\n{BODY_1}\n{BODY_2}"
    layout = analyse_layout(text)
    assert layout.furniture == ()
    assert article_text(text, layout).count(caption) == 2


def test_trailing_source_line_gives_the_url() -> None:
    url = "https://baotintuc.vn/thoi-su/thuc-day-hop-tac-20231013131403518.htm"
    credits = f"Tin, ảnh: Xuân Khu (TTXVN)\n\nNguồn Tin Tức TTXVN: {url}"
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n\n{credits}"
    layout = analyse_layout(text)
    assert layout.url == url
    assert layout.article == (0, len(text))


def test_byline_and_footer_at_the_end() -> None:
    footer = "Thông tin\n\nTổng hợp tin tự động (r) © 2020"
    text = f"Chuyên mục\n\n\n{LEAD}\n\n{BODY_1}\n\nNgọc Ánh\n\n{footer}"
    layout = analyse_layout(text)
    assert layout.title is None
    assert text[layout.article[0]:].startswith(LEAD)
    assert text[:layout.article[1]].endswith("Ngọc Ánh")


def test_menu_glued_into_one_long_line_is_not_prose() -> None:
    menu = " ".join(["Trang chủ Thời sự Thế giới Kinh tế Xã hội Văn hóa Thể thao Giải trí"] * 3)
    text = f"{menu}\n{TITLE}\n{LEAD}\n{BODY_1}\nHà Linh\n"
    layout = analyse_layout(text)
    assert layout.title == TITLE
    assert text[layout.article[0]:layout.article[1]] == f"{TITLE}\n{LEAD}\n{BODY_1}\nHà Linh"


def test_masthead_footer_ends_the_article() -> None:
    footer = "Báo điện tử ABC. Giấy phép số 123/GP-BTTTT. Tổng biên tập: Nguyễn Văn A."
    text = f"{TITLE}\n{LEAD}\n{BODY_1}\n{footer}\n"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(BODY_1)


def test_last_line_url_is_the_page_url() -> None:
    url = "https://baoquocte.vn/hop-tac-viet-trung-12345.html"
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n\nTheo dõi chúng tôi trên Facebook\n\n{url}\n"
    layout = analyse_layout(text)
    assert layout.url == url
    assert text[:layout.article[1]].endswith(BODY_1)


def test_clean_article_text_is_all_article() -> None:
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n"
    layout = analyse_layout(text)
    assert layout.article == (0, len(text) - 1)
    assert layout.furniture == ()
    assert layout.title == TITLE


def test_text_without_prose_is_kept_whole() -> None:
    text = "  Hà Nội, Thượng Hải.\nMột dòng ngắn.\n"
    layout = analyse_layout(text)
    assert layout.article == (2, len(text) - 1)


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_text(text: str) -> None:
    assert analyse_layout(text) == Layout(None, None, (0, 0), ())


def test_one_huge_page_is_analysed_whole() -> None:
    caption, related = "Quang cảnh buổi tiếp.", "Tin liên quan"
    page = "\n".join([TITLE, LEAD, BODY_1, caption, BODY_2, related, "Khác", ""])
    text = page * (5_000_000 // len(page))
    layout = analyse_layout(text)
    assert_well_formed(text, layout)


# --- bundled samples ---------------------------------------------------------


def load_sample(name_prefix: str) -> str:
    path = next(SAMPLES.glob(f"{name_prefix}_*.txt"))
    return normalise_text(decode_bytes(path.read_bytes())[0])


def gold_records() -> list[dict]:
    if not GOLD.exists():
        return []
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.skipif(not GOLD.exists(), reason="gold file not available")
@pytest.mark.parametrize("record", gold_records(), ids=lambda r: r["meta"]["source"])
def test_sample_layout_matches_gold(record: dict) -> None:
    text = load_sample(record["meta"]["source"].split("_")[0])
    assert text == record["text"]
    layout = analyse_layout(text)
    assert_well_formed(text, layout)
    start, end = layout.article
    in_furniture = {i for first, last in layout.furniture for i in range(first, last)}
    for span in record["spans"]:
        assert start <= span["start"] and span["end"] <= end, span
        assert not in_furniture & set(range(span["start"], span["end"])), span
    gold_start, gold_end = record["meta"]["article"]
    gold_furniture = {i for a, b in record["meta"]["furniture_inside"] for i in range(a, b)}
    gold_content = {i for i in range(gold_start, gold_end) if not text[i].isspace()}
    gold_content -= gold_furniture
    ours = {i for i in range(start, end) if not text[i].isspace()} - in_furniture
    assert not ours - gold_content, "furniture or page text taken as article"
    assert len(ours & gold_content) >= 0.98 * len(gold_content)


def test_sample_001_drops_related_stories_and_menus() -> None:
    text = load_sample("001")
    layout = analyse_layout(text)
    assert layout.title == (
        "Tăng cường quan hệ hợp tác hữu nghị giữa các địa phương của Việt Nam và Trung Quốc"
    )
    visible = article_text(text, layout)
    assert "Phó Thủ tướng Trần Hồng Hà nhấn mạnh như vậy" in visible
    assert "Theo Báo Chính phủ" in visible
    for dropped in ("Trang chủ", "20:42", "Tin bài liên quan", "Các tin bài khác", "Đọc nhiều",
                    "[Video]", "Phiên bản di động", "Thúc đẩy hợp tác quốc phòng",
                    "Việt Nam kêu gọi tôn trọng lợi ích"):
        assert dropped not in visible


def test_sample_003_has_no_title_and_keeps_the_byline() -> None:
    text = load_sample("003")
    layout = analyse_layout(text)
    assert layout.title is None
    visible = article_text(text, layout)
    assert visible.startswith("Hội kiến với Bí thư Tỉnh ủy Quảng Đông")
    assert visible.endswith("Ngọc Ánh")


# --- widget bars, credit captions, late bylines (held-out review, new pages) ---


@pytest.mark.parametrize("bar", [
    "Chia sẻ   Facebook   Zalo   In bài viết   Cỡ chữ  A-  A+",
    "Thích  Chia sẻ  Tweet  Gửi email  In",
    "Nghe đọc bài | Cỡ chữ A- A+ | Chia sẻ: Facebook Zalo",
    "Facebook Twitter Email Sao chép link",
])
def test_share_bar_after_the_headline_is_furniture(bar: str) -> None:
    headline = "Tỉnh Cao Bằng và thành phố Bách Sắc mở rộng hợp tác thương mại biên giới"
    text = f"Trang chủ | Thời sự | Kinh tế\n07:30 | 14/05/2024\n\n{headline}\n\n{bar}\n\n{LEAD}\n\n{BODY_1}\n"
    layout = analyse_layout(text)
    assert layout.title == headline
    assert text[layout.article[0]:].startswith(headline)
    assert furniture_texts(text, layout) == [bar]


def test_widget_words_inside_a_sentence_are_not_a_bar() -> None:
    line = "Người dân chia sẻ video trên Facebook và Zalo về lễ hội."
    text = f"{TITLE}\n{LEAD}\n{line}\n{BODY_1}\n"
    layout = analyse_layout(text)
    assert line in article_text(text, layout)


def test_caption_closed_by_a_photo_credit_byline_and_source_stay() -> None:
    caption = "Lãnh đạo hai địa phương chụp ảnh lưu niệm tại buổi làm việc - Ảnh: VGP/Quang Thương"
    source = "Nguồn: https://baochinhphu.vn/hop-tac-dia-phuong-1022405.htm"
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n\n{caption}\n\nQuang Thương\n\n{source}\n"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(source)
    assert caption in article_text(text, layout)


def test_byline_after_inline_related_links_before_the_related_box() -> None:
    links = (
        "Quảng Ninh và Quảng Tây tăng cường hợp tác du lịch biên giới\n"
        "Lạng Sơn thúc đẩy thông quan hàng nông sản qua cửa khẩu"
    )
    # inline links glued under the last paragraph, then the byline, then the related box
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n\n{BODY_2}\n{links}\n\nMinh Hằng\n\nTin bài liên quan\n\nMột tin khác\n"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith("Minh Hằng")
    assert "Quảng Ninh và Quảng Tây" not in article_text(text, layout)


def test_name_like_line_after_links_without_a_closing_heading_is_left_out() -> None:
    links = (
        "Quảng Ninh và Quảng Tây tăng cường hợp tác du lịch biên giới\n"
        "Lạng Sơn thúc đẩy thông quan hàng nông sản qua cửa khẩu"
    )
    text = f"{TITLE}\n\n{LEAD}\n\n{BODY_1}\n{links}\n\nThời Sự\n\nMột dòng khác của trang\n"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(BODY_1)


# --- related-story blocks inside the article (held-out #2 causes, new pages) ---

RELATED_BODY_3 = (
    "Hai bên nhất trí giao các sở, ngành liên quan xây dựng kế hoạch hợp tác cụ thể, duy trì cơ chế "
    "hội đàm thường niên và thúc đẩy giao lưu nhân dân giữa hai địa phương trong thời gian tới."
)


@pytest.mark.parametrize("heading", ["Tin liên quan", "Xem thêm:", "Đọc thêm", "TIN LIÊN QUAN", "Tin cùng chuyên mục"])
def test_related_block_inside_the_article_is_furniture_and_the_body_spans_both_sides(heading: str) -> None:
    block = [heading, "Lào Cai đón đoàn doanh nghiệp Vân Nam khảo sát đầu tư", "Hà Giang mở lại chợ biên giới..."]
    text = "\n".join(["Trang chủ Thời sự", "", TITLE, "", LEAD, "", BODY_1, "", *block, "", BODY_2, "",
                      RELATED_BODY_3, "", "Minh Anh", "", "Tin khác", "Một tin khác của trang báo hôm nay", "© Báo"])
    layout = analyse_layout(text)
    assert_well_formed(text, layout)
    seen = article_text(text, layout)
    assert seen.startswith(TITLE) and LEAD in seen and BODY_2 in seen and RELATED_BODY_3 in seen
    assert seen.rstrip().endswith("Minh Anh")
    assert heading not in seen and "Lào Cai đón" not in seen
    assert "Tin khác" not in seen


def test_related_block_followed_by_no_article_prose_ends_the_article() -> None:
    text = "\n".join([TITLE, "", LEAD, "", BODY_1, "", "Đọc thêm", "Lào Cai đón đoàn doanh nghiệp Vân Nam",
                      "Hà Giang mở lại chợ biên giới Thanh Thủy", "", "Về đầu trang", "© Báo"])
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(BODY_1)


def test_byline_after_a_related_block_before_the_footer_closes_the_article() -> None:
    text = "\n".join([TITLE, "", LEAD, "", BODY_1, "", "Tin cùng chuyên mục",
                      "Xuất khẩu nông sản qua Lạng Sơn tăng mạnh", "", "Minh Anh/VOV-Côn Minh", "",
                      "Tags: hợp tác, Vân Nam"])
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith("Minh Anh/VOV-Côn Minh")
    assert "Tin cùng chuyên mục" not in article_text(text, layout)


def test_doubled_headline_with_reading_time_keeps_one_copy_as_title() -> None:
    text = "\n".join(["Thời sự › Đối ngoại", "", TITLE, TITLE, "Thứ Hai, 12/5/2025, 08:15 (GMT+7)",
                      "Nghe bài viết | 4 phút đọc", "", LEAD, "", BODY_1])
    layout = analyse_layout(text)
    assert layout.title == TITLE
    assert layout.article[0] == text.index(TITLE)
    seen = article_text(text, layout)
    assert seen.count(TITLE) == 1 and "phút đọc" not in seen


def test_caption_with_credit_after_a_full_stop_and_byline_with_affiliation_close_the_article() -> None:
    caption = "Lãnh đạo hai tỉnh trao quà lưu niệm. Ảnh: Minh Anh/TTXVN"
    text = "\n".join([TITLE, "", LEAD, "", BODY_1, "", caption, "", "Minh Anh (Sở Ngoại vụ)", "", "Từ khóa: Vân Nam"])
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith("Minh Anh (Sở Ngoại vụ)")


def test_headline_right_after_a_weekday_timestamp_starts_the_article() -> None:
    title = "Quảng Ninh và Quảng Tây bàn cách nâng năng lực thông quan hàng nông sản"
    share = "Đăng lúc: 02/04/2024 09:30   Chia sẻ: Facebook | Zalo | In bài"
    text = (
        "Trang chủ | Thời sự | Kinh tế | Đối ngoại\nĐăng nhập   Tìm kiếm\nThứ Ba, 02/04/2024 09:30\n"
        f"{title}\n{share}\n{LEAD}\n{BODY_1}\nViết Tuân\nTags: Trùng Khánh"
    )
    layout = analyse_layout(text)
    assert layout.title == title
    assert article_text(text, layout).startswith(title)
    assert any(share in part for part in furniture_texts(text, layout))


def test_headline_between_menus_and_a_timestamp_starts_the_article() -> None:
    title = "Đẩy mạnh hợp tác giữa tỉnh Vân Nam với các địa phương Tây Bắc"
    text = (
        "Báo Điện tử | Tin tức\nChính trị | Kinh tế | Quốc tế | Địa phương\n"
        f"{title}\nThứ Hai, 08/07/2019 07:45 (GMT+7)\nChia sẻ  |  Bản in  |  Gửi bài\n"
        f"{LEAD}\n{BODY_1}\nViết Tuân\nTags: Trùng Khánh"
    )
    layout = analyse_layout(text)
    assert layout.title == title
    assert article_text(text, layout).startswith(title)
    assert any("Chia sẻ  |  Bản in  |  Gửi bài" in part for part in furniture_texts(text, layout))


# --- real-page shapes (issue 9): invented pages, names and places found in no data file ---

INVENTED_TITLE = "Tỉnh Phù Vân và châu Lạc Thủy Hà mở rộng hợp tác nông nghiệp biên giới"
INVENTED_LEAD = (
    "Sáng 14/3, Chủ tịch UBND tỉnh Phù Vân Khổng Minh Trác đã hội đàm với ông Vi Thạch Lâm, "
    "Châu trưởng châu Lạc Thủy Hà, về hợp tác nông nghiệp, thương mại và du lịch biên giới."
)
INVENTED_BODY = (
    "Ông Khổng Minh Trác cho biết tỉnh Phù Vân coi trọng quan hệ hữu nghị với châu Lạc Thủy Hà, "
    "kim ngạch thương mại qua địa bàn tăng đều mỗi năm và còn nhiều dư địa để hai bên cùng khai thác."
)
INVENTED_BODY_2 = (
    "Ông Vi Thạch Lâm đề nghị hai bên duy trì cơ chế hội đàm thường niên, tạo thuận lợi cho xe hàng "
    "nông sản thông quan và mở rộng giao lưu văn hóa giữa nhân dân hai địa phương trong năm nay."
)
INVENTED_CAPTION = "Quang cảnh buổi hội đàm. Ảnh: Hạ Lam Sơ"


def visible(text: str) -> str:
    """What a reviewer sees of a page: the article with its furniture blanked out."""
    return article_text(text, analyse_layout(text))


@pytest.mark.parametrize("rest, starts", [
    (INVENTED_LEAD, INVENTED_LEAD),
    (INVENTED_TITLE, INVENTED_TITLE),
    (f"(TKO) - {INVENTED_LEAD}", "(TKO) - "),
])
def test_date_stamp_glued_to_the_first_line_stays_outside(rest: str, starts: str) -> None:
    text = f"date 2025-03-14 {rest}\n\n{INVENTED_BODY}\n\n{INVENTED_BODY_2}"
    layout = analyse_layout(text)
    assert layout.article == (len("date 2025-03-14 "), len(text))
    assert text[layout.article[0]:].startswith(starts)


def test_date_stamp_and_section_label_glued_to_title_and_lead_stay_outside() -> None:
    text = f"date 2025-03 Thời sự {INVENTED_TITLE} {INVENTED_LEAD}\n\n{INVENTED_BODY}\n\n{INVENTED_BODY_2}"
    layout = analyse_layout(text)
    assert text[layout.article[0]:].startswith(INVENTED_TITLE)


def test_date_stamp_line_of_its_own_stays_outside_and_the_title_starts_the_article() -> None:
    text = f"date 2025-03-14 Thứ Sáu, 14/03/2025\n\n{INVENTED_TITLE}\n\nMinh Khuê\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.title == INVENTED_TITLE
    assert text[layout.article[0]:].startswith(INVENTED_TITLE)


@pytest.mark.parametrize("cut", ["Ông Vi Thạch Lâm cũng đề nghị", "Đại di", "Bí", "Tỉnh Phù Vân và châu Lạc Thủy Hà mở rộng hợp t"])
def test_cut_off_last_line_is_inside_the_region(cut: str) -> None:
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}\n\n{cut}\n"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(cut)
    assert cut in visible(text)


def test_cut_off_last_line_after_a_picture_file_is_inside_the_region() -> None:
    cut = "Đoàn đại biểu tỉnh Phù Vân chụp ảnh lưu niệm cùng lãnh đạo châu Lạc T"
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}\n\nhoi-dam-phu-van.jpg\n{cut}"
    layout = analyse_layout(text)
    assert layout.article[1] == len(text)
    assert furniture_texts(text, layout) == ["hoi-dam-phu-van.jpg"]


def test_last_line_after_a_link_list_is_still_left_out() -> None:
    links = "Phù Vân đón đoàn doanh nghiệp Lạc Thủy Hà khảo sát\nChợ biên giới Tân Khê họp lại sau Tết"
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}\n{links}\n\nMột dòng khác của tr"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(INVENTED_BODY)


@pytest.mark.parametrize("picture", [
    "img-20250314-091502.jpg",
    "baotankhe-br_mg-2207.JPG",
    "![]() |",
    '<image>data:image/s3,"s3://crabby-images/5e1c8/5e1c874e2ed7e0f21d49d49d7ae98a4e49440c06" alt="Quang cảnh buổi hội đàm."</image>',
    "Chú thích ảnh",
])
def test_picture_file_names_markup_and_caption_labels_are_furniture(picture: str) -> None:
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{picture}\n{INVENTED_CAPTION}\n\n{INVENTED_BODY}\n\n{INVENTED_BODY_2}"
    layout = analyse_layout(text)
    assert layout.article == (0, len(text))
    assert furniture_texts(text, layout) == [picture]
    assert INVENTED_CAPTION in visible(text)


def test_table_cell_caption_beside_an_empty_picture_stays_article_text() -> None:
    cell = "| Quang cảnh buổi hội đàm. Ảnh: Báo Tân Khê. |"
    text = f"{INVENTED_TITLE}\n{INVENTED_LEAD}\n![]() |\n{cell}\n{INVENTED_BODY}"
    assert cell in visible(text)


@pytest.mark.parametrize("line", ["24/03/2025", "24/03/2025 20:17", "Minh Khuê - Ảnh: Hạ Lam Sơ 24/03/2025 22:19", "Tân Khê TKO | 24/03/2025 13:52"])
def test_lone_dateline_inside_the_article_is_article_text(line: str) -> None:
    text = f"{INVENTED_TITLE}\n{line}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.article == (0, len(text))
    assert layout.furniture == ()


@pytest.mark.parametrize("line", ["Thứ Sáu, 14/03/2025 16:36 PM - 0 Trả lời", "24/03/2025 08:45   Lưu   Chia sẻ", "12 bình luận"])
def test_stamp_with_a_comment_counter_or_widgets_is_furniture(line: str) -> None:
    text = f"{INVENTED_TITLE}\n{line}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert furniture_texts(text, layout) == [line]


def test_title_printed_again_under_itself_with_a_relative_stamp_is_furniture() -> None:
    long_title = INVENTED_TITLE + ", hướng tới xây dựng vùng biên giới hòa bình, hữu nghị, hợp tác và cùng phát triển (Trung Quốc)"
    text = f"{long_title}\n\n{long_title}\n5 giờ trướcBài gốc\n{INVENTED_LEAD}\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.title == long_title
    assert layout.article == (0, len(text))
    assert furniture_texts(text, layout) == [f"{long_title}\n5 giờ trướcBài gốc"]


def test_title_repeated_further_down_stays_article_text() -> None:
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{INVENTED_TITLE}\n{INVENTED_TITLE}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.furniture == ()
    assert visible(text).count(INVENTED_TITLE) == 3


@pytest.mark.parametrize("number", [" ảnh 1", " - Ảnh 2", " (ảnh 3)"])
def test_alt_text_lines_with_a_picture_number_and_their_cut_off_next_are_furniture(number: str) -> None:
    alt, cut = f"{INVENTED_TITLE}{number}", INVENTED_TITLE[:31]
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{alt}\nQuang cảnh buổi hội đàm.\n\n{INVENTED_BODY}\n\n{cut}"
    layout = analyse_layout(text)
    assert layout.article == (0, len(text))
    assert furniture_texts(text, layout) == [alt, cut]


def test_skip_link_and_slogan_above_the_headline_stay_outside() -> None:
    slogan = "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh Phù Vân lần thứ IX, nhiệm kỳ 2025 - 2030"
    text = f"Nhảy đến nội dung\n{slogan}\n\n{INVENTED_TITLE}\n\n{INVENTED_LEAD} {INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.title == INVENTED_TITLE
    assert text[layout.article[0]:].startswith(INVENTED_TITLE)


def test_title_with_a_picture_number_and_a_full_stop_reads_as_a_caption() -> None:
    caption = f"{INVENTED_TITLE} - Ảnh 1."
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{caption}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.furniture == ()
    assert caption in visible(text)


def test_site_header_with_a_logo_address_is_not_the_title() -> None:
    header = "TKO-Sở Nông nghiệp và Môi trường tỉnh Phù Vânhttp://tankhe.example.vn/assets/logo.png"
    caption = "Lãnh đạo hai địa phương ký biên bản hội đàm tại tỉnh Phù Vân."
    text = f"{header}\nThứ tư - 14/03/2025 03:08\n{caption}\n{INVENTED_LEAD}\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert text[layout.article[0]:].startswith(caption)


def test_masthead_in_capitals_is_not_the_title_and_a_caption_may_open_the_article() -> None:
    text = "\n".join([
        "MỚI NHẤT", "CƠ QUAN CỦA HỘI NÔNG DÂN TỈNH PHÙ VÂN", f"{INVENTED_CAPTION}.", "",
        "Phù Vân có chợ nông sản biên giới đầu tiên", "", "Hạ Lam Sơ TKO | 14/03/2025 13:52", "",
        INVENTED_LEAD, "", INVENTED_BODY,
    ])
    layout = analyse_layout(text)
    assert text[layout.article[0]:].startswith(INVENTED_CAPTION)
    assert layout.furniture == ()


def test_repeated_caption_with_a_photo_credit_is_not_taken_for_the_title() -> None:
    caption = (
        "Hội nghị xúc tiến hợp tác kinh tế, thương mại giữa tỉnh Phù Vân (Việt Nam) và châu Lạc Thủy Hà "
        "(Trung Quốc). (Ảnh: Cổng thông tin tỉnh Phù Vân)"
    )
    text = "\n\n".join(["date 2025-03-14 Thứ Sáu, 14/03/2025", INVENTED_TITLE, "Minh Khuê", "14/03/2025, 10:00",
                      INVENTED_LEAD, caption, caption, INVENTED_BODY, INVENTED_BODY_2])
    layout = analyse_layout(text)
    assert layout.title == INVENTED_TITLE
    assert text[layout.article[0]:].startswith(INVENTED_TITLE)
    assert visible(text).count(caption) == 2


def test_long_paragraph_trailing_off_after_a_caption_like_line_is_not_a_story_teaser() -> None:
    caption = "Ông Khổng Minh Trác (phải) - Chủ tịch UBND tỉnh tiếp đoàn lãnh đạo châu Lạc Thủy Hà"
    trailing = f"{INVENTED_BODY} {INVENTED_BODY_2} {INVENTED_BODY} Hiện có 65 dự án với tổng vốn hơn 40 tỷ đô la Mỹ..."
    text = f"{INVENTED_LEAD}\n{caption}\n{trailing}\n{INVENTED_BODY_2}\n{caption}\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.furniture == ()
    assert trailing in visible(text)


def test_site_name_glued_to_its_date_between_title_and_lead_keeps_the_title() -> None:
    stamp = "Báo Tân KhêBáo Tân Khê17/03/2025"
    text = f"Nhật báo Tân Khê - Tin tức mỗi ngày\n\n{INVENTED_TITLE}\n\n{stamp}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}"
    layout = analyse_layout(text)
    assert layout.title == INVENTED_TITLE
    assert text[layout.article[0]:].startswith(INVENTED_TITLE)


def test_comment_form_after_the_article_ends_it() -> None:
    form = "Phản hồi\n\n* Vui lòng nhập bình luận tiếng Việt có dấu"
    text = f"{INVENTED_TITLE}\n\n{INVENTED_LEAD}\n\n{INVENTED_BODY}./.\n\n\n{form}"
    layout = analyse_layout(text)
    assert text[:layout.article[1]].endswith(f"{INVENTED_BODY}./.")
