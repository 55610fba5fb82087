"""A page cut into lines that keep their offsets, with a glued leading date stamp made its own line.

Stored copies of pages often open with the page's date glued to whatever comes
first ("date 2025-10-30 Từ trái qua phải, ..."), sometimes with the section label
after it ("date 2025-09-21 Thời sự <headline> ..."). The stamp and the label are
page furniture before the article and the rest of the line may be its title or
lead, so they become lines of their own; the text itself is never changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from annotate.text.lines import PAGE_STAMP, SECTION_LABELS


@dataclass(frozen=True)
class PageLine:
    """One text line: offsets of its stripped content, which is what ranges report."""

    index: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[PageLine]:
    """Cut on "\\n" only (the text is normalised); a leading date stamp and its label split off."""
    pieces: list[tuple[int, str]] = []
    offset = 0
    for number, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        start = offset + (len(raw) - len(raw.lstrip()) if stripped else 0)
        if number == 0 or not any(piece for _, piece in pieces):
            pieces.extend(_split_stamp(start, stripped))
        else:
            pieces.append((start, stripped))
        offset += len(raw) + 1
    return [PageLine(index, start, start + len(piece), piece) for index, (start, piece) in enumerate(pieces)]


def _split_stamp(start: int, line: str) -> list[tuple[int, str]]:
    """("date 2025-09-21", "Thời sự", the rest) as separate pieces, or the line unchanged."""
    stamp = PAGE_STAMP.match(line)
    if not stamp or stamp.end() == len(line):
        return [(start, line)]
    pieces = [(start, line[:stamp.end()])]
    rest_at = stamp.end() + len(line[stamp.end():]) - len(line[stamp.end():].lstrip())
    label = _section_label(line[rest_at:])
    if label:
        pieces.append((start + rest_at, line[rest_at:rest_at + label]))
        rest_at += label + len(line[rest_at + label:]) - len(line[rest_at + label:].lstrip())
    pieces.append((start + rest_at, line[rest_at:]))
    return pieces


def _section_label(rest: str) -> int:
    """Length of a section label opening rest when a capitalised word follows it, else 0."""
    lowered = rest.casefold()
    for label in sorted(SECTION_LABELS, key=len, reverse=True):
        after = rest[len(label):]
        if lowered.startswith(label) and after[:1] == " " and after.strip()[:1].isupper():
            return len(label)
    return 0
