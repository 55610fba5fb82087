"""Find the article inside a scraped news page, so only the article gets annotated.

Pages copied from Vietnamese news sites hold one article (title, lead, body,
captions, byline or source line) wrapped in menus, time stamps, "follow us"
bars, related-story boxes and footers. We work line by line on structural
cues: prose lines carry the article, known headings ("Tin liên quan", "Đọc
thêm", ...) end it, and repeated headlines with teasers are story lists.
The text is never changed; the result only reports code-point ranges.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Headings that start page furniture after (or before) the article; compared
# after _heading_key, so case, spaces and trailing ":" do not matter.
BOUNDARY_HEADINGS = frozenset({
    "tin bài liên quan", "tin liên quan", "bài liên quan", "bài viết liên quan",
    "tin tức liên quan", "liên quan", "đọc thêm", "xem thêm", "có thể bạn quan tâm",
    "bạn có thể quan tâm", "có thể bạn chưa đọc", "bạn nên biết", "các tin bài khác",
    "các tin khác", "tin khác", "bài khác", "các bài khác", "tin bài khác",
    "tin cùng chuyên mục", "cùng chuyên mục", "bài cùng chuyên mục", "tin cùng loại",
    "tin mới", "tin mới nhất", "mới nhất", "tin mới cập nhật", "tin đã đưa",
    "đọc nhiều", "đọc nhiều nhất", "xem nhiều", "xem nhiều nhất", "tin đọc nhiều",
    "tin xem nhiều", "được quan tâm", "quan tâm nhiều", "tin nổi bật", "nổi bật",
    "tiêu điểm", "tin tiêu điểm", "tin nóng", "bình luận", "ý kiến bạn đọc",
    "gửi bình luận", "viết bình luận", "gửi ý kiến", "ý kiến của bạn",
    "phiên bản di động", "bản di động", "về đầu trang", "lên đầu trang", "về trang chủ",
    "trang chủ", "từ khóa", "từ khoá", "tags", "tag", "chủ đề", "chuyên mục",
    "thông tin", "danh mục", "liên hệ", "liên hệ quảng cáo", "đặt báo",
    "thông tin tòa soạn", "rss",
})

# Related-story headings that may sit inside an article: when article prose resumes after
# the few headlines under them, the block is furniture inside the article, not its end.
INLINE_HEADINGS = frozenset({
    "tin bài liên quan", "tin liên quan", "bài liên quan", "bài viết liên quan",
    "tin tức liên quan", "liên quan", "đọc thêm", "xem thêm", "có thể bạn quan tâm",
    "bạn có thể quan tâm", "tin cùng chuyên mục", "cùng chuyên mục", "bài cùng chuyên mục",
})
_MAX_INLINE_ITEMS = 8

# Line openings of footers and tag bars, which end the article too.
BOUNDARY_PREFIXES = (
    "tags:", "tag:", "từ khóa:", "từ khoá:", "chủ đề:", "bản quyền", "copyright",
    "giấy phép", "tổng biên tập", "phó tổng biên tập", "cơ quan chủ quản",
    "chịu trách nhiệm", "tòa soạn:", "toà soạn:", "liên hệ quảng cáo", "ghi rõ nguồn",
    "® ghi rõ nguồn",
)

# Whole lines that are widgets: share bars, font-size buttons, loaders.
WIDGET_LINES = frozenset({
    "chia sẻ", "chia sẻ bài viết", "facebook", "zalo", "twitter", "email", "e-mail",
    "in bài", "in", "lưu", "lưu bài", "lưu tin", "copy link", "sao chép link",
    "sao chép liên kết", "gửi bài viết", "thích", "like", "share", "tweet", "print",
    "google news", "google tin tức", "theo dõi", "quay lại", "trở về", "nghe bài viết",
    "đọc bài viết", "nghe nội dung", "aa", "a a", "a+", "a-", "cỡ chữ", "xin chờ trong giây lát",
    "đang tải", "loading", "video", "tin ảnh", "multimedia", "podcast", "emagazine",
    "infographic", "infographics", "longform", "quảng cáo",
})

# Words of share/tool bars that glue several widgets on one line ("Chia sẻ   Facebook   Zalo
# In bài viết   Cỡ chữ  A-  A+", "Nghe đọc bài | Cỡ chữ | Chia sẻ: Facebook"): a line made
# only of these (two or more) is a widget bar.
WIDGET_WORDS = WIDGET_LINES | frozenset({
    "in bài viết", "in bài", "gửi email", "gửi e-mail", "gửi mail", "gửi", "nghe đọc bài", "nghe đọc",
    "nghe", "đọc bài", "messenger", "linkedin", "pinterest", "telegram", "viber", "whatsapp", "fb",
    "sao chép", "lưu bài viết", "tải xuống", "download", "phóng to", "thu nhỏ", "mặc định", "báo lỗi",
    "góp ý", "in trang", "chia sẻ qua", "bình luận", "x", "bản in", "gửi bài", "gửi bạn bè",
})
# Labels of a page's time stamp ("Cập nhật lúc: 15/03/2024 16:05"), dropped with the date and time
# before a line is tested as a widget bar, so a stamp glued to share buttons is furniture too.
_STAMP_LABEL = re.compile(
    r"\b(?:cập nhật(?: lúc| ngày)?|đăng(?: lúc| ngày)?|ngày đăng|thời gian|xuất bản|gmt\s*\+?\s*\d{0,2}"
    r"|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b",
    re.IGNORECASE,
)
_WIDGET_MAX_WORDS = max(len(w.split()) for w in WIDGET_WORDS)

# Line openings of in-article links ("Xem thêm: <headline>").
LINK_PREFIXES = (
    "xem thêm:", "đọc thêm:", "tin liên quan:", "bài liên quan:", "xem tiếp:",
    "xem video:", ">>", "»", "►", "▶",
)

# Line openings of byline and source lines that close an article.
SOURCE_PREFIXES = (
    "theo ", "(theo", "nguồn", "(nguồn", "tin, ảnh", "tin và ảnh", "tin ảnh:", "tin/ảnh",
    "bài, ảnh", "bài và ảnh", "bài/ảnh", "bài:", "ảnh:", "(ảnh", "video:", "clip:",
    "tác giả", "người viết", "biên dịch", "lược dịch", "dịch:", "thực hiện",
    "nhóm phóng viên", "phóng viên", "source", "(ttxvn", "ttxvn", "(vna",
)

# A reading-time or listen widget glued to share words ("Nghe bài viết | 5 phút đọc").
_READING_TIME = re.compile(r"\b\d{1,3}\s*phút\s*(?:đọc|nghe)\b", re.IGNORECASE)
_FOLLOW_US = re.compile(r"^(theo dõi|follow)\b.{1,60}\b(trên|on)\b", re.IGNORECASE)
_REPORTER_CODE = re.compile(r"^(pv|ctv|nhóm pv|btv)\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-=_*~#.·•—–\s]{3,}$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”]+")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
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
_TRAILING_AFFILIATION = re.compile(r"\s+\([^()]{2,30}\)$")
_PAGE_URL = re.compile(r"^(?:https?://|www\.)[^/\s]+/\S+")
_WORD = re.compile(r"\w+")
_HEADING_TRIM = " \t:.-–—»«>|•*#[](){}"
_CLOSERS = "\"'”’)]»"
_LIST_BULLET = re.compile(r"^([-+•*–]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")
_SENTENCE_END = ".!?…"

_LONG_PROSE = 160
_MAX_SKIPPED_BEFORE = 6
_MAX_SKIPPED_AFTER = 16


@dataclass(frozen=True)
class Layout:
    """Where the article lies in the normalised text, and which parts inside it are furniture."""

    title: str | None
    url: str | None
    article: tuple[int, int]
    furniture: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Line:
    """One text line: offsets of its stripped content, which is what ranges report."""

    index: int
    start: int
    end: int
    text: str


def analyse_layout(text: str) -> Layout:
    """Locate title, URL, article range and the furniture inside it."""
    lines = _split_lines(text)
    furniture = _furniture_lines(lines)
    inline = _inline_blocks(lines, furniture)
    furniture |= inline
    boundaries = {
        line.index for line in lines
        if line.text and line.index not in inline and _is_boundary(line.text)
    }
    core = _densest_prose_run(lines, furniture, boundaries)
    if core is None:
        return _whole_text_layout(lines, furniture)
    first, title_index = _extend_backwards(lines, furniture, core[0], boundaries)
    last = _extend_forwards(lines, furniture, core[1], boundaries)
    return Layout(
        title=lines[title_index].text if title_index is not None else None,
        url=_find_url(lines, first, core[1], last),
        article=(lines[first].start, lines[last].end),
        furniture=_furniture_ranges(lines, furniture, first, last),
    )


def _split_lines(text: str) -> list[_Line]:
    """Cut on "\\n" only (the text is normalised) and keep stripped-content offsets."""
    lines = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip()) if stripped else 0
        start = offset + lead
        lines.append(_Line(index, start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


# --- what a single line looks like -------------------------------------------


def _heading_key(line: str) -> str:
    """Casefolded line without decoration, for comparing with the marker lists."""
    return " ".join(line.casefold().strip(_HEADING_TRIM).split())


def _is_boundary(line: str) -> bool:
    """A heading or footer line that the article never crosses."""
    if len(line) > 400:
        return False
    if _MASTHEAD.search(line):
        return True
    if len(line) > 200:
        return False
    if _heading_key(line) in BOUNDARY_HEADINGS or _COPYRIGHT.search(line):
        return True
    return line.casefold().startswith(BOUNDARY_PREFIXES)


def _is_furniture_line(line: str) -> bool:
    """Widgets, "follow us", in-text links, rules, bare URLs, time stamps, doubled headlines."""
    if len(line) > 200:
        return False
    lowered = line.casefold()
    return (
        _heading_key(line) in WIDGET_LINES
        or _is_widget_bar(lowered)
        or _is_widget_bar(_READING_TIME.sub("phút đọc", lowered), extra=("phút đọc",))
        or _is_stamped_widget_bar(lowered)
        or _is_menu(line)
        or (lowered.startswith(LINK_PREFIXES) and len(_WORD.findall(line)) > 1)
        or bool(_FOLLOW_US.match(line) and len(line) <= 80)
        or bool(_SEPARATOR.match(line))
        or bool(_BARE_URL.match(line))
        or _is_timestamp(line)
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
    return all(item and len(item.split()) <= 4 and _ending(item) not in ".,;:!?" for item in items)


def _is_timestamp(line: str) -> bool:
    """A short line that is mostly a date or a clock time ("20:42 | 04/11/2023 GMT+7")."""
    if len(line) > 60 or line.endswith("."):
        return False
    if not (_DATE.search(line) or _TIME.search(line)):
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


def _ending(line: str) -> str:
    """The last character that is not a closing quote or bracket."""
    trimmed = line.rstrip(_CLOSERS)
    return trimmed[-1] if trimmed else ""


def _ends_with_ellipsis(line: str) -> bool:
    """Teasers are cut off with "..." or "…"."""
    return line.rstrip(_CLOSERS).endswith(("...", "…"))


def _is_prose(line: str) -> bool:
    """Running text: a long punctuated line, a sentence of several words, or a list item."""
    if len(line) >= _LONG_PROSE:
        # Menus glued into one line are long too, but carry no punctuation.
        return any(mark in line for mark in ",.;:!?…")
    end = _ending(line)
    if _LIST_BULLET.match(line) and end in ".;" and len(line.split()) >= 4:
        return True
    if end not in _SENTENCE_END or len(_WORD.findall(line)) < 8:
        return False
    return end != "?" or len(line) >= 100


def _is_caption(line: str) -> bool:
    """A short sentence, such as a photo caption, that belongs with the body.

    Captions end with a full stop or with their photo credit ("... - Ảnh: VGP/Hải Minh").
    """
    if len(line.split()) < 3 or _ends_with_ellipsis(line):
        return False
    return _ending(line) == "." or (len(line) <= 400 and bool(_CREDIT_END.search(line)))


def _is_title_like(line: str) -> bool:
    """A headline: several words, capitalised, no final full stop or comma."""
    if not 15 <= len(line) <= 250 or not 4 <= len(line.split()) <= 45:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘([«"):
        return False
    if _ending(line) in ".,;:" or _BARE_URL.match(line):
        return False
    letters = sum(1 for ch in line if ch.isalpha())
    return letters >= 0.6 * len(line.replace(" ", ""))


def _is_byline(line: str) -> bool:
    """A name on its own line ("Ngọc Ánh", "PHAN ANH", "Hoài Thu - Phạm Linh")."""
    if len(line) > 50 or any(ch.isdigit() for ch in line) or _ending(line) in ".,;:!?":
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


def _is_source_line(line: str) -> bool:
    """A closing credit: "Theo TTXVN", "(theo TLSQ ...)", "Tin, ảnh: ...", "Nguồn: <url>"."""
    if len(line) > 200:
        return False
    lowered = line.casefold()
    if lowered.startswith(SOURCE_PREFIXES) or _REPORTER_CODE.match(lowered):
        return len(line) <= 120 or bool(_URL.search(line))
    return line.startswith("(") and line.endswith(")") and len(line) <= 80


# --- furniture blocks spanning several lines ---------------------------------


def _furniture_lines(lines: list[_Line]) -> set[int]:
    """Indices of lines that are furniture wherever they occur."""
    marked = {line.index for line in lines if line.text and _is_furniture_line(line.text)}
    marked |= _story_list_lines(lines)
    marked |= _link_list_lines(lines)
    return marked


def _inline_blocks(lines: list[_Line], furniture: set[int]) -> set[int]:
    """Related-story blocks inside an article: a heading, a few headlines, then the article again.

    The block is kept as furniture inside the article when article prose follows it, or the
    article's closing byline or source line right before the page footer. A block followed by
    nothing of the article (other lists, footers) stays a boundary.
    """
    filled = [line for line in lines if line.text]
    marked: set[int] = set()
    for pos, line in enumerate(filled):
        if _heading_key(line.text) not in INLINE_HEADINGS:
            continue
        items = pos + 1
        while (
            items < len(filled)
            and items - pos <= _MAX_INLINE_ITEMS
            and _is_block_item(filled[items], furniture)
        ):
            items += 1
        if items == pos + 1 or items - pos > _MAX_INLINE_ITEMS or items >= len(filled):
            continue
        after = filled[items]
        if after.index in furniture or _is_boundary(after.text):
            continue
        resumes = _is_prose(after.text) and not _ends_with_ellipsis(after.text)
        closes = (_is_byline(after.text) or _is_source_line(after.text)) and _closes_page(
            lines, after.index
        )
        if resumes or closes:
            marked.update(item.index for item in filled[pos:items])
    return marked


def _is_block_item(line: _Line, furniture: set[int]) -> bool:
    """A headline or cut-off teaser listed under a related-story heading."""
    text = line.text
    if len(text) > 250 or _is_boundary(text):
        return False
    if line.index in furniture or _ends_with_ellipsis(text):
        return True
    return _is_title_like(text)


def _could_be_headline(line: str) -> bool:
    """Repeated captions end with a full stop; repeated headlines do not."""
    return len(line) >= 10 and (_ending(line) != "." or _ends_with_ellipsis(line))


def _story_list_lines(lines: list[_Line]) -> set[int]:
    """Lines of story lists: a headline shown twice (or once) and a teaser."""
    filled = [line for line in lines if line.text]
    items: list[tuple[int, int, bool]] = []  # first and last position in filled, cut-off teaser
    pos = 0
    while pos < len(filled) - 1:
        head, after = filled[pos].text, filled[pos + 1].text
        if head == after and _could_be_headline(head):
            end = pos + 1
            teaser = filled[pos + 2].text if pos + 2 < len(filled) else ""
            teaser_starts_item = pos + 3 < len(filled) and filled[pos + 3].text == teaser
            if teaser and not teaser_starts_item and not _is_boundary(teaser) and (
                _is_prose(teaser) or _ends_with_ellipsis(teaser)
            ):
                end = pos + 2
            items.append((pos, end, _ends_with_ellipsis(filled[end].text)))
            pos = end + 1
        elif _is_title_like(head) and _ends_with_ellipsis(after) and len(after) >= 40:
            items.append((pos, pos + 1, True))
            pos += 2
        else:
            pos += 1
    marked: set[int] = set()
    for number, (first, last, cut_off) in enumerate(items):
        joins_previous = number > 0 and items[number - 1][1] + 1 == first
        joins_next = number + 1 < len(items) and items[number + 1][0] == last + 1
        if cut_off or joins_previous or joins_next:
            marked.update(filled[p].index for p in range(first, last + 1))
    return marked


def _link_list_lines(lines: list[_Line]) -> set[int]:
    """Runs of two or more headline lines glued under a paragraph: inline related links."""
    marked: set[int] = set()
    index = 1
    while index < len(lines):
        run_end = index
        while run_end < len(lines) and lines[run_end].text and _is_title_like(lines[run_end].text):
            run_end += 1
        above = lines[index - 1].text
        if run_end - index >= 2 and above and _is_prose(above):
            marked.update(range(index, run_end))
        index = max(run_end, index + 1)
    return marked


# --- finding the article -----------------------------------------------------


def _line_score(line: _Line, furniture: set[int]) -> int:
    """Prose counts for the article by its length; everything else against it."""
    if not line.text:
        return 0
    if line.index not in furniture and _is_prose(line.text):
        return len(line.text)
    return -len(line.text)


def _densest_prose_run(
    lines: list[_Line], furniture: set[int], boundaries: set[int]
) -> tuple[int, int] | None:
    """The line range with the most prose net of other text, never crossing a boundary."""
    best_sum, best = 0, None
    running, run_start = 0, None
    for line in lines:
        if line.index in boundaries:
            running, run_start = 0, None
            continue
        score = _line_score(line, furniture)
        if run_start is None or running <= 0:
            if score <= 0:
                running, run_start = 0, None
                continue
            running, run_start = score, line.index
        else:
            running += score
        if running > best_sum:
            best_sum, best = running, (run_start, line.index)
    return best


def _extend_backwards(
    lines: list[_Line], furniture: set[int], first: int, boundaries: set[int]
) -> tuple[int, int | None]:
    """Walk up from the body over lead, captions and bylines to the title; return (first, title)."""
    skipped = 0
    for index in range(first - 1, -1, -1):
        text = lines[index].text
        if not text:
            continue
        if index in boundaries:
            break
        if index in furniture or _is_byline(text) or len(text) <= 3:
            skipped += 1
            if skipped > _MAX_SKIPPED_BEFORE:
                break
            continue
        if _is_title_like(text) and len(text) < _LONG_PROSE:
            above = _previous_filled(lines, index)
            if above is not None and lines[above].text == text:
                # A headline shown twice: the first copy is the title, the second furniture.
                furniture.add(index)
                return above, above
            return index, index
        if _is_prose(text) or _is_caption(text):
            first = index
            continue
        break
    return first, None


def _previous_filled(lines: list[_Line], index: int) -> int | None:
    """Index of the nearest non-blank line above index."""
    for above in range(index - 1, -1, -1):
        if lines[above].text:
            return above
    return None


def _extend_forwards(
    lines: list[_Line], furniture: set[int], last: int, boundaries: set[int]
) -> int:
    """Walk down from the body over captions, bylines and source lines."""
    skipped = 0
    byline_taken = False
    for index in range(last + 1, len(lines)):
        text = lines[index].text
        if not text:
            continue
        if index in boundaries:
            break
        if index in furniture:
            skipped += 1
            if skipped > _MAX_SKIPPED_AFTER:
                break
            continue
        if _is_source_line(text):
            last = index
        elif not skipped and not byline_taken and _is_byline(text):
            last, byline_taken = index, True
        elif skipped and not byline_taken and _is_byline(text) and _closes_page(lines, index):
            # "Thu Trang" after inline related links and right before "Tin bài liên quan"
            last, byline_taken = index, True
        elif not skipped and not byline_taken and _is_caption(text):
            last = index
        else:
            break
    return last


def _closes_page(lines: list[_Line], index: int) -> bool:
    """True when the next filled line after index is a boundary heading, or there is none."""
    for line in lines[index + 1:]:
        if line.text:
            return _is_boundary(line.text)
    return True


def _whole_text_layout(lines: list[_Line], furniture: set[int]) -> Layout:
    """No prose to anchor on: the article is everything but outer furniture lines."""
    kept = [
        line for line in lines
        if line.text and line.index not in furniture and not _is_boundary(line.text)
    ]
    if not kept:
        filled = [line for line in lines if line.text]
        if not filled:
            return Layout(None, None, (0, 0), ())
        kept = filled
    first, last = kept[0].index, kept[-1].index
    return Layout(
        title=kept[0].text if _is_title_like(kept[0].text) else None,
        url=_find_url(lines, first, last, last),
        article=(kept[0].start, kept[-1].end),
        furniture=_furniture_ranges(lines, furniture, first, last),
    )


def _find_url(lines: list[_Line], first: int, body_end: int, last: int) -> str | None:
    """The page address: a URL line above the article, in its closing lines, or last in the text."""
    for line in lines[:first]:
        if _PAGE_URL.match(line.text):
            return _clean_url(line.text)
    closing = [line for line in lines[body_end + 1:last + 1] if _is_source_line(line.text)]
    filled = [line for line in lines[last + 1:] if line.text]
    if filled and (_BARE_URL.match(filled[-1].text) or _is_source_line(filled[-1].text)):
        closing.append(filled[-1])
    for line in closing:
        found = _URL.search(line.text)
        if found:
            return _clean_url(found.group())
    return None


def _clean_url(url: str) -> str:
    """Drop sentence punctuation that follows a URL in running text."""
    return url.rstrip(".,;:)]}>»\"'”")


def _furniture_ranges(
    lines: list[_Line], furniture: set[int], first: int, last: int
) -> tuple[tuple[int, int], ...]:
    """Furniture lines inside the article, joined when only blank lines separate them."""
    merged: list[list[int]] = []  # start offset, end offset, last line index
    for index in range(first, last + 1):
        line = lines[index]
        if index not in furniture or not line.text:
            continue
        if merged and all(not lines[i].text for i in range(merged[-1][2] + 1, index)):
            merged[-1][1:] = [line.end, index]
        else:
            merged.append([line.start, line.end, index])
    return tuple((start, end) for start, end, _ in merged)
