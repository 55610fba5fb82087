"""How a title reads: where its tail ends, where a personal name starts in the capitalised run after
it, and which side (VN, CN, other) it states.

"Bí thư Thành ủy Thượng Hải Hàn Chính": the tail runs over the body
("Thành ủy") and the place ("Thượng Hải", split off by the gazetteer, by
underthesea's word boundaries or by a surname) to the name ("Hàn Chính");
the side comes from a diplomat's sending country, else a country or place
written in the title, else its body (UBND is Vietnamese, Văn phòng Ngoại vụ
Chinese).
"""
from __future__ import annotations

import bisect
from typing import Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.countries import country_at
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate.lexicon import Lexicon, match_unit
from annotate.preannotate.places import BARE_LEVELS, bare_ok
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_acronym, is_lower_word, is_name_syllable, match_phrase

STOP_PUNCT = frozenset(",.;:()[]{}\"“”‘’'!?…–—-/|") | {"\n"}


def side_of_country(code: str) -> str:
    """VN and CN are sides; Hong Kong and Macao serve China; everything else is other."""
    if code == "VN":
        return "VN"
    if code in ("CN", "HK", "MO"):
        return "CN"
    return "other" if code else ""


def adjacent(a: Word, b: Word) -> bool:
    """Words separated by one space at most (no newline)."""
    return b.start - a.end <= 1


class TitleReader:
    """Reads titles over one gazetteer; `day` (the article's date) picks among homonymous places."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon):
        self.places = places
        self.lex = lexicon
        self.day: str | None = None

    def pos_at(self, token_starts: list[int], tokens: Sequence[Token], offset: int) -> str:
        """underthesea POS of the token covering offset ('' when unknown)."""
        if not tokens:
            return ""
        k = bisect.bisect_right(token_starts, offset) - 1
        if 0 <= k < len(tokens) and tokens[k].start <= offset < tokens[k].end:
            return tokens[k].pos
        return ""

    def parse_tail(
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
            if idx > i and not adjacent(words[idx - 1], w):
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
                pos = self.pos_at(token_starts, tokens, w.start)
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

    def known_person(self, name: str, known: dict[str, str]) -> bool:
        return name in known or name in self.lex.officials

    def split_run(
        self, words: list[Word], r0: int, r1: int, unit_before: bool, known: dict[str, str], np_starts: set[int]
    ) -> tuple[int, list[PlaceEntry], str]:
        """Where the personal name starts in the capitalised run words[r0:r1]: (index, place entries, country code).

        Returns index r1 when the whole run is a place (no name follows).
        """
        length = r1 - r0
        full = " ".join(w.text for w in words[r0:r1])
        if self.known_person(full, known) and 1 <= length <= 4:
            kp_full, full_entries = self.places.place_at(words, r0, limit=length)
            if not unit_before or kp_full != length:
                return r0, [], ""  # "Chủ tịch UBND tỉnh Hồ Tiến Thiệu": a name already known in this article
        # known name at the end of the run
        for p in range(r0 + 1, r1 - 1):
            tail = " ".join(w.text for w in words[p:r1])
            if self.known_person(tail, known):
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
                return self.name_start(words, r0, r1, np_starts, r0 + 2), [], ""
            if length in (2, 3) and words[r0].text in self.lex.surnames and not kp:
                return r0, [], ""
            if length <= 3:
                return r1, [], ""
        if length > 4:
            return self.name_start(words, r0, r1, np_starts, r1 - 3), [], ""
        return r0, [], ""

    def name_start(self, words: list[Word], r0: int, r1: int, np_starts: set[int], fallback: int) -> int:
        """Where a 2-4 word personal name starts inside a longer run: a noun-phrase start, then a surname."""
        for p in range(r0 + 1, r1 - 1):
            if words[p].start in np_starts and 2 <= r1 - p <= 4:
                return p
        for p in range(r0 + 1, r1 - 1):
            if words[p].text in self.lex.surnames and 2 <= r1 - p <= 4:
                return p
        return fallback

    def title_side(
        self, title: str, head: str, words: list[Word], t0: int, t1: int, split_entries: Sequence[PlaceEntry],
        split_code: str,
    ) -> tuple[str, bool]:
        """The side a title states ('' when it does not), and whether it is weak: a body alone ("Tỉnh ủy")
        says little about a foreign guest, so a weak side yields to the person's other mentions."""
        lex = self.lex
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
                return side_of_country(senders[0]), False
            posts = [c for c, a in codes if a]
            if posts:
                return ("VN" if posts[0] != "VN" else "CN"), False
            return "", False
        if codes:
            return side_of_country(codes[0][0]), False
        return lex.body_side(title), True

    def context_side(self, words: list[Word], h0: int) -> str:
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
