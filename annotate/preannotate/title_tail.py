"""Where a title's tail ends: the words after a role head that still belong to the role.

"Phó Chủ tịch | UBND | tỉnh | Lạng Sơn", "Ủy viên Ban Chấp hành Trung ương Đảng |
Cộng sản | Trung Quốc", "Vụ trưởng | Vụ | Đông Bắc Á", "Tổng Lãnh sự | Trung Quốc |
tại | TP.HCM": bodies (any case, either tone placement: "Thành uỷ", "chính quyền
nhân dân"), unit words, organisation nouns with their names, countries, "tại"
and its places. The tail stops where a new role begins ("Ủy viên Bộ Chính trị
Bí thư Thành ủy ...": the name belongs to the last role) and never ends on a
dangling "tại" ("Tổng Lãnh sự Trung Quốc tại TP.HCM tại lễ kỷ niệm").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Sequence

from annotate.gazetteer.countries import country_at
from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate.lexicon import Lexicon, match_folded, match_unit
from annotate.preannotate.tokens import Token
from annotate.text.syllables import Word, is_acronym, is_lower_word, is_name_syllable, match_phrase

STOP_PUNCT = frozenset(",.;:()[]{}\"“”‘’'!?…–—-/|") | {"\n"}


def adjacent(a: Word, b: Word) -> bool:
    """Words separated by one space at most (no newline)."""
    return b.start - a.end <= 1


@dataclass(frozen=True, slots=True)
class Tail:
    """A title tail over words[start:end].

    floor: a personal name can only start here (after the last structural phrase); org_floor: the floor
    was set by an organisation noun, so the capitalised run after it opens the organisation's name;
    org_seen: an organisation noun is in the tail; rank_at: index of a military rank that ended the
    tail ("Bộ trưởng Bộ Quốc phòng Đại tướng X"), -1 when none.
    """

    end: int
    floor: int
    org_floor: bool = False
    org_seen: bool = False
    rank_at: int = -1


@dataclass(slots=True)
class _State:
    """The reader's position and what it has seen so far."""

    idx: int
    floor: int
    in_org: bool
    lower_run: int = 0
    cap_run: int = 0
    org_floor: bool = False
    org_seen: bool = False
    posting: bool = False  # after "tại"/"ở": "tại Hong Kong và Macau" coordinates places


class TailReader:
    """Reads title tails over one gazetteer and lexicon."""

    def __init__(self, places: PlaceIndex, lexicon: Lexicon):
        self.places = places
        self.lex = lexicon

    def read(
        self, text: str, words: list[Word], i: int, h0: int, token_starts: list[int], tokens: Sequence[Token],
        domain: bool = False, name_check: Callable[[int, int], bool] | None = None,
    ) -> Tail:
        """The tail starting at words[i] after a head that starts at words[h0]."""
        n = len(words)
        st = _State(i, i, domain)
        st.idx = st.floor = self._head_body_goes_on(words, i, h0)
        rank_at = -1
        while st.idx < n:
            idx, w = st.idx, words[st.idx]
            if (idx > i and not adjacent(words[idx - 1], w)) or (idx == i and idx > 0 and w.start - words[idx - 1].end > 1):
                break
            if self._structural(words, st):
                continue
            t = w.text
            if t in STOP_PUNCT:
                break
            if t in self.lex.title_structure_words:
                if t in self.lex.posting_prepositions and name_check is not None and idx > st.floor and name_check(st.floor, idx):
                    break  # "... Đặng Xuân Phong tại thành phố Côn Minh": the title ended with the name
                st.idx = st.floor = idx + 1
                st.in_org, st.posting = False, t in self.lex.posting_prepositions
                continue
            if is_name_syllable(t) and not (st.org_floor and idx == st.floor):
                role = self._role_at(text, w)  # ("Vụ Lãnh sự": a head word opening an organisation's name is no role)
                if role:
                    rank_at = idx if role == "rank" else -1
                    break  # a new role begins: the name, if any, is that role's
            if not self._word(words, st, token_starts, tokens):
                break
        end = st.idx
        while end > i and words[end - 1].text in self.lex.posting_prepositions:
            end -= 1  # "tại TP.HCM tại lễ kỷ niệm": the second "tại" is the sentence's
        return Tail(end, min(st.floor, end), st.org_floor and st.floor <= end, st.org_seen, rank_at)

    def _head_body_goes_on(self, words: list[Word], i: int, h0: int) -> int:
        """Where a body that began inside the head ends ("...Trung ương Đảng" + "Cộng sản"), else i."""
        for back in (3, 2, 1):
            j = i - back
            if j >= h0:
                k = match_folded(words, j, self.lex.body_phrases)
                if k > back:
                    return j + k
        return i

    def _structural(self, words: list[Word], st: _State) -> bool:
        """Consume a body, unit word, organisation noun or country at st.idx; False when none starts there."""
        lex, idx, n = self.lex, st.idx, len(words)
        body_ok = not is_lower_word(words[idx].text) or st.cap_run == 0  # "Nguyễn Văn A thường trực" is no body
        body = match_folded(words, idx, lex.body_phrases) if body_ok else 0
        k = body or match_unit(words, idx, lex.unit_phrases)
        if k:
            st.idx = st.floor = idx + k
            st.in_org = st.org_floor = False
            st.posting = st.posting and not body  # "tại thành phố X và Y" still lists places
            st.lower_run = st.cap_run = 0
            return True
        if words[idx].text in lex.title_linking_words and self._belongs_to(words, idx + 1):
            st.idx = st.floor = idx + 1  # "Ủy ban Đối ngoại của Quốc hội": the body the committee belongs to
            st.in_org = st.org_floor = False
            st.lower_run = st.cap_run = 0
            return True
        k = self._gate_phrase(words, idx) if st.in_org else 0
        if k:
            st.idx = st.floor = idx + k  # "Chi cục Hải quan cửa khẩu quốc tế Tà Lùng": the gate's name follows
            st.lower_run = st.cap_run = 0
            return True
        k = match_unit(words, idx, lex.org_nouns)
        if k and idx + k < n and (is_name_syllable(words[idx + k].text) or words[idx + k].text.isdigit()):
            st.idx = st.floor = idx + k
            st.in_org = st.org_floor = st.org_seen = True
            st.posting = False
            st.lower_run = st.cap_run = 0
            return True
        k = country_at(words, idx)[0]
        if k and k >= self.places.place_at(words, idx)[0]:
            st.idx = st.floor = idx + k
            st.in_org = st.org_floor = False
            return True
        return False

    def _belongs_to(self, words: list[Word], i: int) -> bool:
        """A body, or an organisation noun with its name, starts at words[i] (after "của", "thuộc")."""
        if i >= len(words) or is_lower_word(words[i].text):
            return False
        if match_folded(words, i, self.lex.body_phrases):
            return True
        k = match_unit(words, i, self.lex.org_nouns)
        return bool(k) and i + k < len(words) and is_name_syllable(words[i + k].text)

    def _gate_phrase(self, words: list[Word], i: int) -> int:
        """Length of "cửa khẩu [quốc tế ...]" at words[i] when a capitalised name follows, else 0."""
        k = match_phrase(words, i, self.lex.title_gate_words)
        if not k:
            return 0
        while True:
            m = match_phrase(words, i + k, self.lex.title_gate_modifiers)
            if not m:
                break
            k += m
        return k if i + k < len(words) and is_name_syllable(words[i + k].text) else 0

    def _role_at(self, text: str, w: Word) -> str:
        """"rank" or "post" when a role head (not an apposition-only one) starts at w, else ""."""
        m = self.lex.head_re.match(text, w.start)
        if not m:
            return ""
        info = self.lex.head_info(m.group("head"))
        if info is None or info.after_name:
            return ""
        return "rank" if info.kind == "rank" else "post"

    def _word(self, words: list[Word], st: _State, token_starts: list[int], tokens: Sequence[Token]) -> bool:
        """Consume one capitalised, lowercase-portfolio or coordinating word at st.idx; False ends the tail."""
        lex, idx, n = self.lex, st.idx, len(words)
        t = words[idx].text
        if t.isdigit() and st.in_org and st.cap_run == 0 and st.lower_run == 0:
            st.idx += 1  # "Quân khu 2", "Đồn Biên phòng 125": a numbered unit
            st.floor, st.org_floor = st.idx, False
            return True
        if is_name_syllable(t) or is_acronym(t):
            st.idx += 1
            st.cap_run = st.cap_run + 1 if st.lower_run == 0 else 1
            st.lower_run = 0
            if is_acronym(t):
                st.floor, st.cap_run, st.org_floor = st.idx, 0, False
            return True
        if is_lower_word(t) and st.in_org and st.cap_run == 1 and st.lower_run < 3 and t not in lex.stoppers:
            # org names are "Xúc tiến thương mại", "Ngoại giao": lowercase after ONE capitalised
            # syllable; after two or more ("Vương Nghị nói") the run was a name and the title ended
            pos = _pos_at(token_starts, tokens, words[idx].start)
            if st.lower_run == 0 or pos not in lex.verb_pos_tags or pos == "":
                st.idx += 1
                st.lower_run += 1
                st.floor, st.org_floor = st.idx, False
                return True
        if t == "và" and idx + 1 < n and is_name_syllable(words[idx + 1].text):
            if st.in_org or (st.posting and self._place_or_country(words, idx + 1)):
                st.idx += 1
                st.floor, st.org_floor = st.idx, False
                return True
        return False

    def _place_or_country(self, words: list[Word], i: int) -> bool:
        """A gazetteer place or a country starts at words[i] ("và Macau" after "tại Hong Kong")."""
        return bool(self.places.place_at(words, i)[0] or country_at(words, i)[0])


def _pos_at(token_starts: list[int], tokens: Sequence[Token], offset: int) -> str:
    """underthesea POS of the token covering offset ('' when unknown)."""
    if not tokens:
        return ""
    k = bisect.bisect_right(token_starts, offset) - 1
    if 0 <= k < len(tokens) and tokens[k].start <= offset < tokens[k].end:
        return tokens[k].pos
    return ""
