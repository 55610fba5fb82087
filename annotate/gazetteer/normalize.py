"""Text keys for gazetteer matching: one spelling per name, whatever the press wrote.

Vietnamese text varies in ways that do not change the name: NFC vs NFD,
old vs new tone placement ("Hoà"/"Hòa", "Thuỷ"/"Thủy"), hyphens and dots
around syllables ("Bà Rịa-Vũng Tàu", "TP.HCM"), letter case. ``key`` removes
all of that; ``fold`` also drops diacritics for the fuzzy second signal.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

# Old-style tone placement on open syllables -> new style ("hoà" -> "hòa").
_TONE_FIX = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_TONE_FIX) + r")(?![^\W\d_])")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—−./,'’`()\[\]\"“”]+")

# Leading generic unit words, longest first; stripped one at a time by ``strip_units``.
UNIT_PHRASES: tuple[str, ...] = tuple(
    sorted(
        (
            "khu tự trị dân tộc", "châu tự trị dân tộc", "huyện tự trị dân tộc",
            "khu tự trị", "châu tự trị", "huyện tự trị",
            "đặc khu hành chính", "đặc khu kinh tế", "khu hành chính đặc biệt", "đặc khu",
            "thành phố trực thuộc trung ương", "thành phố cấp địa khu", "thành phố",
            "tp", "t p", "tỉnh", "quận", "huyện", "thị xã", "tx", "thị trấn", "xã",
            "phường", "châu", "địa khu", "khu", "thủ đô", "bang",
            "tỉnh ủy", "thành ủy", "khu ủy", "ubnd", "hđnd", "ủy ban nhân dân",
            "hội đồng nhân dân", "chính quyền", "chính phủ nhân dân",
        ),
        key=lambda p: -len(p),
    )
)
_UNIT_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in UNIT_PHRASES) + r") ")


# Final i/y after a single consonant that takes both (or "qu") is a free spelling variation: "Quí"/"Quý", "Kì"/"Kỳ",
# "Lí"/"Lý", "Mĩ"/"Mỹ". Keys use the y spelling. Never after a vowel: "Hải", "Tây" keep theirs.
_I_TO_Y = str.maketrans({"i": "y", "í": "ý", "ì": "ỳ", "ỉ": "ỷ", "ĩ": "ỹ", "ị": "ỵ",
                         "I": "Y", "Í": "Ý", "Ì": "Ỳ", "Ỉ": "Ỷ", "Ĩ": "Ỹ", "Ị": "Ỵ"})
_FINAL_I = re.compile(
    r"(?<![^\W\d_])((?:[Qq][Uu])|[HKLMSTVhklmstv])([iíìỉĩịIÍÌỈĨỊ])(?![^\W\d_])"
)


def fix_iy(text: str) -> str:
    """Spell a syllable-final i after a consonant as y ("Quí Châu" -> "Quý Châu", "Kì" -> "Kỳ")."""
    return _FINAL_I.sub(lambda m: m.group(1) + m.group(2).translate(_I_TO_Y), text)


def fix_tones(text: str) -> str:
    """Move tone marks to the new-style vowel so both spellings compare equal."""
    return _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], text)


def key(text: str) -> str:
    """Canonical comparison key: NFC, casefolded, new tone style, single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = fix_iy(fix_tones(text))
    return _SEPARATORS.sub(" ", text).strip()


def fold(text: str) -> str:
    """Diacritic-free key, so 'Trung Khánh' meets 'Trùng Khánh' in fuzzy search."""
    decomposed = unicodedata.normalize("NFD", key(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_units(k: str) -> Iterator[str]:
    """Yield the key, then the key with each successive leading unit word removed."""
    yield k
    seen = {k}
    while True:
        match = _UNIT_RE.match(k)
        if not match or match.end() >= len(k):
            return
        k = k[match.end():]
        if k in seen:
            return
        seen.add(k)
        yield k
