"""LOCALITY candidates: gazetteer names, unit-word patterns, fused abbreviations, context and fuzzy links.

Sources, each with its own evidence level (see resolve.py):
- a name written after a unit word ("tỉnh Chiết Giang", "TP. Hồ Chí Minh",
  "Khu tự trị dân tộc Choang Quảng Tây", "Thành ủy Thượng Hải"): the span
  leaves the unit word out; a run the gazetteer does not know is still
  proposed, with attributes guessed from the unit word and the context;
- a fused abbreviation ("TPHCM", "TP.HCM"): one span; an acronym after a separate
  unit word ("TP HCM", "TP. HCM"): the acronym only;
- every item of a plural unit list ("các huyện A, B và C", "các tỉnh, thành phố A, B");
- a bare gazetteer name at province or city level ("Giang Tô", "Hà Nội"), also
  closing an organisation's name ("Sở Công Thương Cao Bằng", "Báo Lạng Sơn") or
  after an ethnic name ("dân tộc Miêu Văn Sơn");
- "X (Nhật Bản)" / "X, Trung Quốc" where underthesea calls X a location;
- a misspelling: a capitalised run whose diacritic-free form equals a place
  already named in the article ("Trung Khánh" -> Trùng Khánh), or, after a
  unit word, a close gazetteer match.
Countries, regions and seas are never proposed; nor is a small place right
after a venue word ("sân bay quốc tế Phố Đông"), nor any place naming a border
gate or airport ("cửa khẩu quốc tế Móng Cái", "cửa khẩu Lào Cai - Hà Khẩu");
a preposition ends a venue phrase, so routes name places ("tuyến đường sắt từ
Hà Khẩu đi Côn Minh"). `page_date` dates the article (the page's time stamp
first) so that homonyms of both administrative eras resolve to the right one.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.lexicon import Lexicon, fold, load_lexicon, match_unit
from annotate.text.syllables import Word, is_name_syllable, looks_foreign, match_phrase, words_in
from annotate.gazetteer.normalize import fix_iy
from annotate.preannotate.resolve import Candidate

LEVEL_RANK = {"province": 0, "city": 1, "district": 2, "commune": 3}
# Which gazetteer levels a unit word can introduce ("thành phố" names municipalities, cities and towns).
UNIT_FITS = {
    "province": ("province", "city"),
    "city": ("province", "city", "district"),
    "district": ("district", "city"),
    "commune": ("commune", "district"),
}
BARE_LEVELS = frozenset({"province", "city"})


def bare_ok(entry: Any) -> bool:
    """May this entry be linked without a unit word? Provinces and cities; Chinese counties too (the
    gazetteer lists only the border counties and the few the press names, e.g. Đông Hưng, Bằng Tường)."""
    level = _attr(entry, "level", "") or ""
    return level in BARE_LEVELS or (level == "district" and _attr(entry, "country", "") == "CN")
MAX_RUN = 5


def _attr(entry: Any, name: str, default: Any = None) -> Any:
    """Attribute or mapping key, so entries may be dataclasses or dicts."""
    if isinstance(entry, dict):
        return entry.get(name, default)
    return getattr(entry, name, default)


def _entries_of(index: Any) -> list[Any]:
    """Every PlaceEntry a gazetteer PlaceIndex holds."""
    return list(index.by_id.values()) if index is not None else []


ALIAS_UNITS = frozenset({"Thành phố", "thành phố", "Tỉnh", "tỉnh", "Huyện", "huyện", "Quận", "quận", "Xã", "xã",
                         "Phường", "phường", "Thị xã", "thị xã", "Thị trấn", "thị trấn", "TP", "TP.", "Tp.",
                         "Đặc khu", "đặc khu", "Khu tự trị", "Thủ đô"})


def _strip_unit(name: str, lex: Lexicon, alias: bool = False) -> str:
    """"Thành phố Hồ Chí Minh" -> "Hồ Chí Minh" (one leading unit word; for aliases, administrative words only)."""
    words = name.split()
    for phrase in lex.unit_phrases:
        if alias and " ".join(phrase) not in ALIAS_UNITS:
            continue
        k = len(phrase)
        if len(words) > k and tuple(words[:k]) == phrase:
            return " ".join(words[k:])
    return name


class PlaceMatcher:
    """Exact and diacritic-folded lookup of place and country names over word lists."""

    def __init__(self, index: Any = None, lexicon: Lexicon | None = None, entries: Iterable[Any] | None = None):
        self.index = index
        self.lex = lexicon or load_lexicon()
        self.forms: dict[tuple[str, ...], list[Any]] = {}
        self.folded: dict[str, list[Any]] = {}
        self.by_id: dict[str, Any] = {}
        items = list(entries) if entries is not None else _entries_of(index)
        for entry in items:
            eid = _attr(entry, "id")
            if eid is not None:
                self.by_id[str(eid)] = entry
            names = [_attr(entry, "name"), _attr(entry, "canonical")]
            names += list(_attr(entry, "aliases", None) or ())
            names += list(_attr(entry, "variants", None) or ())
            for raw in names:
                if not raw or not isinstance(raw, str):
                    continue
                forms = {raw} if raw == _attr(entry, "name") else {_strip_unit(raw, self.lex, alias=True)}
                for form in forms:
                    if form in self.lex.countries or form in self.lex.not_places:
                        continue
                    key = tuple(w.text for w in words_in(form, 0, len(form)))
                    if not key or not is_name_syllable(key[0]):
                        continue
                    bucket = self.forms.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
                    fbucket = self.folded.setdefault(fold(form), [])
                    if entry not in fbucket:
                        fbucket.append(entry)
        self.max_words = max((len(k) for k in self.forms), default=1)
        # the same names with syllable-final i spelt y ("Quí Châu" finds "Quý Châu")
        self.iy_forms: dict[tuple[str, ...], list[Any]] = {}
        for form_key, bucket in self.forms.items():
            iy_bucket = self.iy_forms.setdefault(tuple(fix_iy(w) for w in form_key), [])
            iy_bucket.extend(e for e in bucket if e not in iy_bucket)
        self._caseless: dict[tuple[str, ...], tuple[str, ...]] | None = None

    def caseless_form(self, key: tuple[str, ...]) -> tuple[str, ...] | None:
        """The written form of a gazetteer or country name whose words casefold to key ("CẦN", "THƠ")."""
        if self._caseless is None:
            table: dict[tuple[str, ...], tuple[str, ...]] = {}
            for form in self.forms:
                table.setdefault(tuple(w.casefold() for w in form), form)
            for phrase in self.lex.country_phrases:
                table.setdefault(tuple(w.casefold() for w in phrase), tuple(phrase))
            self._caseless = table
        return self._caseless.get(key)
        self.country_max = max((len(p) for p in self.lex.country_phrases), default=1)

    # -- lookups over words -------------------------------------------------
    def place_at(self, words: Sequence[Word], i: int, limit: int | None = None) -> tuple[int, list[Any]]:
        """Longest gazetteer name starting at words[i] (adjacent words only): (word count, entries)."""
        n = len(words)
        top = min(self.max_words, n - i, limit or self.max_words)
        for k in range(top, 0, -1):
            if k > 1 and words[i + k - 1].start - words[i + k - 2].end > 1:
                continue
            key = tuple(words[i + j].text for j in range(k))
            hit = self.forms.get(key) or self.iy_forms.get(tuple(fix_iy(w) for w in key))
            if hit and all(words[i + j + 1].start - words[i + j].end <= 3 for j in range(k - 1)):
                return k, hit
        return 0, []

    def country_at(self, words: Sequence[Word], i: int) -> tuple[int, str]:
        """Longest country name starting at words[i]: (word count, ISO code)."""
        k = match_phrase(words, i, self.lex.country_phrases)
        if not k:
            return 0, ""
        if k == 1 and i > 0 and is_name_syllable(words[i - 1].text) and words[i].start - words[i - 1].end <= 1:
            after = words[i + 1].text if i + 1 < len(words) else ""
            if not (is_name_syllable(after) and looks_foreign(after)):
                return 0, ""  # "Trần Phước Anh", "Nguyễn Minh Đức": a given name, not England or Germany
            # "Bộ Công Thương Lào Khamphou Sisavath": the country, then a foreign name
        name = " ".join(words[i + j].text for j in range(k))
        return k, self.lex.countries.get(name, "")

    def lookup(self, name: str) -> list[Any]:
        """Entries whose name or alias is exactly name."""
        key = tuple(w.text for w in words_in(name, 0, len(name)))
        return self.forms.get(key) or self.iy_forms.get(tuple(fix_iy(w) for w in key), [])

    def lookup_folded(self, name: str) -> list[Any]:
        """Entries whose name folds (no case, no diacritics) to the same string."""
        return self.folded.get(fold(name), [])

    def resolve_now(self, entry: Any) -> str | None:
        """The name of the unit the place belongs to today, when it changed."""
        now = _attr(entry, "now")
        if not now:
            return None
        if isinstance(now, str) and now in self.by_id:
            now = _attr(self.by_id[now], "canonical") or _attr(self.by_id[now], "name")
        elif not isinstance(now, str):
            now = _attr(now, "canonical") or _attr(now, "name")
        canonical = _attr(entry, "canonical") or _attr(entry, "name")
        if not now:
            return None
        if now == canonical and not _attr(entry, "valid_to"):
            return None  # still the same unit
        # "thành phố Lào Cai" (the former city, now part of Lào Cai province): the unit changed
        return str(now)


DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](20\d{2})(?!\d)")
DATE_MY = re.compile(r"(?<![\d/])(\d{1,2})/(20\d{2})(?!\d)")
DATE_URL = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})\d{0,9}(?:\.html?|\.vnp|\.htm)?")
DATE_YEAR = re.compile(r"[Nn]ăm (20\d{2})(?!\d)")
PRE_REFORM_DAY = "2025-06-30"


# A page's own time stamp: a full date with a clock time, a weekday, "GMT" or "Cập nhật" next to it
# ("Thứ Sáu, 25/03/2022 16:05 (GMT+7)", "09:15 | 06/06/2024 GMT+7", "26-11-2020, 18:32").
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}(?::|h)\d{2}(?![\d/])")
_STAMP_BEFORE = re.compile(
    r"(?:\b(?:Thứ|thứ)\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|\b(?:Chủ nhật|Chủ Nhật|CN)|Cập nhật|cập nhật|Đăng|đăng|"
    r"Xuất bản|xuất bản|Ngày đăng|Published|Updated)[^\n\d]{0,20}$"
)
_STAMP_AFTER = re.compile(r"^[^\n\d]{0,20}(?:GMT|UTC)")
# Years written in a forward-looking phrase say nothing about when the article was written.
_FUTURE_BEFORE = re.compile(
    r"(?:đến|tới|trước|sau|tầm nhìn|mục tiêu|kế hoạch|dự kiến|sẽ|dịp|giai đoạn|hướng tới|chuẩn bị cho)"
    r"(?:\s+\S+){0,2}\s+$"
)
_FUTURE_AFTER = re.compile(r"^\S*(?:\s+\S+){0,3}?\s+(?:sẽ|dự kiến|tới)\b")


def _full_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every d/m/yyyy date in text."""
    out = []
    for m in DATE_DMY.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= d <= 31 and 1 <= mo <= 12:
            out.append((m.start(), m.end(), f"{y}-{mo:02d}-{d:02d}"))
    return out


def _is_stamp(text: str, start: int, end: int) -> bool:
    """A date written as the page's time stamp rather than in a sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - 24) : start]
    after = text[end : min(line_end, end + 24)]
    if _STAMP_BEFORE.search(before) or _STAMP_AFTER.match(after):
        return True
    near = before[-12:] + " " + after[:12]
    return bool(_CLOCK.search(near))


def page_date(text: str, region: tuple[int, int] | None = None,
              segments: Sequence[tuple[int, int]] | None = None) -> str | None:
    """ISO date the article was most likely written on.

    In order: the page's own time stamp (anywhere in the text: above the title, in the byline; the one
    inside the article region, else the nearest before it, else the nearest after it); the latest full
    date or URL date in the article; the latest full date anywhere; then months and years, where years
    written in forward-looking phrases ("đến năm 2030", "nhân dịp năm 2025") count only when nothing
    else is there.
    """
    region = region or (0, len(text))
    segments = list(segments) if segments is not None else [region]
    stamps = [(start, iso) for start, end, iso in _full_dates(text) if _is_stamp(text, start, end)]
    if stamps:
        def rank(stamp: tuple[int, str]) -> tuple[bool, int, int]:
            pos = stamp[0]
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            own_line = (len(text) if line_end < 0 else line_end) - line_start <= 80  # a date line, not prose
            if pos < region[0]:
                return (not own_line, 0, region[0] - pos)  # the nearest stamp above the article
            if pos < region[1]:
                return (not own_line, 1, pos - region[0])  # the first one inside it (a byline date)
            return (not own_line, 2, pos - region[1])  # the nearest one below it
        return min(stamps, key=rank)[1]
    article = "\n".join(text[s:e] for s, e in segments)
    return article_date(article) or article_date(text)


def article_date(text: str) -> str | None:
    """ISO date from dates written in text: its latest full date, else latest month, else year."""
    best = None
    for _, _, iso in _full_dates(text):
        best = max(best or iso, iso)
    for m in DATE_URL.finditer(text):
        y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            iso = f"{y}-{mo:02d}-{d:02d}"
            best = max(best or iso, iso)
    if best:
        return best
    for m in DATE_MY.finditer(text):
        mo, y = int(m.group(1)), m.group(2)
        if 1 <= mo <= 12:
            iso = f"{y}-{mo:02d}-28"
            best = max(best or iso, iso)
    if best:
        return best
    years, stated = [], []
    for m in DATE_YEAR.finditer(text):
        years.append(m.group(1))
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _FUTURE_BEFORE.search(text[max(line_start, m.start() - 40) : m.start()]):
            continue
        if _FUTURE_AFTER.match(text[m.end() : m.end() + 40]):
            continue
        stated.append(m.group(1))
    pool = stated or years
    return f"{max(pool)}-12-31" if pool else None


def _valid_on(entry: Any, day: str) -> bool:
    """The entry's validity window contains day (entries without one are always valid)."""
    vf, vt = _attr(entry, "valid_from"), _attr(entry, "valid_to")
    return not ((vf and day < vf) or (vt and day > vt))


def choose_entry(
    entries: Sequence[Any],
    unit_level: str | None = None,
    context_country: str | None = None,
    doc_countries: Counter | None = None,
    day: str | None = None,
) -> Any:
    """Pick one entry among homonyms: unit-word level, stated country, the article's date and countries, then tier."""
    day = day or PRE_REFORM_DAY

    def score(entry):
        level = _attr(entry, "level", "") or ""
        country = _attr(entry, "country", "") or ""
        s = 0.0 if _valid_on(entry, day) else -6.0
        if context_country and country == context_country:
            s += 8
        if unit_level:
            if level == unit_level:
                s += 4
            elif unit_level == "city" and level == "province":
                s += 3  # "thành phố Thượng Hải": a municipality is written as a city
            elif unit_level in ("province", "city") and level in ("district", "commune"):
                s -= 4
        if doc_countries:
            s += min(doc_countries.get(country, 0), 5) * 0.5
        s -= LEVEL_RANK.get(level, 4) * 0.9
        return s

    return max(entries, key=score)


def locality_attrs(entry: Any, matcher: PlaceMatcher) -> dict[str, Any]:
    """GUIDELINES attribute order: country, canonical, level, [now]."""
    attrs: dict[str, Any] = {
        "country": _attr(entry, "country", "") or "",
        "canonical": _attr(entry, "canonical") or _attr(entry, "name"),
        "level": _attr(entry, "level", "") or "",
    }
    now = matcher.resolve_now(entry)
    if now:
        attrs["now"] = now
    return attrs


def guessed_attrs(name: str, unit_level: str | None, country: str | None) -> dict[str, Any]:
    """Attributes for a place the gazetteer does not know: the unit word and context are all we have."""
    return {"country": country or "", "canonical": name, "level": unit_level or "city"}


@dataclass(slots=True)
class PlaceMention:
    """A place found by any source, before it becomes a Span."""

    start: int
    end: int
    entry: Any
    attrs: dict[str, Any]
    priority: int
    origin: str


# Honorifics before a personal name: "ông Frank Hà ..." is never a brand.
_HONORIFICS = frozenset({"ông", "bà", "ngài", "anh", "chị", "cô", "mr", "ms", "mrs", "tiến sĩ", "giáo sư"})
# "Yên Bái (cũ)", "Bắc Kạn cũ": the former unit, on purpose.
_FORMER_AFTER = re.compile(r"\s*\(?\s*(?:cũ|trước đây)\b")
# Unit words that name a commune-level unit after the 2025 reform (a special zone, "đặc khu Phú Quốc").
_POST_REFORM_COMMUNE_UNITS = frozenset({"đặc khu"})
# Capitalised sentence openers that never start a place's name ("Phía Hải Nam", "Cả Hải Phòng").
_OPENERS = frozenset({"phía", "cả", "toàn", "riêng", "tại", "theo", "từ", "ở", "còn", "đối với", "sau", "trước"})
# "Thu Trang/VOV-Nam Ninh": an agency's acronym glued to the place the report was filed from.
_AGENCY_DASH = re.compile(r"\b([A-ZĐ]{2,6})-(?=[^\W\d_][^\W\d_])")
def _agency_slash(m: re.Match) -> str:
    """"VOV-Nam Ninh" -> "VOV/Nam Ninh" when a capitalised name follows the acronym."""
    after = m.string[m.end() : m.end() + 2]
    return m.group(1) + ("/" if after[0].isupper() and after[1].islower() else "-")


_ROUTE_DASH = re.compile(r"[ \t]+[-–][ \t]+")
_CAPS_WORD = re.compile(r"\w+")
# Exhibition and convention centres name their city; the venue is no LOCALITY, nor the city in it
# ("Trung tâm Hội chợ Triển lãm Quốc tế Nam Ninh"), like airports.
_VENUE_NAME_BEFORE = re.compile(
    r"\b(?:[Tt]rung tâm|[Cc]ung|[Nn]hà)(?:\s+(?:[Hh]ội nghị|[Hh]ội chợ|[Tt]riển lãm|[Hh]ội thảo|[Ss]ự kiện"
    r"|[Vv]ăn hóa|[Vv]ăn hoá|[Tt]hể thao|[Qq]uốc tế|[Qq]uốc gia)){1,5}\s+$"
)


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


def recase_caps(text: str, segments: Sequence[tuple[int, int]], matcher: "PlaceMatcher") -> str:
    """text with all-capital lines in lower case, place and country names in their written case.

    Offsets do not move (each word keeps its length), so spans found in the result are spans of text.
    """
    pieces: list[tuple[int, int, str]] = []
    for seg_start, seg_end in segments:
        for a, b in _all_caps_lines(text, seg_start, seg_end):
            words = list(_CAPS_WORD.finditer(text, a, b))
            lowered = [w.group().lower() for w in words]
            if any(len(x) != len(w.group()) for x, w in zip(lowered, words)):
                continue
            cased = list(lowered)
            i = 0
            while i < len(words):
                for k in range(min(matcher.max_words, len(words) - i), 0, -1):
                    if any(words[i + j + 1].start() - words[i + j].end() > 1 for j in range(k - 1)):
                        continue
                    form = matcher.caseless_form(tuple(x.casefold() for x in lowered[i : i + k]))
                    if form is not None and all(len(f) == len(x) for f, x in zip(form, lowered[i : i + k])):
                        cased[i : i + k] = list(form)
                        i += k
                        break
                else:
                    i += 1
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


class LocalityFinder:
    """Finds LOCALITY candidates in article segments; holds the compiled matcher."""

    def __init__(self, matcher: PlaceMatcher):
        self.matcher = matcher
        self.lex = matcher.lex
        self.day: str | None = None

    # -------------------------------------------------------------- helpers
    def _following_country(self, text: str, words: Sequence[Word], j: int) -> str:
        """ISO code of a country written right after a place: "X (Trung Quốc)", "X, Trung Quốc"."""
        if j < len(words) and words[j].text in ("(", ",") and words[j].start - words[j - 1].end <= 1:
            k, code = self.matcher.country_at(words, j + 1)
            if k:
                return code
        return ""

    def _unit_before(self, words: Sequence[Word], i: int) -> tuple[int, str | None]:
        """(first word index, level) of a unit word ending right before words[i]."""
        if i == 0 or words[i].start - words[i - 1].end > 1:
            return i, None
        for back in range(min(7, i), 0, -1):
            k = match_unit(words, i - back, self.lex.unit_phrases)
            if k == back:
                phrase = " ".join(w.text for w in words[i - back : i])
                return i - back, self.lex.unit_words.get(phrase)
        return i, None

    def _post_reform_commune_unit(self, words: Sequence[Word], unit_start: int, i: int, entries: Sequence[Any]) -> bool:
        """"đặc khu X" written on or after 2025-07-01 names a Vietnamese commune-level special zone."""
        if not self.day or self.day <= PRE_REFORM_DAY or unit_start >= i:
            return False
        phrase = " ".join(w.text for w in words[unit_start:i]).casefold()
        if phrase not in _POST_REFORM_COMMUNE_UNITS:
            return False
        return any(
            (_attr(e, "level", "") or "") == "commune" and _attr(e, "country", "") == "VN" and _valid_on(e, self.day)
            for e in entries
        )

    def _successor(self, entry: Any, entries: Sequence[Any]) -> Any:
        """A bare name whose chosen unit no longer existed on the article's date ("Quy Nhơn" in 2026, a
        city dissolved on 2025-07-01): the same-country unit of that name valid then, if exactly one."""
        if not self.day or self.day <= PRE_REFORM_DAY or _valid_on(entry, self.day):
            return None
        if (_attr(entry, "level", "") or "") not in ("city", "district"):
            return None  # a merged province ("Yên Bái") is still named as the province
        country = _attr(entry, "country", "")
        valid = [e for e in entries if e is not entry and _attr(e, "country", "") == country and _valid_on(e, self.day)
                 and _attr(e, "valid_from")]
        return valid[0] if len(valid) == 1 else None

    def _venue_before(self, text: str, start: int) -> bool:
        """True when a venue word ("sân bay quốc tế", "cảng") opens the phrase before start.

        The venue word must open the phrase: "phố" closing the unit word "thành phố" is no venue, and
        a preposition after it ("tuyến đường sắt từ Hà Khẩu") ends the venue phrase: routes name places.
        """
        window = text[max(0, start - 40) : start].rstrip()
        tail_words = window.split()
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

    def _gate_before(self, text: str, start: int) -> bool:
        """True right after a border gate or airport word ("cửa khẩu quốc tế Móng Cái", "cửa khẩu Lào Cai - Hà Khẩu")."""
        gate_re = self.lex.gate_re
        return gate_re is not None and gate_re.search(text, max(0, start - 80), start) is not None

    def _abbreviation(self, start: int, end: int, canonical: str) -> PlaceMention:
        """A Vietnamese province written as an abbreviation or acronym ("TPHCM", "HCM")."""
        entries = self.matcher.lookup(canonical) or self.matcher.lookup(_strip_unit(canonical, self.lex))
        if entries:
            entry = choose_entry(entries, "province", "VN", day=self.day)
            attrs = locality_attrs(entry, self.matcher)
        else:
            entry, attrs = None, {"country": "VN", "canonical": canonical, "level": "province"}
        return PlaceMention(start, end, entry, attrs, prio.LOCALITY_UNIT, "rule")

    def _plural_unit(self, words: Sequence[Word], unit_start: int) -> bool:
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

    def _ethnic_at(self, words: Sequence[Word], i: int) -> int:
        """Words of an ethnic name right after "dân tộc" at words[i] ("dân tộc Miêu", "dân tộc Hà Nhì"), else 0."""
        if i < 2 or words[i - 1].text != "tộc" or words[i - 2].text.casefold() != "dân":
            return 0
        return match_phrase(words, i, self.lex.ethnic_phrases)

    def _unit_not_name(self, words: Sequence[Word], i: int, ku: int, entries: Sequence[Any]) -> bool:
        """At words[i] a unit word also opens a small place's name ("Châu Hồng" commune in "Châu Hồng Hà"):
        read it as the unit word when no unit word precedes it, the longer name cannot stand bare, and a
        place that fits the unit follows it."""
        if any(bare_ok(e) for e in entries) or self._unit_before(words, i)[1] is not None:
            return False
        phrase = " ".join(w.text for w in words[i : i + ku])
        level = self.lex.unit_words.get(phrase)
        k2, after = self.matcher.place_at(words, i + ku)
        fits = UNIT_FITS.get(level or "", LEVEL_RANK)
        return bool(k2) and any((_attr(e, "level", "") or "") in fits for e in after)

    @staticmethod
    def _continues_list(words: Sequence[Word], list_next: int, i: int) -> bool:
        """words[list_next:i] is a list separator: ",", "và", ", và", "cùng"."""
        if list_next < 0 or i <= list_next or i - list_next > 2:
            return False
        gap = [w.text for w in words[list_next:i]]
        return gap in ([","], ["và"], [",", "và"], ["cùng"], ["hoặc"], ["hay"])

    def _org_head(self, words: Sequence[Word], i: int, j: int) -> int:
        """Words of an organisation head opening the capitalised run words[i:j] ("Sở", "Báo"), else 0."""
        k = match_phrase(words, i, self.lex.org_heads)
        return k if k and i + k < j else 0

    def _org_place(self, words: Sequence[Word], i: int, j: int) -> PlaceMention | None:
        """A province or city that closes an organisation's name written as one capitalised run."""
        head = self._org_head(words, i, j)
        if not head or j - i > MAX_RUN + 4:
            return None
        for p in range(i + head, j):
            kp, entries = self.matcher.place_at(words, p, limit=j - p)
            if kp != j - p:
                continue
            name = " ".join(w.text for w in words[p:j])
            entries = [e for e in entries if bare_ok(e)]
            if not entries or name in self.lex.not_places:
                continue
            entry = choose_entry(entries, None, None, None, self.day)
            return PlaceMention(words[p].start, words[j - 1].end, entry, locality_attrs(entry, self.matcher),
                                prio.LOCALITY_UNIT, "gazetteer")
        return None

    @staticmethod
    def _brand_place(words: Sequence[Word], i: int, k: int, entries: Sequence[Any]) -> bool:
        """"Formosa Hà Tĩnh", "Vinfast Hải Phòng": a province closing a company name after a brand word.

        The brand must be spelt as no Vietnamese or Sino-Vietnamese personal name is (f, j, w, z or
        foreign clusters), the run must end with the province, and no honorific may precede the brand.
        """
        if not k or i < 1 or not looks_foreign(words[i - 1].text):
            return False
        if i + k < len(words) and is_name_syllable(words[i + k].text) and words[i + k].start - words[i + k - 1].end <= 1:
            return False
        if i >= 2 and words[i - 2].text.casefold() in _HONORIFICS:
            return False
        return any((_attr(e, "level", "") or "") == "province" for e in entries)

    def _brand_run_place(self, words: Sequence[Word], i: int, j: int) -> PlaceMention | None:
        """The province ending the capitalised run words[i:j] right after a brand word, if any."""
        for p in range(i + 1, j):
            kp, entries = self.matcher.place_at(words, p, limit=j - p)
            if kp != j - p or not self._brand_place(words, p, kp, entries):
                continue
            name = " ".join(w.text for w in words[p:j])
            if name in self.lex.not_places:
                return None
            entry = choose_entry([e for e in entries if _attr(e, "level", "") == "province"], None, None, None, self.day)
            return PlaceMention(words[p].start, words[j - 1].end, entry, locality_attrs(entry, self.matcher),
                                prio.LOCALITY_GAZETTEER, "gazetteer")
        return None

    def _in_route(self, text: str, words: Sequence[Word], i: int, k: int, mentions: list[PlaceMention]) -> bool:
        """A small place between two places of a route: "Nam Ninh - Bằng Tường - Đồng Đăng - Hà Nội"."""
        if not mentions or not _ROUTE_DASH.fullmatch(text[mentions[-1].end : words[i].start]):
            return False
        j = i + k
        if j + 1 >= len(words) or words[j].text not in ("-", "–"):
            return False
        if not _ROUTE_DASH.fullmatch(text[words[j - 1].end : words[j + 1].start]):
            return False
        k2, after = self.matcher.place_at(words, j + 1)
        return bool(k2) and any(bare_ok(e) for e in after)

    def _next_item_country(self, words: Sequence[Word], j: int) -> str:
        """Country of the next item of a list when the gazetteer knows it in one country only."""
        for _ in range(4):
            sep = 0
            while j + sep < len(words) and words[j + sep].text in (",", "và") and sep < 2:
                sep += 1
            if not sep:
                return ""
            k, entries = self.matcher.place_at(words, j + sep)
            if not k:
                return ""
            countries = {_attr(e, "country", "") for e in entries}
            if len(countries) == 1:
                return countries.pop() or ""
            j += sep + k
        return ""

    def _sentence_word(self, text: str, words: Sequence[Word], j: int) -> bool:
        """words[j] is a common word capitalised only because it opens a sentence or line ("Phía", "Tại")."""
        low = words[j].text.lower()
        if low == words[j].text or low not in self.lex.venue_breaks | self.lex.stoppers | _OPENERS:
            return False
        if j == 0:
            return True
        return words[j - 1].text in ".!?:;\"“(" or "\n" in text[words[j - 1].end : words[j].start]

    def _credit_name(self, text: str, words: Sequence[Word], i: int, k: int, credits) -> bool:
        """A bare place name that is a person's name: a photo credit ("Ảnh: Hà Giang") or a byline
        alone on its line at the end of the article."""
        start, end = words[i].start, words[i + k - 1].end
        if any(cs <= start < ce for cs, ce in credits):
            before = text[max(0, start - 12) : start].rstrip()
            if before.endswith((":", "/")):
                return True  # the credited name, not "VOV-Nam Ninh", where the reporter wrote from
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        return text[line_start:line_end].strip() == text[start:end] and self._closing_line(words, i + k)

    @staticmethod
    def _closing_line(words: Sequence[Word], j: int) -> bool:
        """Nothing of the article follows words[j-1]'s line (the last segment ends there)."""
        return j >= len(words)

    # ----------------------------------------------------------------- main
    def find(
        self,
        text: str,
        segments: Sequence[tuple[int, int]],
        tokens: Sequence[Any] = (),
        person_names: Iterable[str] = (),
        day: str | None = None,
    ) -> list[PlaceMention]:
        """All LOCALITY candidates in the segments (overlaps allowed; resolve.py decides)."""
        lex, matcher = self.lex, self.matcher
        self.day = day
        from annotate.preannotate.officials import credit_ranges  # officials imports this module

        text = _AGENCY_DASH.sub(_agency_slash, recase_caps(text, segments, matcher))  # same length
        credits = credit_ranges(text, segments)
        persons = set(person_names) | set(lex.officials)
        loc_tokens = [(t.start, t.end) for t in tokens if str(getattr(t, "ner", "")).endswith("LOC")]
        mentions: list[PlaceMention] = []
        doc_countries: Counter = Counter()
        pending_unknown: list[tuple[int, int, str, str | None, int, int, list[Word]]] = []

        for seg_start, seg_end in segments:
            # fused abbreviations ("TPHCM", "TP.HCM": one span), then acronyms after a separate unit
            # word ("TP HCM", "TP. HCM": the acronym only)
            for m in lex.abbreviation_re.finditer(text, seg_start, seg_end):
                mentions.append(self._abbreviation(m.start(), m.end(), lex.abbreviations[m.group()]))
            if lex.unit_acronym_re is not None:
                for m in lex.unit_acronym_re.finditer(text, seg_start, seg_end):
                    mentions.append(self._abbreviation(m.start("acr"), m.end("acr"), lex.unit_acronyms[m.group("acr")]))

            words = words_in(text, seg_start, seg_end)
            n = len(words)
            i = 0
            list_level: str | None = None  # "các huyện A, B và C": the unit of the list being read
            list_next = -1  # index right after the list's last item
            list_country = ""  # the country of the list's items: "ba tỉnh Ninh Bình, Hà Nam và Nam Định"
            while i < n:
                w = words[i]
                if not is_name_syllable(w.text):
                    i += 1
                    continue
                # countries are skipped whole so their parts are never places ("Lào Cai" is not "Lào")
                kc, _ = matcher.country_at(words, i)
                k, entries = matcher.place_at(words, i)
                if kc and kc >= k:
                    i += kc
                    continue
                if not k and self._sentence_word(text, words, i):
                    i += 1  # "Phía Hải Nam đề xuất": the opener is no part of a name run
                    continue
                ke = self._ethnic_at(words, i)
                if ke and ke >= k:
                    i += ke  # "dân tộc Miêu Văn Sơn": the ethnic name is part of the unit phrase
                    continue
                ku = match_unit(words, i, lex.unit_phrases)
                if ku and ku >= k:
                    i += ku  # "Thành phố" in "Thành ủy Thành phố Hồ Chí Minh" is a unit word, not a place
                    continue
                if ku and self._unit_not_name(words, i, ku, entries):
                    i += ku  # "Châu Hồng Hà" at a sentence start: the unit word, not the commune "Châu Hồng"
                    continue
                unit_start, unit_level = self._unit_before(words, i)
                in_list = unit_level is None and list_level is not None and self._continues_list(words, list_next, i)
                if in_list:
                    unit_level = list_level
                plural = in_list or (unit_level is not None and self._plural_unit(words, unit_start))
                left_is_name = i > 0 and is_name_syllable(words[i - 1].text) and words[i].start - words[i - 1].end <= 1
                if left_is_name and unit_level is None and self._sentence_word(text, words, i - 1):
                    left_is_name = False  # "Phía Hải Nam đề xuất": a capitalised common word opens the sentence
                if left_is_name and unit_level is None:
                    # inside a longer capitalised run ("Trần Hồng Hà"): only after "dân tộc X"
                    r = i - 1
                    while r > 0 and is_name_syllable(words[r - 1].text) and words[r].start - words[r - 1].end <= 1:
                        r -= 1
                    if not (r > 0 and words[r - 1].text == "tộc") and not self._brand_place(words, i, k, entries):
                        i += 1
                        continue
                if k and unit_level is not None and self._post_reform_commune_unit(words, unit_start, i, entries):
                    unit_level = "commune"  # "đặc khu Phú Quốc" in a 2026 article: a commune-level special zone
                if k and unit_level is not None:
                    fitting = [e for e in entries if _attr(e, "level", "") in UNIT_FITS.get(unit_level, LEVEL_RANK)]
                    if not fitting:
                        k, entries = 0, []  # "tỉnh Hồ ...": no province is called that
                    elif in_list:
                        entries = fitting
                if k and unit_level is not None and i + k < n and is_name_syllable(words[i + k].text) and (
                    words[i + k].start - words[i + k - 1].end <= 1
                    and not (i + k + 1 < n and is_name_syllable(words[i + k + 1].text))
                ):
                    k, entries = 0, []  # "Tỉnh ủy Phùng Phi": one syllable left over, so a name, not a place
                if k:
                    name = " ".join(words[i + j].text for j in range(k))
                    end = words[i + k - 1].end
                    ctx = self._following_country(text, words, i + k)
                    levels = {(_attr(e, "level", "") or "") for e in entries}
                    if name in lex.not_places:
                        i += k
                        continue
                    if unit_level is None and not any(bare_ok(e) for e in entries) and not self._in_route(
                        text, words, i, k, mentions
                    ):
                        i += k
                        continue
                    if (unit_level is None or in_list) and name in persons:
                        i += k
                        continue
                    if unit_level is None and self._credit_name(text, words, i, k, credits):
                        i += k
                        continue
                    if in_list and not ctx:
                        ctx = list_country
                    if plural and not ctx and len({_attr(e, "country", "") for e in entries}) > 1:
                        ctx = self._next_item_country(words, i + k)  # "hai tỉnh Hà Nam và Ninh Bình"
                    entry = choose_entry(entries, unit_level, ctx or None, doc_countries, self.day)
                    level = _attr(entry, "level", "")
                    if unit_level is None and not bare_ok(entry):
                        cand = [e for e in entries if bare_ok(e)] or entries  # all small: a route's stop
                        entry = choose_entry(cand, None, ctx or None, doc_countries, self.day)
                        level = _attr(entry, "level", "")
                    if unit_level is None:
                        successor = None if _FORMER_AFTER.match(text, end) else self._successor(entry, entries)
                        if successor is not None:
                            entry, level = successor, _attr(successor, "level", "")
                    if level not in BARE_LEVELS and self._venue_before(text, w.start):
                        i += k
                        continue
                    if _VENUE_NAME_BEFORE.search(text, max(0, w.start - 80), w.start):
                        i += k  # "Trung tâm Hội chợ Triển lãm Quốc tế Nam Ninh": a venue's name
                        continue
                    if (unit_level is None or in_list) and self._gate_before(text, w.start):
                        i += k  # "cửa khẩu quốc tế Móng Cái": the border gate, not the city
                        continue
                    attrs = locality_attrs(entry, matcher)
                    if attrs["country"]:
                        doc_countries[attrs["country"]] += 1
                    priority = prio.LOCALITY_UNIT if unit_level else prio.LOCALITY_GAZETTEER
                    mentions.append(PlaceMention(w.start, end, entry, attrs, priority, "gazetteer"))
                    if plural and unit_level is not None:
                        list_level, list_next = unit_level, i + k
                        list_country = attrs["country"] or list_country
                    i += k
                    continue
                # a capitalised run the gazetteer does not know
                j = i
                while j < n and is_name_syllable(words[j].text) and (j == i or words[j].start - words[j - 1].end <= 1):
                    j += 1
                place = self._org_place(words, i, j)
                if place is not None:
                    # "Sở Công Thương Cao Bằng", "Báo Lạng Sơn": the place closing an organisation's name
                    mentions.append(place)
                    if place.attrs["country"]:
                        doc_countries[place.attrs["country"]] += 1
                    i = j
                    continue
                place = self._brand_run_place(words, i, j) if unit_level is None else None
                if place is not None:
                    # "Gang thép Hưng Nghiệp Formosa Hà Tĩnh": the province closing a company's name
                    mentions.append(place)
                    if place.attrs["country"]:
                        doc_countries[place.attrs["country"]] += 1
                    i = j
                    continue
                if (unit_level is None or in_list) and self._org_head(words, i, j):
                    i = j  # an organisation's name, not a place
                    continue
                run_words = words[i:j]
                # a list item the gazetteer does not know is only linked, never guessed from the list's unit
                pending_unknown.append((words[i].start, words[j - 1].end, " ".join(x.text for x in run_words),
                                       None if in_list else unit_level, i, j, words))
                i = j

        # second pass: unknown runs (after unit words, misspellings, "X (Country)")
        doc_folded = {}
        for m in mentions:
            if m.entry is not None:
                doc_folded.setdefault(fold(text[m.start : m.end]), m.entry)
        for start, end, name, unit_level, i, j, words in pending_unknown:
            if name in lex.not_places or name in persons:
                continue
            nwords = j - i
            ctx = self._following_country(text, words, j)
            # misspelling of a place already named in this article
            entry = doc_folded.get(fold(name))
            if entry is None and unit_level and 2 <= nwords <= 3:
                entries = matcher.lookup_folded(name)
                if entries:
                    entry = choose_entry(entries, unit_level, ctx or None, doc_countries, self.day)
            if entry is None and unit_level and 2 <= nwords <= 3 and matcher.index is not None:
                entry = self._fuzzy(name, unit_level, ctx, doc_countries)
            if entry is not None and nwords <= 3:
                mentions.append(PlaceMention(start, end, entry, locality_attrs(entry, matcher),
                                             prio.LOCALITY_FUZZY if not unit_level else prio.LOCALITY_UNIT, "gazetteer"))
                continue
            if unit_level and nwords <= 3 and not self._venue_before(text, start):
                country = ctx or (doc_countries.most_common(1)[0][0] if doc_countries else "")
                mentions.append(PlaceMention(start, end, None, guessed_attrs(name, unit_level, country),
                                             prio.LOCALITY_FUZZY, "rule"))
                continue
            if ctx and nwords <= 3 and any(s <= start < e or s < end <= e for s, e in loc_tokens) and not (
                self._gate_before(text, start)
            ):
                mentions.append(PlaceMention(start, end, None, guessed_attrs(name, "city", ctx),
                                             prio.LOCALITY_CONTEXT, "model"))
        return mentions

    def _fuzzy(self, name: str, unit_level: str | None, ctx: str, doc_countries: Counter) -> Any:
        """A close gazetteer name for a run written after a unit word (typos), or None."""
        fuzzy = getattr(self.matcher.index, "fuzzy", None)
        if fuzzy is None:
            return None
        try:
            hits = fuzzy(name, limit=3, score_cutoff=90)
        except Exception:
            return None
        good = []
        for hit in hits or ():
            entry, score = (hit[0], hit[1]) if isinstance(hit, tuple) else (hit, 100)
            cand = _attr(entry, "name") or ""
            if fold(cand).split()[:1] != fold(name).split()[:1] and fold(cand)[:2] != fold(name)[:2]:
                continue
            good.append(entry)
        if not good:
            return None
        return choose_entry(good, unit_level, ctx or None, doc_countries, self.day)


def find_localities(
    text: str,
    segments: Sequence[tuple[int, int]],
    matcher: PlaceMatcher,
    tokens: Sequence[Any] = (),
    person_names: Iterable[str] = (),
    day: str | None = None,
) -> list[Candidate]:
    """LOCALITY candidates as resolve.Candidate objects."""
    finder = LocalityFinder(matcher)
    return [
        Candidate(Span(m.start, m.end, "LOCALITY", m.attrs, m.origin), m.priority)
        for m in finder.find(text, segments, tokens, person_names, day)
    ]
