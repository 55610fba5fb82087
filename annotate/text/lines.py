"""What one line of a scraped news page looks like: prose, caption, title, byline, widget, boundary.

The word lists (headings, widget words, source-line openings) are data, in
data/layout.yaml; the patterns here are the shapes those words come in.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_DATA_PATH = Path(__file__).resolve().parent / "data" / "layout.yaml"


@lru_cache(maxsize=1)
def _words() -> dict:
    """data/layout.yaml, parsed once."""
    return yaml.load(_DATA_PATH.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


BOUNDARY_HEADINGS = frozenset(_words()["boundary_headings"])
INLINE_HEADINGS = frozenset(_words()["inline_headings"])
BOUNDARY_PREFIXES = tuple(_words()["boundary_prefixes"])
WIDGET_LINES = frozenset(_words()["widget_lines"])
WIDGET_WORDS = WIDGET_LINES | frozenset(_words()["widget_words"])
LINK_PREFIXES = tuple(_words()["link_prefixes"])
SOURCE_PREFIXES = tuple(_words()["source_prefixes"])
MASTHEAD_PREFIXES = tuple(_words()["masthead_prefixes"])
SECTION_LABELS = frozenset(_words()["section_labels"])
_WIDGET_MAX_WORDS = max(len(w.split()) for w in WIDGET_WORDS)

# Labels of a page's time stamp ("Cập nhật lúc: 15/03/2024 16:05"), dropped with the date and time
# before a line is tested as a widget bar, so a stamp glued to share buttons is furniture too.
_STAMP_LABEL = re.compile(
    r"\b(?:cập nhật(?: lúc| ngày)?|đăng(?: lúc| ngày)?|ngày đăng|thời gian|xuất bản|gmt\s*\+?\s*\d{0,2}"
    r"|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b",
    re.IGNORECASE,
)

# A reading-time or listen widget glued to share words ("Nghe bài viết | 5 phút đọc").
# "0 Trả lời", "12 bình luận": a comment counter, page furniture wherever it sits.
_COMMENT_COUNTER = re.compile(r"\b\d+\s*(?:trả lời|bình luận|phản hồi|comments?)\b", re.IGNORECASE)
_READING_TIME = re.compile(r"\b\d{1,3}\s*phút\s*(?:đọc|nghe)\b", re.IGNORECASE)
_FOLLOW_US = re.compile(r"^(theo dõi|follow)\b.{1,60}\b(trên|on)\b", re.IGNORECASE)
_REPORTER_CODE = re.compile(r"^(pv|ctv|nhóm pv|btv)\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-=_*~#.·•—–\s]{3,}$")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”]+")
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
# No word boundary before the day: sites glue their name to the date ("Báo Tân KhêBáo Tân Khê17/12/2025").
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}(?:-\d{1,2})?\b")
# A stored page's own date stamp opening its first line ("date 2025-10-30 <the page>").
PAGE_STAMP = re.compile(r"^date\s+\d{4}(?:-\d{1,2}){0,2}(?=\s|$)", re.IGNORECASE)
# "19 giờ trước", "5 phút trước": a relative time stamp, maybe glued to a widget ("Bài gốc").
_RELATIVE_TIME = re.compile(r"^\d{1,3}\s*(?:giây|phút|giờ|ngày|tuần|tháng)\s*trước", re.IGNORECASE)
# Image file names and image markup left in the text where a picture was ("img-2041.jpg",
# "![]() |", "<image>...</image>").
_IMAGE_FILE = re.compile(r"^[\w.%()+-]+\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?)$", re.IGNORECASE)
_IMAGE_MARKUP = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)|<image\b.*</image>|<img\b[^>]*>)[\s|]*$", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
_MASTHEAD = re.compile(
    r"Giấy phép[^.]{0,40} số|Tổng [Bb]iên tập:|Điện thoại:|Hotline:|E-?mail:|Fax:|Cơ quan chủ quản"
)
_WIDGET_SEPARATORS = re.compile(r"[|:·•/]")
# A photo credit closing a caption: "... - Ảnh: VGP/Hải Minh", "... (Ảnh: TTXVN)".
_CREDIT_END = re.compile(
    r"(?:\s[-–—]\s*|\(\s*|[.!?]\s+|^)(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn|Video|Clip|Đồ họa|Đồ hoạ)\s*:"
    r"\s*[^.;:!?()]{1,60}\)?$"
)
_BYLINE_PARTS = re.compile(r"\s[-–|]\s|\s*\|\s*|,\s")
_CREDIT_LABEL = re.compile(r"^\s*(?:Ảnh|Tin|Bài|Video|Clip)\s*:\s*")
_TRAILING_AFFILIATION = re.compile(r"\s+\([^()]{2,30}\)$")
PAGE_URL = re.compile(r"^(?:https?://|www\.)[^/\s]+/\S+")
_WORD = re.compile(r"\w+")
_HEADING_TRIM = " \t:.-–—»«>|•*#[](){}"
_CLOSERS = "\"'”’)]»"
_LIST_BULLET = re.compile(r"^([-+•*–]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_SENTENCE_END = ".!?…"
LONG_PROSE = 160


def heading_key(line: str) -> str:
    """Casefolded line without decoration, for comparing with the marker lists."""
    return " ".join(line.casefold().strip(_HEADING_TRIM).split())


def is_boundary(line: str) -> bool:
    """A heading or footer line that the article never crosses."""
    if len(line) > 400:
        return False
    if _MASTHEAD.search(line):
        return True
    if len(line) > 200:
        return False
    if heading_key(line) in BOUNDARY_HEADINGS or _COPYRIGHT.search(line):
        return True
    return line.casefold().startswith(BOUNDARY_PREFIXES) or is_masthead(line)


def is_masthead(line: str) -> bool:
    """A site's name or tagline in capitals ("CƠ QUAN CỦA ...", "ĐÀI PHÁT THANH ..."), not a headline."""
    return len(line) <= 120 and line.isupper() and line.casefold().startswith(MASTHEAD_PREFIXES)


def is_furniture_line(line: str) -> bool:
    """Widgets, "follow us", in-text links, rules, bare URLs, time stamps, doubled headlines."""
    if len(line) > 200:
        return False
    lowered = line.casefold()
    return (
        heading_key(line) in WIDGET_LINES
        or _is_widget_bar(lowered)
        or _is_widget_bar(_READING_TIME.sub("phút đọc", lowered), extra=("phút đọc",))
        or _is_stamped_widget_bar(lowered)
        or _is_menu(line)
        or (lowered.startswith(LINK_PREFIXES) and len(_WORD.findall(line)) > 1)
        or bool(_FOLLOW_US.match(line) and len(line) <= 80)
        or bool(_SEPARATOR.match(line))
        or bool(BARE_URL.match(line))
        or is_timestamp(line)
        or is_image_line(line)
        or _is_comment_counter(line)
        or _repeats_itself(line)
    )


def _is_widget_bar(lowered: str, extra: tuple[str, ...] = ()) -> bool:
    """Two or more widget words and nothing else on one line (share, print, font-size buttons)."""
    if len(lowered) > 160:
        return False
    words = _WIDGET_SEPARATORS.sub(" ", lowered).split()
    found = 0
    i = 0
    while i < len(words):
        for k in range(min(_WIDGET_MAX_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + k])
            if phrase in WIDGET_WORDS or phrase in extra:
                i += k
                found += 1
                break
        else:
            if not words[i].isdigit():  # share counters ("Chia sẻ 12")
                return False
            i += 1
    return found >= 2


def _is_stamped_widget_bar(lowered: str) -> bool:
    """A time stamp glued to share buttons ("Cập nhật lúc: 15/03/2024 16:05   Chia sẻ: Facebook | Zalo")."""
    if not (_DATE.search(lowered) or _TIME.search(lowered)):
        return False
    rest = _STAMP_LABEL.sub(" ", _TIME.sub(" ", _DATE.sub(" ", lowered)))
    rest = re.sub(r"[(),\-–]", " ", rest)
    return _is_widget_bar(rest)


def _is_menu(line: str) -> bool:
    """A navigation bar: three or more short items split by "|" ("Chính phủ | Kinh tế | Đối ngoại")."""
    if len(line) > 200 or line.count("|") < 2:
        return False
    items = [item.strip() for item in line.split("|")]
    return all(item and len(item.split()) <= 4 and ending(item) not in ".,;:!?" for item in items)


def _is_comment_counter(line: str) -> bool:
    """"12 bình luận", "Bình luận (3)", "0 Trả lời" on a line of their own."""
    if len(line) > 40:
        return False
    rest = _COMMENT_COUNTER.sub(" ", line)
    rest = re.sub(r"(?i)\b(?:trả lời|bình luận|phản hồi|comments?)\s*\(\d+\)", " ", rest)
    return rest != line and not rest.strip(" |·-–()")


def is_image_line(line: str) -> bool:
    """Where a picture was: its file name or its markup, never article text."""
    return bool(_IMAGE_FILE.match(line) or _IMAGE_MARKUP.match(line))


def is_dateline(line: str) -> bool:
    """A bare date or clock line (maybe with a name): no share button, no comment counter glued on."""
    if not is_timestamp(line) or _COMMENT_COUNTER.search(line) or _RELATIVE_TIME.match(line):
        return False
    return not _is_stamped_widget_bar(line.casefold())


def is_timestamp(line: str) -> bool:
    """A short line that is mostly a date or a clock time ("20:42 | 04/11/2023 GMT+7")."""
    if len(line) > 60 or line.endswith("."):
        return False
    relative = _RELATIVE_TIME.match(line)
    if relative:
        rest = line[relative.end():].strip(" |·-–")
        return not rest or heading_key(rest) in WIDGET_LINES or _is_widget_bar(rest.casefold())
    if not (_DATE.search(line) or _TIME.search(line) or _ISO_DATE.search(line)):
        return False
    words = [w for w in _WORD.findall(line) if not w.isdigit() and len(w) > 1]
    return len(words) <= 5


def _repeats_itself(line: str) -> bool:
    """A headline glued to a copy of itself: link text plus title attribute."""
    if len(line) < 30:
        return False
    half = len(line) // 2
    if len(line) % 2 == 1 and line[half] == " ":
        return line[:half] == line[half + 1:]
    return len(line) % 2 == 0 and line[:half] == line[half:]


def ending(line: str) -> str:
    """The last character that is not a closing quote or bracket."""
    trimmed = line.rstrip(_CLOSERS)
    return trimmed[-1] if trimmed else ""


def ends_with_ellipsis(line: str) -> bool:
    """Teasers are cut off with "..." or "…"."""
    return line.rstrip(_CLOSERS).endswith(("...", "…"))


def is_prose(line: str) -> bool:
    """Running text: a long punctuated line, a sentence of several words, or a list item."""
    if len(line) >= LONG_PROSE:
        # Menus glued into one line are long too, but carry no punctuation.
        return any(mark in line for mark in ",.;:!?…")
    end = ending(line)
    if _LIST_BULLET.match(line) and end in ".;" and len(line.split()) >= 4:
        return True
    if end not in _SENTENCE_END or len(_WORD.findall(line)) < 8:
        return False
    return end != "?" or len(line) >= 100


def is_caption(line: str) -> bool:
    """A short sentence, such as a photo caption, that belongs with the body.

    Captions end with a full stop or with their photo credit ("... - Ảnh: VGP/Hải Minh").
    """
    if len(line.split()) < 3 or ends_with_ellipsis(line):
        return False
    return ending(line) == "." or (len(line) <= 400 and bool(_CREDIT_END.search(line)))


def has_photo_credit(line: str) -> bool:
    """A caption closed by its photo credit ("... . Ảnh: Tân Văn.", "... (Ảnh: TTXVN)")."""
    return len(line.split()) >= 3 and len(line) <= 400 and bool(_CREDIT_END.search(line.rstrip(". ")))


def is_title_like(line: str) -> bool:
    """A headline: several words, capitalised, no final full stop or comma."""
    if not 15 <= len(line) <= 250 or not 4 <= len(line.split()) <= 45:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘([«"):
        return False
    if ending(line) in ".,;:" or URL.search(line) or _CREDIT_END.search(line):
        return False  # headlines carry neither addresses nor photo credits
    letters = sum(1 for ch in line if ch.isalpha())
    return letters >= 0.6 * len(line.replace(" ", ""))


def is_byline(line: str) -> bool:
    """A name on its own line ("Ngọc Ánh", "PHAN ANH", "Hoài Thu - Phạm Linh"), maybe with its stamp."""
    if any(ch.isdigit() for ch in line):
        return _is_stamped_byline(line)
    if len(line) > 50 or ending(line) in ".,;:!?":
        return False
    line = _TRAILING_AFFILIATION.sub("", line) or line  # "Minh Huyền (Sở Ngoại vụ)"
    words = [w for w in line.split() if w not in {"-", "–", "/", "&", "và", "|"}]
    if not words:
        return False
    if len(words) == 1:
        return words[0].isupper() and 2 <= len(words[0]) <= 12
    if len(words) >= 4 and line.isupper():
        return False  # an all-caps headline, not a name
    return len(words) <= 6 and all(w.lstrip("(")[:1].isupper() for w in words)


def _is_stamped_byline(line: str) -> bool:
    """Names and photo credits with the page's date ("Hà Vũ - Ảnh: Trung Sơn 29/09/2023 22:19")."""
    if len(line) > 90 or not (_DATE.search(line) or _TIME.search(line)):
        return False
    rest = _STAMP_LABEL.sub(" ", _TIME.sub(" ", _DATE.sub(" ", line)))
    parts = [_CREDIT_LABEL.sub("", part).strip() for part in _BYLINE_PARTS.split(rest)]
    parts = [part for part in parts if part]
    return bool(parts) and all(not any(ch.isdigit() for ch in part) and is_byline(part) for part in parts)


def is_source_line(line: str) -> bool:
    """A closing credit: "Theo TTXVN", "(theo TLSQ ...)", "Tin, ảnh: ...", "Nguồn: <url>"."""
    if len(line) > 200:
        return False
    lowered = line.casefold()
    if lowered.startswith(SOURCE_PREFIXES) or _REPORTER_CODE.match(lowered):
        return len(line) <= 120 or bool(URL.search(line))
    return line.startswith("(") and line.endswith(")") and len(line) <= 80
