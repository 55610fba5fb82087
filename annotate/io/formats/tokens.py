"""The tokens and sentences every token format writes: our syllable tokens, our sentence ranges.

Tokens are the review screen's words (annotate.text.words.WordGrid: a syllable,
a number such as 12,5 or 21,1%, or one punctuation mark), so a span a reviewer
placed with the keyboard always lands on token boundaries. Sentences are the
pre-annotator's (annotate.preannotate.tokens.sentence_ranges), cut again where
page furniture starts or ends. Formats that write only the article (CoNLL, the
token dataset) leave out every token outside the region or inside furniture;
formats that keep the whole page write every token.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from annotate.models import ArticleRecord
from annotate.preannotate.tokens import sentence_ranges
from annotate.text.words import WordGrid


@dataclass
class TokenGrid:
    """One article's tokens (all of them, in order), which are written, and the written ones in sentences."""

    text: str
    starts: list[int]
    ends: list[int]
    written: list[bool]
    sentences: list[tuple[int, int]]

    def __len__(self) -> int:
        return len(self.starts)

    def token(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def overlapping(self, start: int, end: int) -> tuple[int, int]:
        """Token indexes [first, last) of every token sharing a code point with start..end."""
        return bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)

    def sentence_of(self) -> list[int]:
        """For each token, the index of its sentence (-1 when it is not written)."""
        owner = [-1] * len(self.starts)
        for number, (first, last) in enumerate(self.sentences):
            owner[first:last] = [number] * (last - first)
        return owner


def _minus(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """start..end without the holes (furniture ranges), as ordered pieces."""
    pieces, cursor = [], start
    for hole_start, hole_end in sorted(holes):
        if hole_end <= cursor or hole_start >= end:
            continue
        if hole_start > cursor:
            pieces.append((cursor, hole_start))
        cursor = max(cursor, hole_end)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def _grid(text: str, pieces: list[tuple[int, int]]) -> TokenGrid:
    words = WordGrid(text)
    starts, ends = words.starts, words.ends
    written = [False] * len(starts)
    sentences = []
    for piece_start, piece_end in pieces:
        first = bisect.bisect_left(starts, piece_start)
        last = max(first, bisect.bisect_right(ends, piece_end, first))  # tokens are ordered and never overlap
        if last > first:
            written[first:last] = [True] * (last - first)
            sentences.append((first, last))
    return TokenGrid(text, starts, ends, written, sentences)


def article_grid(article: ArticleRecord) -> TokenGrid:
    """Tokens of the article proper: inside the region, outside furniture, in sentences."""
    pieces = [
        piece
        for sentence in sentence_ranges(article.text, article.region_start, article.region_end)
        for piece in _minus(*sentence, list(article.furniture))
    ]
    return _grid(article.text, pieces)


def page_grid(text: str) -> TokenGrid:
    """Tokens of the whole text, every one written (formats that keep the whole page)."""
    return _grid(text, list(sentence_ranges(text)))
