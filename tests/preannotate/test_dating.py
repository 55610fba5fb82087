"""The article's date: the page's time stamp first, then dates in the article, then stated years."""
from __future__ import annotations

from annotate.preannotate.dating import article_date, page_date


def test_article_date_prefers_full_dates():
    assert article_date("Hà Nội, 04/11/2023 — năm 2030 mục tiêu") == "2023-11-04"
    assert article_date("tháng 7/2021 và năm 2020") == "2021-07-28"
    assert article_date("không có ngày") is None


def test_page_date_prefers_the_page_time_stamp_over_years_in_the_body():
    text = (
        "Trang chủ Thế giới\n10:20 | 14/03/2024 GMT+7\n\nHà Giang đón đoàn Văn Sơn\n"
        "Hai bên sẽ tổ chức nhiều hoạt động trong năm 2025 và đến năm 2030."
    )
    region = (text.index("Hà Giang"), len(text))
    assert page_date(text, region) == "2024-03-14"
    body = text[region[0]:]
    assert page_date(body) == "2025-12-31"  # only forward-looking years: the latest one, for want of anything else
    assert page_date("Thứ Sáu, 08/11/2024 - 09:00\nBài viết ngày 02/01/2025 về năm 2026.") == "2024-11-08"


def test_forward_looking_years_do_not_date_the_article():
    assert article_date("Năm 2023, kim ngạch đạt 5 tỷ USD; hai bên phấn đấu đến năm 2025 tăng gấp đôi.") == "2023-12-31"
    assert article_date("Nhân dịp năm 2025 kỷ niệm 75 năm quan hệ, năm 2024 hai bên ký kết.") == "2024-12-31"
