"""Names with the title written after them: "Cung Chính, Thị trưởng thành phố Thượng Hải".

The separators the press uses: a comma, a dash ("ông Nguyễn Văn A - Phó Chủ tịch
UBND tỉnh"), a bracket ("Lưu Ninh (Bí thư Khu ủy Quảng Tây)"); a caption's
position note may sit between name and separator ("Ông A (bên trái), ...").
The title is the FIRST role after the name, with the ministry a sub-unit
belongs to ("Vụ trưởng Vụ Đông Bắc Á, Bộ Ngoại giao"); a dash needs an
honorific, a surname or a name known already, since "Việt - Trung" is a dash
too. The side is the first role's; when that role says nothing ("Ủy viên
Trung ương Đảng"), the next roles of the same apposition decide ("..., Bí thư
Tỉnh ủy Vân Nam" is Chinese), then "về phía Trung Quốc có ...", then the place of
the delegation the person leads ("Đoàn đại biểu tỉnh Vân Nam do ông X, ...").
"""
from __future__ import annotations

import re
from typing import Callable

from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate.lexicon import Lexicon, match_unit
from annotate.preannotate.official_mentions import Head, Mention, Reading
from annotate.preannotate.places import bare_ok
from annotate.preannotate.title_reading import TitleReader
from annotate.preannotate.title_tail import TailReader, adjacent
from annotate.text.syllables import Word, is_name_syllable

ROMANISED = re.compile(r"[ \t]*\(([A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*(?:[ \t]+[A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*){0,3})\)")


def romanised_after(text: str, end: int, places: PlaceIndex, lex: Lexicon) -> re.Match | None:
    """The bracketed romanised form right after a name ending at end ("Lam Thiên Lập (Lan Tianli)"), or None;
    a bracketed place or country ("Lục Văn Khởi (Hà Giang)") is no romanised name."""
    rm = ROMANISED.match(text, end)
    if rm is None or rm.group(1) in lex.countries or places.lookup(rm.group(1)):
        return None
    return rm


SEPARATORS = {",": "comma", "-": "dash", "–": "dash", "—": "dash", "(": "bracket"}
AddMention = Callable[..., None]


class AppositionReader:
    """Finds "NAME, TITLE" mentions for one finder (its lexicon, gazetteer and title readers)."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon, titles: TitleReader, tails: TailReader):
        self.places = places
        self.lex = lexicon
        self.titles = titles
        self.tails = tails

    def read(self, reading: Reading, words: list[Word], head: Head, add: AddMention, org_title: bool = False) -> None:
        """Add the mention whose apposition head is, if the words before it are a name and a separator.
        org_title: the head is glued to an organisation ("Tổng Lãnh sự quán ..."), a post only after an
        honorific."""
        if head.h0 < 2 or words[head.h0 - 1].text not in SEPARATORS:
            return
        kind = SEPARATORS[words[head.h0 - 1].text]
        name_at = self._name_before(reading, words, head.h0 - 1)
        if name_at is None:
            return
        j, k = name_at
        honorific = self._honorific_before(reading.text, words, j)
        name = " ".join(w.text for w in words[j:k])
        if org_title and not honorific:
            return
        if kind == "dash" and not (
            honorific or self.titles.is_surname(words[j].text) or self.titles.known_person(name, reading.known)
            or (j > 0 and words[j - 1].text == ":")
        ):
            return  # "Việt - Trung", "Lạng Sơn - Quảng Tây": a dash between names is no apposition
        end_word = head.tail_end if head.tail_end > head.wi else head.wi
        if kind == "bracket" and not self._bracket_closes(words, end_word):
            return
        if not self._is_person(reading, words, j, k, name, honorific):
            return
        if not self._yields_earlier_rank(reading.mentions, words[j].start):
            return
        end_word = self._parent_org_end(reading, words, head, end_word)
        text = reading.text
        title = text[head.start : words[end_word - 1].end] if end_word > head.wi else text[head.start : head.end]
        side, weak, side_from = self._side(reading, words, head, title, end_word)
        guess, guess_from = ("", "") if side else self._context_side(reading, words, j)
        add(
            reading, words[j].start, words[k - 1].end, title, side, weak, [], guess=guess, guess_from=guess_from,
            rule="name+title", side_from=side_from,
        )

    def _side(self, reading: Reading, words: list[Word], head: Head, title: str, end_word: int) -> tuple[str, bool, str]:
        """(side, weak, where from) of the first role, or of the next roles when the first says nothing."""
        side, weak = self.titles.title_side(title, head.head, words, head.wi, end_word, [], "")
        if not side or weak:
            chain_side, chain_weak = self._chain_side(reading, words, end_word)
            if chain_side and (not chain_weak or not side):
                return chain_side, chain_weak, "chain"
        return side, weak, "title"

    def _context_side(self, reading: Reading, words: list[Word], j: int) -> tuple[str, str]:
        """(side, where from) of a person whose roles say nothing: "về phía Trung Quốc có", then the
        delegation they lead."""
        cue = self.titles.side_cue(words, j)
        if cue:
            return cue, "cue"
        after = max((m.end for m in reading.mentions if m.end <= words[j].start), default=-1)
        return self.titles.delegation_side(words, j, after), "delegation"

    def _name_before(self, reading: Reading, words: list[Word], sep: int) -> tuple[int, int] | None:
        """(first, end) word indices of the 2-4 syllable name ending before the separator at sep, past a
        romanised form ("Hoàng Minh Chí (Huang Mingzhi), ...") and a position note ("(bên trái)")."""
        k = self._position_note_before(words, sep)
        rm_open = self._romanised_before(reading.text, words, k)
        if rm_open is not None:
            k = rm_open
        j = k
        while j > 0 and is_name_syllable(words[j - 1].text) and (j == k or adjacent(words[j - 1], words[j])):
            j -= 1
        while j < k and words[j].text in self.lex.honorifics:
            j += 1
        return (j, k) if 2 <= k - j <= 4 else None

    @staticmethod
    def _bracket_closes(words: list[Word], i: int) -> bool:
        """A ")" closes the bracket the title opened, at words[i] or a few words on ("(Bí thư ..., Trung Quốc)")."""
        for j in range(i, min(len(words), i + 12)):
            if words[j].text == ")":
                return True
            if words[j].text in ("(", "\n"):
                return False
        return False

    def _position_note_before(self, words: list[Word], sep: int) -> int:
        """Index of "(" when words[:sep] end with a caption's position note ("(bên trái)", "(phải)") or with
        what only says where ("(Trung Quốc)"), else sep."""
        if sep < 3 or words[sep - 1].text != ")":
            return sep
        j = sep - 2
        while j > 0 and sep - j <= 8 and (
            words[j].text in self.lex.position_words or words[j].text.isdigit() or words[j].text == ","
        ):
            j -= 1
        if words[j].text == "(" and j < sep - 2:
            return j
        j = next((o for o in range(sep - 2, max(0, sep - 7), -1) if words[o].text == "("), -1)
        if j > 0 and self.titles.where_gap(words, j, j)[0] == sep:
            return j
        return sep

    def _honorific_before(self, text: str, words: list[Word], j: int) -> bool:
        """"ông", "bà", "đồng chí" written right before words[j]."""
        start = words[j].start
        return bool(self.lex.honorific_re.search(text, max(0, start - 12), start))

    def _is_person(self, reading: Reading, words: list[Word], j: int, k: int, name: str, honorific: bool) -> bool:
        """words[j:k] name a person, not a country or a place. A titled name that a ward or commune shares
        ("ông Nguyễn Thái Bình, Phó Chủ tịch ...") is a person after an honorific, or when it reads surname +
        given name and the gazetteer only knows it below the city tier (wards are often named after people)."""
        if name in self.lex.countries:
            return False
        entries = self.places.lookup(name)
        if not entries or honorific or self.titles.known_person(name, reading.known):
            return True
        return k - j >= 3 and self.titles.is_surname(words[j].text) and not any(bare_ok(e) for e in entries)

    def _yields_earlier_rank(self, mentions: list[Mention], start: int) -> bool:
        """True when no titled mention starts here, or only one titled by a military rank, which is then
        dropped with its twin (the post after the name wins); False when a post already titles it."""
        earlier = [m for m in mentions if m.start == start and m.titled and m.twin_of is None]
        if not earlier:
            return True
        if not earlier[0].rank:
            return False
        mentions[:] = [m for m in mentions if m is not earlier[0] and m.twin_of is not earlier[0]]
        return True

    def _parent_org_end(self, reading: Reading, words: list[Word], head: Head, end_word: int) -> int:
        """End of the title with the ministry a sub-unit belongs to: ", Bộ Ngoại giao", "(Bộ Công Thương)"."""
        n = len(words)
        if not head.tail.org_seen or end_word + 2 >= n or words[end_word].text not in (",", "("):
            return end_word
        k = match_unit(words, end_word + 1, self.lex.parent_org_nouns)
        if not k or end_word + 1 + k >= n or not is_name_syllable(words[end_word + 1 + k].text):
            return end_word
        parent = self.tails.read(
            reading.text, words, end_word + 1, end_word + 1, reading.token_starts, reading.tokens
        )
        if words[end_word].text == "(":
            return parent.end + 1 if parent.end < n and words[parent.end].text == ")" else end_word
        return parent.end

    def _chain_side(self, reading: Reading, words: list[Word], end_word: int) -> tuple[str, bool]:
        """The side the next roles of the same apposition state: ", Ủy viên ..., Bí thư Tỉnh ủy Vân Nam"."""
        weak_side = ""
        n = len(words)
        for _ in range(4):
            if end_word + 1 >= n or words[end_word].text != ",":
                break
            hm = self.lex.head_re.match(reading.text, words[end_word + 1].start)
            if hm is None:
                break
            wi = end_word + 1
            while wi < n and words[wi].end <= hm.end():
                wi += 1
            info = self.lex.head_info(hm.group("head"))
            tail = self.tails.read(
                reading.text, words, wi, end_word + 1, reading.token_starts, reading.tokens, bool(info and info.domain)
            )
            role = reading.text[hm.start() : words[tail.end - 1].end] if tail.end > wi else hm.group()
            side, weak = self.titles.title_side(role, hm.group("head"), words, wi, tail.end, [], "")
            if side and not weak:
                return side, False
            weak_side = weak_side or side
            end_word = max(tail.end, wi)
        return weak_side, True

    def _romanised_before(self, text: str, words: list[Word], k: int) -> int | None:
        """Index of "(" when words[:k] end with a bracketed romanised name glued to a name ("... (Huang Zhiqiang)")."""
        if k < 4 or words[k - 1].text != ")":
            return None
        j = k - 2
        while j > 0 and words[j].text != "(" and k - j <= 6:
            j -= 1
        if words[j].text != "(" or j < 2 or not is_name_syllable(words[j - 1].text):
            return None
        rm = romanised_after(text, words[j - 1].end, self.places, self.lex)
        if rm is None or rm.end() != words[k - 1].end:
            return None
        return j
