"""What the words around a capitalised run say about it being a place: the LOCALITY rules' evidence.

A unit word before it ("tỉnh", "các huyện"), a list it continues, an ethnic
name inside a unit phrase, a venue or border-gate word, a route between
places, an organisation or brand whose name it closes, a sentence opener, a
country written after it. Each question is one method; the rules in
localities.py decide what the answers mean.
"""
from __future__ import annotations

import re
from typing import Sequence

from annotate.gazetteer.countries import country_at
from annotate.gazetteer.entries import LEVELS, UNIT_FITS, PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate.lexicon import Lexicon, match_unit
from annotate.preannotate.places import bare_ok
from annotate.text.syllables import Word, is_name_syllable, looks_foreign, match_phrase

_ROUTE_DASH = re.compile(r"[ \t]+[-–][ \t]+")


def adjacent(words: Sequence[Word], j: int) -> bool:
    """words[j] follows words[j - 1] after one space at most."""
    return words[j].start - words[j - 1].end <= 1


class PlaceCues:
    """Questions about the words around words[i], over one article's words."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon):
        self.places = places
        self.lex = lexicon

    # ------------------------------------------------------------ unit words and lists
    def unit_before(self, words: Sequence[Word], i: int) -> tuple[int, str | None]:
        """(first word index, level) of a unit word ending right before words[i]."""
        if i == 0 or words[i].start - words[i - 1].end > 1:
            return i, None
        for back in range(min(7, i), 0, -1):
            k = match_unit(words, i - back, self.lex.unit_phrases)
            if k == back:
                phrase = " ".join(w.text for w in words[i - back : i])
                return i - back, self.lex.unit_words.get(phrase)
        return i, None

    def plural_unit(self, words: Sequence[Word], unit_start: int) -> bool:
        """The unit word at unit_start is plural: "các huyện", "hai tỉnh", "các quận, huyện"."""
        j = unit_start - 1
        for _ in range(6):
            if j < 0:
                return False
            if words[j].text.casefold() in self.lex.plural_markers:
                return True
            if words[j].text in (",", "và"):
                j -= 1
                continue
            # another unit word of the same list ("các quận, huyện", "các huyện, thị xã")
            k = next((b for b in (3, 2, 1) if j - b + 1 >= 0
                      and " ".join(w.text for w in words[j - b + 1 : j + 1]) in self.lex.unit_words), 0)
            if not k:
                return False
            j -= k
        return False

    def continues_list(self, words: Sequence[Word], list_next: int, i: int) -> bool:
        """words[list_next:i] is a list separator: ",", "và", ", và", "cùng"."""
        if list_next < 0 or i <= list_next or i - list_next > 2:
            return False
        return tuple(w.text for w in words[list_next:i]) in self.lex.list_separators

    def unit_not_name(self, words: Sequence[Word], i: int, ku: int, entries: Sequence[PlaceEntry]) -> bool:
        """At words[i] a unit word also opens a small place's name ("Châu Hồng" commune in "Châu Hồng Hà"):
        read it as the unit word when no unit word precedes it, the longer name cannot stand bare, and a
        place that fits the unit follows it."""
        if any(bare_ok(e) for e in entries) or self.unit_before(words, i)[1] is not None:
            return False
        phrase = " ".join(w.text for w in words[i : i + ku])
        level = self.lex.unit_words.get(phrase)
        k2, after = self.places.place_at(words, i + ku)
        fits = UNIT_FITS.get(level or "", LEVELS)
        return bool(k2) and any(e.level in fits for e in after)

    def ethnic_at(self, words: Sequence[Word], i: int) -> int:
        """Words of an ethnic name right after "dân tộc" at words[i] ("dân tộc Miêu", "dân tộc Hà Nhì"), else 0."""
        if i < 2 or words[i - 1].text != "tộc" or words[i - 2].text.casefold() != "dân":
            return 0
        return match_phrase(words, i, self.lex.ethnic_phrases)

    # ------------------------------------------------------------ countries around
    @staticmethod
    def following_country(words: Sequence[Word], j: int) -> str:
        """ISO code of a country written right after a place: "X (Trung Quốc)", "X, Trung Quốc"."""
        if j < len(words) and words[j].text in ("(", ",") and words[j].start - words[j - 1].end <= 1:
            k, code = country_at(words, j + 1)
            if k:
                return code
        return ""

    def bracketed_place_country(self, words: Sequence[Word], j: int) -> str:
        """Country of a known place in brackets right after a name: "thị trấn X (Ma Lật Pha, Văn Sơn)" is in CN."""
        if j + 1 >= len(words) or words[j].text != "(" or words[j].start - words[j - 1].end > 1:
            return ""
        k, entries = self.places.place_at(words, j + 1)
        countries = {e.country for e in entries if bare_ok(e)}
        return countries.pop() if k and len(countries) == 1 else ""

    def next_item_country(self, words: Sequence[Word], j: int) -> str:
        """Country of the next item of a list when the gazetteer knows it in one country only."""
        for _ in range(4):
            sep = 0
            while j + sep < len(words) and words[j + sep].text in (",", "và") and sep < 2:
                sep += 1
            if not sep:
                return ""
            k, entries = self.places.place_at(words, j + sep)
            if not k:
                return ""
            countries = {e.country for e in entries}
            if len(countries) == 1:
                return countries.pop() or ""
            j += sep + k
        return ""

    # ------------------------------------------------------------ venues, gates, routes
    def venue_before(self, text: str, start: int) -> bool:
        """True when a venue word ("sân bay quốc tế", "cảng") opens the phrase before start.

        The venue word must open the phrase: "phố" closing the unit word "thành phố" is no venue, and
        a preposition after it ("tuyến đường sắt từ Hà Khẩu") ends the venue phrase: routes name places.
        """
        tail_words = text[max(0, start - 40) : start].rstrip().split()
        venues, breaks = self.lex.venue_words, self.lex.venue_breaks
        for n in range(1, 5):
            if len(tail_words) < n:
                break
            chunk = tail_words[-n:]
            before = tail_words[-n - 1] if len(tail_words) > n else ""
            for size in (2, 1):
                if len(chunk) < size or " ".join(chunk[:size]) not in venues:
                    continue
                if before and f"{before} {chunk[0]}" in self.lex.unit_words:
                    continue  # "thành phố X": a unit word, not the street word "phố"
                # "sân bay quốc tế X": venue word followed by lowercase modifiers
                if all(w[:1].islower() and w not in breaks for w in chunk[size:]):
                    return True
        return False

    def venue_name_before(self, text: str, start: int) -> bool:
        """True inside an exhibition or convention centre's name ("Trung tâm Hội chợ Triển lãm Quốc tế X")."""
        return self.lex.venue_name_re.search(text, max(0, start - 80), start) is not None

    def gate_before(self, text: str, start: int) -> bool:
        """True right after a venue word that names its venue after a place: a border gate, airport, bridge,
        economic zone, port or station ("cửa khẩu quốc tế Móng Cái", "cửa khẩu Lào Cai - Hà Khẩu")."""
        gate_re = self.lex.gate_re
        found = gate_re.search(text, max(0, start - 80), start) if gate_re is not None else None
        if found is None:
            return False
        before = text[max(0, found.start() - 12) : found.start()].split()
        return not (before and before[-1].casefold() in self.lex.gate_word_blockers)  # "yêu cầu", "điểm cầu"

    def in_route(self, text: str, words: Sequence[Word], i: int, k: int, last_end: int | None) -> bool:
        """A small place between two places of a route: "Nam Ninh - Bằng Tường - Đồng Đăng - Hà Nội"
        (last_end: where the previous place mention ended, None when there is none)."""
        if last_end is None or not _ROUTE_DASH.fullmatch(text[last_end : words[i].start]):
            return False
        j = i + k
        if j + 1 >= len(words) or words[j].text not in ("-", "–"):
            return False
        if not _ROUTE_DASH.fullmatch(text[words[j - 1].end : words[j + 1].start]):
            return False
        k2, after = self.places.place_at(words, j + 1)
        return bool(k2) and any(bare_ok(e) for e in after)

    # ------------------------------------------------------------ organisations, brands, sentences
    def org_head(self, words: Sequence[Word], i: int, j: int) -> int:
        """Words of an organisation head opening the capitalised run words[i:j] ("Sở", "Báo"), else 0."""
        k = match_phrase(words, i, self.lex.org_heads)
        return k if k and i + k < j else 0

    def org_head_before(self, words: Sequence[Word], r: int) -> bool:
        """A head of two words or more, which a capitalised run cannot hold, ends right before the run starting
        at words[r], in either case of its first letter ("Tập đoàn", "công ty" before "Metro Quảng Châu")."""
        for back in range(2, min(4, r) + 1):
            phrase = [w.text for w in words[r - back : r]]
            phrase[0] = phrase[0][:1].upper() + phrase[0][1:]
            if tuple(phrase) in self.lex.org_heads and words[r].start - words[r - 1].end <= 1:
                return True
        return False

    def brand_place(self, words: Sequence[Word], i: int, k: int, entries: Sequence[PlaceEntry]) -> bool:
        """"Formosa Hà Tĩnh", "Vinfast Hải Phòng": a province closing a company name after a brand word.

        The brand must be spelt as no Vietnamese or Sino-Vietnamese personal name is (f, j, w, z or
        foreign clusters), the run must end with the province, and no honorific may precede the brand.
        """
        if not k or i < 1 or not looks_foreign(words[i - 1].text):
            return False
        if i + k < len(words) and is_name_syllable(words[i + k].text) and words[i + k].start - words[i + k - 1].end <= 1:
            return False
        if i >= 2 and words[i - 2].text.casefold() in self.lex.person_titles:
            return False
        return any(e.level == "province" for e in entries)

    def sentence_word(self, text: str, words: Sequence[Word], j: int) -> bool:
        """words[j] is a common word capitalised only because it opens a sentence or line ("Phía", "Tại")."""
        low = words[j].text.lower()
        if low == words[j].text or low not in self.lex.venue_breaks | self.lex.stoppers | self.lex.sentence_openers:
            return False
        if j == 0:
            return True
        return words[j - 1].text in ".!?:;\"“(" or "\n" in text[words[j - 1].end : words[j].start]
