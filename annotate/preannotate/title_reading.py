"""How a title reads once its tail is known (title_tail.py): where a personal name starts in the
capitalised run after it, what may stand between title and name, and which side (VN, CN, other) it states.

"Bí thư Thành ủy Thượng Hải Hàn Chính": the place ("Thượng Hải") is split off
the run by the gazetteer, by underthesea's word boundaries or by a surname; the
name follows. "Bí thư Tỉnh ủy Vân Nam (Trung Quốc) X", "... tại Côn Minh, Trung
Quốc, X": what only says where sits between title and name (where_gap). The
side comes from a diplomat's sending country, else a country or place written
in the title (of two same-named places, the one the head or body points to),
else its body (UBND is Vietnamese, Chính quyền nhân dân Chinese); when a title
says nothing, "về phía Trung Quốc có ..." and the delegation a person leads do.
"""
from __future__ import annotations

from typing import Sequence

from annotate.gazetteer.choose import choose
from annotate.gazetteer.countries import country_at
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.gazetteer.normalize import fix_iy
from annotate.preannotate.lexicon import Lexicon, match_folded, match_unit
from annotate.preannotate.places import BARE_LEVELS, bare_ok
from annotate.text.syllables import Word, is_lower_word, is_name_syllable, match_phrase



def side_of_country(code: str) -> str:
    """VN and CN are sides; Hong Kong and Macao serve China; everything else is other."""
    if code == "VN":
        return "VN"
    if code in ("CN", "HK", "MO"):
        return "CN"
    return "other" if code else ""


class TitleReader:
    """Reads titles over one gazetteer; `day` (the article's date) picks among homonymous places."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon):
        self.places = places
        self.lex = lexicon
        self.day: str | None = None

    def known_person(self, name: str, known: dict[str, str]) -> bool:
        """A name titled earlier in the article or in the list of well-known officials."""
        return name in known or name in self.lex.officials

    def is_surname(self, word: str) -> bool:
        """A syllable that opens a personal name, in either i/y spelling ("Lí" is "Lý")."""
        return word in self.lex.surnames or fix_iy(word) in self.lex.surnames

    def side_cue(self, words: list[Word], j: int) -> str:
        """The side of "về phía Trung Quốc có ông ...": the nearest "phía" + country earlier in the sentence."""
        i = j - 1
        while i >= max(0, j - 80) and words[i].text not in (".", "!", "?", "\n"):
            if words[i].text in self.lex.side_cues:
                k, code = country_at(words, i + 1)
                if k:
                    return side_of_country(code)
            i -= 1
        return ""

    def delegation_side(self, words: list[Word], j: int, after: int = -1) -> str:
        """The side of the delegation a person leads: "Đoàn đại biểu tỉnh Vân Nam do ông X, ..." (CN)."""
        i = j - 1
        while i > 0 and words[i].text != "do" and j - i <= 3 and (
            is_lower_word(words[i].text) or self._rank_word(words[i].text)
        ):
            i -= 1  # past "ông", "đồng chí", "Thượng tá"
        if i <= 0 or words[i].text != "do":
            return ""
        return self.context_side(words, i, after)

    def _rank_word(self, word: str) -> bool:
        """The first word of a military rank ("Thượng" of "Thượng tá")."""
        return any(info.kind == "rank" and info.head.split()[0] == word for info in self.lex.heads.values())

    def where_gap(self, words: list[Word], e: int, t0: int) -> tuple[int, bool]:
        """What sits between a title ending at words[e] and a name: (index where the name run starts,
        whether a unit word opens it), or (-1, False). "mới" ("Bí thư Châu ủy mới X"), a bracketed country
        or place ("Bí thư Tỉnh ủy Vân Nam (Trung Quốc) X"), a country or a province holding the title's
        place after a comma ("Tổng Lãnh sự ... tại Côn Minh, Trung Quốc, X", "... châu Hồng Hà, tỉnh Vân Nam X")."""
        n = len(words)
        if e >= n:
            return -1, False
        t = words[e].text
        if t in self.lex.name_preludes:
            return e + 1, False
        if t == "(":
            close = next((c for c in range(e + 1, min(n, e + 7)) if words[c].text == ")"), -1)
            inside = e + 1
            if close > inside and self._country_or_place(words, inside, close) == close:
                return close + 1, False
            return -1, False
        if t != ",":
            return -1, False
        i = e + 1
        k, _ = country_at(words, i)
        if k:
            return (i + k + 1 if i + k < n and words[i + k].text == "," else i + k), False
        u = match_unit(words, i, self.lex.unit_phrases)
        kp, entries = self.places.place_at(words, i + u)
        if kp and any(en.level == "province" for en in entries) and self._lower_place_in(words, t0, e):
            return i + u, bool(u)
        return -1, False

    def _country_or_place(self, words: list[Word], i: int, end: int) -> int:
        """Index after a country or a gazetteer place (after an optional unit word) at words[i], else i."""
        k, _ = country_at(words, i)
        if k:
            return i + k
        u = match_unit(words, i, self.lex.unit_phrases)
        kp, _ = self.places.place_at(words, i + u, limit=end - i - u)
        return i + u + kp if kp else i

    def _lower_place_in(self, words: list[Word], t0: int, t1: int) -> bool:
        """The title words[t0:t1] name a place below the first tier (a city or prefecture such as Hồng Hà)."""
        i = t0
        while i < t1:
            k, entries = self.places.place_at(words, i, limit=t1 - i)
            if k and any(en.level != "province" for en in entries) and not any(en.level == "province" for en in entries):
                return True
            i += k or 1
        return False

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
            if not kp and length <= 4 and self.is_surname(words[r0].text) and not self.places.place_at(words, r0)[0]:
                return r0, [], ""  # "Tỉnh ủy Đàm Thị Nguyệt Quế": no place, a surname opens the whole run
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
        # "Phó Tỉnh trưởng Chính quyền nhân dân tỉnh Hà Nam": a place both countries have is the one the
        # head or body points to
        hint = (info.side if info else "") or lex.body_side(title)
        hint = hint if hint in ("VN", "CN") else None
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
            k = match_folded(words, i, lex.body_phrases) or match_phrase(words, i, lex.org_nouns)
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
                    codes.append((choose(entries, context_country=hint, day=self.day).country, after_tai))
                    i += k
                    unit_seen = False
                    continue
            unit_seen = False
            i += 1
        if split_code:
            codes.append((split_code, t1 > 0 and words[t1 - 1].text in lex.posting_prepositions))
        elif split_entries:
            codes.append((choose(split_entries, context_country=hint, day=self.day).country, False))
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

    def context_side(self, words: list[Word], h0: int, after: int = -1) -> str:
        """Side of the nearest place named earlier in the same sentence ("tỉnh Hải Nam do Bí thư Tỉnh ủy ...");
        a place after "tại"/"ở" only says where the meeting is ("Tại Quảng Tây, ...") and is passed over, and
        the scan stops at offset after, the end of another official's name (what precedes it is theirs:
        "Đại sứ Trung Quốc tại Việt Nam A và Thứ trưởng Bộ Ngoại giao B")."""
        j = h0 - 1
        lo = max(0, h0 - 60)
        while j >= lo:
            t = words[j].text
            if t in (".", "!", "?", ";", "\n") or words[j].end <= after:
                break
            where = j > 0 and (words[j - 1].text.lower() in self.lex.posting_prepositions or (
                j > 1 and words[j - 2].text.lower() in self.lex.posting_prepositions
                and match_unit(words, j - 1, self.lex.unit_phrases) == 1
            ))
            if not where and is_name_syllable(t) and not (j > 0 and is_name_syllable(words[j - 1].text)):
                k, entries = self.places.place_at(words, j)
                entries = [e for e in entries if bare_ok(e)]
                if k and entries:
                    return side_of_country(choose(entries, day=self.day).country)
                kc, code = country_at(words, j)
                if kc:
                    return side_of_country(code)
            j -= 1
        return ""
