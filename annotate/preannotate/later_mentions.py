"""Later mentions of titled officials, and the sides nobody's title stated.

A titled name is annotated again wherever it recurs, alone or after
"ông/bà/đồng chí", with the title of the person's nearest earlier titled
mention (the first titled one when it only comes later); a bare name glued to
other capitalised words, inside a credit, or equal to a place is left alone.
Sides the title did not state come from the person's other mentions, the
list of well-known officials, the head ("Thị trưởng" is Chinese), else VN.
"""
from __future__ import annotations

import re
from typing import Sequence

from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate import resolve as prio
from annotate.preannotate.appositions import romanised_after
from annotate.preannotate.credits import credit_ranges
from annotate.preannotate.lexicon import Lexicon
from annotate.preannotate.official_mentions import Mention
from annotate.text.syllables import is_name_syllable, looks_foreign


def add_later_mentions(
    lex: Lexicon, places: PlaceIndex, text: str, segments: Sequence[tuple[int, int]], mentions: list[Mention],
    known: dict[str, str],
) -> None:
    """Every other occurrence of a titled name: alone or after an honorific."""
    if not known:
        return
    names = sorted(known, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    taken = [(m.start, m.end) for m in mentions]
    titled = sorted((m for m in mentions if m.titled), key=lambda m: m.start)
    unit_tails = {p[-1] for p in lex.unit_phrases}
    credits = credit_ranges(text, segments)
    for seg_start, seg_end in segments:
        for mm in pattern.finditer(text, seg_start, seg_end):
            s, e = mm.start(), mm.end()
            if any(s < te and ts < e for ts, te in taken) or any(cs <= s < ce for cs, ce in credits):
                continue  # "(Ảnh: Quốc Khánh/TTXVN)": a photo credit, not a mention
            before = text[max(seg_start, s - 40) : s]
            if _glued(lex, text, before, e, unit_tails):
                continue
            honorific = bool(lex.honorific_re.search(before))
            name = mm.group()
            if not honorific and (places.lookup(name) or name in lex.countries):
                continue
            ref = _reference(titled, name, s)
            if ref is None:
                continue
            priority = prio.OFFICIAL_HONORIFIC if honorific else prio.OFFICIAL_NAME
            rule = "later+honorific" if honorific else "later+name"
            later = Mention(
                s, e, name, ref.title, ref.side, False, priority, ref.side_sure, rule=rule, side_from="mentions"
            )
            mentions.append(later)
            taken.append((s, e))
            rm = romanised_after(text, e, places, lex)
            if rm and rm.end() <= seg_end and not any(rm.start(1) < te and ts < rm.end(1) for ts, te in taken):
                # "Ông Chu Minh Viễn (Zhou Mingyuan) cho biết": the romanised form given later
                mentions.append(Mention(
                    rm.start(1), rm.end(1), rm.group(1), ref.title, ref.side, False, priority, ref.side_sure,
                    twin_of=later, rule="romanised", side_from="mentions",
                ))
                taken.append((rm.start(1), rm.end(1)))


def _glued(lex: Lexicon, text: str, before: str, e: int, unit_tails: set[str]) -> bool:
    """The name is part of a longer capitalised run or follows a unit word ("tỉnh Hà Giang")."""
    prev = re.search(r"(\S+)([ \t]?)$", before)
    if prev and prev.group(2) and prev.group(1) not in lex.honorifics:
        pw = prev.group(1)
        if is_name_syllable(pw) or pw in unit_tails:
            return True
    nxt = re.match(r"[ \t](\S+)", text[e : e + 20])
    return bool(nxt and is_name_syllable(nxt.group(1)))


def _reference(titled: list[Mention], name: str, start: int) -> Mention | None:
    """The person's nearest titled mention before start, else their first titled one."""
    ref = None
    for t in titled:
        if t.name == name and t.start < start:
            ref = t
    if ref is None:
        ref = next((t for t in titled if t.name == name), None)
    return ref


def ranks_take_posts(mentions: list[Mention]) -> None:
    """"Đại tá X" once "X, Chỉ huy trưởng ..." is written: a rank is no title (convention 1), so the mention
    takes the title and side of the person's nearest earlier post (the first one when posts only come later)."""
    posts = sorted((m for m in mentions if m.titled and not m.rank and m.twin_of is None), key=lambda m: m.start)
    for m in mentions:
        if not m.rank or m.twin_of is not None:
            continue
        ref = _reference(posts, m.name, m.start)
        if ref is None:
            continue
        m.title, m.side, m.side_sure, m.side_from = ref.title, ref.side, ref.side_sure, "mentions"
        for twin in mentions:
            if twin.twin_of is m:
                twin.title = ref.title


def fill_sides(lex: Lexicon, mentions: list[Mention]) -> None:
    """Sides the title did not state: the person's other mentions, the officials list, the head, else VN."""
    by_name: dict[str, str] = {}
    for m in mentions:
        if m.side_sure and m.side:
            by_name.setdefault(m.name, m.side)
    by_head: dict[str, str] = {}  # sides the person's other titles imply ("Phó Tỉnh trưởng")
    for m in mentions:
        if m.twin_of is None and not m.side_sure and not m.side:
            side = _head_side(lex, m.title)
            if side:
                by_head.setdefault(m.name, side)
    for m in mentions:
        if m.twin_of is not None or (m.side_sure and m.side):
            continue
        m.side, m.side_from = _unstated_side(lex, m, by_name, by_head)
    for m in mentions:
        if m.twin_of is not None:
            m.side, m.side_from = m.twin_of.side, m.twin_of.side_from  # "Lam Thiên Lập (Lan Tianli)": one person


def _unstated_side(lex: Lexicon, m: Mention, by_name: dict[str, str], by_head: dict[str, str]) -> tuple[str, str]:
    """(side, where it came from) for a mention whose title stated none for sure."""
    for side, source in (
        (by_name.get(m.name, ""), "mentions"), (lex.officials.get(m.name, ""), "officials"),
        (by_head.get(m.name, ""), "head"), (m.side, m.side_from), (_head_side(lex, m.title), "head"),
    ):
        if side:
            return side, source
    if looks_foreign(m.name):
        return "other", "foreign"
    return "VN", "default"


def _head_side(lex: Lexicon, title: str) -> str:
    """The side a title's head implies on its own ("Thị trưởng": CN), '' when none."""
    hm = lex.head_re.search(title)
    info = lex.head_info(hm.group("head")) if hm else None
    return info.side if info else ""
