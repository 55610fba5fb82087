"""Read Vietnamese numerals: digits with decimal comma / thousands dot, and number words.

Kept apart from the figure finder so the reading rules can be tested (and
reused) without any of the span heuristics.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Sequence

_INT = re.compile(r"\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")  # 140.000
_THOUSANDS_DECIMAL = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")  # 1.234,5
_DECIMAL_COMMA = re.compile(r"\d+,\d+")  # 48,24
_DECIMAL_POINT = re.compile(r"\d+\.\d+")  # 1.5 (a dot group that is not 3 digits)
_ENGLISH_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")  # 1,234,567 (cannot be a decimal)
_FRACTION = re.compile(r"(\d+)/(\d+)")
_WORDS = re.compile(r"[^\W\d_]+|\d+(?:[.,/]\d+)*")

DIGITS: dict[str, int] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
# After "mười"/"mươi" five is "lăm" and (after "mươi") one is "mốt";
# "mười năm" is ten years, not fifteen.
_AFTER_MUOI: dict[str, int] = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
_AFTER_LINH: dict[str, int] = {**DIGITS, "tư": 4}
SCALES: dict[str, int] = {
    "nghìn": 1_000, "ngàn": 1_000, "vạn": 10_000, "triệu": 1_000_000,
    "tỷ": 1_000_000_000, "tỉ": 1_000_000_000,
}
SMALL_SCALES: dict[str, int] = {"chục": 10, "trăm": 100}
ORDINAL_WORDS: dict[str, int] = {"nhất": 1, "nhì": 2, "tư": 4}


def to_number(value: Decimal) -> int | float:
    """Integral values come back as int so 48,24 tỷ compares equal to 48240000000."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_digits(blob: str) -> Decimal | None:
    """Read one digit group in Vietnamese convention; None for dates, times and ids."""
    try:
        if _INT.fullmatch(blob):
            return Decimal(blob)
        if _THOUSANDS.fullmatch(blob):
            return Decimal(blob.replace(".", ""))
        if _THOUSANDS_DECIMAL.fullmatch(blob):
            return Decimal(blob.replace(".", "").replace(",", "."))
        if _DECIMAL_COMMA.fullmatch(blob):
            return Decimal(blob.replace(",", "."))
        if _ENGLISH_THOUSANDS.fullmatch(blob):
            return Decimal(blob.replace(",", ""))
        if _DECIMAL_POINT.fullmatch(blob):
            return Decimal(blob)
    except InvalidOperation:
        return None
    return None


def parse_fraction(blob: str) -> Decimal | None:
    """Read a/b as a ratio; None when it is not a well-formed proper fraction."""
    match = _FRACTION.fullmatch(blob)
    if not match:
        return None
    num, den = int(match.group(1)), int(match.group(2))
    if den == 0 or num == 0:
        return None
    return Decimal(num) / Decimal(den)


def _below_hundred(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """Parse 1..99 from words[i:]; returns (value, next index)."""
    if i >= len(words):
        return None
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w == "mười":
        unit = _AFTER_MUOI.get(nxt)
        if unit is not None and nxt != "mốt":
            return 10 + unit, i + 2
        return 10, i + 1
    if w in DIGITS:
        if nxt == "mươi" and DIGITS[w] > 1:
            after = words[i + 2] if i + 2 < len(words) else ""
            unit = _AFTER_MUOI.get(after)
            if unit is not None:
                return DIGITS[w] * 10 + unit, i + 3
            return DIGITS[w] * 10, i + 2
        if nxt == "chục":
            return DIGITS[w] * 10, i + 2
        return DIGITS[w], i + 1
    return None


def _below_thousand(words: Sequence[str], i: int, implicit_one: bool) -> tuple[int, int] | None:
    """Parse 1..999 from words[i:], with 'trăm' and 'linh/lẻ'; implicit_one allows a bare 'trăm'."""
    if i >= len(words):
        return None
    w = words[i]
    hundreds: int | None = None
    j = i
    if w in DIGITS and i + 1 < len(words) and words[i + 1] == "trăm":
        hundreds, j = DIGITS[w], i + 2
    elif w == "không" and i + 1 < len(words) and words[i + 1] == "trăm":
        hundreds, j = 0, i + 2
    elif implicit_one and w in SMALL_SCALES:
        return SMALL_SCALES[w], i + 1
    if hundreds is None:
        return _below_hundred(words, i)
    if j < len(words) and words[j] in ("linh", "lẻ") and j + 1 < len(words) and words[j + 1] in _AFTER_LINH:
        return hundreds * 100 + _AFTER_LINH[words[j + 1]], j + 2
    rest = _tens_only(words, j)
    if rest is not None:
        return hundreds * 100 + rest[0], rest[1]
    return hundreds * 100, j


def _tens_only(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """After 'trăm' only a tens part may follow ('hai trăm năm' is 200 years)."""
    if i >= len(words):
        return None
    w = words[i]
    if w == "mười" or (w in DIGITS and i + 1 < len(words) and words[i + 1] == "mươi"):
        return _below_hundred(words, i)
    return None


def parse_number_words(words: Sequence[str], implicit_one: bool = False) -> tuple[int, int] | None:
    """Longest well-formed number at the start of lowercase words; (value, words used)."""
    total = 0
    i = 0
    last_scale: int | None = None
    while i < len(words):
        group = _below_thousand(words, i, implicit_one and i == 0)
        if group is None and implicit_one and i == 0 and words[0] in SCALES:
            group = (1, 0)  # "hàng triệu": the scale word alone
        if group is None:
            break
        value, j = group
        scale, k = read_scale(words, j)
        if scale is None:
            # After a scale only a full hundreds group may close the number:
            # "năm nghìn năm" is 5000 years, 5005 is "năm nghìn không trăm linh năm".
            if last_scale is None or (i + 1 < len(words) and words[i + 1] == "trăm"):
                total += value
                i = j
            break
        if last_scale is not None and scale >= last_scale:
            break
        total += value * scale
        last_scale = scale
        i = k
    if i == 0:
        return None
    return total, i


def read_scale(words: Sequence[str], i: int) -> tuple[int | None, int]:
    """Read a scale word ('nghìn tỷ' is one scale) at words[i]; (multiplier or None, next index)."""
    if i >= len(words) or words[i] not in SCALES:
        return None, i
    scale = SCALES[words[i]]
    if i + 1 < len(words) and words[i + 1] in SCALES and SCALES[words[i + 1]] > scale:
        return scale * SCALES[words[i + 1]], i + 2
    return scale, i + 1


def parse_vietnamese_number(s: str) -> int | float | None:
    """Read a whole numeral string ('48,24 tỷ', '140.000', 'hai mươi lăm', '1/8'); None if not one."""
    parts = [p.lower() for p in _WORDS.findall(s.strip())]
    if not parts:
        return None
    head = parts[0]
    if head[0].isdigit():
        fraction = parse_fraction(head)
        if fraction is not None:
            return to_number(fraction) if len(parts) == 1 else None
        base = parse_digits(head)
        if base is None:
            return None
        scale, used = read_scale(parts, 1)
        if used != len(parts):
            return None
        return to_number(base * (scale or 1))
    parsed = parse_number_words(parts)
    if parsed is None or parsed[1] != len(parts):
        return None
    return parsed[0]
