"""OFFICIAL candidates: a role title written next to a personal name, and later mentions of the same name.

Patterns (GUIDELINES, OFFICIAL, and the desk's convention 1):
- title + name: "Bí thư Thành ủy Thượng Hải Hàn Chính"; the capitalised run
  after the title can start with a place or a country, which is split off
  by the gazetteer ("Thượng Hải" | "Hàn Chính"), by underthesea's word
  boundaries or by a surname; the place becomes a LOCALITY candidate. Of
  several roles before the name the LAST one is the title. Between title and
  name may stand what only says where ("Bí thư Tỉnh ủy Vân Nam (Trung Quốc)
  X", "Tổng Lãnh sự ... tại Côn Minh, Trung Quốc, X"), "mới", or a military
  rank ("Bộ trưởng Bộ Quốc phòng Đại tướng X"): none of it is in the title;
- name + title (appositions.py): "Cung Chính, Thị trưởng thành phố Thượng
  Hải", "ông X - Phó Chủ tịch UBND tỉnh", "X (Bí thư ...)": the FIRST role
  after the name;
- title, honorific + name: "Phó Thị trưởng Trùng Khánh, bà Trương Quốc Trí";
- a romanised form in brackets after a name: "Lam Thiên Lập (Lan Tianli)";
- later mentions of a titled name (later_mentions.py).
`side` comes from the title (a diplomat's sending country, else a country or
place written in it, else its body: UBND is Vietnamese, Chính quyền nhân dân
Chinese), then from the person's other roles and mentions, the list of
well-known officials, the head ("Thị trưởng" is Chinese), else VN.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.index import PlaceIndex
from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.appositions import AppositionReader, romanised_after
from annotate.preannotate.later_mentions import add_later_mentions, fill_sides, ranks_take_posts
from annotate.preannotate.lexicon import Lexicon, load_lexicon, match_unit
from annotate.preannotate.official_mentions import Head, Mention, Reading
from annotate.preannotate.place_cues import PlaceCues
from annotate.preannotate.places import guessed_attrs, locality_attrs
from annotate.preannotate.resolve import Candidate
from annotate.preannotate.title_reading import TitleReader
from annotate.preannotate.title_tail import TailReader, adjacent
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_name_syllable, match_phrase, words_in

__all__ = ["Mention", "OfficialFinder", "find_officials"]


class OfficialFinder:
    """Finds OFFICIAL candidates (and the places split off their titles) in article segments."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon | None = None):
        self.places = places
        self.lex: Lexicon = lexicon or load_lexicon()
        self.titles = TitleReader(places, self.lex)
        self.tails = TailReader(places, self.lex)
        self.appositions = AppositionReader(places, self.lex, self.titles, self.tails)
        self.cues = PlaceCues(places, self.lex)

    def find(
        self,
        text: str,
        segments: Sequence[tuple[int, int]],
        tokens: Sequence[Token] = (),
        day: str | None = None,
    ) -> list[Mention]:
        """Titled mentions (title + name, title + honorific + name, name + title), then later mentions."""
        self.titles.day = day
        tokens = list(tokens)
        reading = Reading(text, tokens, [t.start for t in tokens], {t.start for t in tokens if t.pos == "Np"})
        for seg_start, seg_end in segments:
            words = words_in(text, seg_start, seg_end)
            if words:
                self._read_segment(reading, words, seg_start, seg_end)
        ranks_take_posts(reading.mentions)
        add_later_mentions(self.lex, self.places, text, segments, reading.mentions, reading.known)
        fill_sides(self.lex, reading.mentions)
        return reading.mentions

    def _read_segment(self, reading: Reading, words: list[Word], seg_start: int, seg_end: int) -> None:
        """Every head of one segment, in order; a head inside the previous head's title (inside a body such as
        "Ủy ban Thường vụ Quốc hội") is part of that title, not a role of its own."""
        text = reading.text
        word_starts = [w.start for w in words]
        inside_until = -1
        for hm in self.lex.head_re.finditer(text, seg_start, seg_end):
            if hm.start() < inside_until:
                continue
            head = self._head_at(reading, words, word_starts, hm)
            if head.tail_end > head.wi:
                inside_until = words[head.tail_end - 1].end
            info = self.lex.head_info(head.head)
            if self._private_post(text, words, head):
                continue
            if info is not None and info.after_name:
                self.appositions.read(reading, words, head, self._add)
            elif not self._title_then_name(reading, words, head) and not self._title_then_honorific(reading, words, head):
                self.appositions.read(reading, words, head, self._add)
        for hm in self.lex.org_title_re.finditer(text, seg_start, seg_end):
            # "đồng chí X, Tổng Lãnh sự quán Việt Nam tại Côn Minh": the mission for its head, as written
            head = self._head_at(reading, words, word_starts, hm, org_title=True)
            self.appositions.read(reading, words, head, self._add, org_title=True)

    # ------------------------------------------------------------ one head and its title
    def _head_at(
        self, reading: Reading, words: list[Word], word_starts: list[int], hm: re.Match, org_title: bool = False
    ) -> Head:
        """The head matched by hm and where its title tail ends (org_title: past the glued "quán")."""
        wi = bisect.bisect_left(word_starts, hm.end())
        if org_title:
            wi += 1
        h0 = bisect.bisect_left(word_starts, hm.start())
        info = self.lex.head_info(hm.group("head"))
        tail = self.tails.read(
            reading.text, words, wi, h0, reading.token_starts, reading.tokens, bool(info and info.domain),
            lambda f0, f1: self._name_ends_tail(reading, words, f0, f1),
        )
        end = words[wi - 1].end if org_title and wi > 0 else hm.end()
        return Head(hm.group("head"), hm.start(), end, wi, h0, tail)

    def _name_ends_tail(self, reading: Reading, words: list[Word], f0: int, f1: int) -> bool:
        """words[f0:f1] end with a personal name: "... Đặng Xuân Phong tại thành phố Côn Minh"."""
        r = f1
        while r > f0 and is_name_syllable(words[r - 1].text):
            r -= 1
        if f1 - r < 2:
            return False
        p, _, _ = self.titles.split_run(words, r, f1, False, reading.known, reading.np_starts)
        return p < f1 and 2 <= f1 - p <= 4 and (
            self.titles.is_surname(words[p].text)
            or self.titles.known_person(" ".join(x.text for x in words[p:f1]), reading.known)
        )

    def _private_post(self, text: str, words: list[Word], head: Head) -> bool:
        """A company role ("Giám đốc Công ty ..."), not a public post."""
        title_prefix = text[head.start : words[head.tail_end - 1].end] if head.tail_end > head.wi else text[head.start : head.end]
        after_head = text[head.end : head.end + 40].lstrip()
        return any(p in title_prefix or after_head.startswith(p) for p in self.lex.private_bodies)

    def _title_then_name(self, reading: Reading, words: list[Word], head: Head) -> bool:
        """"Bí thư Thành ủy Thượng Hải Hàn Chính": the name closes the tail; a place opening the run is split
        off as a LOCALITY. False when the tail ends with no name."""
        r1 = r0 = head.tail_end
        while r0 > max(head.wi, head.floor) and is_name_syllable(words[r0 - 1].text) and (
            r0 == r1 or adjacent(words[r0 - 1], words[r0])
        ):
            r0 -= 1
        if r1 <= r0:
            return self._name_after_gap(reading, words, head)
        unit_before = r0 > head.wi and any(
            match_unit(words, r0 - b, self.lex.unit_phrases) == b for b in range(1, min(8, r0 - head.wi) + 1)
        )
        p, split_entries, split_code = self.titles.split_run(words, r0, r1, unit_before, reading.known, reading.np_starts)
        if not (p < r1 and 1 <= r1 - p <= 4 and (r1 - p >= 2 or self.titles.known_person(words[p].text, reading.known))):
            return self._name_after_gap(reading, words, head)
        name = " ".join(w.text for w in words[p:r1])
        if p == r0 and head.tail.org_floor and r0 == head.floor and not self.titles.known_person(name, reading.known):
            return False  # "Vụ trưởng Vụ Đông Bắc Á, ...": the run names the department, not a person
        text = reading.text
        name_start, name_end = words[p].start, words[r1 - 1].end
        title = text[head.start : name_start].rstrip(" ,\t")
        places: list[tuple[int, int, dict]] = []
        ps, pe = (words[r0].start, words[p - 1].end) if p > r0 else (0, 0)
        if p > r0 and not (self.cues.gate_before(text, ps) or self.cues.venue_before(text, ps)):
            # a place split off the name is a LOCALITY, unless it names a venue ("Trưởng ga Đồng Đăng")
            if split_entries:
                entry = choose(split_entries, None, None, day=self.titles.day)
                places.append((ps, pe, locality_attrs(entry, self.places)))
            elif not split_code and unit_before:
                places.append((ps, pe, guessed_attrs(text[ps:pe], "city", "")))  # a place the gazetteer lacks
        side, weak = self.titles.title_side(title, head.head, words, head.wi, p, split_entries, split_code)
        after = max((m.end for m in reading.mentions if m.end <= head.start), default=-1)
        guess = self.titles.context_side(words, head.h0, after) if not side and p > head.wi else ""
        self._add(reading, name_start, name_end, title, side, weak, places, guess=guess, rank=self._is_rank(head),
                  rule="title+name")
        return True

    def _name_after_gap(self, reading: Reading, words: list[Word], head: Head) -> bool:
        """The name after what sits between it and the title (TitleReader.where_gap, or a military rank)."""
        e = head.tail_end
        if e <= head.wi:
            return False
        if head.tail.rank_at == e:
            rank = self.lex.head_re.match(reading.text, words[e].start)
            j = e
            while j < len(words) and words[j].end <= rank.end():
                j += 1
            unit_before = False
        else:
            j, unit_before = self.titles.where_gap(words, e, head.wi)
        if j < 0 or j >= len(words) or not adjacent(words[j - 1], words[j]):
            return False
        r1 = j
        while r1 < len(words) and is_name_syllable(words[r1].text) and (r1 == j or adjacent(words[r1 - 1], words[r1])):
            r1 += 1
        p, _, _ = self.titles.split_run(words, j, r1, unit_before, reading.known, reading.np_starts)
        name = " ".join(w.text for w in words[p:r1])
        if not (p < r1 and 2 <= r1 - p <= 4 and (self.titles.is_surname(words[p].text) or self.titles.known_person(name, reading.known))):
            return False
        if self.places.lookup(name) and not self.titles.known_person(name, reading.known):
            return False
        title = reading.text[head.start : words[e - 1].end]
        side, weak = self.titles.title_side(title, head.head, words, head.wi, p, [], "")
        self._add(reading, words[p].start, words[r1 - 1].end, title, side, weak, [], rule="title+gap")
        return True

    def _title_then_honorific(self, reading: Reading, words: list[Word], head: Head) -> bool:
        """"Phó Thị trưởng Trùng Khánh, bà Trương Quốc Trí": title, honorific or military rank, name."""
        tail_end = comma = head.tail_end
        if comma < len(words) and words[comma].text == "(":
            comma, _ = self.titles.where_gap(words, comma, head.wi)  # "... Quảng Đông (Trung Quốc), ông X"
        if comma < 0 or comma >= len(words) or words[comma].text != ",":
            return False
        j = self._after_honorific_or_rank(reading.text, words, comma + 1)
        if j < 0:
            return False
        k = j
        while k < len(words) and is_name_syllable(words[k].text) and (k == j or adjacent(words[k - 1], words[k])):
            k += 1
        if not 2 <= k - j <= 4:
            return False
        title = reading.text[head.start : words[tail_end - 1].end] if tail_end > head.wi else head.head
        side, weak = self.titles.title_side(title, head.head, words, head.wi, tail_end, [], "")
        self._add(reading, words[j].start, words[k - 1].end, title, side, weak, [], rule="title+honorific")
        return True

    def _after_honorific_or_rank(self, text: str, words: list[Word], j: int) -> int:
        """Index after "ông"/"bà"/"đồng chí" or a rank ("Đại tá") at words[j], else -1."""
        if j >= len(words):
            return -1
        k = match_phrase(words, j, self.lex.honorific_phrases)
        if k:
            return j + k
        hm = self.lex.head_re.match(text, words[j].start)
        if hm is None or not self._is_rank_head(hm.group("head")):
            return -1
        while j < len(words) and words[j].end <= hm.end():
            j += 1
        return j

    def _is_rank_head(self, head: str) -> bool:
        """A military or police rank ("Đại tá"), not a post."""
        info = self.lex.head_info(head)
        return bool(info and info.kind == "rank")

    def _is_rank(self, head: Head) -> bool:
        """The head is a military or police rank ("Đại tá"), not a post."""
        info = self.lex.head_info(head.head)
        return bool(info and info.kind == "rank")

    def _add(
        self, reading: Reading, start: int, end: int, title: str, side: str, weak: bool,
        places: list[tuple[int, int, dict]], *, guess: str = "", guess_from: str = "context", rank: bool = False,
        rule: str = "", side_from: str = "title",
    ) -> None:
        """Record a titled mention and its romanised twin; a weak side is not sure, guess is a side from
        context (guess_from says which), used last. A name already titled keeps its first title (a rank
        yields to a post)."""
        text, mentions, known = reading.text, reading.mentions, reading.known
        earlier = [m for m in mentions if m.start == start and m.titled and m.twin_of is None]
        if earlier and (rank or not earlier[0].rank):
            return
        if earlier:
            mentions[:] = [m for m in mentions if m is not earlier[0] and m.twin_of is not earlier[0]]
        name = text[start:end]
        sure = bool(side) and not weak
        side_from = side_from if sure else ("body" if side else "")
        if not side:
            side = self.lex.officials.get(name, "")
            sure, side_from = bool(side), ("officials" if side else "")
        if not side and guess:
            side, side_from = guess, guess_from
        m = Mention(
            start, end, name, title, side, True, prio.OFFICIAL_TITLED, sure, places, rank=rank, rule=rule,
            side_from=side_from,
        )
        mentions.append(m)
        known.setdefault(name, side)
        rm = romanised_after(text, end, self.places, self.lex)
        if rm:
            mentions.append(Mention(
                rm.start(1), rm.end(1), rm.group(1), title, side, True, prio.OFFICIAL_TITLED, sure, twin_of=m,
                rule="romanised", side_from=side_from,
            ))
            known.setdefault(rm.group(1), side)


def find_officials(
    text: str,
    segments: Sequence[tuple[int, int]],
    places: PlaceIndex,
    tokens: Sequence[Token] = (),
    day: str | None = None,
) -> tuple[list[Candidate], list[str]]:
    """OFFICIAL candidates plus LOCALITY candidates split off titles, and the person names found."""
    finder = OfficialFinder(places)
    mentions = finder.find(text, segments, tokens, day)
    out: list[Candidate] = []
    for m in mentions:
        out.append(Candidate(Span(m.start, m.end, "OFFICIAL", {"title": m.title, "side": m.side}, "rule"), m.priority))
        for ps, pe, attrs in m.places:
            out.append(Candidate(Span(ps, pe, "LOCALITY", attrs, "rule"), prio.LOCALITY_UNIT))
    names = sorted({m.name for m in mentions})
    return out, names
