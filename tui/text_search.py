"""Search inside one article the way a reviewer types: case and Vietnamese diacritics aside.

"trung khanh" finds "Trùng Khánh" and "TRUNG KHÁNH"; đ matches d. The folded text keeps
a map back to code-point offsets of the stored text, so a match is a span-ready range.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def fold(text: str) -> str:
    """text without case and diacritics (đ as d)."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base.casefold()


@dataclass(frozen=True)
class FoldedText:
    """A text folded for search, with the offset in the original of every folded character."""

    folded: str
    origin: tuple[int, ...]
    length: int

    @classmethod
    def of(cls, text: str) -> "FoldedText":
        pieces, origin = [], []
        for offset, char in enumerate(text):
            folded = _fold_char(char)
            pieces.append(folded)
            origin.extend([offset] * len(folded))
        return cls("".join(pieces), tuple(origin), len(text))

    def find_all(self, query: str, limit: int = 1000) -> list[tuple[int, int]]:
        """(start, end) in the original text of every match of query, in text order."""
        needle = fold(query.strip())
        if not needle:
            return []
        found, at = [], self.folded.find(needle)
        while at >= 0 and len(found) < limit:
            found.append((self.origin[at], self.origin[at + len(needle) - 1] + 1))
            at = self.folded.find(needle, at + 1)
        return found


def from_cursor(matches: list[tuple[int, int]], cursor: int) -> list[tuple[int, int]]:
    """The matches starting after the cursor first, then the ones before it (a search that wraps)."""
    after = [m for m in matches if m[0] > cursor]
    return after + [m for m in matches if m[0] <= cursor]
