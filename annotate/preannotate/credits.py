"""Bylines and photo credits: names there are people (a reporter, a photographer), never places.

"Ảnh: Hà Giang" credits a photographer named like a province; a name alone on
the article's last line is its byline; "Thu Trang/VOV-Nam Ninh" glues an
agency's acronym to the place the report was filed from, which is a place.
"""
from __future__ import annotations

import re
from typing import Sequence

from annotate.text.syllables import Word

CREDIT_MARK = re.compile(r"(?<![\w])(?:Ảnh|ảnh|Nguồn|nguồn|Tin|Video|Clip)(?:[^:\n.()]{0,20}):")
CREDIT_MAX = 60
# "Thu Trang/VOV-Nam Ninh": an agency's acronym glued to the place the report was filed from.
_AGENCY_DASH = re.compile(r"\b([A-ZĐ]{2,6})-(?=[^\W\d_][^\W\d_])")


def credit_ranges(text: str, segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where photo credits and source lines lie: only the credit itself, never the rest of its line.

    "(Ảnh: Quốc Khánh/TTXVN)" ends at its bracket; "- Ảnh: VGP/Hải Minh" and "Tin, ảnh: Ngọc Ánh"
    end at the line end or the next sentence mark, and never run on for more than CREDIT_MAX characters
    (pages copied onto one line keep a whole article after a caption).
    """
    out: list[tuple[int, int]] = []
    for seg_start, seg_end in segments:
        for m in CREDIT_MARK.finditer(text, seg_start, seg_end):
            start = m.start()
            opening = text.rfind("(", max(seg_start, start - 3), start)
            limit = min(seg_end, m.end() + CREDIT_MAX)
            if opening >= 0 and not text[opening + 1 : start].strip():
                close = text.find(")", m.end(), limit)
                end = close + 1 if close >= 0 else limit
                out.append((opening, end))
                continue
            end = limit
            for stop in ("\n", ". ", "; ", ")"):
                k = text.find(stop, m.end(), end)
                if k >= 0:
                    end = k
            out.append((start, end))
    return out


def _agency_slash(m: re.Match) -> str:
    """"VOV-Nam Ninh" -> "VOV/Nam Ninh" when a capitalised name follows the acronym."""
    after = m.string[m.end() : m.end() + 2]
    return m.group(1) + ("/" if after[0].isupper() and after[1].islower() else "-")


def split_agency_from_place(text: str) -> str:
    """text with "VOV-Nam Ninh" written "VOV/Nam Ninh" (same length), so the place reads as one."""
    return _AGENCY_DASH.sub(_agency_slash, text)


def is_credited_name(text: str, words: Sequence[Word], i: int, k: int, credits: Sequence[tuple[int, int]]) -> bool:
    """words[i:i+k] name a person: the credited name of a photo credit ("Ảnh: Hà Giang"), or a byline
    alone on its line at the end of the article."""
    start, end = words[i].start, words[i + k - 1].end
    if any(cs <= start < ce for cs, ce in credits):
        before = text[max(0, start - 12) : start].rstrip()
        if before.endswith((":", "/")):
            return True  # the credited name, not "VOV-Nam Ninh", where the reporter wrote from
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    alone_on_line = text[line_start:line_end].strip() == text[start:end]
    return alone_on_line and i + k >= len(words)  # nothing of the article follows its line
