"""Once the article region is known: its title, and which of its lines are furniture after all.

Some lines can only be judged against the article around them. A headline
printed twice under itself is the title plus its image's alt text; lines that
repeat the title with a picture number ("<title> ảnh 1") are alt text too, and
so is a cut-off last line that starts such a repeat. A date or clock line is
furniture only beside the widgets it belongs to (share bars, reading time); on
its own, under the headline or after a byline, it is the article's dateline and
stays article text: furniture is what the guidelines list, and when unsure the
text stays in front of the reviewer.
"""
from __future__ import annotations

import re

from annotate.text.lines import ends_with_ellipsis, is_dateline, is_timestamp, is_title_like
from annotate.text.page_lines import PageLine


def refine_inside(
    lines: list[PageLine], furniture: set[int], first: int, last: int, title: int | None
) -> int | None:
    """Settle the title of lines[first..last] and update furniture in place; return the title's index."""
    if title is None and is_title_like(lines[first].text) and not ends_with_ellipsis(lines[first].text):
        title = first
    if title is not None:
        _mark_title_copy(lines, furniture, title, last)
        _mark_alt_text(lines, furniture, title, last)
    _keep_lone_stamps(lines, furniture, first, last)
    return title


def _filled(lines: list[PageLine], first: int, last: int) -> list[PageLine]:
    """The non-blank lines of lines[first..last]."""
    return [line for line in lines[first:last + 1] if line.text]


def _mark_title_copy(lines: list[PageLine], furniture: set[int], title: int, last: int) -> None:
    """The headline shown again right under itself: the copy is the picture's alt text."""
    below = _filled(lines, title + 1, last)
    if below and below[0].text == lines[title].text:
        furniture.add(below[0].index)


def _mark_alt_text(lines: list[PageLine], furniture: set[int], title: int, last: int) -> None:
    """Lines "<title> ảnh N", and a cut-off last line that starts the title once they occur.

    "<title> - Ảnh 1." closed by a full stop reads as a caption and stays article text.
    """
    headline = lines[title].text
    pattern = re.compile(re.escape(headline) + r"\s*[-–(]?\s*ảnh\s*\d{1,2}\)?", re.IGNORECASE)
    body = _filled(lines, title + 1, last)
    alt_lines = [line for line in body if pattern.fullmatch(line.text)]
    furniture.update(line.index for line in alt_lines)
    if alt_lines and body and body[-1].index == _last_filled(lines):
        end = body[-1]
        if len(end.text) < len(headline) and headline.startswith(end.text):
            furniture.add(end.index)


def _last_filled(lines: list[PageLine]) -> int | None:
    """Index of the page's last non-blank line."""
    for line in reversed(lines):
        if line.text:
            return line.index
    return None


def _keep_lone_stamps(lines: list[PageLine], furniture: set[int], first: int, last: int) -> None:
    """A date or clock line with no other furniture beside it is the article's dateline."""
    body = _filled(lines, first, last)
    for pos, line in enumerate(body):
        if line.index not in furniture or not is_dateline(line.text):
            continue
        neighbours = body[max(pos - 1, 0):pos] + body[pos + 1:pos + 2]
        if not any(n.index in furniture and not is_timestamp(n.text) for n in neighbours):
            furniture.discard(line.index)
