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


def test_timestamp_between_title_and_lead_is_furniture() -> None:
    stamp = "Thứ sáu, 13/10/2023, 10:15 (GMT+7)"
    text = f"Thời sự\n{TITLE}\n{stamp}\n{LEAD}\n{BODY_1}\nViết Tuân\nTags: Trùng Khánh"
    layout = analyse_layout(text)
    assert layout.title == TITLE
    assert furniture_texts(text, layout) == [stamp]
    assert text[:layout.article[1]].endswith("Viết Tuân")


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
