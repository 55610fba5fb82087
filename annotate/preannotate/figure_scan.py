"""The figure finder's view of a text range: lexed tokens, the unit after a number, the qualifier before it.

`Scan` lexes the range once (digits, letters, single symbols; URLs and
e-mail addresses masked) and answers the spacing and context questions every
rule asks. `unit_after` reads what a number counts: %, a currency (as its ISO
code), a counted noun from the lexicon, or a noun underthesea tagged.
`qualifier_start` extends a span left over "hơn", "gần", "khoảng" ...
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from annotate.preannotate import figure_lexicon as lex
from annotate.preannotate.tokens import Token

_LEX = re.compile(r"(?P<num>\d+(?:[.,:/]\d+)*)|(?P<word>[^\W\d_]+)|(?P<sym>\S)")
_MASK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|vn|net|org|htm|html|vnp|php|aspx?|gov|edu|cn|info)\b\S*"
)
_SPACES = frozenset(" \t\u00a0\u202f")
_SENTENCE_PUNCT = frozenset(".!?…:;\"“”'(|•-–—[")
_NOUN_POS = frozenset({"N", "Nc", "Nu"})


def _phrase_table() -> dict[tuple[str, ...], tuple[str, str]]:
    """One longest-match table for every unit-like phrase: (kind, payload)."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for noun in lex.COUNTED_NOUNS:
        table[tuple(noun.replace("-", " ").split())] = ("noun", "")
    for word, code in lex.CURRENCIES.items():
        table[tuple(word.replace("-", " ").split())] = ("currency", code)
    table[("phần", "trăm")] = ("percent", "%")
    for phrase in lex.NOT_UNITS:
        table[tuple(phrase.split())] = ("reject", "")
    return table


_PHRASES = _phrase_table()
_PHRASE_MAX = max(len(k) for k in _PHRASES)


@dataclass(frozen=True, slots=True)
class Tok:
    """A lexer token: digits, letters, or one symbol, with code-point offsets."""

    start: int
    end: int
    text: str
    low: str
    kind: str


@dataclass(frozen=True, slots=True)
class Unit:
    """What follows a number: its unit as reported, its kind and where it ends."""

    unit: str
    kind: str  # "currency", "percent", "noun", "fraction", "rank"
    end: int
    next: int


class Scan:
    """The lexed range plus the context lookups every rule needs."""

    def __init__(self, text: str, start: int, end: int, tokens: Sequence[Token] | None) -> None:
        self.text = text
        masked = [(m.start(), m.end()) for m in _MASK.finditer(text, start, end)]
        self.toks: list[Tok] = []
        self.masked: set[int] = set()
        for m in _LEX.finditer(text, start, end):
            kind = m.lastgroup or "sym"
            if any(a <= m.start() < b for a, b in masked):
                self.masked.add(len(self.toks))
            self.toks.append(Tok(m.start(), m.end(), m.group(), m.group().lower(), kind))
        self.pos = {t.start: t for t in tokens} if tokens else {}
        self.pos_by_end = {t.end: t for t in tokens} if tokens else {}

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i ('' when glued)."""
        return self.text[self.toks[i - 1].end : self.toks[i].start]

    def spaced(self, i: int) -> bool:
        """True when token i follows token i-1 after spaces on the same line."""
        return 0 < i < len(self.toks) and self.gap(i) != "" and all(c in _SPACES for c in self.gap(i))

    def joined(self, i: int) -> bool:
        """True when token i follows token i-1 with a space or nothing between (same line)."""
        return 0 < i < len(self.toks) and all(c in _SPACES for c in self.gap(i))

    def glued(self, i: int) -> bool:
        """True when token i touches token i-1."""
        return 0 < i < len(self.toks) and self.gap(i) == ""

    def word(self, i: int) -> str:
        """Lowercase word at i, or '' for a number, symbol or out-of-range index."""
        return self.toks[i].low if 0 <= i < len(self.toks) and self.toks[i].kind == "word" else ""

    def words_before(self, i: int, n: int) -> str:
        """Up to n lowercase words ending right before token i, on one line, joined by spaces."""
        out: list[str] = []
        j = i
        while len(out) < n and j > 0 and self.spaced(j) and self.toks[j - 1].kind == "word":
            out.append(self.toks[j - 1].low)
            j -= 1
        return " ".join(reversed(out))

    def prev_in(self, i: int, vocab: frozenset[str]) -> bool:
        """True when the one or two words before token i form an entry of vocab."""
        one = self.words_before(i, 1)
        two = self.words_before(i, 2)
        return bool(one) and (one in vocab or two in vocab)

    def sentence_start(self, i: int) -> bool:
        """True at the start of the range, a line or a sentence (capitals are expected there)."""
        if i == 0 or "\n" in self.gap(i):
            return True
        prev = self.toks[i - 1]
        return prev.kind == "sym" and prev.text in _SENTENCE_PUNCT

    def word_chain(self, i: int, limit: int) -> list[int]:
        """Indices of up to limit consecutive words from i, space-separated on one line."""
        out: list[int] = []
        j = i
        while j < len(self.toks) and len(out) < limit and self.toks[j].kind == "word":
            if out and not self.spaced(j):
                break
            out.append(j)
            j += 1
        return out


# ---------------------------------------------------------------- units


def unit_after(scan: Scan, j: int) -> Unit | None:
    """The unit or counted noun starting at token j, with the nouns coordinated with it
    ("27 phường, xã, thị trấn", "35 quốc gia và vùng lãnh thổ")."""
    unit = _one_unit(scan, j)
    if unit is not None and unit.kind in ("noun", "pos"):
        return _coordinated(scan, unit)
    return unit


def _one_unit(scan: Scan, j: int) -> Unit | None:
    """The unit or counted noun starting at token j: %, lexicon phrase, a hyphenated loan noun, a noun token."""
    if j >= len(scan.toks) or not scan.joined(j):
        return None
    tok = scan.toks[j]
    if tok.text == "%":
        return Unit("%", "percent", tok.end, j + 1)
    if tok.kind != "word":
        return None
    phrase = _match_phrase(scan, j)
    if phrase is not None:
        kind, payload, last = phrase
        if kind == "reject":
            return None
        end = scan.toks[last].end
        if kind == "currency":
            return Unit(payload, kind, end, last + 1)
        if kind == "percent":
            return Unit("%", kind, end, last + 1)
        if scan.text[tok.start : scan.toks[last].end].lower() in lex.MEASURE_UNITS:
            last = _per_unit(scan, last)  # "160 km/h"; a count per day stays a count: "3.000 lượt khách"
        end = scan.toks[last].end
        tagged = _pos_noun(scan, j)
        if tagged is not None and tagged.end > end:
            return tagged  # underthesea's word is longer: "khách sạn", "con tàu"
        unit = Unit(scan.text[tok.start : end], kind, end, last + 1)
        if kind == "noun" and unit.unit.lower() in lex.COMPOUND_HEADS:
            return _noun_compound(scan, unit)
        return unit
    return _hyphenated_loan(scan, j) or _pos_noun(scan, j)


def _hyphenated_loan(scan: Scan, j: int) -> Unit | None:
    """A loan noun written as lowercase syllables joined by hyphens ("ki-lô-gam", "công-ten-nơ")."""
    k = j
    toks = scan.toks
    while (k + 2 < len(toks) and toks[k + 1].text == "-" and scan.glued(k + 1) and scan.glued(k + 2)
           and toks[k + 2].kind == "word"):
        k += 2
    if k == j or not all(toks[m].text.islower() for m in range(j, k + 1, 2)):
        return None
    return Unit(scan.text[toks[j].start : toks[k].end], "noun", toks[k].end, k + 1)


def _coordinated(scan: Scan, unit: Unit) -> Unit:
    """Extend a counted noun over the nouns of its group coordinated with it by ",", "và" or "/"."""
    group = lex.COORDINATION_GROUP.get(unit.unit.lower())
    if group is None:
        return unit
    start = unit.end - len(unit.unit)
    while True:
        k = unit.next
        if k + 1 >= len(scan.toks) or scan.toks[k].low not in lex.NOUN_COORDINATORS:
            return unit
        if not (scan.joined(k) and scan.joined(k + 1)):
            return unit
        phrase = _match_phrase(scan, k + 1)
        if phrase is None or phrase[0] != "noun":
            return unit
        last = phrase[2]
        noun = scan.text[scan.toks[k + 1].start : scan.toks[last].end]
        if lex.COORDINATION_GROUP.get(noun.lower()) != group or _name_follows(scan, last + 1):
            return unit
        unit = Unit(scan.text[start : scan.toks[last].end], unit.kind, scan.toks[last].end, last + 1)


def _name_follows(scan: Scan, k: int) -> bool:
    """A capitalised word follows on the line: the noun is a unit word of a place ("huyện Bát Xát")."""
    if k >= len(scan.toks) or not scan.spaced(k) or scan.toks[k].kind != "word":
        return False
    return scan.toks[k].text[:1].isupper()


def _per_unit(scan: Scan, last: int) -> int:
    """Extend a measure to a rate written with a slash ('km/h', 'tấn/năm'); returns the last index."""
    slash, per = last + 1, last + 2
    if per < len(scan.toks) and scan.glued(slash) and scan.glued(per):
        if scan.toks[slash].text == "/" and scan.toks[per].low in lex.PER_UNITS:
            return per
    return last


def _match_phrase(scan: Scan, j: int) -> tuple[str, str, int] | None:
    """Longest lexicon phrase at token j (hyphens and 'm2' glue allowed); (kind, payload, last index)."""
    words: list[str] = []
    ends: list[int] = []
    k = j
    while k < len(scan.toks) and len(words) < _PHRASE_MAX:
        tok = scan.toks[k]
        if tok.kind != "word":
            break
        if words and not scan.spaced(k) and not _hyphen_joined(scan, k):
            break
        piece = tok.low
        last = k
        if k + 1 < len(scan.toks) and scan.glued(k + 1) and scan.toks[k + 1].text in ("2", "3"):
            piece += scan.toks[k + 1].text  # m2, km2
            last = k + 1
        words.append(piece)
        ends.append(last)
        k = last + 1
        if k < len(scan.toks) and scan.toks[k].text == "-" and scan.glued(k):
            k += 1  # đô-la, vắc-xin
    for n in range(len(words), 0, -1):
        hit = _PHRASES.get(tuple(words[:n]))
        if hit is not None:
            return hit[0], hit[1], ends[n - 1]
    return None


def _hyphen_joined(scan: Scan, k: int) -> bool:
    """True when token k follows a hyphen glued to both sides ('đô-la')."""
    return k >= 2 and scan.glued(k) and scan.toks[k - 1].text == "-" and scan.glued(k - 1)


def _pos_noun(scan: Scan, j: int) -> Unit | None:
    """Counted noun from underthesea tags: an N/Nu token (an Nc takes the noun after it)."""
    tok = scan.pos.get(scan.toks[j].start)
    if tok is None or tok.pos not in _NOUN_POS or not tok.text[:1].islower():
        return None
    if "\n" in tok.text or not all(c.isalpha() or c == " " for c in tok.text):
        return None
    if tok.text.lower() in lex.NOT_COUNTED_NOUNS or tok.text.lower() in lex.NOT_UNITS:
        return None
    end = tok.end
    if tok.pos == "Nc":
        nxt = scan.pos.get(_next_start(scan.text, end))
        same_line = nxt is not None and "\n" not in scan.text[end : nxt.start]
        if same_line and nxt.pos == "N" and nxt.text[:1].islower():
            end = nxt.end
    k = j
    while k + 1 < len(scan.toks) and scan.toks[k + 1].start < end:
        k += 1
    return Unit(scan.text[tok.start : end], "pos", end, k + 1)


def _noun_compound(scan: Scan, unit: Unit) -> Unit:
    """A generic counted noun and the noun underthesea tags right after it: "nhóm nội dung"."""
    nxt = scan.pos.get(_next_start(scan.text, unit.end))
    if nxt is None or nxt.pos != "N" or nxt.start - unit.end != 1 or not nxt.text[:1].islower():
        return unit
    low = nxt.text.lower()
    if not all(c.isalpha() or c == " " for c in nxt.text) or low in lex.NOT_COUNTED_NOUNS or low in lex.NOT_UNITS:
        return unit
    if low in lex.MEASURE_UNITS or low in lex.PERIOD_NOUNS:
        return unit
    k = unit.next
    while k < len(scan.toks) and scan.toks[k].start < nxt.end:
        k += 1
    return Unit(scan.text[unit.end - len(unit.unit) : nxt.end], unit.kind, nxt.end, k)


def _next_start(text: str, i: int) -> int:
    """Offset of the first non-space character at or after i."""
    while i < len(text) and text[i] in _SPACES:
        i += 1
    return i


# ---------------------------------------------------------------- qualifiers


def qualifier_start(scan: Scan, i: int, after: int, strong: bool, floor: int) -> int:
    """Start of the span: the qualifier before the number at token i, if any (after: token past the span)."""
    for n in (2, 1):
        phrase = scan.words_before(i, n)
        if len(phrase.split()) != n or phrase not in lex.QUALIFIERS:
            continue
        if phrase in lex.WEAK_QUALIFIERS and not strong:
            continue
        first = i - n
        if phrase == "hơn" and _comparison(scan, first, after):
            continue
        if first in scan.masked or scan.toks[first].start < floor:
            continue
        return scan.toks[first].start
    return scan.toks[i].start


def _comparison(scan: Scan, hon: int, after: int) -> bool:
    """'cao hơn 5% so với năm ngoái' compares; 'dài hơn 1.400 km' is 'over 1,400 km'."""
    if scan.words_before(hon, 1) not in lex.COMPARATIVES:
        return False
    if after + 1 >= len(scan.toks) or not scan.joined(after):
        return False
    return (scan.word(after), scan.word(after + 1)) == ("so", "với")
