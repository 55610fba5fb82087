"""Syllables and punctuation marks with offsets: the units the place and title rules read.

A Vietnamese word is written as space-separated syllables, so the rules (and
the gazetteer's in-text look-up) work on syllables: "Hàn", "Chính", "TP.",
"," each is one Word. Phrases are word tuples matched greedily, longest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence


def _letters(predicate) -> str:
    """Every Latin letter up to the Vietnamese block that satisfies predicate, for regex classes."""
    chars = [chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha() and predicate(chr(c))]
    return "".join(ch for ch in chars if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF)


UPPER = _letters(str.isupper)
LOWER = _letters(str.islower)
_UPPER_SET = frozenset(UPPER)
_LOWER_SET = frozenset(LOWER)

# Words: "TP." keeps its dot; letters with inner hyphens/apostrophes; digits; one punctuation mark.
WORD_RE = re.compile(r"(?:TP|Tp|tp)\.(?=\s|[A-ZĐ]|$)|[^\W_]+(?:['’-][^\W_]+)*|[^\w\s]|\n")


@dataclass(frozen=True, slots=True)
class Word:
    """One word (syllable or punctuation mark) with code-point offsets."""

    start: int
    end: int
    text: str


def words_in(text: str, start: int, end: int) -> list[Word]:
    """Words of text[start:end] in order."""
    return [Word(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, end)]


def word_texts(text: str) -> tuple[str, ...]:
    """The words of a whole string, as a phrase key ("Thành phố Hồ Chí Minh" -> 5 words)."""
    return tuple(w.text for w in words_in(text, 0, len(text)))


def is_name_syllable(word: str) -> bool:
    """A capitalised syllable such as "Hàn" or "Chính" (not an acronym like "UBND", not a digit)."""
    if not word or word[0] not in _UPPER_SET:
        return False
    rest = word[1:]
    if not rest:
        return True
    return all(ch in _LOWER_SET or ch in "-'’" for ch in rest)


_FOREIGN = re.compile(r"[fjwzFJWZ]|[bcdfghklmnpqrstvxz]{3,}|^[A-Za-z]{8,}$")


def looks_foreign(name: str) -> bool:
    """A name with letters or clusters Vietnamese and Sino-Vietnamese names never have ("Gennady", "Khamphao")."""
    return any(_FOREIGN.search(part.replace("ngh", "").replace("Ngh", "")) for part in name.split())


def is_acronym(word: str) -> bool:
    """All-capital words of two letters or more: UBND, HĐND, TTXVN."""
    return len(word) >= 2 and word.isalpha() and word.isupper()


def is_lower_word(word: str) -> bool:
    """A lowercase Vietnamese syllable."""
    return bool(word) and word[0] in _LOWER_SET


class PhraseSet(tuple):
    """Word tuples (longest first) with an index by first word, for fast greedy matching."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    def __new__(cls, phrases):
        self = super().__new__(cls, phrases)
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self:
            index.setdefault(phrase[0], []).append(phrase)
        self.by_first = {k: tuple(v) for k, v in index.items()}
        return self


def phrase_set(items: Iterable[str]) -> PhraseSet:
    """Word tuples, longest first, for greedy phrase matching over Word lists."""
    out = {tuple(WORD_RE.findall(item)) for item in items if item}
    return PhraseSet(sorted((p for p in out if p), key=lambda p: (-len(p), p)))


def match_phrase(words: Sequence[Word], i: int, phrases: PhraseSet) -> int:
    """Number of words of the longest phrase starting at words[i], 0 when none."""
    n = len(words)
    if i >= n:
        return 0
    for phrase in phrases.by_first.get(words[i].text, ()):
        k = len(phrase)
        if i + k > n:
            continue
        ok = True
        for j in range(1, k):
            if words[i + j].text != phrase[j] or words[i + j].start - words[i + j - 1].end > 1:
                ok = False
                break
        if ok:
            return k
    return 0
