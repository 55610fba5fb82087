"""underthesea tokens with code-point offsets into the original text.

underthesea returns words, not positions, and silently re-normalises tone
marks ("hoà" -> "hòa"); every other source needs offsets, so we align here,
once, by counting non-space characters (tone normalisation keeps lengths).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(\[]?[A-ZÀ-Ỹ0-9])|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    """One underthesea word: offsets are code points, end-exclusive."""

    start: int
    end: int
    text: str
    pos: str
    chunk: str
    ner: str


def sentence_ranges(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Split text[start:end] into sentence-ish ranges (lines, then sentence ends)."""
    end = len(text) if end is None else end
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() > cursor:
            yield cursor, match.start()
        cursor = match.end()
    if cursor < end:
        yield cursor, end


def align_words(text: str, offset: int, words: list[str]) -> list[tuple[int, int]]:
    """Map each word to (start, end) in text, starting the search at offset."""
    spans = []
    cursor = offset
    limit = len(text)
    for word in words:
        needed = sum(1 for ch in word if not ch.isspace())
        while cursor < limit and text[cursor].isspace():
            cursor += 1
        begin = cursor
        seen = 0
        while cursor < limit and seen < needed:
            if not text[cursor].isspace():
                seen += 1
            cursor += 1
        spans.append((begin, cursor))
    return spans


def tag_sentence(text: str, start: int, end: int) -> list[Token]:
    """Run underthesea NER over one sentence and return aligned tokens."""
    from underthesea import ner  # deferred: loading the model costs ~0.5 s

    segment = text[start:end]
    if not segment.strip():
        return []
    rows = ner(segment)
    offsets = align_words(text, start, [row[0] for row in rows])
    return [
        Token(s, e, text[s:e], row[1], row[2], row[3])
        for (s, e), row in zip(offsets, rows)
        if e > s
    ]


def tag_text(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens for text[start:end], sentence by sentence."""
    tokens: list[Token] = []
    for s, e in sentence_ranges(text, start, end):
        tokens.extend(tag_sentence(text, s, e))
    return tokens
