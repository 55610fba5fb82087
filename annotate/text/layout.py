"""Find the article inside a scraped news page, so only the article gets annotated.

Pages copied from Vietnamese news sites hold one article (title, lead, body,
captions, byline or source line) wrapped in menus, time stamps, "follow us"
bars, related-story boxes and footers. We work line by line on structural
cues (lines.py says what each line looks like): prose lines carry the
article, known headings ("Tin liên quan", "Đọc thêm", ...) end it, and
repeated headlines with teasers are story lists. The text is never changed;
the result only reports code-point ranges.

When unsure, text stays inside the article: a reviewer rejects a wrong span
faster than they find text that was hidden. So a page cut off mid-sentence
keeps its last line, captions above the headline belong to the article, and
only what the guidelines list as furniture is hidden inside it (article_parts.py
settles the lines that depend on the title).
"""
from __future__ import annotations

from dataclasses import dataclass

from annotate.text.article_parts import refine_inside
from annotate.text.lines import (
    BARE_URL,
    INLINE_HEADINGS,
    LONG_PROSE,
    PAGE_URL,
    URL,
    ending,
    ends_with_ellipsis,
    has_photo_credit,
    heading_key,
    is_boundary,
    is_byline,
    is_caption,
    is_furniture_line,
    is_image_line,
    is_prose,
    is_source_line,
    is_title_like,
)
from annotate.text.page_lines import PageLine, split_lines

_MAX_INLINE_ITEMS = 8
_MAX_SKIPPED_BEFORE = 6
_MAX_SKIPPED_AFTER = 16
_MAX_TEASER = 300  # a story list's teaser is a sentence or two; a longer paragraph is the article's


@dataclass(frozen=True)
class Layout:
    """Where the article lies in the normalised text, and which parts inside it are furniture."""

    title: str | None
    url: str | None
    article: tuple[int, int]
    furniture: tuple[tuple[int, int], ...]


def analyse_layout(text: str) -> Layout:
    """Locate title, URL, article range and the furniture inside it."""
    lines = split_lines(text)
    furniture = _furniture_lines(lines)
    inline = _inline_blocks(lines, furniture)
    furniture |= inline
    boundaries = {
        line.index for line in lines
        if line.text and line.index not in inline and is_boundary(line.text)
    }
    core = _densest_prose_run(lines, furniture, boundaries)
    if core is None:
        return _whole_text_layout(lines, furniture)
    first, title_index = _extend_backwards(lines, furniture, core[0], boundaries)
    last = _extend_forwards(lines, furniture, core[1], boundaries)
    title_index = refine_inside(lines, furniture, first, last, title_index)
    return Layout(
        title=lines[title_index].text if title_index is not None else None,
        url=_find_url(lines, first, core[1], last),
        article=(lines[first].start, lines[last].end),
        furniture=_furniture_ranges(lines, furniture, first, last),
    )


# --- furniture blocks spanning several lines ---------------------------------


def _furniture_lines(lines: list[PageLine]) -> set[int]:
    """Indices of lines that are furniture wherever they occur."""
    marked = {line.index for line in lines if line.text and is_furniture_line(line.text)}
    marked |= _story_list_lines(lines)
    marked |= _link_list_lines(lines)
    return marked


def _inline_blocks(lines: list[PageLine], furniture: set[int]) -> set[int]:
    """Related-story blocks inside an article: a heading, a few headlines, then the article again.

    The block is kept as furniture inside the article when article prose follows it, or the
    article's closing byline or source line right before the page footer. A block followed by
    nothing of the article (other lists, footers) stays a boundary.
    """
    filled = [line for line in lines if line.text]
    marked: set[int] = set()
    for pos, line in enumerate(filled):
        if heading_key(line.text) not in INLINE_HEADINGS:
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
        if after.index in furniture or is_boundary(after.text):
            continue
        resumes = is_prose(after.text) and not ends_with_ellipsis(after.text)
        closes = (is_byline(after.text) or is_source_line(after.text)) and _closes_page(
            lines, after.index
        )
        if resumes or closes:
            marked.update(item.index for item in filled[pos:items])
    return marked


def _is_block_item(line: PageLine, furniture: set[int]) -> bool:
    """A headline or cut-off teaser listed under a related-story heading."""
    text = line.text
    if len(text) > 250 or is_boundary(text):
        return False
    if line.index in furniture or ends_with_ellipsis(text):
        return True
    return is_title_like(text)


def _could_be_headline(line: str) -> bool:
    """Repeated captions end with a full stop; repeated headlines do not."""
    return len(line) >= 10 and (ending(line) != "." or ends_with_ellipsis(line))


def _story_list_lines(lines: list[PageLine]) -> set[int]:
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
            if teaser and not teaser_starts_item and not is_boundary(teaser) and (
                is_prose(teaser) or ends_with_ellipsis(teaser)
            ):
                end = pos + 2
            items.append((pos, end, ends_with_ellipsis(filled[end].text)))
            pos = end + 1
        elif is_title_like(head) and ends_with_ellipsis(after) and 40 <= len(after) <= _MAX_TEASER:
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


def _link_list_lines(lines: list[PageLine]) -> set[int]:
    """Runs of two or more headline lines glued under a paragraph: inline related links."""
    marked: set[int] = set()
    index = 1
    while index < len(lines):
        run_end = index
        while run_end < len(lines) and lines[run_end].text and is_title_like(lines[run_end].text):
            run_end += 1
        above = lines[index - 1].text
        if run_end - index >= 2 and above and is_prose(above):
            marked.update(range(index, run_end))
        index = max(run_end, index + 1)
    return marked


# --- finding the article -----------------------------------------------------


def _line_score(line: PageLine, furniture: set[int]) -> int:
    """Prose counts for the article by its length; everything else against it."""
    if not line.text:
        return 0
    if line.index not in furniture and is_prose(line.text):
        return len(line.text)
    return -len(line.text)


def _densest_prose_run(
    lines: list[PageLine], furniture: set[int], boundaries: set[int]
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
    lines: list[PageLine], furniture: set[int], first: int, boundaries: set[int]
) -> tuple[int, int | None]:
    """Walk up from the body over lead, captions and bylines to the title; return (first, title)."""
    skipped = 0
    for index in range(first - 1, -1, -1):
        text = lines[index].text
        if not text:
            continue
        if index in boundaries:
            break
        if index in furniture or is_byline(text) or len(text) <= 3:
            skipped += 1
            if skipped > _MAX_SKIPPED_BEFORE:
                break
            continue
        if is_title_like(text) and len(text) < LONG_PROSE:
            above = _previous_filled(lines, index)
            if above is not None and lines[above].text == text:
                # A headline shown twice: the first copy is the title, the second furniture.
                furniture.add(index)
                index = above
            return _credited_captions_above(lines, furniture, index, boundaries), index
        if is_prose(text) or is_caption(text):
            first = index
            continue
        break
    return first, None


def _credited_captions_above(
    lines: list[PageLine], furniture: set[int], title: int, boundaries: set[int]
) -> int:
    """A photo caption with its credit printed above the headline still belongs to the article."""
    first = title
    above = _previous_filled(lines, first)
    while (
        above is not None and above not in boundaries and above not in furniture
        and has_photo_credit(lines[above].text)
    ):
        first = above
        above = _previous_filled(lines, first)
    return first


def _previous_filled(lines: list[PageLine], index: int) -> int | None:
    """Index of the nearest non-blank line above index."""
    for above in range(index - 1, -1, -1):
        if lines[above].text:
            return above
    return None


def _extend_forwards(
    lines: list[PageLine], furniture: set[int], last: int, boundaries: set[int]
) -> int:
    """Walk down from the body over captions, bylines, source lines and a cut-off last line."""
    skipped = 0
    only_pictures = True
    byline_taken = False
    for index in range(last + 1, len(lines)):
        text = lines[index].text
        if not text:
            continue
        if index in boundaries:
            break
        if index in furniture:
            skipped += 1
            only_pictures = only_pictures and is_image_line(text)
            if skipped > _MAX_SKIPPED_AFTER:
                break
            continue
        if is_source_line(text):
            last = index
        elif not skipped and not byline_taken and is_byline(text):
            last, byline_taken = index, True
        elif skipped and not byline_taken and is_byline(text) and _closes_page(lines, index):
            # "Thu Trang" after inline related links and right before "Tin bài liên quan"
            last, byline_taken = index, True
        elif not skipped and not byline_taken and is_caption(text):
            last = index
        else:
            if only_pictures and _is_last_filled(lines, index):
                last = index  # the page was cut off mid-sentence: the region runs to its end
            break
    return last


def _is_last_filled(lines: list[PageLine], index: int) -> bool:
    """True when no non-blank line follows lines[index]."""
    return not any(line.text for line in lines[index + 1:])


def _closes_page(lines: list[PageLine], index: int) -> bool:
    """True when the next filled line after index is a boundary heading, or there is none."""
    for line in lines[index + 1:]:
        if line.text:
            return is_boundary(line.text)
    return True


def _whole_text_layout(lines: list[PageLine], furniture: set[int]) -> Layout:
    """No prose to anchor on: the article is everything but outer furniture lines."""
    kept = [
        line for line in lines
        if line.text and line.index not in furniture and not is_boundary(line.text)
    ]
    if not kept:
        filled = [line for line in lines if line.text]
        if not filled:
            return Layout(None, None, (0, 0), ())
        kept = filled
    first, last = kept[0].index, kept[-1].index
    return Layout(
        title=kept[0].text if is_title_like(kept[0].text) else None,
        url=_find_url(lines, first, last, last),
        article=(kept[0].start, kept[-1].end),
        furniture=_furniture_ranges(lines, furniture, first, last),
    )


def _find_url(lines: list[PageLine], first: int, body_end: int, last: int) -> str | None:
    """The page address: a URL line above the article, in its closing lines, or last in the text."""
    for line in lines[:first]:
        if PAGE_URL.match(line.text):
            return _clean_url(line.text)
    closing = [line for line in lines[body_end + 1:last + 1] if is_source_line(line.text)]
    filled = [line for line in lines[last + 1:] if line.text]
    if filled and (BARE_URL.match(filled[-1].text) or is_source_line(filled[-1].text)):
        closing.append(filled[-1])
    for line in closing:
        found = URL.search(line.text)
        if found:
            return _clean_url(found.group())
    return None


def _clean_url(url: str) -> str:
    """Drop sentence punctuation that follows a URL in running text."""
    return url.rstrip(".,;:)]}>»\"'”")


def _furniture_ranges(
    lines: list[PageLine], furniture: set[int], first: int, last: int
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
