"""Longest-match scanning of running text for gazetteer names, one capitalised syllable at a time.

Names are stored by their first syllable, so each capitalised word costs one
dict look-up plus a few tuple comparisons. Syllables must be separated as in
the name: a space or hyphen ("Bà Rịa - Vũng Tàu") or a dot where the name has
one ("TP.HCM"); any other punctuation ends a match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, Iterable, TypeVar

from .normalize import key, words

T = TypeVar("T")
_SPACE_GAP = re.compile(r"[ \t\u00a0]{1,3}|[ \t\u00a0]*[-‐‑–—][ \t\u00a0]*")
_DOT_GAP = re.compile(r"\.")
_DOT_SPACE_GAP = re.compile(r"\.[ \t\u00a0]")
_NAME_GAP = re.compile(r"\s*\.\s*|[\s\-‐‑–—]+")


def _gap_kind(gap: str) -> str | None:
    """'sp' for spaces or a hyphen, 'dot' for a bare dot (TP.HCM), 'dotsp' for dot-space (St. Petersburg)."""
    if _SPACE_GAP.fullmatch(gap):
        return "sp"
    if _DOT_GAP.fullmatch(gap):
        return "dot"
    if _DOT_SPACE_GAP.fullmatch(gap):
        return "dotsp"
    return None


def tokenize_name(name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Syllable keys and gap kinds of a name, or None when it contains other punctuation."""
    spans = list(words(name))
    if not spans:
        return None
    gaps = []
    for (_, prev_end), (next_start, _) in zip(spans, spans[1:]):
        gap = name[prev_end:next_start]
        if not _NAME_GAP.fullmatch(gap):
            return None
        gaps.append(("dotsp" if gap.strip() != gap else "dot") if "." in gap else "sp")
    return tuple(key(name[s:e]) for s, e in spans), tuple(gaps)


@dataclass(slots=True)
class _Pattern(Generic[T]):
    """One name's syllables, the gaps between them, and what it stands for."""

    tokens: tuple[str, ...]
    gaps: tuple[str, ...]
    values: list[T] = field(default_factory=list)


class NameScanner(Generic[T]):
    """Maps first syllable -> patterns (longest first) and finds the longest match at a word."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[_Pattern[T]]] = {}
        self._patterns: dict[tuple[tuple[str, ...], tuple[str, ...]], _Pattern[T]] = {}

    def add(self, name: str, value: T) -> bool:
        """Register a name for a value; False when the name cannot be scanned."""
        parsed = tokenize_name(name)
        if parsed is None:
            return False
        pattern = self._patterns.get(parsed)
        if pattern is None:
            pattern = self._patterns[parsed] = _Pattern(parsed[0], parsed[1])
            self.by_first.setdefault(parsed[0][0], []).append(pattern)
        if value not in pattern.values:
            pattern.values.append(value)
        return True

    def freeze(self) -> None:
        """Sort each bucket longest first so the first hit is the longest."""
        for bucket in self.by_first.values():
            bucket.sort(key=lambda p: -len(p.tokens))

    def matches_at(
        self, text: str, toks: list[tuple[int, int, str]], i: int
    ) -> Iterable[tuple[int, list[T]]]:
        """Yield (index of last token, values) for names starting at token i, longest first."""
        for pattern in self.by_first.get(toks[i][2], ()):
            n = len(pattern.tokens)
            if i + n > len(toks):
                continue
            ok = True
            for j in range(1, n):
                prev, cur = toks[i + j - 1], toks[i + j]
                if cur[2] != pattern.tokens[j] or not _capitalised(text[cur[0]]):
                    ok = False
                    break
                if _gap_kind(text[prev[1]:cur[0]]) != pattern.gaps[j - 1]:
                    ok = False
                    break
            if ok:
                yield i + n - 1, pattern.values


def _capitalised(ch: str) -> bool:
    """Proper-name syllables start with a capital letter or a digit."""
    return ch.isupper() or ch.isdigit()


def tokens_of(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Word tokens of text[start:end] with their comparison keys."""
    return [(s, e, key(text[s:e])) for s, e in words(text, start, end)]


def is_capitalised(text: str, start: int) -> bool:
    """True when the word at start could open a proper name."""
    return _capitalised(text[start])
