"""The article's date, so that homonyms of both administrative eras resolve to the unit of its time.

The page's own time stamp wins (above the title, in the byline); then the
article's latest full date or URL date, then the page's; then months; then
years, where years written in forward-looking phrases ("đến năm 2030") count
only when nothing else is there.
"""
from __future__ import annotations

import re
from typing import Sequence

DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](20\d{2})(?!\d)")
DATE_MY = re.compile(r"(?<![\d/])(\d{1,2})/(20\d{2})(?!\d)")
DATE_URL = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})\d{0,9}(?:\.html?|\.vnp|\.htm)?")
DATE_YEAR = re.compile(r"[Nn]ăm (20\d{2})(?!\d)")

# A page's own time stamp: a full date with a clock time, a weekday, "GMT" or "Cập nhật" next to it
# ("Thứ Sáu, 25/03/2022 16:05 (GMT+7)", "09:15 | 06/06/2024 GMT+7", "26-11-2020, 18:32").
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}(?::|h)\d{2}(?![\d/])")
_STAMP_BEFORE = re.compile(
    r"(?:\b(?:Thứ|thứ)\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|\b(?:Chủ nhật|Chủ Nhật|CN)|Cập nhật|cập nhật|Đăng|đăng|"
    r"Xuất bản|xuất bản|Ngày đăng|Published|Updated)[^\n\d]{0,20}$"
)
_STAMP_AFTER = re.compile(r"^[^\n\d]{0,20}(?:GMT|UTC)")
# Years written in a forward-looking phrase say nothing about when the article was written.
_FUTURE_BEFORE = re.compile(
    r"(?:đến|tới|trước|sau|tầm nhìn|mục tiêu|kế hoạch|dự kiến|sẽ|dịp|giai đoạn|hướng tới|chuẩn bị cho)"
    r"(?:\s+\S+){0,2}\s+$"
)
_FUTURE_AFTER = re.compile(r"^\S*(?:\s+\S+){0,3}?\s+(?:sẽ|dự kiến|tới)\b")


def _full_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every d/m/yyyy date in text."""
    out = []
    for m in DATE_DMY.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= d <= 31 and 1 <= mo <= 12:
            out.append((m.start(), m.end(), f"{y}-{mo:02d}-{d:02d}"))
    return out


def _is_stamp(text: str, start: int, end: int) -> bool:
    """A date written as the page's time stamp rather than in a sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - 24) : start]
    after = text[end : min(line_end, end + 24)]
    if _STAMP_BEFORE.search(before) or _STAMP_AFTER.match(after):
        return True
    near = before[-12:] + " " + after[:12]
    return bool(_CLOCK.search(near))


def _stamp_rank(text: str, region: tuple[int, int], pos: int) -> tuple[bool, int, int]:
    """Order of preference among time stamps: on a short line of its own first; then the nearest one
    above the article, else the first one inside it (a byline date), else the nearest one below it."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    own_line = (len(text) if line_end < 0 else line_end) - line_start <= 80  # a date line, not prose
    if pos < region[0]:
        return (not own_line, 0, region[0] - pos)
    if pos < region[1]:
        return (not own_line, 1, pos - region[0])
    return (not own_line, 2, pos - region[1])


def page_date(text: str, region: tuple[int, int] | None = None,
              segments: Sequence[tuple[int, int]] | None = None) -> str | None:
    """ISO date the article was most likely written on (see the module docstring for the order)."""
    region = region or (0, len(text))
    segments = list(segments) if segments is not None else [region]
    stamps = [(start, iso) for start, end, iso in _full_dates(text) if _is_stamp(text, start, end)]
    if stamps:
        return min(stamps, key=lambda stamp: _stamp_rank(text, region, stamp[0]))[1]
    article = "\n".join(text[s:e] for s, e in segments)
    return article_date(article) or article_date(text)


def article_date(text: str) -> str | None:
    """ISO date from dates written in text: its latest full date, else latest month, else year."""
    best = None
    for _, _, iso in _full_dates(text):
        best = max(best or iso, iso)
    for m in DATE_URL.finditer(text):
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            iso = f"{y}-{mo:02d}-{d:02d}"
            best = max(best or iso, iso)
    if best:
        return best
    for m in DATE_MY.finditer(text):
        mo, y = int(m.group(1)), m.group(2)
        if 1 <= mo <= 12:
            iso = f"{y}-{mo:02d}-28"
            best = max(best or iso, iso)
    return best or _year_date(text)


def _year_date(text: str) -> str | None:
    """The last day of the latest year stated ("Năm 2023"), forward-looking years only for want of others."""
    years, stated = [], []
    for m in DATE_YEAR.finditer(text):
        years.append(m.group(1))
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _FUTURE_BEFORE.search(text[max(line_start, m.start() - 40) : m.start()]):
            continue
        if _FUTURE_AFTER.match(text[m.end() : m.end() + 40]):
            continue
        stated.append(m.group(1))
    pool = stated or years
    return f"{max(pool)}-12-31" if pool else None
