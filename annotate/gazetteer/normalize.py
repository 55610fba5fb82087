"""Text keys for gazetteer matching: one spelling per name, whatever the press wrote.

Vietnamese text varies in ways that do not change the name: NFC vs NFD,
old vs new tone placement ("Hoà"/"Hòa", "Thuỷ"/"Thủy"), hyphens and dots
around syllables ("Bà Rịa-Vũng Tàu", "TP.HCM"), letter case. ``key`` removes
all of that; ``fold`` drops case and diacritics, for the misspelling signal.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from annotate.text.syllables import Word, words_in

from .yamlio import DATA_DIR, load_yaml

# Old-style tone placement on open syllables -> new style ("hoà" -> "hòa").
_TONE_FIX = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_TONE_FIX) + r")(?![^\W\d_])")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—−./,'’`()\[\]\"“”]+")


@lru_cache(maxsize=1)
def _unit_prefix_re() -> re.Pattern:
    """Leading generic unit words of a key (data/unit_words.yaml, longest first), stripped by ``strip_units``."""
    phrases = sorted(load_yaml(DATA_DIR / "unit_words.yaml")["query_prefixes"], key=lambda p: -len(p))
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in phrases) + r") ")


# Final i/y after a single consonant that takes both (or "qu") is a free spelling variation: "Quí"/"Quý", "Kì"/"Kỳ",
# "Lí"/"Lý", "Mĩ"/"Mỹ". Keys use the y spelling. Never after a vowel: "Hải", "Tây" keep theirs.
_I_TO_Y = str.maketrans({"i": "y", "í": "ý", "ì": "ỳ", "ỉ": "ỷ", "ĩ": "ỹ", "ị": "ỵ",
                         "I": "Y", "Í": "Ý", "Ì": "Ỳ", "Ỉ": "Ỷ", "Ĩ": "Ỹ", "Ị": "Ỵ"})
_FINAL_I = re.compile(
    r"(?<![^\W\d_])((?:[Qq][Uu])|[HKLMSTVhklmstv])([iíìỉĩịIÍÌỈĨỊ])(?![^\W\d_])"
)


# Letters typed for others that look the same: the Icelandic eth "Ð" (U+00D0) for "Đ" (U+0110).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_GLUED = re.compile(r"(?<=[^\W\d_])-(?=[A-ZÀ-ỸĐ])")


def fix_lookalikes(text: str) -> str:
    """"Ðà Nẵng" -> "Đà Nẵng": look-alike letters replaced one for one, so offsets stay."""
    return text.translate(_LOOKALIKES)


def split_glued(words: list[Word]) -> list[Word]:
    """"Quảng Tây-Trung Quốc": a hyphen glued to a capitalised word separates two names, so
    "Tây-Trung" becomes "Tây", "-", "Trung" (offsets kept); "Lê-nin", "Mát-xcơ-va" stay whole."""
    out: list[Word] = []
    for word in words:
        if "-" not in word.text or not _GLUED.search(word.text):
            out.append(word)
            continue
        cursor = 0
        for m in _GLUED.finditer(word.text):
            out.append(Word(word.start + cursor, word.start + m.start(), word.text[cursor : m.start()]))
            out.append(Word(word.start + m.start(), word.start + m.end(), "-"))
            cursor = m.end()
        out.append(Word(word.start + cursor, word.end, word.text[cursor:]))
    return out


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name as the locality rules read running text (glued hyphens split)."""
    return tuple(w.text for w in split_glued(words_in(text, 0, len(text))))


def fix_iy(text: str) -> str:
    """Spell a syllable-final i after a consonant as y ("Quí Châu" -> "Quý Châu", "Kì" -> "Kỳ")."""
    return _FINAL_I.sub(lambda m: m.group(1) + m.group(2).translate(_I_TO_Y), text)


def fix_tones(text: str) -> str:
    """Move tone marks to the new-style vowel so both spellings compare equal."""
    return _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], text)


def key(text: str) -> str:
    """Canonical comparison key: NFC, casefolded, new tone style, single spaces."""
    text = unicodedata.normalize("NFC", fix_lookalikes(text)).casefold()
    text = fix_iy(fix_tones(text))
    return _SEPARATORS.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lowercase, diacritics removed (đ -> d), single spaces: the form misspellings usually share.

    The one fold: the pre-annotator folds written names with it, the fuzzy index folds keys
    (``fold(key(name))``), so "Trung Khánh" meets "Trùng Khánh" either way.
    """
    text = fix_lookalikes(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join(decomposed.translate(_combining_marks()).split())


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """Every combining mark of the Latin and general diacritics blocks, for str.translate to drop."""
    blocks = ((0x0300, 0x0370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30))
    return {c: None for lo, hi in blocks for c in range(lo, hi) if unicodedata.combining(chr(c))}


def strip_units(k: str) -> Iterator[str]:
    """Yield the key, then the key with each successive leading unit word removed."""
    yield k
    seen = {k}
    while True:
        match = _unit_prefix_re().match(k)
        if not match or match.end() >= len(k):
            return
        k = k[match.end():]
        if k in seen:
            return
        seen.add(k)
        yield k
