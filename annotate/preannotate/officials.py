"""OFFICIAL candidates: a role title written next to a personal name, and later mentions of the same name.

Patterns (GUIDELINES, OFFICIAL):
- title + name: "Bí thư Thành ủy Thượng Hải Hàn Chính"; the capitalised run
  after the title can start with a place or a country, which is split off
  by the gazetteer ("Thượng Hải" | "Hàn Chính"), by underthesea's word
  boundaries or by a surname; the place becomes a LOCALITY candidate;
- name + title: "Cung Chính, Thị trưởng thành phố Thượng Hải";
- title, honorific + name: "Phó Thị trưởng Trùng Khánh, bà Trương Quốc Trí";
- a romanised form in brackets after a name: "Lam Thiên Lập (Lan Tianli)";
- later mentions of a titled name, alone or after "ông/bà/đồng chí": they
  take the title of the nearest earlier titled mention.
`title` is the single role nearest the name as written (from its head to
the name, or from its head to the end of the apposition); `side` comes from
the title (a diplomat's sending country, else a country or place written in
it, else its body: UBND is Vietnamese, Văn phòng Ngoại vụ Chinese), then
from the list of well-known officials, then from the person's other
mentions, then from the head ("Thị trưởng" is Chinese), else VN.
title_reading.py reads one title; this module finds the three shapes around
each role head and the later mentions.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.credits import credit_ranges
from annotate.preannotate.lexicon import Lexicon, load_lexicon, match_unit
from annotate.preannotate.places import bare_ok, guessed_attrs, locality_attrs
from annotate.preannotate.resolve import Candidate
from annotate.preannotate.title_reading import TitleReader, adjacent
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_name_syllable, looks_foreign, words_in

ROMANISED = re.compile(r"[ \t]*\(([A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*(?:[ \t]+[A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*){0,3})\)")


@dataclass(slots=True)
class Mention:
    """One OFFICIAL mention before it becomes a Span."""

    start: int
    end: int
    name: str
    title: str
    side: str
    titled: bool
    priority: int
    side_sure: bool = False
    places: list[tuple[int, int, dict]] = field(default_factory=list)
    twin_of: "Mention | None" = None


@dataclass
class _Reading:
    """One article as the finder reads it: its tokens, the names titled so far (name -> side), the mentions."""

    text: str
    tokens: list[Token]
    token_starts: list[int]
    np_starts: set[int]
    known: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Head:
    """One role head in a segment ("Phó Chủ tịch"), with the title tail after it.

    start/end: offsets of the head with its modifiers; wi: the first word after it; h0: its first word;
    tail_end: the word after the title tail; floor: where the tail's last structural phrase ended.
    """

    head: str
    start: int
    end: int
    wi: int
    h0: int
    tail_end: int
    floor: int


class OfficialFinder:
    """Finds OFFICIAL candidates (and the places split off their titles) in article segments."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon | None = None):
        self.places = places
        self.lex: Lexicon = lexicon or load_lexicon()
        self.titles = TitleReader(places, self.lex)

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
        reading = _Reading(text, tokens, [t.start for t in tokens], {t.start for t in tokens if t.pos == "Np"})
        for seg_start, seg_end in segments:
            words = words_in(text, seg_start, seg_end)
            if not words:
                continue
            word_starts = [w.start for w in words]
            for hm in self.lex.head_re.finditer(text, seg_start, seg_end):
                head = self._head_at(reading, words, word_starts, hm)
                if self._private_post(text, words, head):
                    continue
                if not self._title_then_name(reading, words, head) and not self._title_then_honorific(reading, words, head):
                    self._name_then_title(reading, words, head)
        self._later_mentions(text, segments, reading.mentions, reading.known)
        self._fill_sides(reading.mentions)
        return reading.mentions

    # ------------------------------------------------------------ one head and its title
    def _head_at(self, reading: _Reading, words: list[Word], word_starts: list[int], hm: re.Match) -> _Head:
        """The head matched by hm and where its title tail ends."""
        wi = bisect.bisect_left(word_starts, hm.end())
        info = self.lex.head_info(hm.group("head"))
        tail_end, floor = self.titles.parse_tail(
            words, wi, reading.token_starts, reading.tokens, bool(info and info.domain),
            lambda f0, f1: self._name_ends_tail(reading, words, f0, f1),
        )
        return _Head(hm.group("head"), hm.start(), hm.end(), wi, bisect.bisect_left(word_starts, hm.start()), tail_end, floor)

    def _name_ends_tail(self, reading: _Reading, words: list[Word], f0: int, f1: int) -> bool:
        """words[f0:f1] end with a personal name: "... Đặng Xuân Phong tại thành phố Côn Minh"."""
        r = f1
        while r > f0 and is_name_syllable(words[r - 1].text):
            r -= 1
        if f1 - r < 2:
            return False
        p, _, _ = self.titles.split_run(words, r, f1, False, reading.known, reading.np_starts)
        return p < f1 and 2 <= f1 - p <= 4 and (
            words[p].text in self.lex.surnames
            or self.titles.known_person(" ".join(x.text for x in words[p:f1]), reading.known)
        )

    def _private_post(self, text: str, words: list[Word], head: _Head) -> bool:
        """A company role ("Giám đốc Công ty ..."), not a public post."""
        title_prefix = text[head.start : words[head.tail_end - 1].end] if head.tail_end > head.wi else text[head.start : head.end]
        after_head = text[head.end : head.end + 40].lstrip()
        return any(p in title_prefix or after_head.startswith(p) for p in self.lex.private_bodies)

    def _title_then_name(self, reading: _Reading, words: list[Word], head: _Head) -> bool:
        """"Bí thư Thành ủy Thượng Hải Hàn Chính": the name closes the tail; a place opening the run is split
        off as a LOCALITY. False when the tail ends with no name."""
        r1 = r0 = head.tail_end
        while r0 > max(head.wi, head.floor) and is_name_syllable(words[r0 - 1].text) and (
            r0 == r1 or adjacent(words[r0 - 1], words[r0])
        ):
            r0 -= 1
        if r1 <= r0:
            return False
        unit_before = r0 > head.wi and any(
            match_unit(words, r0 - b, self.lex.unit_phrases) == b for b in range(1, min(8, r0 - head.wi) + 1)
        )
        p, split_entries, split_code = self.titles.split_run(words, r0, r1, unit_before, reading.known, reading.np_starts)
        if not (p < r1 and 1 <= r1 - p <= 4 and (r1 - p >= 2 or self.titles.known_person(words[p].text, reading.known))):
            return False
        text = reading.text
        name_start, name_end = words[p].start, words[r1 - 1].end
        title = text[head.start : name_start].rstrip(" ,\t")
        places: list[tuple[int, int, dict]] = []
        if p > r0:
            ps, pe = words[r0].start, words[p - 1].end
            if split_entries:
                entry = choose(split_entries, None, None, day=self.titles.day)
                places.append((ps, pe, locality_attrs(entry, self.places)))
            elif not split_code and unit_before:
                places.append((ps, pe, guessed_attrs(text[ps:pe], "city", "")))  # a place the gazetteer lacks
        side, weak = self.titles.title_side(title, head.head, words, head.wi, p, split_entries, split_code)
        guess = self.titles.context_side(words, head.h0) if not side and p > head.wi else ""
        self._add(reading, name_start, name_end, title, side, weak, places, guess)
        return True

    def _title_then_honorific(self, reading: _Reading, words: list[Word], head: _Head) -> bool:
        """"Phó Thị trưởng Trùng Khánh, bà Trương Quốc Trí": title, honorific, name."""
        tail_end = head.tail_end
        if tail_end >= len(words) or words[tail_end].text != ",":
            return False
        j = tail_end + 1
        if j >= len(words) or words[j].text not in self.lex.honorifics:
            return False
        j += 1
        k = j
        while k < len(words) and is_name_syllable(words[k].text) and (k == j or adjacent(words[k - 1], words[k])):
            k += 1
        if not 2 <= k - j <= 4:
            return False
        title = reading.text[head.start : words[tail_end - 1].end] if tail_end > head.wi else head.head
        side, weak = self.titles.title_side(title, head.head, words, head.wi, tail_end, [], "")
        self._add(reading, words[j].start, words[k - 1].end, title, side, weak, [])
        return True

    def _name_then_title(self, reading: _Reading, words: list[Word], head: _Head) -> None:
        """"Cung Chính, Thị trưởng thành phố Thượng Hải" (also "NAME (Romanised), title"): an apposition after
        the name. A military rank written before the name yields to this post."""
        if head.h0 < 2 or words[head.h0 - 1].text != ",":
            return
        k = head.h0 - 1
        rm_open = self._romanised_before(reading.text, words, k)
        if rm_open is not None:
            k = rm_open
        j = k
        while j > 0 and is_name_syllable(words[j - 1].text) and (j == k or adjacent(words[j - 1], words[j])):
            j -= 1
        while j < k and words[j].text in self.lex.honorifics:
            j += 1
        if not 2 <= k - j <= 4:
            return
        name = " ".join(w.text for w in words[j:k])
        if name in self.lex.countries or (
            self.places.lookup(name)
            and not self.titles.known_person(name, reading.known)
            and not self._person_shaped(words, j, k, self.places.lookup(name))
        ):
            return
        if not self._yields_earlier_rank(reading.mentions, words[j].start):
            return  # already titled by the role written before it
        end_word = head.tail_end if head.tail_end > head.wi else head.wi
        title = reading.text[head.start : words[end_word - 1].end] if end_word > head.wi else reading.text[head.start : head.end]
        side, weak = self.titles.title_side(title, head.head, words, head.wi, end_word, [], "")
        self._add(reading, words[j].start, words[k - 1].end, title, side, weak, [])

    def _yields_earlier_rank(self, mentions: list[Mention], start: int) -> bool:
        """True when no titled mention starts here, or only one titled by a military rank, which is then
        dropped with its twin (the post after the name wins); False when a post already titles it."""
        earlier = [m for m in mentions if m.start == start and m.titled]
        if not earlier:
            return True
        prev_head = self.lex.head_re.match(earlier[0].title)
        prev_info = self.lex.head_info(prev_head.group("head")) if prev_head else None
        if not (prev_info and prev_info.kind == "rank"):
            return False
        mentions[:] = [m for m in mentions if m is not earlier[0] and m.twin_of is not earlier[0]]
        return True

    def _person_shaped(self, words: list[Word], j: int, k: int, entries: Sequence[PlaceEntry]) -> bool:
        """A titled name that a ward or commune shares ("ông Nguyễn Thái Bình, Phó Chủ tịch ..."):
        a person when an honorific precedes it, or when it reads surname + given name and the
        gazetteer only knows it below the city tier (wards are often named after people)."""
        if j > 0 and words[j - 1].text in self.lex.honorifics and adjacent(words[j - 1], words[j]):
            return True
        return (
            k - j >= 3
            and words[j].text in self.lex.surnames
            and not any(bare_ok(e) for e in entries)
        )

    @staticmethod
    def _romanised_before(text: str, words: list[Word], k: int) -> int | None:
        """Index of "(" when words[:k] end with a bracketed romanised name glued to a name ("... (Huang Zhiqiang)")."""
        if k < 4 or words[k - 1].text != ")":
            return None
        j = k - 2
        while j > 0 and words[j].text != "(" and k - j <= 6:
            j -= 1
        if words[j].text != "(" or j < 2 or not is_name_syllable(words[j - 1].text):
            return None
        rm = ROMANISED.match(text, words[j - 1].end)
        if rm is None or rm.end() != words[k - 1].end:
            return None
        return j

    def _add(
        self, reading: _Reading, start: int, end: int, title: str, side: str, weak: bool,
        places: list[tuple[int, int, dict]], guess: str = "",
    ) -> None:
        """Record a titled mention and its romanised twin; a weak side is not sure, guess is a side from
        context, used last."""
        text, mentions, known = reading.text, reading.mentions, reading.known
        name = text[start:end]
        sure = bool(side) and not weak
        if not side:
            side = self.lex.officials.get(name, "")
            sure = bool(side)
        if not side:
            side = guess
        m = Mention(start, end, name, title, side, True, prio.OFFICIAL_TITLED, sure, places)
        mentions.append(m)
        known.setdefault(name, side)
        rm = ROMANISED.match(text, end)
        if rm:
            mentions.append(
                Mention(rm.start(1), rm.end(1), rm.group(1), title, side, True, prio.OFFICIAL_TITLED, sure, twin_of=m)
            )
            known.setdefault(rm.group(1), side)

    def _later_mentions(self, text, segments, mentions: list[Mention], known: dict[str, str]) -> None:
        """Every other occurrence of a titled name: alone or after an honorific."""
        if not known:
            return
        lex = self.lex
        names = sorted(known, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
        taken = [(m.start, m.end) for m in mentions]
        titled = sorted((m for m in mentions if m.titled), key=lambda m: m.start)
        unit_tails = {p[-1] for p in lex.unit_phrases}
        credits = credit_ranges(text, segments)
        for seg_start, seg_end in segments:
            for mm in pattern.finditer(text, seg_start, seg_end):
                s, e = mm.start(), mm.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                before = text[max(seg_start, s - 40) : s]
                prev = re.search(r"(\S+)([ \t]?)$", before)
                if prev and prev.group(2) and prev.group(1) not in lex.honorifics:
                    pw = prev.group(1)
                    if is_name_syllable(pw) or pw in unit_tails:
                        continue
                nxt = re.match(r"[ \t](\S+)", text[e : e + 20])
                if nxt and is_name_syllable(nxt.group(1)):
                    continue
                if any(cs <= s < ce for cs, ce in credits):
                    continue  # "(Ảnh: Quốc Khánh/TTXVN)": a photo credit, not a mention
                honorific = bool(lex.honorific_re.search(before))
                name = mm.group()
                if not honorific and (self.places.lookup(name) or name in lex.countries):
                    continue
                ref = None
                for t in titled:
                    if t.name == name and t.start < s:
                        ref = t
                if ref is None:
                    for t in titled:
                        if t.name == name:
                            ref = t
                            break
                if ref is None:
                    continue
                priority = prio.OFFICIAL_HONORIFIC if honorific else prio.OFFICIAL_NAME
                later = Mention(s, e, name, ref.title, ref.side, False, priority, ref.side_sure)
                mentions.append(later)
                taken.append((s, e))
                rm = ROMANISED.match(text, e)
                if rm and rm.end() <= seg_end and not any(rm.start(1) < te and ts < rm.end(1) for ts, te in taken):
                    # "Ông Chu Minh Viễn (Zhou Mingyuan) cho biết": the romanised form given later
                    mentions.append(Mention(
                        rm.start(1), rm.end(1), rm.group(1), ref.title, ref.side, False, priority,
                        ref.side_sure, twin_of=later,
                    ))
                    taken.append((rm.start(1), rm.end(1)))

    def _fill_sides(self, mentions: list[Mention]) -> None:
        """Sides the title did not state: the person's other mentions, the officials list, the head, else VN."""
        by_name: dict[str, str] = {}
        for m in mentions:
            if m.side_sure and m.side:
                by_name.setdefault(m.name, m.side)
        by_head: dict[str, str] = {}  # sides the person's other titles imply ("Phó Tỉnh trưởng")
        for m in mentions:
            if m.twin_of is None and not m.side_sure and not m.side:
                hm = self.lex.head_re.search(m.title)
                info = self.lex.head_info(hm.group("head")) if hm else None
                if info and info.side:
                    by_head.setdefault(m.name, info.side)
        for m in mentions:
            if m.twin_of is not None:
                continue
            if m.side_sure and m.side:
                continue
            side = by_name.get(m.name) or self.lex.officials.get(m.name, "") or by_head.get(m.name) or m.side
            if not side:
                hm = self.lex.head_re.search(m.title)
                if hm:
                    info = self.lex.head_info(hm.group("head"))
                    side = info.side if info else ""
            if not side and looks_foreign(m.name):
                side = "other"
            m.side = side or "VN"
        for m in mentions:
            if m.twin_of is not None:
                m.side = m.twin_of.side  # "Lam Thiên Lập (Lan Tianli)": one person, one side


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
