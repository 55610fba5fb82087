"""All-caps headlines read as ordinary text: lower case, with place and country names in their written case.

"LẠNG SƠN VÀ TỈNH VÂN NAM (TRUNG QUỐC) KÝ KẾT" becomes "Lạng Sơn và tỉnh Vân
Nam (Trung Quốc) ký kết" for the rules, which rely on capitals to find names.
Each word keeps its length, so offsets found in the result are offsets of the
original text.
"""
from __future__ import annotations

import re
from typing import Sequence

from annotate.gazetteer.index import PlaceIndex

_CAPS_WORD = re.compile(r"\w+")


def _all_caps_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges of headline lines written in capitals ("CẦN THƠ VÀ TỈNH HỒ NAM ...")."""
    found = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = text[pos:stop]
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 10 and len(line.split()) >= 3 and all(c.isupper() for c in letters if c.isupper() or c.islower()):
            found.append((pos, stop))
        pos = stop + 1
    return found


def _recased_words(words: list[re.Match], places: PlaceIndex) -> list[str] | None:
    """The words of one all-caps line lower-cased, names in their written case; None if lengths would change."""
    lowered = [w.group().lower() for w in words]
    if any(len(x) != len(w.group()) for x, w in zip(lowered, words)):
        return None
    cased = list(lowered)
    i = 0
    while i < len(words):
        for k in range(min(places.max_words, len(words) - i), 0, -1):
            if any(words[i + j + 1].start() - words[i + j].end() > 1 for j in range(k - 1)):
                continue
            form = places.written_form(tuple(x.casefold() for x in lowered[i : i + k]))
            if form is not None and all(len(f) == len(x) for f, x in zip(form, lowered[i : i + k])):
                cased[i : i + k] = list(form)
                i += k
                break
        else:
            i += 1
    return cased


def recase_caps(text: str, segments: Sequence[tuple[int, int]], places: PlaceIndex) -> str:
    """text with all-capital lines in lower case, place and country names in their written case (same offsets)."""
    pieces: list[tuple[int, int, str]] = []
    for seg_start, seg_end in segments:
        for a, b in _all_caps_lines(text, seg_start, seg_end):
            words = list(_CAPS_WORD.finditer(text, a, b))
            cased = _recased_words(words, places)
            if cased is None:
                continue
            line = list(text[a:b])
            for w, c in zip(words, cased):
                line[w.start() - a : w.end() - a] = list(c)
            pieces.append((a, b, "".join(line)))
    if not pieces:
        return text
    out, cursor = [], 0
    for a, b, line in sorted(pieces):
        out.append(text[cursor:a])
        out.append(line)
        cursor = b
    out.append(text[cursor:])
    return "".join(out)
