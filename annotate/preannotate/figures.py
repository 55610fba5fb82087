"""Find FIGURE spans (money, percentages, counts, ranks, fractions) in Vietnamese news.

Rule-based because figures follow a small grammar that a model tags
unreliably, and because the rules must be cheap next to underthesea.
The span follows GUIDELINES: a quantity qualifier written before the number
("hơn", "gần", "khoảng", "xấp xỉ", ...), the number, then its unit or counted
noun ("48,24 tỷ USD", "hơn 20 năm", "tám địa phương", "thứ 5", "khoảng 1/8").

Decisions worth knowing:
- currencies are normalised to ISO 4217 codes ("tỷ đồng" -> "VND",
  "nhân dân tệ"/"NDT" -> "CNY"); counted nouns keep their written form;
- a number with neither a unit nor a counted noun is skipped (years, ids,
  list numbers); the counted noun comes from a curated lexicon and, when
  underthesea tokens are given, from an N/Nc/Nu token right after the number;
- "một" alone counts only with a qualifier ("hơn một năm"), since it is
  mostly the article "a"; "hai" or "2" before a party noun ("hai nước",
  "2 bên", "02 địa phương") is the two sides of the story, not a count;
- "trên"/"dưới"/"tới" are qualifiers only before strong quantities (money,
  %, durations, measures, scale words, 100 or more): "trên 5 lĩnh vực" is
  "in 5 fields"; vague amounts ("hàng nghìn doanh nghiệp", "vài trăm
  lao động") are no figure at all (GUIDELINES);
- nouns of one kind coordinated after the number are one counted noun
  ("27 phường, xã, thị trấn"); a number word opening a capitalised name
  ("Ba Đình", "Năm Căn") is part of the name;
- a range "17-20 độ" is one span whose value is its lower bound.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from annotate.preannotate import figure_lexicon as lex
from annotate.preannotate.figure_scan import Scan, Unit, qualifier_start, unit_after
from annotate.preannotate.tokens import Token
from annotate.preannotate.vn_numbers import (
    DIGITS,
    ORDINAL_WORDS,
    SCALES,
    parse_digits,
    parse_fraction,
    parse_number_words,
    parse_vietnamese_number,
    read_scale,
    to_number,
)

__all__ = ["Figure", "find_figures", "parse_vietnamese_number"]

_DASHES = frozenset("-–—")
_ID_JOINERS = frozenset("-/._+#")
_NUMBER_STARTS = frozenset(DIGITS) | {"mười"}
_FRACTION_DENOMS: dict[str, int] = {**DIGITS, "tư": 4, "mười": 10}
_DIGIT_WORDS: dict[int, str] = {value: word for word, value in DIGITS.items() if word != "bẩy"}
_NOUN_TAGS = frozenset({"N", "Nc", "Np", "Ny", "Nb"})


@dataclass(frozen=True, slots=True)
class Figure:
    """A FIGURE span with its reading, so reviewers see the parsed value next to the text."""

    start: int
    end: int
    value: int | float
    unit: str


def find_figures(
    text: str, start: int = 0, end: int | None = None, tokens: Sequence[Token] | None = None
) -> list[Figure]:
    """Non-overlapping FIGURE spans in text[start:end], in text order."""
    end = len(text) if end is None else end
    scan = Scan(text, start, end, tokens)
    figures: list[Figure] = []
    i = 0
    last_end = start
    while i < len(scan.toks):
        if i in scan.masked:
            i += 1
            continue
        found = _figure_at(scan, i, last_end)
        if found is None:
            i += 1
            continue
        figure, i = found
        figures.append(figure)
        last_end = figure.end
    return figures


def _figure_at(scan: Scan, i: int, floor: int) -> tuple[Figure, int] | None:
    """Try every figure form that can start its number at token i."""
    tok = scan.toks[i]
    if tok.kind == "num":
        return _digit_figure(scan, i, floor)
    if tok.low == "thứ":
        return _rank_figure(scan, i)
    if tok.low in _NUMBER_STARTS:
        return _word_figure(scan, i, floor)
    return None


# ---------------------------------------------------------------- digits


def _digit_figure(scan: Scan, i: int, floor: int) -> tuple[Figure, int] | None:
    """A figure whose number is written in digits (with optional range, scale and unit)."""
    tok = scan.toks[i]
    if _glued_to_name_left(scan, i):
        return None
    if ":" in tok.text:
        return None  # 20:42
    if "/" in tok.text:
        return _digit_fraction(scan, i, floor)
    value = parse_digits(tok.text)
    if value is None or (tok.text.startswith("0") and len(tok.text) >= 4):
        return None  # malformed, phone or id
    if scan.prev_in(i, lex.LABEL_WORDS):
        return None  # năm 2023, tháng 9, lần 2, Ảnh 1
    if _after_ordinal(scan, i):
        return None  # "lần thứ 9 Nhóm công tác": an ordinal, whatever noun follows
    j = i + 1
    rng = _range_end(scan, i)
    if rng is not None:
        if rng < 0 or parse_digits(scan.toks[rng].text) is None:
            return None  # date or year range
        j = rng + 1  # "17-20 độ": one span, valued at its lower bound
    if _glued_to_name_right(scan, j):
        return None
    value, scale, j = _scale_after(scan, j, value)
    unit = unit_after(scan, j)
    if unit is None:
        return None
    if _is_year(tok.text) and scale is None and unit.kind in ("noun", "pos"):
        return None  # counts of 1900-2100 are written "2.000"; bare 2025 is a year
    strong = unit.kind in ("currency", "percent") or scale is not None or value >= 100
    strong = strong or unit.unit.lower() in lex.MEASURE_UNITS
    begin = qualifier_start(scan, i, unit.next, strong, floor=floor)
    if _is_time_period(scan, i, unit, value, begin):
        return None
    if begin == tok.start and scale is None and _is_digit_set_phrase(value, unit):
        return None  # "2 bên", "02 địa phương", "thương mại 2 chiều"
    return Figure(begin, unit.end, to_number(value), unit.unit), unit.next


def _digit_fraction(scan: Scan, i: int, floor: int) -> tuple[Figure, int] | None:
    """'1/8' is a fraction after a cue word ('chiếm', 'khoảng') or when it cannot be a date."""
    tok = scan.toks[i]
    if tok.text.count("/") != 1 or "," in tok.text or "." in tok.text:
        return None
    num_s, den_s = tok.text.split("/")
    num, den = int(num_s), int(den_s)
    fraction = parse_fraction(tok.text)
    if fraction is None or num >= den or _glued_to_name_right(scan, i + 1):
        return None
    if scan.prev_in(i, lex.DATE_CUES) or scan.prev_in(i, lex.LABEL_WORDS):
        return None
    follows = scan.word(i + 1) if i + 1 < len(scan.toks) and scan.spaced(i + 1) else ""
    if not (scan.prev_in(i, lex.FRACTION_CUES) or follows in lex.FRACTION_OF or den > 12):
        return None
    if i + 1 < len(scan.toks) and scan.joined(i + 1) and scan.toks[i + 1].text in _DASHES:
        return None  # 1/8-5/8 is a date range
    begin = qualifier_start(scan, i, i + 1, True, floor=floor)
    return Figure(begin, tok.end, to_number(fraction), "fraction"), i + 1


def _after_ordinal(scan: Scan, i: int) -> bool:
    """A number right after "thứ" is an ordinal: a rank (the rank rule reads it from "thứ") or an edition."""
    return scan.words_before(i, 1) == "thứ"


def _glued_to_name_left(scan: Scan, i: int) -> bool:
    """G20, Covid-19, GMT+7: digits glued to letters are part of a name."""
    if not scan.glued(i):
        return False
    prev = scan.toks[i - 1]
    if prev.kind == "word":
        return True
    return prev.text in _ID_JOINERS and scan.glued(i - 1) and scan.toks[i - 2].kind in ("word", "num")


def _glued_to_name_right(scan: Scan, j: int) -> bool:
    """23h45, 5G, 123/QĐ-TTg, 247.com: digits glued to letters (except units like 20km)."""
    if not scan.glued(j):
        return False
    nxt = scan.toks[j]
    if nxt.kind == "word":
        return nxt.low not in lex.GLUED_UNITS
    if nxt.text in _ID_JOINERS and j + 1 < len(scan.toks) and scan.glued(j + 1):
        return scan.toks[j + 1].kind in ("word", "num")
    return False


def _range_end(scan: Scan, i: int) -> int | None:
    """Index of the upper bound of 'A-B', -1 for date/year ranges, None when not a range."""
    dash = i + 1
    upper = i + 2
    if upper >= len(scan.toks) or not scan.joined(dash) or not scan.joined(upper):
        return None
    if scan.toks[dash].text not in _DASHES or scan.toks[upper].kind != "num":
        return None
    lo, hi = scan.toks[i].text, scan.toks[upper].text
    if "/" in hi or ":" in hi or (_is_year(lo) and _is_year(hi)) or _is_year(hi):
        return -1  # 10-14/4, 2018-2020, 2025 - 2030
    if _glued_to_name_right(scan, upper + 1):
        return -1
    return upper


def _is_year(blob: str) -> bool:
    """A bare four-digit number that reads as a year."""
    return len(blob) == 4 and blob.isdigit() and 1900 <= int(blob) <= 2100


def _scale_after(scan: Scan, j: int, base: Decimal) -> tuple[Decimal, int | None, int]:
    """Apply 'tỷ', 'triệu', 'nghìn tỷ' and '1 tỷ 200 triệu' after digits; (value, scale, next index)."""
    scale, j = _one_scale(scan, j)
    if scale is None:
        return base, None, j
    value = base * scale
    # "1 tỷ 200 triệu": a further integer with a smaller scale adds on.
    if j < len(scan.toks) and scan.spaced(j) and scan.toks[j].text.isdigit():
        smaller, k = _one_scale(scan, j + 1)
        if smaller is not None and smaller < scale:
            return value + int(scan.toks[j].text) * smaller, scale, k
    return value, scale, j


def _one_scale(scan: Scan, j: int) -> tuple[int | None, int]:
    """Read one scale word at token j (not 'tỷ lệ'); (multiplier, next index)."""
    if j >= len(scan.toks) or not scan.spaced(j):
        return None, j
    words = [scan.toks[k].low for k in scan.word_chain(j, 3)]
    scale, used = read_scale(words, 0)
    if scale is None or (used < len(words) and words[used] in lex.SCALE_BLOCKERS):
        return None, j
    return scale, j + used


def _is_time_period(scan: Scan, i: int, unit: Unit, value: Decimal | int, begin: int) -> bool:
    """'9 tháng đầu năm 2023' and 'giai đoạn hơn 10 năm trở lại đây' name periods; '10 giờ sáng' is a clock time."""
    noun = unit.unit.lower()
    nxt = scan.word(unit.next) if unit.next < len(scan.toks) and scan.spaced(unit.next) else ""
    if noun in lex.PERIOD_NOUNS and nxt in lex.PERIOD_CUES:
        return True
    if noun in lex.SPAN_NOUNS and _after_period_word(scan, i, begin):
        return True
    if noun in lex.SPAN_NOUNS and _bare_span_as_time(scan, i, unit, value):
        return True
    if noun == "giờ":
        if scan.prev_in(i, lex.CLOCK_CUES_BEFORE) or nxt in lex.CLOCK_CUES_AFTER:
            return True
        return unit.next < len(scan.toks) and scan.joined(unit.next) and scan.toks[unit.next].kind == "num"
    return False


def _after_period_word(scan: Scan, i: int, begin: int) -> bool:
    """"giai đoạn hơn 10 năm trở lại đây": a period word before the number (or its qualifier) makes it time."""
    first = i
    while first > 0 and scan.toks[first].start > begin:
        first -= 1
    return scan.prev_in(first, lex.PERIOD_WORDS_BEFORE)


def _bare_span_as_time(scan: Scan, i: int, unit: Unit, value: Decimal | int) -> bool:
    """'trong 5 năm tới' is a time frame; 'trong hơn 20 năm qua' and 'trong 76 năm qua' are durations."""
    if scan.words_before(i, 1) not in lex.SPAN_CUES_BEFORE:
        return False  # a qualifier (hơn, gần, khoảng) or no "trong": a stated length
    after = [scan.word(k) for k in range(unit.next, min(unit.next + 3, len(scan.toks)))
             if scan.spaced(k) or k == unit.next and scan.joined(k)]
    if not after or not (after[0] in lex.SPAN_CUES_AFTER or " ".join(after[:2]) in lex.SPAN_CUES_AFTER
                         or " ".join(after[:3]) in lex.SPAN_CUES_AFTER):
        return False
    if after[0] == "qua" and value >= 10 and unit.unit.lower() == "năm":
        return False  # a decade or more looking back is the length of a history, not a reporting window
    text = scan.text
    pos = scan.toks[i].start
    begin = max(text.rfind(mark, 0, pos) for mark in (". ", "! ", "? ", "\n"))
    sentence = text[begin + 1 : pos].lower()
    return not any(cue in sentence for cue in lex.RELATIONSHIP_CUES)


def _in_short_quote(text: str, pos: int) -> bool:
    """True inside a short quoted name or slogan ('"Hai hành lang, một vành đai"')."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:pos]
    curly_open = before.rfind("“")
    if curly_open > before.rfind("”"):
        opened = line_start + curly_open
    elif before.count('"') % 2 == 1:
        opened = line_start + before.rfind('"')
    else:
        return False
    rest = text[pos:line_end]
    closes = [k for k in (rest.find("”"), rest.find('"')) if k >= 0]
    if not closes:
        return False
    quoted = text[opened + 1 : pos + min(closes)]
    return len(quoted.split()) <= 8 and not any(mark in quoted for mark in ".!?")


# ---------------------------------------------------------------- number words


def _word_figure(scan: Scan, i: int, floor: int) -> tuple[Figure, int] | None:
    """A figure whose number is written in words ('tám địa phương', 'hàng trăm tỷ đồng')."""
    tok = scan.toks[i]
    if _not_a_number_word(scan, i):
        return None
    if tok.text[0].isupper() and _in_short_quote(scan.text, tok.start):
        return None  # a capitalised number word opening a quoted name or slogan
    if _after_ordinal(scan, i):
        return None  # "kỳ họp thứ hai đoàn đại biểu": an ordinal, not a count
    chain = scan.word_chain(i, 12)
    words = [scan.toks[k].low for k in chain]
    parsed = parse_number_words(words)
    if parsed is None:
        return None
    count, used = parsed
    if used < len(words) and words[used] in lex.SCALE_BLOCKERS and words[used - 1] in SCALES:
        return None  # "hai tỷ lệ" is not two billion
    j = chain[used - 1] + 1
    unit = _word_fraction(scan, j, count) or unit_after(scan, j)
    if unit is None or (unit.kind == "pos" and _tagged_as_noun(scan, i)):
        return None
    value = Decimal(count)
    if unit.kind == "fraction":
        value /= Decimal(_FRACTION_DENOMS[scan.toks[unit.next - 1].low])
    strong = unit.kind in ("currency", "percent", "fraction") or count >= 100
    strong = strong or any(w in SCALES for w in words[:used]) or unit.unit.lower() in lex.MEASURE_UNITS
    begin = qualifier_start(scan, i, unit.next, strong, floor=floor)
    if begin == tok.start and _is_idiom(words[:used], unit):
        return None
    if _is_time_period(scan, i, unit, count, begin):
        return None
    return Figure(begin, unit.end, to_number(value), unit.unit), unit.next


def _not_a_number_word(scan: Scan, i: int) -> bool:
    """Names ('Ba Lan', 'ông Tám', 'Năm Căn' opening a sentence), 'cả hai' and 'những năm' (years) are not numerals."""
    tok = scan.toks[i]
    if tok.text[0].isupper() and not scan.sentence_start(i):
        return True
    if tok.text[0].isupper() and _opens_a_name(scan, i):
        return True
    before = scan.words_before(i, 1)
    if before in lex.PERSON_WORDS or before == "cả":
        return True
    return tok.low == "năm" and before in lex.YEAR_CUES


def _opens_a_name(scan: Scan, i: int) -> bool:
    """A capitalised number word followed by a capitalised word that is no counted noun ("Ba Đình"),
    or that underthesea reads with it as one proper noun ("Năm Căn")."""
    j = i + 1
    if j >= len(scan.toks) or not scan.spaced(j) or scan.toks[j].kind != "word":
        return False
    if not scan.toks[j].text[:1].isupper():
        return False
    tagged = scan.pos.get(scan.toks[i].start)
    if tagged is not None and tagged.pos == "Np" and tagged.end > scan.toks[i].end:
        return True
    return unit_after(scan, j) is None


def _tagged_as_noun(scan: Scan, i: int) -> bool:
    """underthesea tags the year noun 'năm' N and the numeral M; trusted only for tag-found units."""
    tagged = scan.pos.get(scan.toks[i].start)
    return tagged is not None and tagged.pos != "M"


def _word_fraction(scan: Scan, j: int, count: int) -> Unit | None:
    """'một phần tư' is 1/4 and 'năm mươi phần trăm' is 50%."""
    if scan.word(j) != "phần" or not scan.spaced(j) or j + 1 >= len(scan.toks) or not scan.spaced(j + 1):
        return None
    den = scan.word(j + 1)
    if den == "trăm":
        return Unit("%", "percent", scan.toks[j + 1].end, j + 2)
    if den in _FRACTION_DENOMS and _FRACTION_DENOMS[den] > count:
        return Unit("fraction", "fraction", scan.toks[j + 1].end, j + 2)
    return None


def _is_digit_set_phrase(value: Decimal, unit: Unit) -> bool:
    """Digits in a set phrase: "2 bên", "02 địa phương" (the two parties), "2 chiều" (both ways)."""
    if unit.kind in ("currency", "percent") or value != int(value) or int(value) not in _DIGIT_WORDS:
        return False
    word, noun = _DIGIT_WORDS[int(value)], unit.unit.lower()
    return (word == "hai" and noun in lex.PAIR_NOUNS) or f"{word} {noun}" in lex.NUMBER_IDIOMS


def _is_idiom(words: list[str], unit: Unit) -> bool:
    """Unqualified word numbers that do not count: 'một năm', 'hai nước', 'năm tháng'."""
    noun = unit.unit.lower()
    if unit.kind in ("currency", "percent", "fraction"):
        return False
    if words == ["một"]:
        return True  # the article "a": "cùng một năm", "một dự án"
    if words == ["hai"] and noun in lex.PAIR_NOUNS:
        return True
    if len(words) == 1 and f"{words[0]} {noun}" in lex.NUMBER_IDIOMS:
        return True  # "thương mại hai chiều", "chính quyền hai cấp"
    return f"{words[0]} {noun.split()[0]}" in lex.WORD_IDIOMS and len(words) == 1


# ---------------------------------------------------------------- ranks


def _rank_figure(scan: Scan, i: int) -> tuple[Figure, int] | None:
    """'đứng thứ 5', 'lớn thứ hai': a rank, unless an edition, a weekday or an enumerator."""
    j = i + 1
    if j >= len(scan.toks) or not scan.spaced(j) or scan.prev_in(i, lex.EVENT_WORDS):
        return None
    if scan.words_before(i, 1) in lex.THING_CUES:
        return None  # "những thứ ba mẹ cho": thứ is "thing"
    if _orders_a_thing(scan, i):
        return None  # "Tổng Lãnh sự quán thứ hai": an ordinal of things, not a rank
    nxt = scan.toks[j]
    if nxt.kind == "num":
        place, _, out_of = nxt.text.partition("/")  # "thứ 12/63": 12th of 63
        if not place.isdigit() or not (out_of == "" or out_of.isdigit()) or _glued_to_name_right(scan, j + 1):
            return None
        if out_of and int(out_of) < int(place):
            return None
        value, last = int(place), j
    elif nxt.kind == "word":
        if nxt.text[0].isupper():
            return None  # thứ Hai: a weekday
        if nxt.low in ORDINAL_WORDS:
            value, last = ORDINAL_WORDS[nxt.low], j
        else:
            chain = scan.word_chain(j, 4)
            parsed = parse_number_words([scan.toks[k].low for k in chain])
            if parsed is None:
                return None
            value, last = parsed[0], chain[parsed[1] - 1]
    else:
        return None
    if _is_weekday_or_list(scan, i, last):
        return None
    return Figure(scan.toks[i].start, scan.toks[last].end, value, "rank"), last + 1


def _orders_a_thing(scan: Scan, i: int) -> bool:
    """"thứ" right after a noun underthesea tagged, with no ranking word ("lớn", "đứng"), orders things."""
    if scan.prev_in(i, lex.RANK_CUES) or i == 0 or not scan.spaced(i):
        return False
    before = scan.pos_by_end.get(scan.toks[i - 1].end)
    return before is not None and before.pos in _NOUN_TAGS and before.text.lower() not in lex.RANK_CUES


def _is_weekday_or_list(scan: Scan, i: int, last: int) -> bool:
    """'vào thứ 2 tuần tới', 'thứ 5 (13/10)' and a leading 'Thứ nhất,' are not ranks."""
    if scan.words_before(i, 1) in lex.WEEKDAY_CUES:
        return True
    after = last + 1
    if after < len(scan.toks) and scan.joined(after):
        nxt = scan.toks[after]
        if nxt.low in lex.WEEKDAY_CUES_AFTER:
            return True
        if nxt.text in ("(", ",") and after + 1 < len(scan.toks):
            follow = scan.toks[after + 1]
            if follow.kind == "num" and "/" in follow.text:
                return True
        if nxt.text in (",", ":") and scan.sentence_start(i):
            return True
    return False
