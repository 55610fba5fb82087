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
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.countries import country_at
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.credits import credit_ranges
from annotate.preannotate.lexicon import Lexicon, load_lexicon, match_unit
from annotate.preannotate.places import BARE_LEVELS, bare_ok, guessed_attrs, locality_attrs
from annotate.preannotate.resolve import Candidate
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_acronym, is_lower_word, is_name_syllable, looks_foreign, match_phrase, words_in

STOP_PUNCT = frozenset(",.;:()[]{}\"“”‘’'!?…–—-/|") | {"\n"}
ROMANISED = re.compile(r"[ \t]*\(([A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*(?:[ \t]+[A-Z][A-Za-zÀ-ÿāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ'’-]*){0,3})\)")


def side_of_country(code: str) -> str:
    """VN and CN are sides; Hong Kong and Macao serve China; everything else is other."""
    if code == "VN":
        return "VN"
    if code in ("CN", "HK", "MO"):
        return "CN"
    return "other" if code else ""


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


class OfficialFinder:
    """Finds OFFICIAL candidates (and the places split off their titles) in article segments."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon | None = None):
        self.places = places
        self.lex: Lexicon = lexicon or load_lexicon()
        self.day: str | None = None
        self.weak_side = False

    # ------------------------------------------------------------ utilities
    @staticmethod
    def _adjacent(a: Word, b: Word) -> bool:
        """Words separated by one space at most (no newline)."""
        return b.start - a.end <= 1

    def _pos_at(self, token_starts: list[int], tokens: Sequence[Token], offset: int) -> str:
        """underthesea POS of the token covering offset ('' when unknown)."""
        if not tokens:
            return ""
        k = bisect.bisect_right(token_starts, offset) - 1
        if 0 <= k < len(tokens) and tokens[k].start <= offset < tokens[k].end:
            return tokens[k].pos
        return ""

    def _parse_tail(
        self, words: list[Word], i: int, token_starts, tokens, domain: bool = False, name_check=None
    ) -> tuple[int, int]:
        """(end, floor) of the title tail starting at words[i]: floor is where the last structural phrase ended.

        Structural phrases are bodies ("Thành ủy"), unit words ("tỉnh"), organisation nouns
        ("Sở"), countries and "tại"/"nước"; a personal name can only start after the last one.
        """
        lex = self.lex
        n = len(words)
        in_org = domain
        lower_run = 0
        cap_run = 0
        idx = i
        floor = i
        while idx < n:
            w = words[idx]
            if idx > i and not self._adjacent(words[idx - 1], w):
                break
            if idx == i and idx > 0 and w.start - words[idx - 1].end > 1:
                break
            t = w.text
            if t in STOP_PUNCT:
                break
            k = match_phrase(words, idx, lex.body_phrases) or match_unit(words, idx, lex.unit_phrases)
            if k:
                idx += k
                floor = idx
                in_org = False
                lower_run = 0
                cap_run = 0
                continue
            k = match_unit(words, idx, lex.org_nouns)
            if k and idx + k < n and is_name_syllable(words[idx + k].text):
                idx += k
                floor = idx
                in_org = True
                lower_run = 0
                cap_run = 0
                continue
            k = country_at(words, idx)[0]
            if k and k >= self.places.place_at(words, idx)[0]:
                idx += k
                floor = idx
                in_org = False
                continue
            if t in lex.title_structure_words:
                if t in lex.posting_prepositions and name_check is not None and idx > floor and name_check(floor, idx):
                    break  # "... Đặng Xuân Phong tại thành phố Côn Minh": the title ended with the name
                idx += 1
                floor = idx
                in_org = False
                continue
            if is_name_syllable(t) or is_acronym(t):
                idx += 1
                cap_run = cap_run + 1 if lower_run == 0 else 1
                lower_run = 0
                if is_acronym(t):
                    floor = idx
                    cap_run = 0
                continue
            if is_lower_word(t) and in_org and cap_run == 1 and lower_run < 3 and t not in lex.stoppers:
                # org names are "Xúc tiến thương mại", "Ngoại giao": lowercase after ONE capitalised
                # syllable; after two or more ("Vương Nghị nói") the run was a name and the title ended
                pos = self._pos_at(token_starts, tokens, w.start)
                if lower_run == 0 or pos not in lex.verb_pos_tags or pos == "":
                    idx += 1
                    lower_run += 1
                    floor = idx
                    continue
            if t == "và" and in_org and idx + 1 < n and is_name_syllable(words[idx + 1].text):
                idx += 1
                floor = idx
                continue
            break
        return idx, floor

    def _known_person(self, name: str, known: dict[str, str]) -> bool:
        return name in known or name in self.lex.officials

    def _split_run(
        self, words: list[Word], r0: int, r1: int, unit_before: bool, known: dict[str, str], np_starts: set[int]
    ) -> tuple[int, list[PlaceEntry], str]:
        """Where the personal name starts in the capitalised run words[r0:r1]: (index, place entries, country code).

        Returns index r1 when the whole run is a place (no name follows).
        """
        length = r1 - r0
        full = " ".join(w.text for w in words[r0:r1])
        if self._known_person(full, known) and 1 <= length <= 4:
            kp_full, full_entries = self.places.place_at(words, r0, limit=length)
            if not unit_before or kp_full != length:
                return r0, [], ""  # "Chủ tịch UBND tỉnh Hồ Tiến Thiệu": a name already known in this article
        # known name at the end of the run
        for p in range(r0 + 1, r1 - 1):
            tail = " ".join(w.text for w in words[p:r1])
            if self._known_person(tail, known):
                k, code = country_at(words, r0)
                kp, entries = self.places.place_at(words, r0, limit=p - r0)
                return p, (entries if kp == p - r0 else []), code if k == p - r0 else ""
        kc, code = country_at(words, r0)
        if kc and self.places.place_at(words, r0, limit=length)[0] > kc:
            kc, code = 0, ""
        if kc and r1 - (r0 + kc) >= 1:
            if r1 - (r0 + kc) >= 2 or r0 + kc < r1:
                return r0 + kc, [], code
        if kc and kc == length:
            return r1, [], code
        kp, entries = self.places.place_at(words, r0, limit=length)
        if kp == 1 and kp < length and not any(bare_ok(e) for e in entries):
            kp, entries = 0, []  # a one-syllable commune ("Hồ") does not open a name run
        if kp and length - kp == 1 and words[r0].text in self.lex.surnames and length <= 3:
            levels = {e.level for e in entries}
            if not levels & BARE_LEVELS:
                kp, entries = 0, []  # "Phùng Phi": a surname that is also a commune name
        if kp:
            levels = {e.level for e in entries}
            if kp == length:
                return r1, entries, ""
            if (unit_before or levels & BARE_LEVELS) and length - kp >= 2:
                return r0 + kp, entries, ""
            if (unit_before or levels & BARE_LEVELS) and length - kp == 1 and length >= 3:
                return r0 + kp, entries, ""
        if unit_before:
            if length >= 4:
                return self._name_start(words, r0, r1, np_starts, r0 + 2), [], ""
            if length in (2, 3) and words[r0].text in self.lex.surnames and not kp:
                return r0, [], ""
            if length <= 3:
                return r1, [], ""
        if length > 4:
            return self._name_start(words, r0, r1, np_starts, r1 - 3), [], ""
        return r0, [], ""

    def _name_start(self, words: list[Word], r0: int, r1: int, np_starts: set[int], fallback: int) -> int:
        """Where a 2-4 word personal name starts inside a longer run: a noun-phrase start, then a surname."""
        for p in range(r0 + 1, r1 - 1):
            if words[p].start in np_starts and 2 <= r1 - p <= 4:
                return p
        for p in range(r0 + 1, r1 - 1):
            if words[p].text in self.lex.surnames and 2 <= r1 - p <= 4:
                return p
        return fallback

    def _title_side(self, title: str, head: str, words: list[Word], t0: int, t1: int, split_entries, split_code) -> str:
        """The side a title states, '' when it does not."""
        lex = self.lex
        self.weak_side = False
        info = lex.head_info(head)
        codes: list[tuple[str, bool]] = []  # (country code, written after "tại")
        unit_seen = False
        i = t0
        while i < t1:
            after_tai = i > 0 and words[i - 1].text in lex.posting_prepositions
            k = match_unit(words, i, lex.unit_phrases)
            if k:
                unit_seen = True
                i += k
                continue
            k = match_phrase(words, i, lex.body_phrases) or match_phrase(words, i, lex.org_nouns)
            if k:
                i += k
                continue
            k, code = country_at(words, i)
            if k and k >= self.places.place_at(words, i, limit=t1 - i)[0]:
                codes.append((code, after_tai))
                i += k
                continue
            if is_name_syllable(words[i].text):
                k, entries = self.places.place_at(words, i, limit=t1 - i)
                if k and not unit_seen:
                    entries = [e for e in entries if bare_ok(e)]
                if k and entries:
                    codes.append((choose(entries, day=self.day).country, after_tai))
                    i += k
                    unit_seen = False
                    continue
            unit_seen = False
            i += 1
        if split_code:
            codes.append((split_code, t1 > 0 and words[t1 - 1].text in lex.posting_prepositions))
        elif split_entries:
            codes.append((choose(split_entries, day=self.day).country, False))
        codes = [(c, a) for c, a in codes if c]
        if info and info.kind == "diplomat":
            senders = [c for c, a in codes if not a]
            if senders:
                return side_of_country(senders[0])
            posts = [c for c, a in codes if a]
            if posts:
                return "VN" if posts[0] != "VN" else "CN"
            return ""
        if codes:
            return side_of_country(codes[0][0])
        self.weak_side = True  # a body alone ("Tỉnh ủy") says little about a foreign guest
        return lex.body_side(title)

    # ----------------------------------------------------------------- main
    def find(
        self,
        text: str,
        segments: Sequence[tuple[int, int]],
        tokens: Sequence[Token] = (),
        day: str | None = None,
    ) -> list[Mention]:
        """Titled mentions, then later mentions of the same names."""
        lex = self.lex
        self.day = day
        tokens = list(tokens)
        token_starts = [t.start for t in tokens]
        np_starts = {t.start for t in tokens if t.pos == "Np"}
        known: dict[str, str] = {}
        mentions: list[Mention] = []

        for seg_start, seg_end in segments:
            words = words_in(text, seg_start, seg_end)
            if not words:
                continue
            word_starts = [w.start for w in words]
            for hm in lex.head_re.finditer(text, seg_start, seg_end):
                head = hm.group("head")
                h_start = hm.start()
                wi = bisect.bisect_left(word_starts, hm.end())
                h0 = bisect.bisect_left(word_starts, h_start)
                info = lex.head_info(head)
                def name_check(f0: int, f1: int, words=words) -> bool:
                    r = f1
                    while r > f0 and is_name_syllable(words[r - 1].text):
                        r -= 1
                    if f1 - r < 2:
                        return False
                    p, _, _ = self._split_run(words, r, f1, False, known, np_starts)
                    return p < f1 and 2 <= f1 - p <= 4 and (
                        words[p].text in lex.surnames or self._known_person(" ".join(x.text for x in words[p:f1]), known)
                    )

                tail_end, floor = self._parse_tail(
                    words, wi, token_starts, tokens, bool(info and info.domain), name_check
                )
                r1 = tail_end
                r0 = r1
                while r0 > max(wi, floor) and is_name_syllable(words[r0 - 1].text) and (
                    r0 == r1 or self._adjacent(words[r0 - 1], words[r0])
                ):
                    r0 -= 1
                title_prefix = text[h_start : words[tail_end - 1].end] if tail_end > wi else text[h_start : hm.end()]
                after_head = text[hm.end() : hm.end() + 40].lstrip()
                if any(p in title_prefix or after_head.startswith(p) for p in lex.private_bodies):
                    continue
                name_at = None
                split_entries: list[PlaceEntry] = []
                split_code = ""
                if r1 > r0:
                    unit_before = r0 > wi and any(
                        match_unit(words, r0 - b, lex.unit_phrases) == b for b in range(1, min(8, r0 - wi) + 1)
                    )
                    p, split_entries, split_code = self._split_run(words, r0, r1, unit_before, known, np_starts)
                    if p < r1 and 1 <= r1 - p <= 4 and (r1 - p >= 2 or self._known_person(words[p].text, known)):
                        name_at = (p, r1)
                        if p > r0 and not split_entries and not split_code:
                            # unknown place split by heuristics: still a LOCALITY
                            split_entries = []
                places: list[tuple[int, int, dict]] = []
                if name_at is not None:
                    p, q = name_at
                    name_start, name_end = words[p].start, words[q - 1].end
                    title = text[h_start:name_start].rstrip(" ,\t")
                    if p > r0:
                        ps, pe = words[r0].start, words[p - 1].end
                        if split_entries:
                            ctx_code = ""
                            entry = choose(split_entries, None, ctx_code or None, day=self.day)
                            places.append((ps, pe, locality_attrs(entry, self.places)))
                        elif not split_code and unit_before:
                            places.append((ps, pe, guessed_attrs(text[ps:pe], "city", "")))
                    side = self._title_side(title, head, words, wi, p, split_entries, split_code)
                    guess = ""
                    if not side and p > wi:
                        guess = self._context_side(words, h0)
                    self._add(mentions, known, text, name_start, name_end, title, side, places, guess)
                    continue
                # "title, ông/bà NAME"
                if tail_end < len(words) and words[tail_end].text == ",":
                    j = tail_end + 1
                    if j < len(words) and words[j].text in lex.honorifics:
                        j += 1
                        k = j
                        while k < len(words) and is_name_syllable(words[k].text) and (k == j or self._adjacent(words[k - 1], words[k])):
                            k += 1
                        if 2 <= k - j <= 4:
                            title = text[h_start : words[tail_end - 1].end] if tail_end > wi else head
                            side = self._title_side(title, head, words, wi, tail_end, [], "")
                            self._add(mentions, known, text, words[j].start, words[k - 1].end, title, side, places)
                            continue
                # "NAME, title": apposition after the name, also "NAME (Romanised), title"
                if h0 >= 2 and words[h0 - 1].text == ",":
                    k = h0 - 1
                    rm_open = self._romanised_before(text, words, k)
                    if rm_open is not None:
                        k = rm_open
                    j = k
                    while j > 0 and is_name_syllable(words[j - 1].text) and (j == k or self._adjacent(words[j - 1], words[j])):
                        j -= 1
                    while j < k and words[j].text in lex.honorifics:
                        j += 1
                    if 2 <= k - j <= 4:
                        name = " ".join(w.text for w in words[j:k])
                        if name in lex.countries or (
                            self.places.lookup(name)
                            and not self._known_person(name, known)
                            and not self._person_shaped(words, j, k, self.places.lookup(name))
                        ):
                            continue
                        earlier = [m for m in mentions if m.start == words[j].start and m.titled]
                        if earlier:
                            prev_head = lex.head_re.match(earlier[0].title)
                            prev_info = lex.head_info(prev_head.group("head")) if prev_head else None
                            if not (prev_info and prev_info.kind == "rank"):
                                continue  # already titled by the role written before it
                            # a military rank yields to the post after the name (and takes its twin along)
                            mentions[:] = [m for m in mentions if m is not earlier[0] and m.twin_of is not earlier[0]]
                        end_word = tail_end if tail_end > wi else wi
                        title = text[h_start : words[end_word - 1].end] if end_word > wi else text[h_start : hm.end()]
                        side = self._title_side(title, head, words, wi, end_word, [], "")
                        self._add(mentions, known, text, words[j].start, words[k - 1].end, title, side, places)

        self._later_mentions(text, segments, mentions, known)
        self._fill_sides(mentions)
        return mentions

    def _person_shaped(self, words: list[Word], j: int, k: int, entries: Sequence[PlaceEntry]) -> bool:
        """A titled name that a ward or commune shares ("ông Nguyễn Thái Bình, Phó Chủ tịch ..."):
        a person when an honorific precedes it, or when it reads surname + given name and the
        gazetteer only knows it below the city tier (wards are often named after people)."""
        if j > 0 and words[j - 1].text in self.lex.honorifics and self._adjacent(words[j - 1], words[j]):
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

    def _context_side(self, words: list[Word], h0: int) -> str:
        """Side of the nearest place named earlier in the same sentence ("tỉnh Hải Nam do Bí thư Tỉnh ủy ...")."""
        j = h0 - 1
        lo = max(0, h0 - 60)
        while j >= lo:
            t = words[j].text
            if t in (".", "!", "?", ";", "\n"):
                break
            if is_name_syllable(t) and not (j > 0 and is_name_syllable(words[j - 1].text)):
                k, entries = self.places.place_at(words, j)
                entries = [e for e in entries if bare_ok(e)]
                if k and entries:
                    return side_of_country(choose(entries, day=self.day).country)
                kc, code = country_at(words, j)
                if kc:
                    return side_of_country(code)
            j -= 1
        return ""

    def _add(self, mentions, known, text, start, end, title, side, places, guess: str = "") -> None:
        """Record a titled mention and its romanised twin; guess is a side from context, used last."""
        name = text[start:end]
        sure = bool(side) and not self.weak_side
        self.weak_side = False
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
