"""LOCALITY candidates: gazetteer names, unit-word patterns, fused abbreviations, context and fuzzy links.

Sources, each with its own evidence level (see resolve.py):
- a name written after a unit word ("tỉnh Chiết Giang", "TP. Hồ Chí Minh",
  "Khu tự trị dân tộc Choang Quảng Tây", "Thành ủy Thượng Hải"): the span
  leaves the unit word out; a run the gazetteer does not know is still
  proposed, with attributes guessed from the unit word and the context;
- a fused abbreviation ("TPHCM", "TP.HCM"): one span;
- a bare gazetteer name at province or city level ("Giang Tô", "Hà Nội");
- "X (Nhật Bản)" / "X, Trung Quốc" where underthesea calls X a location;
- a misspelling: a capitalised run whose diacritic-free form equals a place
  already named in the article ("Trung Khánh" -> Trùng Khánh), or, after a
  unit word, a close gazetteer match.
Countries, regions and seas are never proposed; nor is a small place right
after a venue word ("sân bay quốc tế Phố Đông").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from annotate.models import Span
from annotate.preannotate import resolve as prio
from annotate.preannotate.lexicon import (
    Lexicon,
    Word,
    fold,
    is_name_syllable,
    load_lexicon,
    match_phrase,
    match_unit,
    words_in,
)
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
    """Every PlaceEntry an index holds, whatever it calls its collection."""
    if index is None:
        return []
    for name in ("entries", "places", "all_entries", "all", "_entries", "by_id"):
        value = getattr(index, name, None)
        if value is None:
            continue
        if callable(value):
            try:
                value = value()
            except TypeError:
                continue
        if isinstance(value, dict):
            value = list(value.values())
        try:
            items = list(value)
        except TypeError:
            continue
        if items:
            return items
    try:
        return list(index)
    except TypeError:
        return []


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
            hit = self.forms.get(key)
            if hit and all(words[i + j + 1].start - words[i + j].end <= 3 for j in range(k - 1)):
                return k, hit
        return 0, []

    def country_at(self, words: Sequence[Word], i: int) -> tuple[int, str]:
        """Longest country name starting at words[i]: (word count, ISO code)."""
        k = match_phrase(words, i, self.lex.country_phrases)
        if not k:
            return 0, ""
        if k == 1 and i > 0 and is_name_syllable(words[i - 1].text) and words[i].start - words[i - 1].end <= 1:
            return 0, ""  # "Trần Phước Anh", "Nguyễn Minh Đức": a given name, not England or Germany
        name = " ".join(words[i + j].text for j in range(k))
        return k, self.lex.countries.get(name, "")

    def lookup(self, name: str) -> list[Any]:
        """Entries whose name or alias is exactly name."""
        key = tuple(w.text for w in words_in(name, 0, len(name)))
        return self.forms.get(key, [])

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
        if not now or now == canonical:
            return None
        return str(now)


DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](20\d{2})(?!\d)")
DATE_MY = re.compile(r"(?<![\d/])(\d{1,2})/(20\d{2})(?!\d)")
DATE_URL = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})\d{0,9}(?:\.html?|\.vnp|\.htm)?")
DATE_YEAR = re.compile(r"năm (20\d{2})(?!\d)")
PRE_REFORM_DAY = "2025-06-30"


def article_date(text: str) -> str | None:
    """ISO date the article was most likely written on: its latest full date, else latest month or year."""
    best = None
    for m in DATE_DMY.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= d <= 31 and 1 <= mo <= 12:
            iso = f"{y}-{mo:02d}-{d:02d}"
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
    years = [m.group(1) for m in DATE_YEAR.finditer(text)]
    return f"{max(years)}-12-31" if years else None


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

    def _venue_before(self, text: str, start: int) -> bool:
        """True when a venue word ("sân bay quốc tế", "cảng") opens the phrase before start."""
        window = text[max(0, start - 30) : start].rstrip()
        tail_words = window.split()
        for n in range(1, 5):
            if len(tail_words) < n:
                break
            chunk = tail_words[-n:]
            phrase = " ".join(chunk)
            if phrase in self.lex.venue_words:
                return True
            # "sân bay quốc tế X": venue word followed by lowercase modifiers
            if chunk[0] in self.lex.venue_words or " ".join(chunk[:2]) in self.lex.venue_words:
                if all(w[:1].islower() for w in chunk[1:]):
                    return True
        return False

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
        persons = set(person_names) | set(lex.officials)
        loc_tokens = [(t.start, t.end) for t in tokens if str(getattr(t, "ner", "")).endswith("LOC")]
        mentions: list[PlaceMention] = []
        doc_countries: Counter = Counter()
        pending_unknown: list[tuple[int, int, str, str | None, int, int, list[Word]]] = []

        for seg_start, seg_end in segments:
            # fused abbreviations
            for m in lex.abbreviation_re.finditer(text, seg_start, seg_end):
                canonical = lex.abbreviations[m.group()]
                entries = matcher.lookup(canonical) or matcher.lookup(_strip_unit(canonical, lex))
                if entries:
                    entry = choose_entry(entries, "province", "VN", day=self.day)
                    attrs = locality_attrs(entry, matcher)
                else:
                    entry, attrs = None, {"country": "VN", "canonical": canonical, "level": "province"}
                mentions.append(PlaceMention(m.start(), m.end(), entry, attrs, prio.LOCALITY_UNIT, "rule"))

            words = words_in(text, seg_start, seg_end)
            n = len(words)
            i = 0
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
                ku = match_unit(words, i, lex.unit_phrases)
                if ku and ku >= k:
                    i += ku  # "Thành phố" in "Thành ủy Thành phố Hồ Chí Minh" is a unit word, not a place
                    continue
                unit_start, unit_level = self._unit_before(words, i)
                left_is_name = i > 0 and is_name_syllable(words[i - 1].text) and words[i].start - words[i - 1].end <= 1
                if left_is_name and unit_level is None:
                    # inside a longer capitalised run ("Trần Hồng Hà"): only after "dân tộc X"
                    r = i - 1
                    while r > 0 and is_name_syllable(words[r - 1].text) and words[r].start - words[r - 1].end <= 1:
                        r -= 1
                    if not (r > 0 and words[r - 1].text == "tộc"):
                        i += 1
                        continue
                if k and unit_level is not None:
                    fitting = [e for e in entries if _attr(e, "level", "") in UNIT_FITS.get(unit_level, LEVEL_RANK)]
                    if not fitting:
                        k, entries = 0, []  # "tỉnh Hồ ...": no province is called that
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
                    if unit_level is None and not any(bare_ok(e) for e in entries):
                        i += k
                        continue
                    if unit_level is None and name in persons:
                        i += k
                        continue
                    entry = choose_entry(entries, unit_level, ctx or None, doc_countries, self.day)
                    level = _attr(entry, "level", "")
                    if unit_level is None and not bare_ok(entry):
                        cand = [e for e in entries if bare_ok(e)]
                        entry = choose_entry(cand, None, ctx or None, doc_countries, self.day)
                        level = _attr(entry, "level", "")
                    if level not in BARE_LEVELS and self._venue_before(text, w.start):
                        i += k
                        continue
                    attrs = locality_attrs(entry, matcher)
                    if attrs["country"]:
                        doc_countries[attrs["country"]] += 1
                    priority = prio.LOCALITY_UNIT if unit_level else prio.LOCALITY_GAZETTEER
                    mentions.append(PlaceMention(w.start, end, entry, attrs, priority, "gazetteer"))
                    i += k
                    continue
                # a capitalised run the gazetteer does not know
                j = i
                while j < n and is_name_syllable(words[j].text) and (j == i or words[j].start - words[j - 1].end <= 1):
                    j += 1
                run_words = words[i:j]
                pending_unknown.append((words[i].start, words[j - 1].end, " ".join(x.text for x in run_words),
                                       unit_level, i, j, words))
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
            if ctx and nwords <= 3 and any(s <= start < e or s < end <= e for s, e in loc_tokens):
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
